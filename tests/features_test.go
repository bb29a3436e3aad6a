package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/offline"
	"github.com/secure-aca/secure-aca/stack"
	"github.com/secure-aca/secure-aca/stackconfig"
)

// Values the features stack points at: two image digests and a resource group of shared resources.
const (
	apiDigest     = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	migrateDigest = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	sharedGroupID = "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-shared"
)

// featuresStack turns on every optional app feature at once.
const featuresStack = `
config:
  azure-native:location: westeurope
  secure-aca:owner: platform-team
  secure-aca:alertEmails: [oncall@example.com]
  secure-aca:network:
    addressSpace: 10.50.0.0/16
    infrastructureSubnet: 10.50.0.0/27
    privateEndpointSubnet: 10.50.1.0/28
  secure-aca:managedEnvironment:
    workloadProfiles:
      - name: general
        type: D4
        minimumCount: 1
        maximumCount: 3
  secure-aca:registry:
    sku: Premium
    webhooks:
      - name: deploypipeline
        serviceUri: {secure: v1:placeholder}
        actions: [push]
        scope: "api:*"
        customHeaders:
          Authorization: {secure: v1:placeholder}
  secure-aca:vault:
    secrets:
      - name: Certificate
        generated: true
  secure-aca:apps:
    - name: api
      workloadProfile: general
      image:
        public: mcr.microsoft.com/k8se/quickstart@sha256:` + apiDigest + `
      cpu: 1
      memory: 2Gi
      ingress:
        external: true
        clientCertificateMode: require
        stickySessions: true
        ipAllow:
          - name: office
            cidr: 203.0.113.0/24
        cors:
          allowedOrigins: [https://shop.example.com]
          allowCredentials: true
        additionalPorts:
          - targetPort: 9090
            exposedPort: 9090
        customDomains:
          - name: api.example.com
            certificateId: ` + sharedGroupID + `/providers/Microsoft.App/managedEnvironments/e/certificates/api
      scale:
        queues:
          - name: orders
            accountName: stordersdev
            queueName: orders
            queueLength: 10
            storageAccountId: ` + sharedGroupID + `/providers/Microsoft.Storage/storageAccounts/stordersdev
      probes:
        startup:
          path: /healthz
          failureThreshold: 10
      secrets:
        - name: certificate
          keyVaultSecret: Certificate
      initContainers:
        - name: migrate
          image: mcr.microsoft.com/k8se/quickstart@sha256:` + migrateDigest + `
          command: [/migrate]
      volumes:
        - name: scratch
          type: EmptyDir
          mountPath: /tmp/scratch
        - name: certs
          type: Secret
          mountPath: /etc/certs
          secretNames: [certificate]
`

func TestEveryOptionalAppFeatureReachesTheApp(t *testing.T) {
	t.Parallel()
	run, err := runYAML(t, "features", featuresStack)
	require.NoError(t, err)
	api := run.find(t, typeContainerApp, "api-app")

	for path, want := range map[string]any{
		"workloadProfileName":                                "general",
		"configuration.ingress.clientCertificateMode":        "require",
		"configuration.ingress.stickySessions.affinity":      "sticky",
		"configuration.ingress.corsPolicy.allowedOrigins":    []any{"https://shop.example.com"},
		"configuration.ingress.corsPolicy.allowCredentials":  true,
		"configuration.ingress.customDomains[0].bindingType": "SniEnabled",
		"configuration.ingress.customDomains[0].name":        "api.example.com",
		"template.initContainers[0].command":                 []any{"/migrate"},
		"configuration.ingress.ipSecurityRestrictions[0]": map[string]any{
			"name": "office", "action": "Allow", "ipAddressRange": "203.0.113.0/24",
		},
		"template.volumes[0]":                    map[string]any{"name": "scratch", "storageType": "EmptyDir"},
		"template.volumes[1].secrets[0]":         map[string]any{"secretRef": "certificate", "path": "certificate"},
		"template.containers[0].volumeMounts[1]": map[string]any{"volumeName": "certs", "mountPath": "/etc/certs"},
		"configuration.ingress.additionalPortMappings[0]": map[string]any{
			"external": false, "targetPort": float64(9090), "exposedPort": float64(9090),
		},
	} {
		assert.Equal(t, want, plain(t, api.Inputs, path), path)
	}
	assert.Contains(t, text(t, api.Inputs, "template.initContainers[0].image"), "@sha256:")

	identity := run.find(t, typeIdentity, "api-identity")
	queueRule := elementPath(t, api.Inputs, "template.scale.rules", "name", "orders")
	assert.Equal(t, identity.ID, text(t, api.Inputs, queueRule+".azureQueue.identity"),
		"the queue scaler authenticates with the app's identity")
	assert.Equal(t, float64(10), plain(t, api.Inputs, queueRule+".azureQueue.queueLength"))
	grant := run.find(t, typeRoleAssignment, "api-queue-orders")
	assert.True(t, strings.HasSuffix(text(t, grant.Inputs, "scope"), "/queueServices/default/queues/orders"))
	assert.Contains(t, api.Dependencies, grant.URN)

	startup := elementPath(t, api.Inputs, "template.containers[0].probes", "type", "Startup")
	assert.Equal(t, float64(10), plain(t, api.Inputs, startup+".failureThreshold"))

	vnet := run.find(t, "azure-native:network:VirtualNetwork", "network-vnet")
	assert.Equal(t, "Microsoft.App/environments", text(t, vnet.Inputs, "subnets[0].delegations[0].serviceName"),
		"a workload-profiles environment needs its subnet delegated")
	environment := run.find(t, typeManagedEnvironment, "environment-environment")
	assert.Equal(t, []any{
		map[string]any{"name": "Consumption", "workloadProfileType": "Consumption"},
		map[string]any{
			"name": "general", "workloadProfileType": "D4", "minimumCount": float64(1), "maximumCount": float64(3),
		},
	}, plain(t, environment.Inputs, "workloadProfiles"))

	webhook := run.find(t, "azure-native:containerregistry/v20230701:Webhook", "registry-webhook-deploypipeline")
	assert.True(t, isSecret(t, webhook.Inputs, "serviceUri"), "a webhook URL carries a token")
	assert.True(t, isSecret(t, webhook.Inputs, "customHeaders"))
	assert.Equal(t, []any{"push"}, plain(t, webhook.Inputs, "actions"))
	assert.Equal(t, "api:*", text(t, webhook.Inputs, "scope"))
}

// TestAPreviewNeverExchangesRegistryTokens runs the dev stack the way `pulumi preview` does: the registry
// login is not needed and must not happen, whether or not the registry exists yet.
func TestAPreviewNeverExchangesRegistryTokens(t *testing.T) {
	t.Parallel()
	values, err := stackconfig.ReadStackFile(stackFilePath("dev"))
	require.NoError(t, err)
	exchanger := &offline.Exchanger{}
	monitor := offline.NewMonitor(project, "dev")
	program := stack.Program(values, stack.Options{Exchanger: exchanger, ProjectDir: projectDir})

	err = pulumi.RunErr(program, pulumi.WithMocks(project, "dev", monitor), func(info *pulumi.RunInfo) {
		info.Config = values.Config
		info.ConfigSecretKeys = values.SecretKeys
		info.DryRun = true
	})
	require.NoError(t, err)

	assert.Empty(t, exchanger.Calls(), "a preview must not reach the registry")
	images := 0
	for _, r := range monitor.Resources() {
		if r.Type != typeImage {
			continue
		}
		images++
		// The mock monitor drops unknown values, so an unknown password arrives as no password at all.
		password, known := r.Inputs["registry"].ObjectValue()["password"]
		assert.False(t, known && !password.ContainsUnknowns(), "the password must be unknown during a preview, got %v",
			password)
	}
	assert.Equal(t, 2, images)
	for _, invoke := range monitor.Invokes() {
		assert.NotEqual(t, "azure-native:authorization:getClientToken", invoke.Token,
			"a preview must not even ask for a token to exchange")
	}
}
