package platform

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

const (
	validTraceID  = "4bf92f3577b34da6a3ce929d0e0e4736"
	validParentID = "00f067aa0ba902b7"
	validHeader   = "00-" + validTraceID + "-" + validParentID + "-01"
)

// traceParentPattern is the version 00 format from the spec, written independently of the parser.
var traceParentPattern = regexp.MustCompile(`^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$`)

// assertValidHeader fails unless h is a well-formed version 00 traceparent with non-zero ids.
func assertValidHeader(t *testing.T, h string) {
	t.Helper()
	if !traceParentPattern.MatchString(h) {
		t.Fatalf("traceparent %q does not have the version 00 format", h)
	}
	if h[3:35] == strings.Repeat("0", 32) || h[36:52] == strings.Repeat("0", 16) {
		t.Fatalf("traceparent %q has an all-zero id", h)
	}
}

func TestParseTraceParent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		header     string
		valid      bool
		wantFlags  byte
		wantString string
	}{
		{name: "valid sampled header parses", header: validHeader, valid: true, wantFlags: 1, wantString: validHeader},
		{
			name: "valid unsampled header parses", header: "00-" + validTraceID + "-" + validParentID + "-00",
			valid: true, wantFlags: 0,
		},
		{
			name: "unknown flag bits kept", header: "00-" + validTraceID + "-" + validParentID + "-ff",
			valid: true, wantFlags: 0xff,
		},
		{
			name:   "higher version with extra field parsed as version 00",
			header: "01-" + validTraceID + "-" + validParentID + "-01-extra", valid: true, wantFlags: 1,
			wantString: validHeader,
		},
		{
			name:   "higher version of exact length parsed",
			header: "cc-" + validTraceID + "-" + validParentID + "-01", valid: true, wantFlags: 1,
		},
		{
			name:   "higher version with extra data but no dash rejected",
			header: "01-" + validTraceID + "-" + validParentID + "-01x",
		},
		{name: "version 00 with trailing data rejected", header: validHeader + "-extra"},
		{name: "version ff rejected", header: "ff-" + validTraceID + "-" + validParentID + "-01"},
		{name: "non-hex version rejected", header: "0g-" + validTraceID + "-" + validParentID + "-01"},
		{name: "upper-case version rejected", header: "0A-" + validTraceID + "-" + validParentID + "-01"},
		{name: "all-zero trace id rejected", header: "00-" + strings.Repeat("0", 32) + "-" + validParentID + "-01"},
		{name: "all-zero parent id rejected", header: "00-" + validTraceID + "-" + strings.Repeat("0", 16) + "-01"},
		{
			name:   "upper-case trace id rejected",
			header: "00-" + strings.ToUpper(validTraceID) + "-" + validParentID + "-01",
		},
		{name: "upper-case parent id rejected", header: "00-" + validTraceID + "-00F067AA0BA902B7-01"},
		{name: "non-hex flags rejected", header: "00-" + validTraceID + "-" + validParentID + "-0z"},
		{name: "short trace id rejected", header: "00-" + validTraceID[:31] + "-" + validParentID + "-01"},
		{name: "long parent id rejected", header: "00-" + validTraceID + "-" + validParentID + "0-01"},
		{name: "one-digit flags rejected", header: "00-" + validTraceID + "-" + validParentID + "-1"},
		{name: "wrong delimiter rejected", header: "00_" + validTraceID + "_" + validParentID + "_01"},
		{name: "surrounding spaces rejected", header: " " + validHeader},
		{name: "empty header rejected", header: ""},
		{name: "garbage rejected", header: "not a traceparent at all, but long enough to pass a length check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tp, err := ParseTraceParent(tt.header)
			if !tt.valid {
				if !errors.Is(err, ErrInvalidTraceParent) {
					t.Fatalf("ParseTraceParent(%q) error = %v, want ErrInvalidTraceParent", tt.header, err)
				}
				if tp != (TraceParent{}) {
					t.Errorf("ParseTraceParent(%q) returned non-zero %v with an error", tt.header, tp)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseTraceParent(%q) error = %v", tt.header, err)
			}
			if tp.TraceIDHex() != validTraceID || tp.ParentIDHex() != validParentID {
				t.Errorf("ids = %s, %s; want %s, %s", tp.TraceIDHex(), tp.ParentIDHex(), validTraceID, validParentID)
			}
			if tp.Flags != tt.wantFlags {
				t.Errorf("Flags = %#x, want %#x", tp.Flags, tt.wantFlags)
			}
			if tt.wantString != "" && tp.String() != tt.wantString {
				t.Errorf("String() = %q, want %q", tp.String(), tt.wantString)
			}
		})
	}
}

func TestTraceParentChild(t *testing.T) {
	t.Parallel()
	parent, err := ParseTraceParent(validHeader)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[8]byte]bool{parent.ParentID: true}
	for range 50 {
		child := parent.Child()
		assertValidHeader(t, child.String())
		if child.TraceID != parent.TraceID {
			t.Fatalf("child trace id %s differs from parent %s", child.TraceIDHex(), parent.TraceIDHex())
		}
		if child.Flags != parent.Flags {
			t.Fatalf("child flags %#x differ from parent %#x", child.Flags, parent.Flags)
		}
		if seen[child.ParentID] {
			t.Fatalf("child span id %s repeated", child.ParentIDHex())
		}
		seen[child.ParentID] = true
	}
}

func TestNewTrace(t *testing.T) {
	t.Parallel()
	a, b := NewTrace(), NewTrace()
	for _, tp := range []TraceParent{a, b} {
		assertValidHeader(t, tp.String())
		if !tp.Sampled() {
			t.Errorf("new trace %s is not sampled", tp)
		}
		if _, err := ParseTraceParent(tp.String()); err != nil {
			t.Errorf("new trace %s does not parse: %v", tp, err)
		}
	}
	if a.TraceID == b.TraceID {
		t.Errorf("two new traces share trace id %s", a.TraceIDHex())
	}
}

func TestTraceFromRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		traceparents  []string
		tracestates   []string
		wantRestarted bool
		wantState     string
	}{
		{
			name: "valid header continues the trace with its state", traceparents: []string{validHeader},
			tracestates: []string{"vendor=abc,other=x y"}, wantState: "vendor=abc,other=x y",
		},
		{
			name: "several tracestate lines combined", traceparents: []string{validHeader},
			tracestates: []string{"a=1", "b=2"}, wantState: "a=1,b=2",
		},
		{name: "missing header starts a new trace", tracestates: []string{"a=1"}, wantRestarted: true},
		{
			name: "invalid header starts a new trace and drops the state", traceparents: []string{"00-bad"},
			tracestates: []string{"a=1"}, wantRestarted: true,
		},
		{
			name: "repeated header starts a new trace", traceparents: []string{validHeader, validHeader},
			wantRestarted: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			for _, v := range tt.traceparents {
				r.Header.Add(HeaderTraceParent, v)
			}
			for _, v := range tt.tracestates {
				r.Header.Add(HeaderTraceState, v)
			}
			tc := TraceFromRequest(r)
			assertValidHeader(t, tc.Parent.String())
			if tc.Restarted != tt.wantRestarted {
				t.Errorf("Restarted = %v, want %v", tc.Restarted, tt.wantRestarted)
			}
			if tc.State != tt.wantState {
				t.Errorf("State = %q, want %q", tc.State, tt.wantState)
			}
			if !tt.wantRestarted && tc.Parent.String() != validHeader {
				t.Errorf("Parent = %s, want the incoming %s", tc.Parent, validHeader)
			}
			if tt.wantRestarted && tc.Parent.TraceIDHex() == validTraceID {
				t.Errorf("restarted trace reused the incoming trace id")
			}
		})
	}
}

func TestTraceContextInject(t *testing.T) {
	t.Parallel()
	parent, err := ParseTraceParent(validHeader)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("child traceparent and unchanged tracestate set", func(t *testing.T) {
		t.Parallel()
		h := http.Header{}
		child := TraceContext{Parent: parent, State: "a=1,b=2"}.Inject(h)
		got := h.Get(HeaderTraceParent)
		assertValidHeader(t, got)
		if got != child.String() {
			t.Errorf("header %q differs from returned child %q", got, child)
		}
		if got[3:35] != validTraceID || got[36:52] == validParentID {
			t.Errorf("header %q: want trace id %s and a new parent id", got, validTraceID)
		}
		if h.Get(HeaderTraceState) != "a=1,b=2" {
			t.Errorf("tracestate = %q, want unchanged", h.Get(HeaderTraceState))
		}
	})
	t.Run("empty state removes a stale tracestate", func(t *testing.T) {
		t.Parallel()
		h := http.Header{HeaderTraceState: []string{"stale=1"}}
		TraceContext{Parent: parent}.Inject(h)
		if _, ok := h[http.CanonicalHeaderKey(HeaderTraceState)]; ok {
			t.Errorf("tracestate still set: %q", h.Values(HeaderTraceState))
		}
	})
}

func TestTraceMiddlewareStoresContext(t *testing.T) {
	t.Parallel()
	var got TraceContext
	var ok bool
	h := Trace(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		got, ok = TraceFrom(r.Context())
	}))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set(HeaderTraceParent, validHeader)
	h.ServeHTTP(httptest.NewRecorder(), r)
	if !ok || got.Parent.String() != validHeader {
		t.Errorf("TraceFrom = %v, %v; want the incoming trace", got.Parent, ok)
	}
	if _, ok := TraceFrom(r.Context()); ok {
		t.Errorf("the original request context was modified")
	}
}
