// Package registry provides SecureRegistry: an Azure container registry that apps pull from with their
// managed identities, never with passwords.
package registry

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20230701"
	preview "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20241101preview"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/diag"
	"github.com/secure-aca/secure-aca/internal/governance"
	"github.com/secure-aca/secure-aca/internal/naming"
	"github.com/secure-aca/secure-aca/internal/privatelink"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// Token is the component's Pulumi type token.
const Token = "secureaca:index:SecureRegistry"

// Defaults and limits.
const (
	// DefaultSku is Standard: Basic's storage and throughput are sized for learning, not for running services.
	DefaultSku = "Standard"
	// SuffixLength is the length of the random part of the name. Registry names are global across Azure,
	// so the part chosen by the caller cannot be relied on to be free.
	SuffixLength = 6
	// MaxNamePrefixLength leaves room for the suffix within Azure's 50 characters.
	MaxNamePrefixLength = 50 - SuffixLength
)

// Skus lists the allowed SKUs.
var Skus = []string{"Basic", "Standard", "Premium"}

// WebhookActions lists the registry events a webhook can subscribe to.
var WebhookActions = []string{"push", "delete", "quarantine", "chart_push", "chart_delete"}

// Args configures a SecureRegistry. The zero value of every optional field is the secure choice.
type Args struct {
	// ResourceGroupName is the resource group to create the registry in. Required.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// Location is the Azure region. Optional; default: the resource group's region.
	Location pulumi.StringInput `pulumi:"location,optional"`
	// NamePrefix starts the registry name; a random suffix of SuffixLength lowercase letters and digits, kept in
	// the stack's state, completes it. Required; letters and digits only, 1 to MaxNamePrefixLength characters.
	NamePrefix string `pulumi:"namePrefix"`
	// Sku is the registry tier. Optional; default "Standard"; allowed "Basic", "Standard", "Premium".
	Sku string `pulumi:"sku,optional"`
	// AdminUserEnabled turns on the registry's shared admin user. Optional; default false. Enabling it logs a
	// warning: anyone holding the admin password can push and pull every repository.
	AdminUserEnabled bool `pulumi:"adminUserEnabled,optional"`
	// AnonymousPullEnabled lets anyone pull without credentials. Optional; default false. Enabling it logs a
	// warning and needs the Standard or Premium tier. Only preview API versions expose this switch, so the
	// registry moves to one while it is on.
	AnonymousPullEnabled bool `pulumi:"anonymousPullEnabled,optional"`
	// ZoneRedundant spreads the registry across availability zones. Optional; default false; Premium only.
	ZoneRedundant bool `pulumi:"zoneRedundant,optional"`
	// PullPrincipals are granted AcrPull on this registry. Optional.
	PullPrincipals []Principal `pulumi:"pullPrincipals,optional"`
	// PushPrincipals are granted AcrPush on this registry, e.g. the pipeline that builds images. Optional.
	PushPrincipals []Principal `pulumi:"pushPrincipals,optional"`
	// Webhooks notify a service of registry events, e.g. to start a deployment pipeline on push. Optional.
	Webhooks []Webhook `pulumi:"webhooks,optional"`
	// PrivateEndpoint connects the registry to a virtual network; Premium only. Optional; default: none.
	PrivateEndpoint *PrivateEndpoint `pulumi:"privateEndpoint,optional"`
	// PublicNetworkAccessDisabled closes the registry's public endpoint, leaving only private endpoints: pushes
	// must then come from inside the network. Optional; default false.
	PublicNetworkAccessDisabled bool `pulumi:"publicNetworkAccessDisabled,optional"`
	// LogAnalyticsWorkspaceID is the ARM id of the workspace that receives the registry's logs and metrics.
	// Optional; no diagnostic setting is created when it is empty.
	LogAnalyticsWorkspaceID pulumi.StringInput `pulumi:"logAnalyticsWorkspaceId,optional"`
	// Protected marks the registry protected in Pulumi and puts a CanNotDelete lock on it. Optional;
	// default false; production stacks turn it on.
	Protected bool `pulumi:"protected,optional"`
	// Tags are applied to every taggable child. Optional.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Principal is a Microsoft Entra principal that receives a role on the registry.
type Principal = governance.Principal

// PrivateEndpoint places a private endpoint for the registry in a subnet and registers it in a private DNS
// zone (privatelink.azurecr.io).
type PrivateEndpoint = privatelink.Endpoint

// Webhook sends registry events to a service.
type Webhook struct {
	// Name of the webhook. Required; 5 to 50 letters and digits.
	Name string `pulumi:"name"`
	// ServiceURI receives the events. Required; an https URL. Treated as a secret: URLs of this kind often
	// carry a token.
	ServiceURI pulumi.StringInput `pulumi:"serviceUri" provider:"secret"`
	// Actions that trigger the webhook. Optional; default ["push"]; allowed: push, delete, quarantine,
	// chart_push, chart_delete.
	Actions []string `pulumi:"actions,optional"`
	// Scope limits the webhook to repositories and tags, e.g. "api:*". Optional; default: every repository.
	Scope string `pulumi:"scope,optional"`
	// CustomHeaders are sent with every event, e.g. an authorization header. Optional; kept secret.
	CustomHeaders pulumi.StringMapInput `pulumi:"customHeaders,optional" provider:"secret"`
}

// SecureRegistry is a container registry with the admin user and anonymous pull off, role-based pull and push
// grants, optional webhooks, and diagnostics sent to Log Analytics.
type SecureRegistry struct {
	pulumi.ResourceState

	// ID is the registry's ARM resource id.
	ID pulumi.StringOutput `pulumi:"id"`
	// Name is the registry's name, including the random suffix.
	Name pulumi.StringOutput `pulumi:"name"`
	// LoginServer is the host name images are pushed to and pulled from, e.g. "myregistry.azurecr.io".
	LoginServer pulumi.StringOutput `pulumi:"loginServer"`

	// Registry is the underlying resource, for callers that need to depend on it.
	Registry pulumi.CustomResource
}

// NewSecureRegistry validates args, then creates the registry and its grants. Invalid args return every
// problem at once and create nothing.
func NewSecureRegistry(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption,
) (*SecureRegistry, error) {
	args = args.WithDefaults()
	if err := args.Validate(); err != nil {
		return nil, fmt.Errorf("validating SecureRegistry %q: %w", name, err)
	}

	component := &SecureRegistry{}
	if err := ctx.RegisterComponentResource(Token, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering SecureRegistry %q: %w", name, err)
	}
	parent := pulumi.Parent(component)

	// Azure fixes these when the registry is created. Changing one changes the suffix, so the registry is
	// replaced by a new one under a new name, created before the old one is deleted.
	keepers := pulumi.StringMap{"zoneRedundant": pulumi.String(fmt.Sprint(args.ZoneRedundant))}
	if args.Location != nil {
		keepers["location"] = args.Location
	}
	suffix, err := random.NewRandomString(ctx, name+"-suffix", &random.RandomStringArgs{
		Length:  pulumi.Int(SuffixLength),
		Special: pulumi.Bool(false),
		Upper:   pulumi.Bool(false),
		Keepers: keepers,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating name suffix of %q: %w", name, err)
	}
	registryName := pulumi.Sprintf("%s%s", strings.ToLower(args.NamePrefix), suffix.Result)

	registryOpts := []pulumi.ResourceOption{parent, pulumi.Protect(args.Protected)}
	var id, actualName, loginServer pulumi.StringOutput
	if args.AnonymousPullEnabled {
		created, err := newPreviewRegistry(ctx, name, registryName, args, registryOpts)
		if err != nil {
			return nil, err
		}
		id, actualName, loginServer = created.ID().ToStringOutput(), created.Name, created.LoginServer
		component.Registry = created
	} else {
		created, err := v20230701.NewRegistry(ctx, name+"-acr", &v20230701.RegistryArgs{
			ResourceGroupName:   args.ResourceGroupName,
			Location:            args.Location,
			RegistryName:        registryName,
			Sku:                 &v20230701.SkuArgs{Name: pulumi.String(args.Sku)},
			AdminUserEnabled:    pulumi.Bool(args.AdminUserEnabled),
			ZoneRedundancy:      pulumi.String(enabledOrDisabled(args.ZoneRedundant)),
			PublicNetworkAccess: pulumi.String(enabledOrDisabled(!args.PublicNetworkAccessDisabled)),
			Tags:                pulumi.ToStringMap(args.Tags),
		}, registryOpts...)
		if err != nil {
			return nil, fmt.Errorf("creating registry of %q: %w", name, err)
		}
		id, actualName, loginServer = created.ID().ToStringOutput(), created.Name, created.LoginServer
		component.Registry = created
	}
	component.ID, component.Name, component.LoginServer = id, actualName, loginServer

	if args.AdminUserEnabled {
		diag.Warn(ctx, component, name, "the registry's admin user is enabled: its shared password can push and "+
			"pull every repository; prefer role assignments to managed identities")
	}
	if args.AnonymousPullEnabled {
		diag.Warn(ctx, component, name, "anonymous pull is enabled: anyone on the internet can pull every image "+
			"in this registry, and the registry uses a preview API version to allow it")
	}

	if err := grantRoles(ctx, name, id, args, parent); err != nil {
		return nil, err
	}

	for _, hook := range args.Webhooks {
		if err := newWebhook(ctx, name, actualName, hook, args, parent); err != nil {
			return nil, err
		}
	}

	if args.PrivateEndpoint != nil {
		if _, err := privatelink.Connect(ctx, name+"-endpoint", privatelink.Target{
			ResourceGroupName: args.ResourceGroupName,
			Location:          args.Location,
			EndpointName:      "pe-" + strings.ToLower(args.NamePrefix),
			ResourceID:        id,
			GroupID:           "registry",
			Tags:              args.Tags,
		}, *args.PrivateEndpoint, parent); err != nil {
			return nil, err
		}
	}

	if args.LogAnalyticsWorkspaceID != nil {
		if _, err := governance.SendDiagnostics(ctx, name+"-diagnostics", id, args.LogAnalyticsWorkspaceID,
			parent); err != nil {
			return nil, err
		}
	}

	if args.Protected {
		if _, err := governance.LockAgainstDelete(ctx, name+"-lock", id,
			"Holds the images the container apps run; remove the lock deliberately before deleting.",
			parent); err != nil {
			return nil, err
		}
	}

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"id":          id,
		"name":        actualName,
		"loginServer": loginServer,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of SecureRegistry %q: %w", name, err)
	}
	return component, nil
}

func newPreviewRegistry(ctx *pulumi.Context, name string, registryName pulumi.StringInput, args Args,
	opts []pulumi.ResourceOption,
) (*preview.Registry, error) {
	created, err := preview.NewRegistry(ctx, name+"-acr", &preview.RegistryArgs{
		ResourceGroupName:    args.ResourceGroupName,
		Location:             args.Location,
		RegistryName:         registryName,
		Sku:                  &preview.SkuArgs{Name: pulumi.String(args.Sku)},
		AdminUserEnabled:     pulumi.Bool(args.AdminUserEnabled),
		AnonymousPullEnabled: pulumi.Bool(true),
		ZoneRedundancy:       pulumi.String(enabledOrDisabled(args.ZoneRedundant)),
		PublicNetworkAccess:  pulumi.String(enabledOrDisabled(!args.PublicNetworkAccessDisabled)),
		Tags:                 pulumi.ToStringMap(args.Tags),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating registry of %q: %w", name, err)
	}
	return created, nil
}

func grantRoles(ctx *pulumi.Context, name string, registryID pulumi.StringOutput, args Args,
	opts ...pulumi.ResourceOption,
) error {
	grants := []struct {
		verb       string
		role       string
		principals []Principal
	}{
		{verb: "pull", role: governance.RoleAcrPull, principals: args.PullPrincipals},
		{verb: "push", role: governance.RoleAcrPush, principals: args.PushPrincipals},
	}
	for _, grant := range grants {
		for _, principal := range grant.principals {
			_, err := governance.Assign(ctx, fmt.Sprintf("%s-%s-%s", name, grant.verb, principal.Name),
				governance.RoleAssignment{
					Scope:         registryID,
					PrincipalID:   principal.PrincipalID,
					PrincipalType: principal.PrincipalType,
					RoleID:        grant.role,
					Description:   fmt.Sprintf("%s may %s images", principal.Name, grant.verb),
				}, opts...)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func newWebhook(ctx *pulumi.Context, name string, registryName pulumi.StringOutput, hook Webhook, args Args,
	opts ...pulumi.ResourceOption,
) error {
	webhookArgs := &v20230701.WebhookArgs{
		ResourceGroupName: args.ResourceGroupName,
		RegistryName:      registryName,
		Location:          args.Location,
		WebhookName:       pulumi.String(hook.Name),
		ServiceUri:        pulumi.ToSecret(hook.ServiceURI).(pulumi.StringOutput),
		Actions:           pulumi.ToStringArray(hook.Actions),
		Status:            pulumi.String("enabled"),
		Tags:              pulumi.ToStringMap(args.Tags),
	}
	if hook.Scope != "" {
		webhookArgs.Scope = pulumi.String(hook.Scope)
	}
	if hook.CustomHeaders != nil {
		webhookArgs.CustomHeaders = pulumi.ToSecret(hook.CustomHeaders).(pulumi.StringMapOutput)
	}
	if _, err := v20230701.NewWebhook(ctx, name+"-webhook-"+strings.ToLower(hook.Name), webhookArgs,
		opts...); err != nil {
		return fmt.Errorf("creating webhook %q of %q: %w", hook.Name, name, err)
	}
	return nil
}

// WithDefaults returns a copy of a with every unset optional field filled with its default; the copy shares no
// slice with a.
func (a Args) WithDefaults() Args {
	if a.Sku == "" {
		a.Sku = DefaultSku
	}
	a.PullPrincipals = governance.WithPrincipalDefaults(a.PullPrincipals)
	a.PushPrincipals = governance.WithPrincipalDefaults(a.PushPrincipals)
	hooks := make([]Webhook, len(a.Webhooks))
	for i, hook := range a.Webhooks {
		if len(hook.Actions) == 0 {
			hook.Actions = []string{"push"}
		} else {
			hook.Actions = slices.Clone(hook.Actions)
		}
		hooks[i] = hook
	}
	a.Webhooks = hooks
	a.Tags = maps.Clone(a.Tags)
	return a
}

// Validate returns every problem with a, which must already have its defaults. Paths use the schema names.
func (a Args) Validate() error {
	var problems validation.List
	if a.ResourceGroupName == nil {
		problems.Add("resourceGroupName", "is required")
	}
	// The suffix alone is long enough for Azure's minimum, but the prefix is still required.
	minPrefix := max(1, naming.ContainerRegistry.Min-SuffixLength)
	if n := len(a.NamePrefix); n < minPrefix || n > MaxNamePrefixLength ||
		naming.Compact(a.NamePrefix) != strings.ToLower(a.NamePrefix) {
		problems.Add("namePrefix", "%q is not allowed; allowed: %d to %d letters and digits, leaving room for the "+
			"%d-character random suffix within Azure's 50", a.NamePrefix, minPrefix, MaxNamePrefixLength, SuffixLength)
	}
	if !slices.Contains(Skus, a.Sku) {
		problems.Add("sku", "%q is not allowed; allowed: %s", a.Sku, strings.Join(Skus, ", "))
	}
	if a.AnonymousPullEnabled && a.Sku == "Basic" {
		problems.Add("anonymousPullEnabled", "needs the Standard or Premium tier, not Basic")
	}
	if a.ZoneRedundant && a.Sku != "Premium" {
		problems.Add("zoneRedundant", "needs the Premium tier, not %q", a.Sku)
	}
	if a.PrivateEndpoint != nil && a.Sku != "Premium" {
		problems.Add("privateEndpoint", "needs the Premium tier, not %q", a.Sku)
	}
	if a.PrivateEndpoint != nil && (a.PrivateEndpoint.SubnetID == nil || a.PrivateEndpoint.DNSZoneID == nil) {
		problems.Add("privateEndpoint", "needs `subnetId` and `dnsZoneId`")
	}
	if a.PublicNetworkAccessDisabled && a.PrivateEndpoint == nil {
		problems.Add("publicNetworkAccessDisabled", "needs `privateEndpoint`: without either endpoint nothing "+
			"could pull the images")
	}
	problems.AddError("", errors.Join(governance.ValidatePrincipals("pullPrincipals", a.PullPrincipals)...))
	problems.AddError("", errors.Join(governance.ValidatePrincipals("pushPrincipals", a.PushPrincipals)...))

	seen := map[string]bool{}
	for i, hook := range a.Webhooks {
		path := validation.Index("webhooks", i)
		problems.AddError(path+".name", naming.RegistryWebhook.Check(hook.Name))
		if seen[strings.ToLower(hook.Name)] {
			problems.Add(path+".name", "%q is used twice; names must be unique", hook.Name)
		}
		seen[strings.ToLower(hook.Name)] = true
		if hook.ServiceURI == nil {
			problems.Add(path+".serviceUri", "is required")
		}
		for _, action := range hook.Actions {
			if !slices.Contains(WebhookActions, action) {
				problems.Add(path+".actions", "%q is not allowed; allowed: %s", action, strings.Join(WebhookActions, ", "))
			}
		}
	}
	return problems.Err()
}

func enabledOrDisabled(on bool) string {
	if on {
		return "Enabled"
	}
	return "Disabled"
}
