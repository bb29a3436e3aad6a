package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLooseningASecureDefaultLogsAWarning(t *testing.T) {
	t.Parallel()
	const (
		purge   = "purge protection is off"
		ingress = "ingress is external with no IP allow rules"
	)
	for _, tc := range []struct {
		name string
		edit func(c stackConfig)
		// want maps each warning, by a phrase of its text, to the resources it is about.
		want map[string][]string
	}{
		{
			name: "purge protection off and a public app open to any address",
			edit: func(stackConfig) {},
			want: map[string][]string{purge: {"vault"}, ingress: {"api"}},
		},
		{
			name: "purge protection on",
			edit: func(c stackConfig) { c.object("vault")["purgeProtectionEnabled"] = true },
			want: map[string][]string{ingress: {"api"}},
		},
		{
			name: "public app limited to an address range",
			edit: func(c stackConfig) {
				c.app(0)["ingress"].(map[string]any)["ipAllow"] = []any{
					map[string]any{"name": "office", "cidr": "203.0.113.0/24"},
				}
			},
			want: map[string][]string{purge: {"vault"}},
		},
		{
			name: "public app behind the gateway",
			edit: func(c stackConfig) { c["secure-aca:gateway"] = map[string]any{"app": "api"} },
			want: map[string][]string{purge: {"vault"}},
		},
		{
			name: "second public app",
			edit: func(c stackConfig) { c.app(1)["ingress"].(map[string]any)["external"] = true },
			want: map[string][]string{purge: {"vault"}, ingress: {"api", "worker"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			config := parseBase(t)
			tc.edit(config)

			run, err := runYAML(t, "dev", config.yaml(t))
			require.NoError(t, err)

			got := map[string][]string{}
			for _, message := range run.Messages {
				assert.Equal(t, "warning", string(message.Severity))
				for _, phrase := range []string{purge, ingress} {
					if strings.Contains(message.Text, phrase) {
						got[phrase] = append(got[phrase], message.Resource)
					}
				}
			}
			for _, phrase := range []string{purge, ingress} {
				assert.ElementsMatch(t, tc.want[phrase], got[phrase], phrase)
			}
		})
	}
}
