package preview

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/secure-aca/secure-aca/offline"
)

// computedMark flags a value Azure computes at deploy time: offline it is a placeholder.
const computedMark = " (computed at deploy time)"

// keySettings lists, per type, the settings a reviewer checks. A path that starts with "=" is read from the
// outputs and marked as computed. A path that starts with "~" is an input marked as computed when its value
// came from another resource's outputs, and shown as written when it came from config.
var keySettings = map[string][]string{
	"azure-native:resources:ResourceGroup":       {"resourceGroupName", "location", "tags"},
	"azure-native:operationalinsights:Workspace": {"workspaceName", "sku.name", "retentionInDays", "=customerId"},
	"azure-native:insights:Component": {
		"resourceName", "workspaceResourceId", "ingestionMode",
		"=connectionString",
	},
	"azure-native:insights:ActionGroup": {"actionGroupName", "emailReceivers"},
	"azure-native:app:ManagedEnvironment": {
		"environmentName",
		"appLogsConfiguration.logAnalyticsConfiguration.customerId", "daprAIConnectionString", "zoneRedundant",
		"vnetConfiguration", "peerTrafficConfiguration.encryption.enabled", "=defaultDomain",
	},
	"azure-native:containerregistry:Registry": {
		"registryName", "sku.name", "adminUserEnabled",
		"anonymousPullEnabled", "=loginServer",
	},
	"azure-native:containerregistry:Webhook": {"webhookName", "actions", "scope", "serviceUri"},
	"azure-native:keyvault:Vault": {
		"vaultName", "properties.enableRbacAuthorization",
		"properties.softDeleteRetentionInDays", "properties.enablePurgeProtection", "=properties.vaultUri",
	},
	"azure-native:keyvault:Secret":                      {"secretName", "properties.value", "=properties.secretUri"},
	"azure-native:managedidentity:UserAssignedIdentity": {"resourceName", "=principalId", "=clientId"},
	"azure-native:authorization:RoleAssignment":         {"roleDefinitionId", "principalType", "~principalId", "scope"},
	"azure-native:authorization:ManagementLockByScope":  {"level", "scope"},
	"azure-native:insights:DiagnosticSetting":           {"resourceUri", "workspaceId"},
	"azure-native:insights:MetricAlert": {
		"ruleName", "severity", "criteria", "windowSize", "evaluationFrequency",
		"autoMitigate", "actions",
	},
	"azure-native:app:ContainerApp": {
		"containerAppName", "identity.userAssignedIdentities",
		"configuration.activeRevisionsMode", "configuration.ingress.external", "configuration.ingress.targetPort",
		"configuration.ingress.traffic", "configuration.registries", "configuration.secrets", "configuration.dapr",
		"template.containers", "template.scale", "template.revisionSuffix", "=configuration.ingress.fqdn",
		"=latestRevisionName",
	},
	"docker:index/image:Image": {
		"imageName", "build.context", "build.dockerfile", "build.platform",
		"registry.server", "registry.username", "registry.password", "=repoDigest",
	},
	"time:index/sleep:Sleep":                    {"createDuration", "triggers"},
	"time:index/static:Static":                  {"triggers", "=rfc3339"},
	"azure-native:consumption:Budget":           {"budgetName", "amount", "timeGrain", "~timePeriod.startDate"},
	"azure-native:network:VirtualNetwork":       {"virtualNetworkName", "addressSpace", "subnets"},
	"azure-native:network:NetworkSecurityGroup": {"networkSecurityGroupName"},
	"azure-native:network:PrivateEndpoint":      {"privateEndpointName", "subnet", "privateLinkServiceConnections"},
	"azure-native:network:PrivateZone":          {"privateZoneName"},
	"azure-native:network:VirtualNetworkLink":   {"virtualNetwork", "registrationEnabled"},
	"azure-native:network:PrivateDnsZoneGroup":  {"privateDnsZoneConfigs"},
	"azure-native:resources:Resource": {
		"resourceProviderNamespace", "parentResourcePath", "resourceType",
		"resourceName", "apiVersion", "sku", "properties",
	},
	"random:index/randomString:RandomString":     {"length", "=result"},
	"random:index/randomPassword:RandomPassword": {"length", "=result"},
}

// WriteText writes the resource tree with each resource's key settings, then warnings and a summary.
func WriteText(w io.Writer, result *offline.Result) error {
	p := &printer{w: w}
	p.printf("Offline preview of %s/%s: what `pulumi up` would create. No cloud account was used;\n",
		result.Project, result.Stack)
	p.printf("values marked%s are placeholders for what Azure assigns.\n\n", computedMark)

	children := map[string][]*offline.Resource{}
	for _, r := range result.Resources {
		children[r.Parent] = append(children[r.Parent], r)
	}
	p.printf("pulumi:pulumi:Stack  %s-%s\n", result.Project, result.Stack)
	p.tree(children, "", "")

	if len(result.Outputs) > 0 {
		p.printf("\nOutputs:\n")
		names := make([]string, 0, len(result.Outputs))
		for name := range result.Outputs {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			p.printf("    %s: %s\n", name, show(result.Outputs[name]))
		}
	}

	if len(result.Messages) > 0 {
		p.printf("\nWarnings:\n")
		for _, message := range result.Messages {
			p.printf("    %s %s: %s\n", message.Severity, message.Resource, message.Text)
		}
	}

	graph := NewGraph(result.Resources)
	critical, serial := graph.CriticalPath()
	p.printf("\nCritical path (estimated %s; %s if created one after another):\n", minutes(critical.Seconds),
		minutes(serial))
	for _, urn := range critical.URNs {
		r := graph.Resource(urn)
		p.printf("    %-6s %s  %s\n", minutes(EstimateFor(r).Seconds), shortType(r.Type), r.Name)
	}

	p.printf("\n%s\n", Summary(result))
	return p.err
}

// Summary is the one-line count of resources per type.
func Summary(result *offline.Result) string {
	counts := map[string]int{}
	for _, r := range result.Resources {
		counts[shortType(r.Type)]++
	}
	types := make([]string, 0, len(counts))
	for typ := range counts {
		types = append(types, typ)
	}
	sort.Strings(types)
	parts := make([]string, len(types))
	for i, typ := range types {
		parts[i] = fmt.Sprintf("%d %s", counts[typ], typ)
	}
	return fmt.Sprintf("Resources: %d to create (1 Stack, %s)", len(result.Resources)+1, strings.Join(parts, ", "))
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) tree(children map[string][]*offline.Resource, parent, indent string) {
	list := children[parent]
	for i, r := range list {
		branch, continuation := "├─ ", "│  "
		if i == len(list)-1 {
			branch, continuation = "└─ ", "   "
		}
		p.printf("%s%s%s  %s\n", indent, branch, r.Type, r.Name)
		for _, setting := range settings(r) {
			p.printf("%s%s    %s\n", indent, continuation, setting)
		}
		p.tree(children, r.URN, indent+continuation)
	}
}

// settings renders the key settings of r as "path: value" lines.
func settings(r *offline.Resource) []string {
	var lines []string
	paths := keySettings[versionInToken.ReplaceAllString(r.Type, ":")]
	for _, path := range paths {
		source, mark := r.Inputs, ""
		if computed, ok := strings.CutPrefix(path, "="); ok {
			path, source, mark = computed, r.Outputs, computedMark
		} else if derived, ok := strings.CutPrefix(path, "~"); ok {
			path = derived
			if top, _, _ := strings.Cut(path, "."); len(r.PropertyDependencies[top]) > 0 {
				mark = computedMark
			}
		}
		value, ok := lookup(source, path)
		if !ok {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s: %s%s", path, show(propertyView(value, false)), mark))
	}
	if r.Protect {
		lines = append(lines, "protect: true")
	}
	return lines
}

func lookup(properties resource.PropertyMap, path string) (resource.PropertyValue, bool) {
	head, rest, nested := strings.Cut(path, ".")
	value, ok := properties[resource.PropertyKey(head)]
	if !ok {
		return resource.PropertyValue{}, false
	}
	if !nested {
		return value, true
	}
	if value.IsSecret() {
		return resource.MakeSecret(resource.NewProperty("")), true
	}
	if !value.IsObject() {
		return resource.PropertyValue{}, false
	}
	return lookup(value.ObjectValue(), rest)
}

// show renders a value compactly on one line, maps with sorted keys.
func show(value any) string {
	switch v := value.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for key := range v {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, key := range keys {
			parts[i] = key + "=" + show(v[key])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		parts := make([]string, len(v))
		for i, item := range v {
			parts[i] = show(item)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case string:
		return v
	case nil:
		return "null"
	}
	return fmt.Sprint(value)
}

func shortType(typ string) string {
	parts := strings.Split(typ, ":")
	name := parts[len(parts)-1]
	if slash := strings.LastIndex(name, "/"); slash >= 0 {
		name = name[slash+1:]
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

func minutes(seconds int) string {
	if seconds < 60 {
		return fmt.Sprintf("%ds", seconds)
	}
	return fmt.Sprintf("%dm%02ds", seconds/60, seconds%60)
}
