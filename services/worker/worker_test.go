package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/secure-aca/secure-aca/services/internal/platform"
	"github.com/secure-aca/secure-aca/services/internal/platformtest"
)

const (
	incomingTraceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	incomingHeader  = "00-" + incomingTraceID + "-00f067aa0ba902b7-01"
)

var traceIDFormat = regexp.MustCompile(`^[0-9a-f]{32}$`)

func validEnv() map[string]string {
	return map[string]string{"PORT": "8080", "ENVIRONMENT": "test", "SERVICE_VERSION": "4.5.6"}
}

type testWorker struct {
	handler http.Handler
	lc      *platform.Lifecycle
	logs    *platformtest.Buffer
}

func newTestWorker() *testWorker {
	logs := &platformtest.Buffer{}
	lc := &platform.Lifecycle{}
	info := platform.Info{Service: "worker", Version: "4.5.6", Environment: "test"}
	return &testWorker{handler: newHandler(info, platform.NewLogger(logs, info), lc), lc: lc, logs: logs}
}

func (w *testWorker) serve(method, target string, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(`{"rounds":5}`))
	for k, vs := range header {
		for _, v := range vs {
			r.Header.Add(k, v)
		}
	}
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, r)
	return rec
}

func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", body, err)
	}
	return m
}

// expectedDigest recomputes the chain from its definition: rounds applications of SHA-256,
// starting from the seed text.
func expectedDigest(rounds int) string {
	data := []byte("secure-aca worker")
	for range rounds {
		sum := sha256.Sum256(data)
		data = sum[:]
	}
	return hex.EncodeToString(data)
}

func TestRoutesAndMethods(t *testing.T) {
	t.Parallel()
	w := newTestWorker()
	type tc struct {
		name       string
		method     string
		path       string
		wantStatus int
		wantAllow  string
		wantBody   map[string]any
	}
	tests := []tc{
		{
			name: "GET / describes the service", method: http.MethodGet, path: "/", wantStatus: 200,
			wantBody: map[string]any{"service": "worker", "version": "4.5.6", "environment": "test"},
		},
		{
			name: "GET /healthz is ok", method: http.MethodGet, path: "/healthz", wantStatus: 200,
			wantBody: map[string]any{"status": "ok"},
		},
		{
			name: "GET /readyz is ready", method: http.MethodGet, path: "/readyz", wantStatus: 200,
			wantBody: map[string]any{"status": "ready"},
		},
		{
			name: "GET /work does work", method: http.MethodGet, path: "/work", wantStatus: 200,
			wantBody: map[string]any{"service": "worker", "rounds": float64(defaultRounds)},
		},
		{
			name: "POST /work does work", method: http.MethodPost, path: "/work", wantStatus: 200,
			wantBody: map[string]any{"service": "worker", "rounds": float64(defaultRounds)},
		},
		{
			name: "unknown path is a JSON 404", method: http.MethodGet, path: "/admin", wantStatus: 404,
			wantBody: map[string]any{"error": "not found"},
		},
	}
	others := []string{
		http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead,
		http.MethodOptions,
	}
	for _, path := range []string{"/", "/healthz", "/readyz"} {
		for _, m := range others {
			tests = append(tests, tc{
				name: m + " " + path + " is a 405", method: m, path: path, wantStatus: 405,
				wantAllow: "GET",
			})
		}
	}
	for _, m := range others[1:] { // every method except POST
		tests = append(tests, tc{
			name: m + " /work is a 405", method: m, path: "/work", wantStatus: 405,
			wantAllow: "GET, POST",
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := w.serve(tt.method, tt.path, nil)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if got := rec.Header().Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tt.wantAllow)
			}
			if tt.wantStatus == 405 && tt.method != http.MethodHead {
				if got := decode(t, rec.Body.String()); got["error"] != "method not allowed" {
					t.Errorf("body = %s, want a JSON 405 error", rec.Body)
				}
			}
			got := map[string]any{}
			if tt.wantBody != nil {
				got = decode(t, rec.Body.String())
			}
			for k, v := range tt.wantBody {
				if got[k] != v {
					t.Errorf("%s = %v, want %v (body %s)", k, got[k], v, rec.Body)
				}
			}
		})
	}
}

func TestWorkRounds(t *testing.T) {
	t.Parallel()
	w := newTestWorker()
	tests := []struct {
		name       string
		query      string
		wantStatus int
		wantRounds int
	}{
		{name: "default rounds without parameter", query: "", wantStatus: 200, wantRounds: defaultRounds},
		{name: "one round accepted", query: "?rounds=1", wantStatus: 200, wantRounds: 1},
		{name: "two rounds accepted", query: "?rounds=2", wantStatus: 200, wantRounds: 2},
		{name: "maximum accepted", query: "?rounds=100000", wantStatus: 200, wantRounds: 100000},
		{name: "other parameters ignored", query: "?x=1&rounds=7", wantStatus: 200, wantRounds: 7},
		{name: "zero rejected", query: "?rounds=0", wantStatus: 400},
		{name: "negative rejected", query: "?rounds=-5", wantStatus: 400},
		{name: "above maximum rejected", query: "?rounds=100001", wantStatus: 400},
		{name: "huge number rejected", query: "?rounds=99999999999999999999", wantStatus: 400},
		{name: "non-number rejected", query: "?rounds=many", wantStatus: 400},
		{name: "fraction rejected", query: "?rounds=1.5", wantStatus: 400},
		{name: "empty value rejected", query: "?rounds=", wantStatus: 400},
		{name: "repeated parameter rejected", query: "?rounds=1&rounds=2", wantStatus: 400},
		{name: "malformed query rejected", query: "?rounds=%zz", wantStatus: 400},
	}
	for _, tt := range tests {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(method+" "+tt.name, func(t *testing.T) {
				t.Parallel()
				rec := w.serve(method, "/work"+tt.query, http.Header{"traceparent": {incomingHeader}})
				if rec.Code != tt.wantStatus {
					t.Fatalf("status = %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
				}
				body := decode(t, rec.Body.String())
				if tt.wantStatus == 400 {
					if msg, _ := body["error"].(string); !strings.Contains(msg, "rounds") {
						t.Errorf("error = %v, want it to explain rounds", body["error"])
					}
					return
				}
				if body["rounds"] != float64(tt.wantRounds) {
					t.Errorf("rounds = %v, want %d", body["rounds"], tt.wantRounds)
				}
				if body["digest"] != expectedDigest(tt.wantRounds) {
					t.Errorf("digest = %v, want %s", body["digest"], expectedDigest(tt.wantRounds))
				}
				if body["trace_id"] != incomingTraceID {
					t.Errorf("trace_id = %v, want %s", body["trace_id"], incomingTraceID)
				}
				if d, ok := body["duration_ms"].(float64); !ok || d < 0 {
					t.Errorf("duration_ms = %v, want a non-negative number", body["duration_ms"])
				}
				if body["service"] != "worker" || len(body) != 5 {
					t.Errorf("body = %v, want exactly service, rounds, digest, trace_id, duration_ms", body)
				}
			})
		}
	}
}

func TestChainDiffersPerRound(t *testing.T) {
	t.Parallel()
	if again := chain(2); chain(1) == again || chain(2) != again {
		t.Errorf("chain(1)=%s chain(2)=%s: want different and deterministic", chain(1), chain(2))
	}
}

func TestWorkTraceID(t *testing.T) {
	t.Parallel()
	w := newTestWorker()
	tests := []struct {
		name      string
		header    http.Header
		wantSame  bool
		wantValid bool
	}{
		{name: "incoming trace id reported", header: http.Header{"traceparent": {incomingHeader}}, wantSame: true},
		{name: "missing traceparent gets a new trace id", header: http.Header{}},
		{
			name:   "invalid traceparent gets a new trace id",
			header: http.Header{"traceparent": {strings.ToUpper(incomingHeader)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := w.serve(http.MethodGet, "/work?rounds=1", tt.header)
			id, _ := decode(t, rec.Body.String())["trace_id"].(string)
			if !traceIDFormat.MatchString(id) || id == strings.Repeat("0", 32) {
				t.Fatalf("trace_id = %q, want 32 lower-case hex digits, not all zero", id)
			}
			if (id == incomingTraceID) != tt.wantSame {
				t.Errorf("trace_id = %s; same as incoming wanted: %v", id, tt.wantSame)
			}
			if !strings.Contains(w.logs.String(), `"trace_id":"`+id+`"`) {
				t.Errorf("request log lacks trace id %s", id)
			}
		})
	}
}

func TestReadinessFlipsOnShutdown(t *testing.T) {
	t.Parallel()
	w := newTestWorker()
	if rec := w.serve(http.MethodGet, "/readyz", nil); rec.Code != 200 {
		t.Fatalf("readyz before shutdown = %d", rec.Code)
	}
	w.lc.BeginShutdown()
	rec := w.serve(http.MethodGet, "/readyz", nil)
	if rec.Code != 503 || strings.TrimSpace(rec.Body.String()) != `{"status":"shutting down"}` {
		t.Errorf("readyz after shutdown = %d %s, want 503 shutting down", rec.Code, rec.Body)
	}
	if rec := w.serve(http.MethodGet, "/healthz", nil); rec.Code != 200 {
		t.Errorf("healthz while shutting down = %d, want 200 (process still serves)", rec.Code)
	}
}

func TestRunFailsFastOnBadSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		unset    string
		set      [2]string
		wantName string
	}{
		{name: "missing PORT named", unset: "PORT", wantName: "PORT"},
		{name: "missing ENVIRONMENT named", unset: "ENVIRONMENT", wantName: "ENVIRONMENT"},
		{name: "bad PORT named", set: [2]string{"PORT", "-1"}, wantName: "PORT"},
		{name: "bad SHUTDOWN_TIMEOUT named", set: [2]string{"SHUTDOWN_TIMEOUT", "later"}, wantName: "SHUTDOWN_TIMEOUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := validEnv()
			delete(env, tt.unset)
			if tt.set[0] != "" {
				env[tt.set[0]] = tt.set[1]
			}
			listened := false
			err := run(context.Background(), func(k string) string { return env[k] }, &platformtest.Buffer{},
				func(context.Context, string) (net.Listener, error) {
					listened = true
					return nil, errors.New("must not listen")
				})
			if err == nil || !strings.Contains(err.Error(), tt.wantName) {
				t.Fatalf("run = %v, want an error naming %s", err, tt.wantName)
			}
			if listened {
				t.Error("run listened despite bad settings")
			}
		})
	}
}

func TestBuildVersionDefault(t *testing.T) {
	t.Parallel()
	if version != "dev" {
		t.Errorf("version = %q, want dev unless set with -ldflags -X", version)
	}
}

func TestRunServesAndShutsDownGracefully(t *testing.T) {
	t.Parallel()
	const timeout = 3 * time.Second
	const drain = 300 * time.Millisecond
	env := validEnv()
	env["SHUTDOWN_TIMEOUT"] = timeout.String()
	env["SHUTDOWN_DRAIN_DELAY"] = drain.String()
	var stdout platformtest.Buffer
	listen, requested, actual := platformtest.LoopbackListen()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, func(k string) string { return env[k] }, &stdout, listen) }()
	if addr := platformtest.Receive(t, requested, "listen"); addr != ":8080" {
		t.Errorf("run listened on %q, want :8080 from PORT", addr)
	}
	base := "http://" + platformtest.Receive(t, actual, "listener")
	client := platformtest.Client()

	resp, err := platformtest.Do(client, http.MethodPost, base+"/work?rounds=100000",
		http.Header{"traceparent": {incomingHeader}})
	if err != nil || resp.Status != 200 || !strings.Contains(resp.Body, incomingTraceID) {
		t.Fatalf("POST /work = %+v, %v; want 200 with the incoming trace id", resp, err)
	}

	// The worker's handler has no blocking point, so in-flight completion is proven by the
	// platform and api tests; here the drain window is checked: once shutdown begins, readiness
	// fails at once while real requests are still served until the drain delay has passed.
	shutdownStart := time.Now()
	cancel()
	ready, err := platformtest.Do(client, http.MethodGet, base+"/readyz", nil)
	if err != nil || ready.Status != 503 || strings.TrimSpace(ready.Body) != `{"status":"shutting down"}` {
		t.Fatalf("readyz during drain = %+v, %v; want 503 shutting down", ready, err)
	}
	during, err := platformtest.Do(client, http.MethodGet, base+"/work?rounds=10",
		http.Header{"traceparent": {incomingHeader}})
	if err != nil || during.Status != 200 || !strings.Contains(during.Body, incomingTraceID) {
		t.Fatalf("/work during drain = %+v, %v; want 200", during, err)
	}
	if time.Since(shutdownStart) >= drain {
		t.Fatalf("the drain checks took longer than the %v drain delay; the test proves nothing", drain)
	}
	select {
	case err := <-done:
		t.Fatalf("run returned %v before the drain delay ended", err)
	default:
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run = %v, want nil", err)
		}
	case <-time.After(timeout):
		t.Fatal("run did not return within the shutdown timeout")
	}
	if elapsed := time.Since(shutdownStart); elapsed < drain || elapsed > timeout {
		t.Errorf("shutdown took %v, want between the drain delay %v and the timeout %v", elapsed, drain, timeout)
	}
	for _, r := range platformtest.LogRecords(t, stdout.String()) {
		if r["service"] != "worker" || r["version"] != "4.5.6" || r["environment"] != "test" {
			t.Errorf("record %v lacks the service attributes", r)
		}
	}
}
