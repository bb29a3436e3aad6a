package platform

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
)

// W3C Trace Context header names (https://www.w3.org/TR/trace-context/).
const (
	HeaderTraceParent = "traceparent"
	HeaderTraceState  = "tracestate"
)

// traceParentLen is the length of a version 00 traceparent: 2+1+32+1+16+1+2.
const traceParentLen = 55

// flagSampled is the only trace flag version 00 defines.
const flagSampled byte = 0x01

// ErrInvalidTraceParent is returned for a traceparent header that does not follow the spec.
var ErrInvalidTraceParent = errors.New("invalid traceparent")

// TraceParent is a parsed W3C traceparent header.
type TraceParent struct {
	TraceID  [16]byte
	ParentID [8]byte
	Flags    byte
}

// ParseTraceParent parses a traceparent header value.
//
// Version 00 must be exactly "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>" in lower
// case, with neither id all zeros. Version ff is invalid. As the spec asks for forward
// compatibility, a higher version is parsed by its first 55 characters, which must be followed
// by nothing or by "-".
func ParseTraceParent(s string) (TraceParent, error) {
	var tp TraceParent
	if len(s) < traceParentLen {
		return tp, ErrInvalidTraceParent
	}
	version := s[0:2]
	if !isLowerHex(version) || version == "ff" || s[2] != '-' {
		return tp, ErrInvalidTraceParent
	}
	if version == "00" && len(s) != traceParentLen {
		return tp, ErrInvalidTraceParent
	}
	if len(s) > traceParentLen && s[traceParentLen] != '-' {
		return tp, ErrInvalidTraceParent
	}
	traceID, parentID, flags := s[3:35], s[36:52], s[53:55]
	if s[35] != '-' || s[52] != '-' ||
		!isLowerHex(traceID) || !isLowerHex(parentID) || !isLowerHex(flags) {
		return tp, ErrInvalidTraceParent
	}
	// The hex was validated above, so decoding cannot fail.
	_, _ = hex.Decode(tp.TraceID[:], []byte(traceID))
	_, _ = hex.Decode(tp.ParentID[:], []byte(parentID))
	var f [1]byte
	_, _ = hex.Decode(f[:], []byte(flags))
	tp.Flags = f[0]
	if allZero(tp.TraceID[:]) || allZero(tp.ParentID[:]) {
		return TraceParent{}, ErrInvalidTraceParent
	}
	return tp, nil
}

// NewTrace starts a new sampled trace with random trace and parent ids.
func NewTrace() TraceParent {
	var tp TraceParent
	fillRandom(tp.TraceID[:])
	fillRandom(tp.ParentID[:])
	tp.Flags = flagSampled
	return tp
}

// Child returns a traceparent for an outbound call: the same trace id and flags with a fresh
// random parent (span) id.
func (tp TraceParent) Child() TraceParent {
	child := tp
	for child.ParentID == tp.ParentID {
		fillRandom(child.ParentID[:])
	}
	return child
}

// String formats tp as a version 00 traceparent header value.
func (tp TraceParent) String() string {
	var b strings.Builder
	b.Grow(traceParentLen)
	b.WriteString("00-")
	b.WriteString(hex.EncodeToString(tp.TraceID[:]))
	b.WriteByte('-')
	b.WriteString(hex.EncodeToString(tp.ParentID[:]))
	b.WriteByte('-')
	b.WriteString(hex.EncodeToString([]byte{tp.Flags}))
	return b.String()
}

// TraceIDHex returns the trace id as 32 lower-case hex characters.
func (tp TraceParent) TraceIDHex() string {
	return hex.EncodeToString(tp.TraceID[:])
}

// ParentIDHex returns the parent id as 16 lower-case hex characters.
func (tp TraceParent) ParentIDHex() string {
	return hex.EncodeToString(tp.ParentID[:])
}

// Sampled reports whether the caller recorded the trace.
func (tp TraceParent) Sampled() bool {
	return tp.Flags&flagSampled != 0
}

// TraceContext is the W3C trace context of the request being served.
type TraceContext struct {
	// Parent is the incoming traceparent, or a new trace when it was missing or invalid.
	Parent TraceParent
	// State is the incoming tracestate, passed on unchanged. It is empty for a new trace.
	State string
	// Restarted is true when the request carried no valid traceparent.
	Restarted bool
}

// TraceFromRequest reads the trace context from r's headers. A missing, repeated or invalid
// traceparent starts a new trace and, as the spec requires, drops the tracestate with it.
// Several tracestate header lines are combined with commas, which the spec treats as equal.
func TraceFromRequest(r *http.Request) TraceContext {
	values := r.Header.Values(HeaderTraceParent)
	if len(values) == 1 {
		if tp, err := ParseTraceParent(values[0]); err == nil {
			return TraceContext{
				Parent: tp,
				State:  strings.Join(r.Header.Values(HeaderTraceState), ","),
			}
		}
	}
	return TraceContext{Parent: NewTrace(), Restarted: true}
}

// Inject sets the headers of an outbound request: a child traceparent with a fresh span id and
// the tracestate unchanged. It returns the child it sent.
func (tc TraceContext) Inject(h http.Header) TraceParent {
	child := tc.Parent.Child()
	h.Set(HeaderTraceParent, child.String())
	if tc.State != "" {
		h.Set(HeaderTraceState, tc.State)
	} else {
		h.Del(HeaderTraceState)
	}
	return child
}

type traceKey struct{}

// WithTrace returns a copy of ctx carrying tc.
func WithTrace(ctx context.Context, tc TraceContext) context.Context {
	return context.WithValue(ctx, traceKey{}, tc)
}

// TraceFrom returns the trace context stored in ctx by WithTrace or the Trace middleware.
func TraceFrom(ctx context.Context) (TraceContext, bool) {
	tc, ok := ctx.Value(traceKey{}).(TraceContext)
	return tc, ok
}

// Trace is middleware that stores the request's trace context (see TraceFromRequest) in the
// request context.
func Trace(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tc := TraceFromRequest(r)
		next.ServeHTTP(w, r.WithContext(WithTrace(r.Context(), tc)))
	})
}

func isLowerHex(s string) bool {
	for i := range len(s) {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// fillRandom fills b with random bytes that are not all zero.
func fillRandom(b []byte) {
	for {
		// Since Go 1.24 crypto/rand.Read never returns an error: it crashes the program instead.
		_, _ = rand.Read(b)
		if !allZero(b) {
			return
		}
	}
}
