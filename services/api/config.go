package main

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/secure-aca/secure-aca/services/internal/platform"
)

// Environment variables the api reads in addition to the shared ones in platform.LoadCommon.
const (
	envWorkerURL          = "WORKER_URL"
	envWorkerTimeout      = "WORKER_TIMEOUT"
	envDaprHTTPPort       = "DAPR_HTTP_PORT"
	envWorkerAppID        = "WORKER_APP_ID"
	envDatabaseConnection = "DATABASE_CONNECTION"
	envAPIKey             = "API_KEY"
	envGatewaySecret      = "GATEWAY_SECRET"
	envAppInsights        = "APPLICATIONINSIGHTS_CONNECTION_STRING"
)

// defaultWorkerTimeout bounds one call to the worker.
const defaultWorkerTimeout = 5 * time.Second

// Worker invocation modes, as logged at start-up.
const (
	modeDirect = "direct"
	modeDapr   = "dapr"
)

// appIDPattern accepts Dapr app ids (optionally "app.namespace") and nothing that could change
// the invocation path.
var appIDPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$`)

// workerTarget is where and how the api calls the worker.
type workerTarget struct {
	endpoint string
	mode     string
	timeout  time.Duration
}

// config is the api's validated configuration.
type config struct {
	common             platform.Common
	worker             workerTarget
	databaseConnection platform.Secret
	apiKey             platform.Secret
	gatewaySecret      platform.Secret
	appInsights        platform.Secret
}

// loadConfig reads and validates the environment, reporting every problem at once.
func loadConfig(getenv func(string) string, buildVersion string) (config, error) {
	env := platform.NewEnv(getenv)
	cfg := config{
		common:             platform.LoadCommon(env, "api", buildVersion),
		worker:             loadWorkerTarget(env),
		databaseConnection: env.Secret(envDatabaseConnection),
		apiKey:             env.Secret(envAPIKey),
		gatewaySecret:      env.Secret(envGatewaySecret),
		appInsights:        env.Secret(envAppInsights),
	}
	if err := env.Err(); err != nil {
		return config{}, err
	}
	return cfg, nil
}

// loadWorkerTarget uses Dapr service invocation through the local sidecar when both
// DAPR_HTTP_PORT and WORKER_APP_ID are set and WORKER_URL otherwise. DAPR_HTTP_PORT alone is
// not enough because Container Apps sets it for every Dapr-enabled app.
func loadWorkerTarget(env *platform.Env) workerTarget {
	t := workerTarget{timeout: env.Duration(envWorkerTimeout, defaultWorkerTimeout)}
	if t.timeout == 0 {
		env.Invalid(envWorkerTimeout, "must be greater than zero")
	}
	daprPort, appID := env.Lookup(envDaprHTTPPort), env.Lookup(envWorkerAppID)
	if daprPort != "" && appID != "" {
		t.mode = modeDapr
		port := env.ParsePort(envDaprHTTPPort, daprPort)
		if !appIDPattern.MatchString(appID) {
			env.Invalid(envWorkerAppID, "must be a Dapr app id of letters, digits, '.', '_' and '-'")
		}
		t.endpoint = fmt.Sprintf("http://127.0.0.1:%d/v1.0/invoke/%s/method/work", port, appID)
		return t
	}
	t.mode = modeDirect
	raw := env.Lookup(envWorkerURL)
	if raw == "" {
		env.Missing(envWorkerURL + " (or " + envDaprHTTPPort + " and " + envWorkerAppID + ")")
		return t
	}
	endpoint, ok := workEndpoint(raw)
	if !ok {
		env.Invalid(envWorkerURL, "must be an absolute http or https URL without credentials, query or fragment")
	}
	t.endpoint = endpoint
	return t
}

// workEndpoint turns the worker's base URL into the URL of its /work route.
func workEndpoint(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" ||
		u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.Opaque != "" {
		return "", false
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/work"
	u.RawPath = ""
	return u.String(), true
}
