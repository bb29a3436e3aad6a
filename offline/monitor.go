// Package offline runs the stack without Azure: a Pulumi mock monitor that answers like Azure would, with
// deterministic placeholder values for everything Azure computes (ARM ids, principal and client ids, login
// servers, secret URIs, default domains), and records every resource the program registers. The offline
// preview and the tests share it, so what a reviewer reads is what the tests check.
package offline

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource is one registration the program made, with everything a test or a reviewer checks.
type Resource struct {
	URN    string
	Type   string
	Name   string
	Custom bool
	// Parent is the parent's URN; empty for resources parented to the stack.
	Parent string
	// ID is the placeholder ARM id (custom resources only).
	ID string
	// Inputs are the registered inputs; secret values stay marked secret.
	Inputs resource.PropertyMap
	// Outputs are the inputs plus the placeholder values Azure would compute.
	Outputs resource.PropertyMap
	// Dependencies are the URNs this resource waits for, explicit and through its inputs.
	Dependencies []string
	// PropertyDependencies maps an input to the URNs its value came from.
	PropertyDependencies map[string][]string
	Protect              bool
	// Version is the provider plugin version the resource asks for.
	Version                 string
	DeleteBeforeReplace     bool
	ReplaceOnChanges        []string
	IgnoreChanges           []string
	AdditionalSecretOutputs []string
	// Aliases are the URNs the resource may previously have had, from its alias options: a resource with one
	// of these URNs in the state is the same resource, not a new one.
	Aliases []string
}

// Invoke is one provider function call the program made.
type Invoke struct {
	Token string
	Args  resource.PropertyMap
}

// Monitor is the mock resource monitor. Its zero value is ready to use; set the hooks to change one answer.
type Monitor struct {
	// NewResourceHook, when set, may replace the outputs of a resource: it returns ok=false to keep the
	// default answer.
	NewResourceHook func(args pulumi.MockResourceArgs) (id string, outputs resource.PropertyMap, ok bool, err error)
	// CallHook, when set, may answer an invoke instead of the default: ok=false keeps the default answer.
	CallHook func(args pulumi.MockCallArgs) (outputs resource.PropertyMap, ok bool, err error)

	project, stack string

	mu        sync.Mutex
	resources []*Resource
	byID      map[string]resource.PropertyMap
	invokes   []Invoke
}

// NewMonitor returns a monitor for a stack of project.
func NewMonitor(project, stack string) *Monitor {
	return &Monitor{project: project, stack: stack, byID: map[string]resource.PropertyMap{}}
}

// Resources returns every registered resource in registration order.
func (m *Monitor) Resources() []*Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.resources)
}

// Invokes returns every invoke in call order.
func (m *Monitor) Invokes() []Invoke {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.invokes)
}

// NewResource implements pulumi.MockResourceMonitor.
func (m *Monitor) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	if rpc == nil {
		return "", nil, errors.New("offline monitor: registration without its request")
	}
	urn := m.urn(rpc.GetParent(), args.TypeToken, args.Name)

	id, outputs := "", resource.PropertyMap{}
	if args.Custom {
		var err error
		id, outputs, err = m.answer(urn, args)
		if err != nil {
			return "", nil, fmt.Errorf("offline monitor: %s: %w", urn, err)
		}
	}
	if m.NewResourceHook != nil {
		hookID, hookOutputs, ok, err := m.NewResourceHook(args)
		if err != nil {
			return "", nil, err
		}
		if ok {
			id, outputs = hookID, hookOutputs
		}
	}

	recorded := &Resource{
		URN:                     urn,
		Type:                    args.TypeToken,
		Name:                    args.Name,
		Custom:                  args.Custom,
		ID:                      id,
		Inputs:                  args.Inputs.Copy(),
		Outputs:                 outputs,
		Dependencies:            slices.Clone(rpc.GetDependencies()),
		PropertyDependencies:    map[string][]string{},
		Protect:                 rpc.GetProtect(),
		Version:                 rpc.GetVersion(),
		DeleteBeforeReplace:     rpc.GetDeleteBeforeReplace(),
		ReplaceOnChanges:        slices.Clone(rpc.GetReplaceOnChanges()),
		IgnoreChanges:           slices.Clone(rpc.GetIgnoreChanges()),
		AdditionalSecretOutputs: slices.Clone(rpc.GetAdditionalSecretOutputs()),
	}
	if parent := rpc.GetParent(); parent != "" && resource.URN(parent).QualifiedType() != resource.RootStackType {
		recorded.Parent = parent
	}
	for key, deps := range rpc.GetPropertyDependencies() {
		recorded.PropertyDependencies[key] = slices.Clone(deps.GetUrns())
	}
	for _, alias := range rpc.GetAliases() {
		if urn := alias.GetUrn(); urn != "" {
			recorded.Aliases = append(recorded.Aliases, urn)
			continue
		}
		spec := alias.GetSpec()
		if spec == nil {
			continue
		}
		name, typ, parent := args.Name, args.TypeToken, rpc.GetParent()
		if spec.GetName() != "" {
			name = spec.GetName()
		}
		if spec.GetType() != "" {
			typ = spec.GetType()
		}
		switch {
		case spec.GetNoParent():
			parent = ""
		case spec.GetParentUrn() != "":
			parent = spec.GetParentUrn()
		}
		recorded.Aliases = append(recorded.Aliases, m.urn(parent, typ, name))
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	m.resources = append(m.resources, recorded)
	if id != "" {
		m.byID[strings.ToLower(id)] = outputs
	}
	return id, outputs, nil
}

// Call implements pulumi.MockResourceMonitor for provider functions (invokes).
func (m *Monitor) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.invokes = append(m.invokes, Invoke{Token: args.Token, Args: args.Args.Copy()})
	m.mu.Unlock()

	if m.CallHook != nil {
		outputs, ok, err := m.CallHook(args)
		if err != nil || ok {
			return outputs, err
		}
	}
	switch args.Token {
	case "azure-native:authorization:getClientConfig":
		return resource.NewPropertyMapFromMap(map[string]any{
			"clientId":       DeployerClientID,
			"objectId":       DeployerObjectID,
			"subscriptionId": SubscriptionID,
			"tenantId":       TenantID,
		}), nil
	case "azure-native:authorization:getClientToken":
		return resource.PropertyMap{
			"token": resource.MakeSecret(resource.NewProperty("offline-entra-access-token")),
		}, nil
	case "azure-native:operationalinsights:getSharedKeys":
		key := seeded{seed: fmt.Sprint(args.Args["workspaceName"].V)}
		return resource.PropertyMap{
			"primarySharedKey":   resource.MakeSecret(resource.NewProperty(key.hex("primary", 86) + "==")),
			"secondarySharedKey": resource.MakeSecret(resource.NewProperty(key.hex("secondary", 86) + "==")),
		}, nil
	}
	return nil, fmt.Errorf("offline monitor: no offline answer for the invoke %q", args.Token)
}

// urn computes the URN the engine gives a registration, the same way the Pulumi mock monitor does.
func (m *Monitor) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if parentURN := resource.URN(parent); parentURN != "" && parentURN.QualifiedType() != resource.RootStackType {
		parentType = parentURN.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.stack), tokens.PackageName(m.project), parentType,
		tokens.Type(typ), name))
}

// lookup returns the outputs of the resource with the given ARM id.
func (m *Monitor) lookup(id string) (resource.PropertyMap, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	outputs, ok := m.byID[strings.ToLower(id)]
	return outputs, ok
}
