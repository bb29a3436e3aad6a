package privatelink

import "github.com/pulumi/pulumi-go-provider/infer"

// Annotate documents Endpoint in the package schema, where registries and vaults share it.
func (e *Endpoint) Annotate(a infer.Annotator) {
	a.SetToken("index", "PrivateEndpoint")
	a.Describe(&e, "Where a resource's private endpoint goes: the subnet it takes an address in and the private "+
		"DNS zone that makes the resource's public host name resolve to that address.")
	a.Describe(&e.SubnetID, "The ARM id of the subnet the endpoint takes an address in. Required.")
	a.Describe(&e.DNSZoneID, "The ARM id of the private DNS zone of the resource's service, e.g. "+
		"privatelink.azurecr.io for a registry or privatelink.vaultcore.azure.net for a vault. Required.")
}
