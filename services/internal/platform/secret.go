package platform

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"log/slog"
)

// redacted is what every printable form of a Secret shows instead of its value.
const redacted = "[redacted]"

// secretValue is kept behind a pointer so that even reflection-based printing of a struct with
// an unexported Secret field (which cannot call Secret's methods) shows an address, not the value.
type secretValue struct {
	s string
}

// Secret holds a sensitive setting such as a connection string or an API key. Its fmt, slog,
// JSON and text forms never reveal the value; the only ways to use it are Present and Matches.
type Secret struct {
	v *secretValue
}

// NewSecret wraps value. An empty value yields a Secret that is not present.
func NewSecret(value string) Secret {
	if value == "" {
		return Secret{}
	}
	return Secret{v: &secretValue{s: value}}
}

// Present reports whether the secret has a non-empty value.
func (s Secret) Present() bool {
	return s.v != nil && s.v.s != ""
}

// Matches reports whether candidate equals the secret. It compares SHA-256 digests in constant
// time, so neither the content nor the length of the secret leaks through timing. An absent
// secret matches nothing, not even the empty string.
func (s Secret) Matches(candidate string) bool {
	if !s.Present() {
		return false
	}
	want := sha256.Sum256([]byte(s.v.s))
	got := sha256.Sum256([]byte(candidate))
	return subtle.ConstantTimeCompare(want[:], got[:]) == 1
}

// String returns a placeholder, never the value.
func (s Secret) String() string {
	return redacted
}

// GoString returns a placeholder, never the value.
func (s Secret) GoString() string {
	return redacted
}

// Format prints a placeholder for every verb, including %x and %q.
func (s Secret) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte(redacted)) // fmt.State writes into fmt's own buffer and cannot fail
}

// LogValue makes slog print a placeholder.
func (s Secret) LogValue() slog.Value {
	return slog.StringValue(redacted)
}

// MarshalJSON encodes a placeholder.
func (s Secret) MarshalJSON() ([]byte, error) {
	return []byte(`"` + redacted + `"`), nil
}

// MarshalText encodes a placeholder.
func (s Secret) MarshalText() ([]byte, error) {
	return []byte(redacted), nil
}
