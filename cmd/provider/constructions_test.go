package main

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/components/environment"
	"github.com/secure-aca/secure-aca/components/registry"
	"github.com/secure-aca/secure-aca/components/vault"
	"github.com/secure-aca/secure-aca/offline"
)

// Values another program would take from resources it already has, in the formats Azure uses.
const (
	resourceGroupID = "/subscriptions/" + offline.SubscriptionID + "/resourceGroups/rg-app"
	workspaceID     = resourceGroupID + "/providers/Microsoft.OperationalInsights/workspaces/log-app"
	environmentID   = resourceGroupID + "/providers/Microsoft.App/managedEnvironments/cae-app"
	actionGroupID   = resourceGroupID + "/providers/microsoft.insights/actionGroups/ag-app"
	registryID      = resourceGroupID + "/providers/Microsoft.ContainerRegistry/registries/acrapp123456"
	loginServer     = "acrapp123456.azurecr.io"
	vaultID         = resourceGroupID + "/providers/Microsoft.KeyVault/vaults/kv-app-x1y2z"
	vaultURI        = "https://kv-app-x1y2z.vault.azure.net"
	subnetID        = resourceGroupID + "/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/snet-apps"
	storageID       = resourceGroupID + "/providers/Microsoft.Storage/storageAccounts/stappdev"
	certificateID   = environmentID + "/certificates/api-example-com"
	endpointSubnet  = resourceGroupID + "/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/snet-endpoints"
	registryZoneID  = resourceGroupID + "/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
	vaultZoneID     = resourceGroupID + "/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"
	daprIdentityID  = resourceGroupID + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-dapr"
	apiPrincipalID  = "11111111-1111-4111-8111-111111111111"
	teamPrincipalID = "22222222-2222-4222-8222-222222222222"
	webhookURI      = "https://deploy.example.com/hooks/registry?token=offline"
	connectionValue = "Server=tcp:sql-app.database.windows.net;Database=app;Authentication=Active Directory Default"
	telemetryValue  = "InstrumentationKey=00000000-0000-4000-8000-000000000042"
)

var (
	apiImage     = loginServer + "/api@sha256:" + strings.Repeat("ab", 32)
	migrateImage = loginServer + "/migrate@sha256:" + strings.Repeat("cd", 32)
)

// validConstructions build each component with only its required inputs and with every input set; together
// they send every property of the schema (TestConstructionsCoverEverySchemaInput checks that).
func validConstructions() []construction {
	return []construction{
		{
			name: "SecureRegistry with required inputs", token: registry.Token, resource: "acr",
			inputs: map[string]any{"resourceGroupName": "rg-app", "namePrefix": "acrapp"},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return registry.NewSecureRegistry(ctx, name, registry.Args{
					ResourceGroupName: pulumi.String("rg-app"),
					NamePrefix:        "acrapp",
				})
			},
		},
		{
			name: "SecureRegistry with every input", token: registry.Token, resource: "acr",
			inputs: map[string]any{
				"resourceGroupName":    "rg-app",
				"location":             "westeurope",
				"namePrefix":           "acrapp",
				"sku":                  "Premium",
				"adminUserEnabled":     true,
				"anonymousPullEnabled": true,
				"zoneRedundant":        true,
				"pullPrincipals":       []any{map[string]any{"name": "api", "principalId": apiPrincipalID}},
				"pushPrincipals": []any{map[string]any{
					"name": "release-team", "principalId": teamPrincipalID, "principalType": "Group",
				}},
				"webhooks": []any{map[string]any{
					"name":       "deploy",
					"serviceUri": secret(webhookURI),
					"actions":    []any{"push", "delete"},
					"scope":      "api:*",
					"customHeaders": resource.MakeSecret(resource.NewProperty(resource.PropertyMap{
						"Authorization": resource.NewProperty("Bearer offline-token"),
					})),
				}},
				"privateEndpoint":             map[string]any{"subnetId": endpointSubnet, "dnsZoneId": registryZoneID},
				"publicNetworkAccessDisabled": true,
				"logAnalyticsWorkspaceId":     workspaceID,
				"protected":                   true,
				"tags":                        map[string]any{"team": "platform"},
			},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return registry.NewSecureRegistry(ctx, name, registry.Args{
					ResourceGroupName:    pulumi.String("rg-app"),
					Location:             pulumi.String("westeurope"),
					NamePrefix:           "acrapp",
					Sku:                  "Premium",
					AdminUserEnabled:     true,
					AnonymousPullEnabled: true,
					ZoneRedundant:        true,
					PullPrincipals:       []registry.Principal{{Name: "api", PrincipalID: pulumi.String(apiPrincipalID)}},
					PushPrincipals: []registry.Principal{{
						Name: "release-team", PrincipalID: pulumi.String(teamPrincipalID), PrincipalType: "Group",
					}},
					Webhooks: []registry.Webhook{{
						Name:          "deploy",
						ServiceURI:    pulumi.String(webhookURI),
						Actions:       []string{"push", "delete"},
						Scope:         "api:*",
						CustomHeaders: pulumi.StringMap{"Authorization": pulumi.String("Bearer offline-token")},
					}},
					PrivateEndpoint: &registry.PrivateEndpoint{
						SubnetID: pulumi.String(endpointSubnet), DNSZoneID: pulumi.String(registryZoneID),
					},
					PublicNetworkAccessDisabled: true,
					LogAnalyticsWorkspaceID:     pulumi.String(workspaceID),
					Protected:                   true,
					Tags:                        map[string]string{"team": "platform"},
				})
			},
		},
		{
			name: "SecretVault with required inputs", token: vault.Token, resource: "kv",
			inputs: map[string]any{"resourceGroupName": "rg-app", "tenantId": offline.TenantID, "namePrefix": "kv-app"},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return vault.NewSecretVault(ctx, name, vault.Args{
					ResourceGroupName: pulumi.String("rg-app"),
					TenantID:          pulumi.String(offline.TenantID),
					NamePrefix:        "kv-app",
				})
			},
		},
		{
			name: "SecretVault with every input", token: vault.Token, resource: "kv",
			inputs: map[string]any{
				"resourceGroupName":       "rg-app",
				"location":                "westeurope",
				"tenantId":                offline.TenantID,
				"namePrefix":              "kv-app",
				"sku":                     "premium",
				"softDeleteRetentionDays": 7,
				"purgeProtectionEnabled":  false,
				"secrets": []any{
					map[string]any{
						"name": "DatabaseConnection", "value": secret(connectionValue), "contentType": "text/plain",
					},
					map[string]any{"name": "ApiKey", "generated": true, "length": 64},
				},
				"readers": []any{map[string]any{
					"name": "api", "principalId": apiPrincipalID, "principalType": "ServicePrincipal",
					"secretNames": []any{"DatabaseConnection", "ApiKey"},
				}},
				"privateEndpoint":             map[string]any{"subnetId": endpointSubnet, "dnsZoneId": vaultZoneID},
				"publicNetworkAccessDisabled": true,
				"logAnalyticsWorkspaceId":     workspaceID,
				"protected":                   true,
				"tags":                        map[string]any{"team": "platform"},
			},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return vault.NewSecretVault(ctx, name, vault.Args{
					ResourceGroupName:       pulumi.String("rg-app"),
					Location:                pulumi.String("westeurope"),
					TenantID:                pulumi.String(offline.TenantID),
					NamePrefix:              "kv-app",
					Sku:                     "premium",
					SoftDeleteRetentionDays: 7,
					PurgeProtectionEnabled:  pulumi.BoolRef(false),
					Secrets: []vault.Secret{
						{Name: "DatabaseConnection", Value: pulumi.String(connectionValue), ContentType: "text/plain"},
						{Name: "ApiKey", Generated: true, Length: 64},
					},
					Readers: []vault.Reader{{
						Principal: vault.Principal{
							Name: "api", PrincipalID: pulumi.String(apiPrincipalID), PrincipalType: "ServicePrincipal",
						},
						SecretNames: []string{"DatabaseConnection", "ApiKey"},
					}},
					PrivateEndpoint: &vault.PrivateEndpoint{
						SubnetID: pulumi.String(endpointSubnet), DNSZoneID: pulumi.String(vaultZoneID),
					},
					PublicNetworkAccessDisabled: true,
					LogAnalyticsWorkspaceID:     pulumi.String(workspaceID),
					Protected:                   true,
					Tags:                        map[string]string{"team": "platform"},
				})
			},
		},
		{
			name: "AppEnvironment with required inputs", token: environment.Token, resource: "env",
			inputs: map[string]any{"resourceGroupName": "rg-app", "baseName": "app-dev"},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return environment.NewAppEnvironment(ctx, name, environment.Args{
					ResourceGroupName: pulumi.String("rg-app"),
					BaseName:          "app-dev",
				})
			},
		},
		{
			name: "AppEnvironment with every input", token: environment.Token, resource: "env",
			inputs: map[string]any{
				"resourceGroupName":      "rg-app",
				"location":               "westeurope",
				"baseName":               "app-prod",
				"logRetentionDays":       90,
				"alertEmails":            []any{"oncall@example.com"},
				"daprTelemetryDisabled":  true,
				"infrastructureSubnetId": subnetID,
				"internal":               true,
				"zoneRedundant":          true,
				"workloadProfiles": []any{map[string]any{
					"name": "dedicated", "type": "D4", "minimumCount": 1, "maximumCount": 3,
				}},
				"userAssignedIdentityIds": []any{daprIdentityID},
				"protected":               true,
				"tags":                    map[string]any{"team": "platform"},
			},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return environment.NewAppEnvironment(ctx, name, environment.Args{
					ResourceGroupName:      pulumi.String("rg-app"),
					Location:               pulumi.String("westeurope"),
					BaseName:               "app-prod",
					LogRetentionDays:       90,
					AlertEmails:            []string{"oncall@example.com"},
					DaprTelemetryDisabled:  true,
					InfrastructureSubnetID: pulumi.String(subnetID),
					Internal:               true,
					ZoneRedundant:          true,
					WorkloadProfiles: []environment.WorkloadProfile{
						{Name: "dedicated", Type: "D4", MinimumCount: 1, MaximumCount: 3},
					},
					UserAssignedIdentityIDs: []pulumi.StringInput{pulumi.String(daprIdentityID)},
					Protected:               true,
					Tags:                    map[string]string{"team": "platform"},
				})
			},
		},
		{
			name: "SecureContainerApp with required inputs", token: containerapp.Token, resource: "api",
			inputs: map[string]any{
				"resourceGroupName":         "rg-app",
				"appName":                   "api",
				"environmentId":             environmentID,
				"image":                     apiImage,
				"ingress":                   map[string]any{},
				"telemetryConnectionString": secret(telemetryValue),
			},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return containerapp.NewSecureContainerApp(ctx, name, containerapp.Args{
					ResourceGroupName:         pulumi.String("rg-app"),
					AppName:                   "api",
					EnvironmentID:             pulumi.String(environmentID),
					Image:                     pulumi.String(apiImage),
					Ingress:                   &containerapp.Ingress{},
					TelemetryConnectionString: pulumi.String(telemetryValue),
				})
			},
		},
		{
			name: "SecureContainerApp with every input", token: containerapp.Token, resource: "api",
			inputs: everyContainerAppInput(),
			fromGo: everyContainerAppArg,
		},
	}
}

func everyContainerAppInput() map[string]any {
	return map[string]any{
		"resourceGroupName":   "rg-app",
		"location":            "westeurope",
		"appName":             "api",
		"identityName":        "id-api-blue",
		"environmentId":       environmentID,
		"workloadProfileName": "dedicated",
		"image":               apiImage,
		"registryServer":      loginServer,
		"registryId":          registryID,
		"keyVaultSecrets": []any{
			map[string]any{
				"name":      "database-connection",
				"secretUri": vaultURI + "/secrets/DatabaseConnection",
				"secretId":  vaultID + "/secrets/DatabaseConnection",
			},
			map[string]any{
				"name": "api-key", "secretUri": vaultURI + "/secrets/ApiKey", "secretId": vaultID + "/secrets/ApiKey",
			},
		},
		"env": []any{
			map[string]any{"name": "ENVIRONMENT", "value": "prod"},
			map[string]any{"name": "DATABASE_CONNECTION", "secretRef": "database-connection"},
			map[string]any{"name": "API_KEY", "secretRef": "api-key"},
		},
		"telemetryKeyVaultSecret": map[string]any{
			"secretUri": vaultURI + "/secrets/AppInsights", "secretId": vaultID + "/secrets/AppInsights",
		},
		"cpu":    1.0,
		"memory": "2Gi",
		"ingress": map[string]any{
			"external":   true,
			"targetPort": 8080,
			"transport":  "http",
			"ipAllow":    []any{map[string]any{"name": "office", "cidr": "203.0.113.0/24"}},
			"cors": map[string]any{
				"allowedOrigins":   []any{"https://app.example.com"},
				"allowedMethods":   []any{"GET", "PUT"},
				"allowedHeaders":   []any{"Content-Type"},
				"exposeHeaders":    []any{"ETag"},
				"maxAgeSeconds":    600,
				"allowCredentials": true,
			},
			"stickySessions":        false,
			"additionalPorts":       []any{map[string]any{"external": false, "targetPort": 9090, "exposedPort": 9091}},
			"clientCertificateMode": "accept",
			"customDomains":         []any{map[string]any{"name": "api.example.com", "certificateId": certificateID}},
		},
		"gatewaySecret": "api-key",
		"minReplicas":   2,
		"maxReplicas":   5,
		"scale": map[string]any{
			"concurrentRequests": 100,
			"queues": []any{map[string]any{
				"name": "orders", "accountName": "stappdev", "queueName": "orders", "queueLength": 10,
				"storageAccountId": storageID,
			}},
		},
		"probes": map[string]any{
			"liveness": map[string]any{
				"path": "/live", "port": 8080, "initialDelaySeconds": 5, "periodSeconds": 15, "failureThreshold": 4,
				"timeoutSeconds": 2,
			},
			"readiness": map[string]any{"path": "/ready"},
			"startup":   map[string]any{"path": "/startup", "port": 8080},
		},
		"terminationGracePeriodSeconds": 60,
		"dapr": map[string]any{
			"appId": "api", "appPort": 8080, "appProtocol": "grpc", "apiLogging": true,
		},
		"revisions": map[string]any{
			"mode": "Multiple",
			"traffic": []any{
				map[string]any{"label": "blue", "latestRevision": true, "weight": 80},
				map[string]any{"label": "green", "revisionName": "api--r0123456789", "weight": 20},
			},
			"maxInactive": 5,
		},
		"initContainers": []any{map[string]any{
			"name": "migrate", "image": migrateImage, "command": []any{"/migrate"}, "args": []any{"up"}, "cpu": 0.5,
			"memory": "1Gi",
		}},
		"volumes": []any{
			map[string]any{"name": "scratch", "type": "EmptyDir", "mountPath": "/tmp/scratch"},
			map[string]any{"name": "secrets", "type": "Secret", "mountPath": "/mnt/secrets", "secretNames": []any{"api-key"}},
		},
		"actionGroupId":   actionGroupID,
		"propagationWait": "30s",
		"tags":            map[string]any{"team": "platform"},
	}
}

func everyContainerAppArg(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
	return containerapp.NewSecureContainerApp(ctx, name, containerapp.Args{
		ResourceGroupName:   pulumi.String("rg-app"),
		Location:            pulumi.String("westeurope"),
		AppName:             "api",
		IdentityName:        "id-api-blue",
		EnvironmentID:       pulumi.String(environmentID),
		WorkloadProfileName: "dedicated",
		Image:               pulumi.String(apiImage),
		RegistryServer:      pulumi.String(loginServer),
		RegistryID:          pulumi.String(registryID),
		KeyVaultSecrets: []containerapp.KeyVaultSecret{
			{
				Name:      "database-connection",
				SecretURI: pulumi.String(vaultURI + "/secrets/DatabaseConnection"),
				SecretID:  pulumi.String(vaultID + "/secrets/DatabaseConnection"),
			},
			{
				Name:      "api-key",
				SecretURI: pulumi.String(vaultURI + "/secrets/ApiKey"),
				SecretID:  pulumi.String(vaultID + "/secrets/ApiKey"),
			},
		},
		Env: []containerapp.EnvVar{
			{Name: "ENVIRONMENT", Value: pulumi.String("prod")},
			{Name: "DATABASE_CONNECTION", SecretRef: "database-connection"},
			{Name: "API_KEY", SecretRef: "api-key"},
		},
		TelemetryKeyVaultSecret: &containerapp.KeyVaultSecret{
			SecretURI: pulumi.String(vaultURI + "/secrets/AppInsights"),
			SecretID:  pulumi.String(vaultID + "/secrets/AppInsights"),
		},
		CPU:    1,
		Memory: "2Gi",
		Ingress: &containerapp.Ingress{
			External:   true,
			TargetPort: 8080,
			Transport:  "http",
			IPAllow:    []containerapp.IPRule{{Name: "office", CIDR: "203.0.113.0/24"}},
			CORS: &containerapp.CORS{
				AllowedOrigins:   []string{"https://app.example.com"},
				AllowedMethods:   []string{"GET", "PUT"},
				AllowedHeaders:   []string{"Content-Type"},
				ExposeHeaders:    []string{"ETag"},
				MaxAgeSeconds:    600,
				AllowCredentials: true,
			},
			AdditionalPorts:       []containerapp.PortMapping{{TargetPort: 9090, ExposedPort: 9091}},
			ClientCertificateMode: "accept",
			CustomDomains: []containerapp.CustomDomain{
				{Name: "api.example.com", CertificateID: pulumi.String(certificateID)},
			},
		},
		GatewaySecret: "api-key",
		MinReplicas:   pulumi.IntRef(2),
		MaxReplicas:   5,
		Scale: containerapp.Scale{
			ConcurrentRequests: 100,
			Queues: []containerapp.QueueScaleRule{{
				Name: "orders", AccountName: "stappdev", QueueName: "orders", QueueLength: 10,
				StorageAccountID: pulumi.String(storageID),
			}},
		},
		Probes: containerapp.Probes{
			Liveness: &containerapp.Probe{
				Path: "/live", Port: 8080, InitialDelaySeconds: 5, PeriodSeconds: 15, FailureThreshold: 4,
				TimeoutSeconds: 2,
			},
			Readiness: &containerapp.Probe{Path: "/ready"},
			Startup:   &containerapp.Probe{Path: "/startup", Port: 8080},
		},
		TerminationGracePeriodSeconds: 60,
		Dapr:                          &containerapp.Dapr{AppID: "api", AppPort: 8080, AppProtocol: "grpc", APILogging: true},
		Revisions: containerapp.Revisions{
			Mode: containerapp.RevisionModeMultiple,
			Traffic: []containerapp.TrafficTarget{
				{Label: "blue", LatestRevision: true, Weight: 80},
				{Label: "green", RevisionName: "api--r0123456789", Weight: 20},
			},
			MaxInactive: 5,
		},
		InitContainers: []containerapp.InitContainer{{
			Name: "migrate", Image: pulumi.String(migrateImage), Command: []string{"/migrate"}, Args: []string{"up"},
			CPU: 0.5, Memory: "1Gi",
		}},
		Volumes: []containerapp.Volume{
			{Name: "scratch", Type: "EmptyDir", MountPath: "/tmp/scratch"},
			{Name: "secrets", Type: "Secret", MountPath: "/mnt/secrets", SecretNames: []string{"api-key"}},
		},
		ActionGroupID:   pulumi.String(actionGroupID),
		PropagationWait: "30s",
		Tags:            map[string]string{"team": "platform"},
	})
}

// invalidConstructions each break several rules of one component; the component must report all of them.
func invalidConstructions() []construction {
	return []construction{
		{
			name: "SecureRegistry", token: registry.Token, resource: "acr",
			inputs: map[string]any{
				"resourceGroupName": "rg-app",
				"namePrefix":        "acr-app!",
				"sku":               "Gold",
				"webhooks":          []any{map[string]any{"name": "x", "serviceUri": secret(webhookURI)}},
			},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return registry.NewSecureRegistry(ctx, name, registry.Args{
					ResourceGroupName: pulumi.String("rg-app"),
					NamePrefix:        "acr-app!",
					Sku:               "Gold",
					Webhooks:          []registry.Webhook{{Name: "x", ServiceURI: pulumi.String(webhookURI)}},
				})
			},
			wantPaths: []string{"namePrefix", "sku", "webhooks[0].name"},
		},
		{
			name: "SecretVault", token: vault.Token, resource: "kv",
			inputs: map[string]any{
				"resourceGroupName":       "rg-app",
				"tenantId":                offline.TenantID,
				"namePrefix":              "1kv",
				"softDeleteRetentionDays": 3,
				"secrets":                 []any{map[string]any{"name": "Db"}},
				"readers": []any{map[string]any{
					"name": "api", "principalId": apiPrincipalID, "secretNames": []any{"Missing"},
				}},
			},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return vault.NewSecretVault(ctx, name, vault.Args{
					ResourceGroupName:       pulumi.String("rg-app"),
					TenantID:                pulumi.String(offline.TenantID),
					NamePrefix:              "1kv",
					SoftDeleteRetentionDays: 3,
					Secrets:                 []vault.Secret{{Name: "Db"}},
					Readers: []vault.Reader{{
						Principal:   vault.Principal{Name: "api", PrincipalID: pulumi.String(apiPrincipalID)},
						SecretNames: []string{"Missing"},
					}},
				})
			},
			wantPaths: []string{"namePrefix", "softDeleteRetentionDays", "secrets[0]", "readers[0].secretNames"},
		},
		{
			name: "AppEnvironment", token: environment.Token, resource: "env",
			inputs: map[string]any{
				"resourceGroupName": "rg-app",
				"baseName":          "App_Dev",
				"logRetentionDays":  7,
				"alertEmails":       []any{"on call"},
				"internal":          true,
			},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return environment.NewAppEnvironment(ctx, name, environment.Args{
					ResourceGroupName: pulumi.String("rg-app"),
					BaseName:          "App_Dev",
					LogRetentionDays:  7,
					AlertEmails:       []string{"on call"},
					Internal:          true,
				})
			},
			wantPaths: []string{"baseName", "logRetentionDays", "alertEmails[0]", "internal"},
		},
		{
			name: "SecureContainerApp", token: containerapp.Token, resource: "api",
			inputs: map[string]any{
				"resourceGroupName": "rg-app",
				"appName":           "API",
				"environmentId":     environmentID,
				"image":             apiImage,
				"cpu":               0.3,
				"ingress":           map[string]any{"targetPort": 70000},
				"env":               []any{map[string]any{"name": "API_KEY", "secretRef": "api-key"}},
				"revisions": map[string]any{
					"traffic": []any{map[string]any{"latestRevision": true, "weight": 50}},
				},
			},
			fromGo: func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error) {
				return containerapp.NewSecureContainerApp(ctx, name, containerapp.Args{
					ResourceGroupName: pulumi.String("rg-app"),
					AppName:           "API",
					EnvironmentID:     pulumi.String(environmentID),
					Image:             pulumi.String(apiImage),
					CPU:               0.3,
					Ingress:           &containerapp.Ingress{TargetPort: 70000},
					Env:               []containerapp.EnvVar{{Name: "API_KEY", SecretRef: "api-key"}},
					Revisions: containerapp.Revisions{
						Traffic: []containerapp.TrafficTarget{{LatestRevision: true, Weight: 50}},
					},
				})
			},
			wantPaths: []string{"appName", "cpu", "ingress.targetPort", "env[0].secretRef", "revisions.traffic"},
		},
	}
}

// secret is a string value as an SDK sends an input the schema marks secret.
func secret(value string) resource.PropertyValue {
	return resource.MakeSecret(resource.NewProperty(value))
}
