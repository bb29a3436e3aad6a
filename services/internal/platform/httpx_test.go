package platform

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"
)

// decodeBody decodes a JSON response body into a map.
func decodeBody(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q, want application/json", ct)
	}
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", rec.Body.String(), err)
	}
	return m
}

func TestWriteJSON(t *testing.T) {
	t.Parallel()
	t.Run("status, headers and body written", func(t *testing.T) {
		t.Parallel()
		rec := httptest.NewRecorder()
		WriteJSON(rec, http.StatusTeapot, map[string]int{"n": 1})
		if rec.Code != http.StatusTeapot {
			t.Errorf("status = %d, want %d", rec.Code, http.StatusTeapot)
		}
		for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"} {
			if got := rec.Header().Get(k); got != want {
				t.Errorf("%s = %q, want %q", k, got, want)
			}
		}
		if m := decodeBody(t, rec); m["n"] != float64(1) {
			t.Errorf("body = %v, want n=1", m)
		}
	})
	t.Run("unencodable value becomes a 500", func(t *testing.T) {
		t.Parallel()
		rec := httptest.NewRecorder()
		WriteJSON(rec, http.StatusOK, math.Inf(1))
		if rec.Code != http.StatusInternalServerError {
			t.Errorf("status = %d, want 500", rec.Code)
		}
		if m := decodeBody(t, rec); m["error"] != "internal error" {
			t.Errorf("body = %v", m)
		}
	})
}

func TestRouter(t *testing.T) {
	t.Parallel()
	ok := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			WriteJSON(w, http.StatusOK, map[string]string{"route": name})
		})
	}
	rt := NewRouter()
	rt.Handle("/", ok("root"), http.MethodGet)
	rt.Handle("/both", ok("both"), http.MethodPost, http.MethodGet)
	tests := []struct {
		name       string
		method     string
		path       string
		wantStatus int
		wantRoute  string
		wantAllow  string
		wantError  string
	}{
		{name: "GET root served", method: http.MethodGet, path: "/", wantStatus: 200, wantRoute: "root"},
		{
			name: "POST on a two-method route served", method: http.MethodPost, path: "/both",
			wantStatus: 200, wantRoute: "both",
		},
		{
			name: "other method gets 405 with Allow", method: http.MethodDelete, path: "/both",
			wantStatus: 405, wantAllow: "GET, POST", wantError: "method not allowed",
		},
		{
			name: "HEAD is not implied by GET", method: http.MethodHead, path: "/",
			wantStatus: 405, wantAllow: "GET",
		},
		{name: "unknown path gets 404", method: http.MethodGet, path: "/nope", wantStatus: 404, wantError: "not found"},
		{
			name: "trailing slash is another path", method: http.MethodGet, path: "/both/",
			wantStatus: 404, wantError: "not found",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			rt.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := rec.Header().Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tt.wantAllow)
			}
			if tt.method == http.MethodHead {
				return
			}
			m := decodeBody(t, rec)
			if tt.wantRoute != "" && m["route"] != tt.wantRoute {
				t.Errorf("route = %v, want %s", m["route"], tt.wantRoute)
			}
			if tt.wantError != "" && m["error"] != tt.wantError {
				t.Errorf("error = %v, want %s", m["error"], tt.wantError)
			}
		})
	}
}

func TestRouterRejectsBadRegistrations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		register func(*Router)
	}{
		{name: "duplicate method panics", register: func(rt *Router) {
			rt.Handle("/a", http.NotFoundHandler(), http.MethodGet)
			rt.Handle("/a", http.NotFoundHandler(), http.MethodGet)
		}},
		{name: "no methods panics", register: func(rt *Router) { rt.Handle("/a", http.NotFoundHandler()) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tt.register(NewRouter())
		})
	}
}

func TestWriteErrorAddsTraceID(t *testing.T) {
	t.Parallel()
	tp, err := ParseTraceParent(validHeader)
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r = r.WithContext(WithTrace(r.Context(), TraceContext{Parent: tp}))
	rec := httptest.NewRecorder()
	WriteError(rec, r, http.StatusForbidden, "forbidden")
	if m := decodeBody(t, rec); m["trace_id"] != validTraceID || m["error"] != "forbidden" {
		t.Errorf("body = %v, want error and trace id %s", m, validTraceID)
	}
}

func TestInfoHandler(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	InfoHandler(Info{Service: "s", Version: "v", Environment: "e"}).
		ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	m := decodeBody(t, rec)
	if rec.Code != 200 || m["service"] != "s" || m["version"] != "v" || m["environment"] != "e" || len(m) != 3 {
		t.Errorf("status %d body %v", rec.Code, m)
	}
}
