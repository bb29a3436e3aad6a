package services_test

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// This file checks the image build policy: it parses both Dockerfiles and .dockerignore and
// fails when a rule is broken. The negative tests feed the checker small in-memory files so that
// every rule is shown to fire when broken.

// Rule ids reported by checkDockerfile and checkDockerignore.
const (
	ruleParse       = "parse"
	ruleStages      = "stages"
	ruleFromPinned  = "from-pinned"
	ruleFinalUser   = "final-user"
	ruleFinalCopy   = "final-copy"
	ruleFinalRun    = "final-run"
	ruleCGO         = "cgo-disabled"
	ruleSecretNames = "secret-names"
	ruleAddURL      = "add-url"
	ruleEntrypoint  = "entrypoint-exec"
	ruleIgnoreOut   = "ignore-excludes"
	ruleIgnoreIn    = "ignore-keeps-sources"
)

// violation is one broken rule.
type violation struct {
	rule string
	line int
	msg  string
}

// instruction is one Dockerfile instruction with its continuation lines joined.
type instruction struct {
	line int
	cmd  string
	args string
}

// stage is the instructions from one FROM to the next.
type stage struct {
	from         instruction
	image        string
	name         string
	instructions []instruction
}

var (
	digestPattern  = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	exactVersion   = regexp.MustCompile(`\d+\.\d+\.\d+`)
	secretLikeName = regexp.MustCompile(`(?i)(PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|CONNECTION_STRING)`)
	urlSource      = regexp.MustCompile(`(?i)^(https?|ftp|git)://|^git@`)
	goBuild        = regexp.MustCompile(`\bgo\s+build\b`)
	cgoDisabled    = regexp.MustCompile(`(^|\s)CGO_ENABLED=0(\s|$)`)
)

// parseDockerfile splits src into instructions, joining lines ending in a backslash and skipping
// comments and blank lines, including comment lines inside a continuation, as Docker does.
func parseDockerfile(src string) []instruction {
	var out []instruction
	var cur *instruction
	for i, raw := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cont := strings.HasSuffix(line, `\`)
		line = strings.TrimSpace(strings.TrimSuffix(line, `\`))
		if cur == nil {
			cmd, args, _ := strings.Cut(line, " ")
			cur = &instruction{line: i + 1, cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args)}
		} else {
			cur.args = strings.TrimSpace(cur.args + " " + line)
		}
		if !cont {
			out = append(out, *cur)
			cur = nil
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// fields splits s on white space, keeping quoted runs together.
func fields(s string) []string {
	var out []string
	var b strings.Builder
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
			b.WriteRune(r)
		case r == '"' || r == '\'':
			quote = r
			b.WriteRune(r)
		case r == ' ' || r == '\t':
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// splitFlags separates leading --flag=value arguments from the rest.
func splitFlags(args string) (flags map[string]string, rest []string) {
	flags = map[string]string{}
	f := fields(args)
	for len(f) > 0 && strings.HasPrefix(f[0], "--") {
		k, v, _ := strings.Cut(strings.TrimPrefix(f[0], "--"), "=")
		flags[strings.ToLower(k)] = v
		f = f[1:]
	}
	return flags, f
}

// splitStages groups instructions by FROM. Instructions before the first FROM (only ARG is legal
// there) are ignored.
func splitStages(ins []instruction) []stage {
	var stages []stage
	for _, in := range ins {
		if in.cmd == "FROM" {
			_, rest := splitFlags(in.args)
			st := stage{from: in}
			if len(rest) > 0 {
				st.image = rest[0]
			}
			if len(rest) == 3 && strings.EqualFold(rest[1], "AS") {
				st.name = strings.ToLower(rest[2])
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) > 0 {
			stages[len(stages)-1].instructions = append(stages[len(stages)-1].instructions, in)
		}
	}
	return stages
}

// checkImageRef reports why ref is not pinned to an exact version, or "" when it is.
func checkImageRef(ref string) string {
	if strings.Contains(ref, "$") {
		return "uses a build variable, so the pin cannot be checked"
	}
	name, digest, hasDigest := strings.Cut(ref, "@")
	if hasDigest && !digestPattern.MatchString(digest) {
		return "digest must be sha256: followed by 64 lower-case hex digits"
	}
	lastSlash := strings.LastIndex(name, "/")
	colon := strings.LastIndex(name, ":")
	if colon <= lastSlash {
		return "has no tag"
	}
	tag := name[colon+1:]
	if tag == "" || tag == "latest" {
		return "must not use the latest or an empty tag"
	}
	if !hasDigest && !exactVersion.MatchString(tag) {
		return "tag " + tag + " is not an exact version and there is no digest"
	}
	return ""
}

// envNames returns the variable names an ENV or ARG instruction declares.
func envNames(in instruction) []string {
	f := fields(in.args)
	if len(f) == 0 {
		return nil
	}
	if in.cmd == "ENV" && !strings.Contains(f[0], "=") {
		return []string{f[0]} // legacy "ENV NAME value" form
	}
	var names []string
	for _, tok := range f {
		name, _, _ := strings.Cut(tok, "=")
		names = append(names, name)
	}
	return names
}

// checkDockerfile returns every rule src breaks.
func checkDockerfile(src string) []violation {
	ins := parseDockerfile(src)
	stages := splitStages(ins)
	var vs []violation
	add := func(rule string, line int, msg string) {
		vs = append(vs, violation{rule: rule, line: line, msg: msg})
	}
	if len(stages) < 2 {
		add(ruleStages, 0, "want a multi-stage build with at least two stages")
		if len(stages) == 0 {
			return vs
		}
	}

	stageNames := map[string]bool{}
	for i, st := range stages {
		isStage := stageNames[strings.ToLower(st.image)]
		if st.image == "" {
			add(ruleParse, st.from.line, "FROM without an image")
		} else if !isStage && st.image != "scratch" {
			if why := checkImageRef(st.image); why != "" {
				add(ruleFromPinned, st.from.line, st.image+" "+why)
			}
		}
		if st.name != "" {
			stageNames[st.name] = true
		}
		stageNames[string(rune('0'+i))] = true
	}

	buildFound := false
	for _, st := range stages {
		cgoOff := false
		for _, in := range st.instructions {
			switch in.cmd {
			case "ARG", "ENV":
				for _, name := range envNames(in) {
					if secretLikeName.MatchString(name) {
						add(ruleSecretNames, in.line,
							in.cmd+" "+name+" looks like a secret; inject secrets at run time")
					}
				}
				if in.cmd == "ENV" && cgoDisabled.MatchString(in.args) {
					cgoOff = true
				}
			case "ADD":
				_, rest := splitFlags(in.args)
				for _, src := range rest[:max(len(rest)-1, 0)] {
					if urlSource.MatchString(strings.Trim(src, `"[],`)) {
						add(ruleAddURL, in.line, "ADD from a URL: "+src)
					}
				}
			case "RUN":
				if goBuild.MatchString(in.args) {
					buildFound = true
					if !cgoOff && !cgoDisabled.MatchString(in.args) {
						add(ruleCGO, in.line, "go build without CGO_ENABLED=0")
					}
				}
			}
		}
	}
	if !buildFound {
		add(ruleCGO, 0, "no go build found")
	}

	final := stages[len(stages)-1]
	earlier := map[string]bool{}
	for i, st := range stages[:len(stages)-1] {
		if st.name != "" {
			earlier[st.name] = true
		}
		earlier[string(rune('0'+i))] = true
	}
	if earlier[strings.ToLower(final.image)] {
		add(ruleFinalCopy, final.from.line, "final stage must start from a runtime image, not from a build stage")
	}
	user := ""
	entrypoint := false
	for _, in := range final.instructions {
		switch in.cmd {
		case "USER":
			user = in.args
		case "COPY":
			flags, _ := splitFlags(in.args)
			if from, ok := flags["from"]; !ok || !earlier[strings.ToLower(from)] {
				add(ruleFinalCopy, in.line, "final stage may copy only from an earlier build stage")
			}
		case "ADD":
			add(ruleFinalCopy, in.line, "final stage must not use ADD")
		case "RUN":
			add(ruleFinalRun, in.line, "final stage must not run commands (no shell or build tools)")
		case "ENTRYPOINT":
			var argv []string
			if err := json.Unmarshal([]byte(in.args), &argv); err != nil || len(argv) == 0 {
				add(ruleEntrypoint, in.line, "ENTRYPOINT must use the exec (JSON array) form")
			}
			entrypoint = true
		}
	}
	if !entrypoint {
		add(ruleEntrypoint, 0, "final stage has no ENTRYPOINT")
	}
	name, _, _ := strings.Cut(user, ":")
	switch name {
	case "":
		add(ruleFinalUser, 0, "final stage must set a non-root USER")
	case "root", "0":
		add(ruleFinalUser, 0, "final stage runs as root")
	}
	return vs
}

// ignoreRule is one .dockerignore pattern.
type ignoreRule struct {
	segments []string
	negate   bool
}

// parseDockerignore reads patterns the way Docker does: comments and blank lines skipped, "!"
// for exceptions, leading slashes dropped, paths cleaned.
func parseDockerignore(src string) []ignoreRule {
	var rules []ignoreRule
	for _, line := range strings.Split(src, "\n") {
		p := strings.TrimSpace(line)
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		r := ignoreRule{}
		if strings.HasPrefix(p, "!") {
			r.negate = true
			p = strings.TrimSpace(p[1:])
		}
		p = path.Clean(strings.TrimLeft(p, "/"))
		r.segments = strings.Split(p, "/")
		rules = append(rules, r)
	}
	return rules
}

// matchSegments matches path segments against pattern segments; "**" matches any number of
// segments and other segments use path.Match.
func matchSegments(pat, name []string) bool {
	if len(pat) == 0 {
		return len(name) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(name); i++ {
			if matchSegments(pat[1:], name[i:]) {
				return true
			}
		}
		return false
	}
	if len(name) == 0 {
		return false
	}
	ok, err := path.Match(pat[0], name[0])
	if err != nil || !ok {
		return false
	}
	return matchSegments(pat[1:], name[1:])
}

// ignored reports whether rules keep p (slash-separated, relative to the context) out of the
// build context. A pattern matching a parent directory matches everything in it; the last
// matching pattern wins.
func ignored(rules []ignoreRule, p string) bool {
	segs := strings.Split(p, "/")
	excluded := false
	for _, r := range rules {
		for n := len(segs); n >= 1; n-- {
			if matchSegments(r.segments, segs[:n]) {
				excluded = !r.negate
				break
			}
		}
	}
	return excluded
}

// Paths .dockerignore must exclude and keep.
var (
	mustExclude = []string{
		".git", ".git/config", "api/main_test.go", "worker/worker_test.go", "internal/platform/trace_test.go",
		"dockerfile_test.go", ".env", "api/.env", "prod.env", "worker/local.env", ".env.local",
	}
	mustKeep = []string{
		"go.mod", "api/main.go", "worker/main.go", "internal/platform/server.go",
	}
)

// checkDockerignore returns every rule src breaks.
func checkDockerignore(src string) []violation {
	rules := parseDockerignore(src)
	var vs []violation
	for _, p := range mustExclude {
		if !ignored(rules, p) {
			vs = append(vs, violation{rule: ruleIgnoreOut, msg: p + " is sent to the build context"})
		}
	}
	for _, p := range mustKeep {
		if ignored(rules, p) {
			vs = append(vs, violation{rule: ruleIgnoreIn, msg: p + " is left out of the build context"})
		}
	}
	return vs
}

func rulesOf(vs []violation) []string {
	var out []string
	for _, v := range vs {
		if !slices.Contains(out, v.rule) {
			out = append(out, v.rule)
		}
	}
	return out
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return string(b)
}

func TestDockerfilesFollowPolicy(t *testing.T) {
	t.Parallel()
	ignore := parseDockerignore(readFile(t, ".dockerignore"))
	for _, svc := range []string{"api", "worker"} {
		t.Run(svc+" Dockerfile passes every rule", func(t *testing.T) {
			t.Parallel()
			src := readFile(t, filepath.Join(svc, "Dockerfile"))
			for _, v := range checkDockerfile(src) {
				t.Errorf("%s/Dockerfile:%d: %s: %s", svc, v.line, v.rule, v.msg)
			}
			stages := splitStages(parseDockerfile(src))
			for _, in := range stages[0].instructions {
				if in.cmd != "COPY" {
					continue
				}
				flags, rest := splitFlags(in.args)
				if _, ok := flags["from"]; ok {
					continue
				}
				if len(rest) < 2 {
					t.Errorf("line %d: COPY needs a source and a destination", in.line)
					continue
				}
				for _, source := range rest[:len(rest)-1] {
					clean := strings.TrimSuffix(source, "/")
					if _, err := os.Stat(filepath.FromSlash(clean)); err != nil {
						t.Errorf("COPY source %s is not in the services/ build context: %v", source, err)
					}
					if ignored(ignore, clean) {
						t.Errorf("COPY source %s is excluded by .dockerignore", source)
					}
				}
			}
			for _, want := range []string{
				"./" + svc, "-trimpath", "-X main.version=${VERSION}", "ARG VERSION", "EXPOSE 8080",
				"USER nonroot:nonroot", `ENTRYPOINT ["/app"]`, "COPY --from=build /out/app /app",
			} {
				if !strings.Contains(src, want) {
					t.Errorf("Dockerfile lacks %q", want)
				}
			}
			if strings.Contains(src, "HEALTHCHECK") && !strings.Contains(src, "# No HEALTHCHECK") {
				t.Error("distroless has no shell for a HEALTHCHECK; Container Apps probes are used instead")
			}
		})
	}
	t.Run(".dockerignore excludes tests, VCS and env files", func(t *testing.T) {
		t.Parallel()
		for _, v := range checkDockerignore(readFile(t, ".dockerignore")) {
			t.Errorf(".dockerignore: %s: %s", v.rule, v.msg)
		}
	})
}

// goodDockerfile passes every rule; each negative case breaks exactly one thing in it.
const goodDockerfile = `# comment
FROM golang:1.26.8-alpine3.24@sha256:` + hex64 + ` AS build
WORKDIR /src
ENV GOFLAGS=-mod=readonly
ARG VERSION=dev
COPY go.mod ./
RUN CGO_ENABLED=0 GOOS=linux \
    # a comment inside a continuation is skipped
    go build -trimpath -o /out/app ./api
FROM gcr.io/distroless/static-debian12:nonroot@sha256:` + hex64 + `
COPY --from=build /out/app /app
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/app"]
`

const hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestDockerfileCheckerRules(t *testing.T) {
	t.Parallel()
	if vs := checkDockerfile(goodDockerfile); len(vs) != 0 {
		t.Fatalf("the good Dockerfile breaks rules: %+v", vs)
	}
	replace := func(old, replacement string) string {
		if !strings.Contains(goodDockerfile, old) {
			t.Fatalf("test bug: %q not in the good Dockerfile", old)
		}
		return strings.Replace(goodDockerfile, old, replacement, 1)
	}
	tests := []struct {
		name     string
		src      string
		wantRule string
	}{
		{name: "single stage fails", wantRule: ruleStages, src: "FROM golang:1.26.8-alpine3.24\n" +
			"RUN CGO_ENABLED=0 go build -o /app .\nUSER 65532\nENTRYPOINT [\"/app\"]\n"},
		{
			name: "latest tag fails", wantRule: ruleFromPinned,
			src: replace("golang:1.26.8-alpine3.24@sha256:"+hex64, "golang:latest"),
		},
		{
			name: "latest tag with a digest fails", wantRule: ruleFromPinned,
			src: replace("golang:1.26.8-alpine3.24@sha256:", "golang:latest@sha256:"),
		},
		{
			name: "empty tag with a digest fails", wantRule: ruleFromPinned,
			src: replace("golang:1.26.8-alpine3.24@sha256:", "golang:@sha256:"),
		},
		{
			name: "missing tag fails", wantRule: ruleFromPinned,
			src: replace("golang:1.26.8-alpine3.24@sha256:"+hex64, "golang"),
		},
		{
			name: "missing tag with digest fails", wantRule: ruleFromPinned,
			src: replace("golang:1.26.8-alpine3.24@sha256:"+hex64, "golang@sha256:"+hex64),
		},
		{
			name: "floating minor tag without digest fails", wantRule: ruleFromPinned,
			src: replace("golang:1.26.8-alpine3.24@sha256:"+hex64, "golang:1.26-alpine"),
		},
		{
			name: "named tag without digest fails", wantRule: ruleFromPinned,
			src: replace("static-debian12:nonroot@sha256:"+hex64, "static-debian12:nonroot"),
		},
		{
			name: "short digest fails", wantRule: ruleFromPinned,
			src: replace("alpine3.24@sha256:"+hex64, "alpine3.24@sha256:"+hex64[:63]),
		},
		{
			name: "upper-case digest fails", wantRule: ruleFromPinned,
			src: replace("alpine3.24@sha256:"+hex64, "alpine3.24@sha256:"+strings.ToUpper(hex64)),
		},
		{
			name: "other digest algorithm fails", wantRule: ruleFromPinned,
			src: replace("alpine3.24@sha256:"+hex64, "alpine3.24@sha512:"+hex64),
		},
		{
			name: "image from a build variable fails", wantRule: ruleFromPinned,
			src: replace("golang:1.26.8-alpine3.24@sha256:"+hex64, "${GO_IMAGE}"),
		},
		{
			name: "registry port is not a tag", wantRule: ruleFromPinned,
			src: replace("golang:1.26.8-alpine3.24@sha256:"+hex64, "registry.local:5000/golang"),
		},
		{name: "no USER in final stage fails", wantRule: ruleFinalUser, src: replace("USER nonroot:nonroot\n", "")},
		{name: "USER root fails", wantRule: ruleFinalUser, src: replace("USER nonroot:nonroot", "USER root")},
		{name: "USER 0:0 fails", wantRule: ruleFinalUser, src: replace("USER nonroot:nonroot", "USER 0:0")},
		{name: "USER only in the build stage fails", wantRule: ruleFinalUser, src: strings.Replace(
			replace("USER nonroot:nonroot\n", ""), "WORKDIR /src\n", "WORKDIR /src\nUSER nonroot\n", 1)},
		{
			name: "final COPY from the context fails", wantRule: ruleFinalCopy,
			src: replace("COPY --from=build /out/app /app", "COPY app /app"),
		},
		{
			name: "final COPY from an external image fails", wantRule: ruleFinalCopy,
			src: replace("COPY --from=build /out/app /app", "COPY --from=busybox:1.36.1 /bin/sh /sh"),
		},
		{
			name: "final ADD fails", wantRule: ruleFinalCopy,
			src: replace("COPY --from=build /out/app /app", "ADD app.tar /"),
		},
		{
			name: "final stage based on the build stage fails", wantRule: ruleFinalCopy,
			src: replace("gcr.io/distroless/static-debian12:nonroot@sha256:"+hex64, "build"),
		},
		{
			name: "RUN in final stage fails", wantRule: ruleFinalRun,
			src: replace("EXPOSE 8080", "RUN chmod 755 /app"),
		},
		{name: "CGO not disabled fails", wantRule: ruleCGO, src: replace("CGO_ENABLED=0 ", "")},
		{name: "CGO enabled fails", wantRule: ruleCGO, src: replace("CGO_ENABLED=0 ", "CGO_ENABLED=1 ")},
		{
			name: "no go build fails", wantRule: ruleCGO,
			src: replace("go build -trimpath -o /out/app ./api", "cp prebuilt /out/app"),
		},
		{name: "secret-like ARG fails", wantRule: ruleSecretNames, src: replace("ARG VERSION=dev", "ARG NPM_TOKEN")},
		{
			name: "secret-like ENV fails", wantRule: ruleSecretNames,
			src: replace("ENV GOFLAGS=-mod=readonly", "ENV GOFLAGS=-mod=readonly DB_PASSWORD=x"),
		},
		{
			name: "legacy ENV form with secret name fails", wantRule: ruleSecretNames,
			src: replace("ENV GOFLAGS=-mod=readonly", "ENV API_KEY abc"),
		},
		{
			name: "ADD from a URL fails", wantRule: ruleAddURL,
			src: replace("COPY go.mod ./", "ADD https://example.invalid/tool.tgz /tmp/"),
		},
		{
			name: "ADD from a git URL fails", wantRule: ruleAddURL,
			src: replace("COPY go.mod ./", "ADD git@example.invalid:org/repo.git /src/"),
		},
		{
			name: "shell-form ENTRYPOINT fails", wantRule: ruleEntrypoint,
			src: replace(`ENTRYPOINT ["/app"]`, "ENTRYPOINT /app"),
		},
		{name: "missing ENTRYPOINT fails", wantRule: ruleEntrypoint, src: replace(`ENTRYPOINT ["/app"]`, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := rulesOf(checkDockerfile(tt.src))
			if !slices.Contains(got, tt.wantRule) {
				t.Errorf("rules broken = %v, want %s among them", got, tt.wantRule)
			}
		})
	}
}

func TestDockerfileCheckerAcceptsVariants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
	}{
		{name: "ENV CGO_ENABLED=0 covers later builds", src: strings.Replace(goodDockerfile,
			"RUN CGO_ENABLED=0 GOOS=linux", "ENV CGO_ENABLED=0\nRUN GOOS=linux", 1)},
		{name: "numeric non-root user", src: strings.Replace(goodDockerfile,
			"USER nonroot:nonroot", "USER 65532:65532", 1)},
		{name: "exact version tag without digest", src: strings.Replace(goodDockerfile,
			"golang:1.26.8-alpine3.24@sha256:"+hex64, "golang:1.26.8-alpine3.24", 1)},
		{name: "copy from a stage by index", src: strings.Replace(goodDockerfile, "--from=build", "--from=0", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if vs := checkDockerfile(tt.src); len(vs) != 0 {
				t.Errorf("violations = %+v, want none", vs)
			}
		})
	}
}

const goodDockerignore = `.git
**/*_test.go
**/*.env
**/.env
**/.env.*
`

func TestDockerignoreCheckerRules(t *testing.T) {
	t.Parallel()
	if vs := checkDockerignore(goodDockerignore); len(vs) != 0 {
		t.Fatalf("the good .dockerignore breaks rules: %+v", vs)
	}
	tests := []struct {
		name     string
		src      string
		wantRule string
		wantPath string
	}{
		{name: "missing file content fails", src: "", wantRule: ruleIgnoreOut, wantPath: ".git"},
		{
			name: "no .git exclusion fails", src: strings.Replace(goodDockerignore, ".git\n", "", 1),
			wantRule: ruleIgnoreOut, wantPath: ".git",
		},
		{name: "root-only test pattern misses nested tests", src: strings.Replace(goodDockerignore,
			"**/*_test.go", "*_test.go", 1), wantRule: ruleIgnoreOut, wantPath: "api/main_test.go"},
		{
			name: "no env exclusion fails", src: strings.Replace(goodDockerignore, "**/*.env\n", "", 1),
			wantRule: ruleIgnoreOut, wantPath: "prod.env",
		},
		{
			name: "exception re-adding a test fails", src: goodDockerignore + "!api/main_test.go\n",
			wantRule: ruleIgnoreOut, wantPath: "api/main_test.go",
		},
		{
			name: "excluding everything loses the sources", src: goodDockerignore + "*\n",
			wantRule: ruleIgnoreIn, wantPath: "go.mod",
		},
		{
			name: "excluding a source folder loses it", src: goodDockerignore + "internal\n",
			wantRule: ruleIgnoreIn, wantPath: "internal/platform/server.go",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			found := false
			for _, v := range checkDockerignore(tt.src) {
				if v.rule == tt.wantRule && strings.HasPrefix(v.msg, tt.wantPath+" ") {
					found = true
				}
			}
			if !found {
				t.Errorf("violations = %+v, want %s for %s", checkDockerignore(tt.src), tt.wantRule, tt.wantPath)
			}
		})
	}
}

func TestDockerignoreMatcher(t *testing.T) {
	t.Parallel()
	tests := []struct {
		patterns string
		path     string
		want     bool
	}{
		{patterns: ".git", path: ".git/objects/ab", want: true},
		{patterns: "/.git", path: ".git", want: true},
		{patterns: "*.md", path: "README.md", want: true},
		{patterns: "*.md", path: "api/README.md", want: false},
		{patterns: "**/*.md", path: "api/README.md", want: true},
		{patterns: "**/testdata", path: "api/testdata/x.json", want: true},
		{patterns: "docs", path: "docsite/index.html", want: false},
		{patterns: "**/*_test.go\n!keep_test.go", path: "keep_test.go", want: false},
		{patterns: "# comment only", path: "go.mod", want: false},
		{patterns: "api/*.go", path: "api/main.go", want: true},
		{patterns: "api/*.go", path: "api/sub/main.go", want: false},
	}
	for _, tt := range tests {
		t.Run(strings.ReplaceAll(tt.patterns, "\n", " ")+" on "+tt.path, func(t *testing.T) {
			t.Parallel()
			if got := ignored(parseDockerignore(tt.patterns), tt.path); got != tt.want {
				t.Errorf("ignored = %v, want %v", got, tt.want)
			}
		})
	}
}
