package environment_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/components/environment"
	"github.com/secure-aca/secure-aca/internal/validation"
)

func validArgs() environment.Args {
	return environment.Args{
		ResourceGroupName: pulumi.String("rg-app-dev"),
		BaseName:          "app-dev",
		AlertEmails:       []string{"oncall@example.com"},
		WorkloadProfiles:  []environment.WorkloadProfile{{Name: "general", Type: "D4", MinimumCount: 1, MaximumCount: 3}},
	}
}

func TestValidArgsPass(t *testing.T) {
	t.Parallel()
	require.NoError(t, validArgs().WithDefaults().Validate())

	withSubnet := validArgs()
	withSubnet.InfrastructureSubnetID = pulumi.String("/subscriptions/s/resourceGroups/rg/providers/x/subnets/apps")
	withSubnet.Internal, withSubnet.ZoneRedundant = true, true
	assert.NoError(t, withSubnet.WithDefaults().Validate(), "internal and zone redundant on a subnet")
}

func TestWithDefaultsFillsACopy(t *testing.T) {
	t.Parallel()
	args := validArgs()

	defaulted := args.WithDefaults()
	defaulted.AlertEmails[0] = "other@example.com"

	assert.Equal(t, environment.DefaultLogRetentionDays, defaulted.LogRetentionDays)
	assert.Zero(t, args.LogRetentionDays, "the caller's args keep their values")
	assert.Equal(t, "oncall@example.com", args.AlertEmails[0])
}

func TestValidateReportsEveryBadValueAtItsSchemaPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		edit       func(a *environment.Args)
		path, want string
	}{
		{
			name: "no resource group", edit: func(a *environment.Args) { a.ResourceGroupName = nil },
			path: "resourceGroupName", want: "is required",
		},
		{
			name: "no base name", edit: func(a *environment.Args) { a.BaseName = "" },
			path: "baseName", want: `"" is not allowed; allowed: 1 to 56 lowercase letters`,
		},
		{
			name: "base name with capitals", edit: func(a *environment.Args) { a.BaseName = "App_Dev" },
			path: "baseName", want: `"App_Dev" is not allowed`,
		},
		{
			name: "base name with a double hyphen", edit: func(a *environment.Args) { a.BaseName = "app--dev" },
			path: "baseName", want: `"app--dev" is not allowed`,
		},
		{
			name: "base name too long", edit: func(a *environment.Args) { a.BaseName = strings.Repeat("a", 57) },
			path: "baseName", want: "is not allowed; allowed: 1 to 56",
		},
		{
			name: "retention below the included period", edit: func(a *environment.Args) { a.LogRetentionDays = 29 },
			path: "logRetentionDays", want: "29 is not allowed; allowed: 30 to 730",
		},
		{
			name: "retention above the maximum", edit: func(a *environment.Args) { a.LogRetentionDays = 731 },
			path: "logRetentionDays", want: "731 is not allowed; allowed: 30 to 730",
		},
		{
			name: "alert address with a display name",
			edit: func(a *environment.Args) { a.AlertEmails = []string{"Oncall <oncall@example.com>"} },
			path: "alertEmails[0]", want: `"Oncall <oncall@example.com>" is not allowed; allowed: a plain e-mail address`,
		},
		{
			name: "internal without a subnet", edit: func(a *environment.Args) { a.Internal = true },
			path: "internal", want: "needs `infrastructureSubnetId`",
		},
		{
			name: "zone redundant without a subnet", edit: func(a *environment.Args) { a.ZoneRedundant = true },
			path: "zoneRedundant", want: "needs `infrastructureSubnetId`",
		},
		{
			name: "profile name with capitals", edit: func(a *environment.Args) { a.WorkloadProfiles[0].Name = "GPU" },
			path: "workloadProfiles[0].name", want: `name "GPU" is not allowed`,
		},
		{
			name: "profile named twice",
			edit: func(a *environment.Args) { a.WorkloadProfiles = append(a.WorkloadProfiles, a.WorkloadProfiles[0]) },
			path: "workloadProfiles[1].name", want: `"general" is used twice or is reserved`,
		},
		{
			name: "profile named like the consumption profile",
			edit: func(a *environment.Args) { a.WorkloadProfiles[0].Name = environment.ConsumptionProfileName },
			path: "workloadProfiles[0].name", want: `"Consumption" is used twice or is reserved`,
		},
		{
			name: "unknown profile type", edit: func(a *environment.Args) { a.WorkloadProfiles[0].Type = "D3" },
			path: "workloadProfiles[0].type", want: `"D3" is not allowed; allowed: D4, D8`,
		},
		{
			name: "consumption as a dedicated type",
			edit: func(a *environment.Args) { a.WorkloadProfiles[0].Type = "Consumption" },
			path: "workloadProfiles[0].type", want: `"Consumption" is not allowed`,
		},
		{
			name: "more minimum than maximum nodes", edit: func(a *environment.Args) { a.WorkloadProfiles[0].MinimumCount = 4 },
			path: "workloadProfiles[0]", want: "node counts 4 to 3 are not allowed",
		},
		{
			name: "no nodes at all", edit: func(a *environment.Args) { a.WorkloadProfiles[0].MaximumCount = 0 },
			path: "workloadProfiles[0]", want: "allowed: maximumCount 1 to 100",
		},
		{
			name: "more nodes than Azure allows", edit: func(a *environment.Args) { a.WorkloadProfiles[0].MaximumCount = 101 },
			path: "workloadProfiles[0]", want: "node counts 1 to 101 are not allowed",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := validArgs()
			tc.edit(&args)

			err := args.WithDefaults().Validate()

			require.Error(t, err)
			assert.Contains(t, validation.MessagesAt(err, tc.path), tc.want, "problems: %v", err)
		})
	}
}
