package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/internal/credentials"
	"github.com/secure-aca/secure-aca/internal/governance"
	"github.com/secure-aca/secure-aca/offline"
)

// Type tokens the rules read, without API versions.
const (
	typeResourceGroup     = "azure-native:resources:ResourceGroup"
	typeWorkspace         = "azure-native:operationalinsights:Workspace"
	typeAppInsights       = "azure-native:insights:Component"
	typeActionGroup       = "azure-native:insights:ActionGroup"
	typeMetricAlert       = "azure-native:insights:MetricAlert"
	typeDiagnosticSetting = "azure-native:insights:DiagnosticSetting"
	typeEnvironment       = "azure-native:app:ManagedEnvironment"
	typeContainerApp      = "azure-native:app:ContainerApp"
	typeDaprComponent     = "azure-native:app:DaprComponent"
	typeRegistry          = "azure-native:containerregistry:Registry"
	typeWebhook           = "azure-native:containerregistry:Webhook"
	typeVault             = "azure-native:keyvault:Vault"
	typeVaultSecret       = "azure-native:keyvault:Secret"
	typeIdentity          = "azure-native:managedidentity:UserAssignedIdentity"
	typeRoleAssignment    = "azure-native:authorization:RoleAssignment"
	typeLock              = "azure-native:authorization:ManagementLockByScope"
	typeGenericResource   = "azure-native:resources:Resource"
	typeImage             = "docker:index/image:Image"
)

// RequiredTags must be on every resource that takes tags.
var RequiredTags = []string{"purpose", "environment", "owner"}

// taggable lists the types that take tags.
var taggable = []string{
	typeResourceGroup, typeWorkspace, typeAppInsights, typeActionGroup, typeMetricAlert, typeEnvironment,
	typeContainerApp, typeRegistry, typeWebhook, typeVault, typeVaultSecret, typeIdentity,
	"azure-native:network:VirtualNetwork", "azure-native:network:NetworkSecurityGroup",
	"azure-native:network:PrivateEndpoint", "azure-native:network:PrivateZone",
}

// defaultAPIVersions are the API versions of the azure-native v2.90.0 types used without an explicit version.
var defaultAPIVersions = map[string]string{
	typeResourceGroup:                     "2022-09-01",
	typeWorkspace:                         "2022-10-01",
	typeAppInsights:                       "2020-02-02",
	typeActionGroup:                       "2023-01-01",
	typeMetricAlert:                       "2018-03-01",
	typeDiagnosticSetting:                 "2021-05-01-preview",
	typeVault:                             "2023-02-01",
	typeVaultSecret:                       "2023-02-01",
	typeIdentity:                          "2023-01-31",
	typeRoleAssignment:                    "2022-04-01",
	typeLock:                              "2020-05-01",
	typeGenericResource:                   "2022-09-01",
	"azure-native:consumption:Budget":     "2023-05-01",
	"azure-native:network:VirtualNetwork": "2023-02-01",
	"azure-native:network:Subnet":         "2023-02-01",
	"azure-native:network:NetworkSecurityGroup": "2023-02-01",
	"azure-native:network:PrivateEndpoint":      "2023-02-01",
	"azure-native:network:PrivateDnsZoneGroup":  "2023-02-01",
	"azure-native:network:PrivateZone":          "2020-06-01",
	"azure-native:network:VirtualNetworkLink":   "2020-06-01",
}

// previewExceptions are the types allowed on a preview API version, with the reason.
var previewExceptions = map[string]string{
	typeDiagnosticSetting: "azure-native v2 offers diagnostic settings only at 2021-05-01-preview",
}

var (
	versionInToken = regexp.MustCompile(`/v(\d{4})(\d{2})(\d{2})(preview)?:`)
	pinnedImage    = regexp.MustCompile(`@sha256:[a-f0-9]{64}$`)
)

// allowedRoles are the only roles the stack may grant: each lets one identity do one thing on one resource.
var allowedRoles = map[string]string{
	governance.RoleAcrPull:                 "AcrPull",
	governance.RoleAcrPush:                 "AcrPush",
	governance.RoleKeyVaultSecretsUser:     "Key Vault Secrets User",
	"19e7f393-937e-4f77-808e-94535e297925": "Storage Queue Data Reader",
}

// Rules are every rule, in id order.
func Rules() []Rule {
	return []Rule{
		{
			ID: "SACA-ACR-01", Title: "Registry admin user disabled", Severity: SeverityError, Stage: StageAll,
			Rationale: "the admin user is one shared password that can push and pull every repository",
			Source: "Azure Policy built-in \"Container registries should have local admin account disabled\"; " +
				"PSRule Azure.ACR.AdminUser",
			Check: registryAdminUserDisabled,
		},
		{
			ID: "SACA-ACR-02", Title: "Registry anonymous pull disabled", Severity: SeverityError, Stage: StageAll,
			Rationale: "anonymous pull lets anyone on the internet download every image",
			Source: "Azure Policy built-in \"Container registries should have anonymous authentication disabled\"; " +
				"PSRule Azure.ACR.AnonymousAccess",
			Check: registryAnonymousPullDisabled,
		},
		{
			ID: "SACA-ACR-03", Title: "Apps pull images with their managed identity", Severity: SeverityError, Stage: StageAll,
			Rationale: "a registry password in an app is a long-lived credential; an identity is not",
			Source: "Microsoft Learn, \"Azure Container Apps image pull with managed identity\"; " +
				"Well-Architected security SE:05",
			Check: registryPullByIdentity,
		},
		{
			ID: "SACA-API-01", Title: "Gateway APIs require subscription keys over HTTPS", Severity: SeverityError,
			Stage:     StageAll,
			Rationale: "an API without keys cannot be rate-limited per client or revoked; plain HTTP exposes the keys",
			Source: "Azure Policy built-in \"API Management APIs should use only encrypted protocols\"; " +
				"PSRule Azure.APIM.HTTPEndpoints",
			Check: gatewayAPIsProtected,
		},
		{
			ID: "SACA-APP-01", Title: "Apps have a managed identity", Severity: SeverityError, Stage: StageAll,
			Rationale: "without an identity an app must hold credentials to reach Azure services",
			Source: "Azure Policy built-in \"Managed identity should be enabled for Container Apps\"; " +
				"PSRule Azure.ContainerApp.ManagedIdentity",
			Check: appsHaveIdentity,
		},
		{
			ID: "SACA-APP-02", Title: "Images pinned by digest", Severity: SeverityError, Stage: StageAll,
			Rationale: "a tag can move to another image; a digest names exactly the image that was built and scanned",
			Source: "Microsoft Learn, \"Recommendations for tagging and versioning container images\" (deploy unique, " +
				"immutable references)",
			Check: imagesPinned,
		},
		{
			ID: "SACA-APP-03", Title: "Liveness and readiness probes", Severity: SeverityError, Stage: StageAll,
			Rationale: "without probes a hung replica keeps receiving traffic and is never restarted",
			Source:    "Microsoft Learn, \"Health probes in Azure Container Apps\"; Well-Architected reliability RE:10",
			Check:     probesSet,
		},
		{
			ID: "SACA-APP-04", Title: "Explicit CPU and memory", Severity: SeverityError, Stage: StageAll,
			Rationale: "explicit sizes make cost and capacity predictable and keep one app from starving others",
			Source:    "Well-Architected performance efficiency PE:05; Microsoft Learn, \"Containers in Azure Container Apps\"",
			Check:     resourcesSet,
		},
		{
			ID: "SACA-APP-05", Title: "Enough minimum replicas in production", Severity: SeverityError, Stage: StageProduction,
			Rationale: "a production app must not scale to zero, and a public one needs two replicas to survive a failure",
			Source:    "PSRule Azure.ContainerApp.MinReplicas",
			Check:     productionReplicas,
		},
		{
			ID: "SACA-ENV-01", Title: "Environment logs to Log Analytics", Severity: SeverityError, Stage: StageAll,
			Rationale: "console and system logs are the first thing needed in an incident",
			Source:    "Microsoft Learn, \"Log storage and monitoring options in Azure Container Apps\"",
			Check:     environmentLogs,
		},
		{
			ID: "SACA-ENV-02", Title: "Zone-redundant environment in production", Severity: SeverityError,
			Stage:     StageProduction,
			Rationale: "replicas spread across availability zones survive the loss of a zone",
			Source:    "PSRule Azure.ContainerApp.AvailabilityZone; Well-Architected reliability RE:05",
			Check:     zoneRedundant,
		},
		{
			ID: "SACA-GOV-01", Title: "Required tags on every resource", Severity: SeverityError, Stage: StageAll,
			Rationale: "purpose, environment and owner tags make cost and responsibility traceable",
			Source:    "Azure Policy built-in \"Require a tag on resources\"; Cloud Adoption Framework tagging guidance",
			Check:     requiredTags,
		},
		{
			ID: "SACA-GOV-02", Title: "No preview API versions in production", Severity: SeverityError, Stage: StageProduction,
			Rationale:  "preview APIs can change or disappear without notice",
			Source:     "Azure REST API versioning policy; PSRule Azure.Resource.UseGAVersion",
			Exceptions: exceptionList(),
			Check:      noPreviewAPIs,
		},
		{
			ID: "SACA-GOV-03", Title: "Stateful resources protected in production", Severity: SeverityError,
			Stage:     StageProduction,
			Rationale: "a mistaken destroy must not delete logs, images or secrets",
			Source: "Pulumi docs, \"protect\" resource option; " +
				"Microsoft Learn, \"Lock your resources to protect your infrastructure\"",
			Check: statefulProtected,
		},
		{
			ID: "SACA-ING-01", Title: "HTTPS-only ingress", Severity: SeverityError, Stage: StageAll,
			Rationale: "plain HTTP exposes requests and credentials on the wire",
			Source: "Azure Policy built-in \"Container Apps should only be accessible over HTTPS\"; " +
				"PSRule Azure.ContainerApp.Insecure",
			Check: httpsOnly,
		},
		{
			ID: "SACA-ING-02", Title: "External ingress restricted", Severity: SeverityWarning, Stage: StageAll,
			Rationale: "an app open to every address should sit behind IP rules or a gateway that it requires",
			Source:    "PSRule Azure.ContainerApp.RestrictIngress",
			Check:     externalIngressRestricted,
		},
		{
			ID: "SACA-KV-01", Title: "Key vault in RBAC mode", Severity: SeverityError, Stage: StageAll,
			Rationale: "access policies grant vault-wide rights outside Azure RBAC, with no per-secret scope",
			Source:    "Azure Policy built-in \"Azure Key Vault should use RBAC permission model\"; PSRule Azure.KeyVault.RBAC",
			Check:     vaultRBAC,
		},
		{
			ID: "SACA-KV-02", Title: "Soft delete with bounded retention", Severity: SeverityError, Stage: StageAll,
			Rationale: "a deleted secret must stay recoverable, for 7 to 90 days",
			Source:    "Azure Policy built-in \"Key vaults should have soft delete enabled\"; PSRule Azure.KeyVault.SoftDelete",
			Check:     vaultSoftDelete,
		},
		{
			ID: "SACA-KV-03", Title: "Purge protection in production", Severity: SeverityError, Stage: StageProduction,
			Rationale: "without it a deleted vault or secret can be purged before anyone notices",
			Source: "Azure Policy built-in \"Key vaults should have deletion protection enabled\"; " +
				"PSRule Azure.KeyVault.PurgeProtect",
			Check: vaultPurgeProtection,
		},
		{
			ID: "SACA-MON-01", Title: "Vault and registry diagnostics sent to the workspace", Severity: SeverityError,
			Stage:     StageAll,
			Rationale: "who read which secret and who pushed which image must be on record",
			Source: "Azure Policy built-in \"Resource logs in Key Vault should be enabled\"; " +
				"PSRule Azure.KeyVault.Logs, Azure.ACR.Logs",
			Check: diagnosticsToWorkspace,
		},
		{
			ID: "SACA-MON-02", Title: "Alerts routed and auto-resolving", Severity: SeverityError, Stage: StageAll,
			Rationale: "an alert nobody receives or that never resolves trains people to ignore alerts",
			Source:    "Azure Monitor Baseline Alerts (AMBA) guidance; Well-Architected operational excellence OE:07",
			Check:     alertsRouted,
		},
		{
			ID: "SACA-RBAC-01", Title: "Least-privilege roles at the narrowest scope", Severity: SeverityError, Stage: StageAll,
			Rationale: "each identity gets only the role it needs, on the one resource it needs it for",
			Source:    "Microsoft Learn, \"Best practices for Azure RBAC\"; Well-Architected security SE:05",
			Check:     leastPrivilege,
		},
		{
			ID: "SACA-SEC-01", Title: "No secret values in plain environment variables", Severity: SeverityError,
			Stage:     StageAll,
			Rationale: "plain variables show in the portal and in revision history; secrets belong in secret references",
			Source:    "Microsoft Learn, \"Manage secrets in Azure Container Apps\"; Checkov-style secret-in-env checks",
			Check:     noPlainSecretEnv,
		},
		{
			ID: "SACA-SEC-02", Title: "Sensitive inputs marked secret", Severity: SeverityError, Stage: StageAll,
			Rationale: "a value that is not a Pulumi secret is stored in plain text in the state and in previews",
			Source:    "Pulumi docs, \"Secrets\"",
			Check:     sensitiveInputsSecret,
		},
		{
			ID: "SACA-SEC-03", Title: "No secret values in stack outputs", Severity: SeverityError, Stage: StageAll,
			Rationale: "stack outputs are printed by `pulumi up` and readable by anyone with stack access",
			Source:    "Pulumi docs, \"Secrets\" (outputs)",
			Check:     noSecretOutputs,
		},
	}
}

func exceptionList() []string {
	var out []string
	for typ, reason := range previewExceptions {
		out = append(out, typ+": "+reason)
	}
	slices.Sort(out)
	return out
}

func registryAdminUserDisabled(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeRegistry) {
		enabled, _ := boolean(r.Inputs, "adminUserEnabled")
		out = append(out, check(r, !enabled, "admin user disabled", "admin user enabled"))
	}
	return out
}

func registryAnonymousPullDisabled(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeRegistry) {
		enabled, _ := boolean(r.Inputs, "anonymousPullEnabled")
		out = append(out, check(r, !enabled, "anonymous pull disabled", "anonymous pull enabled"))
	}
	return out
}

func registryPullByIdentity(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeContainerApp) {
		problem := ""
		for _, entry := range list(r.Inputs, "configuration.registries") {
			registry := object(entry)
			switch {
			case str(registry, "identity") == "":
				problem = fmt.Sprintf("pulls from %s without an identity", str(registry, "server"))
			case str(registry, "passwordSecretRef") != "" || str(registry, "username") != "":
				problem = fmt.Sprintf("pulls from %s with a password", str(registry, "server"))
			}
		}
		out = append(out, check(r, problem == "", "pulls by identity", "%s", problem))
	}
	return out
}

func gatewayAPIsProtected(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeGenericResource) {
		if str(r.Inputs, "resourceProviderNamespace") != "Microsoft.ApiManagement" ||
			str(r.Inputs, "resourceType") != "apis" || strings.Contains(str(r.Inputs, "parentResourcePath"), "/products/") {
			continue
		}
		required, _ := boolean(r.Inputs, "properties.subscriptionRequired")
		var protocols []string
		for _, protocol := range list(r.Inputs, "properties.protocols") {
			if protocol.IsString() {
				protocols = append(protocols, protocol.StringValue())
			}
		}
		ok := required && len(protocols) > 0 && !slices.ContainsFunc(protocols, func(p string) bool { return p != "https" })
		out = append(out, check(r, ok, "subscription keys over HTTPS only",
			"subscriptionRequired=%v, protocols=%v", required, protocols))
	}
	return out
}

func appsHaveIdentity(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeContainerApp) {
		typ := str(r.Inputs, "identity.type")
		ok := strings.Contains(typ, "UserAssigned") && len(list(r.Inputs, "identity.userAssignedIdentities")) > 0
		out = append(out, check(r, ok, "user-assigned identity", "no user-assigned identity (type %q)", typ))
	}
	return out
}

func containers(r *offline.Resource) []resource.PropertyMap {
	var out []resource.PropertyMap
	for _, path := range []string{"template.containers", "template.initContainers"} {
		for _, entry := range list(r.Inputs, path) {
			out = append(out, object(entry))
		}
	}
	return out
}

func imagesPinned(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeContainerApp) {
		var unpinned []string
		for _, container := range containers(r) {
			if image := str(container, "image"); !pinnedImage.MatchString(image) {
				unpinned = append(unpinned, image)
			}
		}
		out = append(out, check(r, len(unpinned) == 0, "every image pinned by digest", "not pinned: %v", unpinned))
	}
	return out
}

func probesSet(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeContainerApp) {
		for _, entry := range list(r.Inputs, "template.containers") {
			container := object(entry)
			kinds := map[string]bool{}
			for _, probe := range list(container, "probes") {
				kinds[str(object(probe), "type")] = true
			}
			out = append(out, check(r, kinds["Liveness"] && kinds["Readiness"], "liveness and readiness probes",
				"container %s lacks a liveness or readiness probe", str(container, "name")))
		}
	}
	return out
}

func resourcesSet(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeContainerApp) {
		for _, container := range containers(r) {
			cpu, hasCPU := number(container, "resources.cpu")
			memory := str(container, "resources.memory")
			out = append(out, check(r, hasCPU && cpu > 0 && memory != "", "cpu and memory set",
				"container %s has no explicit cpu and memory", str(container, "name")))
		}
	}
	return out
}

func productionReplicas(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeContainerApp) {
		minimum, _ := number(r.Inputs, "template.scale.minReplicas")
		external, _ := boolean(r.Inputs, "configuration.ingress.external")
		want := 1.0
		if external {
			want = 2
		}
		out = append(out, check(r, minimum >= want, fmt.Sprintf("at least %v replicas", want),
			"minReplicas %v; allowed in production: at least %v", minimum, want))
	}
	return out
}

func environmentLogs(s *Stack) []Finding {
	customerIDs := map[string]bool{}
	for _, w := range s.resources(typeWorkspace) {
		customerIDs[str(w.Outputs, "customerId")] = true
	}
	var out []Finding
	for _, r := range s.resources(typeEnvironment) {
		destination := str(r.Inputs, "appLogsConfiguration.destination")
		customerID := str(r.Inputs, "appLogsConfiguration.logAnalyticsConfiguration.customerId")
		out = append(out, check(r, destination == "log-analytics" && customerIDs[customerID],
			"logs to the stack's workspace", "logs go to %q, customer id %q, not to a workspace of this stack",
			destination, customerID))
	}
	return out
}

func zoneRedundant(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeEnvironment) {
		on, _ := boolean(r.Inputs, "zoneRedundant")
		out = append(out, check(r, on, "zone-redundant", "not zone-redundant"))
	}
	return out
}

func requiredTags(s *Stack) []Finding {
	var out []Finding
	resources := s.resources(taggable...)
	for _, r := range s.resources(typeGenericResource) {
		// Of the generic resources, only top-level ones (the API Management service) take tags.
		if str(r.Inputs, "parentResourcePath") == "" {
			resources = append(resources, r)
		}
	}
	for _, r := range resources {
		var missing []string
		for _, tag := range RequiredTags {
			if str(r.Inputs, "tags."+tag) == "" {
				missing = append(missing, tag)
			}
		}
		out = append(out, check(r, len(missing) == 0, "required tags present", "missing tags %v", missing))
	}
	return out
}

// APIVersion returns the Azure API version a resource is managed with.
func APIVersion(r *offline.Resource) string {
	if match := versionInToken.FindStringSubmatch(r.Type); match != nil {
		version := match[1] + "-" + match[2] + "-" + match[3]
		if match[4] != "" {
			version += "-preview"
		}
		return version
	}
	return defaultAPIVersions[baseType(r.Type)]
}

func noPreviewAPIs(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.Result.Resources {
		if !r.Custom || !strings.HasPrefix(r.Type, "azure-native:") {
			continue
		}
		version := APIVersion(r)
		if baseType(r.Type) == typeGenericResource {
			version = str(r.Inputs, "apiVersion")
		}
		if _, excepted := previewExceptions[baseType(r.Type)]; excepted {
			out = append(out, pass(r, "preview API "+version+" allowed: "+previewExceptions[baseType(r.Type)]))
			continue
		}
		out = append(out, check(r, version != "" && !strings.Contains(version, "preview"),
			"GA API "+version, "API version %q is a preview (or unknown)", version))
	}
	return out
}

func statefulProtected(s *Stack) []Finding {
	locked := map[string]bool{}
	for _, lock := range s.resources(typeLock) {
		if str(lock.Inputs, "level") == "CanNotDelete" {
			locked[strings.ToLower(str(lock.Inputs, "scope"))] = true
		}
	}
	var out []Finding
	for _, r := range s.resources(typeResourceGroup, typeWorkspace, typeAppInsights, typeRegistry, typeVault) {
		needsLock := baseType(r.Type) != typeResourceGroup && baseType(r.Type) != typeAppInsights
		ok := r.Protect && (!needsLock || locked[strings.ToLower(r.ID)])
		out = append(out, check(r, ok, "protected", "protect=%v, delete lock=%v", r.Protect, locked[strings.ToLower(r.ID)]))
	}
	return out
}

func httpsOnly(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeContainerApp) {
		if _, ok, _ := value(r.Inputs, "configuration.ingress"); !ok {
			continue
		}
		insecure, _ := boolean(r.Inputs, "configuration.ingress.allowInsecure")
		out = append(out, check(r, !insecure, "HTTP redirected to HTTPS", "allowInsecure is true"))
	}
	return out
}

// GatewaySecretEnv is the variable through which an app learns the secret header its gateway adds.
const GatewaySecretEnv = "GATEWAY_SECRET"

func externalIngressRestricted(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeContainerApp) {
		external, _ := boolean(r.Inputs, "configuration.ingress.external")
		if !external {
			continue
		}
		var rules []containerapp.IPRule
		for _, rule := range list(r.Inputs, "configuration.ingress.ipSecurityRestrictions") {
			rules = append(rules, containerapp.IPRule{CIDR: str(object(rule), "ipAddressRange")})
		}
		restricted := containerapp.RestrictsAddresses(rules)
		for _, container := range containers(r) {
			for _, variable := range list(container, "env") {
				if str(object(variable), "name") == GatewaySecretEnv && str(object(variable), "secretRef") != "" {
					restricted = true
				}
			}
		}
		out = append(out, check(r, restricted, "restricted by IP rules or a required gateway secret",
			"external ingress open to any address (no IP rule, or one wider than a /%d)",
			containerapp.WidestRestrictingPrefix))
	}
	return out
}

func vaultRBAC(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeVault) {
		rbac, _ := boolean(r.Inputs, "properties.enableRbacAuthorization")
		policies := list(r.Inputs, "properties.accessPolicies")
		out = append(out, check(r, rbac && len(policies) == 0, "RBAC authorization, no access policies",
			"enableRbacAuthorization=%v with %d access policies", rbac, len(policies)))
	}
	return out
}

func vaultSoftDelete(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeVault) {
		enabled, set := boolean(r.Inputs, "properties.enableSoftDelete")
		days, hasDays := number(r.Inputs, "properties.softDeleteRetentionInDays")
		ok := (enabled || !set) && hasDays && days >= 7 && days <= 90
		out = append(out, check(r, ok, fmt.Sprintf("soft delete for %v days", days),
			"soft delete enabled=%v, retention %v days; allowed: enabled, 7 to 90 days", enabled || !set, days))
	}
	return out
}

func vaultPurgeProtection(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeVault) {
		on, _ := boolean(r.Inputs, "properties.enablePurgeProtection")
		out = append(out, check(r, on, "purge protection on", "purge protection off"))
	}
	return out
}

func diagnosticsToWorkspace(s *Stack) []Finding {
	workspaces := map[string]bool{}
	for _, w := range s.resources(typeWorkspace) {
		workspaces[strings.ToLower(w.ID)] = true
	}
	sent := map[string]bool{}
	for _, d := range s.resources(typeDiagnosticSetting) {
		logsOn := false
		for _, entry := range list(d.Inputs, "logs") {
			enabled, _ := boolean(object(entry), "enabled")
			logsOn = logsOn || enabled
		}
		if logsOn && workspaces[strings.ToLower(str(d.Inputs, "workspaceId"))] {
			sent[strings.ToLower(str(d.Inputs, "resourceUri"))] = true
		}
	}
	var out []Finding
	for _, r := range s.resources(typeVault, typeRegistry) {
		out = append(out, check(r, sent[strings.ToLower(r.ID)], "logs sent to the stack's workspace",
			"no diagnostic setting sends its logs to a workspace of this stack"))
	}
	return out
}

func alertsRouted(s *Stack) []Finding {
	groups := map[string]bool{}
	var out []Finding
	for _, g := range s.resources(typeActionGroup) {
		enabled, _ := boolean(g.Inputs, "enabled")
		receivers := 0
		for _, kind := range []string{
			"emailReceivers", "smsReceivers", "webhookReceivers", "armRoleReceivers",
			"azureAppPushReceivers", "voiceReceivers", "logicAppReceivers", "azureFunctionReceivers",
		} {
			receivers += len(list(g.Inputs, kind))
		}
		groups[strings.ToLower(g.ID)] = enabled && receivers > 0
		out = append(out, check(g, enabled && receivers > 0, fmt.Sprintf("enabled with %d receivers", receivers),
			"enabled=%v with %d receivers: its alerts reach nobody", enabled, receivers))
	}
	alerted := map[string]bool{}
	for _, alert := range s.resources(typeMetricAlert) {
		autoMitigate, _ := boolean(alert.Inputs, "autoMitigate")
		routed := false
		for _, action := range list(alert.Inputs, "actions") {
			routed = routed || groups[strings.ToLower(str(object(action), "actionGroupId"))]
		}
		for _, scope := range list(alert.Inputs, "scopes") {
			if scope.IsString() {
				alerted[strings.ToLower(scope.StringValue())] = true
			}
		}
		out = append(out, check(alert, routed && autoMitigate, "routed to an enabled action group, auto-resolving",
			"routed=%v, autoMitigate=%v", routed, autoMitigate))
	}
	for _, app := range s.resources(typeContainerApp) {
		out = append(out, check(app, alerted[strings.ToLower(app.ID)], "has metric alerts", "no metric alert watches it"))
	}
	return out
}

func leastPrivilege(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeRoleAssignment) {
		definition := str(r.Inputs, "roleDefinitionId")
		role := definition[strings.LastIndex(definition, "/")+1:]
		scope := strings.ToLower(str(r.Inputs, "scope"))
		name, allowed := allowedRoles[role]
		var problem string
		switch {
		case !allowed:
			problem = fmt.Sprintf("role %s is not one of the narrow roles the stack grants", role)
		case str(r.Inputs, "principalType") == "":
			problem = "principalType is not set"
		case (role == governance.RoleAcrPull || role == governance.RoleAcrPush) &&
			!strings.Contains(scope, "/providers/microsoft.containerregistry/registries/"):
			problem = name + " granted outside a registry: " + scope
		case role == governance.RoleKeyVaultSecretsUser && !strings.Contains(scope, "/secrets/"):
			problem = name + " granted on more than one secret: " + scope
		case !strings.Contains(scope, "/providers/"):
			problem = name + " granted on a whole resource group or subscription: " + scope
		}
		out = append(out, check(r, problem == "", name+" on one resource", "%s", problem))
	}
	return out
}

func noPlainSecretEnv(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.resources(typeContainerApp) {
		var plain []string
		for _, container := range containers(r) {
			for _, entry := range list(container, "env") {
				variable := object(entry)
				name, value := str(variable, "name"), str(variable, "value")
				if value == "" {
					continue
				}
				if credentials.IsSecretName(name) || credentials.InValue(value) {
					plain = append(plain, name)
				}
			}
		}
		out = append(out, check(r, len(plain) == 0, "no secret in plain variables",
			"variables that look like secrets hold plain values: %v", plain))
	}
	return out
}

// sensitivePaths are the inputs that always carry a credential.
var sensitivePaths = map[string][]string{
	typeVaultSecret:   {"properties.value"},
	typeEnvironment:   {"appLogsConfiguration.logAnalyticsConfiguration.sharedKey", "daprAIConnectionString"},
	typeImage:         {"registry.password"},
	typeWebhook:       {"serviceUri", "customHeaders"},
	typeContainerApp:  {"configuration.secrets[].value"},
	typeDaprComponent: {"secrets[].value"},
}

func sensitiveInputsSecret(s *Stack) []Finding {
	var out []Finding
	for typ, paths := range sensitivePaths {
		for _, r := range s.resources(typ) {
			var plain []string
			for _, path := range paths {
				for _, v := range collect(r.Inputs, path) {
					if !v.secret {
						plain = append(plain, path)
					}
				}
			}
			out = append(out, check(r, len(plain) == 0, "sensitive inputs are secrets", "not marked secret: %v", plain))
		}
	}
	return out
}

type found struct {
	value  resource.PropertyValue
	secret bool
}

// collect returns every value at path, where "[]" walks a list.
func collect(properties resource.PropertyMap, path string) []found {
	listPath, rest, hasList := strings.Cut(path, "[].")
	if !hasList {
		v, ok, isSecret := value(properties, path)
		if !ok || v.IsNull() {
			return nil
		}
		return []found{{value: v, secret: isSecret}}
	}
	v, ok, outerSecret := value(properties, listPath)
	if !ok || !v.IsArray() {
		return nil
	}
	var out []found
	for _, item := range v.ArrayValue() {
		itemSecret := item.IsSecret()
		for _, inner := range collect(object(item), rest) {
			inner.secret = inner.secret || itemSecret || outerSecret
			out = append(out, inner)
		}
	}
	return out
}

func noSecretOutputs(s *Stack) []Finding {
	secrets := map[string]bool{}
	for _, r := range s.Result.Resources {
		gatherSecrets(resource.NewProperty(r.Inputs), false, secrets)
		gatherSecrets(resource.NewProperty(r.Outputs), false, secrets)
	}
	var leaked []string
	var walk func(name string, v any)
	walk = func(name string, v any) {
		switch typed := v.(type) {
		case string:
			if secrets[typed] {
				leaked = append(leaked, name)
			}
		case map[string]any:
			for key, inner := range typed {
				walk(name+"."+key, inner)
			}
		case []any:
			for i, inner := range typed {
				walk(fmt.Sprintf("%s[%d]", name, i), inner)
			}
		}
	}
	for name, v := range s.Result.Outputs {
		walk(name, v)
	}
	slices.Sort(leaked)
	finding := Finding{
		Resource: "stack outputs", Type: "pulumi:pulumi:Stack", Passed: len(leaked) == 0,
		Message: "no secret value in the outputs",
	}
	if len(leaked) > 0 {
		finding.Message = fmt.Sprintf("secret values in outputs: %v", leaked)
	}
	return []Finding{finding}
}

// gatherSecrets collects the plain text of every secret string long enough to be a credential.
func gatherSecrets(v resource.PropertyValue, inSecret bool, into map[string]bool) {
	switch {
	case v.IsSecret():
		gatherSecrets(v.SecretValue().Element, true, into)
	case v.IsObject():
		for _, inner := range v.ObjectValue() {
			gatherSecrets(inner, inSecret, into)
		}
	case v.IsArray():
		for _, inner := range v.ArrayValue() {
			gatherSecrets(inner, inSecret, into)
		}
	case inSecret && v.IsString() && len(v.StringValue()) >= 12:
		into[v.StringValue()] = true
	}
}
