package stackconfig

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/components/network"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// Network puts the environment on a virtual network of the stack's own, with private endpoints for the vault
// and, on the Premium tier, the registry.
type Network struct {
	AddressSpace          string `json:"addressSpace"`
	InfrastructureSubnet  string `json:"infrastructureSubnet"`
	PrivateEndpointSubnet string `json:"privateEndpointSubnet"`
}

// NetworkWiring carries the values the network needs from other resources.
type NetworkWiring struct {
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
}

// NetworkArgs returns the PrivateNetwork args; call it only when c.Network is set.
func (c *Config) NetworkArgs(w NetworkWiring) network.Args {
	zones := []string{network.ZoneKeyVault}
	if c.RegistryPrivateEndpoint() {
		zones = append(zones, network.ZoneRegistry)
	}
	return network.Args{
		ResourceGroupName:     w.ResourceGroupName,
		Location:              w.Location,
		BaseName:              c.BaseName(),
		AddressSpace:          c.Network.AddressSpace,
		InfrastructureSubnet:  c.Network.InfrastructureSubnet,
		PrivateEndpointSubnet: c.Network.PrivateEndpointSubnet,
		WorkloadProfiles:      len(c.ManagedEnvironment.WorkloadProfiles) > 0,
		PrivateDNSZones:       zones,
		Tags:                  c.BaseTags(),
	}
}

// RegistryPrivateEndpoint reports whether the registry gets a private endpoint: with a network, on Premium.
func (c *Config) RegistryPrivateEndpoint() bool {
	return c.Network != nil && c.Registry.Sku == "Premium"
}

func (c *Config) validateNetwork(problems *validation.List) {
	key := func(name string) string { return c.Project + ":" + name }
	if c.Network != nil {
		wiring := placeholder("wiring")
		args := c.NetworkArgs(NetworkWiring{ResourceGroupName: wiring, Location: wiring}).WithDefaults()
		problems.AddError(key("network"), dropPaths(args.Validate(), "baseName"))
		if c.ManagedEnvironment.InfrastructureSubnetID != "" {
			problems.Add(key("managedEnvironment.infrastructureSubnetId"), "is set together with `network`; "+
				"allowed: one of them (bring your own subnet, or let the stack create the network)")
		}
	}
	if !c.Vault.publicNetworkAccess() && c.Network == nil {
		problems.Add(key("vault.publicNetworkAccess"), "false needs `network`: without a private endpoint "+
			"nothing could read the secrets")
	}
	if !c.Registry.publicNetworkAccess() && !c.RegistryPrivateEndpoint() {
		problems.Add(key("registry.publicNetworkAccess"), "false needs `network` and `registry.sku: Premium`: "+
			"without a private endpoint nothing could pull the images")
	}
}

func (v Vault) publicNetworkAccess() bool {
	return v.PublicNetworkAccess == nil || *v.PublicNetworkAccess
}

func (r Registry) publicNetworkAccess() bool {
	return r.PublicNetworkAccess == nil || *r.PublicNetworkAccess
}
