package tests

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/internal/docs"
	"github.com/secure-aca/secure-aca/stackconfig"
)

func TestReadmeGeneratedSectionsAreUpToDate(t *testing.T) {
	t.Parallel()
	sections, err := docs.Sections(project, projectDir)
	require.NoError(t, err)
	readme, err := os.ReadFile(projectDir + "/README.md")
	require.NoError(t, err)

	regenerated, err := docs.Apply(string(readme), sections)
	require.NoError(t, err)
	assert.Equal(t, string(readme), regenerated,
		"README.md's diagram or config reference is out of date; regenerate them with `make docs`")
}

func TestConfigReferenceDocumentsExactlyTheDecodedSettings(t *testing.T) {
	t.Parallel()
	decoded := settingPaths(reflect.TypeFor[stackconfig.Config](), "")
	var documented []string
	for _, doc := range stackconfig.Reference {
		for _, probe := range []string{"liveness", "readiness", "startup"} {
			if strings.Contains(doc.Path, "<probe>") {
				documented = append(documented, strings.ReplaceAll(doc.Path, "<probe>", probe))
			}
		}
		if !strings.Contains(doc.Path, "<probe>") {
			documented = append(documented, doc.Path)
		}
		assert.NotEmpty(t, doc.Description, "%s has no description", doc.Path)
	}

	for _, path := range decoded {
		assert.True(t, slices.Contains(documented, path), "the setting %s is not in stackconfig.Reference", path)
	}
	for _, path := range documented {
		assert.True(t, slices.Contains(decoded, path),
			"stackconfig.Reference documents %s, which the config does not accept", path)
	}
}

// settingPaths lists every setting the decoder accepts, following the json tags as the decoder does.
func settingPaths(t reflect.Type, prefix string) []string {
	var paths []string
	switch t.Kind() {
	case reflect.Pointer:
		return settingPaths(t.Elem(), prefix)
	case reflect.Slice:
		return settingPaths(t.Elem(), prefix+"[]")
	case reflect.Map:
		return append([]string{prefix + ".<name>"}, settingPaths(t.Elem(), prefix+".<name>")...)
	case reflect.Struct:
		if t == reflect.TypeFor[stackconfig.Secret]() {
			return nil
		}
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			path := name
			if prefix != "" {
				path = prefix + "." + name
			}
			paths = append(paths, path)
			paths = append(paths, settingPaths(t.Field(i).Type, path)...)
		}
	}
	slices.Sort(paths)
	return slices.Compact(paths)
}
