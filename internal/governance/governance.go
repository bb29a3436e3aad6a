// Package governance gives every component the same shape for the three things Azure Verified Modules put on
// every resource: role assignments, diagnostic settings and delete locks.
package governance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/naming"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// Built-in role definitions (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
const (
	// RoleAcrPull reads images from a container registry.
	RoleAcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d"
	// RoleAcrPush pushes and pulls images.
	RoleAcrPush = "8311e382-0749-4cb8-b61a-304f252e45ec"
	// RoleKeyVaultSecretsUser reads secret contents.
	RoleKeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6"
)

// Principal types a role assignment accepts. Setting the type lets Azure skip the directory lookup that fails
// while a newly created identity is still replicating.
const (
	PrincipalTypeServicePrincipal = "ServicePrincipal"
	PrincipalTypeUser             = "User"
	PrincipalTypeGroup            = "Group"
)

// PrincipalTypes lists the allowed principal types.
var PrincipalTypes = []string{PrincipalTypeServicePrincipal, PrincipalTypeUser, PrincipalTypeGroup}

// RoleAssignment grants one built-in role to one principal at one scope.
type RoleAssignment struct {
	Scope         pulumi.StringInput
	PrincipalID   pulumi.StringInput
	PrincipalType string
	// RoleID is the GUID of a built-in role definition, e.g. RoleAcrPull.
	RoleID      string
	Description string
}

// Assign creates the role assignment. The role definition id is qualified with the scope's subscription,
// the form Azure returns, so the next deployment shows no difference.
func Assign(ctx *pulumi.Context, name string, assignment RoleAssignment, opts ...pulumi.ResourceOption,
) (*authorization.RoleAssignment, error) {
	roleDefinitionID := assignment.Scope.ToStringOutput().ApplyT(func(scope string) string {
		return RoleDefinitionID(scope, assignment.RoleID)
	}).(pulumi.StringOutput)

	created, err := authorization.NewRoleAssignment(ctx, name, &authorization.RoleAssignmentArgs{
		Scope:            assignment.Scope,
		PrincipalId:      assignment.PrincipalID,
		PrincipalType:    pulumi.String(assignment.PrincipalType),
		RoleDefinitionId: roleDefinitionID,
		Description:      pulumi.String(assignment.Description),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating role assignment %q: %w", name, err)
	}
	return created, nil
}

// RoleDefinitionID returns the subscription-qualified id of a built-in role for a resource scope.
func RoleDefinitionID(scope, roleID string) string {
	parts := strings.Split(strings.TrimPrefix(scope, "/"), "/")
	if len(parts) >= 2 && strings.EqualFold(parts[0], "subscriptions") {
		return fmt.Sprintf("/subscriptions/%s/providers/Microsoft.Authorization/roleDefinitions/%s", parts[1], roleID)
	}
	return "/providers/Microsoft.Authorization/roleDefinitions/" + roleID
}

// SendDiagnostics sends every log category and all metrics of the resource to a Log Analytics workspace, in
// resource-specific tables. workspaceID is the workspace's ARM id, the form diagnostic settings ask for.
func SendDiagnostics(ctx *pulumi.Context, name string, resourceID, workspaceID pulumi.StringInput,
	opts ...pulumi.ResourceOption,
) (*insights.DiagnosticSetting, error) {
	setting, err := insights.NewDiagnosticSetting(ctx, name, &insights.DiagnosticSettingArgs{
		Name:                        pulumi.String("send-to-log-analytics"),
		ResourceUri:                 resourceID,
		WorkspaceId:                 workspaceID,
		LogAnalyticsDestinationType: pulumi.String("Dedicated"),
		Logs: insights.LogSettingsArray{
			insights.LogSettingsArgs{CategoryGroup: pulumi.String("allLogs"), Enabled: pulumi.Bool(true)},
		},
		Metrics: insights.MetricSettingsArray{
			insights.MetricSettingsArgs{Category: pulumi.String("AllMetrics"), Enabled: pulumi.Bool(true)},
		},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating diagnostic setting %q: %w", name, err)
	}
	return setting, nil
}

// LockAgainstDelete puts a CanNotDelete lock on the resource, so that neither a mistaken `pulumi destroy` nor a
// click in the portal can remove it until the lock is taken off.
func LockAgainstDelete(ctx *pulumi.Context, name string, resourceID pulumi.StringInput, notes string,
	opts ...pulumi.ResourceOption,
) (*authorization.ManagementLockByScope, error) {
	lock, err := authorization.NewManagementLockByScope(ctx, name, &authorization.ManagementLockByScopeArgs{
		Scope:    resourceID,
		Level:    pulumi.String("CanNotDelete"),
		LockName: pulumi.String("do-not-delete"),
		Notes:    pulumi.String(notes),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating delete lock %q: %w", name, err)
	}
	return lock, nil
}

// Principal is a Microsoft Entra principal that receives a role from a component.
type Principal struct {
	// Name identifies the grant in child resource names. Required; lowercase letters, digits and hyphens;
	// unique within one list.
	Name string `pulumi:"name"`
	// PrincipalID is the principal's object id (for a managed identity, its principalId, not its clientId).
	// Required.
	PrincipalID pulumi.StringInput `pulumi:"principalId"`
	// PrincipalType is one of "ServicePrincipal" (default; managed identities are service principals),
	// "User", "Group".
	PrincipalType string `pulumi:"principalType,optional"`
}

// WithPrincipalDefaults returns a copy of principals with the default principal type filled in.
func WithPrincipalDefaults(principals []Principal) []Principal {
	out := make([]Principal, len(principals))
	for i, principal := range principals {
		if principal.PrincipalType == "" {
			principal.PrincipalType = PrincipalTypeServicePrincipal
		}
		out[i] = principal
	}
	return out
}

// ValidatePrincipals returns one error per problem in the list named field.
func ValidatePrincipals(field string, principals []Principal) []error {
	var errs []error
	seen := map[string]bool{}
	for i, principal := range principals {
		path := fmt.Sprintf("%s[%d]", field, i)
		if err := naming.Label.Check(principal.Name); err != nil {
			errs = append(errs, &validation.Problem{Path: path + ".name", Message: err.Error()})
		}
		if seen[principal.Name] {
			errs = append(errs, &validation.Problem{
				Path:    path + ".name",
				Message: fmt.Sprintf("%q is used twice; names must be unique", principal.Name),
			})
		}
		seen[principal.Name] = true
		if principal.PrincipalID == nil {
			errs = append(errs, &validation.Problem{Path: path + ".principalId", Message: "is required"})
		}
		if !slices.Contains(PrincipalTypes, principal.PrincipalType) {
			errs = append(errs, &validation.Problem{Path: path + ".principalType", Message: fmt.Sprintf(
				"%q is not allowed; allowed: %s", principal.PrincipalType, strings.Join(PrincipalTypes, ", "))})
		}
	}
	return errs
}
