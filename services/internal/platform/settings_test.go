package platform

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// mapEnv returns a getenv function over m.
func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestEnvRequiredAndOptional(t *testing.T) {
	t.Parallel()
	env := NewEnv(mapEnv(map[string]string{"SET": " value ", "BLANK": "   "}))
	if got := env.Required("SET"); got != "value" {
		t.Errorf("Required(SET) = %q, want trimmed %q", got, "value")
	}
	if got := env.Optional("UNSET", "fallback"); got != "fallback" {
		t.Errorf("Optional(UNSET) = %q, want the default", got)
	}
	if got := env.Optional("SET", "fallback"); got != "value" {
		t.Errorf("Optional(SET) = %q, want the value", got)
	}
	if err := env.Err(); err != nil {
		t.Fatalf("Err() = %v before any required variable was missing", err)
	}
	env.Required("BLANK")
	env.Required("UNSET")
	var se *SettingsError
	if err := env.Err(); !errors.As(err, &se) {
		t.Fatalf("Err() = %v, want *SettingsError", err)
	}
	if strings.Join(se.Missing, ",") != "BLANK,UNSET" {
		t.Errorf("Missing = %v, want [BLANK UNSET] (blank counts as missing)", se.Missing)
	}
}

func TestEnvPort(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		value   string
		want    int
		invalid bool
		missing bool
	}{
		{name: "lowest port accepted", value: "1", want: 1},
		{name: "highest port accepted", value: "65535", want: 65535},
		{name: "typical port accepted", value: "8080", want: 8080},
		{name: "zero rejected", value: "0", invalid: true},
		{name: "above range rejected", value: "65536", invalid: true},
		{name: "negative rejected", value: "-1", invalid: true},
		{name: "non-number rejected", value: "http", invalid: true},
		{name: "unset reported missing", value: "", missing: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := NewEnv(mapEnv(map[string]string{"PORT": tt.value}))
			got := env.Port("PORT")
			err := env.Err()
			if !tt.invalid && !tt.missing {
				if err != nil || got != tt.want {
					t.Fatalf("Port = %d, %v; want %d, nil", got, err, tt.want)
				}
				return
			}
			var se *SettingsError
			if !errors.As(err, &se) {
				t.Fatalf("Err() = %v, want *SettingsError", err)
			}
			if tt.missing && (len(se.Missing) != 1 || se.Missing[0] != "PORT") {
				t.Errorf("Missing = %v, want [PORT]", se.Missing)
			}
			if tt.invalid {
				if len(se.Invalid) != 1 || !strings.HasPrefix(se.Invalid[0], "PORT ") {
					t.Errorf("Invalid = %v, want one entry naming PORT", se.Invalid)
				}
				if strings.Contains(err.Error(), tt.value) {
					t.Errorf("error %q echoes the value %q", err, tt.value)
				}
			}
		})
	}
}

func TestEnvDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		value   string
		want    time.Duration
		invalid bool
	}{
		{name: "unset uses default", value: "", want: 7 * time.Second},
		{name: "Go duration parsed", value: "1m30s", want: 90 * time.Second},
		{name: "zero allowed", value: "0s", want: 0},
		{name: "negative rejected", value: "-1s", want: 7 * time.Second, invalid: true},
		{name: "bare number rejected", value: "25", want: 7 * time.Second, invalid: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := NewEnv(mapEnv(map[string]string{"D": tt.value}))
			got := env.Duration("D", 7*time.Second)
			if got != tt.want {
				t.Errorf("Duration = %v, want %v", got, tt.want)
			}
			if err := env.Err(); (err != nil) != tt.invalid {
				t.Errorf("Err() = %v, want error: %v", err, tt.invalid)
			}
		})
	}
}

func TestLoadCommon(t *testing.T) {
	t.Parallel()
	base := map[string]string{"PORT": "8080", "ENVIRONMENT": "dev"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name         string
		env          map[string]string
		buildVersion string
		wantVersion  string
		wantTimeout  time.Duration
		wantDrain    time.Duration
		wantErrNames []string
	}{
		{
			name: "defaults apply", env: base, buildVersion: "",
			wantVersion: "dev", wantTimeout: 25 * time.Second, wantDrain: 5 * time.Second,
		},
		{
			name: "build version used when SERVICE_VERSION unset", env: base, buildVersion: "1.2.3",
			wantVersion: "1.2.3", wantTimeout: 25 * time.Second, wantDrain: 5 * time.Second,
		},
		{
			name: "SERVICE_VERSION overrides build version", env: with("SERVICE_VERSION", "2.0.0"),
			buildVersion: "1.2.3", wantVersion: "2.0.0", wantTimeout: 25 * time.Second, wantDrain: 5 * time.Second,
		},
		{
			name: "shutdown settings overridden", env: with("SHUTDOWN_TIMEOUT", "10s", "SHUTDOWN_DRAIN_DELAY", "0s"),
			wantVersion: "dev", wantTimeout: 10 * time.Second, wantDrain: 0,
		},
		{
			name: "zero shutdown timeout rejected", env: with("SHUTDOWN_TIMEOUT", "0s"),
			wantErrNames: []string{"SHUTDOWN_TIMEOUT"},
		},
		{
			name:         "drain delay not shorter than timeout rejected",
			env:          with("SHUTDOWN_TIMEOUT", "5s", "SHUTDOWN_DRAIN_DELAY", "5s"),
			wantErrNames: []string{"SHUTDOWN_DRAIN_DELAY"},
		},
		{
			name: "every missing variable named at once", env: map[string]string{},
			wantErrNames: []string{"PORT", "ENVIRONMENT"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := NewEnv(mapEnv(tt.env))
			c := LoadCommon(env, "svc", tt.buildVersion)
			err := env.Err()
			if len(tt.wantErrNames) > 0 {
				if err == nil {
					t.Fatal("Err() = nil, want an error")
				}
				for _, name := range tt.wantErrNames {
					if !strings.Contains(err.Error(), name) {
						t.Errorf("error %q does not name %s", err, name)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Err() = %v", err)
			}
			want := Info{Service: "svc", Version: tt.wantVersion, Environment: "dev"}
			if c.Info != want {
				t.Errorf("Info = %+v, want %+v", c.Info, want)
			}
			if c.Port != 8080 || c.Addr() != ":8080" {
				t.Errorf("Port, Addr = %d, %q; want 8080, \":8080\"", c.Port, c.Addr())
			}
			if c.ShutdownTimeout != tt.wantTimeout || c.DrainDelay != tt.wantDrain {
				t.Errorf("timeout, drain = %v, %v; want %v, %v", c.ShutdownTimeout, c.DrainDelay,
					tt.wantTimeout, tt.wantDrain)
			}
		})
	}
}

func TestSettingsErrorMessage(t *testing.T) {
	t.Parallel()
	err := &SettingsError{Missing: []string{"A", "B"}, Invalid: []string{"C must be odd"}}
	want := "missing required environment variable(s): A, B; invalid environment variable(s): C must be odd"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}
