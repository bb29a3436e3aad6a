package platform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const secretText = "s3cr3t-Value-4711"

func TestSecretNeverPrinted(t *testing.T) {
	t.Parallel()
	s := NewSecret(secretText)
	type holder struct {
		Exported   Secret
		unexported Secret
	}
	h := holder{Exported: s, unexported: s}
	forms := map[string]string{
		"%v":                     fmt.Sprintf("%v", s),
		"%+v":                    fmt.Sprintf("%+v", s),
		"%#v":                    fmt.Sprintf("%#v", s),
		"%s":                     fmt.Sprintf("%s", s),
		"%q":                     fmt.Sprintf("%q", s),
		"%x":                     fmt.Sprintf("%x", s),
		"String":                 s.String(),
		"struct %+v":             fmt.Sprintf("%+v", h),
		"struct %#v":             fmt.Sprintf("%#v", h),
		"pointer to struct %+v":  fmt.Sprintf("%+v", &h),
		"slice of secrets %v":    fmt.Sprintf("%v", []Secret{s}),
		"map with secret %v":     fmt.Sprintf("%v", map[string]Secret{"k": s}),
		"error wrapping %v":      fmt.Errorf("wrapped: %v", s).Error(),
		"Sprint of many":         fmt.Sprint("a", s, h),
		"Sprintln of struct ptr": fmt.Sprintln(&h),
	}
	for name, out := range forms {
		if strings.Contains(out, secretText) {
			t.Errorf("%s printed the secret: %q", name, out)
		}
	}
	if got := fmt.Sprintf("%v", s); got != redacted {
		t.Errorf("%%v = %q, want %q", got, redacted)
	}
}

func TestSecretEncoders(t *testing.T) {
	t.Parallel()
	s := NewSecret(secretText)
	b, err := json.Marshal(struct {
		S Secret `json:"s"`
	}{S: s})
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	if string(b) != `{"s":"[redacted]"}` {
		t.Errorf("JSON = %s, want the placeholder", b)
	}
	text, err := s.MarshalText()
	if err != nil || string(text) != redacted {
		t.Errorf("MarshalText = %q, %v; want placeholder", text, err)
	}

	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("settings", slog.Any("secret", s), slog.Any("group", struct{ Key Secret }{Key: s}))
	logger.Info("text", "secret", s)
	if strings.Contains(buf.String(), secretText) {
		t.Errorf("slog output contains the secret: %s", buf.String())
	}
	if !strings.Contains(buf.String(), `"secret":"[redacted]"`) {
		t.Errorf("slog output lacks the placeholder: %s", buf.String())
	}
}

func TestSecretPresentAndMatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		secret      Secret
		candidate   string
		wantPresent bool
		wantMatch   bool
	}{
		{name: "equal value matches", secret: NewSecret("abc"), candidate: "abc", wantPresent: true, wantMatch: true},
		{name: "different value does not match", secret: NewSecret("abc"), candidate: "abd", wantPresent: true},
		{name: "prefix does not match", secret: NewSecret("abc"), candidate: "ab", wantPresent: true},
		{name: "longer value does not match", secret: NewSecret("abc"), candidate: "abcd", wantPresent: true},
		{name: "case differs does not match", secret: NewSecret("abc"), candidate: "ABC", wantPresent: true},
		{name: "absent secret matches nothing", secret: NewSecret(""), candidate: ""},
		{name: "zero value matches nothing", secret: Secret{}, candidate: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.secret.Present(); got != tt.wantPresent {
				t.Errorf("Present() = %v, want %v", got, tt.wantPresent)
			}
			if got := tt.secret.Matches(tt.candidate); got != tt.wantMatch {
				t.Errorf("Matches(%q) = %v, want %v", tt.candidate, got, tt.wantMatch)
			}
		})
	}
}
