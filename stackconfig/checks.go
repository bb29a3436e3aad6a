package stackconfig

import (
	"fmt"
	pathpkg "path"
	"regexp"
	"slices"
	"strings"

	"github.com/secure-aca/secure-aca/internal/credentials"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// Limits of the services this program configures, checked so that Azure never has to reject them.
const (
	// MaxKeyVaultSecretBytes is Key Vault's limit on a secret value (25 KiB).
	MaxKeyVaultSecretBytes = 25 * 1024
	// MaxContentTypeLength is Key Vault's limit on a secret's content type.
	MaxContentTypeLength = 255
	// MaxBudgetContactEmails is Azure's limit of e-mail contacts per budget notification.
	MaxBudgetContactEmails = 50
)

var (
	guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	// ARM ids of the resources config may point at.
	subnetIDPattern = regexp.MustCompile(`(?i)^/subscriptions/[0-9a-f-]{36}/resourceGroups/[-\w.()]+/providers/` +
		`Microsoft\.Network/virtualNetworks/[-\w.]+/subnets/[-\w.]+$`)
	certificateIDPattern = regexp.MustCompile(`(?i)^/subscriptions/[0-9a-f-]{36}/resourceGroups/[-\w.()]+/` +
		`providers/Microsoft\.App/managedEnvironments/[-\w]+/(certificates|managedCertificates)/[-\w.]+$`)
	storageAccountIDPattern = regexp.MustCompile(`(?i)^/subscriptions/[0-9a-f-]{36}/resourceGroups/[-\w.()]+/` +
		`providers/Microsoft\.Storage/storageAccounts/([a-z0-9]{3,24})$`)
	// Storage names (https://learn.microsoft.com/azure/storage/queues/storage-queues-introduction).
	storageAccountPattern = regexp.MustCompile(`^[a-z0-9]{3,24}$`)
	queueNamePattern      = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{1,61}[a-z0-9])$`)
	// systemMounts are folders the container runtime owns.
	systemMounts = []string{"/proc", "/sys", "/dev"}
)

// reservedChildNames are the suffixes SecureContainerApp gives its children: an app named "<app>-<suffix>..."
// would give its own children the names of another app's children.
var reservedChildNames = []string{
	"identity", "app", "acr-pull", "secret", "queue", "rbac-propagation", "alert",
	"image",
}

// unsetWhenZero are the settings whose Go zero value means "use the default": an explicit 0 in a stack file
// would silently become the default, so it is refused, with what is allowed.
var unsetWhenZero = map[string]string{
	"logRetentionDays":                             "30 to 730",
	"vault.softDeleteRetentionDays":                "7 to 90",
	"vault.secrets[].length":                       "16 to 256",
	"apps[].cpu":                                   "a positive multiple of 0.25",
	"apps[].maxReplicas":                           "1 to 1000",
	"apps[].ingress.targetPort":                    "1 to 65535",
	"apps[].ingress.additionalPorts[].exposedPort": "1 to 65535",
	"apps[].scale.concurrentRequests":              "1 to 10000",
	"apps[].scale.queues[].queueLength":            "1 to 10000",
	"apps[].probes.<probe>.port":                   "1 to 65535",
	"apps[].probes.<probe>.periodSeconds":          "1 to 240",
	"apps[].probes.<probe>.failureThreshold":       "1 to 10",
	"apps[].probes.<probe>.timeoutSeconds":         "1 to 240",
	"apps[].terminationGracePeriodSeconds":         "1 to 600",
	"apps[].revisions.maxInactive":                 "1 to 100",
	"apps[].dapr.appPort":                          "1 to 65535",
	"apps[].initContainers[].cpu":                  "a positive multiple of 0.25",
	"gateway.rateLimit.calls":                      "1 to 1000000",
	"gateway.rateLimit.renewalPeriodSeconds":       "1 to 300",
}

var (
	indexInPath = regexp.MustCompile(`\[\d+\]`)
	probeInPath = regexp.MustCompile(`\.probes\.(liveness|readiness|startup)\.`)
)

func rejectExplicitZeros(problems *validation.List, project string, zeros []string) {
	for _, zero := range zeros {
		general := strings.TrimPrefix(zero, project+":")
		general = probeInPath.ReplaceAllString(indexInPath.ReplaceAllString(general, "[]"), ".probes.<probe>.")
		if allowed, ok := unsetWhenZero[general]; ok {
			problems.Add(zero, "0 is not allowed; allowed: %s (leave the setting out for its default)", allowed)
		}
	}
}

// validateDeployability checks what Azure would reject at deploy time and the type checks cannot see.
func (c *Config) validateDeployability(problems *validation.List) {
	key := func(name string) string { return c.Project + ":" + name }

	for _, field := range []struct{ name, value string }{{"owner", c.Owner}, {"purpose", c.Purpose}} {
		if len(field.value) > MaxTagValueLength {
			problems.Add(key(field.name), "has %d characters; allowed: at most %d, since it becomes a tag value",
				len(field.value), MaxTagValueLength)
		}
	}
	tagNames := map[string]string{}
	for _, name := range sortedKeys(c.Tags) {
		if previous, ok := tagNames[strings.ToLower(name)]; ok {
			problems.Add(validation.Join(key("tags"), name), "repeats tag %q; Azure tag names are case-insensitive",
				previous)
		}
		tagNames[strings.ToLower(name)] = name
	}
	if c.Budget != nil && len(c.AlertEmails) > MaxBudgetContactEmails {
		problems.Add(key("alertEmails"), "has %d addresses; allowed: at most %d with a `budget`, whose "+
			"notifications take at most that many", len(c.AlertEmails), MaxBudgetContactEmails)
	}
	if subnet := c.ManagedEnvironment.InfrastructureSubnetID; subnet != "" && !subnetIDPattern.MatchString(subnet) {
		problems.Add(key("managedEnvironment.infrastructureSubnetId"), "%q is not allowed; allowed: the ARM id of a "+
			"subnet, /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<network>"+
			"/subnets/<subnet>", subnet)
	}

	principals := map[string]int{}
	for i, principal := range c.Registry.PushPrincipals {
		principalPath := validation.Index(key("registry.pushPrincipals"), i) + ".principalId"
		if !guidPattern.MatchString(principal.PrincipalID) {
			problems.Add(principalPath, "%q is not allowed; allowed: the principal's object id, a GUID",
				principal.PrincipalID)
		}
		if previous, ok := principals[strings.ToLower(principal.PrincipalID)]; ok {
			problems.Add(principalPath, "is already granted by pushPrincipals[%d]; Azure refuses the same role "+
				"assignment twice", previous)
		}
		principals[strings.ToLower(principal.PrincipalID)] = i
	}

	for i, secret := range c.Vault.Secrets {
		secretPath := validation.Index(key("vault.secrets"), i)
		if !secret.Value.Unreadable() && len(secret.Value.Value()) > MaxKeyVaultSecretBytes {
			problems.Add(secretPath+".value", "has %d bytes; allowed: at most %d (the value is secret and not shown)",
				len(secret.Value.Value()), MaxKeyVaultSecretBytes)
		}
		if len(secret.ContentType) > MaxContentTypeLength {
			problems.Add(secretPath+".contentType", "has %d characters; allowed: at most %d", len(secret.ContentType),
				MaxContentTypeLength)
		}
	}

	c.validateDaprComponentsUnique(problems)
	for i := range c.Apps {
		c.validateAppDeployability(problems, i)
	}
}

func (c *Config) validateAppDeployability(problems *validation.List, i int) {
	app := c.Apps[i]
	path := validation.Index(c.Project+":apps", i)

	for _, other := range c.Apps {
		for _, suffix := range reservedChildNames {
			if other.Name != app.Name && strings.HasPrefix(app.Name, other.Name+"-"+suffix) {
				problems.Add(path+".name", "%q begins with app %q and %q, a name its resources use; allowed: a name "+
					"that does not", app.Name, other.Name, suffix)
			}
		}
		if otherID, on := other.DaprAppID(); on && other.Name != app.Name {
			if id, on := app.DaprAppID(); on && id == otherID {
				problems.Add(path+".dapr.appId", "%q is also the Dapr app id of %q; allowed: a unique id", id,
					other.Name)
			}
		}
	}
	if app.Name == daprIdentitySuffix(c) {
		problems.Add(path+".name", "%q is the name of the Dapr components' identity; allowed: any other name",
			app.Name)
	}

	if profile := app.WorkloadProfile; profile != "" {
		names := []string{}
		for _, declared := range c.ManagedEnvironment.WorkloadProfiles {
			names = append(names, declared.Name)
		}
		if len(names) > 0 {
			names = append(names, "Consumption")
		}
		if !slices.Contains(names, profile) {
			problems.Add(path+".workloadProfile", "%q is not a workload profile of the environment; allowed: %s",
				profile, listOrNone(names))
		}
	}

	vaultSecrets := map[string]int{}
	for j, secret := range app.Secrets {
		if previous, ok := vaultSecrets[secret.KeyVaultSecret]; ok {
			problems.Add(validation.Index(path+".secrets", j)+".keyVaultSecret", "%q is already referenced by "+
				"secrets[%d]; reference each vault secret once (Azure refuses the same role assignment twice)",
				secret.KeyVaultSecret, previous)
		}
		vaultSecrets[secret.KeyVaultSecret] = j
	}
	for j, variable := range app.Env {
		if variable.Value == nil {
			continue
		}
		if credentials.IsSecretName(variable.Name) || credentials.InValue(*variable.Value) {
			problems.Add(validation.Index(path+".env", j), "%q looks like a credential in a plain variable; put it in "+
				"`vault.secrets` and use `secretRef` (or rename the variable if it holds no credential)",
				variable.Name)
		}
	}
	if build := app.Image.Build; build != nil {
		for _, name := range sortedKeys(build.Args) {
			if credentials.IsSecretName(name) || credentials.InValue(build.Args[name]) {
				problems.Add(path+".image.build.args."+name, "looks like a credential; build arguments stay in the "+
					"image's history, so pass secrets at run time through Key Vault instead")
			}
		}
	}

	if ingress := app.Ingress; ingress != nil {
		onOwnNetwork := c.Network != nil || c.ManagedEnvironment.InfrastructureSubnetID != ""
		if ingress.External && ingress.Transport == "tcp" && !onOwnNetwork {
			problems.Add(path+".ingress.transport", "\"tcp\" with external ingress needs the environment on your own "+
				"network (`network` or `managedEnvironment.infrastructureSubnetId`)")
		}
		for j, domain := range ingress.CustomDomains {
			if !certificateIDPattern.MatchString(domain.CertificateID) {
				problems.Add(validation.Index(path+".ingress.customDomains", j)+".certificateId", "%q is not allowed; "+
					"allowed: the ARM id of a certificate of the environment, .../Microsoft.App/managedEnvironments/"+
					"<environment>/certificates/<name>", domain.CertificateID)
			}
		}
	}
	for j, queue := range app.Scale.Queues {
		queuePath := validation.Index(path+".scale.queues", j)
		if !storageAccountPattern.MatchString(queue.AccountName) {
			problems.Add(queuePath+".accountName", "%q is not allowed; allowed: 3 to 24 lowercase letters and digits",
				queue.AccountName)
		}
		if !queueNamePattern.MatchString(queue.QueueName) || strings.Contains(queue.QueueName, "--") {
			problems.Add(queuePath+".queueName", "%q is not allowed; allowed: 3 to 63 lowercase letters, digits and "+
				"single hyphens, starting and ending with a letter or digit", queue.QueueName)
		}
		if queue.StorageAccountID != "" {
			match := storageAccountIDPattern.FindStringSubmatch(queue.StorageAccountID)
			switch {
			case match == nil:
				problems.Add(queuePath+".storageAccountId", "%q is not allowed; allowed: the ARM id of a storage "+
					"account", queue.StorageAccountID)
			case !strings.EqualFold(match[1], queue.AccountName):
				problems.Add(queuePath+".storageAccountId", "names account %q, not `accountName` %q: the grant and "+
					"the scaler would look at different accounts", match[1], queue.AccountName)
			}
		}
	}
	mounts := map[string]int{}
	for j, volume := range app.Volumes {
		clean := pathpkg.Clean(volume.MountPath)
		mountPath := validation.Index(path+".volumes", j) + ".mountPath"
		if previous, ok := mounts[clean]; ok {
			problems.Add(mountPath, "%q is the same folder as volumes[%d]", volume.MountPath, previous)
		}
		mounts[clean] = j
		for _, system := range systemMounts {
			if clean == system || strings.HasPrefix(clean, system+"/") {
				problems.Add(mountPath, "%q is inside %s, which the container runtime owns", volume.MountPath, system)
			}
		}
	}
}

func (c *Config) validateDaprComponentsUnique(problems *validation.List) {
	for i, component := range c.DaprComponents {
		componentPath := validation.Index(c.Project+":daprComponents", i)
		for _, list := range []struct {
			field string
			names []string
		}{
			{"secrets", namesOf(component.Secrets, func(s AppSecret) string { return s.Name })},
			{"metadata", namesOf(component.Metadata, func(m DaprMetadata) string { return m.Name })},
			{"scopes", component.Scopes},
		} {
			seen := map[string]bool{}
			for j, name := range list.names {
				if seen[name] {
					problems.Add(validation.Index(componentPath+"."+list.field, j), "%q is listed twice", name)
				}
				seen[name] = true
			}
		}
		for j, entry := range component.Metadata {
			if entry.Value != nil && (credentials.IsSecretName(entry.Name) || credentials.InValue(*entry.Value)) {
				problems.Add(validation.Index(componentPath+".metadata", j), "%q looks like a credential in plain text; "+
					"put it in `vault.secrets` and use `secretRef`", entry.Name)
			}
		}
	}
}

func namesOf[T any](items []T, name func(T) string) []string {
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = name(item)
	}
	return out
}

// daprIdentitySuffix is the part of the Dapr components' identity name ("id-<suffix>") that an app's own
// identity ("id-<app>") must not repeat.
func daprIdentitySuffix(c *Config) string {
	return fmt.Sprintf("%s-dapr", c.BaseName())
}
