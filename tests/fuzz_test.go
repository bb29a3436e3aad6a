package tests

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/secure-aca/secure-aca/internal/validation"
	"github.com/secure-aca/secure-aca/stackconfig"
)

// loadStackText parses and loads a stack file the way the program does, returning the load error.
func loadStackText(data []byte) (*stackconfig.Config, error, error) {
	values, parseErr := stackconfig.ParseStackFile(data)
	if parseErr != nil {
		return nil, parseErr, nil
	}
	cfg, loadErr := stackconfig.Load(project, "fuzz", values)
	return cfg, nil, loadErr
}

// problemsOf returns the problems of a Load error, below its "invalid config for stack" heading.
func problemsOf(err error) []*validation.Problem {
	if inner := errors.Unwrap(err); inner != nil {
		err = inner
	}
	return validation.Problems(err)
}

// FuzzLoadConfig feeds arbitrary stack files to the parser and the validator: neither may panic, and every
// rejection by the validator must name the key it is about.
func FuzzLoadConfig(f *testing.F) {
	for _, path := range []string{"../Pulumi.dev.yaml", "../Pulumi.prod.yaml"} {
		data, err := os.ReadFile(path)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte(baseStackFile))
	for _, seed := range fuzzSeeds {
		f.Add([]byte(seed))
	}
	// The invalid-config tables, each applied to the base file.
	for _, tc := range append(invalidConfigCases(), deployabilityCases()...) {
		var file map[string]map[string]any
		require.NoError(f, yaml.Unmarshal([]byte(baseStackFile), &file))
		config := stackConfig(file["config"])
		tc.edit(config)
		data, err := yaml.Marshal(map[string]any{"config": map[string]any(config)})
		require.NoError(f, err)
		f.Add(data)
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, parseErr, loadErr := loadStackText(data)
		if parseErr != nil {
			return
		}
		if loadErr == nil {
			require.NotNil(t, cfg)
			return
		}
		for _, problem := range problemsOf(loadErr) {
			assert.NotEmpty(t, problem.Path, "a rejection without a key path: %q", problem.Message)
		}
	})
}

// fuzzSeeds are broken stack files of the kinds the invalid-config tests cover.
var fuzzSeeds = []string{
	"config:\n  secure-aca:apps: 3\n",
	"config:\n  secure-aca:apps:\n    - name: A\n      cpu: 9\n",
	"config:\n  secure-aca:vault:\n    secrets:\n      - name: x\n        value: {secure: v1:abc}\n",
	"config:\n  secure-aca:logRetentionDays: lots\n  secure-aca:unknown: 1\n",
	"config:\n  other:thing: 1\n  secure-aca:tags: {azure-x: y}\n",
	"config: [1, 2]\n",
	"config:\n  secure-aca:apps:\n    - &a {name: api}\n    - *a\n",
}

func TestLargeAndDeepInputsAreRejectedWithinBounds(t *testing.T) {
	t.Parallel()
	manyApps := func(n int) string {
		var b strings.Builder
		b.WriteString("config:\n  azure-native:location: westeurope\n  secure-aca:owner: x\n  secure-aca:apps:\n")
		for i := range n {
			fmt.Fprintf(&b, "    - name: app-%d\n      image:\n        public: mcr.microsoft.com/a@sha256:%s\n",
				i, strings.Repeat("a", 64))
		}
		return b.String()
	}
	deep := "config:\n  secure-aca:tags: " + strings.Repeat("{a: ", 40) + "1" + strings.Repeat("}", 40) + "\n"

	cases := []struct {
		name, text, wantPath string
	}{
		{"hundreds of apps", manyApps(stackconfig.MaxApps + 1), "secure-aca:apps"},
		{"a ten-thousand-character name", "config:\n  secure-aca:owner: x\n  secure-aca:workload: " +
			strings.Repeat("w", 10_000) + "\n", "secure-aca:workload"},
		{"a list of 600 tags", "config:\n  secure-aca:alertEmails: [" +
			strings.Repeat("a@example.com, ", 600) + "a@example.com]\n", "secure-aca:alertEmails"},
		{"nesting 40 levels deep", deep, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, parseErr, loadErr := loadStackText([]byte(tc.text))
			err := errors.Join(parseErr, loadErr)
			require.Error(t, err)
			if tc.wantPath != "" {
				assert.Contains(t, err.Error(), tc.wantPath)
			}
		})
	}
}
