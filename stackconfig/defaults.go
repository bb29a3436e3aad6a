package stackconfig

import (
	"strconv"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/components/environment"
	"github.com/secure-aca/secure-aca/components/registry"
	"github.com/secure-aca/secure-aca/components/vault"
)

// Defaults for the stack config. This is the one place they live: Pulumi.yaml documents the same values, and a
// test keeps the two in sync (the Pulumi CLI applies Pulumi.yaml defaults, but Pulumi's mocks never see them).
const (
	// DefaultWorkload is the short name of the workload in every resource name.
	DefaultWorkload = "aca"
	// DefaultPurpose fills the purpose tag.
	DefaultPurpose = "microservices"
	// DefaultLogRetentionDays is the retention included in the Log Analytics price.
	DefaultLogRetentionDays = environment.DefaultLogRetentionDays
	// DefaultRegistrySku is Standard: Basic is sized for learning, Premium adds network isolation.
	DefaultRegistrySku = registry.DefaultSku
	// DefaultVaultSku is standard; premium only adds HSM keys.
	DefaultVaultSku = vault.DefaultSku
	// DefaultSoftDeleteRetentionDays is Azure's maximum, the longest recovery window.
	DefaultSoftDeleteRetentionDays = vault.DefaultSoftDeleteRetentionDays
	// DefaultPurgeProtectionEnabled is on: a production vault must never be purged by accident.
	DefaultPurgeProtectionEnabled = true
	// DefaultCPU is the app size when none is given; memory defaults to twice the CPU in Gi, the combination
	// the consumption plan offers.
	DefaultCPU = containerapp.DefaultCPU
	// DefaultTargetPort is the port this repository's services listen on.
	DefaultTargetPort = containerapp.DefaultTargetPort
	// DefaultMinReplicas keeps one replica warm.
	DefaultMinReplicas = containerapp.DefaultMinReplicas
	// DefaultMaxReplicas is Azure's own default.
	DefaultMaxReplicas = containerapp.DefaultMaxReplicas
	// DefaultRevisionMode keeps one active revision.
	DefaultRevisionMode = containerapp.RevisionModeSingle
)

// applyDefaults fills every unset optional value. It runs after decoding and before validation.
func (c *Config) applyDefaults() {
	if c.Environment == "" {
		c.Environment = c.Stack
	}
	if c.Workload == "" {
		c.Workload = DefaultWorkload
	}
	if c.Purpose == "" {
		c.Purpose = DefaultPurpose
	}
	if c.LogRetentionDays == 0 {
		c.LogRetentionDays = DefaultLogRetentionDays
	}
	if c.Registry.Sku == "" {
		c.Registry.Sku = DefaultRegistrySku
	}
	if c.Vault.Sku == "" {
		c.Vault.Sku = DefaultVaultSku
	}
	if c.Vault.SoftDeleteRetentionDays == 0 {
		c.Vault.SoftDeleteRetentionDays = DefaultSoftDeleteRetentionDays
	}
	if c.Vault.PurgeProtectionEnabled == nil {
		on := DefaultPurgeProtectionEnabled
		c.Vault.PurgeProtectionEnabled = &on
	}
	for i := range c.Apps {
		c.Apps[i].applyDefaults()
	}
	c.applyGatewayDefaults()
	c.applyExtrasDefaults()
}

func (a *App) applyDefaults() {
	if a.CPU == 0 {
		a.CPU = DefaultCPU
	}
	if a.Memory == "" {
		a.Memory = strconv.FormatFloat(2*a.CPU, 'f', -1, 64) + "Gi"
	}
	if a.MinReplicas == nil {
		minimum := DefaultMinReplicas
		a.MinReplicas = &minimum
	}
	if a.MaxReplicas == 0 {
		a.MaxReplicas = DefaultMaxReplicas
	}
	if a.Ingress != nil && a.Ingress.TargetPort == 0 {
		a.Ingress.TargetPort = DefaultTargetPort
	}
	if a.Revisions.Mode == "" {
		a.Revisions.Mode = DefaultRevisionMode
	}
	if a.Image.Digest != "" && a.Image.Repository == "" {
		a.Image.Repository = a.Name
	}
}
