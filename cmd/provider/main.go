// Command provider serves the project's components (SecureRegistry, SecretVault, AppEnvironment and
// SecureContainerApp) as the Pulumi package "secureaca", so that programs in any Pulumi language can use them.
//
// Pulumi runs it: `pulumi package add` on this directory (it holds PulumiPlugin.yaml) builds it, reads its
// schema and generates a local SDK; the program's deployments then start it to construct the components.
//
// Run by hand with -schema, it prints the package schema instead:
//
//	go run ./cmd/provider -schema > docs/schema.json
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	ctx := context.Background()

	// Only the exact argument counts as the schema request: the engine starts the provider with arguments of
	// its own, which the provider's runtime parses.
	if len(args) == 1 && (args[0] == "-schema" || args[0] == "--schema") {
		schema, err := packageSchema(ctx)
		if err != nil {
			return err
		}
		_, err = os.Stdout.Write(schema)
		return err
	}

	provider, err := newProvider()
	if err != nil {
		return err
	}
	return provider.Run(ctx, Name, Version)
}
