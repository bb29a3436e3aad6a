// Package privatelink connects a resource to a virtual network through a private endpoint, registered in the
// private DNS zone that makes the resource's public host name resolve to the endpoint's private address.
package privatelink

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Endpoint says where a resource's private endpoint goes. Components take it as an argument.
type Endpoint struct {
	// SubnetID is the ARM id of the subnet the endpoint takes an address in. Required.
	SubnetID pulumi.StringInput `pulumi:"subnetId"`
	// DNSZoneID is the ARM id of the private DNS zone of the resource's service. Required.
	DNSZoneID pulumi.StringInput `pulumi:"dnsZoneId"`
}

// Target is the resource to connect.
type Target struct {
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// EndpointName is the Azure name of the private endpoint.
	EndpointName string
	ResourceID   pulumi.StringInput
	// GroupID is the sub-resource the endpoint serves, e.g. "vault" or "registry".
	GroupID string
	Tags    map[string]string
}

// Connect creates the private endpoint and its DNS registration.
func Connect(ctx *pulumi.Context, name string, target Target, endpoint Endpoint, opts ...pulumi.ResourceOption,
) (*network.PrivateEndpoint, error) {
	created, err := network.NewPrivateEndpoint(ctx, name, &network.PrivateEndpointArgs{
		ResourceGroupName:   target.ResourceGroupName,
		Location:            target.Location,
		PrivateEndpointName: pulumi.String(target.EndpointName),
		Subnet:              &network.SubnetTypeArgs{Id: endpoint.SubnetID},
		PrivateLinkServiceConnections: network.PrivateLinkServiceConnectionArray{
			network.PrivateLinkServiceConnectionArgs{
				Name:                 pulumi.String(target.EndpointName),
				PrivateLinkServiceId: target.ResourceID,
				GroupIds:             pulumi.ToStringArray([]string{target.GroupID}),
			},
		},
		Tags: pulumi.ToStringMap(target.Tags),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating private endpoint %q: %w", name, err)
	}
	if _, err := network.NewPrivateDnsZoneGroup(ctx, name+"-dns", &network.PrivateDnsZoneGroupArgs{
		ResourceGroupName:       target.ResourceGroupName,
		PrivateEndpointName:     created.Name,
		PrivateDnsZoneGroupName: pulumi.String("default"),
		PrivateDnsZoneConfigs: network.PrivateDnsZoneConfigArray{
			network.PrivateDnsZoneConfigArgs{Name: pulumi.String(target.GroupID), PrivateDnsZoneId: endpoint.DNSZoneID},
		},
	}, opts...); err != nil {
		return nil, fmt.Errorf("registering private endpoint %q in DNS: %w", name, err)
	}
	return created, nil
}
