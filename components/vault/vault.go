// Package vault provides SecretVault: an Azure Key Vault in RBAC mode that holds an application's secrets and
// grants each reader only the secrets it needs.
package vault

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/diag"
	"github.com/secure-aca/secure-aca/internal/governance"
	"github.com/secure-aca/secure-aca/internal/naming"
	"github.com/secure-aca/secure-aca/internal/privatelink"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// Token is the component's Pulumi type token.
const Token = "secureaca:index:SecretVault"

// Defaults and limits.
const (
	// DefaultSoftDeleteRetentionDays is Azure's own default and its maximum: the longest window to recover a
	// deleted vault or secret.
	DefaultSoftDeleteRetentionDays = 90
	// MinSoftDeleteRetentionDays is the shortest retention Azure accepts.
	MinSoftDeleteRetentionDays = 7
	// DefaultGeneratedLength gives a generated secret about 285 bits of entropy from letters and digits.
	DefaultGeneratedLength = 48
	// MinGeneratedLength and MaxGeneratedLength bound generated secrets.
	MinGeneratedLength = 16
	MaxGeneratedLength = 256
	// SuffixLength is the length of the random part of the name: vault names are global across Azure and stay
	// reserved while a deleted vault is soft-deleted.
	SuffixLength = 5
	// MaxNamePrefixLength leaves room for "-" and the suffix within Azure's 24 characters.
	MaxNamePrefixLength = 24 - SuffixLength - 1
	// DefaultSku is the standard tier; premium adds HSM-backed keys, which secrets do not use.
	DefaultSku = "standard"
)

// Skus lists the allowed SKUs.
var Skus = []string{"standard", "premium"}

// Principal is a Microsoft Entra principal that receives a role on the vault.
type Principal = governance.Principal

// PrivateEndpoint places a private endpoint for the vault in a subnet and registers it in a private DNS zone
// (privatelink.vaultcore.azure.net).
type PrivateEndpoint = privatelink.Endpoint

// Args configures a SecretVault.
type Args struct {
	// ResourceGroupName is the resource group to create the vault in. Required.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// Location is the Azure region. Optional; default: the resource group's region.
	Location pulumi.StringInput `pulumi:"location,optional"`
	// TenantID is the Microsoft Entra tenant that authenticates requests to the vault. Required.
	TenantID pulumi.StringInput `pulumi:"tenantId"`
	// NamePrefix starts the vault name; "-" and a random suffix of SuffixLength lowercase letters and digits,
	// kept in the stack's state, complete it. Required; letters, digits and hyphens, starting with a letter,
	// 1 to MaxNamePrefixLength characters.
	NamePrefix string `pulumi:"namePrefix"`
	// Sku is the vault tier. Optional; default "standard"; allowed "standard", "premium".
	Sku string `pulumi:"sku,optional"`
	// SoftDeleteRetentionDays is how long a deleted vault or secret can be recovered. Optional; default 90;
	// allowed 7 to 90. Azure does not let it change after the vault is created.
	SoftDeleteRetentionDays int `pulumi:"softDeleteRetentionDays,optional"`
	// PurgeProtectionEnabled forbids purging deleted secrets before their retention ends. Optional; default
	// true. Turning it off logs a warning. Once on, Azure never lets it be turned off, and the vault is
	// protected in Pulumi: its name stays reserved for the whole retention period after a delete, so the
	// engine refuses any change that would replace it.
	PurgeProtectionEnabled *bool `pulumi:"purgeProtectionEnabled,optional"`
	// Secrets are created in the vault. Optional.
	Secrets []Secret `pulumi:"secrets,optional"`
	// Readers are granted "Key Vault Secrets User" on the secrets they name. Optional.
	Readers []Reader `pulumi:"readers,optional"`
	// PrivateEndpoint connects the vault to a virtual network. Optional; default: none.
	PrivateEndpoint *PrivateEndpoint `pulumi:"privateEndpoint,optional"`
	// PublicNetworkAccessDisabled closes the vault's public endpoint, leaving only private endpoints. Optional;
	// default false. Secrets are still written through Azure Resource Manager.
	PublicNetworkAccessDisabled bool `pulumi:"publicNetworkAccessDisabled,optional"`
	// LogAnalyticsWorkspaceID is the ARM id of the workspace that receives the vault's audit logs and metrics.
	// Optional; no diagnostic setting is created when it is empty.
	LogAnalyticsWorkspaceID pulumi.StringInput `pulumi:"logAnalyticsWorkspaceId,optional"`
	// Protected marks the vault protected in Pulumi and puts a CanNotDelete lock on it. Optional; default
	// false; production stacks turn it on.
	Protected bool `pulumi:"protected,optional"`
	// Tags are applied to every taggable child. Optional.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Secret is one secret in the vault: either a supplied value or one the component generates.
type Secret struct {
	// Name of the secret in the vault. Required; 1 to 127 letters, digits and hyphens; unique regardless of
	// case.
	Name string `pulumi:"name"`
	// Value of the secret. Required unless Generated; always stored and passed on as a Pulumi secret.
	Value pulumi.StringInput `pulumi:"value,optional" provider:"secret"`
	// Generated makes the component generate a random value of letters and digits, kept secret in the stack's
	// state. Optional; default false; excludes Value.
	Generated bool `pulumi:"generated,optional"`
	// Length of a generated value. Optional; default 48; allowed 16 to 256.
	Length int `pulumi:"length,optional"`
	// ContentType describes the value, e.g. "text/plain". Optional.
	ContentType string `pulumi:"contentType,optional"`
}

// Reader is a principal allowed to read some of the vault's secrets.
type Reader struct {
	Principal
	// SecretNames are the secrets the principal may read; each grant is scoped to one secret. Required; each
	// must name a secret in Secrets.
	SecretNames []string `pulumi:"secretNames"`
}

// SecretVault is a Key Vault in RBAC mode with soft delete, purge protection by default, named secrets and
// per-secret read grants.
type SecretVault struct {
	pulumi.ResourceState

	// ID is the vault's ARM resource id.
	ID pulumi.StringOutput `pulumi:"id"`
	// Name is the vault's name, including the random suffix.
	Name pulumi.StringOutput `pulumi:"name"`
	// VaultURI is the vault's data-plane endpoint, e.g. "https://kv-app-dev-x1y2z.vault.azure.net/".
	VaultURI pulumi.StringOutput `pulumi:"vaultUri"`
	// SecretURIs maps each secret name to its versionless URI, the form a Container Apps Key Vault reference
	// takes so that a new version is picked up without a new deployment.
	SecretURIs pulumi.StringMapOutput `pulumi:"secretUris"`
	// SecretIDs maps each secret name to its ARM resource id, the scope of a per-secret role assignment.
	SecretIDs pulumi.StringMapOutput `pulumi:"secretIds"`

	// Vault is the underlying resource, for callers that need to depend on it.
	Vault *keyvault.Vault
	// SecretResources maps each secret name to its resource.
	SecretResources map[string]*keyvault.Secret

	secretURIs map[string]pulumi.StringOutput
}

// SecretURI returns the versionless URI of the named secret, or an empty string output for an unknown name.
func (v *SecretVault) SecretURI(name string) pulumi.StringOutput {
	if uri, ok := v.secretURIs[name]; ok {
		return uri
	}
	return pulumi.String("").ToStringOutput()
}

// SecretID returns the ARM id of the named secret, or an empty string output for an unknown name.
func (v *SecretVault) SecretID(name string) pulumi.StringOutput {
	if secret, ok := v.SecretResources[name]; ok {
		return secret.ID().ToStringOutput()
	}
	return pulumi.String("").ToStringOutput()
}

// NewSecretVault validates args, then creates the vault, its secrets and the read grants. Invalid args return
// every problem at once and create nothing.
func NewSecretVault(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption,
) (*SecretVault, error) {
	args = args.WithDefaults()
	if err := args.Validate(); err != nil {
		return nil, fmt.Errorf("validating SecretVault %q: %w", name, err)
	}

	component := &SecretVault{
		SecretResources: map[string]*keyvault.Secret{},
		secretURIs:      map[string]pulumi.StringOutput{},
	}
	if err := ctx.RegisterComponentResource(Token, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering SecretVault %q: %w", name, err)
	}
	parent := pulumi.Parent(component)

	// Azure fixes these when the vault is created. Changing one changes the suffix, so the vault is replaced
	// by a new one under a new name, created before the old one is deleted: a vault's name stays reserved
	// while it is soft-deleted, so the same name could not be reused.
	keepers := pulumi.StringMap{
		"tenantId":                args.TenantID,
		"softDeleteRetentionDays": pulumi.String(fmt.Sprint(args.SoftDeleteRetentionDays)),
	}
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

	purgeProtection := *args.PurgeProtectionEnabled
	vaultProperties := &keyvault.VaultPropertiesArgs{
		TenantId:                  args.TenantID,
		Sku:                       &keyvault.SkuArgs{Family: pulumi.String("A"), Name: keyvault.SkuName(args.Sku)},
		EnableRbacAuthorization:   pulumi.Bool(true),
		EnableSoftDelete:          pulumi.Bool(true),
		SoftDeleteRetentionInDays: pulumi.Int(args.SoftDeleteRetentionDays),
		AccessPolicies:            keyvault.AccessPolicyEntryArray{},
		PublicNetworkAccess:       pulumi.String(enabledOrDisabled(!args.PublicNetworkAccessDisabled)),
	}
	if args.PublicNetworkAccessDisabled {
		vaultProperties.NetworkAcls = &keyvault.NetworkRuleSetArgs{
			DefaultAction: pulumi.String("Deny"),
			Bypass:        pulumi.String("AzureServices"),
		}
	}
	// Azure rejects enablePurgeProtection=false outright; leaving it unset is how "off" is expressed.
	if purgeProtection {
		vaultProperties.EnablePurgeProtection = pulumi.Bool(true)
	}
	created, err := keyvault.NewVault(ctx, name+"-kv", &keyvault.VaultArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		VaultName:         pulumi.Sprintf("%s-%s", args.NamePrefix, suffix.Result),
		Properties:        vaultProperties,
		Tags:              pulumi.ToStringMap(args.Tags),
	}, parent, pulumi.Protect(args.Protected || purgeProtection))
	if err != nil {
		return nil, fmt.Errorf("creating vault of %q: %w", name, err)
	}
	component.Vault = created
	component.ID = created.ID().ToStringOutput()
	component.Name = created.Name
	component.VaultURI = created.Properties.VaultUri()

	if !purgeProtection {
		diag.Warn(ctx, component, name, "purge protection is off: a deleted vault or secret can be purged at "+
			"once and lost for good; turn it on for any stack that holds data worth keeping")
	}

	uris := pulumi.StringMap{}
	ids := pulumi.StringMap{}
	for _, secret := range args.Secrets {
		createdSecret, err := newSecret(ctx, name, created, secret, args, parent)
		if err != nil {
			return nil, err
		}
		component.SecretResources[secret.Name] = createdSecret
		// The properties carry the secret value, so Pulumi marks all of them secret; the URI is not.
		component.secretURIs[secret.Name] = pulumi.Unsecret(createdSecret.Properties.SecretUri()).(pulumi.StringOutput)
		uris[secret.Name] = component.secretURIs[secret.Name]
		ids[secret.Name] = createdSecret.ID().ToStringOutput()
	}
	component.SecretURIs = uris.ToStringMapOutput()
	component.SecretIDs = ids.ToStringMapOutput()

	for _, reader := range args.Readers {
		for _, secretName := range reader.SecretNames {
			_, err := governance.Assign(ctx, fmt.Sprintf("%s-read-%s-%s", name, reader.Name,
				strings.ToLower(secretName)), governance.RoleAssignment{
				Scope:         component.SecretResources[secretName].ID().ToStringOutput(),
				PrincipalID:   reader.PrincipalID,
				PrincipalType: reader.PrincipalType,
				RoleID:        governance.RoleKeyVaultSecretsUser,
				Description:   fmt.Sprintf("%s may read the secret %s", reader.Name, secretName),
			}, parent)
			if err != nil {
				return nil, err
			}
		}
	}

	if args.PrivateEndpoint != nil {
		if _, err := privatelink.Connect(ctx, name+"-endpoint", privatelink.Target{
			ResourceGroupName: args.ResourceGroupName,
			Location:          args.Location,
			EndpointName:      "pe-" + args.NamePrefix,
			ResourceID:        component.ID,
			GroupID:           "vault",
			Tags:              args.Tags,
		}, *args.PrivateEndpoint, parent); err != nil {
			return nil, err
		}
	}

	if args.LogAnalyticsWorkspaceID != nil {
		if _, err := governance.SendDiagnostics(ctx, name+"-diagnostics", component.ID,
			args.LogAnalyticsWorkspaceID, parent); err != nil {
			return nil, err
		}
	}

	if args.Protected {
		if _, err := governance.LockAgainstDelete(ctx, name+"-lock", component.ID,
			"Holds the application's secrets; remove the lock deliberately before deleting.", parent); err != nil {
			return nil, err
		}
	}

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"id":         component.ID,
		"name":       component.Name,
		"vaultUri":   component.VaultURI,
		"secretUris": component.SecretURIs,
		"secretIds":  component.SecretIDs,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of SecretVault %q: %w", name, err)
	}
	return component, nil
}

func newSecret(ctx *pulumi.Context, name string, vault *keyvault.Vault, secret Secret, args Args,
	opts ...pulumi.ResourceOption,
) (*keyvault.Secret, error) {
	childName := fmt.Sprintf("%s-secret-%s", name, strings.ToLower(secret.Name))

	value := secret.Value
	if secret.Generated {
		generated, err := random.NewRandomPassword(ctx, childName+"-value", &random.RandomPasswordArgs{
			Length:  pulumi.Int(secret.Length),
			Special: pulumi.Bool(false),
		}, opts...)
		if err != nil {
			return nil, fmt.Errorf("generating the value of secret %q of %q: %w", secret.Name, name, err)
		}
		value = generated.Result
	}

	properties := &keyvault.SecretPropertiesArgs{
		Value: pulumi.ToSecret(value).(pulumi.StringOutput),
	}
	if secret.ContentType != "" {
		properties.ContentType = pulumi.String(secret.ContentType)
	}
	created, err := keyvault.NewSecret(ctx, childName, &keyvault.SecretArgs{
		ResourceGroupName: args.ResourceGroupName,
		VaultName:         vault.Name,
		SecretName:        pulumi.String(secret.Name),
		Properties:        properties,
		Tags:              pulumi.ToStringMap(args.Tags),
	}, append(opts, pulumi.AdditionalSecretOutputs([]string{"properties"}))...)
	if err != nil {
		return nil, fmt.Errorf("creating secret %q of %q: %w", secret.Name, name, err)
	}
	return created, nil
}

// WithDefaults returns a copy of a with every unset optional field filled with its default; the copy shares no
// slice or pointer with a.
func (a Args) WithDefaults() Args {
	if a.Sku == "" {
		a.Sku = DefaultSku
	}
	if a.SoftDeleteRetentionDays == 0 {
		a.SoftDeleteRetentionDays = DefaultSoftDeleteRetentionDays
	}
	purgeProtection := true
	if a.PurgeProtectionEnabled != nil {
		purgeProtection = *a.PurgeProtectionEnabled
	}
	a.PurgeProtectionEnabled = &purgeProtection
	secrets := make([]Secret, len(a.Secrets))
	for i, secret := range a.Secrets {
		if secret.Generated && secret.Length == 0 {
			secret.Length = DefaultGeneratedLength
		}
		secrets[i] = secret
	}
	a.Secrets = secrets
	readers := make([]Reader, len(a.Readers))
	for i, reader := range a.Readers {
		reader.Principal = governance.WithPrincipalDefaults([]Principal{reader.Principal})[0]
		reader.SecretNames = slices.Clone(reader.SecretNames)
		readers[i] = reader
	}
	a.Readers = readers
	a.Tags = maps.Clone(a.Tags)
	return a
}

// Validate returns every problem with a, which must already have its defaults. Paths use the schema names.
func (a Args) Validate() error {
	var problems validation.List
	if a.ResourceGroupName == nil {
		problems.Add("resourceGroupName", "is required")
	}
	if a.TenantID == nil {
		problems.Add("tenantId", "is required")
	}
	if err := naming.KeyVault.Check(a.NamePrefix + "-" + strings.Repeat("x", SuffixLength)); err != nil ||
		a.NamePrefix == "" || len(a.NamePrefix) > MaxNamePrefixLength {
		problems.Add("namePrefix", "%q is not allowed; allowed: 1 to %d letters, digits and hyphens, starting with "+
			"a letter, without consecutive hyphens, leaving room for \"-\" and the %d-character random suffix "+
			"within Azure's 24", a.NamePrefix, MaxNamePrefixLength, SuffixLength)
	}
	if !slices.Contains(Skus, a.Sku) {
		problems.Add("sku", "%q is not allowed; allowed: %s", a.Sku, strings.Join(Skus, ", "))
	}
	if a.SoftDeleteRetentionDays < MinSoftDeleteRetentionDays ||
		a.SoftDeleteRetentionDays > DefaultSoftDeleteRetentionDays {
		problems.Add("softDeleteRetentionDays", "%d is not allowed; allowed: %d to %d", a.SoftDeleteRetentionDays,
			MinSoftDeleteRetentionDays, DefaultSoftDeleteRetentionDays)
	}

	secretNames := map[string]string{}
	for i, secret := range a.Secrets {
		path := validation.Index("secrets", i)
		problems.AddError(path+".name", naming.KeyVaultSecret.Check(secret.Name))
		if previous, ok := secretNames[strings.ToLower(secret.Name)]; ok {
			problems.Add(path+".name", "%q is already used by %q; Key Vault secret names are unique regardless of "+
				"case", secret.Name, previous)
		}
		secretNames[strings.ToLower(secret.Name)] = secret.Name
		switch {
		case secret.Generated && secret.Value != nil:
			problems.Add(path, "%q sets both `value` and `generated`; allowed: one of them", secret.Name)
		case !secret.Generated && secret.Value == nil:
			problems.Add(path, "%q needs `value` or `generated: true`", secret.Name)
		case secret.Generated && (secret.Length < MinGeneratedLength || secret.Length > MaxGeneratedLength):
			problems.Add(path+".length", "%d is not allowed; allowed: %d to %d", secret.Length, MinGeneratedLength,
				MaxGeneratedLength)
		case !secret.Generated && secret.Length != 0:
			problems.Add(path+".length", "applies only to generated secrets")
		}
	}

	principals := make([]Principal, len(a.Readers))
	for i, reader := range a.Readers {
		principals[i] = reader.Principal
		path := validation.Index("readers", i)
		if len(reader.SecretNames) == 0 {
			problems.Add(path+".secretNames", "is required")
		}
		for _, secretName := range reader.SecretNames {
			if !slices.ContainsFunc(a.Secrets, func(s Secret) bool { return s.Name == secretName }) {
				problems.Add(path+".secretNames", "%q is not one of `secrets`", secretName)
			}
		}
	}
	problems.AddError("", errors.Join(governance.ValidatePrincipals("readers", principals)...))
	if a.PrivateEndpoint != nil && (a.PrivateEndpoint.SubnetID == nil || a.PrivateEndpoint.DNSZoneID == nil) {
		problems.Add("privateEndpoint", "needs `subnetId` and `dnsZoneId`")
	}
	if a.PublicNetworkAccessDisabled && a.PrivateEndpoint == nil {
		problems.Add("publicNetworkAccessDisabled", "needs `privateEndpoint`: without either endpoint nothing "+
			"could read the secrets")
	}
	return problems.Err()
}

func enabledOrDisabled(on bool) string {
	if on {
		return "Enabled"
	}
	return "Disabled"
}
