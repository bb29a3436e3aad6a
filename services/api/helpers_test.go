package main

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/secure-aca/secure-aca/services/internal/platform"
	"github.com/secure-aca/secure-aca/services/internal/platformtest"
)

// Distinctive secret values; no response or log line may contain any of them.
const (
	dbSecret          = "Server=db.test;Database=app;Marker=fake-db-conn-9f3kQ"
	apiKeySecret      = "api-key-7Hq2xV"
	gatewaySecretText = "gw-secret-Zx81pL"
	appInsightsSecret = "InstrumentationKey=ai-key-55e1Rt"
)

var secretValues = []string{dbSecret, apiKeySecret, gatewaySecretText, appInsightsSecret}

const (
	incomingTraceID  = "4bf92f3577b34da6a3ce929d0e0e4736"
	incomingParentID = "00f067aa0ba902b7"
	incomingHeader   = "00-" + incomingTraceID + "-" + incomingParentID + "-01"
)

// baseEnv is a complete, valid api environment calling workerURL directly.
func baseEnv(workerURL string) map[string]string {
	return map[string]string{
		"PORT":                                  "8080",
		"ENVIRONMENT":                           "test",
		"SERVICE_VERSION":                       "1.2.3",
		"WORKER_URL":                            workerURL,
		"DATABASE_CONNECTION":                   dbSecret,
		"API_KEY":                               apiKeySecret,
		"APPLICATIONINSIGHTS_CONNECTION_STRING": appInsightsSecret,
	}
}

// with returns a copy of env with the given key/value pairs set; an empty value unsets the key.
func with(env map[string]string, kv ...string) map[string]string {
	out := maps.Clone(env)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
			continue
		}
		out[kv[i]] = kv[i+1]
	}
	return out
}

func getenv(env map[string]string) func(string) string {
	return func(k string) string { return env[k] }
}

// testAPI is an api handler built from an environment, with its logs captured.
type testAPI struct {
	handler http.Handler
	lc      *platform.Lifecycle
	logs    *platformtest.Buffer
}

func newTestAPI(t *testing.T, env map[string]string) *testAPI {
	t.Helper()
	cfg, err := loadConfig(getenv(env), "")
	if err != nil {
		t.Fatalf("loadConfig: %v", err)
	}
	logs := &platformtest.Buffer{}
	lc := &platform.Lifecycle{}
	h := newHandler(cfg, platform.NewLogger(logs, cfg.common.Info), lc, newWorkerClient(cfg.worker))
	return &testAPI{handler: h, lc: lc, logs: logs}
}

// serve sends one request through the handler.
func (a *testAPI) serve(method, path string, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	for k, vs := range header {
		for _, v := range vs {
			r.Header.Add(k, v)
		}
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, r)
	return rec
}

// workerCall is what the fake worker saw.
type workerCall struct {
	method      string
	path        string
	traceparent []string
	tracestate  []string
	gateway     string
}

// fakeWorker is a loopback httptest server standing in for the worker (or a Dapr sidecar).
type fakeWorker struct {
	*httptest.Server
	mu    sync.Mutex
	calls []workerCall
}

// newFakeWorker starts a fake whose responses come from respond; nil answers like the worker,
// echoing the trace id of the traceparent it received.
func newFakeWorker(t *testing.T, respond http.HandlerFunc) *fakeWorker {
	t.Helper()
	f := &fakeWorker{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.calls = append(f.calls, workerCall{
			method:      r.Method,
			path:        r.URL.Path,
			traceparent: r.Header.Values("traceparent"),
			tracestate:  r.Header.Values("tracestate"),
			gateway:     r.Header.Get(headerGatewaySecret),
		})
		f.mu.Unlock()
		if respond != nil {
			respond(w, r)
			return
		}
		traceID := ""
		if tp, err := platform.ParseTraceParent(r.Header.Get("traceparent")); err == nil {
			traceID = tp.TraceIDHex()
		}
		platform.WriteJSON(w, http.StatusOK, map[string]any{"service": "worker", "trace_id": traceID, "rounds": 1})
	}))
	t.Cleanup(f.Close)
	return f
}

// Calls returns a copy of the calls seen so far.
func (f *fakeWorker) Calls() []workerCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]workerCall(nil), f.calls...)
}

// decode parses a JSON object body, failing the test otherwise.
func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", body, err)
	}
	return m
}

// assertNoSecrets fails if any secret value appears in any of texts.
func assertNoSecrets(t *testing.T, texts ...string) {
	t.Helper()
	for _, text := range texts {
		for _, s := range secretValues {
			if strings.Contains(text, s) {
				t.Errorf("secret value %q leaked into %q", s, text)
			}
		}
	}
}
