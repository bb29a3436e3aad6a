package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/internal/previewcli"
)

// previewRun is one run of the preview command.
type previewRun struct {
	status         int
	stdout, stderr string
}

func runPreview(args ...string) previewRun {
	var stdout, stderr bytes.Buffer
	status := previewcli.Run(projectDir, args, &stdout, &stderr)
	return previewRun{status: status, stdout: stdout.String(), stderr: stderr.String()}
}

// writeStackFile writes text into a new directory under the test's temporary directory and returns its path.
func writeStackFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return path
}

// TestPreviewCommandExitStatuses checks the README's contract: 0 success, 1 invalid config, unreadable file or
// a policy violation at error level, 2 bad flags.
func TestPreviewCommandExitStatuses(t *testing.T) {
	t.Parallel()
	dev := readStackFile(t, "dev")
	invalidText := regexp.MustCompile(`secure-aca:logRetentionDays: \d+`).ReplaceAllString(dev,
		"secure-aca:logRetentionDays: 3")
	require.NotEqual(t, dev, invalidText, "test bug: the dev stack file sets no logRetentionDays")
	invalid := writeStackFile(t, "Pulumi.qa.yaml", invalidText)

	for _, tc := range []struct {
		name       string
		args       []string
		status     int
		stdout     string
		stderr     string
		noStdout   bool
		jsonOutput bool
	}{
		{name: "text", args: []string{"-stack", "dev"}, status: 0, stdout: "Offline preview of secure-aca/dev"},
		{name: "json", args: []string{"-stack", "prod", "-json"}, status: 0, jsonOutput: true},
		{name: "mermaid", args: []string{"-stack", "dev", "-mermaid"}, status: 0, stdout: "flowchart LR"},
		{name: "policy passes", args: []string{"-stack", "prod", "-policy"}, status: 0, stdout: "0 errors"},
		{
			name: "production rules on a dev stack", args: []string{"-stack", "dev", "-policy", "-production=true"},
			status: 1, stderr: "policy violations at error level",
		},
		{
			name: "invalid config names the key", args: []string{"-config", invalid}, status: 1,
			stderr: "secure-aca:logRetentionDays: 3 is not allowed", noStdout: true,
		},
		{
			name: "invalid config as JSON", args: []string{"-config", invalid, "-json"}, status: 1,
			stderr: "secure-aca:logRetentionDays", jsonOutput: true,
		},
		{name: "missing stack file", args: []string{"-stack", "nosuch"}, status: 1, stderr: "Pulumi.nosuch.yaml"},
		{name: "unknown flag", args: []string{"-bogus"}, status: 2, noStdout: true},
		{name: "stray argument", args: []string{"-stack", "dev", "extra"}, status: 2, stderr: `"extra"`},
		{name: "no stack", args: nil, status: 2, stderr: "-stack or -config is required"},
		{name: "json and mermaid", args: []string{"-stack", "dev", "-json", "-mermaid"}, status: 2},
		{name: "bad stack name", args: []string{"-stack", "a/b"}, status: 2, stderr: `-stack "a/b" is not allowed`},
		{
			name: "bad production value", args: []string{"-stack", "dev", "-policy", "-production", "maybe"},
			status: 2, stderr: `-production "maybe" is not allowed`,
		},
		{
			name: "production without policy", args: []string{"-stack", "dev", "-production=true"}, status: 2,
			stderr: "-production applies only to -policy",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			run := runPreview(tc.args...)
			assert.Equal(t, tc.status, run.status, "stderr: %s", run.stderr)
			assert.Contains(t, run.stdout, tc.stdout)
			assert.Contains(t, run.stderr, tc.stderr)
			if tc.noStdout {
				assert.Empty(t, run.stdout)
			}
			if tc.jsonOutput {
				var document struct {
					Steps       []map[string]any `json:"steps"`
					Diagnostics []map[string]any `json:"diagnostics"`
				}
				require.NoError(t, json.Unmarshal([]byte(run.stdout), &document))
				if tc.status == 0 {
					assert.NotEmpty(t, document.Steps)
				} else {
					assert.Empty(t, document.Steps, "an invalid config creates nothing")
					assert.NotEmpty(t, document.Diagnostics)
				}
			}
		})
	}
}

func TestPreviewNamesTheStackAfterTheConfigFile(t *testing.T) {
	t.Parallel()
	path := writeStackFile(t, "Pulumi.qa.yaml", readStackFile(t, "dev"))
	for _, tc := range []struct {
		args  []string
		stack string
	}{
		{[]string{"-config", path, "-json"}, "qa"},
		{[]string{"-config", path, "-stack", "other", "-json"}, "other"},
		{[]string{"-config", writeStackFile(t, "x.yaml", readStackFile(t, "dev")), "-json"}, "preview"},
	} {
		run := runPreview(tc.args...)
		require.Equal(t, 0, run.status, run.stderr)
		assert.Contains(t, run.stdout, `"urn:pulumi:`+tc.stack+`::secure-aca::pulumi:pulumi:Stack::`, tc.args)
	}
}

func TestPreviewQuotesAKeyWithControlCharacters(t *testing.T) {
	t.Parallel()
	path := writeStackFile(t, "Pulumi.qa.yaml", readStackFile(t, "dev")+
		"  \"secure-aca:x\\e[31mRED\\nFAKE: ok\": 1\n")
	run := runPreview("-config", path)
	require.Equal(t, 1, run.status)
	assert.NotContains(t, run.stderr, "\x1b", "a raw escape sequence must not reach the terminal")
	assert.Contains(t, run.stderr, `"secure-aca:x\x1b[31mRED\nFAKE: ok": is not a known setting`)
	for _, line := range strings.Split(strings.TrimSpace(run.stderr), "\n") {
		assert.True(t, strings.HasPrefix(line, "preview: "), "every line is the command's own: %q", line)
	}
}

func TestTextPreviewShowsKeySettingsAndMarksComputedValues(t *testing.T) {
	t.Parallel()
	run := runPreview("-stack", "prod")
	require.Equal(t, 0, run.status, run.stderr)
	guid := `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
	for _, line := range []string{
		`amount: 2000$`,
		// The stack file sets no start: the month comes from the deployment's clock.
		`timePeriod\.startDate: \d{4}-\d{2}-01T00:00:00Z \(computed at deploy time\)$`,
		`principalId: ` + guid + ` \(computed at deploy time\)$`,
		`vaultName: kv-aca-prod-[a-z0-9]{5}$`,
		`properties\.value: \[secret\]$`,
		`protect: true$`,
	} {
		assert.Regexp(t, `(?m)`+line, run.stdout)
	}

	configured := writeStackFile(t, "Pulumi.prod.yaml", strings.Replace(readStackFile(t, "prod"),
		"    amount: 2000\n", "    amount: 2000\n    startDate: \"2027-02-01\"\n", 1))
	run = runPreview("-config", configured)
	require.Equal(t, 0, run.status, run.stderr)
	assert.Regexp(t, `(?m)timePeriod\.startDate: 2027-02-01T00:00:00Z$`, run.stdout,
		"a configured start is the config's own value, not a placeholder")
}
