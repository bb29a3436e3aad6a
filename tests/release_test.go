package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// releaseConfig is a stack whose api runs in multiple revision mode, with the image and traffic split given.
func releaseConfig(digest, traffic string) string {
	return fmt.Sprintf(`config:
  azure-native:location: westeurope
  secure-aca:owner: release-team
  secure-aca:alertEmails: [oncall@example.com]
  secure-aca:apps:
    - name: api
      image:
        repository: api
        digest: sha256:%s
      ingress:
        external: true
        ipAllow:
          - name: office
            cidr: 203.0.113.0/24
      revisions:
        mode: Multiple
        traffic:
%s
`, strings.Repeat(digest, 64), traffic)
}

func target(label, revision string, weight int) string {
	entry := fmt.Sprintf("          - label: %s\n", label)
	if revision == "latest" {
		entry += "            latestRevision: true\n"
	} else {
		entry += "            revisionName: " + revision + "\n"
	}
	return entry + fmt.Sprintf("            weight: %d", weight)
}

// TestBlueGreenRunbook walks the README's blue-green runbook step by step and checks what each step deploys.
// The steps share the blue revision and build on each other, so they run in order.
//
//nolint:tparallel // the runbook's steps are sequential by nature
func TestBlueGreenRunbook(t *testing.T) {
	t.Parallel()

	// Step 1: blue is live, all traffic on the latest revision.
	blue := runYAMLOrFail(t, releaseConfig("a", target("blue", "latest", 100)))
	blueApp := blue.find(t, typeContainerApp, "api-app")
	blueSuffix := text(t, blueApp.Inputs, "template.revisionSuffix")
	blueRevision := text(t, blueApp.Outputs, "latestRevisionName")
	assert.Equal(t, "api--"+blueSuffix, blueRevision)
	assert.Regexp(t, `^r[0-9a-f]{10}$`, blueSuffix)
	assert.Equal(t, "Multiple", text(t, blueApp.Inputs, "configuration.activeRevisionsMode"))

	steps := []struct {
		name           string
		blue, green    int
		wantGreenIsNew bool
	}{
		{name: "deploy green at 0 %", blue: 100, green: 0},
		{name: "shift 10 % to green", blue: 90, green: 10},
		{name: "shift 50 % to green", blue: 50, green: 50},
		{name: "shift 100 % to green", blue: 0, green: 100},
		{name: "roll back to blue", blue: 100, green: 0},
	}
	var greenSuffix string
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			traffic := target("blue", blueRevision, step.blue) + "\n" + target("green", "latest", step.green)
			run := runYAMLOrFail(t, releaseConfig("b", traffic))
			app := run.find(t, typeContainerApp, "api-app")

			suffix := text(t, app.Inputs, "template.revisionSuffix")
			assert.NotEqual(t, blueSuffix, suffix, "a new image is a new template and must get a new revision")
			if greenSuffix == "" {
				greenSuffix = suffix
			}
			assert.Equal(t, greenSuffix, suffix, "moving traffic must not create another revision")

			assert.Equal(t, []any{
				map[string]any{"label": "blue", "revisionName": blueRevision, "weight": float64(step.blue)},
				map[string]any{"label": "green", "latestRevision": true, "weight": float64(step.green)},
			}, plain(t, app.Inputs, "configuration.ingress.traffic"))
		})
	}

	t.Run("retire blue", func(t *testing.T) {
		run := runYAMLOrFail(t, releaseConfig("b", target("green", "latest", 100)))
		app := run.find(t, typeContainerApp, "api-app")
		assert.Equal(t, []any{
			map[string]any{"label": "green", "latestRevision": true, "weight": float64(100)},
		}, plain(t, app.Inputs, "configuration.ingress.traffic"))
		assert.Equal(t, greenSuffix, text(t, app.Inputs, "template.revisionSuffix"),
			"retiring blue changes only traffic, not the green revision")
	})

	t.Run("mistakes are refused before anything is created", func(t *testing.T) {
		for name, traffic := range map[string]string{
			"weights that do not add up": target("blue", blueRevision, 60) + "\n" + target("green", "latest", 60),
			"a label used twice":         target("blue", blueRevision, 50) + "\n" + target("blue", "latest", 50),
			"a revision of another app":  target("blue", "worker--r0123456789", 50) + "\n" + target("green", "latest", 50),
		} {
			run, err := runYAML(t, "dev", releaseConfig("b", traffic))
			require.Error(t, err, name)
			assert.Contains(t, err.Error(), "secure-aca:apps[0].revisions.traffic", name)
			assert.Empty(t, run.Resources, name)
		}
	})
}

func runYAMLOrFail(t *testing.T, text string) *stackRun {
	t.Helper()
	run, err := runYAML(t, "dev", text)
	require.NoError(t, err)
	return run
}

// TestTheStackConfigOwnsTheRunningImage shows the ownership model: the image an app runs is exactly the
// digest in the stack config, so a re-run from the same config redeploys the same image and never reverts
// what the pipeline wrote there; a new digest in the config is the only way to roll out another image.
func TestTheStackConfigOwnsTheRunningImage(t *testing.T) {
	t.Parallel()
	traffic := target("live", "latest", 100)
	first := runYAMLOrFail(t, releaseConfig("c", traffic))
	again := runYAMLOrFail(t, releaseConfig("c", traffic))
	next := runYAMLOrFail(t, releaseConfig("d", traffic))

	image := func(run *stackRun) string {
		return text(t, run.find(t, typeContainerApp, "api-app").Inputs, "template.containers[0].image")
	}
	registry := text(t, first.find(t, typeRegistry, "registry-acr").Outputs, "loginServer")
	assert.Equal(t, registry+"/api@sha256:"+strings.Repeat("c", 64), image(first))
	assert.Equal(t, image(first), image(again), "re-running the same config must not change the image")
	assert.Equal(t, registry+"/api@sha256:"+strings.Repeat("d", 64), image(next))

	app := first.find(t, typeContainerApp, "api-app")
	assert.Empty(t, app.IgnoreChanges, "nothing may update the image behind the program's back")
}
