// Package naming holds Azure's naming rules for the resources this project creates, so that a name Azure would
// reject is caught offline, before anything is sent to Azure.
//
// Each rule cites the public page that states it. The general list is
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules.
package naming

import (
	"fmt"
	"regexp"
	"strings"
)

// Rule is one resource type's naming rule.
type Rule struct {
	// Resource names the kind of resource in messages, e.g. "container registry name".
	Resource string
	Min, Max int
	// Pattern is matched against the whole name.
	Pattern *regexp.Regexp
	// Allowed describes Pattern in words for error messages.
	Allowed string
	// NoDoubleHyphen rejects "--" anywhere in the name.
	NoDoubleHyphen bool
}

// Check returns nil when value satisfies the rule, or an error saying what is allowed.
func (r Rule) Check(value string) error {
	switch {
	case len(value) < r.Min || len(value) > r.Max:
		return fmt.Errorf("%s %q has %d characters; allowed: %d to %d characters, %s",
			r.Resource, value, len(value), r.Min, r.Max, r.Allowed)
	case !r.Pattern.MatchString(value):
		return fmt.Errorf("%s %q is not allowed; allowed: %s", r.Resource, value, r.Allowed)
	case r.NoDoubleHyphen && strings.Contains(value, "--"):
		return fmt.Errorf("%s %q contains \"--\"; allowed: %s, without consecutive hyphens", r.Resource, value, r.Allowed)
	}
	return nil
}

var (
	lowerAlnumHyphen   = regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`)
	alnumOnly          = regexp.MustCompile(`^[a-zA-Z0-9]+$`)
	vaultPattern       = regexp.MustCompile(`^[a-zA-Z]([a-zA-Z0-9-]*[a-zA-Z0-9])?$`)
	vaultSecretPattern = regexp.MustCompile(`^[a-zA-Z0-9-]+$`)
	// Container Apps secret names follow the DNS subdomain rule.
	appSecretPattern    = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	resourceGroupChars  = regexp.MustCompile(`^[-\w.()]*[-\w()]$`)
	workspacePattern    = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$`)
	identityPattern     = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]*$`)
	envVarPattern       = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	daprAppIDPattern    = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	webhookNamePattern  = regexp.MustCompile(`^[a-zA-Z0-9]+$`)
	revisionSuffixChars = regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`)
)

// Azure's rules for the names this project sets. Sources are the resource-name-rules page above unless noted.
var (
	// ResourceGroup: Microsoft.Resources/resourceGroups.
	ResourceGroup = Rule{
		Resource: "resource group name", Min: 1, Max: 90, Pattern: resourceGroupChars,
		Allowed: "letters, digits, underscores, hyphens, periods and parentheses, not ending with a period",
	}
	// ContainerRegistry: Microsoft.ContainerRegistry/registries, globally unique.
	ContainerRegistry = Rule{
		Resource: "container registry name", Min: 5, Max: 50, Pattern: alnumOnly,
		Allowed: "letters and digits only",
	}
	// KeyVault: Microsoft.KeyVault/vaults, globally unique and reserved while soft-deleted.
	KeyVault = Rule{
		Resource: "key vault name", Min: 3, Max: 24, Pattern: vaultPattern, NoDoubleHyphen: true,
		Allowed: "letters, digits and hyphens, starting with a letter and ending with a letter or digit",
	}
	// KeyVaultSecret: Microsoft.KeyVault/vaults/secrets.
	KeyVaultSecret = Rule{
		Resource: "key vault secret name", Min: 1, Max: 127, Pattern: vaultSecretPattern,
		Allowed: "letters, digits and hyphens",
	}
	// ContainerApp: Microsoft.App/containerApps.
	ContainerApp = Rule{
		Resource: "container app name", Min: 2, Max: 32, Pattern: lowerAlnumHyphen, NoDoubleHyphen: true,
		Allowed: "lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
	}
	// ManagedEnvironment: Microsoft.App/managedEnvironments.
	ManagedEnvironment = Rule{
		Resource: "container apps environment name", Min: 2, Max: 60, Pattern: lowerAlnumHyphen, NoDoubleHyphen: true,
		Allowed: "lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
	}
	// AppSecret: secrets of a container app
	// (https://learn.microsoft.com/azure/container-apps/manage-secrets).
	AppSecret = Rule{
		Resource: "container app secret name", Min: 1, Max: 253, Pattern: appSecretPattern,
		Allowed: "lowercase letters, digits, hyphens and periods, starting and ending with a letter or digit",
	}
	// Workspace: Microsoft.OperationalInsights/workspaces.
	Workspace = Rule{
		Resource: "log analytics workspace name", Min: 4, Max: 63, Pattern: workspacePattern,
		Allowed: "letters, digits and hyphens, starting and ending with a letter or digit",
	}
	// UserAssignedIdentity: Microsoft.ManagedIdentity/userAssignedIdentities.
	UserAssignedIdentity = Rule{
		Resource: "managed identity name", Min: 3, Max: 128, Pattern: identityPattern,
		Allowed: "letters, digits, hyphens and underscores, starting with a letter or digit",
	}
	// EnvironmentVariable: a container's environment variable name (POSIX portable names).
	EnvironmentVariable = Rule{
		Resource: "environment variable name", Min: 1, Max: 256, Pattern: envVarPattern,
		Allowed: "letters, digits and underscores, not starting with a digit",
	}
	// DaprAppID: Dapr app ids are DNS labels (https://docs.dapr.io/concepts/dapr-services/sidecar/).
	DaprAppID = Rule{
		Resource: "dapr app id", Min: 1, Max: 63, Pattern: daprAppIDPattern,
		Allowed: "lowercase letters, digits and hyphens, starting and ending with a letter or digit",
	}
	// RegistryWebhook: Microsoft.ContainerRegistry/registries/webhooks.
	RegistryWebhook = Rule{
		Resource: "registry webhook name", Min: 5, Max: 50, Pattern: webhookNamePattern,
		Allowed: "letters and digits only",
	}
	// Label: a logical name this project puts into resource names, e.g. a grant's principal name.
	Label = Rule{
		Resource: "name", Min: 1, Max: 40, Pattern: lowerAlnumHyphen, NoDoubleHyphen: true,
		Allowed: "lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
	}
	// RevisionSuffix: the suffix of a container app revision name `<app>--<suffix>`
	// (https://learn.microsoft.com/azure/container-apps/revisions#customized-revision-suffix).
	RevisionSuffix = Rule{
		Resource: "revision suffix", Min: 1, Max: 64, Pattern: revisionSuffixChars, NoDoubleHyphen: true,
		Allowed: "lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
	}
)

// MaxRevisionNameLength is the longest revision name `<app>--<suffix>` Azure accepts.
const MaxRevisionNameLength = 54

// Compact removes every character that is not a lowercase letter or digit, for names such as a registry's
// that allow letters and digits only.
func Compact(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
