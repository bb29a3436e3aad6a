package tests

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/offline"
	"github.com/secure-aca/secure-aca/stack"
	"github.com/secure-aca/secure-aca/stackconfig"
)

func TestScratch(t *testing.T) {
	values, err := stackconfig.ReadStackFile("../Pulumi.dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	program := func(v stackconfig.Values) pulumi.RunFunc {
		return stack.Program(v, stack.Options{Exchanger: &offline.Exchanger{}, ProjectDir: ".."})
	}
	result, err := offline.Run("secure-aca", "dev", values, program, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range result.Resources {
		fmt.Println(r.Type, r.Name, r.ID)
	}
	fmt.Println(result.Messages, result.Outputs)
}
