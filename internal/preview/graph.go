// Package preview renders an offline run of the stack for people and tools: a text tree, a JSON document in
// the shape of `pulumi preview --json`, a Mermaid graph, and the deployment's critical path.
package preview

import (
	"slices"

	"github.com/secure-aca/secure-aca/offline"
)

// Graph is the dependency graph of custom resources: an edge a→b means b waits for a. A dependency on a
// component stands for its custom descendants, as it does for the Pulumi engine.
type Graph struct {
	Nodes []*offline.Resource
	// Predecessors maps a URN to the URNs it waits for, sorted.
	Predecessors map[string][]string
	byURN        map[string]*offline.Resource
}

// NewGraph builds the graph of the resources of a run.
func NewGraph(resources []*offline.Resource) *Graph {
	g := &Graph{Predecessors: map[string][]string{}, byURN: map[string]*offline.Resource{}}
	children := map[string][]string{}
	for _, r := range resources {
		g.byURN[r.URN] = r
		if r.Parent != "" {
			children[r.Parent] = append(children[r.Parent], r.URN)
		}
	}

	var expand func(urn string, into map[string]bool)
	expand = func(urn string, into map[string]bool) {
		r, ok := g.byURN[urn]
		if !ok {
			return
		}
		if r.Custom {
			into[urn] = true
			return
		}
		for _, child := range children[urn] {
			expand(child, into)
		}
	}

	for _, r := range resources {
		if !r.Custom {
			continue
		}
		g.Nodes = append(g.Nodes, r)
		waits := map[string]bool{}
		for _, dep := range r.Dependencies {
			expand(dep, waits)
		}
		for _, deps := range r.PropertyDependencies {
			for _, dep := range deps {
				expand(dep, waits)
			}
		}
		delete(waits, r.URN)
		predecessors := make([]string, 0, len(waits))
		for urn := range waits {
			predecessors = append(predecessors, urn)
		}
		slices.Sort(predecessors)
		g.Predecessors[r.URN] = predecessors
	}
	return g
}

// Resource returns the resource with urn.
func (g *Graph) Resource(urn string) *offline.Resource { return g.byURN[urn] }

// Ancestors returns every resource urn waits for, directly or not.
func (g *Graph) Ancestors(urn string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(u string) {
		for _, p := range g.Predecessors[u] {
			if !seen[p] {
				seen[p] = true
				walk(p)
			}
		}
	}
	walk(urn)
	return seen
}

// Path is a dependency chain with its estimated duration.
type Path struct {
	URNs    []string
	Seconds int
}

// CriticalPath returns the longest chain weighted by Estimates, and the time the same resources would take
// created one after another, as a script of CLI calls would.
func (g *Graph) CriticalPath() (critical Path, serialSeconds int) {
	longest := map[string]Path{}
	var visit func(urn string) Path
	visit = func(urn string) Path {
		if path, ok := longest[urn]; ok {
			return path
		}
		r := g.byURN[urn]
		best := Path{}
		for _, p := range g.Predecessors[urn] {
			candidate := visit(p)
			if candidate.Seconds > best.Seconds || (candidate.Seconds == best.Seconds && len(candidate.URNs) > len(best.URNs)) {
				best = candidate
			}
		}
		path := Path{
			URNs:    append(slices.Clone(best.URNs), urn),
			Seconds: best.Seconds + EstimateFor(r).Seconds,
		}
		longest[urn] = path
		return path
	}

	for _, node := range g.Nodes {
		serialSeconds += EstimateFor(node).Seconds
		path := visit(node.URN)
		if path.Seconds > critical.Seconds || (path.Seconds == critical.Seconds && len(path.URNs) > len(critical.URNs)) {
			critical = path
		}
	}
	return critical, serialSeconds
}

// Chains returns every maximal dependency chain that ends at urn (each from a resource without predecessors).
// It is exponential in the worst case; the stack's graph is shallow.
func (g *Graph) Chains(urn string) [][]string {
	predecessors := g.Predecessors[urn]
	if len(predecessors) == 0 {
		return [][]string{{urn}}
	}
	var chains [][]string
	for _, p := range predecessors {
		for _, chain := range g.Chains(p) {
			chains = append(chains, append(slices.Clone(chain), urn))
		}
	}
	return chains
}
