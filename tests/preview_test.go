package tests

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/internal/preview"
	"github.com/secure-aca/secure-aca/offline"
	"github.com/secure-aca/secure-aca/stack"
	"github.com/secure-aca/secure-aca/stackconfig"
)

// programFor is the program the preview command runs.
func programFor() offline.Program {
	return func(values stackconfig.Values) pulumi.RunFunc {
		return stack.Program(values, stack.Options{Exchanger: &offline.Exchanger{}, ProjectDir: projectDir})
	}
}

// isSlow reports whether Azure takes minutes over r; everything else is a single write of seconds.
func isSlow(r *offline.Resource) bool {
	return preview.EstimateFor(r).Class == preview.ClassMinutes
}

func isApp(r *offline.Resource) bool { return strings.HasSuffix(r.Type, ":ContainerApp") }

func TestCriticalPathHasNoAvoidableWaits(t *testing.T) {
	t.Parallel()
	for _, stackName := range []string{"dev", "prod"} {
		t.Run(stackName, func(t *testing.T) {
			t.Parallel()
			graph := preview.NewGraph(runStackFile(t, stackName).Resources)

			var apps []*offline.Resource
			for _, node := range graph.Nodes {
				if isApp(node) {
					apps = append(apps, node)
				}
			}
			require.NotEmpty(t, apps)

			t.Run("no app waits for another app", func(t *testing.T) {
				for _, app := range apps {
					for ancestor := range graph.Ancestors(app.URN) {
						assert.False(t, isApp(graph.Resource(ancestor)), "%s waits for %s", app.Name, ancestor)
					}
				}
			})

			t.Run("no app waits for monitoring or governance", func(t *testing.T) {
				for _, app := range apps {
					for ancestor := range graph.Ancestors(app.URN) {
						typ := graph.Resource(ancestor).Type
						for _, forbidden := range []string{
							":MetricAlert", ":ActionGroup", ":DiagnosticSetting",
							":ManagementLockByScope", ":Webhook", ":Budget",
						} {
							assert.False(t, strings.HasSuffix(typ, forbidden), "%s waits for %s", app.Name, ancestor)
						}
					}
				}
			})

			t.Run("at most one slow step before an app and none after it", func(t *testing.T) {
				for _, node := range graph.Nodes {
					for _, chain := range graph.Chains(node.URN) {
						var slow []string
						for _, urn := range chain {
							if r := graph.Resource(urn); isSlow(r) {
								slow = append(slow, r.Name)
							}
						}
						appsOnChain := 0
						for i, urn := range chain {
							r := graph.Resource(urn)
							if !isApp(r) {
								continue
							}
							appsOnChain++
							for _, later := range chain[i+1:] {
								assert.False(t, isSlow(graph.Resource(later)), "chain %v puts slow %s after app %s",
									names(graph, chain), later, r.Name)
							}
						}
						assert.LessOrEqual(t, len(slow), 1+appsOnChain, "chain %v serialises slow steps %v",
							names(graph, chain), slow)
					}
				}
			})

			t.Run("the unavoidable chain is resource group, workspace, environment, app", func(t *testing.T) {
				for _, app := range apps {
					found := false
					for _, chain := range graph.Chains(app.URN) {
						types := typesOf(graph, chain)
						if isSubsequence([]string{"ResourceGroup", "Workspace", "ManagedEnvironment", "ContainerApp"}, types) {
							found = true
						}
					}
					assert.True(t, found, "%s is not reached through resource group, workspace and environment", app.Name)
				}
			})

			t.Run("the critical path runs through the environment", func(t *testing.T) {
				critical, serial := graph.CriticalPath()
				assert.Contains(t, typesOf(graph, critical.URNs), "ManagedEnvironment")
				assert.Less(t, critical.Seconds, serial, "a parallel deployment must beat a serial one")
			})
		})
	}
}

func names(graph *preview.Graph, chain []string) []string {
	out := make([]string, len(chain))
	for i, urn := range chain {
		out[i] = graph.Resource(urn).Name
	}
	return out
}

func typesOf(graph *preview.Graph, chain []string) []string {
	out := make([]string, len(chain))
	for i, urn := range chain {
		typ := graph.Resource(urn).Type
		out[i] = typ[strings.LastIndex(typ, ":")+1:]
	}
	return out
}

func isSubsequence(want, have []string) bool {
	i := 0
	for _, item := range have {
		if i < len(want) && item == want[i] {
			i++
		}
	}
	return i == len(want)
}

func TestPreviewJSONIsDeterministicAndHidesSecretsAtTheLeaf(t *testing.T) {
	t.Parallel()
	values, err := stackconfig.ReadStackFile("../Pulumi.dev.yaml")
	require.NoError(t, err)

	render := func() []byte {
		result, err := offline.Run(project, "dev", values, programFor(), nil)
		require.NoError(t, err)
		var out bytes.Buffer
		require.NoError(t, preview.NewDocument(result).Write(&out))
		return out.Bytes()
	}
	first, second := render(), render()
	assert.Equal(t, string(first), string(second), "the same config must give byte-identical JSON")

	text := string(first)
	assert.NotContains(t, text, offline.RefreshToken, "the registry refresh token leaked")
	assert.NotContains(t, text, "InstrumentationKey=", "the Application Insights connection string leaked")
	assert.NotContains(t, text, "\"duration\"", "timing fields make the output differ between runs")
	assert.Contains(t, text, `"keyVaultUrl": "https://kv-aca-dev-`,
		"a non-secret field next to secrets must stay readable")
	assert.Contains(t, text, `"password": "[secret]"`, "the secret leaf must read [secret]")
}

// BenchmarkStack evaluates the whole stack under the offline monitor with 2, 20 and 200 apps and reports the
// cost per app, to show that it grows linearly.
func BenchmarkStack(b *testing.B) {
	for _, apps := range []int{2, 20, 200} {
		values, err := stackconfig.ParseStackFile([]byte(configWithApps(apps)))
		require.NoError(b, err)
		b.Run(fmt.Sprintf("apps=%d", apps), func(b *testing.B) {
			b.ReportAllocs()
			resources := 0
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				result, err := offline.Run(project, "bench", values, programFor(), nil)
				if err != nil {
					b.Fatal(err)
				}
				resources = len(result.Resources)
			}
			runtime.ReadMemStats(&after)
			perApp := float64(b.N) * float64(apps)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/perApp, "ns/app")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/perApp, "allocs/app")
			b.ReportMetric(float64(resources), "resources")
		})
	}
}

// configWithApps is a stack file with n internal apps, each reading one vault secret.
func configWithApps(n int) string {
	var b strings.Builder
	b.WriteString(`config:
  azure-native:location: westeurope
  secure-aca:owner: bench
  secure-aca:alertEmails: [oncall@example.com]
  secure-aca:vault:
    secrets:
      - name: Shared
        generated: true
  secure-aca:apps:
`)
	digest := strings.Repeat("ab", 32)
	for i := range n {
		fmt.Fprintf(&b, `    - name: app-%03d
      image:
        public: mcr.microsoft.com/k8se/quickstart@sha256:%s
      ingress:
        targetPort: 8080
      secrets:
        - name: shared
          keyVaultSecret: Shared
      env:
        - name: SHARED
          secretRef: shared
`, i, digest)
	}
	return b.String()
}
