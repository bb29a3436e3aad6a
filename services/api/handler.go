package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/secure-aca/secure-aca/services/internal/platform"
)

// headerGatewaySecret carries the shared secret the API gateway in front of the api adds.
const headerGatewaySecret = "X-Gateway-Secret"

// Probe paths: exempt from the gateway secret, because Container Apps probes do not send it,
// and logged at debug level.
const (
	pathHealthz = "/healthz"
	pathReadyz  = "/readyz"
)

// maxWorkerResponse bounds how much of a worker response the api reads.
const maxWorkerResponse = 1 << 20

// errWorkerResponse marks a worker answer the api cannot use.
var errWorkerResponse = errors.New("unusable worker response")

// workResponse is the body of a successful GET /work.
type workResponse struct {
	Service string          `json:"service"`
	TraceID string          `json:"trace_id"`
	Worker  json.RawMessage `json:"worker"`
}

// newHandler builds the api's routes and middleware.
func newHandler(cfg config, logger *slog.Logger, lc *platform.Lifecycle, wc *workerClient) http.Handler {
	rt := platform.NewRouter()
	rt.Handle("/", platform.InfoHandler(cfg.common.Info), http.MethodGet)
	rt.Handle(pathHealthz, platform.LivenessHandler(), http.MethodGet)
	rt.Handle(pathReadyz, platform.ReadinessHandler(lc,
		platform.SecretPresentCheck(envDatabaseConnection, cfg.databaseConnection),
		platform.SecretPresentCheck(envAPIKey, cfg.apiKey),
	), http.MethodGet)
	rt.Handle("/work", workHandler(logger, wc), http.MethodGet)
	return platform.Instrument(logger, requireGatewaySecret(cfg.gatewaySecret, rt), pathHealthz, pathReadyz)
}

// requireGatewaySecret rejects with 403 every request except the probes whose X-Gateway-Secret
// header is not exactly one value equal to secret. It lets everything through when secret is
// not configured. It runs before routing, so unknown paths do not reveal themselves either.
func requireGatewaySecret(secret platform.Secret, next http.Handler) http.Handler {
	if !secret.Present() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == pathHealthz || r.URL.Path == pathReadyz {
			next.ServeHTTP(w, r)
			return
		}
		values := r.Header.Values(headerGatewaySecret)
		if len(values) != 1 || !secret.Matches(values[0]) {
			platform.WriteError(w, r, http.StatusForbidden, "forbidden")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// workHandler calls the worker and embeds its answer. Failures are logged with their cause and
// answered with a bare 502.
func workHandler(logger *slog.Logger, wc *workerClient) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tc, ok := platform.TraceFrom(r.Context())
		if !ok {
			tc = platform.TraceFromRequest(r)
		}
		body, err := wc.call(r.Context(), tc)
		if err != nil {
			logger.LogAttrs(r.Context(), slog.LevelWarn, "worker call failed",
				slog.String("error", err.Error()),
				slog.String("worker_invocation", wc.mode),
				slog.String("trace_id", tc.Parent.TraceIDHex()),
			)
			platform.WriteJSON(w, http.StatusBadGateway, platform.ErrorBody{
				Error:   "worker unavailable",
				TraceID: tc.Parent.TraceIDHex(),
			})
			return
		}
		platform.WriteJSON(w, http.StatusOK, workResponse{
			Service: "api",
			TraceID: tc.Parent.TraceIDHex(),
			Worker:  body,
		})
	})
}

// workerClient calls the worker's /work route.
type workerClient struct {
	endpoint string
	mode     string
	timeout  time.Duration
	client   *http.Client
}

// newWorkerClient returns a client for t. It never uses a proxy, since the worker is internal,
// and never follows redirects, since the worker has no reason to send one.
func newWorkerClient(t workerTarget) *workerClient {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.Proxy = nil
	return &workerClient{
		endpoint: t.endpoint,
		mode:     t.mode,
		timeout:  t.timeout,
		client: &http.Client{
			Transport: transport,
			Timeout:   t.timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
	}
}

// call performs GET /work on the worker with a child traceparent and the tracestate, and returns
// the worker's JSON body.
func (c *workerClient) call(ctx context.Context, tc platform.TraceContext) (json.RawMessage, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.endpoint, http.NoBody)
	if err != nil {
		return nil, fmt.Errorf("build worker request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	tc.Inject(req.Header)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("call worker: %w", err)
	}
	defer func() {
		// The body is fully read or abandoned on an error path; a close error changes nothing.
		_ = resp.Body.Close()
	}()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: status %d", errWorkerResponse, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxWorkerResponse+1))
	if err != nil {
		return nil, fmt.Errorf("read worker response: %w", err)
	}
	if len(body) > maxWorkerResponse {
		return nil, fmt.Errorf("%w: larger than %d bytes", errWorkerResponse, maxWorkerResponse)
	}
	if !json.Valid(body) {
		return nil, fmt.Errorf("%w: not JSON", errWorkerResponse)
	}
	return json.RawMessage(body), nil
}
