// Command api is the public service. It answers on its own routes and calls the internal worker
// service, directly or through Dapr service invocation, propagating W3C trace context.
//
// See config.go for the environment it reads.
package main

import (
	"context"
	"io"
	"log/slog"

	"github.com/secure-aca/secure-aca/services/internal/platform"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = platform.DefaultVersion

func main() {
	platform.Main("api", run)
}

// run loads the configuration from getenv, logs to stdout and serves until ctx is done.
func run(ctx context.Context, getenv func(string) string, stdout io.Writer, listen platform.ListenFunc) error {
	cfg, err := loadConfig(getenv, version)
	if err != nil {
		return err
	}
	logger := platform.NewLogger(stdout, cfg.common.Info)
	lc := &platform.Lifecycle{}
	logger.Info("starting",
		slog.String("worker_invocation", cfg.worker.mode),
		slog.Bool("gateway_secret_required", cfg.gatewaySecret.Present()),
		slog.Bool("application_insights_configured", cfg.appInsights.Present()),
	)
	return platform.Serve(ctx, platform.ServerConfig{
		Addr:            cfg.common.Addr(),
		Listen:          listen,
		Handler:         newHandler(cfg, logger, lc, newWorkerClient(cfg.worker)),
		Logger:          logger,
		Lifecycle:       lc,
		ShutdownTimeout: cfg.common.ShutdownTimeout,
		DrainDelay:      cfg.common.DrainDelay,
	})
}
