package main

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/secure-aca/secure-aca/services/internal/platform"
	"github.com/secure-aca/secure-aca/services/internal/platformtest"
)

var traceParentFormat = regexp.MustCompile(`^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$`)

func TestRoutesAndMethods(t *testing.T) {
	t.Parallel()
	worker := newFakeWorker(t, nil)
	api := newTestAPI(t, with(baseEnv(worker.URL), "GATEWAY_SECRET", gatewaySecretText))
	authorized := http.Header{headerGatewaySecret: {gatewaySecretText}}
	// Cleanup runs after the parallel subtests have finished.
	t.Cleanup(func() {
		if n := len(worker.Calls()); n != 1 {
			t.Errorf("worker called %d times, want once (only GET /work)", n)
		}
	})
	otherMethods := []string{
		http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead, http.MethodOptions,
	}
	type tc struct {
		name       string
		method     string
		path       string
		wantStatus int
		wantBody   map[string]any
	}
	tests := []tc{
		{
			name: "GET / describes the service", method: http.MethodGet, path: "/", wantStatus: 200,
			wantBody: map[string]any{"service": "api", "version": "1.2.3", "environment": "test"},
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
			name: "GET /work calls the worker", method: http.MethodGet, path: "/work", wantStatus: 200,
			wantBody: map[string]any{"service": "api"},
		},
		{
			name: "unknown path is a JSON 404", method: http.MethodGet, path: "/nope", wantStatus: 404,
			wantBody: map[string]any{"error": "not found"},
		},
		{
			name: "sub-path of a route is a JSON 404", method: http.MethodGet, path: "/work/extra", wantStatus: 404,
			wantBody: map[string]any{"error": "not found"},
		},
	}
	for _, path := range []string{"/", "/healthz", "/readyz", "/work"} {
		for _, m := range otherMethods {
			want := map[string]any{"error": "method not allowed"}
			if m == http.MethodHead {
				want = nil
			}
			tests = append(tests, tc{
				name: m + " " + path + " is a 405", method: m, path: path, wantStatus: 405, wantBody: want,
			})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := api.serve(tt.method, tt.path, authorized)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if rec.Code == 405 && rec.Header().Get("Allow") != "GET" {
				t.Errorf("Allow = %q, want GET", rec.Header().Get("Allow"))
			}
			if tt.wantBody == nil {
				return
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			got := decode(t, rec.Body.String())
			for k, v := range tt.wantBody {
				if got[k] != v {
					t.Errorf("%s = %v, want %v (body %s)", k, got[k], v, rec.Body)
				}
			}
			assertNoSecrets(t, rec.Body.String())
		})
	}
}

func TestReadiness(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		env          []string
		shuttingDown bool
		wantStatus   int
		wantBody     string
	}{
		{
			name: "both secrets present is ready", wantStatus: 200,
			wantBody: `{"status":"ready","checks":{"API_KEY":"present","DATABASE_CONNECTION":"present"}}`,
		},
		{
			name: "missing database connection is not ready", env: []string{"DATABASE_CONNECTION", ""}, wantStatus: 503,
			wantBody: `{"status":"not ready","checks":{"API_KEY":"present","DATABASE_CONNECTION":"missing"}}`,
		},
		{
			name: "missing API key is not ready", env: []string{"API_KEY", ""}, wantStatus: 503,
			wantBody: `{"status":"not ready","checks":{"API_KEY":"missing","DATABASE_CONNECTION":"present"}}`,
		},
		{
			name: "blank secrets count as missing", env: []string{"API_KEY", "  ", "DATABASE_CONNECTION", "\t"},
			wantStatus: 503,
			wantBody:   `{"status":"not ready","checks":{"API_KEY":"missing","DATABASE_CONNECTION":"missing"}}`,
		},
		{
			name: "shutting down is not ready even with secrets", shuttingDown: true, wantStatus: 503,
			wantBody: `{"status":"shutting down"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := newTestAPI(t, with(baseEnv("http://127.0.0.1:1"), tt.env...))
			if tt.shuttingDown {
				api.lc.BeginShutdown()
			}
			rec := api.serve(http.MethodGet, "/readyz", nil)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := strings.TrimSpace(rec.Body.String()); got != tt.wantBody {
				t.Errorf("body = %s, want %s", got, tt.wantBody)
			}
			assertNoSecrets(t, rec.Body.String(), api.logs.String())
		})
	}
}

func TestGatewaySecret(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		secretSet  bool
		path       string
		header     []string
		wantStatus int
	}{
		{name: "missing header rejected", secretSet: true, path: "/", wantStatus: 403},
		{name: "wrong header rejected", secretSet: true, path: "/", header: []string{"wrong"}, wantStatus: 403},
		{
			name: "secret prefix rejected", secretSet: true, path: "/",
			header: []string{gatewaySecretText[:5]}, wantStatus: 403,
		},
		{name: "empty header rejected", secretSet: true, path: "/", header: []string{""}, wantStatus: 403},
		{
			name: "repeated header rejected even if one is right", secretSet: true, path: "/",
			header: []string{gatewaySecretText, "wrong"}, wantStatus: 403,
		},
		{
			name: "right header accepted", secretSet: true, path: "/",
			header: []string{gatewaySecretText}, wantStatus: 200,
		},
		{name: "work without header rejected", secretSet: true, path: "/work", wantStatus: 403},
		{name: "unknown path without header rejected, not 404", secretSet: true, path: "/nope", wantStatus: 403},
		{
			name: "unknown path with header is 404", secretSet: true, path: "/nope", header: []string{gatewaySecretText},
			wantStatus: 404,
		},
		{name: "liveness probe exempt", secretSet: true, path: "/healthz", wantStatus: 200},
		{name: "readiness probe exempt", secretSet: true, path: "/readyz", wantStatus: 200},
		{name: "no secret configured lets requests through", path: "/", wantStatus: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			worker := newFakeWorker(t, nil)
			env := baseEnv(worker.URL)
			if tt.secretSet {
				env = with(env, "GATEWAY_SECRET", gatewaySecretText)
			}
			api := newTestAPI(t, env)
			header := http.Header{}
			for _, v := range tt.header {
				header.Add(headerGatewaySecret, v)
			}
			rec := api.serve(http.MethodGet, tt.path, header)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if tt.wantStatus == 403 {
				if got := decode(t, rec.Body.String()); got["error"] != "forbidden" {
					t.Errorf("body = %s, want a JSON forbidden error", rec.Body)
				}
				if n := len(worker.Calls()); n != 0 {
					t.Errorf("a rejected request reached the worker %d times", n)
				}
			}
			assertNoSecrets(t, rec.Body.String(), api.logs.String())
		})
	}
}

func TestGatewaySecretNotForwardedToWorker(t *testing.T) {
	t.Parallel()
	worker := newFakeWorker(t, nil)
	api := newTestAPI(t, with(baseEnv(worker.URL), "GATEWAY_SECRET", gatewaySecretText))
	rec := api.serve(http.MethodGet, "/work", http.Header{headerGatewaySecret: {gatewaySecretText}})
	if rec.Code != 200 {
		t.Fatalf("status = %d", rec.Code)
	}
	calls := worker.Calls()
	if len(calls) != 1 || calls[0].gateway != "" {
		t.Errorf("worker calls = %+v, want one without the gateway secret", calls)
	}
}

func TestWorkPropagatesTraceContext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		traceparent    []string
		tracestate     []string
		wantSameTrace  bool
		wantTracestate []string
	}{
		{
			name: "valid traceparent continues the trace with tracestate", traceparent: []string{incomingHeader},
			tracestate: []string{"congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"}, wantSameTrace: true,
			wantTracestate: []string{"congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"},
		},
		{
			name: "valid traceparent without tracestate sends none", traceparent: []string{incomingHeader},
			wantSameTrace: true,
		},
		{
			name:        "invalid traceparent starts a new trace and drops tracestate",
			traceparent: []string{"00-" + strings.Repeat("0", 32) + "-" + incomingParentID + "-01"},
			tracestate:  []string{"congo=t61rcWkgMzE"},
		},
		{name: "missing traceparent starts a new trace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			worker := newFakeWorker(t, nil)
			api := newTestAPI(t, baseEnv(worker.URL+"/"))
			header := http.Header{}
			for _, v := range tt.traceparent {
				header.Add("traceparent", v)
			}
			for _, v := range tt.tracestate {
				header.Add("tracestate", v)
			}
			rec := api.serve(http.MethodGet, "/work", header)
			if rec.Code != 200 {
				t.Fatalf("status = %d, body %s", rec.Code, rec.Body)
			}
			calls := worker.Calls()
			if len(calls) != 1 {
				t.Fatalf("worker got %d calls, want 1", len(calls))
			}
			call := calls[0]
			if call.method != http.MethodGet || call.path != "/work" {
				t.Errorf("worker got %s %s, want GET /work", call.method, call.path)
			}
			if len(call.traceparent) != 1 || !traceParentFormat.MatchString(call.traceparent[0]) {
				t.Fatalf("worker traceparent = %q, want one valid version 00 header", call.traceparent)
			}
			sent, err := platform.ParseTraceParent(call.traceparent[0])
			if err != nil {
				t.Fatalf("worker traceparent %q does not parse: %v", call.traceparent[0], err)
			}
			if strings.Join(call.tracestate, ",") != strings.Join(tt.wantTracestate, ",") {
				t.Errorf("worker tracestate = %q, want %q", call.tracestate, tt.wantTracestate)
			}
			if sent.ParentIDHex() == incomingParentID {
				t.Errorf("worker got the caller's parent id %s, want a fresh span id", incomingParentID)
			}
			if tt.wantSameTrace != (sent.TraceIDHex() == incomingTraceID) {
				t.Errorf("worker trace id %s; same as incoming %s wanted: %v", sent.TraceIDHex(), incomingTraceID,
					tt.wantSameTrace)
			}
			body := decode(t, rec.Body.String())
			if body["trace_id"] != sent.TraceIDHex() {
				t.Errorf("api trace_id = %v, want the one sent to the worker %s", body["trace_id"], sent.TraceIDHex())
			}
			embedded, ok := body["worker"].(map[string]any)
			if !ok || embedded["service"] != "worker" || embedded["trace_id"] != sent.TraceIDHex() {
				t.Errorf("embedded worker response = %v, want the worker's JSON with the same trace id", body["worker"])
			}
			var logged bool
			for _, r := range platformtest.LogRecords(t, api.logs.String()) {
				if r["msg"] == "request" && r["path"] == "/work" && r["trace_id"] == sent.TraceIDHex() {
					logged = true
				}
			}
			if !logged {
				t.Errorf("no request log with the trace id: %s", api.logs.String())
			}
		})
	}
}

func TestWorkSpanIDsFreshPerCall(t *testing.T) {
	t.Parallel()
	worker := newFakeWorker(t, nil)
	api := newTestAPI(t, baseEnv(worker.URL))
	for range 2 {
		if rec := api.serve(http.MethodGet, "/work", http.Header{"traceparent": {incomingHeader}}); rec.Code != 200 {
			t.Fatalf("status = %d", rec.Code)
		}
	}
	calls := worker.Calls()
	if len(calls) != 2 || calls[0].traceparent[0] == calls[1].traceparent[0] {
		t.Errorf("two calls sent traceparents %v, want different span ids", calls)
	}
}

func TestWorkFailures(t *testing.T) {
	t.Parallel()
	const leak = "internal detail: password=hunter2 at 10.0.0.5"
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	tests := []struct {
		name    string
		respond http.HandlerFunc
		closed  bool
	}{
		{name: "worker error status becomes 502", respond: func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, leak, http.StatusInternalServerError)
		}},
		{name: "worker not-found becomes 502", respond: func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, leak, http.StatusNotFound)
		}},
		{name: "non-JSON answer becomes 502", respond: func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(leak))
		}},
		{name: "oversized answer becomes 502", respond: func(w http.ResponseWriter, _ *http.Request) {
			// Still valid JSON when cut at the limit, so only the size check can reject it.
			_, _ = w.Write([]byte("{}" + strings.Repeat(" ", maxWorkerResponse)))
		}},
		{name: "redirect is not followed and becomes 502", respond: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		}},
		{name: "timeout becomes 502", respond: func(_ http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-block:
			}
		}},
		{name: "unreachable worker becomes 502", closed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			worker := newFakeWorker(t, tt.respond)
			if tt.closed {
				worker.Close()
			}
			api := newTestAPI(t, with(baseEnv(worker.URL), "WORKER_TIMEOUT", "200ms"))
			start := time.Now()
			rec := api.serve(http.MethodGet, "/work", http.Header{"traceparent": {incomingHeader}})
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("request took %v, the worker timeout is 200ms", elapsed)
			}
			if rec.Code != http.StatusBadGateway {
				t.Fatalf("status = %d, want 502; body %s", rec.Code, rec.Body)
			}
			body := decode(t, rec.Body.String())
			if body["error"] != "worker unavailable" || body["trace_id"] != incomingTraceID || len(body) != 2 {
				t.Errorf("body = %s, want only the generic error and the trace id", rec.Body)
			}
			for _, detail := range []string{leak, "hunter2", "127.0.0.1", "elsewhere", "status"} {
				if strings.Contains(rec.Body.String(), detail) {
					t.Errorf("502 body leaks %q: %s", detail, rec.Body)
				}
			}
			if !strings.Contains(api.logs.String(), `"msg":"worker call failed"`) {
				t.Errorf("failure not logged: %s", api.logs.String())
			}
			if strings.Contains(tt.name, "redirect") {
				for _, c := range worker.Calls() {
					if c.path == "/elsewhere" {
						t.Error("the redirect was followed")
					}
				}
			}
		})
	}
}

// The subtests share the fake sidecar and worker, so they run one after another.
//
//nolint:tparallel // see above
func TestWorkThroughDaprSidecar(t *testing.T) {
	t.Parallel()
	sidecar := newFakeWorker(t, nil)
	direct := newFakeWorker(t, nil)
	_, port, ok := strings.Cut(strings.TrimPrefix(sidecar.URL, "http://"), ":")
	if !ok {
		t.Fatalf("cannot find the port in %s", sidecar.URL)
	}
	if _, err := strconv.Atoi(port); err != nil {
		t.Fatalf("port %q: %v", port, err)
	}
	tests := []struct {
		name       string
		env        map[string]string
		wantDapr   bool
		wantAppID  string
		wantDirect bool
	}{
		{
			name: "both Dapr settings route through the sidecar",
			env:  with(baseEnv(""), "DAPR_HTTP_PORT", port, "WORKER_APP_ID", "worker"), wantDapr: true,
			wantAppID: "worker",
		},
		{
			name: "Dapr wins over WORKER_URL when both are configured",
			env:  with(baseEnv(direct.URL), "DAPR_HTTP_PORT", port, "WORKER_APP_ID", "worker-b"), wantDapr: true,
			wantAppID: "worker-b",
		},
		{
			name:       "DAPR_HTTP_PORT alone keeps the direct URL",
			env:        with(baseEnv(direct.URL), "DAPR_HTTP_PORT", port),
			wantDirect: true,
		},
	}
	// The subtests share the fakes, so they run one after another.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, beforeDirect := len(sidecar.Calls()), len(direct.Calls())
			api := newTestAPI(t, tt.env)
			header := http.Header{"traceparent": {incomingHeader}, "tracestate": {"a=1"}}
			rec := api.serve(http.MethodGet, "/work", header)
			if rec.Code != 200 {
				t.Fatalf("status = %d, body %s", rec.Code, rec.Body)
			}
			sidecarCalls, directCalls := sidecar.Calls()[before:], direct.Calls()[beforeDirect:]
			if tt.wantDapr {
				if len(sidecarCalls) != 1 || len(directCalls) != 0 {
					t.Fatalf("sidecar got %d calls, direct %d; want 1 and 0", len(sidecarCalls), len(directCalls))
				}
				c := sidecarCalls[0]
				want := "/v1.0/invoke/" + tt.wantAppID + "/method/work"
				if c.path != want || c.method != http.MethodGet {
					t.Errorf("sidecar got %s %s, want GET %s", c.method, c.path, want)
				}
				tp, err := platform.ParseTraceParent(strings.Join(c.traceparent, ""))
				if err != nil || tp.TraceIDHex() != incomingTraceID || tp.ParentIDHex() == incomingParentID {
					t.Errorf("sidecar traceparent %q, want a child of the incoming trace", c.traceparent)
				}
				if strings.Join(c.tracestate, ",") != "a=1" {
					t.Errorf("sidecar tracestate = %q, want a=1", c.tracestate)
				}
			}
			if tt.wantDirect && (len(directCalls) != 1 || len(sidecarCalls) != 0) {
				t.Errorf("direct got %d calls, sidecar %d; want 1 and 0", len(directCalls), len(sidecarCalls))
			}
		})
	}
}
