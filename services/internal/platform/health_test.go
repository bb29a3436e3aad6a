package platform

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

func TestLivenessHandler(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	LivenessHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if m := decodeBody(t, rec); rec.Code != http.StatusOK || m["status"] != "ok" {
		t.Errorf("status %d body %v, want 200 ok", rec.Code, m)
	}
}

func TestReadinessHandler(t *testing.T) {
	t.Parallel()
	present, missing := NewSecret(secretText), NewSecret("")
	tests := []struct {
		name         string
		shuttingDown bool
		checks       []Check
		wantCode     int
		wantStatus   string
		wantChecks   map[string]any
	}{
		{name: "no checks is ready", wantCode: 200, wantStatus: "ready"},
		{
			name:     "all present is ready",
			checks:   []Check{SecretPresentCheck("A", present), SecretPresentCheck("B", present)},
			wantCode: 200, wantStatus: "ready", wantChecks: map[string]any{"A": "present", "B": "present"},
		},
		{
			name:     "one missing is not ready",
			checks:   []Check{SecretPresentCheck("A", present), SecretPresentCheck("B", missing)},
			wantCode: 503, wantStatus: "not ready", wantChecks: map[string]any{"A": "present", "B": "missing"},
		},
		{
			name:     "all missing is not ready",
			checks:   []Check{SecretPresentCheck("A", missing), SecretPresentCheck("B", missing)},
			wantCode: 503, wantStatus: "not ready", wantChecks: map[string]any{"A": "missing", "B": "missing"},
		},
		{
			name: "shutting down wins over passing checks", shuttingDown: true,
			checks:   []Check{SecretPresentCheck("A", present)},
			wantCode: 503, wantStatus: "shutting down",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lc := &Lifecycle{}
			if tt.shuttingDown {
				lc.BeginShutdown()
			}
			rec := httptest.NewRecorder()
			ReadinessHandler(lc, tt.checks...).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			if rec.Code != tt.wantCode {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantCode)
			}
			m := decodeBody(t, rec)
			if m["status"] != tt.wantStatus {
				t.Errorf("status field = %v, want %q", m["status"], tt.wantStatus)
			}
			gotChecks, _ := m["checks"].(map[string]any)
			if tt.wantChecks == nil {
				if _, ok := m["checks"]; ok {
					t.Errorf("checks = %v, want none", m["checks"])
				}
			} else if !reflect.DeepEqual(gotChecks, tt.wantChecks) {
				t.Errorf("checks = %v, want %v", gotChecks, tt.wantChecks)
			}
			if strings.Contains(rec.Body.String(), secretText) {
				t.Errorf("readiness body leaks a secret: %s", rec.Body.String())
			}
		})
	}
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	var lc Lifecycle
	if lc.ShuttingDown() {
		t.Fatal("zero Lifecycle reports shutting down")
	}
	lc.BeginShutdown()
	if !lc.ShuttingDown() {
		t.Fatal("BeginShutdown did not take effect")
	}
}
