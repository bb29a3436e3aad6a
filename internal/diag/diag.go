// Package diag is the project's logger for operator-facing messages.
//
// Components and the stack report risky-but-allowed settings through Warn. Each message goes to the Pulumi
// engine through ctx.Log, as any Pulumi program would, and also to an optional Sink attached to the context.
// The sink exists because Pulumi's mock monitor discards ctx.Log: the offline preview and the tests attach
// one to see the same warnings an operator sees during `pulumi up`.
package diag

import (
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Severity orders messages by how much attention they need.
type Severity string

const (
	// SeverityInfo marks a fact the operator acts on.
	SeverityInfo Severity = "info"
	// SeverityWarning marks a setting that is allowed but loosens a secure or reliable default.
	SeverityWarning Severity = "warning"
)

// Message is one operator-facing message.
type Message struct {
	Severity Severity
	// Resource is the logical name of the resource the message is about; empty for the stack as a whole.
	Resource string
	Text     string
}

// Sink receives every message logged through a context it is attached to.
type Sink interface {
	Emit(Message)
}

type sinkKey struct{}

// WithSink returns a copy of ctx whose messages also reach sink.
func WithSink(ctx *pulumi.Context, sink Sink) *pulumi.Context {
	return ctx.WithValue(sinkKey{}, sink)
}

// Warn reports a risky-but-allowed setting on resource (which may be nil for stack-wide messages).
func Warn(ctx *pulumi.Context, resource pulumi.Resource, name, text string) {
	emit(ctx, resource, Message{Severity: SeverityWarning, Resource: name, Text: text})
}

// Info reports a fact the operator acts on.
func Info(ctx *pulumi.Context, resource pulumi.Resource, name, text string) {
	emit(ctx, resource, Message{Severity: SeverityInfo, Resource: name, Text: text})
}

func emit(ctx *pulumi.Context, resource pulumi.Resource, message Message) {
	var args *pulumi.LogArgs
	if resource != nil {
		args = &pulumi.LogArgs{Resource: resource}
	}

	// Logging to the engine only fails when the engine connection is gone, in which case the deployment
	// itself fails and reports why; the message must not turn into a second, misleading error.
	switch message.Severity {
	case SeverityWarning:
		_ = ctx.Log.Warn(message.Text, args)
	default:
		_ = ctx.Log.Info(message.Text, args)
	}

	if sink, ok := ctx.Value(sinkKey{}).(Sink); ok {
		sink.Emit(message)
	}
}

// Recorder is a Sink that keeps every message, safe for concurrent use.
type Recorder struct {
	mu       sync.Mutex
	messages []Message
}

// Emit records message.
func (r *Recorder) Emit(message Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = append(r.messages, message)
}

// Messages returns the recorded messages in the order they arrived.
func (r *Recorder) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.messages...)
}
