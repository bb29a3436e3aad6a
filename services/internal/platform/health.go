package platform

import (
	"net/http"
	"sync/atomic"
)

// Lifecycle tracks whether the process has begun shutting down. The zero value is running.
type Lifecycle struct {
	shuttingDown atomic.Bool
}

// BeginShutdown marks the process as shutting down; readiness fails from then on.
func (l *Lifecycle) BeginShutdown() {
	l.shuttingDown.Store(true)
}

// ShuttingDown reports whether BeginShutdown was called.
func (l *Lifecycle) ShuttingDown() bool {
	return l.shuttingDown.Load()
}

// Check is one named readiness condition. State returns the word shown for it (never a secret
// value) and whether it passes.
type Check struct {
	Name  string
	State func() (state string, ok bool)
}

// SecretPresentCheck passes when s is present and shows "present" or "missing".
func SecretPresentCheck(name string, s Secret) Check {
	return Check{
		Name: name,
		State: func() (string, bool) {
			if s.Present() {
				return "present", true
			}
			return "missing", false
		},
	}
}

// HealthStatus is the JSON body of the liveness and readiness endpoints.
type HealthStatus struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks,omitempty"`
}

// LivenessHandler answers 200 {"status":"ok"} for as long as the process serves requests.
func LivenessHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		WriteJSON(w, http.StatusOK, HealthStatus{Status: "ok"})
	})
}

// ReadinessHandler answers 200 {"status":"ready"} when every check passes, 503
// {"status":"not ready"} with the checks when one fails and 503 {"status":"shutting down"} once
// lc has begun shutting down.
func ReadinessHandler(lc *Lifecycle, checks ...Check) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if lc.ShuttingDown() {
			WriteJSON(w, http.StatusServiceUnavailable, HealthStatus{Status: "shutting down"})
			return
		}
		status, code := "ready", http.StatusOK
		var states map[string]string
		if len(checks) > 0 {
			states = make(map[string]string, len(checks))
		}
		for _, c := range checks {
			state, ok := c.State()
			states[c.Name] = state
			if !ok {
				status, code = "not ready", http.StatusServiceUnavailable
			}
		}
		WriteJSON(w, code, HealthStatus{Status: status, Checks: states})
	})
}
