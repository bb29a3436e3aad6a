// Package platformtest holds helpers for the services' tests: a concurrency-safe log buffer, a
// JSON log parser and loopback-only listeners and clients. Production code must not import it.
package platformtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Buffer is a bytes.Buffer that is safe for concurrent writers, for capturing logs.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// LogRecords parses JSON log lines, failing the test on a line that is not a JSON object.
func LogRecords(t testing.TB, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read logs: %v", err)
	}
	return out
}

// LoopbackListen returns a listen function that records the address it was asked for, listens
// on a free port of 127.0.0.1 instead and sends the real address on the returned channel.
func LoopbackListen() (
	listen func(ctx context.Context, addr string) (net.Listener, error), requested, actual <-chan string,
) {
	req, act := make(chan string, 1), make(chan string, 1)
	return func(ctx context.Context, addr string) (net.Listener, error) {
		req <- addr
		var config net.ListenConfig
		ln, err := config.Listen(ctx, "tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		act <- ln.Addr().String()
		return ln, nil
	}, req, act
}

// Client returns an HTTP client for loopback test servers: no proxy, no connection reuse.
func Client() *http.Client {
	return &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
	}
}

// Response is what Do returns.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Do sends a request with the given headers and reads the whole response. It is safe to call
// from other goroutines because it reports failure as an error instead of failing the test.
func Do(c *http.Client, method, url string, header http.Header) (Response, error) {
	// The client's timeout bounds the request.
	req, err := http.NewRequestWithContext(context.Background(), method, url, http.NoBody)
	if err != nil {
		return Response{}, err
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := c.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}, err
}

// Wait is how long Receive waits before failing the test.
const Wait = 5 * time.Second

// Receive returns the next value from ch, failing the test if none arrives within Wait, so a
// broken service makes a test fail instead of hang.
func Receive[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(Wait):
		t.Fatalf("timed out after %v waiting for %s", Wait, what)
		var zero T
		return zero
	}
}

// Closer returns a function that closes ch once, however often it is called, and registers it
// as a test cleanup so that handlers blocked on ch are released even when the test fails early.
func Closer(t testing.TB, ch chan struct{}) func() {
	t.Helper()
	var once sync.Once
	release := func() { once.Do(func() { close(ch) }) }
	t.Cleanup(release)
	return release
}
