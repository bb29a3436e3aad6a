// Command worker is the internal service. It does a small, bounded unit of CPU work per request
// and reports the trace id it was called under.
//
// It reads PORT and ENVIRONMENT (required) and SERVICE_VERSION, SHUTDOWN_TIMEOUT and
// SHUTDOWN_DRAIN_DELAY (optional); see platform.LoadCommon.
package main

import (
	"context"
	"io"

	"github.com/secure-aca/secure-aca/services/internal/platform"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = platform.DefaultVersion

func main() {
	platform.Main("worker", run)
}

// run loads the configuration from getenv, logs to stdout and serves until ctx is done.
func run(ctx context.Context, getenv func(string) string, stdout io.Writer, listen platform.ListenFunc) error {
	env := platform.NewEnv(getenv)
	common := platform.LoadCommon(env, "worker", version)
	if err := env.Err(); err != nil {
		return err
	}
	logger := platform.NewLogger(stdout, common.Info)
	lc := &platform.Lifecycle{}
	logger.Info("starting")
	return platform.Serve(ctx, platform.ServerConfig{
		Addr:            common.Addr(),
		Listen:          listen,
		Handler:         newHandler(common.Info, logger, lc),
		Logger:          logger,
		Lifecycle:       lc,
		ShutdownTimeout: common.ShutdownTimeout,
		DrainDelay:      common.DrainDelay,
	})
}
