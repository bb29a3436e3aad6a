package vault

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/governance"
)

// SchemaArgs is Args in the form the package schema can carry, for the component provider (cmd/provider) that
// serves SecretVault to other Pulumi languages. It differs from Args only in Readers: a schema object cannot
// embed another, so each reader lists the principal's fields itself. ToArgs turns it into Args, so both forms
// build the vault with the same code.
type SchemaArgs struct {
	ResourceGroupName           pulumi.StringInput `pulumi:"resourceGroupName"`
	Location                    pulumi.StringInput `pulumi:"location,optional"`
	TenantID                    pulumi.StringInput `pulumi:"tenantId"`
	NamePrefix                  string             `pulumi:"namePrefix"`
	Sku                         string             `pulumi:"sku,optional"`
	SoftDeleteRetentionDays     int                `pulumi:"softDeleteRetentionDays,optional"`
	PurgeProtectionEnabled      *bool              `pulumi:"purgeProtectionEnabled,optional"`
	Secrets                     []Secret           `pulumi:"secrets,optional"`
	Readers                     []SchemaReader     `pulumi:"readers,optional"`
	PrivateEndpoint             *PrivateEndpoint   `pulumi:"privateEndpoint,optional"`
	PublicNetworkAccessDisabled bool               `pulumi:"publicNetworkAccessDisabled,optional"`
	LogAnalyticsWorkspaceID     pulumi.StringInput `pulumi:"logAnalyticsWorkspaceId,optional"`
	Protected                   bool               `pulumi:"protected,optional"`
	Tags                        map[string]string  `pulumi:"tags,optional"`
}

// SchemaReader is Reader with the principal's fields listed rather than embedded.
type SchemaReader struct {
	Name          string             `pulumi:"name"`
	PrincipalID   pulumi.StringInput `pulumi:"principalId"`
	PrincipalType string             `pulumi:"principalType,optional"`
	SecretNames   []string           `pulumi:"secretNames"`
}

// ToArgs returns the Args that s describes.
func (s SchemaArgs) ToArgs() Args {
	var readers []Reader
	for _, reader := range s.Readers {
		readers = append(readers, Reader{
			Principal: Principal{
				Name:          reader.Name,
				PrincipalID:   reader.PrincipalID,
				PrincipalType: reader.PrincipalType,
			},
			SecretNames: reader.SecretNames,
		})
	}
	return Args{
		ResourceGroupName:           s.ResourceGroupName,
		Location:                    s.Location,
		TenantID:                    s.TenantID,
		NamePrefix:                  s.NamePrefix,
		Sku:                         s.Sku,
		SoftDeleteRetentionDays:     s.SoftDeleteRetentionDays,
		PurgeProtectionEnabled:      s.PurgeProtectionEnabled,
		Secrets:                     s.Secrets,
		Readers:                     readers,
		PrivateEndpoint:             s.PrivateEndpoint,
		PublicNetworkAccessDisabled: s.PublicNetworkAccessDisabled,
		LogAnalyticsWorkspaceID:     s.LogAnalyticsWorkspaceID,
		Protected:                   s.Protected,
		Tags:                        s.Tags,
	}
}

// Annotate documents the inputs in the package schema. Descriptions use the schema's property names.
func (s *SchemaArgs) Annotate(a infer.Annotator) {
	a.Describe(&s.ResourceGroupName, "The resource group to create the vault in. Required.")
	a.Describe(&s.Location, "The Azure region. Optional; default: the resource group's region.")
	a.Describe(&s.TenantID, "The Microsoft Entra tenant that authenticates requests to the vault. Required.")
	a.Describe(&s.NamePrefix, "Starts the vault name; \"-\" and a random suffix of 5 lowercase letters and "+
		"digits, kept in the stack's state, complete it, because vault names are global across Azure and stay "+
		"reserved while a deleted vault is soft-deleted. Required; 1 to 18 letters, digits and hyphens, starting "+
		"with a letter, without consecutive hyphens.")
	a.Describe(&s.Sku, "The vault tier. Optional; default \"standard\"; allowed: \"standard\", \"premium\" "+
		"(premium adds HSM-backed keys, which secrets do not use).")
	a.SetDefault(&s.Sku, DefaultSku)
	a.Describe(&s.SoftDeleteRetentionDays, "How many days a deleted vault or secret can be recovered. Optional; "+
		"default 90; allowed: 7 to 90. Azure does not let it change after the vault is created.")
	a.SetDefault(&s.SoftDeleteRetentionDays, DefaultSoftDeleteRetentionDays)
	a.Describe(&s.PurgeProtectionEnabled, "Forbids purging deleted secrets before their retention ends. "+
		"Optional; default true. Turning it off logs a warning. Once on, Azure never lets it be turned off.")
	a.SetDefault(&s.PurgeProtectionEnabled, true)
	a.Describe(&s.Secrets, "Secrets to create in the vault, each with a supplied or a generated value. Optional.")
	a.Describe(&s.Readers, "Principals granted \"Key Vault Secrets User\" on the secrets they name, one grant per "+
		"secret. Optional.")
	a.Describe(&s.PrivateEndpoint, "Connects the vault to a virtual network through a private endpoint. Optional; "+
		"default: none.")
	a.Describe(&s.PublicNetworkAccessDisabled, "Closes the vault's public endpoint, leaving only private endpoints; "+
		"secrets are still written through Azure Resource Manager. Optional; default false; needs "+
		"`privateEndpoint`.")
	a.Describe(&s.LogAnalyticsWorkspaceID, "The ARM id of the Log Analytics workspace that receives the vault's "+
		"audit logs and metrics. Optional; no diagnostic setting is created without it.")
	a.Describe(&s.Protected, "Marks the vault protected in Pulumi and puts a CanNotDelete lock on it. Optional; "+
		"default false; production stacks turn it on.")
	a.Describe(&s.Tags, "Tags applied to every taggable child resource. Optional.")
}

// Annotate documents a secret.
func (s *Secret) Annotate(a infer.Annotator) {
	a.SetToken("index", "VaultSecret")
	a.Describe(&s, "One secret in the vault: either a supplied value or one the component generates.")
	a.Describe(&s.Name, "The secret's name in the vault. Required; 1 to 127 letters, digits and hyphens; unique "+
		"regardless of case.")
	a.Describe(&s.Value, "The secret's value. Required unless `generated` is true, which it excludes; always "+
		"stored and passed on as a Pulumi secret.")
	a.Describe(&s.Generated, "Makes the component generate a random value of letters and digits, kept secret in "+
		"the stack's state. Optional; default false; excludes `value`.")
	a.Describe(&s.Length, "The length of a generated value. Optional; default 48; allowed: 16 to 256; only with "+
		"`generated`.")
	a.Describe(&s.ContentType, "Describes the value, e.g. \"text/plain\". Optional.")
}

// Annotate documents a reader.
func (r *SchemaReader) Annotate(a infer.Annotator) {
	a.SetToken("index", "VaultReader")
	a.Describe(&r, "A principal allowed to read some of the vault's secrets.")
	a.Describe(&r.Name, "Identifies the grant in the names of the role assignments. Required; 1 to 40 lowercase "+
		"letters, digits and hyphens, starting with a letter; unique among the readers.")
	a.Describe(&r.PrincipalID, "The principal's object id. For a managed identity this is its `principalId`, not "+
		"its `clientId`. Required.")
	a.Describe(&r.PrincipalType, "The kind of principal. Optional; default \"ServicePrincipal\"; allowed: "+
		"\"ServicePrincipal\", \"User\", \"Group\".")
	a.SetDefault(&r.PrincipalType, governance.PrincipalTypeServicePrincipal)
	a.Describe(&r.SecretNames, "The secrets the principal may read; each grant is scoped to one secret. Required; "+
		"each must be the `name` of one of the vault's `secrets`.")
}

// Annotate documents the component and its outputs.
func (v *SecretVault) Annotate(a infer.Annotator) {
	a.SetToken("index", "SecretVault")
	a.Describe(&v, "An Azure Key Vault in RBAC mode that holds an application's secrets: soft delete, purge "+
		"protection by default, named secrets with supplied or generated values, and read grants scoped to "+
		"single secrets.")
	a.Describe(&v.ID, "The vault's ARM resource id.")
	a.Describe(&v.Name, "The vault's name, including the random suffix.")
	a.Describe(&v.VaultURI, "The vault's data-plane endpoint, e.g. \"https://kv-app-dev-x1y2z.vault.azure.net/\".")
	a.Describe(&v.SecretURIs, "Maps each secret's name to its versionless URI, the form a Container Apps Key "+
		"Vault reference takes, so that a new version reaches the app without a deployment.")
	a.Describe(&v.SecretIDs, "Maps each secret's name to its ARM resource id, the scope of a per-secret role "+
		"assignment.")
}
