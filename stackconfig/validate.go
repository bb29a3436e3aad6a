package stackconfig

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/components/registry"
	"github.com/secure-aca/secure-aca/components/vault"
	"github.com/secure-aca/secure-aca/internal/credentials"
	"github.com/secure-aca/secure-aca/internal/naming"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// Limits this program sets beyond Azure's, to keep names readable and deployments bounded.
const (
	// MaxApps bounds one stack, so that one deployment stays a unit a team can review and run. An environment
	// holds 100 apps by default; Azure raises that quota on request.
	MaxApps = 250
	// MaxTags is Azure's limit of tags per resource.
	MaxTags = 50
	// MaxTagNameLength and MaxTagValueLength are Azure's limits for most resource types.
	MaxTagNameLength  = 512
	MaxTagValueLength = 256
)

var (
	environmentPattern = regexp.MustCompile(`^[a-z][a-z0-9]{1,7}$`)
	workloadPattern    = regexp.MustCompile(`^[a-z][a-z0-9]{1,9}$`)
	locationPattern    = regexp.MustCompile(`^[a-z][a-z0-9]{2,30}$`)
	// Tag names may not contain these characters (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations).
	tagNameForbidden = "<>%&\\?/"
	// Repository names follow the OCI distribution spec's path grammar.
	repositoryPattern = regexp.MustCompile(`^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$`)
	digestPattern     = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)
)

// stackEnvNames are set on every app by the stack.
var stackEnvNames = []string{
	EnvEnvironment, EnvPort, containerapp.EnvAzureClientID, containerapp.EnvTelemetry, containerapp.EnvGatewaySecret,
}

func (c *Config) validate() error {
	var problems validation.List
	key := func(name string) string { return c.Project + ":" + name }

	if c.Location == "" {
		problems.Add("azure-native:location", "is required; allowed: an Azure region name such as \"westeurope\"")
	} else if !locationPattern.MatchString(c.Location) {
		problems.Add("azure-native:location", "%q is not allowed; allowed: an Azure region name such as "+
			"\"westeurope\", lowercase without spaces", c.Location)
	}
	if !environmentPattern.MatchString(c.Environment) {
		problems.Add(key("environment"), "%q is not allowed; allowed: 2 to 8 lowercase letters and digits, starting "+
			"with a letter (it defaults to the stack name)", c.Environment)
	}
	if !workloadPattern.MatchString(c.Workload) {
		problems.Add(key("workload"), "%q is not allowed; allowed: 2 to 10 lowercase letters and digits, starting "+
			"with a letter", c.Workload)
	}
	if strings.TrimSpace(c.Owner) == "" {
		problems.Add(key("owner"), "is required; allowed: the team or person accountable, e.g. \"platform-team\"")
	}
	c.validateTags(&problems, key("tags"))

	// Names derived from workload and environment must satisfy Azure's rules; check them only when both parts
	// are valid, so one bad value is reported once.
	if environmentPattern.MatchString(c.Environment) && workloadPattern.MatchString(c.Workload) {
		problems.AddError(key("workload"), naming.ResourceGroup.Check(c.ResourceGroupName()))
		if prefix := c.VaultNamePrefix(); len(prefix) > vault.MaxNamePrefixLength {
			problems.Add(key("workload"), "%q with environment %q makes the key vault name prefix %q of %d "+
				"characters; allowed: workload and environment of at most %d characters together, since a vault "+
				"name has at most 24", c.Workload, c.Environment, prefix, len(prefix),
				vault.MaxNamePrefixLength-len("kv--"))
		}
	}

	wiring := placeholder("wiring")
	registryWiring := RegistryWiring{ResourceGroupName: wiring, Location: wiring}
	if c.RegistryPrivateEndpoint() {
		registryWiring.PrivateEndpoint = &registry.PrivateEndpoint{SubnetID: wiring, DNSZoneID: wiring}
	}
	registryArgs := c.RegistryArgs(registryWiring).WithDefaults()
	problems.AddError(key("registry"), dropPaths(registryArgs.Validate(), "namePrefix", "publicNetworkAccessDisabled"))
	c.validateWebhooks(&problems, key("registry"))

	vaultWiring := VaultWiring{
		ResourceGroupName: wiring, Location: wiring, TenantID: wiring, TelemetryConnectionString: wiring,
		GatewaySecret: wiring,
	}
	if c.Network != nil {
		vaultWiring.PrivateEndpoint = &vault.PrivateEndpoint{SubnetID: wiring, DNSZoneID: wiring}
	}
	vaultArgs := c.VaultArgs(vaultWiring).WithDefaults()
	problems.AddError(key("vault"), dropPaths(vaultArgs.Validate(), "namePrefix", "publicNetworkAccessDisabled"))
	c.validateVaultSecrets(&problems, key("vault"))

	c.validateNetwork(&problems)
	environmentWiring := EnvironmentWiring{ResourceGroupName: wiring, Location: wiring}
	if c.Network != nil {
		environmentWiring.InfrastructureSubnetID = wiring
	}
	environmentArgs := c.EnvironmentArgs(environmentWiring).WithDefaults()
	for _, problem := range validation.Problems(environmentArgs.Validate()) {
		switch {
		case strings.HasPrefix(problem.Path, "baseName"):
			continue
		case strings.HasPrefix(problem.Path, "logRetentionDays"), strings.HasPrefix(problem.Path, "alertEmails"):
			// Top-level keys: the path joins the namespace without a dot ("secure-aca:alertEmails[0]").
			problems.AddError(key(problem.Path), &validation.Problem{Message: problem.Message})
		default:
			problems.AddError(key("managedEnvironment"), problem)
		}
	}

	c.validateApps(&problems, key("apps"))
	c.validateGateway(&problems)
	c.validateExtras(&problems)
	c.validateDeployability(&problems)
	return problems.Err()
}

func (c *Config) validateTags(problems *validation.List, path string) {
	if len(c.Tags)+len(reservedTags)+1 > MaxTags {
		problems.Add(path, "has %d tags; allowed: at most %d, since the stack adds %d of its own", len(c.Tags),
			MaxTags-len(reservedTags)-1, len(reservedTags)+1)
	}
	for _, name := range sortedKeys(c.Tags) {
		value := c.Tags[name]
		tagPath := validation.Join(path, name)
		lower := strings.ToLower(name)
		switch {
		case name == "" || len(name) > MaxTagNameLength || strings.ContainsAny(name, tagNameForbidden):
			problems.Add(tagPath, "tag name %q is not allowed; allowed: 1 to %d characters without any of %s",
				name, MaxTagNameLength, tagNameForbidden)
		case strings.HasPrefix(lower, "azure") || strings.HasPrefix(lower, "microsoft") ||
			strings.HasPrefix(lower, "windows"):
			problems.Add(tagPath, "tag name %q is not allowed; Azure reserves the prefixes azure, microsoft and "+
				"windows", name)
		case slices.Contains(reservedTags, lower) || lower == "app":
			problems.Add(tagPath, "tag %q is set by the stack; allowed: any other name", name)
		}
		if len(value) > MaxTagValueLength {
			problems.Add(tagPath, "tag value has %d characters; allowed: at most %d", len(value), MaxTagValueLength)
		}
	}
}

func (c *Config) validateWebhooks(problems *validation.List, path string) {
	for i, hook := range c.Registry.Webhooks {
		hookPath := validation.Index(validation.Join(path, "webhooks"), i)
		uri := hook.ServiceURI
		switch {
		case !uri.IsSet():
			// reported by the registry's own validation
		case !uri.Unreadable() && !strings.HasPrefix(strings.ToLower(uri.Value()), "https://"):
			problems.Add(hookPath+".serviceUri", "is not allowed; allowed: an https:// URL (the value is secret and "+
				"not shown)")
		case !uri.Encrypted() && credentials.InValue(uri.Value()):
			problems.Add(hookPath+".serviceUri", "holds a credential in plain text; store it encrypted with "+
				"`pulumi config set --secret --path 'registry.webhooks[%d].serviceUri' <url>`", i)
		}
		for _, name := range sortedKeys(hook.CustomHeaders) {
			if value := hook.CustomHeaders[name]; !value.Encrypted() && value.Value() != "" {
				problems.Add(hookPath+".customHeaders."+name, "is in plain text; store header values encrypted with "+
					"`pulumi config set --secret --path 'registry.webhooks[%d].customHeaders.%s' <value>`", i, name)
			}
		}
	}
}

func (c *Config) validateVaultSecrets(problems *validation.List, path string) {
	for i, secret := range c.Vault.Secrets {
		if strings.EqualFold(secret.Name, TelemetryVaultSecret) {
			problems.Add(validation.Index(validation.Join(path, "secrets"), i)+".name", "%q is kept by the stack "+
				"itself for the Application Insights connection string; allowed: any other name", secret.Name)
		}
		value := secret.Value
		if value.IsSet() && !value.Encrypted() && credentials.InValue(value.Value()) {
			problems.Add(validation.Index(validation.Join(path, "secrets"), i)+".value", "holds a credential in "+
				"plain text; store it encrypted with `pulumi config set --secret --path 'vault.secrets[%d].value' "+
				"<value>`, or use a connection that authenticates with the app's managed identity", i)
		}
	}
}

func (c *Config) validateApps(problems *validation.List, path string) {
	switch {
	case len(c.Apps) == 0:
		problems.Add(path, "is required; allowed: a list of at least one app")
		return
	case len(c.Apps) > MaxApps:
		problems.Add(path, "has %d apps; allowed: at most %d", len(c.Apps), MaxApps)
		return
	}

	names := map[string]int{}
	for i, app := range c.Apps {
		if previous, ok := names[app.Name]; ok && app.Name != "" {
			problems.Add(validation.Index(path, i)+".name", "%q is already the name of apps[%d]; names must be unique",
				app.Name, previous)
		}
		names[app.Name] = i
	}

	vaultSecrets := map[string]bool{}
	for _, secret := range c.Vault.Secrets {
		vaultSecrets[secret.Name] = true
	}
	wiring := placeholder("wiring")
	for i := range c.Apps {
		appPath := validation.Index(path, i)
		app := c.Apps[i]
		c.validateImage(problems, appPath+".image", app)
		c.validateAppWiring(problems, appPath, app, vaultSecrets)

		args := c.AppArgs(i, AppWiring{
			ResourceGroupName: wiring, Location: wiring, EnvironmentID: wiring, DefaultDomain: wiring,
			Image: wiring, RegistryServer: wiring, RegistryID: wiring, ActionGroupID: wiring,
			SecretURI: func(string) pulumi.StringInput { return wiring },
			SecretID:  func(string) pulumi.StringInput { return wiring },
			InitImage: func(string) pulumi.StringInput { return wiring },
		}).WithDefaults()
		for _, problem := range validation.Problems(args.Validate()) {
			if problem.Path == "gatewaySecret" || stackAddedEnv(problem.Path, len(app.Env)) {
				// reported against `gateway.app`, or against the app's own variable of the same name
				continue
			}
			problems.AddError(appPath, &validation.Problem{Path: configAppPath(problem.Path), Message: problem.Message})
		}
	}
}

// stackAddedEnv reports whether a component path points at a variable the stack appended after the app's own
// ones: it does not exist in the config.
func stackAddedEnv(path string, ownVariables int) bool {
	rest, ok := strings.CutPrefix(path, "env[")
	if !ok {
		return false
	}
	index, err := strconv.Atoi(rest[:max(0, strings.Index(rest, "]"))])
	return err == nil && index >= ownVariables
}

// configAppPath maps a SecureContainerApp schema path to the config path of the same value.
func configAppPath(componentPath string) string {
	for _, rename := range [][2]string{
		{"keyVaultSecrets", "secrets"},
		{"workloadProfileName", "workloadProfile"},
		{"appName", "name"},
		{"identityName", "name"},
	} {
		if rest, ok := strings.CutPrefix(componentPath, rename[0]); ok {
			return rename[1] + rest
		}
	}
	return componentPath
}

func (c *Config) validateImage(problems *validation.List, path string, app App) {
	image := app.Image
	sources := 0
	for _, set := range []bool{image.Build != nil, image.Digest != "", image.Public != ""} {
		if set {
			sources++
		}
	}
	if sources != 1 {
		problems.Add(path, "names %d image sources; allowed: exactly one of `build` (built from this repository "+
			"and pushed to the stack's registry), `digest` (already pushed to the stack's registry, with "+
			"`repository`) or `public` (a public image pinned by digest)", sources)
		return
	}
	switch {
	case image.Build != nil:
		build := image.Build
		for _, entry := range []struct{ name, value string }{
			{"context", build.Context}, {"dockerfile", build.Dockerfile},
		} {
			clean := path + ".build." + entry.name
			if entry.value == "" || strings.HasPrefix(entry.value, "/") || !fs.ValidPath(entry.value) {
				problems.Add(clean, "%q is not allowed; allowed: a path inside the project, relative to Pulumi.yaml, "+
					"with forward slashes and no \"..\"", entry.value)
			}
		}
		if image.Repository != "" {
			problems.Add(path+".repository", "applies to `digest` images; a built image is pushed to the "+
				"repository named after the app")
		}
	case image.Digest != "":
		if !digestPattern.MatchString(image.Digest) {
			problems.Add(path+".digest", "%q is not allowed; allowed: \"sha256:\" and 64 lowercase hex digits",
				image.Digest)
		}
		if !repositoryPattern.MatchString(image.Repository) || len(image.Repository) > 256 {
			problems.Add(path+".repository", "%q is not allowed; allowed: lowercase letters, digits and the "+
				"separators . _ - /", image.Repository)
		}
	default:
		if !containerapp.PinnedImage(image.Public) {
			problems.Add(path+".public", "%q is not allowed; allowed: a public image pinned by digest, such as "+
				"\"mcr.microsoft.com/k8se/quickstart@sha256:<64 hex digits>\"; a tag can move", image.Public)
		}
		if image.Repository != "" {
			problems.Add(path+".repository", "applies to `digest` images only")
		}
	}
}

func (c *Config) validateAppWiring(problems *validation.List, path string, app App, vaultSecrets map[string]bool) {
	for j, secret := range app.Secrets {
		if !vaultSecrets[secret.KeyVaultSecret] {
			problems.Add(validation.Index(path+".secrets", j)+".keyVaultSecret", "%q is not a secret in "+
				"`vault.secrets`; allowed: %s", secret.KeyVaultSecret, listOrNone(sortedKeys(vaultSecrets)))
		}
	}
	reserved := slices.Clone(stackEnvNames)
	if app.Ingress == nil {
		// Without ingress the stack sets no PORT, so the app may set its own.
		reserved = slices.DeleteFunc(reserved, func(name string) bool { return name == EnvPort })
	}
	seenCalls := map[string]bool{}
	for j, target := range app.Calls {
		callPath := validation.Index(path+".calls", j)
		callee := c.app(target)
		switch {
		case target == app.Name:
			problems.Add(callPath, "%q is the app itself; allowed: another app of this stack", target)
		case callee == nil:
			problems.Add(callPath, "%q is not an app of this stack; allowed: %s", target, strings.Join(c.appNames(), ", "))
		case callee.Ingress == nil:
			problems.Add(callPath, "%q has no ingress, so it cannot be called; give it `ingress`", target)
		case seenCalls[target]:
			problems.Add(callPath, "%q is listed twice", target)
		}
		seenCalls[target] = true
		urlName, appIDName := CallEnv(target)
		reserved = append(reserved, urlName, appIDName)
	}
	for j, variable := range app.Env {
		if slices.Contains(reserved, variable.Name) {
			problems.Add(validation.Index(path+".env", j)+".name", "%q is set by the stack; allowed: any other name",
				variable.Name)
		}
	}
	for j, target := range app.Revisions.Traffic {
		if target.Weight == nil {
			problems.Add(validation.Index(path+".revisions.traffic", j)+".weight", "is required; allowed: 0 to 100")
		}
	}
	for j, init := range app.InitContainers {
		if !containerapp.PinnedImage(init.Image) {
			problems.Add(validation.Index(path+".initContainers", j)+".image", "%q is not allowed; allowed: an "+
				"image pinned by digest, \"<registry>/<repository>@sha256:<64 hex digits>\"", init.Image)
		}
	}
}

// CheckFiles verifies that every build context and Dockerfile exists under root, the project directory.
func (c *Config) CheckFiles(root fs.FS) error {
	var problems validation.List
	for i, app := range c.Apps {
		build := app.Image.Build
		if build == nil {
			continue
		}
		path := validation.Index(c.Project+":apps", i) + ".image.build"
		if info, err := fs.Stat(root, build.Context); err != nil || !info.IsDir() {
			problems.Add(path+".context", "%q is not a folder of the project; allowed: an existing folder, "+
				"relative to Pulumi.yaml", build.Context)
		}
		if info, err := fs.Stat(root, build.Dockerfile); err != nil || info.IsDir() {
			problems.Add(path+".dockerfile", "%q is not a file of the project; allowed: an existing file, "+
				"relative to Pulumi.yaml", build.Dockerfile)
		} else if !strings.HasPrefix(folder(build.Dockerfile), folder(build.Context)) {
			problems.Add(path+".dockerfile", "%q is outside the build context %q; allowed: a file inside it",
				build.Dockerfile, build.Context)
		}
	}
	return problems.Err()
}

// folder returns p cleaned and ending in a slash, so that a prefix test matches whole path segments. The
// project folder itself (".") is the empty prefix: everything is inside it.
func folder(p string) string {
	if clean := path.Clean(p); clean != "." {
		return clean + "/"
	}
	return ""
}

func (c *Config) appNames() []string {
	names := make([]string, len(c.Apps))
	for i, app := range c.Apps {
		names[i] = app.Name
	}
	return names
}

// dropPaths removes problems about values the stack derives rather than reads from config; those are reported
// against the config keys they come from.
func dropPaths(err error, paths ...string) error {
	var kept []error
	for _, problem := range validation.Problems(err) {
		if !slices.Contains(paths, problem.Path) {
			kept = append(kept, problem)
		}
	}
	return errors.Join(kept...)
}

func placeholder(value string) pulumi.StringInput { return pulumi.String(value) }

func listOrNone(values []string) string {
	if len(values) == 0 {
		return "none are declared"
	}
	return strings.Join(values, ", ")
}
