package policy

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteText writes one line per finding, then a summary per rule.
func (r Report) WriteText(w io.Writer) error {
	p := &printer{w: w}
	severity := map[string]Severity{}
	for _, rule := range r.Rules {
		severity[rule.ID] = rule.Severity
	}
	for _, finding := range r.Findings {
		status := "PASS"
		if !finding.Passed {
			status = "FAIL"
		}
		p.printf("%s  %-12s %-7s %-40s %s\n", status, finding.RuleID, severity[finding.RuleID], finding.Resource,
			finding.Message)
	}
	p.printf("\n")
	failed := map[string]int{}
	for _, finding := range r.Findings {
		if !finding.Passed {
			failed[finding.RuleID]++
		}
	}
	for _, rule := range r.Rules {
		status := "pass"
		if failed[rule.ID] > 0 {
			status = fmt.Sprintf("FAIL (%d)", failed[rule.ID])
		}
		p.printf("%-12s %-7s %-10s %s\n", rule.ID, rule.Severity, status, rule.Title)
	}
	p.printf("\nPolicy: %d rules, %d errors, %d warnings\n", len(r.Rules), len(r.Violations(SeverityError)),
		len(r.Violations(SeverityWarning)))
	return p.err
}

// jsonReport is the machine-readable report.
type jsonReport struct {
	Rules    []jsonRule    `json:"rules"`
	Findings []jsonFinding `json:"findings"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
}

type jsonRule struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Rationale  string   `json:"rationale"`
	Source     string   `json:"source"`
	Severity   Severity `json:"severity"`
	Stage      Stage    `json:"stage"`
	Exceptions []string `json:"exceptions,omitempty"`
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Resource string `json:"resource"`
	Type     string `json:"type"`
	Passed   bool   `json:"passed"`
	Message  string `json:"message"`
}

// WriteJSON writes the report as JSON.
func (r Report) WriteJSON(w io.Writer) error {
	out := jsonReport{
		Rules:    []jsonRule{},
		Findings: []jsonFinding{},
		Errors:   len(r.Violations(SeverityError)),
		Warnings: len(r.Violations(SeverityWarning)),
	}
	for _, rule := range r.Rules {
		out.Rules = append(out.Rules, jsonRule{
			ID: rule.ID, Title: rule.Title, Rationale: rule.Rationale, Source: rule.Source,
			Severity: rule.Severity, Stage: rule.Stage, Exceptions: rule.Exceptions,
		})
	}
	for _, finding := range r.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			Rule: finding.RuleID, Resource: finding.Resource, Type: finding.Type, Passed: finding.Passed,
			Message: finding.Message,
		})
	}
	encoder := json.NewEncoder(w)
	encoder.SetIndent("", "    ")
	encoder.SetEscapeHTML(false)
	return encoder.Encode(out)
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}
