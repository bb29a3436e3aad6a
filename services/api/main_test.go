package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/secure-aca/secure-aca/services/internal/platform"
	"github.com/secure-aca/secure-aca/services/internal/platformtest"
)

func TestRunFailsFastOnBadSettings(t *testing.T) {
	t.Parallel()
	valid := baseEnv("https://worker.internal.example.test")
	workerURL := func(v string) []string { return []string{"WORKER_URL", v} }
	tests := []struct {
		name     string
		set      []string // key/value pairs applied to the valid environment; "" unsets
		wantName string
	}{
		{name: "missing PORT named", set: []string{"PORT", ""}, wantName: "PORT"},
		{name: "missing ENVIRONMENT named", set: []string{"ENVIRONMENT", ""}, wantName: "ENVIRONMENT"},
		{name: "missing WORKER_URL named", set: workerURL(""), wantName: "WORKER_URL"},
		{
			name:     "WORKER_URL still required with only DAPR_HTTP_PORT",
			set:      []string{"WORKER_URL", "", "DAPR_HTTP_PORT", "3500"},
			wantName: "WORKER_URL",
		},
		{
			name:     "WORKER_URL still required with only WORKER_APP_ID",
			set:      []string{"WORKER_URL", "", "WORKER_APP_ID", "worker"},
			wantName: "WORKER_URL",
		},
		{name: "PORT zero rejected", set: []string{"PORT", "0"}, wantName: "PORT"},
		{name: "PORT too large rejected", set: []string{"PORT", "70000"}, wantName: "PORT"},
		{name: "PORT non-numeric rejected", set: []string{"PORT", "eighty"}, wantName: "PORT"},
		{name: "worker URL without scheme rejected", set: workerURL("worker.internal"), wantName: "WORKER_URL"},
		{name: "worker URL with ftp scheme rejected", set: workerURL("ftp://worker"), wantName: "WORKER_URL"},
		{name: "WORKER_URL without host rejected", set: workerURL("https://"), wantName: "WORKER_URL"},
		{
			name:     "WORKER_URL with credentials rejected",
			set:      []string{"WORKER_URL", "https://u:" + apiKeySecret + "@worker"},
			wantName: "WORKER_URL",
		},
		{name: "worker URL with query rejected", set: workerURL("https://worker/?a=1"), wantName: "WORKER_URL"},
		{name: "worker URL with fragment rejected", set: workerURL("https://worker/#f"), wantName: "WORKER_URL"},
		{
			name:     "bad DAPR_HTTP_PORT rejected",
			set:      []string{"DAPR_HTTP_PORT", "x", "WORKER_APP_ID", "worker"},
			wantName: "DAPR_HTTP_PORT",
		},
		{
			name:     "WORKER_APP_ID with a slash rejected",
			set:      []string{"DAPR_HTTP_PORT", "3500", "WORKER_APP_ID", "../x"},
			wantName: "WORKER_APP_ID",
		},
		{name: "zero WORKER_TIMEOUT rejected", set: []string{"WORKER_TIMEOUT", "0s"}, wantName: "WORKER_TIMEOUT"},
		{name: "bad WORKER_TIMEOUT rejected", set: []string{"WORKER_TIMEOUT", "soon"}, wantName: "WORKER_TIMEOUT"},
		{name: "bad SHUTDOWN_TIMEOUT rejected", set: []string{"SHUTDOWN_TIMEOUT", "25"}, wantName: "SHUTDOWN_TIMEOUT"},
		{
			name:     "drain delay not below timeout rejected",
			set:      []string{"SHUTDOWN_TIMEOUT", "1s", "SHUTDOWN_DRAIN_DELAY", "2s"},
			wantName: "SHUTDOWN_DRAIN_DELAY",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout platformtest.Buffer
			listened := false
			listen := func(context.Context, string) (net.Listener, error) {
				listened = true
				return nil, errors.New("must not listen")
			}
			err := run(context.Background(), getenv(with(valid, tt.set...)), &stdout, listen)
			if err == nil {
				t.Fatal("run succeeded, want a settings error")
			}
			var se *platform.SettingsError
			if !errors.As(err, &se) {
				t.Errorf("error %v is not a *platform.SettingsError", err)
			}
			if !strings.Contains(err.Error(), tt.wantName) {
				t.Errorf("error %q does not name %s", err, tt.wantName)
			}
			if listened {
				t.Error("run listened despite bad settings")
			}
			assertNoSecrets(t, err.Error(), stdout.String())
		})
	}
}

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		env          map[string]string
		buildVersion string
		wantEndpoint string
		wantMode     string
		wantVersion  string
		wantTimeout  time.Duration
	}{
		{
			name: "direct URL gets /work appended", env: baseEnv("https://worker.internal.example.test"),
			wantEndpoint: "https://worker.internal.example.test/work", wantMode: modeDirect, wantVersion: "1.2.3",
			wantTimeout: 5 * time.Second,
		},
		{
			name: "base path kept and trailing slash trimmed", env: baseEnv("http://worker:8080/base/"),
			wantEndpoint: "http://worker:8080/base/work", wantMode: modeDirect, wantVersion: "1.2.3",
			wantTimeout: 5 * time.Second,
		},
		{
			name: "Dapr invocation through the loopback sidecar",
			env: with(baseEnv(""), "DAPR_HTTP_PORT", "3500", "WORKER_APP_ID", "worker",
				"WORKER_TIMEOUT", "2s"),
			wantEndpoint: "http://127.0.0.1:3500/v1.0/invoke/worker/method/work", wantMode: modeDapr,
			wantVersion: "1.2.3", wantTimeout: 2 * time.Second,
		},
		{
			name: "build version used without SERVICE_VERSION", env: with(baseEnv("http://w"), "SERVICE_VERSION", ""),
			buildVersion: "9.9.9", wantEndpoint: "http://w/work", wantMode: modeDirect, wantVersion: "9.9.9",
			wantTimeout: 5 * time.Second,
		},
		{
			name: "dev without any version", env: with(baseEnv("http://w"), "SERVICE_VERSION", ""),
			wantEndpoint: "http://w/work", wantMode: modeDirect, wantVersion: "dev", wantTimeout: 5 * time.Second,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := loadConfig(getenv(tt.env), tt.buildVersion)
			if err != nil {
				t.Fatalf("loadConfig: %v", err)
			}
			if cfg.worker.endpoint != tt.wantEndpoint || cfg.worker.mode != tt.wantMode {
				t.Errorf("worker = %s %s, want %s %s", cfg.worker.mode, cfg.worker.endpoint,
					tt.wantMode, tt.wantEndpoint)
			}
			if cfg.worker.timeout != tt.wantTimeout {
				t.Errorf("timeout = %v, want %v", cfg.worker.timeout, tt.wantTimeout)
			}
			if cfg.common.Info.Version != tt.wantVersion {
				t.Errorf("version = %q, want %q", cfg.common.Info.Version, tt.wantVersion)
			}
			if !cfg.databaseConnection.Present() || !cfg.apiKey.Present() || cfg.gatewaySecret.Present() {
				t.Errorf("secret presence wrong: db %v key %v gateway %v", cfg.databaseConnection.Present(),
					cfg.apiKey.Present(), cfg.gatewaySecret.Present())
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
	entered, block := make(chan struct{}, 1), make(chan struct{})
	worker := newFakeWorker(t, func(w http.ResponseWriter, _ *http.Request) {
		entered <- struct{}{}
		<-block
		platform.WriteJSON(w, http.StatusOK, map[string]string{"service": "worker"})
	})
	release := platformtest.Closer(t, block) // registered after the fake, so it runs before its Close
	env := with(baseEnv(worker.URL), "GATEWAY_SECRET", gatewaySecretText,
		"SHUTDOWN_TIMEOUT", timeout.String(), "SHUTDOWN_DRAIN_DELAY", drain.String())
	var stdout platformtest.Buffer
	listen, requested, actual := platformtest.LoopbackListen()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, getenv(env), &stdout, listen) }()

	if addr := platformtest.Receive(t, requested, "listen"); addr != ":8080" {
		t.Errorf("run listened on %q, want :8080 from PORT", addr)
	}
	base := "http://" + platformtest.Receive(t, actual, "listener")
	client := platformtest.Client()
	auth := http.Header{headerGatewaySecret: {gatewaySecretText}}
	var bodies []string

	ready, err := platformtest.Do(client, http.MethodGet, base+"/readyz", nil)
	if err != nil || ready.Status != http.StatusOK {
		t.Fatalf("readyz = %+v, %v; want 200", ready, err)
	}
	bodies = append(bodies, ready.Body)

	type result struct {
		resp platformtest.Response
		err  error
	}
	inflight := make(chan result, 1)
	go func() {
		resp, err := platformtest.Do(client, http.MethodGet, base+"/work", auth)
		inflight <- result{resp, err}
	}()
	platformtest.Receive(t, entered, "the worker call")
	cancel()

	draining, err := platformtest.Do(client, http.MethodGet, base+"/readyz", nil)
	if err != nil || draining.Status != http.StatusServiceUnavailable ||
		strings.TrimSpace(draining.Body) != `{"status":"shutting down"}` {
		t.Fatalf("readyz after shutdown began = %+v, %v; want 503 shutting down", draining, err)
	}
	bodies = append(bodies, draining.Body)
	time.Sleep(drain + 100*time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("run returned %v with a request in flight", err)
	default:
	}
	release()

	res := platformtest.Receive(t, inflight, "the in-flight response")
	if res.err != nil || res.resp.Status != http.StatusOK {
		t.Fatalf("in-flight /work = %+v, %v; want 200", res.resp, res.err)
	}
	bodies = append(bodies, res.resp.Body)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run = %v, want nil", err)
		}
	case <-time.After(timeout):
		t.Fatal("run did not return within the shutdown timeout")
	}

	logs := stdout.String()
	assertNoSecrets(t, append(bodies, logs)...)
	records := platformtest.LogRecords(t, logs)
	if len(records) == 0 {
		t.Fatal("no logs")
	}
	for _, r := range records {
		if r["service"] != "api" || r["version"] != "1.2.3" || r["environment"] != "test" {
			t.Errorf("record %v lacks the service attributes", r)
		}
	}
	for _, msg := range []string{
		`"msg":"starting"`, `"msg":"shutdown started"`, `"msg":"shutdown complete"`,
		`"path":"/work"`,
	} {
		if !strings.Contains(logs, msg) {
			t.Errorf("logs lack %s", msg)
		}
	}
}
