package preview

import (
	"regexp"

	"github.com/secure-aca/secure-aca/offline"
)

// Class sorts resource types by how long Azure takes to create them.
type Class string

const (
	// ClassInstant resources are not Azure resources (components, random values) and cost nothing.
	ClassInstant Class = "instant"
	// ClassSeconds resources are single control-plane writes that finish within seconds to a minute.
	ClassSeconds Class = "seconds"
	// ClassMinutes resources provision infrastructure, build images or wait on purpose.
	ClassMinutes Class = "minutes"
)

// Estimate is the expected create time of one resource type.
type Estimate struct {
	Seconds int
	Class   Class
	// Source says where the figure comes from.
	Source string
}

// versionInToken removes the API version from an azure-native type token.
var versionInToken = regexp.MustCompile(`/v\d{8}(preview)?:`)

// sourceOrderOfMagnitude is the honest source of most figures: none of them was measured by this project.
const (
	sourceOrderOfMagnitude   = "order of magnitude from public deployment reports; not measured by this project"
	sourceAPIManagementChild = "a child of an API Management service; " + sourceOrderOfMagnitude
)

// Estimates are the create times the critical path is weighted with. They only rank chains; the structural
// checks on the graph do not depend on them.
var Estimates = map[string]Estimate{
	"azure-native:resources:ResourceGroup":       {5, ClassSeconds, "a single ARM write; " + sourceOrderOfMagnitude},
	"azure-native:operationalinsights:Workspace": {30, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:insights:Component":            {15, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:insights:ActionGroup":          {10, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:insights:MetricAlert":          {15, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:insights:DiagnosticSetting":    {10, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:app:ManagedEnvironment": {300, ClassMinutes, "provisions a Kubernetes-based cluster; users " +
		"expect \"a few minutes\" (github.com/microsoft/azure-container-apps/issues/433)"},
	"azure-native:app:ContainerApp": {90, ClassMinutes, "waits for the first revision to pull its image and " +
		"turn healthy; " + sourceOrderOfMagnitude},
	"azure-native:app:DaprComponent":                    {10, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:containerregistry:Registry":           {45, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:containerregistry:Webhook":            {10, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:keyvault:Vault":                       {30, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:keyvault:Secret":                      {5, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:managedidentity:UserAssignedIdentity": {10, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:authorization:RoleAssignment":         {10, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:authorization:ManagementLockByScope":  {5, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:network:VirtualNetwork":               {15, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:network:Subnet":                       {10, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:network:NetworkSecurityGroup":         {10, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:network:PrivateEndpoint":              {60, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:network:PrivateZone":                  {30, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:network:VirtualNetworkLink":           {30, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:network:PrivateDnsZoneGroup":          {10, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:consumption:Budget":                   {10, ClassSeconds, sourceOrderOfMagnitude},
	"azure-native:resources:Resource":                   {10, ClassSeconds, sourceAPIManagementChild},
	"docker:index/image:Image": {120, ClassMinutes, "a Docker build and push of a small Go service; depends " +
		"on the build cache and the network"},
	"time:index/sleep:Sleep": {90, ClassMinutes, "the configured role-assignment propagation wait " +
		"(containerapp.DefaultPropagationWait)"},
	"random:index/randomString:RandomString":     {0, ClassInstant, "computed by the Pulumi engine"},
	"random:index/randomPassword:RandomPassword": {0, ClassInstant, "computed by the Pulumi engine"},
	"time:index/static:Static":                   {0, ClassInstant, "records the current time in the state"},
}

// unknownEstimate weighs a type with no entry.
var unknownEstimate = Estimate{Seconds: 30, Class: ClassSeconds, Source: "default for types without an entry"}

// API Management services, created through the generic resource type, take far longer in the dedicated tiers.
var (
	apiManagementConsumption = Estimate{Seconds: 180, Class: ClassMinutes, Source: "the Consumption tier is " +
		"serverless and created in minutes; " + sourceOrderOfMagnitude}
	apiManagementDedicated = Estimate{Seconds: 2400, Class: ClassMinutes, Source: "Microsoft Learn: creating " +
		"an API Management service in a dedicated tier can take 30 to 40 minutes"}
)

// EstimateFor returns the estimate of a resource; component resources are instant.
func EstimateFor(r *offline.Resource) Estimate {
	if !r.Custom {
		return Estimate{Class: ClassInstant, Source: "component resource"}
	}
	typ := versionInToken.ReplaceAllString(r.Type, ":")
	if typ == "azure-native:resources:Resource" && r.Inputs["resourceType"].V == "service" &&
		r.Inputs["resourceProviderNamespace"].V == "Microsoft.ApiManagement" {
		if sku, ok := r.Inputs["sku"]; ok && sku.IsObject() && sku.ObjectValue()["name"].V == "Consumption" {
			return apiManagementConsumption
		}
		return apiManagementDedicated
	}
	if estimate, ok := Estimates[typ]; ok {
		return estimate
	}
	return unknownEstimate
}
