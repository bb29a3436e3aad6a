// Package validation collects every problem with a set of inputs before anything is created, each naming the
// path of the bad value, the value and what is allowed.
//
// Components report paths in their schema names (the `pulumi:"..."` tags, e.g. "ingress.targetPort"); the
// stack config uses the same names, so the config package only prefixes them with the config key
// (e.g. "secure-aca:apps[0].ingress.targetPort").
package validation

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Problem is one invalid value.
type Problem struct {
	// Path locates the value, e.g. "ingress.targetPort"; empty for the object as a whole.
	Path string
	// Message says what is wrong and what is allowed.
	Message string
}

// Error implements error.
func (p *Problem) Error() string {
	if p.Path == "" {
		return p.Message
	}
	// A key is written by whoever wrote the config: quoted, a control character in it cannot rewrite the
	// terminal or forge another line of output.
	if strings.ContainsFunc(p.Path, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return strconv.Quote(p.Path) + ": " + p.Message
	}
	return p.Path + ": " + p.Message
}

// List accumulates problems.
type List struct {
	problems []*Problem
}

// Add records a problem at path.
func (l *List) Add(path, format string, args ...any) {
	l.problems = append(l.problems, &Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// AddError records err at path; nil is ignored. Problems inside err keep their own paths below path.
func (l *List) AddError(path string, err error) {
	if err == nil {
		return
	}
	for _, problem := range Problems(err) {
		l.problems = append(l.problems, &Problem{Path: Join(path, problem.Path), Message: problem.Message})
	}
}

// Len returns how many problems were recorded.
func (l *List) Len() int { return len(l.problems) }

// Err returns nil when nothing was recorded, else every problem joined in the order recorded.
func (l *List) Err() error {
	if len(l.problems) == 0 {
		return nil
	}
	errs := make([]error, len(l.problems))
	for i, problem := range l.problems {
		errs[i] = problem
	}
	return errors.Join(errs...)
}

// Problems flattens err into its problems; an error that is not a Problem becomes one without a path.
func Problems(err error) []*Problem {
	if err == nil {
		return nil
	}
	if problem, ok := err.(*Problem); ok { //nolint:errorlint // only err itself, not a Problem wrapped inside it
		return []*Problem{problem}
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*Problem
		for _, inner := range joined.Unwrap() {
			out = append(out, Problems(inner)...)
		}
		return out
	}
	return []*Problem{{Message: err.Error()}}
}

// Join appends child to a path: Join("apps[0]", "cpu") is "apps[0].cpu"; an index child joins without a dot.
func Join(parent, child string) string {
	switch {
	case parent == "":
		return child
	case child == "":
		return parent
	case strings.HasPrefix(child, "["):
		return parent + child
	}
	return parent + "." + child
}

// Index returns the path of a list element: Index("env", 2) is "env[2]".
func Index(path string, i int) string {
	return fmt.Sprintf("%s[%d]", path, i)
}

// MessagesAt returns the messages of err's problems reported at exactly path, one per line.
func MessagesAt(err error, path string) string {
	var messages []string
	for _, problem := range Problems(err) {
		if problem.Path == path {
			messages = append(messages, problem.Message)
		}
	}
	return strings.Join(messages, "\n")
}
