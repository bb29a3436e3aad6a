package stackconfig

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/components/environment"
	"github.com/secure-aca/secure-aca/components/registry"
	"github.com/secure-aca/secure-aca/components/vault"
)

// Environment variables the stack sets on every app, so a service knows where it runs.
const (
	EnvEnvironment = "ENVIRONMENT"
	EnvPort        = "PORT"
)

// Names the stack gives Azure resources. Each follows the Cloud Adoption Framework abbreviation for its type.

// ResourceGroupName is the stack's resource group.
func (c *Config) ResourceGroupName() string {
	return fmt.Sprintf("rg-%s-%s", c.Workload, c.Environment)
}

// BaseName is the shared part of the environment's resource names.
func (c *Config) BaseName() string { return fmt.Sprintf("%s-%s", c.Workload, c.Environment) }

// RegistryNamePrefix starts the registry name; the registry adds a random suffix.
func (c *Config) RegistryNamePrefix() string { return "acr" + c.Workload + c.Environment }

// VaultNamePrefix starts the vault name; the vault adds "-" and a random suffix.
func (c *Config) VaultNamePrefix() string { return fmt.Sprintf("kv-%s-%s", c.Workload, c.Environment) }

// BaseTags are the tags every resource carries: the config's tags plus purpose, environment, owner and the
// tool that manages it.
func (c *Config) BaseTags() map[string]string {
	tags := map[string]string{}
	for key, value := range c.Tags {
		tags[key] = value
	}
	tags["purpose"] = c.Purpose
	tags["environment"] = c.Environment
	tags["owner"] = c.Owner
	tags["managed-by"] = "pulumi"
	tags["pulumi-project"] = c.Project
	tags["pulumi-stack"] = c.Stack
	return tags
}

// reservedTags are set by the stack and cannot be set through `tags`.
var reservedTags = []string{"purpose", "environment", "owner", "managed-by", "pulumi-project", "pulumi-stack"}

// RegistryWiring carries the values the registry needs from other resources.
type RegistryWiring struct {
	ResourceGroupName       pulumi.StringInput
	Location                pulumi.StringInput
	LogAnalyticsWorkspaceID pulumi.StringInput
	// PrivateEndpoint is set when the registry gets one (see RegistryPrivateEndpoint).
	PrivateEndpoint *registry.PrivateEndpoint
}

// RegistryArgs returns the SecureRegistry args for this config.
func (c *Config) RegistryArgs(w RegistryWiring) registry.Args {
	args := registry.Args{
		ResourceGroupName:           w.ResourceGroupName,
		Location:                    w.Location,
		NamePrefix:                  c.RegistryNamePrefix(),
		Sku:                         c.Registry.Sku,
		AdminUserEnabled:            c.Registry.AdminUserEnabled,
		AnonymousPullEnabled:        c.Registry.AnonymousPullEnabled,
		ZoneRedundant:               c.Registry.ZoneRedundant,
		LogAnalyticsWorkspaceID:     w.LogAnalyticsWorkspaceID,
		PrivateEndpoint:             w.PrivateEndpoint,
		PublicNetworkAccessDisabled: !c.Registry.publicNetworkAccess(),
		Protected:                   c.ProtectStatefulResources,
		Tags:                        c.BaseTags(),
	}
	for _, principal := range c.Registry.PushPrincipals {
		args.PushPrincipals = append(args.PushPrincipals, registry.Principal{
			Name:          principal.Name,
			PrincipalID:   pulumi.String(principal.PrincipalID),
			PrincipalType: principal.PrincipalType,
		})
	}
	for _, hook := range c.Registry.Webhooks {
		webhook := registry.Webhook{
			Name:       hook.Name,
			ServiceURI: pulumi.ToSecret(pulumi.String(hook.ServiceURI.Value())).(pulumi.StringOutput),
			Actions:    hook.Actions,
			Scope:      hook.Scope,
		}
		if len(hook.CustomHeaders) > 0 {
			headers := pulumi.StringMap{}
			for name, value := range hook.CustomHeaders {
				headers[name] = pulumi.String(value.Value())
			}
			webhook.CustomHeaders = pulumi.ToSecret(headers).(pulumi.StringMapOutput)
		}
		args.Webhooks = append(args.Webhooks, webhook)
	}
	return args
}

// TelemetryVaultSecret is the vault secret in which the stack keeps the Application Insights connection string,
// so that apps read it by Key Vault reference like every other secret.
const TelemetryVaultSecret = "ApplicationInsightsConnectionString"

// VaultWiring carries the values the vault needs from other resources.
type VaultWiring struct {
	ResourceGroupName       pulumi.StringInput
	Location                pulumi.StringInput
	TenantID                pulumi.StringInput
	LogAnalyticsWorkspaceID pulumi.StringInput
	// TelemetryConnectionString becomes the TelemetryVaultSecret.
	TelemetryConnectionString pulumi.StringInput
	// PrivateEndpoint is set when the stack has a network.
	PrivateEndpoint *vault.PrivateEndpoint
	// GatewaySecret becomes the GatewayVaultSecret when the stack has a gateway.
	GatewaySecret pulumi.StringInput
}

// VaultArgs returns the SecretVault args for this config. Every secret value is a Pulumi secret.
func (c *Config) VaultArgs(w VaultWiring) vault.Args {
	args := vault.Args{
		ResourceGroupName:           w.ResourceGroupName,
		Location:                    w.Location,
		TenantID:                    w.TenantID,
		NamePrefix:                  c.VaultNamePrefix(),
		Sku:                         c.Vault.Sku,
		SoftDeleteRetentionDays:     c.Vault.SoftDeleteRetentionDays,
		PurgeProtectionEnabled:      c.Vault.PurgeProtectionEnabled,
		LogAnalyticsWorkspaceID:     w.LogAnalyticsWorkspaceID,
		PrivateEndpoint:             w.PrivateEndpoint,
		PublicNetworkAccessDisabled: !c.Vault.publicNetworkAccess(),
		Protected:                   c.ProtectStatefulResources,
		Tags:                        c.BaseTags(),
	}
	for _, secret := range c.Vault.Secrets {
		entry := vault.Secret{
			Name:        secret.Name,
			Generated:   secret.Generated,
			Length:      secret.Length,
			ContentType: secret.ContentType,
		}
		if secret.Value.IsSet() {
			entry.Value = pulumi.ToSecret(pulumi.String(secret.Value.Value())).(pulumi.StringOutput)
		}
		args.Secrets = append(args.Secrets, entry)
	}
	args.Secrets = append(args.Secrets, vault.Secret{
		Name:        TelemetryVaultSecret,
		Value:       w.TelemetryConnectionString,
		ContentType: "text/plain",
	})
	if c.Gateway != nil {
		args.Secrets = append(args.Secrets, vault.Secret{Name: GatewayVaultSecret, Value: w.GatewaySecret})
	}
	return args
}

// EnvironmentWiring carries the values the environment needs from other resources.
type EnvironmentWiring struct {
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// InfrastructureSubnetID is the subnet of the stack's network, when it has one.
	InfrastructureSubnetID pulumi.StringInput
	// IdentityIDs are assigned to the environment (the Dapr components' identity).
	IdentityIDs []pulumi.StringInput
}

// EnvironmentArgs returns the AppEnvironment args for this config.
func (c *Config) EnvironmentArgs(w EnvironmentWiring) environment.Args {
	args := environment.Args{
		ResourceGroupName:       w.ResourceGroupName,
		Location:                w.Location,
		BaseName:                c.BaseName(),
		LogRetentionDays:        c.LogRetentionDays,
		AlertEmails:             c.AlertEmails,
		DaprTelemetryDisabled:   c.ManagedEnvironment.DaprTelemetryDisabled,
		Internal:                c.ManagedEnvironment.Internal,
		ZoneRedundant:           c.ManagedEnvironment.ZoneRedundant,
		Protected:               c.ProtectStatefulResources,
		UserAssignedIdentityIDs: w.IdentityIDs,
		Tags:                    c.BaseTags(),
	}
	switch {
	case w.InfrastructureSubnetID != nil:
		args.InfrastructureSubnetID = w.InfrastructureSubnetID
	case c.ManagedEnvironment.InfrastructureSubnetID != "":
		args.InfrastructureSubnetID = pulumi.String(c.ManagedEnvironment.InfrastructureSubnetID)
	}
	for _, profile := range c.ManagedEnvironment.WorkloadProfiles {
		args.WorkloadProfiles = append(args.WorkloadProfiles, environment.WorkloadProfile{
			Name:         profile.Name,
			Type:         profile.Type,
			MinimumCount: profile.MinimumCount,
			MaximumCount: profile.MaximumCount,
		})
	}
	return args
}

// AppWiring carries the values an app needs from other resources.
type AppWiring struct {
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	EnvironmentID     pulumi.StringInput
	// DefaultDomain is the environment's DNS suffix, for the addresses of the apps this app calls.
	DefaultDomain pulumi.StringInput
	// Image is the app's pinned image reference.
	Image pulumi.StringInput
	// RegistryServer and RegistryID are set when the image comes from the stack's registry.
	RegistryServer pulumi.StringInput
	RegistryID     pulumi.StringInput
	// SecretURI and SecretID look up a vault secret's versionless URI and ARM id by its vault name.
	SecretURI func(vaultSecretName string) pulumi.StringInput
	SecretID  func(vaultSecretName string) pulumi.StringInput
	// InitImage returns the pinned reference of an init container's image.
	InitImage     func(image string) pulumi.StringInput
	ActionGroupID pulumi.StringInput
}

// CallEnv returns the names of the variables through which an app learns the address of an app it calls:
// "<NAME>_URL" and, with Dapr, "<NAME>_APP_ID".
func CallEnv(target string) (urlName, appIDName string) {
	prefix := strings.ToUpper(strings.ReplaceAll(target, "-", "_"))
	return prefix + "_URL", prefix + "_APP_ID"
}

// AppArgs returns the SecureContainerApp args for the app at index i. The app's own variables come first, in
// config order, then the ones the stack sets.
func (c *Config) AppArgs(i int, w AppWiring) containerapp.Args {
	config := c.Apps[i]
	args := containerapp.Args{
		ResourceGroupName:   w.ResourceGroupName,
		Location:            w.Location,
		AppName:             config.Name,
		EnvironmentID:       w.EnvironmentID,
		WorkloadProfileName: config.WorkloadProfile,
		Image:               w.Image,
		RegistryServer:      w.RegistryServer,
		RegistryID:          w.RegistryID,
		TelemetryKeyVaultSecret: &containerapp.KeyVaultSecret{
			SecretURI: w.SecretURI(TelemetryVaultSecret),
			SecretID:  w.SecretID(TelemetryVaultSecret),
		},
		CPU:                           config.CPU,
		Memory:                        config.Memory,
		MinReplicas:                   config.MinReplicas,
		MaxReplicas:                   config.MaxReplicas,
		TerminationGracePeriodSeconds: config.TerminationGracePeriodSeconds,
		ActionGroupID:                 w.ActionGroupID,
		Tags:                          c.BaseTags(),
		Scale:                         containerapp.Scale{ConcurrentRequests: config.Scale.ConcurrentRequests},
		Probes: containerapp.Probes{
			Liveness:  probeArgs(config.Probes.Liveness),
			Readiness: probeArgs(config.Probes.Readiness),
			Startup:   probeArgs(config.Probes.Startup),
		},
		Revisions: containerapp.Revisions{Mode: config.Revisions.Mode, MaxInactive: config.Revisions.MaxInactive},
	}
	args.Tags["app"] = config.Name

	for _, secret := range config.Secrets {
		args.KeyVaultSecrets = append(args.KeyVaultSecrets, containerapp.KeyVaultSecret{
			Name:      secret.Name,
			SecretURI: w.SecretURI(secret.KeyVaultSecret),
			SecretID:  w.SecretID(secret.KeyVaultSecret),
		})
	}
	if c.BehindGateway(config.Name) {
		args.KeyVaultSecrets = append(args.KeyVaultSecrets, containerapp.KeyVaultSecret{
			Name:      GatewayAppSecret,
			SecretURI: w.SecretURI(GatewayVaultSecret),
			SecretID:  w.SecretID(GatewayVaultSecret),
		})
		args.GatewaySecret = GatewayAppSecret
	}
	for _, variable := range config.Env {
		entry := containerapp.EnvVar{Name: variable.Name, SecretRef: variable.SecretRef}
		if variable.Value != nil {
			entry.Value = pulumi.String(*variable.Value)
		}
		args.Env = append(args.Env, entry)
	}
	args.Env = append(args.Env, containerapp.EnvVar{Name: EnvEnvironment, Value: pulumi.String(c.Environment)})
	if config.Ingress != nil {
		args.Env = append(args.Env, containerapp.EnvVar{
			Name: EnvPort, Value: pulumi.String(fmt.Sprint(config.Ingress.TargetPort)),
		})
	}
	for _, target := range config.Calls {
		urlName, appIDName := CallEnv(target)
		// An app with internal ingress answers at <app>.internal.<domain>, one with external ingress at
		// <app>.<domain>, from inside the environment too.
		host := "%s.internal.%s"
		if callee := c.app(target); callee != nil && callee.Ingress != nil && callee.Ingress.External {
			host = "%s.%s"
		}
		args.Env = append(args.Env, containerapp.EnvVar{
			Name:  urlName,
			Value: pulumi.Sprintf("https://"+host, target, w.DefaultDomain),
		})
		if callee := c.app(target); callee != nil && config.Dapr != nil && callee.Dapr != nil {
			args.Env = append(args.Env, containerapp.EnvVar{Name: appIDName, Value: pulumi.String(callee.daprAppID())})
		}
	}

	if config.Ingress != nil {
		args.Ingress = ingressArgs(*config.Ingress)
	}
	for _, queue := range config.Scale.Queues {
		rule := containerapp.QueueScaleRule{
			Name:        queue.Name,
			AccountName: queue.AccountName,
			QueueName:   queue.QueueName,
			QueueLength: queue.QueueLength,
		}
		if queue.StorageAccountID != "" {
			rule.StorageAccountID = pulumi.String(queue.StorageAccountID)
		}
		args.Scale.Queues = append(args.Scale.Queues, rule)
	}
	if config.Dapr != nil {
		args.Dapr = &containerapp.Dapr{
			AppID:       config.Dapr.AppID,
			AppPort:     config.Dapr.AppPort,
			AppProtocol: config.Dapr.AppProtocol,
			APILogging:  config.Dapr.APILogging,
		}
	}
	for _, target := range config.Revisions.Traffic {
		weight := 0
		if target.Weight != nil {
			weight = *target.Weight
		}
		args.Revisions.Traffic = append(args.Revisions.Traffic, containerapp.TrafficTarget{
			Label:          target.Label,
			RevisionName:   target.RevisionName,
			LatestRevision: target.LatestRevision,
			Weight:         weight,
		})
	}
	for _, init := range config.InitContainers {
		args.InitContainers = append(args.InitContainers, containerapp.InitContainer{
			Name:    init.Name,
			Image:   w.InitImage(init.Image),
			Command: init.Command,
			Args:    init.Args,
			CPU:     init.CPU,
			Memory:  init.Memory,
		})
	}
	for _, volume := range config.Volumes {
		args.Volumes = append(args.Volumes, containerapp.Volume{
			Name:        volume.Name,
			Type:        volume.Type,
			MountPath:   volume.MountPath,
			SecretNames: volume.SecretNames,
		})
	}
	return args
}

func ingressArgs(config Ingress) *containerapp.Ingress {
	ingress := &containerapp.Ingress{
		External:              config.External,
		TargetPort:            config.TargetPort,
		Transport:             config.Transport,
		StickySessions:        config.StickySessions,
		ClientCertificateMode: config.ClientCertificateMode,
	}
	for _, rule := range config.IPAllow {
		ingress.IPAllow = append(ingress.IPAllow, containerapp.IPRule{Name: rule.Name, CIDR: rule.CIDR})
	}
	if config.CORS != nil {
		ingress.CORS = &containerapp.CORS{
			AllowedOrigins:   config.CORS.AllowedOrigins,
			AllowedMethods:   config.CORS.AllowedMethods,
			AllowedHeaders:   config.CORS.AllowedHeaders,
			ExposeHeaders:    config.CORS.ExposeHeaders,
			MaxAgeSeconds:    config.CORS.MaxAgeSeconds,
			AllowCredentials: config.CORS.AllowCredentials,
		}
	}
	for _, port := range config.AdditionalPorts {
		ingress.AdditionalPorts = append(ingress.AdditionalPorts, containerapp.PortMapping{
			External: port.External, TargetPort: port.TargetPort, ExposedPort: port.ExposedPort,
		})
	}
	for _, domain := range config.CustomDomains {
		ingress.CustomDomains = append(ingress.CustomDomains, containerapp.CustomDomain{
			Name: domain.Name, CertificateID: pulumi.String(domain.CertificateID),
		})
	}
	return ingress
}

func probeArgs(config *Probe) *containerapp.Probe {
	if config == nil {
		return nil
	}
	return &containerapp.Probe{
		Path:                config.Path,
		Port:                config.Port,
		InitialDelaySeconds: config.InitialDelaySeconds,
		PeriodSeconds:       config.PeriodSeconds,
		FailureThreshold:    config.FailureThreshold,
		TimeoutSeconds:      config.TimeoutSeconds,
	}
}

func (c *Config) app(name string) *App {
	for i := range c.Apps {
		if c.Apps[i].Name == name {
			return &c.Apps[i]
		}
	}
	return nil
}

func (a *App) daprAppID() string {
	if a.Dapr != nil && a.Dapr.AppID != "" {
		return a.Dapr.AppID
	}
	return a.Name
}
