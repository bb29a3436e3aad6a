package platform

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error   string `json:"error"`
	TraceID string `json:"trace_id,omitempty"`
}

// WriteJSON writes v as a JSON response with the given status. Responses are marked as not
// cacheable and not to be content-sniffed.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"error":"internal error"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	// A failed write means the client has gone; there is nobody left to tell.
	_, _ = w.Write(append(body, '\n'))
}

// WriteError writes {"error": message} with the given status, adding the request's trace id when
// the request context carries one.
func WriteError(w http.ResponseWriter, r *http.Request, status int, message string) {
	body := ErrorBody{Error: message}
	if tc, ok := TraceFrom(r.Context()); ok {
		body.TraceID = tc.Parent.TraceIDHex()
	}
	WriteJSON(w, status, body)
}

// Router dispatches on exact path and method. Unknown paths get a 404 and known paths with
// another method a 405 with an Allow header, both as JSON.
type Router struct {
	routes map[string]map[string]http.Handler
}

// NewRouter returns an empty Router.
func NewRouter() *Router {
	return &Router{routes: make(map[string]map[string]http.Handler)}
}

// Handle registers h for path and each of methods. It panics on a duplicate registration or an
// empty method list, which are programming errors.
func (rt *Router) Handle(path string, h http.Handler, methods ...string) {
	if len(methods) == 0 {
		panic("platform: no methods for route " + path)
	}
	byMethod := rt.routes[path]
	if byMethod == nil {
		byMethod = make(map[string]http.Handler)
		rt.routes[path] = byMethod
	}
	for _, m := range methods {
		if _, dup := byMethod[m]; dup {
			panic("platform: duplicate route " + m + " " + path)
		}
		byMethod[m] = h
	}
}

// ServeHTTP implements http.Handler.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	byMethod, ok := rt.routes[r.URL.Path]
	if !ok {
		WriteError(w, r, http.StatusNotFound, "not found")
		return
	}
	h, ok := byMethod[r.Method]
	if !ok {
		allowed := make([]string, 0, len(byMethod))
		for m := range byMethod {
			allowed = append(allowed, m)
		}
		slices.Sort(allowed)
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		WriteError(w, r, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	h.ServeHTTP(w, r)
}

// InfoHandler answers with the service's name, version and environment.
func InfoHandler(info Info) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		WriteJSON(w, http.StatusOK, info)
	})
}
