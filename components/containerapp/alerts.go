package containerapp

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// metricNamespace is the Azure Monitor namespace of Container Apps metrics
// (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-app-containerapps-metrics).
const metricNamespace = "Microsoft.App/containerApps"

// alertRule is one metric alert on the app. Every rule is evaluated every minute and resolves itself when the
// condition clears.
type alertRule struct {
	suffix      string
	description string
	metric      string
	aggregation string
	threshold   float64
	window      string
	severity    int
	dimensions  insights.MetricDimensionArray
}

// alertRules are what an operator wants to hear about: resource saturation, crash loops and server errors.
func alertRules() []alertRule {
	return []alertRule{
		{
			suffix: "cpu", description: "CPU above 80% of the limit on average over 5 minutes",
			metric: "CpuPercentage", aggregation: "Average", threshold: 80, window: "PT5M", severity: 2,
		},
		{
			suffix: "memory", description: "Memory above 80% of the limit on average over 5 minutes",
			metric: "MemoryPercentage", aggregation: "Average", threshold: 80, window: "PT5M", severity: 2,
		},
		{
			suffix: "restarts", description: "More than 3 replica restarts in 15 minutes: a crash loop or failing probes",
			metric: "RestartCount", aggregation: "Total", threshold: 3, window: "PT15M", severity: 2,
		},
		{
			suffix: "server-errors", description: "More than 10 responses with a 5xx status in 5 minutes",
			metric: "Requests", aggregation: "Total", threshold: 10, window: "PT5M", severity: 1,
			dimensions: insights.MetricDimensionArray{insights.MetricDimensionArgs{
				Name: pulumi.String("statusCodeCategory"), Operator: pulumi.String("Include"),
				Values: pulumi.ToStringArray([]string{"5xx"}),
			}},
		},
	}
}

func newAlerts(ctx *pulumi.Context, name string, args Args, appID pulumi.StringOutput,
	opts ...pulumi.ResourceOption,
) error {
	for _, rule := range alertRules() {
		if rule.suffix == "server-errors" && args.Ingress == nil {
			continue
		}
		_, err := insights.NewMetricAlert(ctx, name+"-alert-"+rule.suffix, &insights.MetricAlertArgs{
			ResourceGroupName:   args.ResourceGroupName,
			RuleName:            pulumi.Sprintf("alert-%s-%s", args.AppName, rule.suffix),
			Description:         pulumi.String(rule.description),
			Location:            pulumi.String("global"),
			Enabled:             pulumi.Bool(true),
			Severity:            pulumi.Int(rule.severity),
			Scopes:              pulumi.StringArray{appID},
			EvaluationFrequency: pulumi.String("PT1M"),
			WindowSize:          pulumi.String(rule.window),
			AutoMitigate:        pulumi.Bool(true),
			TargetResourceType:  pulumi.String(metricNamespace),
			Criteria: insights.MetricAlertSingleResourceMultipleMetricCriteriaArgs{
				OdataType: pulumi.String("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"),
				AllOf: insights.MetricCriteriaArray{insights.MetricCriteriaArgs{
					CriterionType:   pulumi.String("StaticThresholdCriterion"),
					Name:            pulumi.String(rule.suffix),
					MetricName:      pulumi.String(rule.metric),
					MetricNamespace: pulumi.String(metricNamespace),
					Operator:        pulumi.String("GreaterThan"),
					Threshold:       pulumi.Float64(rule.threshold),
					TimeAggregation: pulumi.String(rule.aggregation),
					Dimensions:      rule.dimensions,
				}},
			},
			Actions: insights.MetricAlertActionArray{insights.MetricAlertActionArgs{ActionGroupId: args.ActionGroupID}},
			Tags:    pulumi.ToStringMap(args.Tags),
		}, opts...)
		if err != nil {
			return fmt.Errorf("creating alert %q of %q: %w", rule.suffix, name, err)
		}
	}
	return nil
}
