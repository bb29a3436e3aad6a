package stackconfig_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/stackconfig"
)

func TestSecretIsNeverPrinted(t *testing.T) {
	t.Parallel()
	const value = "Password=hunter2-do-not-print"
	secret := stackconfig.NewSecret(value)
	holder := stackconfig.VaultSecret{Name: "DatabaseConnectionString", Value: secret}
	// A Secret has no exported fields on purpose: marshalling one must yield nothing readable.
	encoded, err := json.Marshal(secret) //nolint:staticcheck // SA9005 is the property under test
	require.NoError(t, err)
	require.Equal(t, value, secret.Value(), "the secret does hold the value")

	for _, tc := range []struct {
		name, printed string
	}{
		{name: "String", printed: secret.String()},
		{name: "GoString", printed: secret.GoString()},
		{name: "%v", printed: fmt.Sprintf("%v", secret)},
		{name: "%+v", printed: fmt.Sprintf("%+v", secret)},
		{name: "%#v", printed: fmt.Sprintf("%#v", secret)},
		{name: "%s", printed: fmt.Sprintf("%s", secret)},
		{name: "%q", printed: fmt.Sprintf("%q", secret)},
		{name: "%x", printed: fmt.Sprintf("%x", secret)},
		{name: "%d", printed: fmt.Sprintf("%d", secret)},
		{name: "%v of a pointer", printed: fmt.Sprintf("%v", &secret)},
		{name: "%v of a struct holding it", printed: fmt.Sprintf("%v", holder)},
		{name: "%+v of a struct holding it", printed: fmt.Sprintf("%+v", holder)},
		{name: "%#v of a struct holding it", printed: fmt.Sprintf("%#v", holder)},
		{name: "an error that wraps it", printed: fmt.Errorf("reading %v: %w", secret, assert.AnError).Error()},
		{name: "JSON", printed: string(encoded)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.NotContains(t, tc.printed, "hunter2")
		})
	}
}
