package tests

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/offline"
)

// Built-in role definitions (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
const (
	roleAcrPull             = "7f951dda-4ed3-4680-a7ca-43fe172d538d"
	roleKeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6"
)

// telemetrySecret is the app secret through which every app receives the Application Insights connection string.
const telemetrySecret = "appinsights-connection-string"

var guidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// appSpec is what a stack file says about one app.
type appSpec struct {
	name        string
	external    bool
	cpu         float64
	memory      string
	minReplicas float64
	maxReplicas float64
	// secrets maps each app secret to the vault secret it references.
	secrets map[string]string
	// secretEnv maps each variable the app sets from a secret to that app secret.
	secretEnv map[string]string
	// calls names the apps this app calls.
	calls []string
	// behindGateway is true for the app the stack file puts behind the API gateway.
	behindGateway bool
	// pinned is true when the stack file pins an image the pipeline pushed, by digest; false when the program
	// builds the image from source. The digest itself is read from the stack file: the release pipeline
	// rewrites it on every release.
	pinned bool
}

// stackSpec is what a stack file says, written out as the values a reader expects to see deployed.
type stackSpec struct {
	name                    string
	configTags              map[string]string
	logRetentionDays        float64
	softDeleteRetentionDays float64
	purgeProtection         bool
	protected               bool
	registrySku             string
	registryZoneRedundancy  string
	alertEmails             []string
	// vaultSecrets maps each vault secret of the stack file to its value; empty for a generated one.
	vaultSecrets map[string]string
	apps         []appSpec
}

var stackSpecs = []stackSpec{
	{
		name:                    "dev",
		configTags:              map[string]string{"cost-center": "cc-1042"},
		logRetentionDays:        30,
		softDeleteRetentionDays: 7,
		purgeProtection:         false,
		protected:               false,
		registrySku:             "Standard",
		registryZoneRedundancy:  "Disabled",
		alertEmails:             []string{"platform-oncall@example.com"},
		vaultSecrets: map[string]string{
			"DatabaseConnectionString": "Server=tcp:sql-aca-dev.database.windows.net,1433;Database=orders;" +
				"Authentication=Active Directory Managed Identity;Encrypt=True",
			"ApiKey":               "",
			"ServiceBusConnection": "Endpoint=sb://sb-aca-dev.servicebus.windows.net/;Authentication=Managed Identity",
		},
		apps: []appSpec{
			{
				name: "api", external: true, cpu: 0.5, memory: "1Gi", minReplicas: 1, maxReplicas: 5,
				secrets:       map[string]string{"db-connection": "DatabaseConnectionString", "api-key": "ApiKey"},
				secretEnv:     map[string]string{"DATABASE_CONNECTION": "db-connection", "API_KEY": "api-key"},
				calls:         []string{"worker"},
				behindGateway: true,
			},
			{
				name: "worker", external: false, cpu: 0.25, memory: "0.5Gi", minReplicas: 0, maxReplicas: 3,
				secrets:   map[string]string{},
				secretEnv: map[string]string{},
			},
		},
	},
	{
		name:                    "prod",
		configTags:              map[string]string{"cost-center": "cc-1042", "criticality": "high"},
		logRetentionDays:        90,
		softDeleteRetentionDays: 90,
		purgeProtection:         true,
		protected:               true,
		registrySku:             "Premium",
		registryZoneRedundancy:  "Enabled",
		alertEmails:             []string{"platform-oncall@example.com", "service-owners@example.com"},
		vaultSecrets: map[string]string{
			"DatabaseConnectionString": "Server=tcp:sql-aca-prod.database.windows.net,1433;Database=orders;" +
				"Authentication=Active Directory Managed Identity;Encrypt=True",
			"ApiKey":               "",
			"ServiceBusConnection": "Endpoint=sb://sb-aca-prod.servicebus.windows.net/;Authentication=Managed Identity",
		},
		apps: []appSpec{
			{
				name: "api", external: true, cpu: 1, memory: "2Gi", minReplicas: 2, maxReplicas: 10,
				secrets:       map[string]string{"db-connection": "DatabaseConnectionString", "api-key": "ApiKey"},
				secretEnv:     map[string]string{"DATABASE_CONNECTION": "db-connection", "API_KEY": "api-key"},
				calls:         []string{"worker"},
				pinned:        true,
				behindGateway: true,
			},
			{
				name: "worker", external: false, cpu: 0.5, memory: "1Gi", minReplicas: 1, maxReplicas: 5,
				secrets:   map[string]string{},
				secretEnv: map[string]string{},
				pinned:    true,
			},
		},
	},
}

// forEachStack runs each real stack file once and hands the result to check.
func forEachStack(t *testing.T, check func(t *testing.T, spec stackSpec, run *stackRun)) {
	t.Helper()
	for _, spec := range stackSpecs {
		t.Run(spec.name, func(t *testing.T) {
			t.Parallel()
			check(t, spec, runStackFile(t, spec.name))
		})
	}
}

// baseTags are the tags the stack file asks for on every resource.
func (spec stackSpec) baseTags() map[string]any {
	tags := map[string]any{
		"purpose":        "microservices",
		"environment":    spec.name,
		"owner":          "platform-team",
		"managed-by":     "pulumi",
		"pulumi-project": project,
		"pulumi-stack":   spec.name,
	}
	for name, value := range spec.configTags {
		tags[name] = value
	}
	return tags
}

func (run *stackRun) vaultSecret(t *testing.T, name string) *offline.Resource {
	t.Helper()
	return run.find(t, typeVaultSecret, "vault-secret-"+strings.ToLower(name))
}

// appSecretValue follows an app secret to the value the container receives: the secret's own value, or the
// value of the vault secret its Key Vault reference points at. It reports whether that value is secret.
func (run *stackRun) appSecretValue(t *testing.T, app *offline.Resource, name string) (string, bool) {
	t.Helper()
	entry := elementPath(t, app.Inputs, "configuration.secrets", "name", name)
	if !has(app.Inputs, entry+".keyVaultUrl") {
		return text(t, app.Inputs, entry+".value"), isSecret(t, app.Inputs, entry+".value")
	}
	url := text(t, app.Inputs, entry+".keyVaultUrl")
	for _, secret := range run.all(typeVaultSecret) {
		if uri, _, ok := lookup(secret.Outputs, "properties.secretUri"); ok && uri.IsString() && uri.StringValue() == url {
			return text(t, secret.Inputs, "properties.value"), isSecret(t, secret.Inputs, "properties.value")
		}
	}
	require.Failf(t, "dangling Key Vault reference", "app secret %q references %s, which no vault secret has", name, url)
	return "", false
}

func TestResourceGroupIsNamedLocatedAndTagged(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		group := run.find(t, typeResourceGroup, "resource-group")

		assert.Equal(t, "rg-aca-"+spec.name, text(t, group.Inputs, "resourceGroupName"))
		assert.Equal(t, "westeurope", text(t, group.Inputs, "location"))
		assert.Equal(t, spec.baseTags(), plain(t, group.Inputs, "tags"))
		assert.Empty(t, group.Parent, "the resource group belongs to the stack, not a component")
		assert.Empty(t, group.Dependencies)
	})
}

func TestEveryTaggedResourceCarriesTheStackTags(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		tagged := 0
		for _, r := range run.Resources {
			if !has(r.Inputs, "tags") {
				continue
			}
			tagged++
			tags, ok := plain(t, r.Inputs, "tags").(map[string]any)
			require.True(t, ok, r.URN)
			for name, value := range spec.baseTags() {
				assert.Equalf(t, value, tags[name], "tag %q of %s", name, r.URN)
			}
		}
		assert.Greater(t, tagged, 20, "the stack tags every taggable resource")
	})
}

func TestMonitoringIsWiredWithTheIDFormEachConsumerAsksFor(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		component := run.find(t, "secureaca:index:AppEnvironment", "environment")
		workspace := run.find(t, typeWorkspace, "environment-logs")
		insights := run.find(t, typeAppInsights, "environment-insights")
		environment := run.find(t, typeManagedEnvironment, "environment-environment")
		actionGroup := run.find(t, typeActionGroup, "environment-alerts")

		t.Run("workspace keeps logs as long as the stack file says", func(t *testing.T) {
			assert.Equal(t, "log-aca-"+spec.name, text(t, workspace.Inputs, "workspaceName"))
			assert.Equal(t, spec.logRetentionDays, property(t, workspace.Inputs, "retentionInDays").NumberValue())
			assert.Equal(t, "PerGB2018", text(t, workspace.Inputs, "sku.name"))
			assert.Equal(t, component.URN, workspace.Parent)
		})

		t.Run("Application Insights is workspace-based on the workspace's ARM id", func(t *testing.T) {
			assert.Equal(t, workspace.ID, text(t, insights.Inputs, "workspaceResourceId"))
			assert.Equal(t, []string{workspace.URN}, insights.PropertyDependencies["workspaceResourceId"])
			assert.Equal(t, "LogAnalytics", text(t, insights.Inputs, "ingestionMode"))
			assert.Equal(t, component.URN, insights.Parent)
		})

		t.Run("environment logs to the workspace by its customer id and a secret shared key", func(t *testing.T) {
			config := "appLogsConfiguration.logAnalyticsConfiguration"
			customerID := text(t, environment.Inputs, config+".customerId")

			assert.Equal(t, "log-analytics", text(t, environment.Inputs, "appLogsConfiguration.destination"))
			assert.Equal(t, text(t, workspace.Outputs, "customerId"), customerID)
			assert.Regexp(t, guidPattern, customerID, "the workspace GUID, not its ARM id")
			assert.NotEqual(t, workspace.ID, customerID)
			assert.Contains(t, environment.PropertyDependencies["appLogsConfiguration"], workspace.URN)
			assert.NotEmpty(t, text(t, environment.Inputs, config+".sharedKey"))
			assert.True(t, isSecret(t, environment.Inputs, config+".sharedKey"), "the shared key is secret")
			sharedKeys := run.invoke(t, "azure-native:operationalinsights:getSharedKeys")
			assert.Equal(t, "log-aca-"+spec.name, text(t, sharedKeys.Args, "workspaceName"), "the stack's own workspace")
			assert.Equal(t, "rg-aca-"+spec.name, text(t, sharedKeys.Args, "resourceGroupName"))
		})

		t.Run("Dapr telemetry goes to Application Insights as a secret", func(t *testing.T) {
			assert.Equal(t, text(t, insights.Outputs, "connectionString"),
				text(t, environment.Inputs, "daprAIConnectionString"))
			assert.True(t, isSecret(t, environment.Inputs, "daprAIConnectionString"))
			assert.Contains(t, environment.PropertyDependencies["daprAIConnectionString"], insights.URN)
		})

		t.Run("alerts reach the stack file's addresses", func(t *testing.T) {
			var addresses []any
			for _, receiver := range plain(t, actionGroup.Inputs, "emailReceivers").([]any) {
				addresses = append(addresses, receiver.(map[string]any)["emailAddress"])
			}
			want := make([]any, len(spec.alertEmails))
			for i, address := range spec.alertEmails {
				want[i] = address
			}
			assert.Equal(t, want, addresses)
		})
	})
}

func TestRegistryIsPrivateAndNamedWithItsRandomSuffix(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		registry := run.find(t, typeRegistry, "registry-acr")
		suffix := run.find(t, typeRandomString, "registry-suffix")

		assert.Equal(t, spec.registrySku, text(t, registry.Inputs, "sku.name"))
		assert.False(t, property(t, registry.Inputs, "adminUserEnabled").BoolValue(), "admin user disabled")
		assert.False(t, has(registry.Inputs, "anonymousPullEnabled") &&
			property(t, registry.Inputs, "anonymousPullEnabled").BoolValue(), "anonymous pull disabled")
		assert.Equal(t, spec.registryZoneRedundancy, text(t, registry.Inputs, "zoneRedundancy"))
		assert.Equal(t, "acraca"+spec.name+text(t, suffix.Outputs, "result"), text(t, registry.Inputs, "registryName"))
		assert.Equal(t, []string{suffix.URN}, registry.PropertyDependencies["registryName"])
		assert.Equal(t, 6.0, property(t, suffix.Inputs, "length").NumberValue())
		assert.False(t, property(t, suffix.Inputs, "special").BoolValue(), "registry names are letters and digits")
		assert.False(t, property(t, suffix.Inputs, "upper").BoolValue())
	})
}

func TestVaultUsesRBACAndKeepsEverySecretValueSecret(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		vault := run.find(t, typeVault, "vault-kv")
		suffix := run.find(t, typeRandomString, "vault-suffix")

		t.Run("vault authorizes with RBAC and soft-deletes as configured", func(t *testing.T) {
			assert.Equal(t, "kv-aca-"+spec.name+"-"+text(t, suffix.Outputs, "result"), text(t, vault.Inputs, "vaultName"))
			assert.True(t, property(t, vault.Inputs, "properties.enableRbacAuthorization").BoolValue())
			assert.Equal(t, []any{}, plain(t, vault.Inputs, "properties.accessPolicies"), "no access policies")
			assert.True(t, property(t, vault.Inputs, "properties.enableSoftDelete").BoolValue())
			assert.Equal(t, spec.softDeleteRetentionDays,
				property(t, vault.Inputs, "properties.softDeleteRetentionInDays").NumberValue())
			assert.Equal(t, "standard", text(t, vault.Inputs, "properties.sku.name"))
		})

		t.Run("purge protection is on only where the stack file turns it on", func(t *testing.T) {
			if spec.purgeProtection {
				assert.True(t, property(t, vault.Inputs, "properties.enablePurgeProtection").BoolValue())
			} else {
				assert.False(t, has(vault.Inputs, "properties.enablePurgeProtection"),
					"Azure rejects false; off is expressed by leaving it unset")
			}
		})

		t.Run("tenant is the deploying identity's, from getClientConfig", func(t *testing.T) {
			assert.Equal(t, offline.TenantID, text(t, vault.Inputs, "properties.tenantId"))
			run.invoke(t, "azure-native:authorization:getClientConfig")
		})

		t.Run("each secret of the stack file is stored with its value, as a secret", func(t *testing.T) {
			for name, value := range spec.vaultSecrets {
				secret := run.vaultSecret(t, name)
				assert.Equal(t, name, text(t, secret.Inputs, "secretName"))
				assert.Equal(t, text(t, vault.Outputs, "name"), text(t, secret.Inputs, "vaultName"))
				assert.Equal(t, []string{vault.URN}, secret.PropertyDependencies["vaultName"])
				assert.Truef(t, isSecret(t, secret.Inputs, "properties.value"), "value of %s is secret", name)
				if value != "" {
					assert.Equal(t, value, text(t, secret.Inputs, "properties.value"))
				}
			}
		})

		t.Run("generated ApiKey is a RandomPassword's result, kept secret", func(t *testing.T) {
			password := run.find(t, typeRandomPassword, "vault-secret-apikey-value")
			apiKey := run.vaultSecret(t, "ApiKey")

			assert.Equal(t, text(t, password.Outputs, "result"), text(t, apiKey.Inputs, "properties.value"))
			assert.True(t, isSecret(t, apiKey.Inputs, "properties.value"))
			assert.True(t, isSecret(t, password.Outputs, "result"))
			assert.Equal(t, []string{password.URN}, apiKey.PropertyDependencies["properties"])
			assert.Equal(t, 48.0, property(t, password.Inputs, "length").NumberValue())
		})

		t.Run("no vault secret of any origin carries a plain value", func(t *testing.T) {
			for _, secret := range run.all(typeVaultSecret) {
				assert.Truef(t, isSecret(t, secret.Inputs, "properties.value"), "value of %s is secret", secret.Name)
				assert.Equal(t, vault.Parent, secret.Parent)
			}
		})
	})
}

func TestEachAppHasItsOwnIdentityWithLeastPrivilegeGrants(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		registry := run.find(t, typeRegistry, "registry-acr")
		vault := run.find(t, typeVault, "vault-kv")

		for _, app := range spec.apps {
			component := run.find(t, typeContainerAppComp, app.name)
			identity := run.find(t, typeIdentity, app.name+"-identity")
			principalID := text(t, identity.Outputs, "principalId")

			t.Run(app.name+" runs as a user-assigned identity of its own", func(t *testing.T) {
				assert.Equal(t, component.URN, identity.Parent)
				assert.Equal(t, "id-"+app.name, text(t, identity.Inputs, "resourceName"))
			})

			t.Run(app.name+" identity's principal id is granted AcrPull on the registry", func(t *testing.T) {
				pull := run.find(t, typeRoleAssignment, app.name+"-acr-pull")

				assert.Equal(t, registry.ID, text(t, pull.Inputs, "scope"))
				assert.Equal(t, principalID, text(t, pull.Inputs, "principalId"))
				assert.NotEqual(t, text(t, identity.Outputs, "clientId"), text(t, pull.Inputs, "principalId"),
					"a role assignment names the principal id, not the client id")
				assert.Equal(t, "ServicePrincipal", text(t, pull.Inputs, "principalType"))
				assert.Equal(t, "/subscriptions/"+offline.SubscriptionID+
					"/providers/Microsoft.Authorization/roleDefinitions/"+roleAcrPull, text(t, pull.Inputs, "roleDefinitionId"))
				assert.Equal(t, sorted(urns(identity, registry)), sorted(pull.Dependencies))
				assert.Equal(t, component.URN, pull.Parent)
			})

			for secretName, vaultSecretName := range app.secrets {
				t.Run(app.name+" may read "+vaultSecretName+" and only that secret", func(t *testing.T) {
					grant := run.find(t, typeRoleAssignment, app.name+"-secret-"+secretName)
					secret := run.vaultSecret(t, vaultSecretName)

					assert.Equal(t, secret.ID, text(t, grant.Inputs, "scope"))
					assert.NotEqual(t, vault.ID, text(t, grant.Inputs, "scope"), "scoped to the secret, not the vault")
					assert.Equal(t, principalID, text(t, grant.Inputs, "principalId"))
					assert.Equal(t, "ServicePrincipal", text(t, grant.Inputs, "principalType"))
					assert.Equal(t, "/subscriptions/"+offline.SubscriptionID+
						"/providers/Microsoft.Authorization/roleDefinitions/"+roleKeyVaultSecretsUser,
						text(t, grant.Inputs, "roleDefinitionId"))
					assert.Equal(t, sorted(urns(identity, secret)), sorted(grant.Dependencies))
					assert.Equal(t, component.URN, grant.Parent)
				})
			}
		}

		t.Run("no grant covers the whole vault", func(t *testing.T) {
			for _, grant := range run.all(typeRoleAssignment) {
				assert.NotEqual(t, vault.ID, text(t, grant.Inputs, "scope"), grant.Name)
			}
		})
	})
}

func TestAppStartsOnlyAfterItsGrantsTakeEffect(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		for _, app := range spec.apps {
			t.Run(app.name, func(t *testing.T) {
				component := run.find(t, typeContainerAppComp, app.name)
				grants := run.children(component.URN, typeRoleAssignment)
				wait := run.find(t, typeSleep, app.name+"-rbac-propagation")
				containerApp := run.find(t, typeContainerApp, app.name+"-app")
				require.GreaterOrEqual(t, len(grants), 1+len(app.secrets), "AcrPull plus one grant per secret")

				assert.Equal(t, sorted(urns(grants...)), sorted(wait.Dependencies), "the wait starts after every grant")
				assert.Equal(t, "90s", text(t, wait.Inputs, "createDuration"))
				assert.Equal(t, component.URN, wait.Parent)
				for _, waitedFor := range append(grants, wait) {
					assert.Containsf(t, containerApp.Dependencies, waitedFor.URN, "app waits for %s", waitedFor.Name)
					assert.NotContainsf(t, inputDependencies(containerApp), waitedFor.URN,
						"the app waits for %s explicitly, not through an input", waitedFor.Name)
				}
			})
		}
	})
}

func TestAppPullsSecretsAndImageWithItsIdentity(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		registry := run.find(t, typeRegistry, "registry-acr")
		vault := run.find(t, typeVault, "vault-kv")
		environment := run.find(t, typeManagedEnvironment, "environment-environment")
		insights := run.find(t, typeAppInsights, "environment-insights")
		loginServer := text(t, registry.Outputs, "loginServer")

		for _, app := range spec.apps {
			component := run.find(t, typeContainerAppComp, app.name)
			identity := run.find(t, typeIdentity, app.name+"-identity")
			containerApp := run.find(t, typeContainerApp, app.name+"-app")
			in := containerApp.Inputs

			t.Run(app.name+" is registered with the pinned API version in its environment", func(t *testing.T) {
				assert.Equal(t, "azure-native:app/v20250101:ContainerApp", containerApp.Type)
				assert.Equal(t, component.URN, containerApp.Parent)
				assert.Equal(t, app.name, text(t, in, "containerAppName"))
				assert.Equal(t, environment.ID, text(t, in, "managedEnvironmentId"))
				assert.Equal(t, map[string]any{"type": "UserAssigned", "userAssignedIdentities": []any{identity.ID}},
					plain(t, in, "identity"))
			})

			t.Run(app.name+" pulls from the registry's login server with its identity", func(t *testing.T) {
				assert.Equal(t, []any{map[string]any{"server": loginServer, "identity": identity.ID}},
					plain(t, in, "configuration.registries"), "no user name or password")
			})

			for secretName, vaultSecretName := range app.secrets {
				t.Run(app.name+" references "+vaultSecretName+" by its versionless URI", func(t *testing.T) {
					entry := elementPath(t, in, "configuration.secrets", "name", secretName)
					secret := run.vaultSecret(t, vaultSecretName)
					url := text(t, in, entry+".keyVaultUrl")

					assert.Equal(t, text(t, secret.Outputs, "properties.secretUri"), url)
					assert.Equal(t, "https://"+text(t, vault.Outputs, "name")+".vault.azure.net/secrets/"+vaultSecretName, url)
					assert.NotEqual(t, vault.ID, url)
					assert.NotEqual(t, text(t, vault.Outputs, "properties.vaultUri"), url)
					assert.Equal(t, identity.ID, text(t, in, entry+".identity"))
					assert.False(t, has(in, entry+".value"), "a reference carries no value")
				})
			}

			t.Run(app.name+" gets exactly the expected environment variables", func(t *testing.T) {
				want := []any{
					map[string]any{"name": "AZURE_CLIENT_ID", "value": text(t, identity.Outputs, "clientId")},
					map[string]any{"name": "APPLICATIONINSIGHTS_CONNECTION_STRING", "secretRef": telemetrySecret},
					map[string]any{"name": "ENVIRONMENT", "value": spec.name},
					map[string]any{"name": "PORT", "value": "8080"},
				}
				for name, secretRef := range app.secretEnv {
					want = append(want, map[string]any{"name": name, "secretRef": secretRef})
				}
				if app.behindGateway {
					want = append(want, map[string]any{"name": "GATEWAY_SECRET", "secretRef": "gateway-secret"})
				}
				for _, callee := range app.calls {
					want = append(want,
						map[string]any{
							"name":  strings.ToUpper(callee) + "_URL",
							"value": "https://" + callee + ".internal." + text(t, environment.Outputs, "defaultDomain"),
						},
						map[string]any{"name": strings.ToUpper(callee) + "_APP_ID", "value": callee})
				}
				assert.ElementsMatch(t, want, plain(t, in, "template.containers[0].env"))
			})

			t.Run(app.name+" reads the Application Insights connection string from a secret", func(t *testing.T) {
				value, secret := run.appSecretValue(t, containerApp, telemetrySecret)
				assert.Equal(t, text(t, insights.Outputs, "connectionString"), value)
				assert.True(t, secret, "the connection string is secret all the way to the app")
			})

			t.Run(app.name+" holds no secret value that is not secret", func(t *testing.T) {
				secrets := property(t, in, "configuration.secrets")
				require.NotEmpty(t, secrets.ArrayValue())
				for i := range secrets.ArrayValue() {
					name := text(t, in, fmt.Sprintf("configuration.secrets[%d].name", i))
					value, secret := run.appSecretValue(t, containerApp, name)
					assert.NotEmpty(t, value, name)
					assert.True(t, secret, "app secret %s", name)
				}
			})

			t.Run(app.name+" ingress is HTTPS only, external as configured", func(t *testing.T) {
				assert.Equal(t, app.external, property(t, in, "configuration.ingress.external").BoolValue())
				assert.Equal(t, 8080.0, property(t, in, "configuration.ingress.targetPort").NumberValue())
				assert.False(t, property(t, in, "configuration.ingress.allowInsecure").BoolValue())
				assert.Equal(t, []any{map[string]any{"latestRevision": true, "weight": 100.0}},
					plain(t, in, "configuration.ingress.traffic"))
				assert.Equal(t, "Single", text(t, in, "configuration.activeRevisionsMode"))
			})

			t.Run(app.name+" is sized and scaled as configured", func(t *testing.T) {
				assert.Equal(t, map[string]any{"cpu": app.cpu, "memory": app.memory},
					plain(t, in, "template.containers[0].resources"))
				assert.Equal(t, app.minReplicas, property(t, in, "template.scale.minReplicas").NumberValue())
				assert.Equal(t, app.maxReplicas, property(t, in, "template.scale.maxReplicas").NumberValue())
				assert.Equal(t, []any{map[string]any{
					"name": "http-requests",
					"http": map[string]any{"metadata": map[string]any{"concurrentRequests": "50"}},
				}}, plain(t, in, "template.scale.rules"))
			})

			t.Run(app.name+" is probed for liveness and readiness", func(t *testing.T) {
				for kind, path := range map[string]string{"Liveness": "/healthz", "Readiness": "/readyz"} {
					probe := elementPath(t, in, "template.containers[0].probes", "type", kind)
					assert.Equal(t, map[string]any{"path": path, "port": 8080.0, "scheme": "HTTP"},
						plain(t, in, probe+".httpGet"), kind)
				}
			})

			t.Run(app.name+" runs an image pinned by digest", func(t *testing.T) {
				image := text(t, in, "template.containers[0].image")
				if !app.pinned {
					built := run.find(t, typeImage, app.name+"-image")
					assert.Equal(t, text(t, built.Outputs, "repoDigest"), image)
					assert.Contains(t, containerApp.PropertyDependencies["template"], built.URN)
				} else {
					assert.Equal(t, loginServer+"/"+app.name+"@"+stackFileDigest(t, spec.name, app.name), image)
				}
				assert.Regexp(t, `@sha256:[0-9a-f]{64}$`, image)
			})
		}
	})
}

func TestImagesArePushedWithAnEntraTokenNeverAnAdminPassword(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		registry := run.find(t, typeRegistry, "registry-acr")
		loginServer := text(t, registry.Outputs, "loginServer")

		t.Run("no credentials are ever listed", func(t *testing.T) {
			for _, invoke := range run.Invokes {
				assert.NotContains(t, strings.ToLower(invoke.Token), "credential", invoke.Token)
			}
		})

		built := 0
		for _, app := range spec.apps {
			if app.pinned {
				continue
			}
			built++
			t.Run(app.name+" is built from source and pushed with a refresh token", func(t *testing.T) {
				image := run.find(t, typeImage, app.name+"-image")

				assert.Empty(t, image.Parent)
				assert.Equal(t, loginServer+"/"+app.name+":"+spec.name, text(t, image.Inputs, "imageName"))
				assert.Equal(t, map[string]any{
					"context": "services", "dockerfile": "services/" + app.name + "/Dockerfile",
					"platform": "linux/amd64", "args": map[string]any{},
				}, plain(t, image.Inputs, "build"))
				assert.Equal(t, loginServer, text(t, image.Inputs, "registry.server"))
				assert.Equal(t, "00000000-0000-0000-0000-000000000000", text(t, image.Inputs, "registry.username"))
				assert.Equal(t, offline.RefreshToken, text(t, image.Inputs, "registry.password"))
				assert.True(t, isSecret(t, image.Inputs, "registry.password"))
			})
		}

		t.Run("a token is exchanged at the stack's registry once per built image", func(t *testing.T) {
			calls := run.Exchanger.Calls()
			assert.Len(t, calls, built)
			assert.Len(t, run.all(typeImage), built)
			for _, call := range calls {
				assert.Equal(t, loginServer, call.LoginServer)
				assert.Equal(t, offline.TenantID, call.TenantID)
			}
		})
	})
}

// alertSpecs are the metric alerts every app with ingress gets.
var alertSpecs = []struct {
	suffix, metric, aggregation, window string
	threshold, severity                 float64
}{
	{suffix: "cpu", metric: "CpuPercentage", aggregation: "Average", threshold: 80, window: "PT5M", severity: 2},
	{suffix: "memory", metric: "MemoryPercentage", aggregation: "Average", threshold: 80, window: "PT5M", severity: 2},
	{suffix: "restarts", metric: "RestartCount", aggregation: "Total", threshold: 3, window: "PT15M", severity: 2},
	{suffix: "server-errors", metric: "Requests", aggregation: "Total", threshold: 10, window: "PT5M", severity: 1},
}

func TestEveryAppIsWatchedByMetricAlertsRoutedToTheActionGroup(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		actionGroup := run.find(t, typeActionGroup, "environment-alerts")

		for _, app := range spec.apps {
			containerApp := run.find(t, typeContainerApp, app.name+"-app")
			component := run.find(t, typeContainerAppComp, app.name)
			for _, want := range alertSpecs {
				t.Run(app.name+" alerts on "+want.suffix, func(t *testing.T) {
					alert := run.find(t, typeMetricAlert, app.name+"-alert-"+want.suffix)
					criterion := "criteria.allOf[0]"

					assert.Equal(t, []any{containerApp.ID}, plain(t, alert.Inputs, "scopes"))
					assert.Equal(t, []any{map[string]any{"actionGroupId": actionGroup.ID}}, plain(t, alert.Inputs, "actions"))
					assert.Equal(t, want.metric, text(t, alert.Inputs, criterion+".metricName"))
					assert.Equal(t, "GreaterThan", text(t, alert.Inputs, criterion+".operator"))
					assert.Equal(t, want.threshold, property(t, alert.Inputs, criterion+".threshold").NumberValue())
					assert.Equal(t, want.aggregation, text(t, alert.Inputs, criterion+".timeAggregation"))
					assert.Equal(t, want.window, text(t, alert.Inputs, "windowSize"))
					assert.Equal(t, "PT1M", text(t, alert.Inputs, "evaluationFrequency"))
					assert.Equal(t, want.severity, property(t, alert.Inputs, "severity").NumberValue())
					assert.True(t, property(t, alert.Inputs, "autoMitigate").BoolValue())
					assert.True(t, property(t, alert.Inputs, "enabled").BoolValue())
					assert.Equal(t, component.URN, alert.Parent)
				})
			}
		}
	})
}

func TestEveryAzureResourceRequestsTheSameProviderVersion(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, _ stackSpec, run *stackRun) {
		azure := 0
		for _, r := range run.Resources {
			if strings.HasPrefix(r.Type, "azure-native:") {
				azure++
				assert.Equalf(t, "2.90.0", r.Version, "%s asks for another azure-native plugin", r.URN)
			}
		}
		require.NotEmpty(t, run.all(typeIdentity), "managed identities come from an older SDK module")
		assert.Greater(t, azure, 20)
	})
}

func TestComponentChildrenAreParentedAndNamedAfterTheirComponent(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, _ stackSpec, run *stackRun) {
		children := 0
		for _, r := range run.Resources {
			if r.Parent == "" {
				continue
			}
			children++
			parent := run.byURN(r.Parent)
			require.NotNilf(t, parent, "parent of %s is registered", r.URN)
			assert.Falsef(t, parent.Custom, "%s is parented to a component", r.URN)
			assert.Truef(t, strings.HasPrefix(r.Name, parent.Name+"-"), "%s starts with %q", r.Name, parent.Name+"-")
		}
		assert.Greater(t, children, 30)
	})
}

func TestProductionProtectsAndLocksStatefulResources(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		workspace := run.find(t, typeWorkspace, "environment-logs")
		registry := run.find(t, typeRegistry, "registry-acr")
		vault := run.find(t, typeVault, "vault-kv")

		t.Run("stateful resources are protected in Pulumi", func(t *testing.T) {
			var protected []string
			for _, r := range run.Resources {
				if r.Protect {
					protected = append(protected, r.Name)
				}
			}
			want := []string{}
			if spec.protected {
				want = []string{"resource-group", "environment-logs", "environment-insights", "registry-acr", "vault-kv"}
			}
			assert.ElementsMatch(t, want, protected)
		})

		t.Run("registry, vault and workspace carry a CanNotDelete lock", func(t *testing.T) {
			locks := map[string]string{}
			for _, lock := range run.all(typeLock) {
				assert.Equal(t, "CanNotDelete", text(t, lock.Inputs, "level"), lock.Name)
				locks[lock.Name] = text(t, lock.Inputs, "scope")
			}
			want := map[string]string{}
			if spec.protected {
				want = map[string]string{
					"registry-lock":         registry.ID,
					"vault-lock":            vault.ID,
					"environment-logs-lock": workspace.ID,
				}
			}
			assert.Equal(t, want, locks)
		})
	})
}

func TestVaultAndRegistrySendDiagnosticsToTheWorkspace(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, _ stackSpec, run *stackRun) {
		workspace := run.find(t, typeWorkspace, "environment-logs")
		for name, target := range map[string]*offline.Resource{
			"vault-diagnostics":    run.find(t, typeVault, "vault-kv"),
			"registry-diagnostics": run.find(t, typeRegistry, "registry-acr"),
		} {
			setting := run.find(t, typeDiagnosticSetting, name)
			assert.Equal(t, target.ID, text(t, setting.Inputs, "resourceUri"), name)
			assert.Equal(t, workspace.ID, text(t, setting.Inputs, "workspaceId"), "%s uses the workspace's ARM id", name)
			assert.Equal(t, target.Parent, setting.Parent, name)
		}
	})
}

func TestRiskySettingsAreLoggedAsWarnings(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		var purge, ingress []string
		for _, message := range run.Messages {
			assert.Equal(t, "warning", string(message.Severity), message.Text)
			switch {
			case strings.Contains(message.Text, "purge protection is off"):
				purge = append(purge, message.Resource)
			case strings.Contains(message.Text, "ingress is external with no IP allow rules"):
				ingress = append(ingress, message.Resource)
			default:
				assert.Failf(t, "unexpected message", "%s: %s", message.Resource, message.Text)
			}
		}

		wantPurge := []string{}
		if !spec.purgeProtection {
			wantPurge = []string{"vault"}
		}
		wantIngress := []string{}
		for _, app := range spec.apps {
			if app.external && !app.behindGateway {
				wantIngress = append(wantIngress, app.name)
			}
		}
		assert.ElementsMatch(t, wantPurge, purge, "purge protection warnings")
		assert.ElementsMatch(t, wantIngress, ingress, "external ingress warnings")
	})
}

func TestOutputsAndLogsCarryNoSecret(t *testing.T) {
	t.Parallel()
	forEachStack(t, func(t *testing.T, spec stackSpec, run *stackRun) {
		registry := run.find(t, typeRegistry, "registry-acr")
		environment := run.find(t, typeManagedEnvironment, "environment-environment")
		domain := text(t, environment.Outputs, "defaultDomain")

		t.Run("outputs name what an operator needs", func(t *testing.T) {
			assert.Equal(t, "rg-aca-"+spec.name, run.Outputs["resourceGroupName"])
			assert.Equal(t, text(t, registry.Outputs, "loginServer"), run.Outputs["registryLoginServer"])
			apps, ok := run.Outputs["apps"].(map[string]any)
			require.True(t, ok)
			for _, app := range spec.apps {
				identity := run.find(t, typeIdentity, app.name+"-identity")
				host := app.name + ".internal." + domain
				if app.external {
					host = app.name + "." + domain
				}
				outputs, ok := apps[app.name].(map[string]any)
				require.Truef(t, ok, "outputs of %s", app.name)
				assert.Equal(t, "https://"+host, outputs["url"], app.name)
				assert.Equal(t, text(t, identity.Outputs, "clientId"), outputs["identityClientId"], app.name)
			}
		})

		t.Run("no secret value appears in outputs or messages", func(t *testing.T) {
			secrets := []string{offline.RefreshToken, text(t, run.find(t, typeAppInsights, "environment-insights").Outputs,
				"connectionString")}
			for _, secret := range run.all(typeVaultSecret) {
				secrets = append(secrets, text(t, secret.Inputs, "properties.value"))
			}
			shown := fmt.Sprint(run.Outputs, run.Messages)
			for _, secret := range secrets {
				assert.NotContains(t, shown, secret)
			}
		})
	})
}
