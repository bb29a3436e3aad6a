package preview

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/secure-aca/secure-aca/offline"
)

// SecretText replaces every secret value, as `pulumi preview --json` does.
const SecretText = "[secret]"

// Document has the shape of `pulumi preview --json` (Pulumi's PreviewDigest), without timing fields, so the
// same config always gives byte-identical output.
type Document struct {
	Steps         []Step         `json:"steps"`
	Diagnostics   []Diagnostic   `json:"diagnostics,omitempty"`
	ChangeSummary map[string]int `json:"changeSummary"`
}

// Step is one resource operation; offline, every operation is a create.
type Step struct {
	Op       string `json:"op"`
	URN      string `json:"urn"`
	Provider string `json:"provider,omitempty"`
	NewState State  `json:"newState"`
}

// State has the field names of Pulumi's ResourceV3.
type State struct {
	URN                     string              `json:"urn"`
	Custom                  bool                `json:"custom"`
	ID                      string              `json:"id,omitempty"`
	Type                    string              `json:"type"`
	Inputs                  map[string]any      `json:"inputs"`
	Outputs                 map[string]any      `json:"outputs"`
	Parent                  string              `json:"parent,omitempty"`
	Protect                 bool                `json:"protect"`
	Dependencies            []string            `json:"dependencies"`
	Provider                string              `json:"provider,omitempty"`
	PropertyDependencies    map[string][]string `json:"propertyDependencies,omitempty"`
	AdditionalSecretOutputs []string            `json:"additionalSecretOutputs,omitempty"`
	DeleteBeforeReplace     bool                `json:"deleteBeforeReplace,omitempty"`
	ReplaceOnChanges        []string            `json:"replaceOnChanges,omitempty"`
	IgnoreChanges           []string            `json:"ignoreChanges,omitempty"`
}

// Diagnostic is a message the program logged, or a validation error.
type Diagnostic struct {
	URN      string `json:"urn,omitempty"`
	Message  string `json:"message"`
	Severity string `json:"severity"`
}

// unknownProviderID is what Pulumi shows for the id of a provider that does not exist yet.
const unknownProviderID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

// NewDocument builds the JSON document of a successful run. It leaves out the stack config that Pulumi's own
// document carries: a config value can hold a credential that the program only wraps as a secret later.
func NewDocument(result *offline.Result) Document {
	stackURN := StackURN(result.Project, result.Stack)
	doc := Document{ChangeSummary: map[string]int{"create": len(result.Resources) + 1}}
	doc.Steps = append(doc.Steps, Step{
		Op:  "create",
		URN: stackURN,
		NewState: State{
			URN:          stackURN,
			Type:         "pulumi:pulumi:Stack",
			Inputs:       map[string]any{},
			Outputs:      outputsView(result.Outputs),
			Dependencies: []string{},
		},
	})
	for _, r := range result.Resources {
		parent := r.Parent
		if parent == "" {
			parent = stackURN
		}
		state := State{
			URN:                     r.URN,
			Custom:                  r.Custom,
			ID:                      r.ID,
			Type:                    r.Type,
			Inputs:                  propertyMapView(r.Inputs),
			Outputs:                 propertyMapView(r.Outputs),
			Parent:                  parent,
			Protect:                 r.Protect,
			Dependencies:            sortedUnique(r.Dependencies),
			PropertyDependencies:    sortedPropertyDependencies(r.PropertyDependencies),
			AdditionalSecretOutputs: r.AdditionalSecretOutputs,
			DeleteBeforeReplace:     r.DeleteBeforeReplace,
			ReplaceOnChanges:        r.ReplaceOnChanges,
			IgnoreChanges:           r.IgnoreChanges,
		}
		step := Step{Op: "create", URN: r.URN, NewState: state}
		if r.Custom {
			step.Provider = ProviderReference(result.Project, result.Stack, r)
			step.NewState.Provider = step.Provider
		}
		doc.Steps = append(doc.Steps, step)
	}
	doc.Diagnostics = diagnostics(result, stackURN)
	return doc
}

// ErrorDocument is the document of a run whose config is invalid: no steps, one error diagnostic per problem.
func ErrorDocument(project, stack string, problems []string) Document {
	doc := Document{Steps: []Step{}, ChangeSummary: map[string]int{}}
	for _, problem := range problems {
		doc.Diagnostics = append(doc.Diagnostics, Diagnostic{
			URN: StackURN(project, stack), Message: problem, Severity: "error",
		})
	}
	return doc
}

// Write encodes doc as indented JSON.
func (doc Document) Write(w io.Writer) error {
	encoder := json.NewEncoder(w)
	encoder.SetIndent("", "    ")
	encoder.SetEscapeHTML(false)
	return encoder.Encode(doc)
}

// StackURN is the URN of the stack resource.
func StackURN(project, stack string) string {
	return fmt.Sprintf("urn:pulumi:%s::%s::pulumi:pulumi:Stack::%s-%s", stack, project, project, stack)
}

// ProviderReference names the default provider a custom resource uses, as "<provider URN>::<id>".
func ProviderReference(project, stack string, r *offline.Resource) string {
	pkg, _, _ := strings.Cut(r.Type, ":")
	name := "default"
	if r.Version != "" {
		name += "_" + strings.NewReplacer(".", "_", "-", "_").Replace(r.Version)
	}
	return fmt.Sprintf("urn:pulumi:%s::%s::pulumi:providers:%s::%s::%s", stack, project, pkg, name, unknownProviderID)
}

func diagnostics(result *offline.Result, stackURN string) []Diagnostic {
	byName := map[string]string{}
	for _, r := range result.Resources {
		if !r.Custom {
			byName[r.Name] = r.URN
		}
	}
	var out []Diagnostic
	for _, message := range result.Messages {
		urn := stackURN
		if found, ok := byName[message.Resource]; ok {
			urn = found
		}
		out = append(out, Diagnostic{URN: urn, Message: message.Text, Severity: string(message.Severity)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].URN != out[j].URN {
			return out[i].URN < out[j].URN
		}
		return out[i].Message < out[j].Message
	})
	return out
}

func outputsView(outputs map[string]any) map[string]any {
	if outputs == nil {
		return map[string]any{}
	}
	return outputs
}

// propertyMapView turns a property map into plain JSON values, replacing each secret leaf with "[secret]" while
// keeping the shape of secret objects and lists, so a reader still sees which fields exist.
func propertyMapView(properties resource.PropertyMap) map[string]any {
	out := map[string]any{}
	for key, value := range properties {
		out[string(key)] = propertyView(value, false)
	}
	return out
}

func propertyView(value resource.PropertyValue, secret bool) any {
	switch {
	case value.IsSecret():
		return propertyView(value.SecretValue().Element, true)
	case value.IsObject():
		out := map[string]any{}
		for key, child := range value.ObjectValue() {
			out[string(key)] = propertyView(child, secret)
		}
		return out
	case value.IsArray():
		out := []any{}
		for _, child := range value.ArrayValue() {
			out = append(out, propertyView(child, secret))
		}
		return out
	case secret:
		return SecretText
	case value.IsComputed() || value.IsOutput():
		return "[unknown]"
	case value.IsResourceReference():
		return string(value.ResourceReferenceValue().URN)
	case value.IsNull():
		return nil
	}
	return value.V
}

func sortedUnique(values []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

func sortedPropertyDependencies(in map[string][]string) map[string][]string {
	if len(in) == 0 {
		return nil
	}
	out := map[string][]string{}
	for key, deps := range in {
		if len(deps) > 0 {
			out[key] = sortedUnique(deps)
		}
	}
	return out
}
