package preview

import (
	"fmt"
	"io"
	"strings"

	"github.com/secure-aca/secure-aca/offline"
)

// WriteMermaid writes the dependency graph as a Mermaid flowchart: one node per Azure resource, components as
// subgraphs, an arrow from each resource to the resources that wait for it.
func WriteMermaid(w io.Writer, result *offline.Result) error {
	p := &printer{w: w}
	graph := NewGraph(result.Resources)

	ids := map[string]string{}
	for i, r := range result.Resources {
		ids[r.URN] = fmt.Sprintf("n%d", i)
	}
	children := map[string][]*offline.Resource{}
	for _, r := range result.Resources {
		children[r.Parent] = append(children[r.Parent], r)
	}

	p.printf("flowchart LR\n")
	var nest func(parent, indent string)
	nest = func(parent, indent string) {
		for _, r := range children[parent] {
			if r.Custom {
				p.printf("%s%s[\"%s<br/>%s\"]\n", indent, ids[r.URN], shortType(r.Type), escape(r.Name))
				continue
			}
			p.printf("%ssubgraph %s [\"%s %s\"]\n", indent, ids[r.URN], shortType(r.Type), escape(r.Name))
			nest(r.URN, indent+"    ")
			p.printf("%send\n", indent)
		}
	}
	nest("", "    ")

	for _, r := range result.Resources {
		if !r.Custom {
			continue
		}
		for _, predecessor := range graph.Predecessors[r.URN] {
			p.printf("    %s --> %s\n", ids[predecessor], ids[r.URN])
		}
	}
	return p.err
}

func escape(text string) string {
	return strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;").Replace(text)
}
