// Package containerapp provides SecureContainerApp: a Container App that runs as its own user-assigned
// identity, pulls its image and reads its Key Vault secrets with that identity, and comes with health probes,
// scale rules and metric alerts.
package containerapp

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	app "github.com/pulumi/pulumi-azure-native-sdk/app/v2/v20250101"
	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumitime "github.com/pulumiverse/pulumi-time/sdk/go/time"

	"github.com/secure-aca/secure-aca/internal/diag"
	"github.com/secure-aca/secure-aca/internal/governance"
)

// Token is the component's Pulumi type token.
const Token = "secureaca:index:SecureContainerApp"

// roleStorageQueueDataReader lets a KEDA queue scaler read a queue's length.
const roleStorageQueueDataReader = "19e7f393-937e-4f77-808e-94535e297925"

// SecureContainerApp is a container app with its own identity, identity-based image pulls and Key Vault
// references, probes, scale rules and alerts.
type SecureContainerApp struct {
	pulumi.ResourceState

	// ID is the container app's ARM id.
	ID pulumi.StringOutput `pulumi:"id"`
	// Name is the container app's name.
	Name pulumi.StringOutput `pulumi:"name"`
	// FQDN is the app's ingress host name; empty without ingress.
	FQDN pulumi.StringOutput `pulumi:"fqdn"`
	// URL is "https://<FQDN>"; empty without ingress.
	URL pulumi.StringOutput `pulumi:"url"`
	// LatestRevisionName is the newest revision, the name a traffic split refers to.
	LatestRevisionName pulumi.StringOutput `pulumi:"latestRevisionName"`
	// IdentityID is the ARM id of the app's user-assigned identity.
	IdentityID pulumi.StringOutput `pulumi:"identityId"`
	// IdentityClientID is the identity's client id, which SDKs in the container use (AZURE_CLIENT_ID).
	IdentityClientID pulumi.StringOutput `pulumi:"identityClientId"`
	// IdentityPrincipalID is the identity's object id, which role assignments name.
	IdentityPrincipalID pulumi.StringOutput `pulumi:"identityPrincipalId"`

	// App is the underlying container app, for callers that need to depend on it.
	App *app.ContainerApp
}

// NewSecureContainerApp validates args, then creates the identity, its grants, the app and its alerts, in
// that order, so that the very first revision can pull its image and read its secrets. Invalid args return
// every problem at once and create nothing.
func NewSecureContainerApp(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption,
) (*SecureContainerApp, error) {
	args = args.WithDefaults()
	if err := args.Validate(); err != nil {
		return nil, fmt.Errorf("validating SecureContainerApp %q: %w", name, err)
	}

	component := &SecureContainerApp{}
	if err := ctx.RegisterComponentResource(Token, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering SecureContainerApp %q: %w", name, err)
	}
	parent := pulumi.Parent(component)

	identity, err := managedidentity.NewUserAssignedIdentity(ctx, name+"-identity",
		&managedidentity.UserAssignedIdentityArgs{
			ResourceGroupName: args.ResourceGroupName,
			Location:          args.Location,
			ResourceName:      pulumi.String(args.IdentityName),
			Tags:              pulumi.ToStringMap(args.Tags),
		}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating identity of %q: %w", name, err)
	}
	component.IdentityID = identity.ID().ToStringOutput()
	component.IdentityClientID = identity.ClientId
	component.IdentityPrincipalID = identity.PrincipalId

	grants, err := grantAccess(ctx, name, args, identity, parent)
	if err != nil {
		return nil, err
	}

	appOpts := []pulumi.ResourceOption{parent}
	if len(grants) > 0 {
		dependencies, err := waitForPropagation(ctx, name, args.PropagationWait, grants, parent)
		if err != nil {
			return nil, err
		}
		appOpts = append(appOpts, pulumi.DependsOn(dependencies))
	}

	if args.Ingress != nil && args.Ingress.External && !RestrictsAddresses(args.Ingress.IPAllow) &&
		args.GatewaySecret == "" {
		diag.Warn(ctx, component, name, "ingress is external with no IP allow rules narrower than a /8: the app "+
			"is reachable from any address on the internet; add `ingress.ipAllow` or put a gateway in front")
	}

	// An app keeps its name, so a replacement (a new environment, say) must delete the old app first.
	appOpts = append(appOpts, pulumi.DeleteBeforeReplace(true),
		pulumi.ReplaceOnChanges([]string{"managedEnvironmentId", "containerAppName"}))
	containerApp, err := app.NewContainerApp(ctx, name+"-app", containerAppArgs(args, identity), appOpts...)
	if err != nil {
		return nil, fmt.Errorf("creating container app of %q: %w", name, err)
	}
	component.App = containerApp
	component.ID = containerApp.ID().ToStringOutput()
	component.Name = containerApp.Name
	component.LatestRevisionName = containerApp.LatestRevisionName
	// The configuration carries secret references, so Pulumi marks all of it secret; the host name is not.
	fqdn := containerApp.Configuration.Ingress().Fqdn().ToStringPtrOutput().Elem()
	component.FQDN = pulumi.Unsecret(fqdn).(pulumi.StringOutput)
	component.URL = component.FQDN.ApplyT(func(fqdn string) string {
		if fqdn == "" {
			return ""
		}
		return "https://" + fqdn
	}).(pulumi.StringOutput)

	if args.ActionGroupID != nil {
		if err := newAlerts(ctx, name, args, component.ID, parent); err != nil {
			return nil, err
		}
	}

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"id":                  component.ID,
		"name":                component.Name,
		"fqdn":                component.FQDN,
		"url":                 component.URL,
		"latestRevisionName":  component.LatestRevisionName,
		"identityId":          component.IdentityID,
		"identityClientId":    component.IdentityClientID,
		"identityPrincipalId": component.IdentityPrincipalID,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of SecureContainerApp %q: %w", name, err)
	}
	return component, nil
}

// grantAccess gives the identity exactly what the app needs: AcrPull on its registry and read on each of its
// Key Vault secrets (not the whole vault), plus queue reads for queue scale rules.
func grantAccess(ctx *pulumi.Context, name string, args Args, identity *managedidentity.UserAssignedIdentity,
	opts ...pulumi.ResourceOption,
) ([]pulumi.Resource, error) {
	var grants []pulumi.Resource
	grant := func(suffix string, scope pulumi.StringInput, role, description string) error {
		created, err := governance.Assign(ctx, name+"-"+suffix, governance.RoleAssignment{
			Scope:         scope,
			PrincipalID:   identity.PrincipalId,
			PrincipalType: governance.PrincipalTypeServicePrincipal,
			RoleID:        role,
			Description:   description,
		}, opts...)
		if err != nil {
			return err
		}
		grants = append(grants, created)
		return nil
	}

	if args.RegistryID != nil {
		if err := grant("acr-pull", args.RegistryID, governance.RoleAcrPull,
			fmt.Sprintf("%s pulls its images", args.AppName)); err != nil {
			return nil, err
		}
	}
	for _, secret := range keyVaultSecrets(args) {
		if err := grant("secret-"+secret.Name, secret.SecretID, governance.RoleKeyVaultSecretsUser,
			fmt.Sprintf("%s reads its secret %s", args.AppName, secret.Name)); err != nil {
			return nil, err
		}
	}
	for _, queue := range args.Scale.Queues {
		if queue.StorageAccountID == nil {
			continue
		}
		scope := pulumi.Sprintf("%s/queueServices/default/queues/%s", queue.StorageAccountID, queue.QueueName)
		if err := grant("queue-"+queue.Name, scope, roleStorageQueueDataReader,
			fmt.Sprintf("%s reads the length of queue %s", args.AppName, queue.QueueName)); err != nil {
			return nil, err
		}
	}
	return grants, nil
}

// waitForPropagation returns what the app must wait for: the grants and, unless duration is zero, a wait after
// them until Azure has made them effective everywhere. The wait runs only when a grant is created or replaced,
// never on later deployments.
func waitForPropagation(ctx *pulumi.Context, name, duration string, grants []pulumi.Resource,
	opts ...pulumi.ResourceOption,
) ([]pulumi.Resource, error) {
	if duration == "0s" || duration == "0" {
		return grants, nil
	}
	triggers := pulumi.StringMap{}
	for i, grant := range grants {
		if custom, ok := grant.(pulumi.CustomResource); ok {
			triggers[fmt.Sprintf("grant%02d", i)] = custom.ID().ToStringOutput()
		}
	}
	wait, err := pulumitime.NewSleep(ctx, name+"-rbac-propagation", &pulumitime.SleepArgs{
		CreateDuration: pulumi.String(duration),
		Triggers:       triggers,
	}, append(opts, pulumi.DependsOn(grants))...)
	if err != nil {
		return nil, fmt.Errorf("creating the propagation wait of %q: %w", name, err)
	}
	return append(slices.Clone(grants), wait), nil
}

func containerAppArgs(args Args, identity *managedidentity.UserAssignedIdentity) *app.ContainerAppArgs {
	identityID := identity.ID().ToStringOutput()

	secrets := app.SecretArray{}
	for _, secret := range keyVaultSecrets(args) {
		secrets = append(secrets, app.SecretArgs{
			Name:        pulumi.String(secret.Name),
			KeyVaultUrl: secret.SecretURI,
			Identity:    identityID,
		})
	}
	env := app.EnvironmentVarArray{
		app.EnvironmentVarArgs{Name: pulumi.String(EnvAzureClientID), Value: identity.ClientId},
	}
	if args.TelemetryConnectionString != nil {
		secrets = append(secrets, app.SecretArgs{
			Name:  pulumi.String(TelemetrySecretName),
			Value: pulumi.ToSecret(args.TelemetryConnectionString).(pulumi.StringOutput),
		})
	}
	if args.TelemetryConnectionString != nil || args.TelemetryKeyVaultSecret != nil {
		env = append(env, app.EnvironmentVarArgs{
			Name:      pulumi.String(EnvTelemetry),
			SecretRef: pulumi.String(TelemetrySecretName),
		})
	}
	if args.GatewaySecret != "" {
		env = append(env, app.EnvironmentVarArgs{
			Name:      pulumi.String(EnvGatewaySecret),
			SecretRef: pulumi.String(args.GatewaySecret),
		})
	}
	for _, variable := range args.Env {
		entry := app.EnvironmentVarArgs{Name: pulumi.String(variable.Name)}
		if variable.SecretRef != "" {
			entry.SecretRef = pulumi.String(variable.SecretRef)
		} else {
			entry.Value = variable.Value
		}
		env = append(env, entry)
	}

	configuration := &app.ConfigurationArgs{
		ActiveRevisionsMode:  pulumi.String(args.Revisions.Mode),
		MaxInactiveRevisions: pulumi.Int(args.Revisions.MaxInactive),
		Secrets:              secrets,
	}
	if args.RegistryServer != nil {
		configuration.Registries = app.RegistryCredentialsArray{
			app.RegistryCredentialsArgs{Server: args.RegistryServer, Identity: identityID},
		}
	}
	if args.Ingress != nil {
		configuration.Ingress = ingressArgs(*args.Ingress, args.Revisions)
	}
	if args.Dapr != nil {
		configuration.Dapr = &app.DaprArgs{
			Enabled:          pulumi.Bool(true),
			AppId:            pulumi.String(args.Dapr.AppID),
			AppPort:          pulumi.Int(args.Dapr.AppPort),
			AppProtocol:      pulumi.String(args.Dapr.AppProtocol),
			EnableApiLogging: pulumi.Bool(args.Dapr.APILogging),
		}
	}

	containerArgs := app.ContainerArgs{
		Name:  pulumi.String(args.AppName),
		Image: args.Image,
		Resources: &app.ContainerResourcesArgs{
			Cpu:    pulumi.Float64(args.CPU),
			Memory: pulumi.String(args.Memory),
		},
		Env:          env,
		Probes:       probeArgs(args.Probes),
		VolumeMounts: volumeMountArgs(args.Volumes),
	}
	template := &app.TemplateArgs{
		Containers:                    app.ContainerArray{containerArgs},
		InitContainers:                initContainerArgs(args.InitContainers),
		Scale:                         scaleArgs(args, identityID),
		TerminationGracePeriodSeconds: pulumi.Float64(float64(args.TerminationGracePeriodSeconds)),
		Volumes:                       volumeArgs(args.Volumes),
	}
	if args.Revisions.Mode == RevisionModeMultiple {
		template.RevisionSuffix = revisionSuffix(args, identity.ClientId)
	}

	containerAppArgs := &app.ContainerAppArgs{
		ResourceGroupName:    args.ResourceGroupName,
		Location:             args.Location,
		ContainerAppName:     pulumi.String(args.AppName),
		ManagedEnvironmentId: args.EnvironmentID,
		Identity: &app.ManagedServiceIdentityArgs{
			Type:                   pulumi.String("UserAssigned"),
			UserAssignedIdentities: pulumi.StringArray{identityID},
		},
		Configuration: configuration,
		Template:      template,
		Tags:          pulumi.ToStringMap(args.Tags),
	}
	if args.WorkloadProfileName != "" {
		containerAppArgs.WorkloadProfileName = pulumi.String(args.WorkloadProfileName)
	}
	return containerAppArgs
}

// keyVaultSecrets lists every Key Vault reference of the app, the telemetry secret included.
func keyVaultSecrets(args Args) []KeyVaultSecret {
	secrets := slices.Clone(args.KeyVaultSecrets)
	if args.TelemetryKeyVaultSecret != nil {
		telemetry := *args.TelemetryKeyVaultSecret
		telemetry.Name = TelemetrySecretName
		secrets = append(secrets, telemetry)
	}
	return secrets
}

func ingressArgs(ingress Ingress, revisions Revisions) *app.IngressArgs {
	out := &app.IngressArgs{
		External:              pulumi.Bool(ingress.External),
		TargetPort:            pulumi.Int(ingress.TargetPort),
		Transport:             pulumi.String(ingress.Transport),
		AllowInsecure:         pulumi.Bool(false),
		ClientCertificateMode: pulumi.String(ingress.ClientCertificateMode),
		Traffic:               trafficArgs(revisions),
	}
	affinity := "none"
	if ingress.StickySessions {
		affinity = "sticky"
	}
	out.StickySessions = &app.IngressStickySessionsArgs{Affinity: pulumi.String(affinity)}

	if len(ingress.IPAllow) > 0 {
		rules := app.IpSecurityRestrictionRuleArray{}
		for _, rule := range ingress.IPAllow {
			rules = append(rules, app.IpSecurityRestrictionRuleArgs{
				Name:           pulumi.String(rule.Name),
				Action:         pulumi.String("Allow"),
				IpAddressRange: pulumi.String(rule.CIDR),
			})
		}
		out.IpSecurityRestrictions = rules
	}
	if ingress.CORS != nil {
		out.CorsPolicy = &app.CorsPolicyArgs{
			AllowedOrigins:   pulumi.ToStringArray(ingress.CORS.AllowedOrigins),
			AllowedMethods:   pulumi.ToStringArray(ingress.CORS.AllowedMethods),
			AllowedHeaders:   pulumi.ToStringArray(ingress.CORS.AllowedHeaders),
			ExposeHeaders:    pulumi.ToStringArray(ingress.CORS.ExposeHeaders),
			MaxAge:           pulumi.Int(ingress.CORS.MaxAgeSeconds),
			AllowCredentials: pulumi.Bool(ingress.CORS.AllowCredentials),
		}
	}
	if len(ingress.AdditionalPorts) > 0 {
		ports := app.IngressPortMappingArray{}
		for _, port := range ingress.AdditionalPorts {
			ports = append(ports, app.IngressPortMappingArgs{
				External:    pulumi.Bool(port.External),
				TargetPort:  pulumi.Int(port.TargetPort),
				ExposedPort: pulumi.Int(port.ExposedPort),
			})
		}
		out.AdditionalPortMappings = ports
	}
	if len(ingress.CustomDomains) > 0 {
		domains := app.CustomDomainArray{}
		for _, domain := range ingress.CustomDomains {
			domains = append(domains, app.CustomDomainArgs{
				Name:          pulumi.String(domain.Name),
				CertificateId: domain.CertificateID,
				BindingType:   pulumi.String("SniEnabled"),
			})
		}
		out.CustomDomains = domains
	}
	return out
}

func trafficArgs(revisions Revisions) app.TrafficWeightArray {
	if revisions.Mode == RevisionModeSingle || len(revisions.Traffic) == 0 {
		return app.TrafficWeightArray{
			app.TrafficWeightArgs{LatestRevision: pulumi.Bool(true), Weight: pulumi.Int(100)},
		}
	}
	out := app.TrafficWeightArray{}
	for _, target := range revisions.Traffic {
		weight := app.TrafficWeightArgs{Weight: pulumi.Int(target.Weight)}
		if target.LatestRevision {
			weight.LatestRevision = pulumi.Bool(true)
		} else {
			weight.RevisionName = pulumi.String(target.RevisionName)
		}
		if target.Label != "" {
			weight.Label = pulumi.String(target.Label)
		}
		out = append(out, weight)
	}
	return out
}

func probeArgs(probes Probes) app.ContainerAppProbeArray {
	out := app.ContainerAppProbeArray{}
	for _, entry := range []struct {
		kind  string
		probe *Probe
	}{{"Liveness", probes.Liveness}, {"Readiness", probes.Readiness}, {"Startup", probes.Startup}} {
		if entry.probe == nil {
			continue
		}
		out = append(out, app.ContainerAppProbeArgs{
			Type: pulumi.String(entry.kind),
			HttpGet: &app.ContainerAppProbeHttpGetArgs{
				Path:   pulumi.String(entry.probe.Path),
				Port:   pulumi.Int(entry.probe.Port),
				Scheme: pulumi.String("HTTP"),
			},
			InitialDelaySeconds: pulumi.Int(entry.probe.InitialDelaySeconds),
			PeriodSeconds:       pulumi.Int(entry.probe.PeriodSeconds),
			FailureThreshold:    pulumi.Int(entry.probe.FailureThreshold),
			TimeoutSeconds:      pulumi.Int(entry.probe.TimeoutSeconds),
		})
	}
	return out
}

func scaleArgs(args Args, identityID pulumi.StringOutput) *app.ScaleArgs {
	rules := app.ScaleRuleArray{}
	switch {
	case args.Ingress != nil && args.Ingress.Transport == "tcp":
		rules = append(rules, app.ScaleRuleArgs{
			Name: pulumi.String("tcp-connections"),
			Tcp: &app.TcpScaleRuleArgs{
				Metadata: pulumi.StringMap{"concurrentConnections": pulumi.Sprintf("%d", args.Scale.ConcurrentRequests)},
			},
		})
	case args.Ingress != nil:
		rules = append(rules, app.ScaleRuleArgs{
			Name: pulumi.String("http-requests"),
			Http: &app.HttpScaleRuleArgs{
				Metadata: pulumi.StringMap{"concurrentRequests": pulumi.Sprintf("%d", args.Scale.ConcurrentRequests)},
			},
		})
	}
	for _, queue := range args.Scale.Queues {
		rules = append(rules, app.ScaleRuleArgs{
			Name: pulumi.String(queue.Name),
			AzureQueue: &app.QueueScaleRuleArgs{
				AccountName: pulumi.String(queue.AccountName),
				QueueName:   pulumi.String(queue.QueueName),
				QueueLength: pulumi.Int(queue.QueueLength),
				Identity:    identityID,
			},
		})
	}
	return &app.ScaleArgs{
		MinReplicas: pulumi.Int(*args.MinReplicas),
		MaxReplicas: pulumi.Int(args.MaxReplicas),
		Rules:       rules,
	}
}

func initContainerArgs(inits []InitContainer) app.InitContainerArray {
	if len(inits) == 0 {
		return nil
	}
	out := app.InitContainerArray{}
	for _, init := range inits {
		out = append(out, app.InitContainerArgs{
			Name:    pulumi.String(init.Name),
			Image:   init.Image,
			Command: pulumi.ToStringArray(init.Command),
			Args:    pulumi.ToStringArray(init.Args),
			Resources: &app.ContainerResourcesArgs{
				Cpu:    pulumi.Float64(init.CPU),
				Memory: pulumi.String(init.Memory),
			},
		})
	}
	return out
}

func volumeArgs(volumes []Volume) app.VolumeArray {
	if len(volumes) == 0 {
		return nil
	}
	out := app.VolumeArray{}
	for _, volume := range volumes {
		entry := app.VolumeArgs{Name: pulumi.String(volume.Name), StorageType: pulumi.String(volume.Type)}
		if len(volume.SecretNames) > 0 {
			items := app.SecretVolumeItemArray{}
			for _, secret := range volume.SecretNames {
				items = append(items, app.SecretVolumeItemArgs{SecretRef: pulumi.String(secret), Path: pulumi.String(secret)})
			}
			entry.Secrets = items
		}
		out = append(out, entry)
	}
	return out
}

func volumeMountArgs(volumes []Volume) app.VolumeMountArray {
	if len(volumes) == 0 {
		return nil
	}
	out := app.VolumeMountArray{}
	for _, volume := range volumes {
		out = append(out, app.VolumeMountArgs{
			VolumeName: pulumi.String(volume.Name),
			MountPath:  pulumi.String(volume.MountPath),
		})
	}
	return out
}

// revisionSuffix derives the revision suffix from everything that makes up the revision template, so that the
// same template always gets the same name and a changed template (a new image digest, a new variable) always
// gets a new one.
func revisionSuffix(args Args, clientID pulumi.StringOutput) pulumi.StringOutput {
	inputs := []any{args.Image, clientID}
	for _, variable := range args.Env {
		if variable.Value != nil {
			inputs = append(inputs, variable.Value)
		}
	}
	for _, init := range args.InitContainers {
		inputs = append(inputs, init.Image)
	}
	return pulumi.All(inputs...).ApplyT(func(resolved []any) (string, error) {
		// The tags fix the encoding, so renaming a field here never renames every revision.
		fingerprint := struct {
			Resolved   []any           `json:"resolved"`
			CPU        float64         `json:"cpu"`
			Memory     string          `json:"memory"`
			Probes     Probes          `json:"probes"`
			Scale      Scale           `json:"scale"`
			Replicas   [2]int          `json:"replicas"`
			Grace      int             `json:"grace"`
			Volumes    []Volume        `json:"volumes"`
			Inits      []InitContainer `json:"inits"`
			EnvSecrets []string        `json:"envSecrets"`
		}{
			Resolved: resolved, CPU: args.CPU, Memory: args.Memory, Probes: args.Probes,
			Replicas: [2]int{*args.MinReplicas, args.MaxReplicas}, Grace: args.TerminationGracePeriodSeconds,
			Volumes: args.Volumes,
		}
		for _, init := range args.InitContainers {
			// The image is among the resolved values; the rest is plain.
			fingerprint.Inits = append(fingerprint.Inits, InitContainer{
				Name: init.Name, Command: init.Command, Args: init.Args, CPU: init.CPU, Memory: init.Memory,
			})
		}
		fingerprint.Scale = Scale{ConcurrentRequests: args.Scale.ConcurrentRequests}
		for _, queue := range args.Scale.Queues {
			fingerprint.Scale.Queues = append(fingerprint.Scale.Queues, QueueScaleRule{
				Name: queue.Name, AccountName: queue.AccountName, QueueName: queue.QueueName,
				QueueLength: queue.QueueLength,
			})
		}
		for _, variable := range args.Env {
			fingerprint.EnvSecrets = append(fingerprint.EnvSecrets, variable.Name+"="+variable.SecretRef)
		}
		slices.Sort(fingerprint.EnvSecrets)
		// The nested argument types encode with their Go field names; the encoding is only hashed, never decoded.
		encoded, err := json.Marshal(fingerprint) //nolint:musttag // see above
		if err != nil {
			return "", fmt.Errorf("deriving the revision suffix of %q: %w", args.AppName, err)
		}
		sum := sha256.Sum256(encoded)
		return "r" + hex.EncodeToString(sum[:])[:10], nil
	}).(pulumi.StringOutput)
}
