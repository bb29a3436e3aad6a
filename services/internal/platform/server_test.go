package platform

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/secure-aca/secure-aca/services/internal/platformtest"
)

// get performs GET url with a loopback test client and returns the status and body.
func get(url string) (int, string, error) {
	resp, err := platformtest.Do(platformtest.Client(), http.MethodGet, url, nil)
	return resp.Status, resp.Body, err
}

func TestServeGracefulShutdown(t *testing.T) {
	t.Parallel()
	const drain = 400 * time.Millisecond
	const timeout = 3 * time.Second
	var logs platformtest.Buffer
	lc := &Lifecycle{}
	entered, block := make(chan struct{}, 1), make(chan struct{})
	release := platformtest.Closer(t, block)
	rt := NewRouter()
	rt.Handle("/readyz", ReadinessHandler(lc), http.MethodGet)
	rt.Handle("/slow", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		entered <- struct{}{}
		<-block
		WriteJSON(w, http.StatusOK, map[string]string{"done": "yes"})
	}), http.MethodGet)
	listen, _, addrs := platformtest.LoopbackListen()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, ServerConfig{
			Addr: ":0", Listen: listen, Handler: rt, Logger: NewLogger(&logs, Info{Service: "t"}),
			Lifecycle: lc, ShutdownTimeout: timeout, DrainDelay: drain,
		})
	}()
	base := "http://" + platformtest.Receive(t, addrs, "listener")

	if code, body, err := get(base + "/readyz"); err != nil || code != http.StatusOK {
		t.Fatalf("readyz before shutdown = %d %q %v, want 200", code, body, err)
	}
	type result struct {
		code int
		body string
		err  error
	}
	inflight := make(chan result, 1)
	go func() {
		code, body, err := get(base + "/slow")
		inflight <- result{code, body, err}
	}()
	platformtest.Receive(t, entered, "the request")

	shutdownStart := time.Now()
	cancel()
	// During the drain delay the server still answers, and readiness reports shutting down.
	code, body, err := get(base + "/readyz")
	if err != nil || code != http.StatusServiceUnavailable || !strings.Contains(body, `"shutting down"`) {
		t.Fatalf("readyz during drain = %d %q %v, want 503 shutting down", code, body, err)
	}
	// Let the drain delay pass so Shutdown is waiting on the in-flight request.
	time.Sleep(drain + 200*time.Millisecond)
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v while a request was in flight", err)
	default:
	}
	release()

	res := platformtest.Receive(t, inflight, "the in-flight response")
	if res.err != nil || res.code != http.StatusOK || !strings.Contains(res.body, `"done":"yes"`) {
		t.Fatalf("in-flight request = %d %q %v, want 200 done", res.code, res.body, res.err)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve = %v, want nil after a clean shutdown", err)
		}
	case <-time.After(timeout):
		t.Fatal("Serve did not return within the shutdown timeout")
	}
	if elapsed := time.Since(shutdownStart); elapsed > timeout {
		t.Errorf("shutdown took %v, longer than the %v grace period", elapsed, timeout)
	}
	if _, _, err := get(base + "/readyz"); err == nil {
		t.Error("server still accepts connections after Serve returned")
	}
	for _, msg := range []string{`"msg":"shutdown started"`, `"msg":"shutdown complete"`} {
		if !strings.Contains(logs.String(), msg) {
			t.Errorf("logs lack %s: %s", msg, logs.String())
		}
	}
}

func TestServeShutdownTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond
	entered, block := make(chan struct{}, 1), make(chan struct{})
	platformtest.Closer(t, block)
	h := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		entered <- struct{}{}
		<-block
	})
	listen, _, addrs := platformtest.LoopbackListen()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, ServerConfig{
			Listen: listen, Handler: h, Logger: NewLogger(io.Discard, Info{}), ShutdownTimeout: timeout,
		})
	}()
	base := "http://" + platformtest.Receive(t, addrs, "listener")
	clientErr := make(chan error, 1)
	go func() {
		_, _, err := get(base + "/")
		clientErr <- err
	}()
	platformtest.Receive(t, entered, "the request")
	start := time.Now()
	cancel()
	select {
	case err := <-served:
		if err == nil || !strings.Contains(err.Error(), "did not finish within") {
			t.Fatalf("Serve = %v, want a shutdown timeout error", err)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Serve error %v does not wrap context.DeadlineExceeded", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not give up on the stuck request")
	}
	if elapsed := time.Since(start); elapsed < timeout || elapsed > timeout+2*time.Second {
		t.Errorf("Serve gave up after %v, want about %v", elapsed, timeout)
	}
	if err := platformtest.Receive(t, clientErr, "the client"); err == nil {
		t.Error("the stuck request got a response, want its connection closed")
	}
}

func TestServeListenError(t *testing.T) {
	t.Parallel()
	want := errors.New("address in use")
	err := Serve(context.Background(), ServerConfig{
		Addr:   ":1234",
		Listen: func(context.Context, string) (net.Listener, error) { return nil, want },
		Logger: NewLogger(io.Discard, Info{}),
	})
	if !errors.Is(err, want) || !strings.Contains(err.Error(), ":1234") {
		t.Errorf("Serve = %v, want the listen error naming the address", err)
	}
}

func TestServeStopsOnSignal(t *testing.T) {
	t.Parallel()
	var logs platformtest.Buffer
	signals := make(chan os.Signal, 1)
	ctx, cancel := ContextOnSignal(context.Background(), signals)
	defer cancel()
	lc := &Lifecycle{}
	listen, _, addrs := platformtest.LoopbackListen()
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, ServerConfig{
			Listen: listen, Handler: LivenessHandler(), Logger: NewLogger(&logs, Info{}),
			Lifecycle: lc, ShutdownTimeout: 2 * time.Second,
		})
	}()
	base := "http://" + platformtest.Receive(t, addrs, "listener")
	if code, _, err := get(base + "/healthz"); err != nil || code != http.StatusOK {
		t.Fatalf("healthz = %d %v", code, err)
	}
	signals <- syscall.SIGTERM
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve = %v, want nil", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve did not stop after SIGTERM")
	}
	if !lc.ShuttingDown() {
		t.Error("readiness did not flip to shutting down")
	}
	if !strings.Contains(logs.String(), "received signal terminated") {
		t.Errorf("logs do not name the signal: %s", logs.String())
	}
}

func TestContextOnSignal(t *testing.T) {
	t.Parallel()
	t.Run("signal cancels with the signal as cause", func(t *testing.T) {
		t.Parallel()
		signals := make(chan os.Signal, 1)
		ctx, cancel := ContextOnSignal(context.Background(), signals)
		defer cancel()
		if ctx.Err() != nil {
			t.Fatal("context done before any signal")
		}
		signals <- os.Interrupt
		<-ctx.Done()
		var se *SignalError
		if !errors.As(context.Cause(ctx), &se) || se.Signal != os.Interrupt {
			t.Errorf("cause = %v, want SignalError(interrupt)", context.Cause(ctx))
		}
	})
	t.Run("parent cancellation propagates", func(t *testing.T) {
		t.Parallel()
		parent, cancelParent := context.WithCancel(context.Background())
		ctx, cancel := ContextOnSignal(parent, make(chan os.Signal))
		defer cancel()
		cancelParent()
		<-ctx.Done()
		var se *SignalError
		if errors.As(context.Cause(ctx), &se) {
			t.Errorf("cause = %v, want no signal", context.Cause(ctx))
		}
	})
	t.Run("cancel func stops it", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := ContextOnSignal(context.Background(), make(chan os.Signal))
		cancel()
		<-ctx.Done()
		if !errors.Is(context.Cause(ctx), context.Canceled) {
			t.Errorf("cause = %v, want context.Canceled", context.Cause(ctx))
		}
	})
}
