package registry_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/components/registry"
	"github.com/secure-aca/secure-aca/internal/validation"
)

func validArgs() registry.Args {
	return registry.Args{
		ResourceGroupName: pulumi.String("rg-app-dev"),
		NamePrefix:        "acrappdev",
		PushPrincipals: []registry.Principal{
			{Name: "pipeline", PrincipalID: pulumi.String("00000000-0000-4000-8000-000000000001")},
		},
		Webhooks: []registry.Webhook{
			{Name: "deployonpush", ServiceURI: pulumi.String("https://deploy.example.com/hook")},
		},
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
	defaulted.Webhooks[0].Actions[0] = "delete"

	assert.Equal(t, registry.DefaultSku, defaulted.Sku)
	assert.Equal(t, "ServicePrincipal", defaulted.PushPrincipals[0].PrincipalType)
	assert.Empty(t, args.Sku, "the caller's args keep their values")
	assert.Empty(t, args.PushPrincipals[0].PrincipalType)
	assert.Nil(t, args.Webhooks[0].Actions)
}

func TestValidateReportsEveryBadValueAtItsSchemaPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		edit       func(a *registry.Args)
		path, want string
	}{
		{
			name: "no resource group", edit: func(a *registry.Args) { a.ResourceGroupName = nil },
			path: "resourceGroupName", want: "is required",
		},
		{
			name: "no name prefix", edit: func(a *registry.Args) { a.NamePrefix = "" },
			path: "namePrefix", want: `"" is not allowed; allowed: 1 to 44 letters and digits`,
		},
		{
			name: "name prefix with a hyphen", edit: func(a *registry.Args) { a.NamePrefix = "acr-app" },
			path: "namePrefix", want: `"acr-app" is not allowed`,
		},
		{
			name: "name prefix too long", edit: func(a *registry.Args) { a.NamePrefix = strings.Repeat("a", 45) },
			path: "namePrefix", want: "is not allowed; allowed: 1 to 44",
		},
		{
			name: "unknown sku", edit: func(a *registry.Args) { a.Sku = "Gold" },
			path: "sku", want: `"Gold" is not allowed; allowed: Basic, Standard, Premium`,
		},
		{
			name: "anonymous pull on Basic", edit: func(a *registry.Args) { a.Sku, a.AnonymousPullEnabled = "Basic", true },
			path: "anonymousPullEnabled", want: "needs the Standard or Premium tier, not Basic",
		},
		{
			name: "zone redundancy below Premium", edit: func(a *registry.Args) { a.ZoneRedundant = true },
			path: "zoneRedundant", want: `needs the Premium tier, not "Standard"`,
		},
		{
			name: "principal name with capitals", edit: func(a *registry.Args) { a.PushPrincipals[0].Name = "Pipeline" },
			path: "pushPrincipals[0].name", want: `name "Pipeline" is not allowed`,
		},
		{
			name: "principal named twice",
			edit: func(a *registry.Args) {
				a.PullPrincipals = []registry.Principal{
					{Name: "reader", PrincipalID: pulumi.String("a")},
					{Name: "reader", PrincipalID: pulumi.String("b")},
				}
			},
			path: "pullPrincipals[1].name", want: `"reader" is used twice`,
		},
		{
			name: "principal without an id", edit: func(a *registry.Args) { a.PushPrincipals[0].PrincipalID = nil },
			path: "pushPrincipals[0].principalId", want: "is required",
		},
		{
			name: "unknown principal type", edit: func(a *registry.Args) { a.PushPrincipals[0].PrincipalType = "Robot" },
			path: "pushPrincipals[0].principalType", want: `"Robot" is not allowed; allowed: ServicePrincipal, User, Group`,
		},
		{
			name: "webhook name too short", edit: func(a *registry.Args) { a.Webhooks[0].Name = "hook" },
			path: "webhooks[0].name", want: `registry webhook name "hook" has 4 characters; allowed: 5 to 50`,
		},
		{
			name: "webhook named twice regardless of case",
			edit: func(a *registry.Args) {
				a.Webhooks = append(a.Webhooks, registry.Webhook{Name: "DeployOnPush", ServiceURI: pulumi.String("x")})
			},
			path: "webhooks[1].name", want: `"DeployOnPush" is used twice`,
		},
		{
			name: "webhook without a service", edit: func(a *registry.Args) { a.Webhooks[0].ServiceURI = nil },
			path: "webhooks[0].serviceUri", want: "is required",
		},
		{
			name: "webhook on an unknown event", edit: func(a *registry.Args) { a.Webhooks[0].Actions = []string{"pull"} },
			path: "webhooks[0].actions", want: `"pull" is not allowed; allowed: push, delete`,
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
