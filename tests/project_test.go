package tests

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/secure-aca/secure-aca/stackconfig"
)

// declaredKey is one config key as Pulumi.yaml declares it.
type declaredKey struct {
	Type        string    `yaml:"type"`
	Description string    `yaml:"description"`
	Default     yaml.Node `yaml:"default"`
}

// hasDefault reports whether the key declares a default.
func (k declaredKey) hasDefault() bool { return k.Default.Kind != 0 }

func readProject(t *testing.T) map[string]declaredKey {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.yaml"))
	require.NoError(t, err)
	var file struct {
		Name   string                 `yaml:"name"`
		Config map[string]declaredKey `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(data, &file))
	require.Equal(t, project, file.Name)

	declared := map[string]declaredKey{}
	for key, value := range file.Config {
		declared[strings.TrimPrefix(key, project+":")] = value
	}
	return declared
}

// configKeys maps each top-level stack config key to its field of stackconfig.Config.
func configKeys() map[string]reflect.StructField {
	keys := map[string]reflect.StructField{}
	for _, field := range reflect.VisibleFields(reflect.TypeFor[stackconfig.Config]()) {
		if name, _, _ := strings.Cut(field.Tag.Get("json"), ","); name != "" && name != "-" {
			keys[name] = field
		}
	}
	return keys
}

func TestPulumiYAMLDocumentsEveryConfigKey(t *testing.T) {
	t.Parallel()
	declared := readProject(t)
	keys := configKeys()
	require.NotEmpty(t, keys)

	for key, field := range keys {
		t.Run(key+" is declared with a description", func(t *testing.T) {
			t.Parallel()
			entry, ok := declared[key]
			require.True(t, ok, "Pulumi.yaml does not declare %q", key)
			assert.NotEmpty(t, strings.TrimSpace(entry.Description))
			if entry.Type != "" {
				assert.Equal(t, pulumiType(field.Type), entry.Type, "declared type of %q", key)
			}
		})
	}
	for key := range declared {
		assert.Contains(t, keys, key, "Pulumi.yaml declares %q, which the program does not read", key)
	}
}

func TestPulumiYAMLDefaultsAreTheCodeDefaults(t *testing.T) {
	t.Parallel()
	declared := readProject(t)
	codeDefaults := map[string]any{
		"workload":         stackconfig.DefaultWorkload,
		"purpose":          stackconfig.DefaultPurpose,
		"logRetentionDays": stackconfig.DefaultLogRetentionDays,
		// Protection is opted into, so its default is the zero value rather than a constant.
		"protectStatefulResources": false,
	}

	// The config the code fills in when a key is left out: nothing but what is required.
	loaded, err := stackconfig.Load(project, "dev", stackconfig.Values{Config: map[string]string{
		"azure-native:location": "westeurope",
		"secure-aca:owner":      "platform-team",
		"secure-aca:apps": `[{"name": "api", "image": {"digest": "sha256:` + strings.Repeat("ab", 32) + `"},` +
			`"ingress": {}}]`,
	}})
	require.NoError(t, err)

	for key, entry := range declared {
		if !entry.hasDefault() {
			continue
		}
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			want, ok := codeDefaults[key]
			require.True(t, ok, "Pulumi.yaml documents a default for %q that the code does not have", key)
			documented := reflect.New(reflect.TypeOf(want))
			require.NoError(t, entry.Default.Decode(documented.Interface()))

			assert.Equal(t, want, documented.Elem().Interface(), "documented default")
			applied := reflect.ValueOf(*loaded).FieldByIndex(configKeys()[key].Index).Interface()
			assert.Equal(t, want, applied, "default the code applies")
		})
	}
	for key := range codeDefaults {
		require.Contains(t, declared, key)
		assert.True(t, declared[key].hasDefault(), "Pulumi.yaml does not document the default of %q", key)
	}
}

// pulumiType is the Pulumi.yaml type of a config value held in a Go value of type t.
func pulumiType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Int:
		return "integer"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "array"
	}
	return t.Kind().String()
}
