// Package network provides PrivateNetwork: a virtual network for a Container Apps environment, with a subnet
// for private endpoints and the private DNS zones that make the vault and registry resolve to them.
package network

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/naming"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// Token is the component's Pulumi type token.
const Token = "secureaca:index:PrivateNetwork"

// Private DNS zones of the services this project reaches through private endpoints
// (https://learn.microsoft.com/azure/private-link/private-endpoint-dns).
const (
	ZoneKeyVault = "privatelink.vaultcore.azure.net"
	ZoneRegistry = "privatelink.azurecr.io"
)

// Subnet sizes Azure requires (https://learn.microsoft.com/azure/container-apps/networking).
const (
	// MaxPrefixWorkloadProfiles is the smallest environment subnet, a /27, for workload-profiles environments.
	MaxPrefixWorkloadProfiles = 27
	// MaxPrefixConsumptionOnly is the smallest environment subnet, a /23, for consumption-only environments.
	MaxPrefixConsumptionOnly = 23
	// MaxPrefixPrivateEndpoints leaves room for a handful of endpoints and Azure's five reserved addresses.
	MaxPrefixPrivateEndpoints = 28
)

// reservedRanges are address ranges an environment's network must avoid: the ones Container Apps keeps for
// itself (https://learn.microsoft.com/azure/container-apps/networking), and ranges that are not ordinary
// addresses at all (this network, loopback, link-local, multicast and above).
var reservedRanges = []netip.Prefix{
	netip.MustParsePrefix("100.100.0.0/17"),
	netip.MustParsePrefix("100.100.128.0/19"),
	netip.MustParsePrefix("100.100.160.0/19"),
	netip.MustParsePrefix("100.100.192.0/19"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("172.30.0.0/16"),
	netip.MustParsePrefix("172.31.0.0/16"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("224.0.0.0/3"),
}

// Args configures a PrivateNetwork.
type Args struct {
	// ResourceGroupName is the resource group of the network. Required.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// Location is the Azure region. Optional; default: the resource group's region.
	Location pulumi.StringInput `pulumi:"location,optional"`
	// BaseName is the shared part of the children's names: "vnet-<BaseName>", "snet-<BaseName>-apps",
	// "snet-<BaseName>-endpoints". Required; lowercase letters, digits and hyphens.
	BaseName string `pulumi:"baseName"`
	// AddressSpace is the network's IPv4 range, e.g. "10.40.0.0/16". Required.
	AddressSpace string `pulumi:"addressSpace"`
	// InfrastructureSubnet is the environment's subnet, inside AddressSpace: at least a /27 for a
	// workload-profiles environment, a /23 otherwise. Required.
	InfrastructureSubnet string `pulumi:"infrastructureSubnet"`
	// PrivateEndpointSubnet holds the private endpoints, inside AddressSpace, at least a /28. Required.
	PrivateEndpointSubnet string `pulumi:"privateEndpointSubnet"`
	// WorkloadProfiles says the environment uses workload profiles: its subnet is then delegated to
	// Microsoft.App/environments, as Azure requires. Optional; default false.
	WorkloadProfiles bool `pulumi:"workloadProfiles,optional"`
	// PrivateDNSZones are created and linked to the network, e.g. ZoneKeyVault. Optional.
	PrivateDNSZones []string `pulumi:"privateDnsZones,optional"`
	// Tags are applied to every taggable child. Optional.
	Tags map[string]string `pulumi:"tags,optional"`
}

// PrivateNetwork is a virtual network with an environment subnet, a private endpoint subnet, a network
// security group on each, and private DNS zones linked to it.
type PrivateNetwork struct {
	pulumi.ResourceState

	// VirtualNetworkID is the network's ARM id.
	VirtualNetworkID pulumi.StringOutput `pulumi:"virtualNetworkId"`
	// InfrastructureSubnetID is the ARM id of the environment's subnet.
	InfrastructureSubnetID pulumi.StringOutput `pulumi:"infrastructureSubnetId"`
	// PrivateEndpointSubnetID is the ARM id of the private endpoint subnet.
	PrivateEndpointSubnetID pulumi.StringOutput `pulumi:"privateEndpointSubnetId"`
	// DNSZoneIDs maps each private DNS zone name to its ARM id.
	DNSZoneIDs pulumi.StringMapOutput `pulumi:"dnsZoneIds"`

	zoneIDs map[string]pulumi.StringOutput
}

// DNSZoneID returns the ARM id of a private DNS zone the network holds, or an empty string output.
func (n *PrivateNetwork) DNSZoneID(zone string) pulumi.StringOutput {
	if id, ok := n.zoneIDs[zone]; ok {
		return id
	}
	return pulumi.String("").ToStringOutput()
}

// NewPrivateNetwork validates args, then creates the network. Invalid args return every problem at once and
// create nothing.
func NewPrivateNetwork(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption,
) (*PrivateNetwork, error) {
	args = args.WithDefaults()
	if err := args.Validate(); err != nil {
		return nil, fmt.Errorf("validating PrivateNetwork %q: %w", name, err)
	}

	component := &PrivateNetwork{zoneIDs: map[string]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource(Token, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering PrivateNetwork %q: %w", name, err)
	}
	parent := pulumi.Parent(component)
	tags := pulumi.ToStringMap(args.Tags)

	securityGroups := map[string]*network.NetworkSecurityGroup{}
	for _, purpose := range []string{"apps", "endpoints"} {
		group, err := network.NewNetworkSecurityGroup(ctx, fmt.Sprintf("%s-nsg-%s", name, purpose),
			&network.NetworkSecurityGroupArgs{
				ResourceGroupName:        args.ResourceGroupName,
				Location:                 args.Location,
				NetworkSecurityGroupName: pulumi.Sprintf("nsg-%s-%s", args.BaseName, purpose),
				Tags:                     tags,
			}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating the %s security group of %q: %w", purpose, name, err)
		}
		securityGroups[purpose] = group
	}

	appsSubnet := network.SubnetTypeArgs{
		Name:                 pulumi.Sprintf("snet-%s-apps", args.BaseName),
		AddressPrefix:        pulumi.String(args.InfrastructureSubnet),
		NetworkSecurityGroup: network.NetworkSecurityGroupTypeArgs{Id: securityGroups["apps"].ID()},
	}
	if args.WorkloadProfiles {
		appsSubnet.Delegations = network.DelegationArray{network.DelegationArgs{
			Name:        pulumi.String("container-apps"),
			ServiceName: pulumi.String("Microsoft.App/environments"),
		}}
	}
	endpointSubnet := network.SubnetTypeArgs{
		Name:                           pulumi.Sprintf("snet-%s-endpoints", args.BaseName),
		AddressPrefix:                  pulumi.String(args.PrivateEndpointSubnet),
		NetworkSecurityGroup:           network.NetworkSecurityGroupTypeArgs{Id: securityGroups["endpoints"].ID()},
		PrivateEndpointNetworkPolicies: pulumi.String("Enabled"),
	}
	// Subnets are declared inside the network: declared as separate resources, the network's next update
	// would remove them.
	vnet, err := network.NewVirtualNetwork(ctx, name+"-vnet", &network.VirtualNetworkArgs{
		ResourceGroupName:  args.ResourceGroupName,
		Location:           args.Location,
		VirtualNetworkName: pulumi.String("vnet-" + args.BaseName),
		AddressSpace:       &network.AddressSpaceArgs{AddressPrefixes: pulumi.ToStringArray([]string{args.AddressSpace})},
		Subnets:            network.SubnetTypeArray{appsSubnet, endpointSubnet},
		Tags:               tags,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the virtual network of %q: %w", name, err)
	}
	component.VirtualNetworkID = vnet.ID().ToStringOutput()
	component.InfrastructureSubnetID = pulumi.Sprintf("%s/subnets/snet-%s-apps", vnet.ID(), args.BaseName)
	component.PrivateEndpointSubnetID = pulumi.Sprintf("%s/subnets/snet-%s-endpoints", vnet.ID(), args.BaseName)

	zones := pulumi.StringMap{}
	for _, zoneName := range args.PrivateDNSZones {
		slug := strings.ReplaceAll(strings.TrimPrefix(zoneName, "privatelink."), ".", "-")
		zone, err := network.NewPrivateZone(ctx, name+"-zone-"+slug, &network.PrivateZoneArgs{
			ResourceGroupName: args.ResourceGroupName,
			PrivateZoneName:   pulumi.String(zoneName),
			Location:          pulumi.String("global"),
			Tags:              tags,
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating the DNS zone %s of %q: %w", zoneName, name, err)
		}
		if _, err := network.NewVirtualNetworkLink(ctx, name+"-link-"+slug, &network.VirtualNetworkLinkArgs{
			ResourceGroupName:      args.ResourceGroupName,
			PrivateZoneName:        zone.Name,
			VirtualNetworkLinkName: pulumi.String("link-" + args.BaseName),
			Location:               pulumi.String("global"),
			RegistrationEnabled:    pulumi.Bool(false),
			VirtualNetwork:         &network.SubResourceArgs{Id: vnet.ID()},
			Tags:                   tags,
		}, parent); err != nil {
			return nil, fmt.Errorf("linking the DNS zone %s of %q: %w", zoneName, name, err)
		}
		component.zoneIDs[zoneName] = zone.ID().ToStringOutput()
		zones[zoneName] = zone.ID().ToStringOutput()
	}
	component.DNSZoneIDs = zones.ToStringMapOutput()

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"virtualNetworkId":        component.VirtualNetworkID,
		"infrastructureSubnetId":  component.InfrastructureSubnetID,
		"privateEndpointSubnetId": component.PrivateEndpointSubnetID,
		"dnsZoneIds":              component.DNSZoneIDs,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of PrivateNetwork %q: %w", name, err)
	}
	return component, nil
}

// WithDefaults returns a copy of a that shares no slice or map with it.
func (a Args) WithDefaults() Args {
	a.PrivateDNSZones = slices.Clone(a.PrivateDNSZones)
	a.Tags = maps.Clone(a.Tags)
	return a
}

// Validate returns every problem with a. Paths use the schema names.
func (a Args) Validate() error {
	var problems validation.List
	if a.ResourceGroupName == nil {
		problems.Add("resourceGroupName", "is required")
	}
	if err := naming.ManagedEnvironment.Check("vnet-" + a.BaseName); err != nil || a.BaseName == "" {
		problems.Add("baseName", "%q is not allowed; allowed: lowercase letters, digits and hyphens", a.BaseName)
	}

	space, spaceOK := parseRange(&problems, "addressSpace", a.AddressSpace, 8, 29)
	infraMax := MaxPrefixConsumptionOnly
	if a.WorkloadProfiles {
		infraMax = MaxPrefixWorkloadProfiles
	}
	infra, infraOK := parseRange(&problems, "infrastructureSubnet", a.InfrastructureSubnet, 8, infraMax)
	endpoints, endpointsOK := parseRange(&problems, "privateEndpointSubnet", a.PrivateEndpointSubnet, 8,
		MaxPrefixPrivateEndpoints)
	if spaceOK {
		for _, subnet := range []struct {
			path   string
			prefix netip.Prefix
			ok     bool
		}{{"infrastructureSubnet", infra, infraOK}, {"privateEndpointSubnet", endpoints, endpointsOK}} {
			if subnet.ok && (!space.Contains(subnet.prefix.Addr()) || subnet.prefix.Bits() < space.Bits()) {
				problems.Add(subnet.path, "%s is not inside `addressSpace` %s", subnet.prefix, space)
			}
		}
	}
	if infraOK && endpointsOK && infra.Overlaps(endpoints) {
		problems.Add("privateEndpointSubnet", "%s overlaps `infrastructureSubnet` %s", endpoints, infra)
	}
	for _, zone := range a.PrivateDNSZones {
		if zone != ZoneKeyVault && zone != ZoneRegistry {
			problems.Add("privateDnsZones", "%q is not allowed; allowed: %s, %s", zone, ZoneKeyVault, ZoneRegistry)
		}
	}
	return problems.Err()
}

// parseRange checks that value is an IPv4 range in CIDR form, with no host bits, whose prefix length lies in
// [shortest, longest], outside the ranges Container Apps reserves.
func parseRange(problems *validation.List, path, value string, shortest, longest int) (netip.Prefix, bool) {
	prefix, err := netip.ParsePrefix(value)
	switch {
	case err != nil || !prefix.Addr().Is4() || prefix.Masked() != prefix:
		problems.Add(path, "%q is not allowed; allowed: an IPv4 range in CIDR form with no host bits, such as "+
			"\"10.40.0.0/16\"", value)
		return netip.Prefix{}, false
	case prefix.Bits() < shortest || prefix.Bits() > longest:
		problems.Add(path, "%q is a /%d; allowed: /%d to /%d", value, prefix.Bits(), shortest, longest)
		return netip.Prefix{}, false
	}
	for _, reserved := range reservedRanges {
		if prefix.Overlaps(reserved) {
			problems.Add(path, "%q overlaps %s, which Container Apps reserves or which is not an ordinary address "+
				"range", value, reserved)
			return netip.Prefix{}, false
		}
	}
	return prefix, true
}
