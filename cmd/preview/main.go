// Command preview shows what `pulumi up` would create for a stack, without a cloud account, Pulumi plugins or
// Docker: it runs the real program under Pulumi's mock monitor, with placeholder values for what Azure
// computes.
//
//	go run ./cmd/preview -stack dev                 # reads Pulumi.dev.yaml from the working directory
//	go run ./cmd/preview -config path/to/any.yaml   # any file in the Pulumi.<stack>.yaml shape
//	go run ./cmd/preview -stack prod -json          # the shape of `pulumi preview --json`
//	go run ./cmd/preview -stack dev -mermaid        # the dependency graph as a Mermaid flowchart
//	go run ./cmd/preview -stack prod -policy        # the policy rules, pass or fail per rule and resource
//
// Exit status: 0 success; 1 invalid config, unreadable file, or (with -policy) a rule violation at error
// level; 2 bad flags.
package main

import (
	"os"

	"github.com/secure-aca/secure-aca/internal/previewcli"
)

func main() {
	os.Exit(previewcli.Run(".", os.Args[1:], os.Stdout, os.Stderr))
}
