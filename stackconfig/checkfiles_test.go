package stackconfig_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/stackconfig"
)

func TestCheckFilesFindsBuildContextsAndDockerfiles(t *testing.T) {
	t.Parallel()
	project := fstest.MapFS{
		"services/api/Dockerfile":    {Data: []byte("FROM scratch\n")},
		"services/worker/Dockerfile": {Data: []byte("FROM scratch\n")},
		"services/ap/notes.txt":      {Data: []byte("a folder whose name starts like another\n")},
	}
	for _, tc := range []struct {
		name, context, dockerfile string
		// path and want locate the problem; empty when the build is fine.
		path, want string
	}{
		{name: "context of all services", context: "services", dockerfile: "services/api/Dockerfile"},
		{name: "context of one service", context: "services/api", dockerfile: "services/api/Dockerfile"},
		{name: "the project folder itself as context", context: ".", dockerfile: "services/api/Dockerfile"},
		{
			name: "missing context", context: "services/billing", dockerfile: "services/api/Dockerfile",
			path: "secure-aca:apps[0].image.build.context", want: `"services/billing" is not a folder of the project`,
		},
		{
			name: "missing Dockerfile", context: "services", dockerfile: "services/billing/Dockerfile",
			path: "secure-aca:apps[0].image.build.dockerfile", want: `"services/billing/Dockerfile" is not a file`,
		},
		{
			name: "folder as Dockerfile", context: "services", dockerfile: "services/api",
			path: "secure-aca:apps[0].image.build.dockerfile", want: `"services/api" is not a file`,
		},
		{
			name: "Dockerfile of another service", context: "services/api", dockerfile: "services/worker/Dockerfile",
			path: "secure-aca:apps[0].image.build.dockerfile",
			want: `"services/worker/Dockerfile" is outside the build context "services/api"`,
		},
		{
			name: "context that is only a name prefix of the Dockerfile's folder", context: "services/ap",
			dockerfile: "services/api/Dockerfile",
			path:       "secure-aca:apps[0].image.build.dockerfile",
			want:       `"services/api/Dockerfile" is outside the build context "services/ap"`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := &stackconfig.Config{Project: "secure-aca", Apps: []stackconfig.App{{
				Name:  "api",
				Image: stackconfig.Image{Build: &stackconfig.Build{Context: tc.context, Dockerfile: tc.dockerfile}},
			}}}

			err := cfg.CheckFiles(project)

			if tc.path == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.path+": "+tc.want)
		})
	}
}
