// Package policy checks the resources a stack registers against security and reliability rules, offline. Each
// rule has a stable id, a one-line rationale, its public source, a severity and a stage (every stack, or
// production only). The offline preview reports them (`-policy`) and CI fails on a violation at error level.
package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/secure-aca/secure-aca/offline"
)

// Severity says whether a violation blocks a deployment.
type Severity string

const (
	// SeverityError fails the preview and CI.
	SeverityError Severity = "error"
	// SeverityWarning is reported but does not fail.
	SeverityWarning Severity = "warning"
)

// Stage says which stacks a rule applies to.
type Stage string

const (
	// StageAll applies to every stack.
	StageAll Stage = "all"
	// StageProduction applies to production stacks only (see IsProduction).
	StageProduction Stage = "production"
)

// Rule is one check over the whole set of resources.
type Rule struct {
	ID        string
	Title     string
	Rationale string
	// Source names the public rule or guidance this one follows.
	Source   string
	Severity Severity
	Stage    Stage
	// Exceptions lists what the rule deliberately allows, with the reason.
	Exceptions []string
	// Check returns one finding per resource it looked at.
	Check func(s *Stack) []Finding
}

// Finding is the outcome of a rule for one resource.
type Finding struct {
	RuleID   string
	Resource string
	Type     string
	Passed   bool
	Message  string
}

// Stack is the view of an offline run the rules read.
type Stack struct {
	Result *offline.Result
	// Production is true for production stacks.
	Production bool
	byURN      map[string]*offline.Resource
}

// NewStack prepares result for evaluation; production selects the production-only rules.
func NewStack(result *offline.Result, production bool) *Stack {
	s := &Stack{Result: result, Production: production, byURN: map[string]*offline.Resource{}}
	for _, r := range result.Resources {
		s.byURN[r.URN] = r
	}
	return s
}

// IsProduction reports whether a run is a production stack: its resource group's environment tag is "prd" or
// starts with "prod" ("prod", "prodweu", ...).
func IsProduction(result *offline.Result) bool {
	for _, r := range result.Resources {
		if baseType(r.Type) == "azure-native:resources:ResourceGroup" {
			environment := strings.ToLower(str(r.Inputs, "tags.environment"))
			return environment == "prd" || strings.HasPrefix(environment, "prod")
		}
	}
	return false
}

// Report is the outcome of every applicable rule.
type Report struct {
	Rules    []Rule
	Findings []Finding
}

// Evaluate runs every rule that applies to the stack.
func Evaluate(s *Stack, rules []Rule) Report {
	report := Report{}
	for _, rule := range rules {
		if rule.Stage == StageProduction && !s.Production {
			continue
		}
		report.Rules = append(report.Rules, rule)
		for _, finding := range rule.Check(s) {
			finding.RuleID = rule.ID
			report.Findings = append(report.Findings, finding)
		}
	}
	sort.SliceStable(report.Findings, func(i, j int) bool {
		a, b := report.Findings[i], report.Findings[j]
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Resource < b.Resource
	})
	return report
}

// Violations returns the failed findings of the given severity.
func (r Report) Violations(severity Severity) []Finding {
	levels := map[string]Severity{}
	for _, rule := range r.Rules {
		levels[rule.ID] = rule.Severity
	}
	var out []Finding
	for _, finding := range r.Findings {
		if !finding.Passed && levels[finding.RuleID] == severity {
			out = append(out, finding)
		}
	}
	return out
}

// Failed returns the ids of the rules with at least one failed finding, sorted.
func (r Report) Failed() []string {
	seen := map[string]bool{}
	var out []string
	for _, finding := range r.Findings {
		if !finding.Passed && !seen[finding.RuleID] {
			seen[finding.RuleID] = true
			out = append(out, finding.RuleID)
		}
	}
	sort.Strings(out)
	return out
}

// resources returns the custom resources whose type, without API version, is one of types.
func (s *Stack) resources(types ...string) []*offline.Resource {
	var out []*offline.Resource
	for _, r := range s.Result.Resources {
		if !r.Custom {
			continue
		}
		for _, typ := range types {
			if baseType(r.Type) == typ {
				out = append(out, r)
			}
		}
	}
	return out
}

func pass(r *offline.Resource, message string) Finding {
	return Finding{Resource: r.Name, Type: r.Type, Passed: true, Message: message}
}

func fail(r *offline.Resource, format string, args ...any) Finding {
	return Finding{Resource: r.Name, Type: r.Type, Passed: false, Message: fmt.Sprintf(format, args...)}
}

func check(r *offline.Resource, ok bool, passMessage, failFormat string, args ...any) Finding {
	if ok {
		return pass(r, passMessage)
	}
	return fail(r, failFormat, args...)
}

// baseType removes the API version from an azure-native type token.
func baseType(typ string) string {
	if !strings.HasPrefix(typ, "azure-native:") {
		return typ
	}
	parts := strings.Split(typ, ":")
	if len(parts) == 3 {
		module, _, _ := strings.Cut(parts[1], "/")
		return parts[0] + ":" + module + ":" + parts[2]
	}
	return typ
}

// value returns the property at a dotted path, looking through secrets; isSecret reports whether any level
// on the way was secret.
func value(properties resource.PropertyMap, path string) (v resource.PropertyValue, ok, isSecret bool) {
	head, rest, nested := strings.Cut(path, ".")
	v, ok = properties[resource.PropertyKey(head)]
	if !ok {
		return resource.PropertyValue{}, false, false
	}
	if v.IsSecret() {
		isSecret = true
		v = v.SecretValue().Element
	}
	if !nested {
		return v, true, isSecret
	}
	if !v.IsObject() {
		return resource.PropertyValue{}, false, isSecret
	}
	inner, ok, innerSecret := value(v.ObjectValue(), rest)
	return inner, ok, isSecret || innerSecret
}

func str(properties resource.PropertyMap, path string) string {
	v, ok, _ := value(properties, path)
	if ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

func boolean(properties resource.PropertyMap, path string) (bool, bool) {
	v, ok, _ := value(properties, path)
	if ok && v.IsBool() {
		return v.BoolValue(), true
	}
	return false, false
}

func number(properties resource.PropertyMap, path string) (float64, bool) {
	v, ok, _ := value(properties, path)
	if ok && v.IsNumber() {
		return v.NumberValue(), true
	}
	return 0, false
}

func list(properties resource.PropertyMap, path string) []resource.PropertyValue {
	v, ok, _ := value(properties, path)
	if !ok {
		return nil
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsArray() {
		return v.ArrayValue()
	}
	return nil
}

func object(v resource.PropertyValue) resource.PropertyMap {
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsObject() {
		return v.ObjectValue()
	}
	return resource.PropertyMap{}
}
