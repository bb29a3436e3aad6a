// Command gendocs regenerates the generated sections of README.md (the architecture diagram and the config
// reference). Run it from the project root: `go run ./cmd/gendocs`.
package main

import (
	"fmt"
	"os"

	"github.com/secure-aca/secure-aca/internal/docs"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

func run() error {
	sections, err := docs.Sections("secure-aca", ".")
	if err != nil {
		return err
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		return err
	}
	updated, err := docs.Apply(string(readme), sections)
	if err != nil {
		return err
	}
	return os.WriteFile("README.md", []byte(updated), 0o644)
}
