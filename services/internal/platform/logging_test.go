package platform

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/secure-aca/secure-aca/services/internal/platformtest"
)

func TestNewLoggerAddsServiceAttributes(t *testing.T) {
	t.Parallel()
	var buf platformtest.Buffer
	NewLogger(&buf, Info{Service: "svc", Version: "1.0.0", Environment: "prod"}).Info("hello")
	recs := platformtest.LogRecords(t, buf.String())
	if len(recs) != 1 {
		t.Fatalf("got %d records, want 1", len(recs))
	}
	want := map[string]string{
		"msg": "hello", "level": "INFO", "service": "svc", "version": "1.0.0", "environment": "prod",
	}
	for k, v := range want {
		if recs[0][k] != v {
			t.Errorf("%s = %v, want %q", k, recs[0][k], v)
		}
	}
	if _, ok := recs[0]["time"]; !ok {
		t.Error("record has no time")
	}
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	var buf platformtest.Buffer
	logger := NewLogger(&buf, Info{Service: "svc"})
	h := Instrument(logger, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/boom":
			panic("secret-laden panic value " + secretText)
		case "/implicit":
			_, _ = w.Write([]byte("no explicit status"))
		default:
			WriteJSON(w, http.StatusCreated, map[string]string{"ok": "yes"})
		}
	}), "/healthz")

	r := httptest.NewRequest(http.MethodPost, "/things?token="+secretText, strings.NewReader("body "+secretText))
	r.Header.Set("Authorization", "Bearer "+secretText)
	r.Header.Set(HeaderTraceParent, validHeader)
	h.ServeHTTP(httptest.NewRecorder(), r)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("panic answered %d, want 500", rec.Code)
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/implicit", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))

	out := buf.String()
	if strings.Contains(out, secretText) {
		t.Fatalf("logs contain a header, query, body or panic value: %s", out)
	}
	recs := platformtest.LogRecords(t, out)
	var requests []map[string]any
	panicked := false
	for _, m := range recs {
		switch m["msg"] {
		case "request":
			requests = append(requests, m)
		case "handler panicked":
			panicked = true
		}
	}
	if !panicked {
		t.Error("no 'handler panicked' record")
	}
	// The /healthz record is at debug level and so not written at the default info level.
	if len(requests) != 3 {
		t.Fatalf("got %d request records, want 3 (quiet path at debug): %v", len(requests), requests)
	}
	first := requests[0]
	wantFirst := map[string]any{
		"method": "POST", "path": "/things", "status": float64(201), "trace_id": validTraceID, "level": "INFO",
	}
	for k, v := range wantFirst {
		if first[k] != v {
			t.Errorf("first record %s = %v, want %v", k, first[k], v)
		}
	}
	if d, ok := first["duration_ms"].(float64); !ok || d < 0 {
		t.Errorf("duration_ms = %v, want a non-negative number", first["duration_ms"])
	}
	if requests[1]["status"] != float64(500) || requests[1]["level"] != "ERROR" {
		t.Errorf("panic record = %v, want status 500 at ERROR", requests[1])
	}
	if requests[2]["status"] != float64(200) || requests[2]["path"] != "/implicit" {
		t.Errorf("implicit-status record = %v, want status 200", requests[2])
	}
	for _, m := range requests {
		if id, _ := m["trace_id"].(string); len(id) != 32 {
			t.Errorf("record %v lacks a trace id", m)
		}
		for _, k := range []string{"Authorization", "authorization", "headers", "body", "query"} {
			if _, ok := m[k]; ok {
				t.Errorf("record has field %q", k)
			}
		}
	}
}

func TestFailingProbeIsAWarningNotAnError(t *testing.T) {
	t.Parallel()
	var buf platformtest.Buffer
	var lc Lifecycle
	lc.BeginShutdown()
	h := RequestLog(NewLogger(&buf, Info{Service: "svc"}), ReadinessHandler(&lc), "/readyz")

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("readiness while draining answered %d, want 503", rec.Code)
	}
	recs := platformtest.LogRecords(t, buf.String())
	if len(recs) != 1 || recs[0]["level"] != "WARN" || recs[0]["status"] != float64(503) {
		t.Errorf("records = %v, want one WARN record with status 503", recs)
	}
}

func TestRecoverRepanicsAbortHandler(t *testing.T) {
	t.Parallel()
	var buf platformtest.Buffer
	h := Recover(NewLogger(&buf, Info{}), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	defer func() {
		if err, ok := recover().(error); !ok || !errors.Is(err, http.ErrAbortHandler) {
			t.Errorf("recovered %v, want http.ErrAbortHandler", err)
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
}
