package offline

import (
	"container/heap"
	"slices"
	"sort"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/diag"
	"github.com/secure-aca/secure-aca/stackconfig"
)

// Result is everything one offline run produced.
type Result struct {
	Project, Stack string
	// Resources are in a deterministic order: parents before children, dependencies before dependents, ties
	// broken by URN.
	Resources []*Resource
	Invokes   []Invoke
	// Messages are the warnings and notices the program logged.
	Messages []diag.Message
	// Outputs are the stack outputs, with secret values replaced by "[secret]".
	Outputs map[string]any
}

// Program is a Pulumi program that takes its config values as an argument, such as stack.Program.
type Program func(values stackconfig.Values) pulumi.RunFunc

// Run evaluates program for a stack of project under the offline monitor. It returns the program's error
// (for an invalid config, the aggregated validation error) together with whatever was recorded up to it.
func Run(project, stackName string, values stackconfig.Values, program Program, monitor *Monitor) (*Result, error) {
	if monitor == nil {
		monitor = NewMonitor(project, stackName)
	}
	recorder := &diag.Recorder{}
	exports := &exportRecorder{values: map[string]any{}}

	body := func(ctx *pulumi.Context) error {
		ctx = diag.WithSink(ctx, recorder)
		if err := program(values)(ctx); err != nil {
			return err
		}
		exports.capture(ctx)
		return nil
	}
	withConfig := func(info *pulumi.RunInfo) {
		info.Config = values.Config
		info.ConfigSecretKeys = values.SecretKeys
	}
	err := pulumi.RunErr(body, pulumi.WithMocks(project, stackName, monitor), withConfig)

	result := &Result{
		Project:   project,
		Stack:     stackName,
		Resources: Order(monitor.Resources()),
		Invokes:   monitor.Invokes(),
		Messages:  recorder.Messages(),
		Outputs:   exports.snapshot(),
	}
	if err != nil {
		return result, err
	}
	return result, nil
}

type exportRecorder struct {
	mu     sync.Mutex
	values map[string]any
}

func (e *exportRecorder) capture(ctx *pulumi.Context) {
	for name, value := range ctx.GetCurrentExportMap() {
		output := pulumi.ToOutput(value)
		output.ApplyT(func(resolved any) (any, error) {
			shown := resolved
			if pulumi.IsSecret(output) {
				shown = "[secret]"
			}
			e.mu.Lock()
			defer e.mu.Unlock()
			e.values[name] = shown
			return nil, nil
		})
	}
}

func (e *exportRecorder) snapshot() map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]any, len(e.values))
	for key, value := range e.values {
		out[key] = value
	}
	return out
}

// Order sorts resources so that every resource comes after its parent and its dependencies, breaking ties by
// URN: the order depends only on the graph, never on the order registrations happened to arrive in.
func Order(resources []*Resource) []*Resource {
	byURN := map[string]*Resource{}
	for _, r := range resources {
		byURN[r.URN] = r
	}

	remaining := map[string]int{}
	successors := map[string][]string{}
	for _, r := range resources {
		seen := map[string]bool{}
		for _, urn := range append([]string{r.Parent}, r.Dependencies...) {
			if _, ok := byURN[urn]; !ok || seen[urn] || urn == r.URN {
				continue
			}
			seen[urn] = true
			remaining[r.URN]++
			successors[urn] = append(successors[urn], r.URN)
		}
	}
	ready := &urnHeap{}
	for _, r := range resources {
		if remaining[r.URN] == 0 {
			heap.Push(ready, r.URN)
		}
	}

	ordered := make([]*Resource, 0, len(resources))
	for ready.Len() > 0 {
		next := heap.Pop(ready).(string)
		ordered = append(ordered, byURN[next])
		for _, successor := range successors[next] {
			remaining[successor]--
			if remaining[successor] == 0 {
				heap.Push(ready, successor)
			}
		}
	}
	if len(ordered) != len(resources) {
		// A cycle cannot come from Pulumi, which only lets a resource depend on resources registered before
		// it; keep every resource anyway, in URN order.
		byName := slices.Clone(resources)
		sort.Slice(byName, func(i, j int) bool { return byName[i].URN < byName[j].URN })
		return byName
	}
	return ordered
}

// urnHeap is a min-heap of URNs.
type urnHeap []string

func (h urnHeap) Len() int           { return len(h) }
func (h urnHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h urnHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *urnHeap) Push(x any)        { *h = append(*h, x.(string)) }
func (h *urnHeap) Pop() any {
	old := *h
	last := old[len(old)-1]
	*h = old[:len(old)-1]
	return last
}
