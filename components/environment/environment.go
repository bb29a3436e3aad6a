// Package environment provides AppEnvironment: the Container Apps managed environment with everything that
// observes it, a Log Analytics workspace, workspace-based Application Insights and an alert action group.
package environment

import (
	"fmt"
	"maps"
	"net/mail"
	"slices"
	"strings"

	app "github.com/pulumi/pulumi-azure-native-sdk/app/v2/v20250101"
	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/diag"
	"github.com/secure-aca/secure-aca/internal/governance"
	"github.com/secure-aca/secure-aca/internal/naming"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// Token is the component's Pulumi type token.
const Token = "secureaca:index:AppEnvironment"

// Defaults and limits.
const (
	// DefaultLogRetentionDays is the retention included in the Log Analytics price.
	DefaultLogRetentionDays = 30
	// MinLogRetentionDays and MaxLogRetentionDays bound the interactive retention of the PerGB2018 tier.
	MinLogRetentionDays = 30
	MaxLogRetentionDays = 730
	// MaxActionGroupShortNameLength is Azure's limit on the name shown in alert e-mails and SMS.
	MaxActionGroupShortNameLength = 12
	// ConsumptionProfileName is the name Azure requires for the serverless profile of a workload-profiles
	// environment.
	ConsumptionProfileName = "Consumption"
)

// WorkloadProfileTypes lists the dedicated profile types Azure offers, plus the serverless Consumption type.
var WorkloadProfileTypes = []string{"Consumption", "D4", "D8", "D16", "D32", "E4", "E8", "E16", "E32"}

// Args configures an AppEnvironment.
type Args struct {
	// ResourceGroupName is the resource group to create everything in. Required.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// Location is the Azure region. Optional; default: the resource group's region.
	Location pulumi.StringInput `pulumi:"location,optional"`
	// BaseName is the shared part of every child's Azure name: the environment is "cae-<BaseName>", the workspace
	// "log-<BaseName>", Application Insights "appi-<BaseName>", the action group "ag-<BaseName>". Required;
	// lowercase letters, digits and hyphens, 2 to 56 characters.
	BaseName string `pulumi:"baseName"`
	// LogRetentionDays is how long the workspace keeps logs. Optional; default 30; allowed 30 to 730.
	LogRetentionDays int `pulumi:"logRetentionDays,optional"`
	// AlertEmails receive every alert routed to the action group. Optional; an empty list logs a warning,
	// since alerts then reach nobody.
	AlertEmails []string `pulumi:"alertEmails,optional"`
	// DaprTelemetryDisabled stops the environment from sending Dapr's service-to-service telemetry to
	// Application Insights. Optional; default false (telemetry on).
	DaprTelemetryDisabled bool `pulumi:"daprTelemetryDisabled,optional"`
	// InfrastructureSubnetID puts the environment into a virtual network subnet. Optional; default: a
	// Microsoft-managed network. Required for Internal and ZoneRedundant.
	InfrastructureSubnetID pulumi.StringInput `pulumi:"infrastructureSubnetId,optional"`
	// Internal gives the environment an internal load balancer only: nothing is reachable from the internet.
	// Optional; default false.
	Internal bool `pulumi:"internal,optional"`
	// ZoneRedundant spreads replicas across availability zones. Optional; default false. Azure fixes it when
	// the environment is created, so changing it replaces the environment and every app in it.
	ZoneRedundant bool `pulumi:"zoneRedundant,optional"`
	// WorkloadProfiles switches the environment to the workload-profiles plan with these profiles; a
	// Consumption profile is always added. Optional; default: none (consumption-only plan).
	WorkloadProfiles []WorkloadProfile `pulumi:"workloadProfiles,optional"`
	// UserAssignedIdentityIDs are assigned to the environment, e.g. the identity Dapr components read their
	// Key Vault secrets with. Optional.
	UserAssignedIdentityIDs []pulumi.StringInput `pulumi:"userAssignedIdentityIds,optional"`
	// Protected marks the workspace and Application Insights protected in Pulumi and locks the workspace
	// against deletion. Optional; default false; production stacks turn it on.
	Protected bool `pulumi:"protected,optional"`
	// Tags are applied to every taggable child. Optional.
	Tags map[string]string `pulumi:"tags,optional"`
}

// WorkloadProfile is a pool of dedicated compute in a workload-profiles environment.
type WorkloadProfile struct {
	// Name apps use to select the profile. Required; lowercase letters, digits and hyphens.
	Name string `pulumi:"name"`
	// Type is the machine size, e.g. "D4". Required; one of WorkloadProfileTypes.
	Type string `pulumi:"type"`
	// MinimumCount and MaximumCount bound the number of nodes. Required for dedicated types; 0 to 100,
	// minimum not above maximum.
	MinimumCount int `pulumi:"minimumCount,optional"`
	MaximumCount int `pulumi:"maximumCount,optional"`
}

// AppEnvironment is a managed environment that sends its logs to a workspace and Dapr telemetry to Application
// Insights, with an action group for the apps' alerts.
type AppEnvironment struct {
	pulumi.ResourceState

	// EnvironmentID is the managed environment's ARM id.
	EnvironmentID pulumi.StringOutput `pulumi:"environmentId"`
	// EnvironmentName is the managed environment's name.
	EnvironmentName pulumi.StringOutput `pulumi:"environmentName"`
	// DefaultDomain is the environment's DNS suffix; an internal app answers at
	// "<app>.internal.<DefaultDomain>".
	DefaultDomain pulumi.StringOutput `pulumi:"defaultDomain"`
	// StaticIP is the environment's inbound address.
	StaticIP pulumi.StringOutput `pulumi:"staticIp"`
	// WorkspaceID is the Log Analytics workspace's ARM id, the form diagnostic settings ask for.
	WorkspaceID pulumi.StringOutput `pulumi:"workspaceId"`
	// WorkspaceCustomerID is the workspace's GUID, the form the environment's log configuration asks for.
	WorkspaceCustomerID pulumi.StringOutput `pulumi:"workspaceCustomerId"`
	// AppInsightsID is the Application Insights component's ARM id.
	AppInsightsID pulumi.StringOutput `pulumi:"appInsightsId"`
	// ConnectionString is Application Insights' connection string. Secret.
	ConnectionString pulumi.StringOutput `pulumi:"connectionString" provider:"secret"`
	// ActionGroupID is the ARM id of the action group alerts are routed to.
	ActionGroupID pulumi.StringOutput `pulumi:"actionGroupId"`

	// Environment is the underlying managed environment, for callers that need to depend on it.
	Environment *app.ManagedEnvironment
}

// NewAppEnvironment validates args, then creates the workspace, Application Insights, the managed environment
// and the action group. Invalid args return every problem at once and create nothing.
func NewAppEnvironment(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption,
) (*AppEnvironment, error) {
	args = args.WithDefaults()
	if err := args.Validate(); err != nil {
		return nil, fmt.Errorf("validating AppEnvironment %q: %w", name, err)
	}

	component := &AppEnvironment{}
	if err := ctx.RegisterComponentResource(Token, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering AppEnvironment %q: %w", name, err)
	}
	parent := pulumi.Parent(component)
	tags := pulumi.ToStringMap(args.Tags)

	workspace, err := operationalinsights.NewWorkspace(ctx, name+"-logs", &operationalinsights.WorkspaceArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		WorkspaceName:     pulumi.String("log-" + args.BaseName),
		Sku:               &operationalinsights.WorkspaceSkuArgs{Name: pulumi.String("PerGB2018")},
		RetentionInDays:   pulumi.Int(args.LogRetentionDays),
		Features: &operationalinsights.WorkspaceFeaturesArgs{
			EnableLogAccessUsingOnlyResourcePermissions: pulumi.Bool(true),
		},
		Tags: tags,
	}, parent, pulumi.Protect(args.Protected))
	if err != nil {
		return nil, fmt.Errorf("creating workspace of %q: %w", name, err)
	}
	component.WorkspaceID = workspace.ID().ToStringOutput()
	component.WorkspaceCustomerID = workspace.CustomerId

	insightsComponent, err := insights.NewComponent(ctx, name+"-insights", &insights.ComponentArgs{
		ResourceGroupName:   args.ResourceGroupName,
		Location:            args.Location,
		ResourceName:        pulumi.String("appi-" + args.BaseName),
		Kind:                pulumi.String("web"),
		ApplicationType:     pulumi.String("web"),
		WorkspaceResourceId: component.WorkspaceID,
		IngestionMode:       pulumi.String("LogAnalytics"),
		Tags:                tags,
	}, parent, pulumi.Protect(args.Protected),
		pulumi.AdditionalSecretOutputs([]string{"connectionString", "instrumentationKey"}))
	if err != nil {
		return nil, fmt.Errorf("creating Application Insights of %q: %w", name, err)
	}
	component.AppInsightsID = insightsComponent.ID().ToStringOutput()
	component.ConnectionString = pulumi.ToSecret(insightsComponent.ConnectionString).(pulumi.StringOutput)

	environment, err := newManagedEnvironment(ctx, name, args, workspace, component.ConnectionString, parent)
	if err != nil {
		return nil, err
	}
	component.Environment = environment
	component.EnvironmentID = environment.ID().ToStringOutput()
	component.EnvironmentName = environment.Name
	component.DefaultDomain = environment.DefaultDomain
	component.StaticIP = environment.StaticIp

	actionGroup, err := newActionGroup(ctx, name, args, parent)
	if err != nil {
		return nil, err
	}
	component.ActionGroupID = actionGroup.ID().ToStringOutput()
	if len(args.AlertEmails) == 0 {
		diag.Warn(ctx, component, name, "the alert action group has no e-mail receivers: alerts fire but reach "+
			"nobody; list the on-call addresses")
	}

	if args.Protected {
		if _, err := governance.LockAgainstDelete(ctx, name+"-logs-lock", component.WorkspaceID,
			"Holds the logs of every app and resource; remove the lock deliberately before deleting.",
			parent); err != nil {
			return nil, err
		}
	}

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"environmentId":       component.EnvironmentID,
		"environmentName":     component.EnvironmentName,
		"defaultDomain":       component.DefaultDomain,
		"staticIp":            component.StaticIP,
		"workspaceId":         component.WorkspaceID,
		"workspaceCustomerId": component.WorkspaceCustomerID,
		"appInsightsId":       component.AppInsightsID,
		"connectionString":    component.ConnectionString,
		"actionGroupId":       component.ActionGroupID,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of AppEnvironment %q: %w", name, err)
	}
	return component, nil
}

func newManagedEnvironment(ctx *pulumi.Context, name string, args Args, workspace *operationalinsights.Workspace,
	connectionString pulumi.StringOutput, opts ...pulumi.ResourceOption,
) (*app.ManagedEnvironment, error) {
	sharedKey := operationalinsights.GetSharedKeysOutput(ctx, operationalinsights.GetSharedKeysOutputArgs{
		ResourceGroupName: args.ResourceGroupName,
		WorkspaceName:     workspace.Name,
	}).PrimarySharedKey().Elem()

	environmentArgs := &app.ManagedEnvironmentArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		EnvironmentName:   pulumi.String("cae-" + args.BaseName),
		AppLogsConfiguration: &app.AppLogsConfigurationArgs{
			Destination: pulumi.String("log-analytics"),
			LogAnalyticsConfiguration: &app.LogAnalyticsConfigurationArgs{
				CustomerId: workspace.CustomerId,
				SharedKey:  pulumi.ToSecret(sharedKey).(pulumi.StringOutput),
			},
		},
		// Apps talk to each other over mutual TLS inside the environment.
		PeerTrafficConfiguration: &app.ManagedEnvironmentPeerTrafficConfigurationArgs{
			Encryption: &app.ManagedEnvironmentEncryptionArgs{Enabled: pulumi.Bool(true)},
		},
		ZoneRedundant: pulumi.Bool(args.ZoneRedundant),
		Tags:          pulumi.ToStringMap(args.Tags),
	}
	if !args.DaprTelemetryDisabled {
		environmentArgs.DaprAIConnectionString = connectionString
	}
	if len(args.UserAssignedIdentityIDs) > 0 {
		environmentArgs.Identity = &app.ManagedServiceIdentityArgs{
			Type:                   pulumi.String("UserAssigned"),
			UserAssignedIdentities: pulumi.StringArray(args.UserAssignedIdentityIDs),
		}
	}
	if args.InfrastructureSubnetID != nil {
		environmentArgs.VnetConfiguration = &app.VnetConfigurationArgs{
			InfrastructureSubnetId: args.InfrastructureSubnetID,
			Internal:               pulumi.Bool(args.Internal),
		}
	}
	if len(args.WorkloadProfiles) > 0 {
		profiles := app.WorkloadProfileArray{
			app.WorkloadProfileArgs{
				Name:                pulumi.String(ConsumptionProfileName),
				WorkloadProfileType: pulumi.String(ConsumptionProfileName),
			},
		}
		for _, profile := range args.WorkloadProfiles {
			profiles = append(profiles, app.WorkloadProfileArgs{
				Name:                pulumi.String(profile.Name),
				WorkloadProfileType: pulumi.String(profile.Type),
				MinimumCount:        pulumi.Int(profile.MinimumCount),
				MaximumCount:        pulumi.Int(profile.MaximumCount),
			})
		}
		environmentArgs.WorkloadProfiles = profiles
	}

	// These settings are fixed when Azure creates the environment; declaring them makes a change show up as a
	// deliberate replacement in the preview instead of an update that fails in Azure.
	replaceOn := pulumi.ReplaceOnChanges([]string{
		"zoneRedundant", "vnetConfiguration.infrastructureSubnetId", "vnetConfiguration.internal",
	})
	environment, err := app.NewManagedEnvironment(ctx, name+"-environment", environmentArgs,
		append(opts, replaceOn, pulumi.DeleteBeforeReplace(true))...)
	if err != nil {
		return nil, fmt.Errorf("creating managed environment of %q: %w", name, err)
	}
	return environment, nil
}

func newActionGroup(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption,
) (*insights.ActionGroup, error) {
	receivers := insights.EmailReceiverArray{}
	for i, address := range args.AlertEmails {
		receivers = append(receivers, insights.EmailReceiverArgs{
			Name:                 pulumi.Sprintf("email-%d", i+1),
			EmailAddress:         pulumi.String(address),
			UseCommonAlertSchema: pulumi.Bool(true),
		})
	}

	shortName := args.BaseName
	if len(shortName) > MaxActionGroupShortNameLength {
		shortName = shortName[:MaxActionGroupShortNameLength]
	}
	actionGroup, err := insights.NewActionGroup(ctx, name+"-alerts", &insights.ActionGroupArgs{
		ResourceGroupName: args.ResourceGroupName,
		ActionGroupName:   pulumi.String("ag-" + args.BaseName),
		GroupShortName:    pulumi.String(strings.TrimRight(shortName, "-")),
		Location:          pulumi.String("Global"),
		Enabled:           pulumi.Bool(true),
		EmailReceivers:    receivers,
		Tags:              pulumi.ToStringMap(args.Tags),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating action group of %q: %w", name, err)
	}
	return actionGroup, nil
}

// WithDefaults returns a copy of a with every unset optional field filled with its default; the copy shares no
// slice with a.
func (a Args) WithDefaults() Args {
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	a.AlertEmails = slices.Clone(a.AlertEmails)
	a.WorkloadProfiles = slices.Clone(a.WorkloadProfiles)
	a.UserAssignedIdentityIDs = slices.Clone(a.UserAssignedIdentityIDs)
	a.Tags = maps.Clone(a.Tags)
	return a
}

// Validate returns every problem with a, which must already have its defaults. Paths use the schema names.
func (a Args) Validate() error {
	var problems validation.List
	if a.ResourceGroupName == nil {
		problems.Add("resourceGroupName", "is required")
	}
	if err := naming.ManagedEnvironment.Check("cae-" + a.BaseName); err != nil || a.BaseName == "" {
		problems.Add("baseName", "%q is not allowed; allowed: 1 to 56 lowercase letters, digits and hyphens, "+
			"ending with a letter or digit, without consecutive hyphens", a.BaseName)
	}
	if a.LogRetentionDays < MinLogRetentionDays || a.LogRetentionDays > MaxLogRetentionDays {
		problems.Add("logRetentionDays", "%d is not allowed; allowed: %d to %d", a.LogRetentionDays,
			MinLogRetentionDays, MaxLogRetentionDays)
	}
	for i, address := range a.AlertEmails {
		if parsed, err := mail.ParseAddress(address); err != nil || parsed.Address != address {
			problems.Add(validation.Index("alertEmails", i), "%q is not allowed; allowed: a plain e-mail address "+
				"such as \"oncall@example.com\"", address)
		}
	}
	if a.Internal && a.InfrastructureSubnetID == nil {
		problems.Add("internal", "needs `infrastructureSubnetId`: an internal environment lives on your own "+
			"virtual network")
	}
	if a.ZoneRedundant && a.InfrastructureSubnetID == nil {
		problems.Add("zoneRedundant", "needs `infrastructureSubnetId`: Azure offers zone redundancy only to an "+
			"environment on your own virtual network")
	}
	seen := map[string]bool{ConsumptionProfileName: true}
	for i, profile := range a.WorkloadProfiles {
		path := validation.Index("workloadProfiles", i)
		problems.AddError(path+".name", naming.Label.Check(profile.Name))
		if seen[profile.Name] {
			problems.Add(path+".name", "%q is used twice or is reserved; names must be unique", profile.Name)
		}
		seen[profile.Name] = true
		if !slices.Contains(WorkloadProfileTypes[1:], profile.Type) {
			problems.Add(path+".type", "%q is not allowed; allowed: %s", profile.Type,
				strings.Join(WorkloadProfileTypes[1:], ", "))
		}
		if profile.MinimumCount < 0 || profile.MaximumCount < 1 || profile.MaximumCount > 100 ||
			profile.MinimumCount > profile.MaximumCount {
			problems.Add(path, "node counts %d to %d are not allowed; allowed: maximumCount 1 to 100 and "+
				"minimumCount 0 to maximumCount", profile.MinimumCount, profile.MaximumCount)
		}
	}
	return problems.Err()
}
