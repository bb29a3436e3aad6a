package governance

import "github.com/pulumi/pulumi-go-provider/infer"

// Annotate documents Principal in the package schema, where registries and vaults share it.
func (p *Principal) Annotate(a infer.Annotator) {
	a.SetToken("index", "Principal")
	a.Describe(&p, "A Microsoft Entra principal (a managed identity, a user or a group) that a component grants "+
		"a role to.")
	a.Describe(&p.Name, "Identifies the grant in the names of the role assignments. Required; 1 to 40 lowercase "+
		"letters, digits and hyphens, starting with a letter; unique within its list.")
	a.Describe(&p.PrincipalID, "The principal's object id. For a managed identity this is its `principalId`, not "+
		"its `clientId`. Required.")
	a.Describe(&p.PrincipalType, "The kind of principal, which lets Azure skip a directory lookup that fails "+
		"while a new identity is still replicating. Optional; default \"ServicePrincipal\" (managed identities "+
		"are service principals); allowed: \"ServicePrincipal\", \"User\", \"Group\".")
	a.SetDefault(&p.PrincipalType, PrincipalTypeServicePrincipal)
}
