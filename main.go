// The secure-aca stack: one resource group per environment with a Container Apps environment, its monitoring,
// a registry, a key vault, and the apps listed in Pulumi.<stack>.yaml, each with its own identity.
//
// Run it with `pulumi up`; see README.md. The offline preview (`go run ./cmd/preview`) runs the same program
// without a cloud account.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/acrauth"
	"github.com/secure-aca/secure-aca/stack"
	"github.com/secure-aca/secure-aca/stackconfig"
)

func main() {
	values, err := stackconfig.FromEnvironment()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	pulumi.Run(stack.Program(values, stack.Options{
		Exchanger:  acrauth.AzureExchanger{},
		ProjectDir: ".",
	}))
}
