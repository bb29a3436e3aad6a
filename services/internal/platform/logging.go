package platform

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"time"
)

// NewLogger returns a JSON logger writing to w (stdout in production, where Container Apps
// collects it) with the service, version and environment on every record.
func NewLogger(w io.Writer, info Info) *slog.Logger {
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo})
	return slog.New(h).With(
		slog.String("service", info.Service),
		slog.String("version", info.Version),
		slog.String("environment", info.Environment),
	)
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the first status code and passes it on.
func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 when no status was written and passes the bytes on.
func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter {
	return s.ResponseWriter
}

// RequestLog is middleware that logs one record per request with its method, path (without
// the query string, which may carry sensitive data), status, duration and trace id. It never logs
// headers or bodies. Requests to quietPaths, such as health probes, are logged at debug level when
// they succeed and at warn level when they fail: a replica that is not ready, or is draining, is an
// expected state that the platform handles, not an error to alert on every few seconds.
// Put it inside Trace so the trace id is known.
func RequestLog(logger *slog.Logger, next http.Handler, quietPaths ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		level := slog.LevelInfo
		switch quiet := slices.Contains(quietPaths, r.URL.Path); {
		case quiet && rec.status < http.StatusBadRequest:
			level = slog.LevelDebug
		case quiet:
			level = slog.LevelWarn
		case rec.status >= http.StatusInternalServerError:
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		}
		if tc, ok := TraceFrom(r.Context()); ok {
			attrs = append(attrs, slog.String("trace_id", tc.Parent.TraceIDHex()))
		}
		logger.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// Recover is middleware that turns a handler panic into a 500 JSON response and an error log
// record. The panic value is not logged because it may hold request data.
func Recover(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer recoverPanic(logger, w, r)
		next.ServeHTTP(w, r)
	})
}

// recoverPanic is Recover's deferred half: it must be deferred itself for recover to see the panic.
func recoverPanic(logger *slog.Logger, w http.ResponseWriter, r *http.Request) {
	v := recover() //nolint:revive // called directly by the deferred function, where recover works
	if v == nil {
		return
	}
	if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
		panic(v)
	}
	attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path)}
	if tc, ok := TraceFrom(r.Context()); ok {
		attrs = append(attrs, slog.String("trace_id", tc.Parent.TraceIDHex()))
	}
	logger.LogAttrs(r.Context(), slog.LevelError, "handler panicked", attrs...)
	WriteError(w, r, http.StatusInternalServerError, "internal error")
}

// Instrument wraps next with trace context, request logging and panic recovery, in that order
// from the outside in.
func Instrument(logger *slog.Logger, next http.Handler, quietPaths ...string) http.Handler {
	return Trace(RequestLog(logger, Recover(logger, next), quietPaths...))
}
