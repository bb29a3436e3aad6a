package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeVirtualNetwork   = "azure-native:network:VirtualNetwork"
	typePrivateEndpoint  = "azure-native:network:PrivateEndpoint"
	typePrivateZone      = "azure-native:network:PrivateZone"
	typeDNSZoneGroup     = "azure-native:network:PrivateDnsZoneGroup"
	typeGenericResource  = "azure-native:resources:Resource"
	typeDaprComponent    = "azure-native:app/v20250101:DaprComponent"
	typeBudget           = "azure-native:consumption:Budget"
	typeVirtualNetLink   = "azure-native:network:VirtualNetworkLink"
	keyVaultPrivateZone  = "privatelink.vaultcore.azure.net"
	registryPrivateZone  = "privatelink.azurecr.io"
	gatewaySecretAppName = "gateway-secret"
)

func TestProdPutsTheEnvironmentAndPrivateEndpointsOnItsNetwork(t *testing.T) {
	t.Parallel()
	run := runStackFile(t, "prod")
	vnet := run.find(t, typeVirtualNetwork, "network-vnet")
	environment := run.find(t, typeManagedEnvironment, "environment-environment")

	assert.Equal(t, vnet.ID+"/subnets/snet-aca-prod-apps",
		text(t, environment.Inputs, "vnetConfiguration.infrastructureSubnetId"),
		"the environment must sit in the network's apps subnet")
	assert.Equal(t, true, plain(t, environment.Inputs, "zoneRedundant"))
	assert.Contains(t, environment.ReplaceOnChanges, "zoneRedundant", "zone redundancy is fixed at creation")
	assert.True(t, environment.DeleteBeforeReplace)
	assert.Equal(t, "10.40.0.0/16", plain(t, vnet.Inputs, "addressSpace.addressPrefixes[0]"))

	zones := map[string]string{}
	for _, zone := range run.all(typePrivateZone) {
		zones[text(t, zone.Inputs, "privateZoneName")] = zone.ID
		assert.Equal(t, "global", text(t, zone.Inputs, "location"))
	}
	require.Contains(t, zones, keyVaultPrivateZone)
	require.Contains(t, zones, registryPrivateZone)
	for _, link := range run.all(typeVirtualNetLink) {
		assert.Equal(t, vnet.ID, text(t, link.Inputs, "virtualNetwork.id"))
		assert.Equal(t, false, plain(t, link.Inputs, "registrationEnabled"))
	}

	for _, tc := range []struct {
		endpoint, target, targetType, group, zone string
	}{
		{"vault-endpoint", "vault-kv", typeVault, "vault", keyVaultPrivateZone},
		{"registry-endpoint", "registry-acr", typeRegistry, "registry", registryPrivateZone},
	} {
		t.Run(tc.endpoint, func(t *testing.T) {
			t.Parallel()
			endpoint := run.find(t, typePrivateEndpoint, tc.endpoint)
			target := run.find(t, tc.targetType, tc.target)
			assert.Equal(t, vnet.ID+"/subnets/snet-aca-prod-endpoints", text(t, endpoint.Inputs, "subnet.id"))
			assert.Equal(t, target.ID, text(t, endpoint.Inputs, "privateLinkServiceConnections[0].privateLinkServiceId"),
				"the endpoint must connect to the resource's ARM id")
			assert.Equal(t, []any{tc.group}, plain(t, endpoint.Inputs, "privateLinkServiceConnections[0].groupIds"))

			group := run.find(t, typeDNSZoneGroup, tc.endpoint+"-dns")
			assert.Equal(t, text(t, endpoint.Outputs, "name"), text(t, group.Inputs, "privateEndpointName"))
			assert.Equal(t, zones[tc.zone], text(t, group.Inputs, "privateDnsZoneConfigs[0].privateDnsZoneId"))
		})
	}

	vault := run.find(t, typeVault, "vault-kv")
	assert.Equal(t, "Disabled", text(t, vault.Inputs, "properties.publicNetworkAccess"))
	assert.Equal(t, "Deny", text(t, vault.Inputs, "properties.networkAcls.defaultAction"))
	registry := run.find(t, typeRegistry, "registry-acr")
	assert.Equal(t, "Enabled", text(t, registry.Inputs, "publicNetworkAccess"),
		"the pipeline pushes from outside the network")
}

func TestTheGatewayFrontsTheApiAndTheApiRequiresItsSecret(t *testing.T) {
	t.Parallel()
	for _, stackName := range []string{"dev", "prod"} {
		t.Run(stackName, func(t *testing.T) {
			t.Parallel()
			run := runStackFile(t, stackName)
			api := run.find(t, typeContainerApp, "api-app")
			password := run.find(t, typeRandomPassword, "gateway-secret")
			vaultSecret := run.find(t, typeVaultSecret, "vault-secret-gatewaysecret")

			assert.True(t, isSecret(t, vaultSecret.Inputs, "properties.value"))
			assert.Equal(t, text(t, password.Outputs, "result"), text(t, vaultSecret.Inputs, "properties.value"),
				"the vault must hold the generated shared secret")

			secret := elementPath(t, api.Inputs, "configuration.secrets", "name", gatewaySecretAppName)
			assert.Equal(t, "https://"+text(t, run.find(t, typeVault, "vault-kv").Outputs, "name")+
				".vault.azure.net/secrets/GatewaySecret", text(t, api.Inputs, secret+".keyVaultUrl"))
			variable := elementPath(t, api.Inputs, "template.containers[0].env", "name", "GATEWAY_SECRET")
			assert.Equal(t, gatewaySecretAppName, text(t, api.Inputs, variable+".secretRef"))
			assert.False(t, has(api.Inputs, variable+".value"), "the secret must never be a plain variable")

			service := run.find(t, typeGenericResource, "gateway-service")
			assert.Equal(t, "Microsoft.ApiManagement", text(t, service.Inputs, "resourceProviderNamespace"))
			assert.Equal(t, "Consumption", text(t, service.Inputs, "sku.name"))
			assert.NotContains(t, text(t, service.Inputs, "apiVersion"), "preview")

			named := run.find(t, typeGenericResource, "gateway-secret")
			assert.True(t, isSecret(t, named.Inputs, "properties.value"))
			assert.Equal(t, text(t, password.Outputs, "result"), text(t, named.Inputs, "properties.value"))
			assert.Equal(t, true, plain(t, named.Inputs, "properties.secret"))

			apiResource := run.find(t, typeGenericResource, "gateway-api")
			assert.Equal(t, "https://"+text(t, api.Outputs, "configuration.ingress.fqdn"),
				text(t, apiResource.Inputs, "properties.serviceUrl"), "the API must forward to the app's address")
			assert.Equal(t, true, plain(t, apiResource.Inputs, "properties.subscriptionRequired"))
			assert.Equal(t, []any{"https"}, plain(t, apiResource.Inputs, "properties.protocols"))

			policyXML := text(t, run.find(t, typeGenericResource, "gateway-policy").Inputs, "properties.value")
			assert.Contains(t, policyXML, `<set-header name="X-Gateway-Secret" exists-action="override">`)
			assert.Contains(t, policyXML, "{{gateway-secret}}", "the policy must reference the named value")
			assert.NotContains(t, policyXML, text(t, password.Outputs, "result"), "the secret must not be inline")
			assert.Regexp(t, `<rate-limit calls="\d+" renewal-period="60" />`, policyXML)
		})
	}
}

// daprStack adds a Dapr component whose connection string is a Key Vault secret, set encrypted.
const daprStack = baseStackFile + `  secure-aca:daprComponents:
    - name: orders
      type: pubsub.azure.servicebus.topics
      metadata:
        - name: connectionString
          secretRef: servicebus-connection
      secrets:
        - name: servicebus-connection
          keyVaultSecret: ServiceBusConnection
      scopes: [api, worker]
`

func TestDaprComponentsReadTheirSecretsThroughTheEnvironmentsIdentity(t *testing.T) {
	t.Parallel()
	config := strings.Replace(daprStack, `      - name: ApiKey
        generated: true`, `      - name: ApiKey
        generated: true
      - name: ServiceBusConnection
        value: {secure: v1:placeholder}`, 1)
	for _, app := range []string{"api", "worker"} {
		config = strings.Replace(config, "    - name: "+app+"\n", "    - name: "+app+"\n      dapr: {appId: "+app+"}\n", 1)
	}
	run, err := runYAML(t, "dev", config)
	require.NoError(t, err)
	identity := run.find(t, typeIdentity, "dapr-identity")
	environment := run.find(t, typeManagedEnvironment, "environment-environment")
	component := run.find(t, typeDaprComponent, "dapr-orders")
	vault := run.find(t, typeVault, "vault-kv")
	secret := run.find(t, typeVaultSecret, "vault-secret-servicebusconnection")

	assert.Equal(t, []any{identity.ID}, plain(t, environment.Inputs, "identity.userAssignedIdentities"))
	assert.Equal(t, text(t, environment.Outputs, "name"), text(t, component.Inputs, "environmentName"))
	assert.Equal(t, "https://"+text(t, vault.Outputs, "name")+".vault.azure.net/secrets/ServiceBusConnection",
		text(t, component.Inputs, "secrets[0].keyVaultUrl"))
	assert.Equal(t, identity.ID, text(t, component.Inputs, "secrets[0].identity"))
	assert.Equal(t, "servicebus-connection", text(t, component.Inputs, "metadata[0].secretRef"))
	assert.Equal(t, []any{"api", "worker"}, plain(t, component.Inputs, "scopes"))

	grant := run.find(t, typeRoleAssignment, "dapr-secret-servicebusconnection")
	assert.Equal(t, secret.ID, text(t, grant.Inputs, "scope"), "the grant must cover that one secret")
	assert.Equal(t, text(t, identity.Outputs, "principalId"), text(t, grant.Inputs, "principalId"))
	assert.True(t, strings.HasSuffix(text(t, grant.Inputs, "roleDefinitionId"), roleKeyVaultSecretsUser))
	assert.Contains(t, component.Dependencies, grant.URN, "the component must wait for its grant")
}

func TestAConfiguredBudgetStartIsUsedAsIs(t *testing.T) {
	t.Parallel()
	const amount = "    amount: 2000\n"
	file := strings.Replace(readStackFile(t, "prod"), amount, amount+"    startDate: \"2027-02-01\"\n", 1)
	require.Contains(t, file, "2027-02-01", "test bug: the stack file's budget did not take the start date")
	run, err := runYAML(t, "prod", file)
	require.NoError(t, err)
	budget := run.find(t, typeBudget, "budget")
	assert.Equal(t, "2027-02-01T00:00:00Z", text(t, budget.Inputs, "timePeriod.startDate"))
	assert.Empty(t, run.all("time:index/static:Static"), "a configured start needs no recorded creation time")
}

func TestABudgetStartAzureWouldRefuseIsWarnedAbout(t *testing.T) {
	t.Parallel()
	const amount = "    amount: 2000\n"
	for start, want := range map[string]string{
		"2020-01-01": "is before the current month",
		"2099-01-01": "is more than twelve months ahead",
	} {
		file := strings.Replace(readStackFile(t, "prod"), amount, amount+"    startDate: \""+start+"\"\n", 1)
		run, err := runYAML(t, "prod", file)
		require.NoError(t, err)
		var warnings []string
		for _, message := range run.Messages {
			if message.Resource == "budget" {
				warnings = append(warnings, message.Text)
			}
		}
		require.Len(t, warnings, 1, start)
		assert.Contains(t, warnings[0], "`budget.startDate` "+start+" "+want)
	}
}

func TestTheBudgetWatchesTheResourceGroup(t *testing.T) {
	t.Parallel()
	run := runStackFile(t, "prod")
	budget := run.find(t, typeBudget, "budget")
	group := run.find(t, typeResourceGroup, "resource-group")
	actionGroup := run.find(t, typeActionGroup, "environment-alerts")

	assert.Equal(t, group.ID, text(t, budget.Inputs, "scope"))
	assert.Equal(t, float64(2000), plain(t, budget.Inputs, "amount"))
	assert.Equal(t, "Monthly", text(t, budget.Inputs, "timeGrain"))
	// The stack file sets no start date: the budget starts in the month it is first created, recorded once.
	created := run.find(t, "time:index/static:Static", "budget-start")
	assert.Equal(t, fmt.Sprintf("%04.0f-%02.0f-01T00:00:00Z", plain(t, created.Outputs, "year"),
		plain(t, created.Outputs, "month")), text(t, budget.Inputs, "timePeriod.startDate"))
	assert.Contains(t, inputDependencies(budget), created.URN)
	assert.Equal(t, map[string]any{"budgetName": "budget-aca-prod", "scope": group.ID},
		plain(t, created.Inputs, "triggers"), "a replaced budget must record its own creation month")
	notifications := plain(t, budget.Inputs, "notifications").(map[string]any)
	assert.Len(t, notifications, 3)
	for name, notification := range notifications {
		assert.Equal(t, []any{actionGroup.ID}, notification.(map[string]any)["contactGroups"], name)
	}
}
