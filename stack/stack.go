// Package stack composes the whole deployment from a validated stack config: the resource group, the
// environment with its monitoring, the registry, the vault, the images and the apps. main.go, the offline
// preview and the tests all run the same Program.
package stack

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi-docker/sdk/v4/go/docker"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/components/environment"
	"github.com/secure-aca/secure-aca/components/network"
	"github.com/secure-aca/secure-aca/components/registry"
	"github.com/secure-aca/secure-aca/components/vault"
	"github.com/secure-aca/secure-aca/internal/acrauth"
	"github.com/secure-aca/secure-aca/internal/apim"
	"github.com/secure-aca/secure-aca/stackconfig"
)

// Options choose how the program reaches the outside world.
type Options struct {
	// Exchanger trades Entra tokens for registry refresh tokens when images are pushed. Required when an app
	// builds its image.
	Exchanger acrauth.Exchanger
	// ProjectDir is the folder that holds Pulumi.yaml; build contexts are relative to it. Default ".".
	ProjectDir string
}

// Program returns the Pulumi program for config values: it loads and validates the config, then declares the
// stack. An invalid config fails before any resource is registered.
func Program(values stackconfig.Values, options Options) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		projectDir := options.ProjectDir
		if projectDir == "" {
			projectDir = "."
		}
		values := values.WithEncryptedPathsFrom(filepath.Join(projectDir, "Pulumi."+ctx.Stack()+".yaml"))
		cfg, err := stackconfig.Load(ctx.Project(), ctx.Stack(), values)
		if err != nil {
			return err
		}
		if err := cfg.CheckFiles(os.DirFS(projectDir)); err != nil {
			return fmt.Errorf("invalid config for stack %q:\n%w", ctx.Stack(), err)
		}
		_, err = Deploy(ctx, cfg, options)
		return err
	}
}

// Stack holds what Deploy created, for callers and tests.
type Stack struct {
	ResourceGroup *resources.ResourceGroup
	Network       *network.PrivateNetwork
	Environment   *environment.AppEnvironment
	Registry      *registry.SecureRegistry
	Vault         *vault.SecretVault
	Images        map[string]*docker.Image
	Apps          map[string]*containerapp.SecureContainerApp
	Gateway       *apim.Gateway
}

// Deploy declares every resource of the stack described by cfg and exports the stack outputs.
func Deploy(ctx *pulumi.Context, cfg *stackconfig.Config, options Options) (*Stack, error) {
	client, err := authorization.GetClientConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the deploying identity's tenant from the azure-native provider: %w", err)
	}
	location := pulumi.String(cfg.Location)
	stack := &Stack{Images: map[string]*docker.Image{}, Apps: map[string]*containerapp.SecureContainerApp{}}

	stack.ResourceGroup, err = resources.NewResourceGroup(ctx, "resource-group", &resources.ResourceGroupArgs{
		ResourceGroupName: pulumi.String(cfg.ResourceGroupName()),
		Location:          location,
		Tags:              pulumi.ToStringMap(cfg.BaseTags()),
	}, pulumi.Protect(cfg.ProtectStatefulResources))
	if err != nil {
		return nil, fmt.Errorf("creating the resource group: %w", err)
	}
	groupName := stack.ResourceGroup.Name

	environmentWiring := stackconfig.EnvironmentWiring{ResourceGroupName: groupName, Location: location}
	registryWiring := stackconfig.RegistryWiring{ResourceGroupName: groupName, Location: location}
	vaultWiring := stackconfig.VaultWiring{
		ResourceGroupName: groupName,
		Location:          location,
		TenantID:          pulumi.String(client.TenantId),
	}
	if cfg.Network != nil {
		stack.Network, err = network.NewPrivateNetwork(ctx, "network",
			cfg.NetworkArgs(stackconfig.NetworkWiring{ResourceGroupName: groupName, Location: location}))
		if err != nil {
			return nil, err
		}
		environmentWiring.InfrastructureSubnetID = stack.Network.InfrastructureSubnetID
		vaultWiring.PrivateEndpoint = &vault.PrivateEndpoint{
			SubnetID:  stack.Network.PrivateEndpointSubnetID,
			DNSZoneID: stack.Network.DNSZoneID(network.ZoneKeyVault),
		}
		if cfg.RegistryPrivateEndpoint() {
			registryWiring.PrivateEndpoint = &registry.PrivateEndpoint{
				SubnetID:  stack.Network.PrivateEndpointSubnetID,
				DNSZoneID: stack.Network.DNSZoneID(network.ZoneRegistry),
			}
		}
	}

	var daprIdentity *managedidentity.UserAssignedIdentity
	if daprNeedsIdentity(cfg) {
		daprIdentity, err = newDaprIdentity(ctx, cfg, groupName, location)
		if err != nil {
			return nil, err
		}
		environmentWiring.IdentityIDs = []pulumi.StringInput{daprIdentity.ID().ToStringOutput()}
	}

	stack.Environment, err = environment.NewAppEnvironment(ctx, "environment", cfg.EnvironmentArgs(environmentWiring))
	if err != nil {
		return nil, err
	}

	registryWiring.LogAnalyticsWorkspaceID = stack.Environment.WorkspaceID
	stack.Registry, err = registry.NewSecureRegistry(ctx, "registry", cfg.RegistryArgs(registryWiring))
	if err != nil {
		return nil, err
	}

	var gatewaySecret *random.RandomPassword
	if cfg.Gateway != nil {
		gatewaySecret, err = random.NewRandomPassword(ctx, "gateway-secret", &random.RandomPasswordArgs{
			Length:  pulumi.Int(48),
			Special: pulumi.Bool(false),
		})
		if err != nil {
			return nil, fmt.Errorf("generating the gateway's shared secret: %w", err)
		}
		vaultWiring.GatewaySecret = gatewaySecret.Result
	}

	vaultWiring.LogAnalyticsWorkspaceID = stack.Environment.WorkspaceID
	vaultWiring.TelemetryConnectionString = stack.Environment.ConnectionString
	stack.Vault, err = vault.NewSecretVault(ctx, "vault", cfg.VaultArgs(vaultWiring))
	if err != nil {
		return nil, err
	}

	for i, app := range cfg.Apps {
		image, err := appImage(ctx, cfg, app, stack, client.TenantId, options)
		if err != nil {
			return nil, err
		}
		wiring := stackconfig.AppWiring{
			ResourceGroupName: groupName,
			Location:          location,
			EnvironmentID:     stack.Environment.EnvironmentID,
			DefaultDomain:     stack.Environment.DefaultDomain,
			Image:             image,
			SecretURI: func(name string) pulumi.StringInput {
				return stack.Vault.SecretURIs.MapIndex(pulumi.String(name))
			},
			// The grant's scope comes from its own secret, so that each grant depends on exactly the secret it
			// covers rather than on every secret in the vault.
			SecretID: func(name string) pulumi.StringInput {
				return stack.Vault.SecretResources[name].ID().ToStringOutput()
			},
			InitImage:     func(image string) pulumi.StringInput { return pulumi.String(image) },
			ActionGroupID: stack.Environment.ActionGroupID,
		}
		if app.Image.Public == "" {
			wiring.RegistryServer = stack.Registry.LoginServer
			wiring.RegistryID = stack.Registry.ID
		}
		stack.Apps[app.Name], err = containerapp.NewSecureContainerApp(ctx, app.Name, cfg.AppArgs(i, wiring))
		if err != nil {
			return nil, err
		}
	}

	if len(cfg.DaprComponents) > 0 {
		if err := newDaprComponents(ctx, cfg, stack, daprIdentity); err != nil {
			return nil, err
		}
	}
	if cfg.Budget != nil {
		if err := newBudget(ctx, cfg, stack); err != nil {
			return nil, err
		}
	}

	if cfg.Gateway != nil {
		stack.Gateway, err = apim.NewGateway(ctx, "gateway", cfg.GatewayArgs(stackconfig.GatewayWiring{
			ResourceGroupName: groupName,
			Location:          location,
			BackendURL:        stack.Apps[cfg.Gateway.App].URL,
			SharedSecret:      gatewaySecret.Result,
		}))
		if err != nil {
			return nil, err
		}
	}

	exportOutputs(ctx, cfg, stack)
	return stack, nil
}

// appImage returns the pinned image reference an app runs.
func appImage(ctx *pulumi.Context, cfg *stackconfig.Config, app stackconfig.App, stack *Stack, tenantID string,
	options Options,
) (pulumi.StringInput, error) {
	switch {
	case app.Image.Public != "":
		return pulumi.String(app.Image.Public), nil
	case app.Image.Digest != "":
		return pulumi.Sprintf("%s/%s@%s", stack.Registry.LoginServer, app.Image.Repository, app.Image.Digest), nil
	}

	credentials, err := acrauth.PushCredentials(ctx, stack.Registry.LoginServer, tenantID, options.Exchanger)
	if err != nil {
		return nil, fmt.Errorf("building the image of app %q: %w", app.Name, err)
	}
	build := app.Image.Build
	image, err := docker.NewImage(ctx, app.Name+"-image", &docker.ImageArgs{
		ImageName: pulumi.Sprintf("%s/%s:%s", stack.Registry.LoginServer, app.Name, cfg.Environment),
		Build: &docker.DockerBuildArgs{
			Context:    pulumi.String(build.Context),
			Dockerfile: pulumi.String(build.Dockerfile),
			Platform:   pulumi.String("linux/amd64"),
			Args:       pulumi.ToStringMap(build.Args),
		},
		Registry: &docker.RegistryArgs{
			Server:   credentials.Server,
			Username: credentials.Username,
			Password: credentials.Password,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("building the image of app %q: %w", app.Name, err)
	}
	stack.Images[app.Name] = image
	// The digest reference changes exactly when the pushed image changes, so a new build rolls out a new
	// revision and an unchanged one leaves the app alone.
	return image.RepoDigest, nil
}

func exportOutputs(ctx *pulumi.Context, cfg *stackconfig.Config, stack *Stack) {
	ctx.Export("resourceGroupName", stack.ResourceGroup.Name)
	ctx.Export("environmentId", stack.Environment.EnvironmentID)
	ctx.Export("environmentDefaultDomain", stack.Environment.DefaultDomain)
	ctx.Export("logAnalyticsWorkspaceId", stack.Environment.WorkspaceID)
	ctx.Export("registryName", stack.Registry.Name)
	ctx.Export("registryLoginServer", stack.Registry.LoginServer)
	ctx.Export("vaultName", stack.Vault.Name)
	ctx.Export("vaultUri", stack.Vault.VaultURI)

	apps := pulumi.Map{}
	for _, app := range cfg.Apps {
		created := stack.Apps[app.Name]
		apps[app.Name] = pulumi.Map{
			"url":                 created.URL,
			"fqdn":                created.FQDN,
			"latestRevisionName":  created.LatestRevisionName,
			"identityClientId":    created.IdentityClientID,
			"identityPrincipalId": created.IdentityPrincipalID,
		}
	}
	ctx.Export("apps", apps)
	if stack.Gateway != nil {
		ctx.Export("gatewayUrl", stack.Gateway.GatewayURL)
		ctx.Export("apiUrl", stack.Gateway.APIURL)
	}
}
