package main

import (
	"context"
	"encoding/json"
	"fmt"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/components/environment"
	"github.com/secure-aca/secure-aca/components/registry"
	"github.com/secure-aca/secure-aca/components/vault"
)

// The package's identity. Name prefixes every resource token, so it must match the components' Token
// constants ("secureaca:index:..."); Version is the version the schema and generated SDKs carry.
const (
	Name    = "secureaca"
	Version = "0.1.0"
)

// newProvider serves the four components. Each is built by the same constructor a Go program calls; vault and
// containerapp take their schema form of Args, which converts to Args before anything is created.
func newProvider() (p.Provider, error) {
	provider, err := infer.NewProviderBuilder().
		WithDisplayName("Secure Azure Container Apps").
		WithDescription("Secure-by-default building blocks for microservices on Azure Container Apps: a container "+
			"registry, a Key Vault, a managed environment with its monitoring, and container apps that run as "+
			"their own managed identities.").
		WithKeywords("azure", "container-apps", "category/cloud", "kind/component").
		WithComponents(
			infer.ComponentF(registry.NewSecureRegistry),
			infer.ComponentF(newSecretVault),
			infer.ComponentF(environment.NewAppEnvironment),
			infer.ComponentF(newSecureContainerApp),
		).
		Build()
	if err != nil {
		return p.Provider{}, fmt.Errorf("building the %s provider: %w", Name, err)
	}
	return provider, nil
}

func newSecretVault(ctx *pulumi.Context, name string, args vault.SchemaArgs, opts ...pulumi.ResourceOption,
) (*vault.SecretVault, error) {
	return vault.NewSecretVault(ctx, name, args.ToArgs(), opts...)
}

func newSecureContainerApp(ctx *pulumi.Context, name string, args containerapp.SchemaArgs,
	opts ...pulumi.ResourceOption,
) (*containerapp.SecureContainerApp, error) {
	return containerapp.NewSecureContainerApp(ctx, name, args.ToArgs(), opts...)
}

// packageSchema returns the package schema as indented JSON with a final newline, the form committed as
// docs/schema.json.
func packageSchema(ctx context.Context) ([]byte, error) {
	provider, err := newProvider()
	if err != nil {
		return nil, err
	}
	spec, err := p.GetSchema(ctx, Name, Version, provider)
	if err != nil {
		return nil, fmt.Errorf("generating the %s schema: %w", Name, err)
	}
	out, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the %s schema: %w", Name, err)
	}
	return append(out, '\n'), nil
}
