package vault_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/components/vault"
	"github.com/secure-aca/secure-aca/internal/validation"
)

func validArgs() vault.Args {
	return vault.Args{
		ResourceGroupName: pulumi.String("rg-app-dev"),
		TenantID:          pulumi.String("00000000-0000-4000-8000-0000000000aa"),
		NamePrefix:        "kv-app-dev",
		Secrets: []vault.Secret{
			{Name: "DatabaseConnectionString", Value: pulumi.String("Server=db;Authentication=Managed Identity")},
			{Name: "ApiKey", Generated: true},
		},
		Readers: []vault.Reader{{
			Principal:   vault.Principal{Name: "api", PrincipalID: pulumi.String("00000000-0000-4000-8000-000000000001")},
			SecretNames: []string{"ApiKey"},
		}},
	}
}

func TestValidArgsPass(t *testing.T) {
	t.Parallel()
	assert.NoError(t, validArgs().WithDefaults().Validate())
}

func TestWithDefaultsFillsACopy(t *testing.T) {
	t.Parallel()
	args := validArgs()

	defaulted := args.WithDefaults()
	defaulted.Readers[0].SecretNames[0] = "Other"

	assert.Equal(t, vault.DefaultSku, defaulted.Sku)
	assert.Equal(t, vault.DefaultSoftDeleteRetentionDays, defaulted.SoftDeleteRetentionDays)
	require.NotNil(t, defaulted.PurgeProtectionEnabled)
	assert.True(t, *defaulted.PurgeProtectionEnabled, "purge protection is on unless turned off")
	assert.Equal(t, vault.DefaultGeneratedLength, defaulted.Secrets[1].Length)
	assert.Nil(t, args.PurgeProtectionEnabled, "the caller's args keep their values")
	assert.Zero(t, args.Secrets[1].Length)
	assert.Equal(t, "ApiKey", args.Readers[0].SecretNames[0])
}

func TestValidateReportsEveryBadValueAtItsSchemaPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		edit       func(a *vault.Args)
		path, want string
	}{
		{
			name: "no resource group", edit: func(a *vault.Args) { a.ResourceGroupName = nil },
			path: "resourceGroupName", want: "is required",
		},
		{name: "no tenant", edit: func(a *vault.Args) { a.TenantID = nil }, path: "tenantId", want: "is required"},
		{
			name: "no name prefix", edit: func(a *vault.Args) { a.NamePrefix = "" },
			path: "namePrefix", want: `"" is not allowed; allowed: 1 to 18 letters, digits and hyphens`,
		},
		{
			name: "name prefix starting with a digit", edit: func(a *vault.Args) { a.NamePrefix = "1kv" },
			path: "namePrefix", want: `"1kv" is not allowed`,
		},
		{
			name: "name prefix with a double hyphen", edit: func(a *vault.Args) { a.NamePrefix = "kv--app" },
			path: "namePrefix", want: `"kv--app" is not allowed`,
		},
		{
			name: "name prefix too long", edit: func(a *vault.Args) { a.NamePrefix = "kv-application-dev" + "x" },
			path: "namePrefix", want: "is not allowed; allowed: 1 to 18",
		},
		{
			name: "unknown sku", edit: func(a *vault.Args) { a.Sku = "gold" },
			path: "sku", want: `"gold" is not allowed; allowed: standard, premium`,
		},
		{
			name: "retention below Azure's minimum", edit: func(a *vault.Args) { a.SoftDeleteRetentionDays = 6 },
			path: "softDeleteRetentionDays", want: "6 is not allowed; allowed: 7 to 90",
		},
		{
			name: "retention above Azure's maximum", edit: func(a *vault.Args) { a.SoftDeleteRetentionDays = 91 },
			path: "softDeleteRetentionDays", want: "91 is not allowed; allowed: 7 to 90",
		},
		{
			name: "secret name with an underscore", edit: func(a *vault.Args) { a.Secrets[0].Name = "Db_Password" },
			path: "secrets[0].name", want: `key vault secret name "Db_Password" is not allowed`,
		},
		{
			name: "secret names differing only in case",
			edit: func(a *vault.Args) { a.Secrets = append(a.Secrets, vault.Secret{Name: "apikey", Generated: true}) },
			path: "secrets[2].name", want: `"apikey" is already used by "ApiKey"`,
		},
		{
			name: "secret both supplied and generated", edit: func(a *vault.Args) { a.Secrets[1].Value = pulumi.String("x") },
			path: "secrets[1]", want: `"ApiKey" sets both ` + "`value` and `generated`",
		},
		{
			name: "secret without a value", edit: func(a *vault.Args) { a.Secrets[0].Value = nil },
			path: "secrets[0]", want: `"DatabaseConnectionString" needs ` + "`value` or `generated: true`",
		},
		{
			name: "generated secret too short", edit: func(a *vault.Args) { a.Secrets[1].Length = 15 },
			path: "secrets[1].length", want: "15 is not allowed; allowed: 16 to 256",
		},
		{
			name: "generated secret too long", edit: func(a *vault.Args) { a.Secrets[1].Length = 257 },
			path: "secrets[1].length", want: "257 is not allowed; allowed: 16 to 256",
		},
		{
			name: "length of a supplied secret", edit: func(a *vault.Args) { a.Secrets[0].Length = 32 },
			path: "secrets[0].length", want: "applies only to generated secrets",
		},
		{
			name: "reader of no secret", edit: func(a *vault.Args) { a.Readers[0].SecretNames = nil },
			path: "readers[0].secretNames", want: "is required",
		},
		{
			name: "reader of an unknown secret", edit: func(a *vault.Args) { a.Readers[0].SecretNames = []string{"Nope"} },
			path: "readers[0].secretNames", want: `"Nope" is not one of ` + "`secrets`",
		},
		{
			name: "reader name with capitals", edit: func(a *vault.Args) { a.Readers[0].Name = "API" },
			path: "readers[0].name", want: `name "API" is not allowed`,
		},
		{
			name: "reader without a principal id", edit: func(a *vault.Args) { a.Readers[0].PrincipalID = nil },
			path: "readers[0].principalId", want: "is required",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := validArgs()
			tc.edit(&args)

			err := args.WithDefaults().Validate()

			require.Error(t, err)
			assert.Contains(t, validation.MessagesAt(err, tc.path), tc.want, "problems: %v", err)
		})
	}
}
