// Package docs generates the parts of README.md that must match the code: the architecture diagram (from the
// offline preview of the dev stack) and the config reference (from stackconfig.Reference).
package docs

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/preview"
	"github.com/secure-aca/secure-aca/offline"
	"github.com/secure-aca/secure-aca/policy"
	"github.com/secure-aca/secure-aca/stack"
	"github.com/secure-aca/secure-aca/stackconfig"
)

// Section is a generated part of a Markdown file, between "<!-- begin:NAME -->" and "<!-- end:NAME -->".
type Section struct {
	Name    string
	Content string
}

// Sections renders every generated section for the project in projectDir.
func Sections(project, projectDir string) ([]Section, error) {
	values, err := stackconfig.ReadStackFile(projectDir + "/Pulumi.dev.yaml")
	if err != nil {
		return nil, err
	}
	program := func(values stackconfig.Values) pulumi.RunFunc {
		return stack.Program(values, stack.Options{Exchanger: &offline.Exchanger{}, ProjectDir: projectDir})
	}
	result, err := offline.Run(project, "dev", values, program, nil)
	if err != nil {
		return nil, fmt.Errorf("running the dev stack offline: %w", err)
	}
	var diagram bytes.Buffer
	if err := preview.WriteMermaid(&diagram, result); err != nil {
		return nil, err
	}
	return []Section{
		{Name: "diagram", Content: "```mermaid\n" + diagram.String() + "```\n"},
		{Name: "config-reference", Content: stackconfig.ReferenceMarkdown(project)},
		{Name: "policy-rules", Content: policyTable()},
	}, nil
}

// policyTable lists the policy rules with their rationale and source.
func policyTable() string {
	var b strings.Builder
	b.WriteString("| rule | severity | stacks | what and why | source |\n|---|---|---|---|---|\n")
	for _, rule := range policy.Rules() {
		why := rule.Title + ": " + rule.Rationale + "."
		for _, exception := range rule.Exceptions {
			why += " Exception: " + exception + "."
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", rule.ID, rule.Severity, rule.Stage,
			strings.ReplaceAll(why, "|", "\\|"), strings.ReplaceAll(rule.Source, "|", "\\|"))
	}
	return b.String()
}

// Apply replaces each section's content in text; a section whose markers are missing is an error.
func Apply(text string, sections []Section) (string, error) {
	for _, section := range sections {
		begin := "<!-- begin:" + section.Name + " -->\n"
		end := "<!-- end:" + section.Name + " -->"
		start := strings.Index(text, begin)
		stop := strings.Index(text, end)
		if start < 0 || stop < start {
			return "", fmt.Errorf("README.md has no %q section markers", section.Name)
		}
		text = text[:start+len(begin)] + section.Content + text[stop:]
	}
	return text, nil
}
