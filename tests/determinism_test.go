package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fiveApps is the base stack file with three more apps: one built from source, one pinned by digest and one
// public image, so that every image source is in the graph.
func fiveApps(t *testing.T) string {
	t.Helper()
	config := parseBase(t)
	apps := config["secure-aca:apps"].([]any)
	apps = append(apps,
		map[string]any{
			"name":    "billing",
			"image":   map[string]any{"build": map[string]any{"context": "services", "dockerfile": "services/api/Dockerfile"}},
			"ingress": map[string]any{"external": false},
			"secrets": []any{map[string]any{"name": "db-connection", "keyVaultSecret": "DatabaseConnectionString"}},
			"env":     []any{map[string]any{"name": "DATABASE_CONNECTION", "secretRef": "db-connection"}},
		},
		map[string]any{
			"name":    "reports",
			"image":   map[string]any{"digest": "sha256:" + strings.Repeat("1f", 32)},
			"ingress": map[string]any{"external": false},
			"calls":   []any{"billing"},
		},
		map[string]any{
			"name":    "hello",
			"image":   map[string]any{"public": "mcr.microsoft.com/k8se/quickstart@sha256:" + strings.Repeat("0c", 32)},
			"ingress": map[string]any{"external": false, "targetPort": 80},
		},
	)
	config["secure-aca:apps"] = apps
	return config.yaml(t)
}

func TestFiveAppsRegisterNoURNTwice(t *testing.T) {
	t.Parallel()
	run, err := runYAML(t, "dev", fiveApps(t))
	require.NoError(t, err)

	seen := map[string]bool{}
	for _, r := range run.Resources {
		assert.Falsef(t, seen[r.URN], "%s is registered twice", r.URN)
		seen[r.URN] = true
	}
	for _, app := range []string{"api", "worker", "billing", "reports", "hello"} {
		run.find(t, typeContainerApp, app+"-app")
		run.find(t, typeIdentity, app+"-identity")
	}

	// A public image is pulled anonymously, without a registry grant.
	hello := run.find(t, typeContainerApp, "hello-app")
	assert.False(t, has(hello.Inputs, "configuration.registries"))
	for _, grant := range run.all(typeRoleAssignment) {
		assert.NotEqual(t, "hello-acr-pull", grant.Name)
	}
}

func TestTheSameConfigAlwaysRegistersTheSameGraph(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, stack string
		stackFile   func(t *testing.T) string
	}{
		{name: "five apps", stack: "dev", stackFile: fiveApps},
		{name: "dev", stack: "dev", stackFile: func(t *testing.T) string { return readStackFile(t, "dev") }},
		{name: "prod", stack: "prod", stackFile: func(t *testing.T) string { return readStackFile(t, "prod") }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			first, err := runYAML(t, tc.stack, tc.stackFile(t))
			require.NoError(t, err)
			second, err := runYAML(t, tc.stack, tc.stackFile(t))
			require.NoError(t, err)

			require.Equal(t, urns(first.Resources...), urns(second.Resources...))
			for i, want := range first.Resources {
				got := second.Resources[i]
				assert.Equal(t, want.Inputs, got.Inputs, want.URN)
				assert.Equal(t, sorted(want.Dependencies), sorted(got.Dependencies), want.URN)
				for key, dependencies := range want.PropertyDependencies {
					assert.Equal(t, sorted(dependencies), sorted(got.PropertyDependencies[key]), "%s %s", want.URN, key)
				}
				assert.Equal(t, want.Parent, got.Parent, want.URN)
				assert.Equal(t, want.Protect, got.Protect, want.URN)
				assert.Equal(t, want.ID, got.ID, want.URN)
			}
			assert.Equal(t, first.Outputs, second.Outputs)
			assert.Equal(t, first.Messages, second.Messages)
		})
	}
}
