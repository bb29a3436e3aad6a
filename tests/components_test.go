package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/components/environment"
	"github.com/secure-aca/secure-aca/components/registry"
	"github.com/secure-aca/secure-aca/components/vault"
	"github.com/secure-aca/secure-aca/offline"
)

func TestComponentsRefuseInvalidArgsBeforeRegisteringAnything(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// create builds the component from args that break two rules; want names both problems.
		create func(ctx *pulumi.Context) error
		want   []string
	}{
		{
			name: "SecureRegistry",
			create: func(ctx *pulumi.Context) error {
				_, err := registry.NewSecureRegistry(ctx, "registry", registry.Args{NamePrefix: "acr-x", Sku: "Gold"})
				return err
			},
			want: []string{`validating SecureRegistry "registry"`, "resourceGroupName: is required", "sku: "},
		},
		{
			name: "SecretVault",
			create: func(ctx *pulumi.Context) error {
				_, err := vault.NewSecretVault(ctx, "vault", vault.Args{NamePrefix: "kv", SoftDeleteRetentionDays: 3})
				return err
			},
			want: []string{`validating SecretVault "vault"`, "tenantId: is required", "softDeleteRetentionDays: 3"},
		},
		{
			name: "AppEnvironment",
			create: func(ctx *pulumi.Context) error {
				_, err := environment.NewAppEnvironment(ctx, "environment", environment.Args{
					BaseName: "app-dev", LogRetentionDays: 7, Internal: true,
				})
				return err
			},
			want: []string{`validating AppEnvironment "environment"`, "logRetentionDays: 7", "internal: needs"},
		},
		{
			name: "SecureContainerApp",
			create: func(ctx *pulumi.Context) error {
				_, err := containerapp.NewSecureContainerApp(ctx, "api", containerapp.Args{AppName: "api", CPU: 0.3})
				return err
			},
			want: []string{`validating SecureContainerApp "api"`, "image: is required", "cpu: 0.3"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			monitor := offline.NewMonitor(project, "dev")

			err := pulumi.RunErr(tc.create, pulumi.WithMocks(project, "dev", monitor))

			require.Error(t, err)
			for _, want := range tc.want {
				assert.Contains(t, err.Error(), want)
			}
			assert.Empty(t, monitor.Resources(), "nothing is registered, not even the component")
		})
	}
}
