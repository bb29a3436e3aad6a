package offline

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiVersionPattern strips the API version from a type token: "azure-native:app/v20250101:ContainerApp" is
// answered like "azure-native:app:ContainerApp".
var apiVersionPattern = regexp.MustCompile(`/v\d{8}(preview)?:`)

// armTypes maps each azure-native type to its ARM resource type and the input that holds its name.
var armTypes = map[string]struct{ provider, nameKey string }{
	"azure-native:resources:ResourceGroup":       {"", "resourceGroupName"},
	"azure-native:operationalinsights:Workspace": {"Microsoft.OperationalInsights/workspaces", "workspaceName"},
	"azure-native:insights:Component":            {"Microsoft.Insights/components", "resourceName"},
	"azure-native:insights:ActionGroup":          {"microsoft.insights/actionGroups", "actionGroupName"},
	"azure-native:insights:MetricAlert":          {"microsoft.insights/metricAlerts", "ruleName"},
	"azure-native:app:ManagedEnvironment":        {"Microsoft.App/managedEnvironments", "environmentName"},
	"azure-native:app:ContainerApp":              {"Microsoft.App/containerApps", "containerAppName"},
	"azure-native:app:DaprComponent":             {"Microsoft.App/managedEnvironments", "componentName"},
	"azure-native:containerregistry:Registry":    {"Microsoft.ContainerRegistry/registries", "registryName"},
	"azure-native:containerregistry:Webhook":     {"Microsoft.ContainerRegistry/registries", "webhookName"},
	"azure-native:keyvault:Vault":                {"Microsoft.KeyVault/vaults", "vaultName"},
	"azure-native:keyvault:Secret":               {"Microsoft.KeyVault/vaults", "secretName"},
	"azure-native:managedidentity:UserAssignedIdentity": {
		"Microsoft.ManagedIdentity/userAssignedIdentities", "resourceName",
	},
	"azure-native:authorization:RoleAssignment":        {"", "roleAssignmentName"},
	"azure-native:authorization:ManagementLockByScope": {"", "lockName"},
	"azure-native:insights:DiagnosticSetting":          {"", "name"},
	"azure-native:network:VirtualNetwork":              {"Microsoft.Network/virtualNetworks", "virtualNetworkName"},
	"azure-native:network:Subnet":                      {"Microsoft.Network/virtualNetworks", "subnetName"},
	"azure-native:network:NetworkSecurityGroup": {
		"Microsoft.Network/networkSecurityGroups", "networkSecurityGroupName",
	},
	"azure-native:network:PrivateEndpoint":            {"Microsoft.Network/privateEndpoints", "privateEndpointName"},
	"azure-native:network:PrivateZone":                {"Microsoft.Network/privateDnsZones", "privateZoneName"},
	"azure-native:network:VirtualNetworkLink":         {"Microsoft.Network/privateDnsZones", "virtualNetworkLinkName"},
	"azure-native:network:PrivateDnsZoneGroup":        {"Microsoft.Network/privateEndpoints", "privateDnsZoneGroupName"},
	"azure-native:consumption:Budget":                 {"", "budgetName"},
	"azure-native:resources:Resource":                 {"", "resourceName"},
	"azure-native:apimanagement:ApiManagementService": {"Microsoft.ApiManagement/service", "serviceName"},
}

// answer returns the id and outputs Azure would return for a new resource.
func (m *Monitor) answer(urn string, args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	inputs := args.Inputs
	outputs := inputs.Copy()
	seed := seeded{seed: urn}
	token := apiVersionPattern.ReplaceAllString(args.TypeToken, ":")
	str := func(key string) string {
		if value, ok := inputs[resource.PropertyKey(key)]; ok {
			if value.IsSecret() {
				value = value.SecretValue().Element
			}
			if value.IsString() {
				return value.StringValue()
			}
		}
		return ""
	}
	set := func(path string, value resource.PropertyValue) { setPath(outputs, path, value) }

	if strings.HasPrefix(token, "azure-native:") {
		arm, known := armTypes[token]
		if !known {
			return "", nil, fmt.Errorf("no offline answer for the Azure type %s", args.TypeToken)
		}
		name := str(arm.nameKey)
		if name == "" {
			// azure-native names an unnamed resource itself; role assignments get a GUID.
			name = args.Name + seed.alnum("autoname", 8)
			if token == "azure-native:authorization:RoleAssignment" {
				name = seed.guid("name")
			}
			set(arm.nameKey, resource.NewProperty(name))
		}
		group := fmt.Sprintf("/subscriptions/%s/resourceGroups/%s", SubscriptionID, str("resourceGroupName"))
		id := fmt.Sprintf("%s/providers/%s/%s", group, arm.provider, name)
		set("name", resource.NewProperty(name))

		switch token {
		case "azure-native:resources:ResourceGroup":
			id = group
		case "azure-native:operationalinsights:Workspace":
			set("customerId", resource.NewProperty(seed.guid("customerId")))
		case "azure-native:insights:Component":
			key, appID := seed.guid("instrumentationKey"), seed.guid("appId")
			set("instrumentationKey", resource.NewProperty(key))
			set("appId", resource.NewProperty(appID))
			set("connectionString", resource.NewProperty(fmt.Sprintf(
				"InstrumentationKey=%s;IngestionEndpoint=https://%s-0.in.applicationinsights.azure.com/;"+
					"LiveEndpoint=https://%s.livediagnostics.monitor.azure.com/;ApplicationId=%s",
				key, str("location"), str("location"), appID)))
		case "azure-native:app:ManagedEnvironment":
			set("defaultDomain", resource.NewProperty(fmt.Sprintf("%s-%s.%s.azurecontainerapps.io",
				seed.alnum("domain", 8), seed.hex("domain", 8), str("location"))))
			set("staticIp", resource.NewProperty(seed.ipv4("staticIp")))
		case "azure-native:app:ContainerApp":
			m.answerContainerApp(seed, name, inputs, set)
		case "azure-native:app:DaprComponent":
			id = fmt.Sprintf("%s/providers/Microsoft.App/managedEnvironments/%s/daprComponents/%s", group,
				str("environmentName"), name)
		case "azure-native:containerregistry:Registry":
			set("loginServer", resource.NewProperty(strings.ToLower(name)+".azurecr.io"))
		case "azure-native:containerregistry:Webhook":
			id = fmt.Sprintf("%s/providers/%s/%s/webhooks/%s", group, arm.provider, str("registryName"), name)
		case "azure-native:keyvault:Vault":
			set("properties.vaultUri", resource.NewProperty(fmt.Sprintf("https://%s.vault.azure.net/", name)))
		case "azure-native:keyvault:Secret":
			vault := str("vaultName")
			id = fmt.Sprintf("%s/providers/%s/%s/secrets/%s", group, arm.provider, vault, name)
			uri := fmt.Sprintf("https://%s.vault.azure.net/secrets/%s", vault, name)
			// Azure never returns a secret's value.
			// The outputs share their nested objects with the inputs, so copy before removing the value: the
			// registered inputs must keep it.
			if properties, ok := outputs["properties"]; ok && properties.IsObject() {
				withoutValue := properties.ObjectValue().Copy()
				delete(withoutValue, "value")
				outputs["properties"] = resource.NewProperty(withoutValue)
			}
			set("properties.secretUri", resource.NewProperty(uri))
			set("properties.secretUriWithVersion", resource.NewProperty(uri+"/"+seed.hex("version", 32)))
		case "azure-native:managedidentity:UserAssignedIdentity":
			set("principalId", resource.NewProperty(seed.guid("principalId")))
			set("clientId", resource.NewProperty(seed.guid("clientId")))
			set("tenantId", resource.NewProperty(TenantID))
		case "azure-native:authorization:RoleAssignment":
			id = fmt.Sprintf("%s/providers/Microsoft.Authorization/roleAssignments/%s", str("scope"), name)
		case "azure-native:authorization:ManagementLockByScope":
			id = fmt.Sprintf("%s/providers/Microsoft.Authorization/locks/%s", str("scope"), name)
		case "azure-native:insights:DiagnosticSetting":
			id = fmt.Sprintf("%s/providers/Microsoft.Insights/diagnosticSettings/%s", str("resourceUri"), name)
		case "azure-native:consumption:Budget":
			id = fmt.Sprintf("%s/providers/Microsoft.Consumption/budgets/%s", str("scope"), name)
		case "azure-native:network:Subnet":
			id = fmt.Sprintf("%s/providers/%s/%s/subnets/%s", group, arm.provider, str("virtualNetworkName"), name)
		case "azure-native:network:VirtualNetworkLink":
			id = fmt.Sprintf("%s/providers/%s/%s/virtualNetworkLinks/%s", group, arm.provider, str("privateZoneName"),
				name)
		case "azure-native:network:PrivateDnsZoneGroup":
			id = fmt.Sprintf("%s/providers/%s/%s/privateDnsZoneGroups/%s", group, arm.provider,
				str("privateEndpointName"), name)
		case "azure-native:resources:Resource":
			parentPath := str("parentResourcePath")
			if parentPath != "" {
				parentPath += "/"
			}
			id = fmt.Sprintf("%s/providers/%s/%s%s/%s", group, str("resourceProviderNamespace"), parentPath,
				str("resourceType"), name)
		case "azure-native:apimanagement:ApiManagementService":
			set("gatewayUrl", resource.NewProperty(fmt.Sprintf("https://%s.azure-api.net", name)))
		}
		set("id", resource.NewProperty(id))
		markSecret(outputs, args.RegisterRPC.GetAdditionalSecretOutputs())
		return id, outputs, nil
	}

	switch args.TypeToken {
	case "random:index/randomString:RandomString":
		result := seed.alnum("result", lengthOf(inputs))
		outputs["result"] = resource.NewProperty(result)
		return result, outputs, nil
	case "random:index/randomPassword:RandomPassword":
		outputs["result"] = resource.MakeSecret(resource.NewProperty(seed.alnum("password", lengthOf(inputs))))
		return "none", outputs, nil
	case "time:index/sleep:Sleep":
		return "2026-01-01T00:00:00Z", outputs, nil
	case "time:index/static:Static":
		// A fixed instant, so that a preview is the same on every run.
		created := time.Date(2026, time.March, 14, 9, 26, 53, 0, time.UTC)
		for key, value := range map[string]any{
			"rfc3339": created.Format(time.RFC3339), "unix": created.Unix(), "year": created.Year(),
			"month": int(created.Month()), "day": created.Day(), "hour": created.Hour(),
			"minute": created.Minute(), "second": created.Second(),
		} {
			outputs[resource.PropertyKey(key)] = resource.NewPropertyValue(value)
		}
		return created.Format(time.RFC3339), outputs, nil
	case "docker:index/image:Image":
		imageName := str("imageName")
		repository := imageName
		if slash := strings.LastIndex(imageName, "/"); slash >= 0 {
			if colon := strings.LastIndex(imageName, ":"); colon > slash {
				repository = imageName[:colon]
			}
		}
		digest := "sha256:" + seed.hex("digest:"+imageName, 64)
		outputs["repoDigest"] = resource.NewProperty(repository + "@" + digest)
		outputs["contextHash"] = resource.NewProperty(seed.hex("context", 64))
		return repository + "@" + digest, outputs, nil
	}
	return "", nil, fmt.Errorf("no offline answer for the type %s", args.TypeToken)
}

func (m *Monitor) answerContainerApp(seed seeded, name string, inputs resource.PropertyMap,
	set func(string, resource.PropertyValue),
) {
	suffix := seed.alnum("revision", 7)
	if value, ok := getPath(inputs, "template.revisionSuffix"); ok && value.IsString() && value.StringValue() != "" {
		suffix = value.StringValue()
	}
	set("latestRevisionName", resource.NewProperty(name+"--"+suffix))
	set("latestReadyRevisionName", resource.NewProperty(name+"--"+suffix))
	set("outboundIpAddresses", resource.NewProperty([]resource.PropertyValue{
		resource.NewProperty(seed.ipv4("outbound")),
	}))
	set("customDomainVerificationId", resource.NewProperty(strings.ToUpper(seed.hex("verification", 64))))

	domain := "unknown-environment.azurecontainerapps.io"
	if environmentID, ok := getPath(inputs, "managedEnvironmentId"); ok && environmentID.IsString() {
		if environment, found := m.lookup(environmentID.StringValue()); found {
			if value, ok := environment["defaultDomain"]; ok && value.IsString() {
				domain = value.StringValue()
			}
		}
	}
	if external, ok := getPath(inputs, "configuration.ingress.external"); ok {
		host := name + ".internal." + domain
		if external.IsBool() && external.BoolValue() {
			host = name + "." + domain
		}
		set("configuration.ingress.fqdn", resource.NewProperty(host))
		set("latestRevisionFqdn", resource.NewProperty(name+"--"+suffix+"."+strings.TrimPrefix(host, name+".")))
	}
}

func lengthOf(inputs resource.PropertyMap) int {
	if value, ok := inputs["length"]; ok && value.IsNumber() && value.NumberValue() > 0 {
		return int(value.NumberValue())
	}
	return 16
}

// setPath sets a dotted path in a property map, creating objects on the way.
func setPath(target resource.PropertyMap, path string, value resource.PropertyValue) {
	head, rest, nested := strings.Cut(path, ".")
	key := resource.PropertyKey(head)
	if !nested {
		target[key] = value
		return
	}
	child, ok := target[key]
	wasSecret := ok && child.IsSecret()
	if wasSecret {
		child = child.SecretValue().Element
	}
	if !ok || !child.IsObject() {
		child = resource.NewProperty(resource.PropertyMap{})
	} else {
		child = resource.NewProperty(child.ObjectValue().Copy())
	}
	setPath(child.ObjectValue(), rest, value)
	if wasSecret {
		child = resource.MakeSecret(child)
	}
	target[key] = child
}

// getPath reads a dotted path, looking through secrets.
func getPath(source resource.PropertyMap, path string) (resource.PropertyValue, bool) {
	head, rest, nested := strings.Cut(path, ".")
	value, ok := source[resource.PropertyKey(head)]
	if !ok {
		return resource.PropertyValue{}, false
	}
	if value.IsSecret() {
		value = value.SecretValue().Element
	}
	if !nested {
		return value, true
	}
	if !value.IsObject() {
		return resource.PropertyValue{}, false
	}
	return getPath(value.ObjectValue(), rest)
}

// markSecret marks top-level outputs secret, as the engine does for a resource's additionalSecretOutputs.
func markSecret(outputs resource.PropertyMap, keys []string) {
	for _, key := range keys {
		if value, ok := outputs[resource.PropertyKey(key)]; ok && !value.IsSecret() {
			outputs[resource.PropertyKey(key)] = resource.MakeSecret(value)
		}
	}
}
