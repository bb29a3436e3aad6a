package environment

import "github.com/pulumi/pulumi-go-provider/infer"

// The Annotate methods below document AppEnvironment in the package schema that the component provider
// (cmd/provider) serves to other Pulumi languages. Descriptions use the schema's property names.

// Annotate documents the inputs.
func (a *Args) Annotate(an infer.Annotator) {
	an.Describe(&a.ResourceGroupName, "The resource group to create everything in. Required.")
	an.Describe(&a.Location, "The Azure region. Optional; default: the resource group's region.")
	an.Describe(&a.BaseName, "The shared part of every child's Azure name: the environment is \"cae-<baseName>\", "+
		"the workspace \"log-<baseName>\", Application Insights \"appi-<baseName>\", the action group "+
		"\"ag-<baseName>\". Required; 1 to 56 lowercase letters, digits and hyphens, ending with a letter or digit, "+
		"without consecutive hyphens.")
	an.Describe(&a.LogRetentionDays, "How many days the workspace keeps logs. Optional; default 30 (the "+
		"retention included in the Log Analytics price); allowed: 30 to 730.")
	an.SetDefault(&a.LogRetentionDays, DefaultLogRetentionDays)
	an.Describe(&a.AlertEmails, "E-mail addresses that receive every alert routed to the action group. Optional; "+
		"plain addresses such as \"oncall@example.com\"; an empty list logs a warning, since alerts then reach "+
		"nobody.")
	an.Describe(&a.DaprTelemetryDisabled, "Stops the environment from sending Dapr's service-to-service "+
		"telemetry to Application Insights. Optional; default false (telemetry on).")
	an.Describe(&a.InfrastructureSubnetID, "The ARM id of a virtual network subnet to put the environment in. "+
		"Optional; default: a Microsoft-managed network. Required with `internal` and `zoneRedundant`.")
	an.Describe(&a.Internal, "Gives the environment an internal load balancer only, so nothing is reachable from "+
		"the internet. Optional; default false; needs `infrastructureSubnetId`.")
	an.Describe(&a.ZoneRedundant, "Spreads replicas across availability zones. Optional; default false; needs "+
		"`infrastructureSubnetId`. Azure fixes it when the environment is created, so changing it replaces the "+
		"environment and every app in it.")
	an.Describe(&a.WorkloadProfiles, "Switches the environment to the workload-profiles plan with these dedicated "+
		"profiles; a \"Consumption\" profile is always added. Optional; default: none (consumption-only plan).")
	an.Describe(&a.UserAssignedIdentityIDs, "ARM ids of user-assigned identities to assign to the environment, "+
		"e.g. the identity that Dapr components read their Key Vault secrets with. Optional.")
	an.Describe(&a.Protected, "Marks the workspace and Application Insights protected in Pulumi and locks the "+
		"workspace against deletion. Optional; default false; production stacks turn it on.")
	an.Describe(&a.Tags, "Tags applied to every taggable child resource. Optional.")
}

// Annotate documents a workload profile.
func (w *WorkloadProfile) Annotate(a infer.Annotator) {
	a.SetToken("index", "WorkloadProfile")
	a.Describe(&w, "A pool of dedicated compute in a workload-profiles environment.")
	a.Describe(&w.Name, "The name apps use to select the profile. Required; 1 to 40 lowercase letters, digits "+
		"and hyphens, starting with a letter; unique; not \"Consumption\".")
	a.Describe(&w.Type, "The machine size. Required; allowed: \"D4\", \"D8\", \"D16\", \"D32\", \"E4\", \"E8\", "+
		"\"E16\", \"E32\".")
	a.Describe(&w.MinimumCount, "The fewest nodes. Optional; default 0; allowed: 0 to `maximumCount`.")
	a.Describe(&w.MaximumCount, "The most nodes. Required in practice; allowed: 1 to 100.")
}

// Annotate documents the component and its outputs.
func (e *AppEnvironment) Annotate(a infer.Annotator) {
	a.SetToken("index", "AppEnvironment")
	a.Describe(&e, "A Container Apps managed environment with everything that observes it: a Log Analytics "+
		"workspace for its logs, workspace-based Application Insights for Dapr telemetry, and an action group "+
		"for the apps' alerts.")
	a.Describe(&e.EnvironmentID, "The managed environment's ARM id.")
	a.Describe(&e.EnvironmentName, "The managed environment's name.")
	a.Describe(&e.DefaultDomain, "The environment's DNS suffix; an internal app answers at "+
		"\"<app>.internal.<defaultDomain>\".")
	a.Describe(&e.StaticIP, "The environment's inbound IP address.")
	a.Describe(&e.WorkspaceID, "The Log Analytics workspace's ARM id, the form diagnostic settings ask for.")
	a.Describe(&e.WorkspaceCustomerID, "The workspace's GUID, the form an environment's log configuration asks "+
		"for.")
	a.Describe(&e.AppInsightsID, "The Application Insights component's ARM id.")
	a.Describe(&e.ConnectionString, "Application Insights' connection string. Secret.")
	a.Describe(&e.ActionGroupID, "The ARM id of the action group that alerts are routed to.")
}
