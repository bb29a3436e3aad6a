package stackconfig_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/stackconfig"
)

// ciphertext is what `pulumi config set --secret` leaves in a stack file; offline it can never be decrypted.
const ciphertext = "v1:AAABBBCCCDDDEEEFFF0123456789"

const stackFileWithEncryptedValue = `
config:
  azure-native:location: westeurope
  secure-aca:owner: platform-team
  secure-aca:vault:
    secrets:
      - name: DatabaseConnectionString
        value:
          secure: ` + ciphertext + `
      - name: ServiceBusConnection
        value: "Endpoint=sb://sb.example.net/;Authentication=Managed Identity"
  secure-aca:apps:
    - name: api
      image:
        digest: sha256:4f6c3b2a1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a
      ingress: {}
`

func TestParseStackFileTurnsSecureLeavesIntoEncryptedSecrets(t *testing.T) {
	t.Parallel()
	values, err := stackconfig.ParseStackFile([]byte(stackFileWithEncryptedValue))
	require.NoError(t, err)

	t.Run("the key holding the leaf is marked secret, and only that key", func(t *testing.T) {
		t.Parallel()
		assert.Equal(t, []string{"secure-aca:vault"}, values.SecretKeys)
	})

	t.Run("the ciphertext is not passed on", func(t *testing.T) {
		t.Parallel()
		assert.NotContains(t, fmt.Sprint(values.Config), ciphertext)
	})

	t.Run("the leaf loads as an encrypted secret whose plain text is unknown", func(t *testing.T) {
		t.Parallel()
		cfg, err := stackconfig.Load("secure-aca", "dev", values)
		require.NoError(t, err)
		require.Len(t, cfg.Vault.Secrets, 2)

		encrypted := cfg.Vault.Secrets[0].Value
		assert.True(t, encrypted.IsSet())
		assert.True(t, encrypted.Encrypted())
		assert.True(t, encrypted.Unreadable())
		assert.NotContains(t, encrypted.Value(), ciphertext)

		plain := cfg.Vault.Secrets[1].Value
		assert.True(t, plain.IsSet())
		assert.False(t, plain.Encrypted(), "a value written in plain text is not encrypted")
		assert.Equal(t, "Endpoint=sb://sb.example.net/;Authentication=Managed Identity", plain.Value())
	})

	t.Run("a plain credential next to an encrypted value is still refused", func(t *testing.T) {
		t.Parallel()
		file := strings.Replace(stackFileWithEncryptedValue, "Authentication=Managed Identity",
			"SharedAccessKeyName=send;SharedAccessKey=plain-key", 1)
		values, err := stackconfig.ParseStackFile([]byte(file))
		require.NoError(t, err)

		_, err = stackconfig.Load("secure-aca", "dev", values)

		require.Error(t, err)
		assert.Contains(t, err.Error(), "secure-aca:vault.secrets[1].value: holds a credential in plain text")
		assert.NotContains(t, err.Error(), "plain-key")
	})

	t.Run("an encrypted top-level value is marked secret too", func(t *testing.T) {
		t.Parallel()
		values, err := stackconfig.ParseStackFile([]byte("config:\n  secure-aca:owner:\n    secure: " + ciphertext + "\n"))
		require.NoError(t, err)
		assert.Equal(t, []string{"secure-aca:owner"}, values.SecretKeys)
		assert.NotContains(t, values.Config["secure-aca:owner"], ciphertext)
	})
}

func TestEngineValuesOfASecretKeyAreAllEncrypted(t *testing.T) {
	t.Parallel()
	// The engine decrypts before it runs the program and only says which keys were stored as secrets.
	values := stackconfig.Values{
		Config: map[string]string{
			"azure-native:location": "westeurope",
			"secure-aca:owner":      "platform-team",
			"secure-aca:vault":      `{"secrets": [{"name": "DatabaseConnectionString", "value": "Password=decrypted"}]}`,
			"secure-aca:apps": `[{"name": "api", "ingress": {}, "image": {"digest": "sha256:` +
				strings.Repeat("ab", 32) + `"}}]`,
		},
		SecretKeys: []string{"secure-aca:vault"},
	}

	cfg, err := stackconfig.Load("secure-aca", "dev", values)

	require.NoError(t, err, "a credential stored encrypted is allowed")
	secret := cfg.Vault.Secrets[0].Value
	assert.True(t, secret.Encrypted())
	assert.False(t, secret.Unreadable())
	assert.Equal(t, "Password=decrypted", secret.Value())
}

func TestParseStackFileRejectsWhatTheEngineWouldNotRead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, file, want string
	}{
		{name: "not a mapping", file: "- config\n", want: "not a YAML mapping"},
		{name: "config not a mapping", file: "config: [a, b]\n", want: "`config` is not a mapping"},
		{name: "key twice", file: "config:\n  secure-aca:owner: a\n  secure-aca:owner: b\n", want: "appears twice"},
		{
			name: "alias", file: "config:\n  secure-aca:tags: &tags {a: b}\n  secure-aca:other: *tags\n",
			want: "aliases are not supported",
		},
		{name: "broken YAML", file: "config:\n  secure-aca:owner: [\n", want: "parsing YAML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := stackconfig.ParseStackFile([]byte(tc.file))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestDecoderLimitsRejectHostileInputWithItsPath(t *testing.T) {
	t.Parallel()

	t.Run("stack file", func(t *testing.T) {
		t.Parallel()
		deep := "x"
		for range 14 {
			deep = "{a: " + deep + "}"
		}
		for _, tc := range []struct {
			name, file, key, want string
		}{
			{
				name: "huge list", file: "config:\n  secure-aca:apps: [" + strings.Repeat("{}, ", 500) + "{}]\n",
				key: "secure-aca:apps", want: "a list has 501 entries; allowed: at most 500",
			},
			{
				name: "huge mapping", file: "config:\n  secure-aca:tags: {" + numbered("t%d: v", 501) + "}\n",
				key: "secure-aca:tags", want: "a mapping has 501 entries; allowed: at most 500",
			},
			{
				name: "deep nesting", file: "config:\n  secure-aca:tags: " + deep + "\n",
				key: "secure-aca:tags", want: "nested more than 12 levels deep",
			},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				_, err := stackconfig.ParseStackFile([]byte(tc.file))
				require.Error(t, err)
				assert.Contains(t, err.Error(), fmt.Sprintf("config key %q", tc.key))
				assert.Contains(t, err.Error(), tc.want)
			})
		}
	})

	t.Run("whole file", func(t *testing.T) {
		t.Parallel()
		_, err := stackconfig.ParseStackFile([]byte("config: {}\n" + strings.Repeat("#", stackconfig.MaxStackFileBytes)))
		require.Error(t, err)
		assert.Contains(t, err.Error(), fmt.Sprintf("allowed: at most %d", stackconfig.MaxStackFileBytes))
	})

	t.Run("values from the engine", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct {
			name, key, value, want string
		}{
			{
				name: "huge list", key: "secure-aca:apps", value: "[" + strings.Repeat("{},", 500) + "{}]",
				want: "secure-aca:apps: has 501 entries; allowed: at most 500",
			},
			{
				name: "huge map", key: "secure-aca:tags", value: "{" + numbered(`"t%d": "v"`, 501) + "}",
				want: "secure-aca:tags: has 501 entries; allowed: at most 500",
			},
			{
				name: "huge value", key: "secure-aca:owner", value: strings.Repeat("a", 1<<20+1),
				want: "secure-aca:owner: has 1048577 bytes; allowed: at most 1048576",
			},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				_, err := stackconfig.Load("secure-aca", "dev", stackconfig.Values{Config: map[string]string{
					"azure-native:location": "westeurope",
					tc.key:                  tc.value,
				}})
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
			})
		}
	})
}

// numbered joins count copies of format, each with its index.
func numbered(format string, count int) string {
	entries := make([]string, count)
	for i := range entries {
		entries[i] = fmt.Sprintf(format, i)
	}
	return strings.Join(entries, ", ")
}
