// Package previewcli is the preview command: it shows what `pulumi up` would create for a stack, without a
// cloud account, Pulumi plugins or Docker, by running the real program under Pulumi's mock monitor. cmd/preview
// runs it; the tests run it in-process.
//
// Exit status: 0 success; 1 invalid config, unreadable file, or (with -policy) a rule violation at error
// level; 2 bad flags.
package previewcli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"

	"github.com/secure-aca/secure-aca/internal/preview"
	"github.com/secure-aca/secure-aca/offline"
	"github.com/secure-aca/secure-aca/policy"
	"github.com/secure-aca/secure-aca/stack"
	"github.com/secure-aca/secure-aca/stackconfig"
)

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

var (
	stackFileName = regexp.MustCompile(`^Pulumi\.([^./\\]+)\.ya?ml$`)
	// stackNamePattern is what Pulumi accepts as a stack name.
	stackNamePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)
	// multiErrorHeading is the line the Pulumi SDK puts above the errors a program returns.
	multiErrorHeading = regexp.MustCompile(`^\d+ errors? occurred:$`)
)

type options struct {
	stack, config         string
	json, mermaid, policy bool
	production            string
}

// Run runs the preview command with args, for the project in dir, and returns its exit status. A relative
// -config path is relative to the working directory, as on a command line.
func Run(dir string, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("preview", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var opts options
	flags.StringVar(&opts.stack, "stack", "", "stack name; reads Pulumi.<stack>.yaml unless -config is given")
	flags.StringVar(&opts.config, "config", "", "path to a stack config file in the Pulumi.<stack>.yaml shape")
	flags.BoolVar(&opts.json, "json", false, "print JSON in the shape of pulumi preview --json")
	flags.BoolVar(&opts.mermaid, "mermaid", false, "print the dependency graph as a Mermaid flowchart")
	flags.BoolVar(&opts.policy, "policy", false, "evaluate the policy rules; exit 1 on a violation at error level")
	flags.StringVar(&opts.production, "production", "auto",
		"with -policy, apply the production-only rules: auto (when the environment is prd or starts "+
			"with prod), true or false")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/preview (-stack NAME | -config FILE [-stack NAME]) "+
			"[-json | -mermaid] [-policy [-production auto|true|false]]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	switch {
	case flags.NArg() > 0:
		fmt.Fprintf(stderr, "preview: unexpected argument %q\n", flags.Arg(0))
		flags.Usage()
		return exitUsage
	case opts.stack == "" && opts.config == "":
		fmt.Fprintln(stderr, "preview: -stack or -config is required")
		flags.Usage()
		return exitUsage
	case opts.json && opts.mermaid, opts.policy && opts.mermaid:
		fmt.Fprintln(stderr, "preview: -mermaid cannot be combined with -json or -policy")
		return exitUsage
	case opts.stack != "" && !stackNamePattern.MatchString(opts.stack):
		fmt.Fprintf(stderr, "preview: -stack %q is not allowed; allowed: 1 to 100 letters, digits, '-', '_' and '.'\n",
			opts.stack)
		return exitUsage
	case opts.production != "auto" && opts.production != "true" && opts.production != "false":
		fmt.Fprintf(stderr, "preview: -production %q is not allowed; allowed: auto, true, false\n", opts.production)
		return exitUsage
	case opts.production != "auto" && !opts.policy:
		fmt.Fprintln(stderr, "preview: -production applies only to -policy")
		return exitUsage
	}

	path, stackName := resolveStack(dir, opts)
	project, err := projectName(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return fail(stdout, stderr, opts, "unknown-project", stackName, err)
	}

	values, err := stackconfig.ReadStackFile(path)
	if err != nil {
		return fail(stdout, stderr, opts, project, stackName, err)
	}
	exchanger := &offline.Exchanger{}
	program := func(values stackconfig.Values) pulumi.RunFunc {
		return stack.Program(values, stack.Options{Exchanger: exchanger, ProjectDir: dir})
	}
	result, err := offline.Run(project, stackName, values, program, nil)
	if err != nil {
		return fail(stdout, stderr, opts, project, stackName, err)
	}

	for _, message := range result.Messages {
		fmt.Fprintf(stderr, "%s: %s: %s\n", message.Severity, message.Resource, message.Text)
	}
	if opts.policy {
		return reportPolicy(stdout, stderr, opts, result)
	}
	switch {
	case opts.json:
		err = preview.NewDocument(result).Write(stdout)
	case opts.mermaid:
		err = preview.WriteMermaid(stdout, result)
	default:
		err = preview.WriteText(stdout, result)
	}
	if err != nil {
		fmt.Fprintf(stderr, "preview: writing the output: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// reportPolicy evaluates the rules and fails on a violation at error level.
func reportPolicy(stdout, stderr io.Writer, opts options, result *offline.Result) int {
	production := policy.IsProduction(result)
	if opts.production != "auto" {
		production = opts.production == "true"
	}
	report := policy.Evaluate(policy.NewStack(result, production), policy.Rules())
	var err error
	if opts.json {
		err = report.WriteJSON(stdout)
	} else {
		err = report.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "preview: writing the output: %v\n", err)
		return exitInvalid
	}
	if violations := report.Violations(policy.SeverityError); len(violations) > 0 {
		fmt.Fprintf(stderr, "preview: %d policy violations at error level\n", len(violations))
		return exitInvalid
	}
	return exitOK
}

// resolveStack returns the stack file to read and the stack name to use.
func resolveStack(dir string, opts options) (path, stackName string) {
	if opts.config == "" {
		return filepath.Join(dir, "Pulumi."+opts.stack+".yaml"), opts.stack
	}
	stackName = opts.stack
	if stackName == "" {
		stackName = "preview"
		if match := stackFileName.FindStringSubmatch(filepath.Base(opts.config)); match != nil {
			stackName = match[1]
		}
	}
	return opts.config, stackName
}

// fail reports an invalid config or unreadable file: the error on stderr, and with -json a document whose
// diagnostics hold the errors and whose steps are empty.
func fail(stdout, stderr io.Writer, opts options, project, stackName string, err error) int {
	lines := errorLines(err)
	for _, line := range lines {
		fmt.Fprintf(stderr, "preview: %s\n", line)
	}
	if opts.json {
		if writeErr := preview.ErrorDocument(project, stackName, lines).Write(stdout); writeErr != nil {
			fmt.Fprintf(stderr, "preview: writing the output: %v\n", writeErr)
		}
	}
	return exitInvalid
}

// errorLines splits an error into its problems, without the heading the Pulumi SDK adds to a program's error.
func errorLines(err error) []string {
	var lines []string
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "* "))
		if line == "" || multiErrorHeading.MatchString(line) {
			continue
		}
		lines = append(lines, line)
	}
	return lines
}

// projectName reads the project name from Pulumi.yaml.
func projectName(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading the project file (run from the project root): %w", err)
	}
	var project struct {
		Name string `yaml:"name"`
	}
	if err := yaml.Unmarshal(data, &project); err != nil {
		return "", fmt.Errorf("parsing %s: %w", path, err)
	}
	if project.Name == "" {
		return "", errors.New("parsing " + path + ": no `name`")
	}
	return project.Name, nil
}
