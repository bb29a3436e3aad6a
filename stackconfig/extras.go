package stackconfig

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/secure-aca/secure-aca/internal/naming"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// DaprComponent is a Dapr component of the environment, visible to the apps it scopes.
type DaprComponent struct {
	Name     string         `json:"name"`
	Type     string         `json:"type"`
	Version  string         `json:"version"`
	Metadata []DaprMetadata `json:"metadata"`
	Secrets  []AppSecret    `json:"secrets"`
	Scopes   []string       `json:"scopes"`
}

// DaprMetadata is one metadata entry: a plain value or a reference to one of the component's secrets.
type DaprMetadata struct {
	Name      string  `json:"name"`
	Value     *string `json:"value"`
	SecretRef string  `json:"secretRef"`
}

// Budget is a monthly cost budget on the resource group, alerting the action group and the alert e-mails.
type Budget struct {
	Amount     float64           `json:"amount"`
	StartDate  string            `json:"startDate"`
	Thresholds []BudgetThreshold `json:"thresholds"`
}

// BudgetThreshold notifies when actual or forecast cost crosses a percentage of the amount.
type BudgetThreshold struct {
	Percent float64 `json:"percent"`
	Type    string  `json:"type"`
}

// Defaults and limits of the extras.
const (
	DefaultDaprComponentVersion = "v1"
	// MaxBudgetThresholds is Azure's limit of notifications per budget.
	MaxBudgetThresholds = 5
)

// DefaultBudgetThresholds warn at 80 % and 100 % of actual cost and when the forecast passes the amount.
var DefaultBudgetThresholds = []BudgetThreshold{
	{Percent: 80, Type: "Actual"}, {Percent: 100, Type: "Actual"}, {Percent: 100, Type: "Forecasted"},
}

var (
	daprTypePattern    = regexp.MustCompile(`^[a-z]+(\.[a-z0-9]+)+$`)
	daprVersionPattern = regexp.MustCompile(`^v\d+(alpha\d*|beta\d*)?$`)
	budgetStartPattern = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])-01$`)
)

// DaprAppID returns the Dapr app id of an app with Dapr on, and whether it has Dapr on.
func (a *App) DaprAppID() (string, bool) {
	if a.Dapr == nil {
		return "", false
	}
	return a.daprAppID(), true
}

func (c *Config) applyExtrasDefaults() {
	for i := range c.DaprComponents {
		if c.DaprComponents[i].Version == "" {
			c.DaprComponents[i].Version = DefaultDaprComponentVersion
		}
	}
	if c.Budget != nil && len(c.Budget.Thresholds) == 0 {
		c.Budget.Thresholds = slices.Clone(DefaultBudgetThresholds)
	}
}

func (c *Config) validateExtras(problems *validation.List) {
	daprIDs := map[string]bool{}
	for i := range c.Apps {
		if id, on := c.Apps[i].DaprAppID(); on {
			daprIDs[id] = true
		}
	}
	vaultSecrets := map[string]bool{}
	for _, secret := range c.Vault.Secrets {
		vaultSecrets[secret.Name] = true
	}

	names := map[string]bool{}
	for i, component := range c.DaprComponents {
		path := validation.Index(c.Project+":daprComponents", i)
		problems.AddError(path+".name", naming.Label.Check(component.Name))
		if names[component.Name] {
			problems.Add(path+".name", "%q is used twice; names must be unique", component.Name)
		}
		names[component.Name] = true
		if !daprTypePattern.MatchString(component.Type) {
			problems.Add(path+".type", "%q is not allowed; allowed: a Dapr component type such as "+
				"\"pubsub.azure.servicebus.topics\" or \"state.azure.blobstorage\"", component.Type)
		}
		if !daprVersionPattern.MatchString(component.Version) {
			problems.Add(path+".version", "%q is not allowed; allowed: a Dapr component version such as \"v1\"",
				component.Version)
		}
		secretNames := map[string]bool{}
		for j, secret := range component.Secrets {
			secretPath := validation.Index(path+".secrets", j)
			problems.AddError(secretPath+".name", naming.AppSecret.Check(secret.Name))
			secretNames[secret.Name] = true
			if !vaultSecrets[secret.KeyVaultSecret] {
				problems.Add(secretPath+".keyVaultSecret", "%q is not a secret in `vault.secrets`", secret.KeyVaultSecret)
			}
		}
		for j, entry := range component.Metadata {
			entryPath := validation.Index(path+".metadata", j)
			switch {
			case entry.Name == "":
				problems.Add(entryPath+".name", "is required")
			case (entry.Value == nil) == (entry.SecretRef == ""):
				problems.Add(entryPath, "%q needs exactly one of `value` and `secretRef`", entry.Name)
			case entry.SecretRef != "" && !secretNames[entry.SecretRef]:
				problems.Add(entryPath+".secretRef", "%q is not one of the component's `secrets`", entry.SecretRef)
			}
		}
		if len(component.Scopes) == 0 {
			problems.Add(path+".scopes", "is required: a component without scopes is visible to every app; allowed: "+
				"the Dapr app ids of the apps that use it (%s)", listOrNone(sortedKeys(daprIDs)))
		}
		for j, scope := range component.Scopes {
			if !daprIDs[scope] {
				problems.Add(validation.Index(path+".scopes", j), "%q is not the Dapr app id of an app with Dapr on; "+
					"allowed: %s", scope, listOrNone(sortedKeys(daprIDs)))
			}
		}
	}

	if c.Budget != nil {
		path := c.Project + ":budget"
		if c.Budget.Amount == 0 {
			problems.Add(path+".amount", "is missing or 0; allowed: a positive amount in the billing currency")
		} else if c.Budget.Amount < 0 || c.Budget.Amount > 1e9 {
			problems.Add(path+".amount", "%v is not allowed; allowed: a positive amount in the billing currency",
				c.Budget.Amount)
		}
		if c.Budget.StartDate != "" &&
			(!budgetStartPattern.MatchString(c.Budget.StartDate) || c.Budget.StartDate < "2017-06-01") {
			problems.Add(path+".startDate", "%q is not allowed; allowed: the first day of a month from 2017-06 on, "+
				"YYYY-MM-01",
				c.Budget.StartDate)
		}
		if len(c.Budget.Thresholds) > MaxBudgetThresholds {
			problems.Add(path+".thresholds", "has %d entries; allowed: at most %d", len(c.Budget.Thresholds),
				MaxBudgetThresholds)
		}
		seen := map[string]bool{}
		for i, threshold := range c.Budget.Thresholds {
			thresholdPath := validation.Index(path+".thresholds", i)
			if threshold.Percent <= 0 || threshold.Percent > 1000 {
				problems.Add(thresholdPath+".percent", "%v is not allowed; allowed: above 0, at most 1000",
					threshold.Percent)
			}
			if threshold.Type != "Actual" && threshold.Type != "Forecasted" {
				problems.Add(thresholdPath+".type", "%q is not allowed; allowed: Actual, Forecasted", threshold.Type)
			}
			key := fmt.Sprintf("%s-%v", strings.ToLower(threshold.Type), threshold.Percent)
			if seen[key] {
				problems.Add(thresholdPath, "repeats %s %v%%", threshold.Type, threshold.Percent)
			}
			seen[key] = true
		}
	}
}
