// Package platform holds the code the api and worker services share: settings from the
// environment, structured logging, W3C trace context, health and readiness handlers, a small
// JSON router and an HTTP server runner with graceful shutdown.
package platform

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Names of the environment variables every service reads.
const (
	EnvPort               = "PORT"
	EnvEnvironment        = "ENVIRONMENT"
	EnvServiceVersion     = "SERVICE_VERSION"
	EnvShutdownTimeout    = "SHUTDOWN_TIMEOUT"
	EnvShutdownDrainDelay = "SHUTDOWN_DRAIN_DELAY"
)

// Defaults for the optional shared settings.
const (
	// DefaultShutdownTimeout stays below the 30 s termination grace period Azure Container Apps
	// gives a replica by default, leaving room for the process to exit before it is killed.
	DefaultShutdownTimeout = 25 * time.Second
	// DefaultDrainDelay is how long the server keeps serving, with readiness reporting
	// "shutting down", before it stops accepting connections.
	DefaultDrainDelay = 5 * time.Second
	// DefaultVersion is reported when neither SERVICE_VERSION nor a build version is set.
	DefaultVersion = "dev"
)

// SettingsError lists every missing and invalid environment variable. Its message names the
// variables and never includes their values.
type SettingsError struct {
	Missing []string
	Invalid []string
}

// Error implements error.
func (e *SettingsError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		parts = append(parts, "missing required environment variable(s): "+strings.Join(e.Missing, ", "))
	}
	if len(e.Invalid) > 0 {
		parts = append(parts, "invalid environment variable(s): "+strings.Join(e.Invalid, "; "))
	}
	return strings.Join(parts, "; ")
}

// Env reads settings through a getenv function and collects every problem, so a service reports
// all missing or invalid settings at once instead of one per restart.
type Env struct {
	getenv func(string) string
	errs   SettingsError
}

// NewEnv returns an Env that reads through getenv (os.Getenv in production).
func NewEnv(getenv func(string) string) *Env {
	return &Env{getenv: getenv}
}

// Lookup returns the trimmed value of name, or "" when it is unset or blank.
func (e *Env) Lookup(name string) string {
	return strings.TrimSpace(e.getenv(name))
}

// Required returns the value of name and records it as missing when it is unset or blank.
func (e *Env) Required(name string) string {
	v := e.Lookup(name)
	if v == "" {
		e.Missing(name)
	}
	return v
}

// Optional returns the value of name, or def when it is unset or blank.
func (e *Env) Optional(name, def string) string {
	if v := e.Lookup(name); v != "" {
		return v
	}
	return def
}

// Secret returns the value of name wrapped in a Secret; an unset variable yields an absent one.
func (e *Env) Secret(name string) Secret {
	return NewSecret(e.Lookup(name))
}

// Port returns the required TCP port in name, which must be an integer from 1 to 65535.
func (e *Env) Port(name string) int {
	v := e.Required(name)
	if v == "" {
		return 0
	}
	return e.ParsePort(name, v)
}

// ParsePort validates raw as the TCP port held by name, recording name as invalid on failure.
func (e *Env) ParsePort(name, raw string) int {
	p, err := strconv.Atoi(raw)
	if err != nil || p < 1 || p > 65535 {
		e.Invalid(name, "must be an integer from 1 to 65535")
		return 0
	}
	return p
}

// Duration returns the Go duration (for example "25s") in name, or def when it is unset.
// Negative durations are invalid.
func (e *Env) Duration(name string, def time.Duration) time.Duration {
	v := e.Lookup(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		e.Invalid(name, "must be a non-negative Go duration such as 25s")
		return def
	}
	return d
}

// Missing records name as a missing required variable. name may carry a short hint, such as
// an alternative variable, but never a value.
func (e *Env) Missing(name string) {
	e.errs.Missing = append(e.errs.Missing, name)
}

// Invalid records that name holds an unusable value. reason must not contain the value.
func (e *Env) Invalid(name, reason string) {
	e.errs.Invalid = append(e.errs.Invalid, name+" "+reason)
}

// Err returns a *SettingsError naming every recorded problem, or nil when there is none.
func (e *Env) Err() error {
	if len(e.errs.Missing) == 0 && len(e.errs.Invalid) == 0 {
		return nil
	}
	errs := SettingsError{
		Missing: append([]string(nil), e.errs.Missing...),
		Invalid: append([]string(nil), e.errs.Invalid...),
	}
	return &errs
}

// Info identifies a running service in logs and responses.
type Info struct {
	Service     string `json:"service"`
	Version     string `json:"version"`
	Environment string `json:"environment"`
}

// Common holds the settings every service reads.
type Common struct {
	Info            Info
	Port            int
	ShutdownTimeout time.Duration
	DrainDelay      time.Duration
}

// Addr is the listen address for Port on all interfaces, as a container needs.
func (c Common) Addr() string {
	return fmt.Sprintf(":%d", c.Port)
}

// LoadCommon reads PORT, ENVIRONMENT, SERVICE_VERSION, SHUTDOWN_TIMEOUT and
// SHUTDOWN_DRAIN_DELAY. buildVersion is the version linked in at build time; it is used when
// SERVICE_VERSION is unset and falls back to DefaultVersion when empty.
func LoadCommon(e *Env, service, buildVersion string) Common {
	if strings.TrimSpace(buildVersion) == "" {
		buildVersion = DefaultVersion
	}
	c := Common{
		Info: Info{Service: service},
	}
	c.Port = e.Port(EnvPort)
	c.Info.Environment = e.Required(EnvEnvironment)
	c.Info.Version = e.Optional(EnvServiceVersion, buildVersion)
	c.ShutdownTimeout = e.Duration(EnvShutdownTimeout, DefaultShutdownTimeout)
	if c.ShutdownTimeout == 0 {
		e.Invalid(EnvShutdownTimeout, "must be greater than zero")
	}
	c.DrainDelay = e.Duration(EnvShutdownDrainDelay, DefaultDrainDelay)
	if c.ShutdownTimeout > 0 && c.DrainDelay >= c.ShutdownTimeout {
		e.Invalid(EnvShutdownDrainDelay, "must be shorter than "+EnvShutdownTimeout)
	}
	return c
}
