package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/secure-aca/secure-aca/services/internal/platform"
)

// Bounds and default of the rounds query parameter of /work.
const (
	minRounds     = 1
	maxRounds     = 100_000
	defaultRounds = 1_000
)

// Probe paths, logged at debug level.
const (
	pathHealthz = "/healthz"
	pathReadyz  = "/readyz"
)

// chainSeed starts every digest chain, so the same rounds always give the same digest.
const chainSeed = "secure-aca worker"

// errRounds is returned for a rounds parameter outside the accepted form or range.
var errRounds = errors.New("rounds must be a single integer from 1 to 100000")

// workResult is the body of a successful /work.
type workResult struct {
	Service    string  `json:"service"`
	Rounds     int     `json:"rounds"`
	Digest     string  `json:"digest"`
	TraceID    string  `json:"trace_id"`
	DurationMS float64 `json:"duration_ms"`
}

// newHandler builds the worker's routes and middleware.
func newHandler(info platform.Info, logger *slog.Logger, lc *platform.Lifecycle) http.Handler {
	rt := platform.NewRouter()
	rt.Handle("/", platform.InfoHandler(info), http.MethodGet)
	rt.Handle(pathHealthz, platform.LivenessHandler(), http.MethodGet)
	rt.Handle(pathReadyz, platform.ReadinessHandler(lc), http.MethodGet)
	rt.Handle("/work", http.HandlerFunc(work), http.MethodGet, http.MethodPost)
	return platform.Instrument(logger, rt, pathHealthz, pathReadyz)
}

// work runs the SHA-256 chain for the requested number of rounds. Only the query string is read;
// a POST body is ignored.
func work(w http.ResponseWriter, r *http.Request) {
	rounds, err := parseRounds(r.URL.RawQuery)
	if err != nil {
		platform.WriteError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	tc, ok := platform.TraceFrom(r.Context())
	if !ok {
		tc = platform.TraceFromRequest(r)
	}
	start := time.Now()
	digest := chain(rounds)
	platform.WriteJSON(w, http.StatusOK, workResult{
		Service:    "worker",
		Rounds:     rounds,
		Digest:     digest,
		TraceID:    tc.Parent.TraceIDHex(),
		DurationMS: float64(time.Since(start).Microseconds()) / 1000,
	})
}

// parseRounds reads the optional rounds parameter from a raw query string.
func parseRounds(rawQuery string) (int, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return 0, errRounds
	}
	values, ok := q["rounds"]
	if !ok {
		return defaultRounds, nil
	}
	if len(values) != 1 {
		return 0, errRounds
	}
	n, err := strconv.Atoi(values[0])
	if err != nil || n < minRounds || n > maxRounds {
		return 0, errRounds
	}
	return n, nil
}

// chain hashes chainSeed, then hashes the digest again until rounds hashes are done, and returns
// the last digest in hex.
func chain(rounds int) string {
	sum := sha256.Sum256([]byte(chainSeed))
	for i := 1; i < rounds; i++ {
		sum = sha256.Sum256(sum[:])
	}
	return hex.EncodeToString(sum[:])
}
