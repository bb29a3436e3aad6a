// Package tests runs the whole stack offline, driven by the real stack files, and checks the exact inputs,
// options, parents and dependencies it registers.
package tests

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/offline"
	"github.com/secure-aca/secure-aca/stack"
	"github.com/secure-aca/secure-aca/stackconfig"
)

// project is the Pulumi project name, which is also the config namespace.
const project = "secure-aca"

// projectDir holds Pulumi.yaml, relative to this package.
const projectDir = ".."

// Type tokens of the resources the stack registers.
const (
	typeResourceGroup      = "azure-native:resources:ResourceGroup"
	typeWorkspace          = "azure-native:operationalinsights:Workspace"
	typeAppInsights        = "azure-native:insights:Component"
	typeActionGroup        = "azure-native:insights:ActionGroup"
	typeManagedEnvironment = "azure-native:app/v20250101:ManagedEnvironment"
	typeContainerApp       = "azure-native:app/v20250101:ContainerApp"
	typeRegistry           = "azure-native:containerregistry/v20230701:Registry"
	typeVault              = "azure-native:keyvault:Vault"
	typeVaultSecret        = "azure-native:keyvault:Secret"
	typeIdentity           = "azure-native:managedidentity:UserAssignedIdentity"
	typeRoleAssignment     = "azure-native:authorization:RoleAssignment"
	typeLock               = "azure-native:authorization:ManagementLockByScope"
	typeDiagnosticSetting  = "azure-native:insights:DiagnosticSetting"
	typeMetricAlert        = "azure-native:insights:MetricAlert"
	typeImage              = "docker:index/image:Image"
	typeRandomString       = "random:index/randomString:RandomString"
	typeRandomPassword     = "random:index/randomPassword:RandomPassword"
	typeSleep              = "time:index/sleep:Sleep"
	typeContainerAppComp   = "secureaca:index:SecureContainerApp"
)

// stackRun is one offline run of the program and the token exchanges it asked for.
type stackRun struct {
	*offline.Result
	Exchanger *offline.Exchanger
}

// runValues runs stack.Program for config values, the way `pulumi up` would, under the offline monitor.
func runValues(t *testing.T, stackName string, values stackconfig.Values) (*stackRun, error) {
	t.Helper()
	exchanger := &offline.Exchanger{}
	program := func(values stackconfig.Values) pulumi.RunFunc {
		return stack.Program(values, stack.Options{Exchanger: exchanger, ProjectDir: projectDir})
	}
	result, err := offline.Run(project, stackName, values, program, nil)
	require.NotNil(t, result, "offline.Run returns what it recorded, even on error")
	return &stackRun{Result: result, Exchanger: exchanger}, err
}

// runYAML runs a stack file given as text.
func runYAML(t *testing.T, stackName, text string) (*stackRun, error) {
	t.Helper()
	values, err := stackconfig.ParseStackFile([]byte(text))
	require.NoError(t, err, "parsing the stack file")
	return runValues(t, stackName, values)
}

// runStackFile runs the real Pulumi.<stackName>.yaml and requires it to succeed.
func runStackFile(t *testing.T, stackName string) *stackRun {
	t.Helper()
	values, err := stackconfig.ReadStackFile(stackFilePath(stackName))
	require.NoError(t, err)
	run, err := runValues(t, stackName, values)
	require.NoError(t, err, "running stack %q", stackName)
	return run
}

func stackFilePath(stackName string) string {
	return filepath.Join(projectDir, "Pulumi."+stackName+".yaml")
}

// stackFileDigest returns the image digest the real Pulumi.<stackName>.yaml pins for an app.
func stackFileDigest(t *testing.T, stackName, appName string) string {
	t.Helper()
	values, err := stackconfig.ReadStackFile(stackFilePath(stackName))
	require.NoError(t, err)
	cfg, err := stackconfig.Load(project, stackName, values)
	require.NoError(t, err)
	for _, app := range cfg.Apps {
		if app.Name == appName {
			require.Regexp(t, `^sha256:[0-9a-f]{64}$`, app.Image.Digest, "the digest %s pins for %s", stackName, appName)
			return app.Image.Digest
		}
	}
	require.Failf(t, "no such app", "%s has no app %q", stackName, appName)
	return ""
}

// readStackFile returns the text of the real Pulumi.<stackName>.yaml.
func readStackFile(t *testing.T, stackName string) string {
	t.Helper()
	data, err := os.ReadFile(stackFilePath(stackName))
	require.NoError(t, err)
	return string(data)
}

// find returns the resource of type typ with the logical name, failing the test when there is none.
func (r *stackRun) find(t *testing.T, typ, name string) *offline.Resource {
	t.Helper()
	for _, registered := range r.Resources {
		if registered.Type == typ && registered.Name == name {
			return registered
		}
	}
	require.Failf(t, "resource not registered", "no %s named %q", typ, name)
	return nil
}

// all returns every resource of type typ.
func (r *stackRun) all(typ string) []*offline.Resource {
	var out []*offline.Resource
	for _, registered := range r.Resources {
		if registered.Type == typ {
			out = append(out, registered)
		}
	}
	return out
}

// children returns the resources of type typ whose parent is the resource with the given URN.
func (r *stackRun) children(parentURN, typ string) []*offline.Resource {
	var out []*offline.Resource
	for _, registered := range r.all(typ) {
		if registered.Parent == parentURN {
			out = append(out, registered)
		}
	}
	return out
}

// byURN returns the resource with the URN, or nil.
func (r *stackRun) byURN(urn string) *offline.Resource {
	for _, registered := range r.Resources {
		if registered.URN == urn {
			return registered
		}
	}
	return nil
}

// lookup reads a path such as "template.containers[0].env" from props, looking through secrets. It reports
// whether the value, or any object or list on the way to it, is secret.
func lookup(props resource.PropertyMap, path string) (value resource.PropertyValue, secret, found bool) {
	value = resource.NewProperty(props)
	for _, step := range pathSteps(path) {
		if value.IsSecret() {
			secret = true
			value = value.SecretValue().Element
		}
		switch {
		case step.index >= 0 && value.IsArray() && step.index < len(value.ArrayValue()):
			value = value.ArrayValue()[step.index]
		case step.index < 0 && value.IsObject():
			next, ok := value.ObjectValue()[resource.PropertyKey(step.key)]
			if !ok {
				return resource.PropertyValue{}, false, false
			}
			value = next
		default:
			return resource.PropertyValue{}, false, false
		}
	}
	if value.IsSecret() {
		secret = true
		value = value.SecretValue().Element
	}
	return value, secret, true
}

type pathStep struct {
	key   string
	index int
}

// pathSteps splits "a.b[2].c" into a, b, [2], c.
func pathSteps(path string) []pathStep {
	var steps []pathStep
	for _, part := range strings.Split(path, ".") {
		key, rest, _ := strings.Cut(part, "[")
		if key != "" {
			steps = append(steps, pathStep{key: key, index: -1})
		}
		for rest != "" {
			number, after, _ := strings.Cut(rest, "]")
			index, err := strconv.Atoi(number)
			if err != nil {
				panic("bad path " + path)
			}
			steps = append(steps, pathStep{index: index})
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return steps
}

// property returns the value at path, failing the test when it is missing.
func property(t *testing.T, props resource.PropertyMap, path string) resource.PropertyValue {
	t.Helper()
	value, _, found := lookup(props, path)
	require.Truef(t, found, "no property %q", path)
	return value
}

// has reports whether path is set.
func has(props resource.PropertyMap, path string) bool {
	_, _, found := lookup(props, path)
	return found
}

// isSecret reports whether the value at path is secret, failing the test when it is missing.
func isSecret(t *testing.T, props resource.PropertyMap, path string) bool {
	t.Helper()
	_, secret, found := lookup(props, path)
	require.Truef(t, found, "no property %q", path)
	return secret
}

// text returns the string at path.
func text(t *testing.T, props resource.PropertyMap, path string) string {
	t.Helper()
	value := property(t, props, path)
	require.Truef(t, value.IsString(), "property %q is %v, not a string", path, value)
	return value.StringValue()
}

// plain returns the value at path as Go values (maps, slices, strings, float64s, bools), secrets unwrapped.
func plain(t *testing.T, props resource.PropertyMap, path string) any {
	t.Helper()
	return unwrap(property(t, props, path))
}

func unwrap(value resource.PropertyValue) any {
	switch {
	case value.IsSecret():
		return unwrap(value.SecretValue().Element)
	case value.IsObject():
		out := map[string]any{}
		for key, element := range value.ObjectValue() {
			out[string(key)] = unwrap(element)
		}
		return out
	case value.IsArray():
		out := []any{}
		for _, element := range value.ArrayValue() {
			out = append(out, unwrap(element))
		}
		return out
	case value.IsNull():
		return nil
	}
	return value.V
}

// elementPath returns the path of the entry of the list at path whose key field equals want, e.g.
// "configuration.secrets[1]", failing the test when no entry matches.
func elementPath(t *testing.T, props resource.PropertyMap, path, key, want string) string {
	t.Helper()
	list := property(t, props, path)
	require.Truef(t, list.IsArray(), "property %q is not a list", path)
	for i := range list.ArrayValue() {
		entry := path + "[" + strconv.Itoa(i) + "]"
		if value, _, ok := lookup(props, entry+"."+key); ok && value.IsString() && value.StringValue() == want {
			return entry
		}
	}
	require.Failf(t, "list entry missing", "no entry of %q has %s %q", path, key, want)
	return ""
}

// invoke returns the first call of the provider function token, failing the test when there is none.
func (r *stackRun) invoke(t *testing.T, token string) offline.Invoke {
	t.Helper()
	for _, invoke := range r.Invokes {
		if invoke.Token == token {
			return invoke
		}
	}
	require.Failf(t, "function not invoked", "no invoke of %s", token)
	return offline.Invoke{}
}

// sorted returns a sorted copy of values, for comparing sets.
func sorted(values []string) []string {
	out := slices.Clone(values)
	slices.Sort(out)
	return out
}

// inputDependencies returns every URN that some input of r came from.
func inputDependencies(r *offline.Resource) []string {
	var out []string
	for _, urns := range r.PropertyDependencies {
		for _, urn := range urns {
			if !slices.Contains(out, urn) {
				out = append(out, urn)
			}
		}
	}
	return out
}

// urns returns the URNs of resources.
func urns(resources ...*offline.Resource) []string {
	out := make([]string, len(resources))
	for i, r := range resources {
		out[i] = r.URN
	}
	return out
}

// writeFile writes text to path.
func writeFile(path, text string) error {
	return os.WriteFile(path, []byte(text), 0o600)
}
