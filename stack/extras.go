package stack

import (
	"fmt"
	"slices"
	"strings"
	"time"

	app "github.com/pulumi/pulumi-azure-native-sdk/app/v2/v20250101"
	"github.com/pulumi/pulumi-azure-native-sdk/consumption/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumitime "github.com/pulumiverse/pulumi-time/sdk/go/time"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/internal/diag"
	"github.com/secure-aca/secure-aca/internal/governance"
	"github.com/secure-aca/secure-aca/stackconfig"
)

// daprNeedsIdentity reports whether any Dapr component reads a secret from the vault.
func daprNeedsIdentity(cfg *stackconfig.Config) bool {
	return slices.ContainsFunc(cfg.DaprComponents, func(c stackconfig.DaprComponent) bool { return len(c.Secrets) > 0 })
}

// newDaprIdentity creates the identity the environment's Dapr components read their Key Vault secrets with.
func newDaprIdentity(ctx *pulumi.Context, cfg *stackconfig.Config, groupName pulumi.StringInput,
	location pulumi.StringInput,
) (*managedidentity.UserAssignedIdentity, error) {
	identity, err := managedidentity.NewUserAssignedIdentity(ctx, "dapr-identity",
		&managedidentity.UserAssignedIdentityArgs{
			ResourceGroupName: groupName,
			Location:          location,
			ResourceName:      pulumi.Sprintf("id-%s-dapr", cfg.BaseName()),
			Tags:              pulumi.ToStringMap(cfg.BaseTags()),
		})
	if err != nil {
		return nil, fmt.Errorf("creating the Dapr components' identity: %w", err)
	}
	return identity, nil
}

// newDaprComponents creates the environment's Dapr components. Their secrets are Key Vault references read
// with the Dapr identity, which is granted read on exactly those secrets.
func newDaprComponents(ctx *pulumi.Context, cfg *stackconfig.Config, stack *Stack,
	identity *managedidentity.UserAssignedIdentity,
) error {
	var grants []pulumi.Resource
	granted := map[string]bool{}
	for _, component := range cfg.DaprComponents {
		for _, secret := range component.Secrets {
			if granted[secret.KeyVaultSecret] {
				continue
			}
			granted[secret.KeyVaultSecret] = true
			grant, err := governance.Assign(ctx, "dapr-secret-"+strings.ToLower(secret.KeyVaultSecret),
				governance.RoleAssignment{
					Scope:         stack.Vault.SecretID(secret.KeyVaultSecret),
					PrincipalID:   identity.PrincipalId,
					PrincipalType: governance.PrincipalTypeServicePrincipal,
					RoleID:        governance.RoleKeyVaultSecretsUser,
					Description:   "Dapr components read the secret " + secret.KeyVaultSecret,
				})
			if err != nil {
				return err
			}
			grants = append(grants, grant)
		}
	}

	var opts []pulumi.ResourceOption
	if len(grants) > 0 {
		triggers := pulumi.StringMap{}
		for i, grant := range grants {
			triggers[fmt.Sprintf("grant%02d", i)] = grant.(pulumi.CustomResource).ID().ToStringOutput()
		}
		wait, err := pulumitime.NewSleep(ctx, "dapr-rbac-propagation", &pulumitime.SleepArgs{
			CreateDuration: pulumi.String(containerapp.DefaultPropagationWait),
			Triggers:       triggers,
		}, pulumi.DependsOn(grants))
		if err != nil {
			return fmt.Errorf("creating the Dapr components' propagation wait: %w", err)
		}
		opts = append(opts, pulumi.DependsOn(append(grants, wait)))
	}

	for _, component := range cfg.DaprComponents {
		secrets := app.SecretArray{}
		for _, secret := range component.Secrets {
			secrets = append(secrets, app.SecretArgs{
				Name:        pulumi.String(secret.Name),
				KeyVaultUrl: stack.Vault.SecretURI(secret.KeyVaultSecret),
				Identity:    identity.ID(),
			})
		}
		metadata := app.DaprMetadataArray{}
		for _, entry := range component.Metadata {
			item := app.DaprMetadataArgs{Name: pulumi.String(entry.Name)}
			if entry.SecretRef != "" {
				item.SecretRef = pulumi.String(entry.SecretRef)
			} else {
				item.Value = pulumi.String(*entry.Value)
			}
			metadata = append(metadata, item)
		}
		if _, err := app.NewDaprComponent(ctx, "dapr-"+component.Name, &app.DaprComponentArgs{
			ResourceGroupName: stack.ResourceGroup.Name,
			EnvironmentName:   stack.Environment.EnvironmentName,
			ComponentName:     pulumi.String(component.Name),
			ComponentType:     pulumi.String(component.Type),
			Version:           pulumi.String(component.Version),
			Metadata:          metadata,
			Secrets:           secrets,
			Scopes:            pulumi.ToStringArray(component.Scopes),
			IgnoreErrors:      pulumi.Bool(false),
		}, opts...); err != nil {
			return fmt.Errorf("creating the Dapr component %q: %w", component.Name, err)
		}
	}
	return nil
}

// newBudget puts a monthly cost budget on the resource group that notifies the action group and the alert
// e-mails. Without a configured start date the budget starts in the month it is first created: Azure refuses to
// create a monthly budget that starts before the current month, so a fixed date in the stack file would break
// every fresh deployment from the month after.
func newBudget(ctx *pulumi.Context, cfg *stackconfig.Config, stack *Stack) error {
	budgetName := pulumi.Sprintf("budget-%s", cfg.BaseName())
	startDate := pulumi.String(cfg.Budget.StartDate + "T00:00:00Z").ToStringOutput()
	if cfg.Budget.StartDate == "" {
		// The creation time is recorded in the state once, so later deployments keep the same start. The
		// triggers are what replaces the budget, so a replaced budget starts in the month it is created again.
		created, err := pulumitime.NewStatic(ctx, "budget-start", &pulumitime.StaticArgs{
			Triggers: pulumi.StringMap{"budgetName": budgetName, "scope": stack.ResourceGroup.ID().ToStringOutput()},
		})
		if err != nil {
			return fmt.Errorf("recording the budget's start month: %w", err)
		}
		startDate = pulumi.Sprintf("%04d-%02d-01T00:00:00Z", created.Year, created.Month)
	}
	notifications := consumption.NotificationMap{}
	for _, threshold := range cfg.Budget.Thresholds {
		key := fmt.Sprintf("%s-%v", strings.ToLower(threshold.Type), threshold.Percent)
		notifications[key] = consumption.NotificationArgs{
			Enabled:       pulumi.Bool(true),
			Operator:      pulumi.String("GreaterThanOrEqualTo"),
			Threshold:     pulumi.Float64(threshold.Percent),
			ThresholdType: pulumi.String(threshold.Type),
			ContactEmails: pulumi.ToStringArray(cfg.AlertEmails),
			ContactGroups: pulumi.StringArray{stack.Environment.ActionGroupID},
		}
	}
	budget, err := consumption.NewBudget(ctx, "budget", &consumption.BudgetArgs{
		Scope:         stack.ResourceGroup.ID(),
		BudgetName:    budgetName,
		Amount:        pulumi.Float64(cfg.Budget.Amount),
		Category:      pulumi.String("Cost"),
		TimeGrain:     pulumi.String("Monthly"),
		TimePeriod:    consumption.BudgetTimePeriodArgs{StartDate: startDate},
		Notifications: notifications,
	})
	if err != nil {
		return fmt.Errorf("creating the budget: %w", err)
	}
	if warning := budgetStartWarning(cfg.Budget.StartDate, time.Now().UTC()); warning != "" {
		diag.Warn(ctx, budget, "budget", warning)
	}
	return nil
}

// budgetStartWarning says why Azure may refuse a configured start month: it creates a monthly budget only from
// the current month on and at most twelve months ahead. A past start stays valid for a budget that exists.
func budgetStartWarning(startDate string, now time.Time) string {
	if startDate == "" {
		return ""
	}
	current := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	start, err := time.Parse(time.DateOnly, startDate)
	switch {
	case err != nil:
		return ""
	case start.Before(current):
		return fmt.Sprintf("`budget.startDate` %s is before the current month: Azure keeps it for a budget "+
			"that exists but refuses to create a budget with it; remove the key to start in the month of "+
			"creation", startDate)
	case start.After(current.AddDate(1, 0, 0)):
		return fmt.Sprintf("`budget.startDate` %s is more than twelve months ahead: Azure refuses to create a "+
			"budget with it", startDate)
	}
	return ""
}
