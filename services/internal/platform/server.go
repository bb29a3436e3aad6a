package platform

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// ListenFunc opens the listener for addr. ListenTCP is the production implementation; tests pass
// one that listens on 127.0.0.1:0.
type ListenFunc func(ctx context.Context, addr string) (net.Listener, error)

// ListenTCP listens on the TCP address addr.
func ListenTCP(ctx context.Context, addr string) (net.Listener, error) {
	var config net.ListenConfig
	return config.Listen(ctx, "tcp", addr)
}

// RunFunc is the testable body of a service's main: it serves until ctx is done.
type RunFunc func(ctx context.Context, getenv func(string) string, stdout io.Writer, listen ListenFunc) error

// Main runs a service: it cancels the context on SIGTERM or SIGINT and exits with status 1,
// after printing the error to stderr, when run fails.
func Main(service string, run RunFunc) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, os.Interrupt)
	ctx, cancel := ContextOnSignal(context.Background(), signals)
	err := run(ctx, os.Getenv, os.Stdout, ListenTCP)
	cancel()
	signal.Stop(signals)
	if err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "%s: %v\n", service, err) // nothing more can be done if stderr fails
		os.Exit(1)
	}
}

// SignalError is the cancellation cause of a context cancelled by ContextOnSignal.
type SignalError struct {
	Signal os.Signal
}

// Error implements error.
func (e *SignalError) Error() string {
	return "received signal " + e.Signal.String()
}

// ContextOnSignal returns a context that is cancelled, with a *SignalError cause, when a signal
// arrives on signals, or when parent is done or cancel is called.
func ContextOnSignal(parent context.Context, signals <-chan os.Signal) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	go func() {
		select {
		case sig := <-signals:
			cancel(&SignalError{Signal: sig})
		case <-ctx.Done():
		}
	}()
	return ctx, func() { cancel(context.Canceled) }
}

// ServerConfig configures Serve.
type ServerConfig struct {
	// Addr is passed to Listen, for example ":8080".
	Addr string
	// Listen opens the listener; nil means ListenTCP.
	Listen  ListenFunc
	Handler http.Handler
	// Logger receives start-up, shutdown and server error records; nil means slog.Default().
	Logger *slog.Logger
	// Lifecycle is told when shutdown begins, so readiness fails while the server drains.
	Lifecycle *Lifecycle
	// ShutdownTimeout bounds the whole shutdown: the drain delay plus waiting for in-flight
	// requests. Connections still open after it are closed and Serve returns an error.
	ShutdownTimeout time.Duration
	// DrainDelay is how long the server keeps accepting requests, with readiness failing,
	// after shutdown begins, so the platform can stop routing traffic to this replica.
	DrainDelay time.Duration
}

// Serve runs an HTTP server until ctx is done, then shuts it down gracefully: readiness fails
// at once, new requests are still served for DrainDelay, and in-flight requests get until
// ShutdownTimeout (counted from the start of shutdown) to finish. It returns nil after a clean
// shutdown.
func Serve(ctx context.Context, cfg ServerConfig) error {
	listen := cfg.Listen
	if listen == nil {
		listen = ListenTCP
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	ln, err := listen(ctx, cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           cfg.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	cfg.Logger.Info("listening", slog.String("addr", ln.Addr().String()))

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	deadline := time.Now().Add(cfg.ShutdownTimeout)
	if cfg.Lifecycle != nil {
		cfg.Lifecycle.BeginShutdown()
	}
	cfg.Logger.Info("shutdown started",
		slog.String("cause", context.Cause(ctx).Error()),
		slog.Duration("drain_delay", cfg.DrainDelay),
		slog.Duration("shutdown_timeout", cfg.ShutdownTimeout),
	)
	if cfg.DrainDelay > 0 {
		drain := time.NewTimer(cfg.DrainDelay)
		select {
		case <-drain.C:
		case err := <-serveErr:
			drain.Stop()
			return fmt.Errorf("serve: %w", err)
		}
	}

	// ctx is done by now; the shutdown keeps its values but not its cancellation.
	shutdownCtx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		errs := []error{
			fmt.Errorf("graceful shutdown did not finish within %s: %w", cfg.ShutdownTimeout, err),
			srv.Close(),
		}
		if serveErr := <-serveErr; !errors.Is(serveErr, http.ErrServerClosed) {
			errs = append(errs, serveErr)
		}
		return errors.Join(errs...)
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	cfg.Logger.Info("shutdown complete")
	return nil
}
