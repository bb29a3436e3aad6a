package tests

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/offline"
	"github.com/secure-aca/secure-aca/policy"
)

var updateURNs = flag.Bool("update-urns", false, "rewrite the committed URN snapshots from the current program")

func TestBothStackFilesPassEveryPolicyRule(t *testing.T) {
	t.Parallel()
	for _, stackName := range []string{"dev", "prod"} {
		t.Run(stackName, func(t *testing.T) {
			t.Parallel()
			result := runStackFile(t, stackName).Result
			report := policy.Evaluate(policy.NewStack(result, policy.IsProduction(result)), policy.Rules())
			require.NotEmpty(t, report.Findings)
			assert.Empty(t, report.Failed(), "violations: %v", violations(report))
		})
	}
}

func TestProductionRulesApplyOnlyToProduction(t *testing.T) {
	t.Parallel()
	assert.False(t, policy.IsProduction(runStackFile(t, "dev").Result))
	assert.True(t, policy.IsProduction(runStackFile(t, "prod").Result))
}

func TestEveryRuleIsDocumented(t *testing.T) {
	t.Parallel()
	ids := map[string]bool{}
	for _, rule := range policy.Rules() {
		assert.False(t, ids[rule.ID], "rule id %s is used twice", rule.ID)
		ids[rule.ID] = true
		assert.Regexp(t, `^SACA-[A-Z]+-\d{2}$`, rule.ID)
		for field, value := range map[string]string{
			"title": rule.Title, "rationale": rule.Rationale, "source": rule.Source,
			"severity": string(rule.Severity), "stage": string(rule.Stage),
		} {
			assert.NotEmpty(t, value, "rule %s has no %s", rule.ID, field)
		}
		assert.NotNil(t, rule.Check, "rule %s has no check", rule.ID)
	}
}

// mutation flips one input of a recorded run.
type mutation struct {
	rule     string
	resource string
	apply    func(t *testing.T, r *offline.Resource, result *offline.Result)
}

func TestEachRuleFailsWhenItsInputIsFlipped(t *testing.T) {
	t.Parallel()
	mutations := []mutation{
		{"SACA-ACR-01", "registry-acr", setInput("adminUserEnabled", true)},
		{"SACA-ACR-02", "registry-acr", setInput("anonymousPullEnabled", true)},
		{"SACA-ACR-03", "api-app", setInput("configuration.registries[0].identity", "")},
		{"SACA-API-01", "gateway-api", setInput("properties.subscriptionRequired", false)},
		{"SACA-APP-01", "api-app", setInput("identity.type", "None")},
		{"SACA-APP-02", "api-app", setInput("template.containers[0].image", "myregistry.azurecr.io/api:latest")},
		{"SACA-APP-03", "worker-app", setInput("template.containers[0].probes", []resource.PropertyValue{})},
		{"SACA-APP-04", "worker-app", setInput("template.containers[0].resources", resource.PropertyMap{})},
		{"SACA-APP-05", "api-app", setInput("template.scale.minReplicas", 1.0)},
		{"SACA-ENV-01", "environment-environment", setInput("appLogsConfiguration.destination", "azure-monitor")},
		{"SACA-ENV-02", "environment-environment", setInput("zoneRedundant", false)},
		{"SACA-GOV-01", "vault-kv", setInput("tags.owner", "")},
		{"SACA-GOV-02", "registry-acr", func(_ *testing.T, r *offline.Resource, _ *offline.Result) {
			r.Type = "azure-native:containerregistry/v20241101preview:Registry"
		}},
		{"SACA-GOV-03", "vault-kv", func(_ *testing.T, r *offline.Resource, _ *offline.Result) { r.Protect = false }},
		{"SACA-ING-01", "api-app", setInput("configuration.ingress.allowInsecure", true)},
		{"SACA-ING-02", "api-app", func(t *testing.T, r *offline.Resource, _ *offline.Result) {
			env := r.Inputs["template"].ObjectValue()["containers"].ArrayValue()[0].ObjectValue()["env"].ArrayValue()
			kept := slices.DeleteFunc(slices.Clone(env), func(v resource.PropertyValue) bool {
				return v.ObjectValue()["name"].StringValue() == policy.GatewaySecretEnv
			})
			require.Len(t, kept, len(env)-1, "the api must receive the gateway secret")
			setInput("template.containers[0].env", kept)(t, r, nil)
		}},
		{"SACA-KV-01", "vault-kv", setInput("properties.enableRbacAuthorization", false)},
		{"SACA-KV-02", "vault-kv", setInput("properties.softDeleteRetentionInDays", 3.0)},
		{"SACA-KV-03", "vault-kv", setInput("properties.enablePurgeProtection", false)},
		{"SACA-MON-01", "registry-diagnostics", setInput("workspaceId", "/subscriptions/x/workspaces/elsewhere")},
		{"SACA-MON-02", "api-alert-cpu", setInput("autoMitigate", false)},
		{"SACA-RBAC-01", "api-acr-pull", setInput("roleDefinitionId",
			"/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635")},
		{"SACA-SEC-01", "worker-app", func(t *testing.T, r *offline.Resource, _ *offline.Result) {
			env := r.Inputs["template"].ObjectValue()["containers"].ArrayValue()[0].ObjectValue()["env"].ArrayValue()
			leaked := resource.NewProperty(resource.PropertyMap{
				"name": resource.NewProperty("DB_PASSWORD"), "value": resource.NewProperty("correct-horse-battery"),
			})
			setInput("template.containers[0].env", append(slices.Clone(env), leaked))(t, r, nil)
		}},
		{"SACA-SEC-02", "vault-secret-apikey", setInput("properties.value", "plain-text-api-key-value")},
		{"SACA-SEC-03", "vault-secret-apikey", func(t *testing.T, _ *offline.Resource, result *offline.Result) {
			generated := findIn(t, result, "vault-secret-apikey-value").Outputs["result"]
			require.True(t, generated.IsSecret())
			result.Outputs["leakedApiKey"] = generated.SecretValue().Element.StringValue()
		}},
	}

	var covered []string
	for _, rule := range policy.Rules() {
		covered = append(covered, rule.ID)
	}
	var tested []string
	for _, m := range mutations {
		tested = append(tested, m.rule)
	}
	assert.ElementsMatch(t, covered, tested, "every rule needs exactly one flipped-input test")

	for _, m := range mutations {
		t.Run(m.rule, func(t *testing.T) {
			t.Parallel()
			result := cloneResult(runStackFile(t, "prod").Result)
			target := findIn(t, result, m.resource)
			m.apply(t, target, result)

			report := policy.Evaluate(policy.NewStack(result, true), policy.Rules())
			assert.Equal(t, []string{m.rule}, report.Failed(), "violations: %v", violations(report))
		})
	}
}

func violations(report policy.Report) []string {
	var out []string
	for _, finding := range report.Findings {
		if !finding.Passed {
			out = append(out, finding.RuleID+" "+finding.Resource+": "+finding.Message)
		}
	}
	return out
}

func findIn(t *testing.T, result *offline.Result, name string) *offline.Resource {
	t.Helper()
	for _, r := range result.Resources {
		if r.Name == name {
			return r
		}
	}
	require.Failf(t, "no resource", "no resource named %q", name)
	return nil
}

// cloneResult copies the resources so a mutation cannot leak into another test; setInput copies every object
// on the path it changes, so copying the top-level maps is enough.
func cloneResult(result *offline.Result) *offline.Result {
	copied := *result
	copied.Resources = make([]*offline.Resource, len(result.Resources))
	for i, r := range result.Resources {
		clone := *r
		clone.Inputs = r.Inputs.Copy()
		clone.Outputs = r.Outputs.Copy()
		copied.Resources[i] = &clone
	}
	copied.Outputs = map[string]any{}
	for key, value := range result.Outputs {
		copied.Outputs[key] = value
	}
	return &copied
}

// setInput returns a mutation that sets the input at a dotted path ("a.b[0].c"), keeping secrets secret.
func setInput(path string, value any) func(*testing.T, *offline.Resource, *offline.Result) {
	return func(t *testing.T, r *offline.Resource, _ *offline.Result) {
		t.Helper()
		var newValue resource.PropertyValue
		switch v := value.(type) {
		case []resource.PropertyValue:
			newValue = resource.NewProperty(v)
		case resource.PropertyMap:
			newValue = resource.NewProperty(v)
		default:
			newValue = resource.NewPropertyValue(v)
		}
		root := resource.NewProperty(r.Inputs)
		require.True(t, assign(&root, strings.Split(strings.ReplaceAll(path, "[", ".["), "."), newValue),
			"no input %s on %s", path, r.Name)
		r.Inputs = root.ObjectValue()
	}
}

func assign(target *resource.PropertyValue, steps []string, value resource.PropertyValue) bool {
	if len(steps) == 0 {
		*target = value
		return true
	}
	wasSecret := target.IsSecret()
	inner := *target
	if wasSecret {
		inner = inner.SecretValue().Element
	}
	var ok bool
	if index, isIndex := strings.CutPrefix(steps[0], "["); isIndex {
		i, err := strconv.Atoi(strings.TrimSuffix(index, "]"))
		if err != nil || !inner.IsArray() || i >= len(inner.ArrayValue()) {
			return false
		}
		items := slices.Clone(inner.ArrayValue())
		ok = assign(&items[i], steps[1:], value)
		inner = resource.NewProperty(items)
	} else {
		if !inner.IsObject() {
			return false
		}
		object := inner.ObjectValue().Copy()
		child, found := object[resource.PropertyKey(steps[0])]
		if !found && len(steps) > 1 {
			return false
		}
		ok = assign(&child, steps[1:], value)
		object[resource.PropertyKey(steps[0])] = child
		inner = resource.NewProperty(object)
	}
	if wasSecret {
		inner = resource.MakeSecret(inner)
	}
	*target = inner
	return ok
}

// TestURNsMatchTheCommittedSnapshot keeps resource identities stable: a change that renames or re-parents a
// resource fails here unless the resource declares an alias to its old URN, or the snapshot is updated on
// purpose with `go test ./tests -run TestURNsMatchTheCommittedSnapshot -update-urns`.
func TestURNsMatchTheCommittedSnapshot(t *testing.T) {
	t.Parallel()
	for _, stackName := range []string{"dev", "prod"} {
		t.Run(stackName, func(t *testing.T) {
			t.Parallel()
			result := runStackFile(t, stackName).Result
			current := map[string]bool{}
			aliases := map[string]bool{}
			var lines []string
			for _, r := range result.Resources {
				current[r.URN] = true
				lines = append(lines, r.URN)
				for _, alias := range r.Aliases {
					aliases[alias] = true
				}
			}
			slices.Sort(lines)
			path := filepath.Join("testdata", "urns", stackName+".txt")
			if *updateURNs {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
			}

			data, err := os.ReadFile(path)
			require.NoError(t, err, "no URN snapshot; create it with -update-urns")
			committed := strings.Fields(string(data))
			for _, urn := range committed {
				assert.True(t, current[urn] || aliases[urn],
					"%s is gone and no resource declares an alias to it: the engine would delete and recreate it", urn)
			}
			for _, urn := range lines {
				assert.True(t, slices.Contains(committed, urn), "%s is new; update the snapshot with -update-urns", urn)
			}
		})
	}
}
