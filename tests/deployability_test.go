package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/secure-aca/secure-aca/stackconfig"
)

const testSubscription = "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-shared/providers/"

// deployabilityCases are configs that parse and type-check but that Azure would reject at deploy time, or
// that would silently do something other than what they say.
func deployabilityCases() []invalidCase {
	return []invalidCase{
		{
			name: "explicit zero that would silently become the default",
			edit: func(c stackConfig) { c.app(0)["terminationGracePeriodSeconds"] = 0 },
			path: "secure-aca:apps[0].terminationGracePeriodSeconds", bad: "0 is not allowed", allowed: "1 to 600",
		},
		{
			name: "explicit zero target port",
			edit: func(c stackConfig) { c.app(0)["ingress"].(map[string]any)["targetPort"] = 0 },
			path: "secure-aca:apps[0].ingress.targetPort", bad: "0 is not allowed", allowed: "1 to 65535",
		},
		{
			name: "a list where a string belongs",
			edit: func(c stackConfig) { c["secure-aca:owner"] = []any{"a", "b"} },
			path: "secure-aca:owner", bad: "is a list or map", allowed: "allowed: a string",
		},
		{
			name: "a key without namespace",
			edit: func(c stackConfig) { c["owner"] = "someone" },
			path: "owner", bad: "has no namespace", allowed: `"secure-aca:owner"`,
		},
		{
			name: "an owner too long for a tag",
			edit: func(c stackConfig) { c["secure-aca:owner"] = strings.Repeat("o", 300) },
			path: "secure-aca:owner", bad: "has 300 characters", allowed: "at most 256",
		},
		{
			name: "tags that differ only in case",
			edit: func(c stackConfig) { c.object("tags")["Cost-Center"] = "x" },
			path: "secure-aca:tags.cost-center", bad: `repeats tag "Cost-Center"`, allowed: "case-insensitive",
		},
		{
			name: "an unknown workload profile",
			edit: func(c stackConfig) { c.app(0)["workloadProfile"] = "does-not-exist" },
			path: "secure-aca:apps[0].workloadProfile", bad: `"does-not-exist" is not a workload profile`,
			allowed: "allowed: none are declared",
		},
		{
			name: "init containers pushing the app over the consumption plan's CPU",
			edit: func(c stackConfig) {
				c.app(0)["cpu"], c.app(0)["memory"] = 4, "8Gi"
				c.app(0)["initContainers"] = []any{map[string]any{
					"name": "migrate", "image": "mcr.microsoft.com/a@sha256:" + strings.Repeat("a", 64),
				}}
			},
			path: "secure-aca:apps[0].cpu", bad: "4.25 is not allowed on the consumption plan",
			allowed: "0.25 to 4 cores, init containers included",
		},
		{
			name: "one vault secret referenced twice by an app",
			edit: func(c stackConfig) {
				c.app(0)["secrets"] = append(c.app(0)["secrets"].([]any),
					map[string]any{"name": "api-key-again", "keyVaultSecret": "ApiKey"})
			},
			path: "secure-aca:apps[0].secrets[2].keyVaultSecret", bad: `"ApiKey" is already referenced`,
			allowed: "reference each vault secret once",
		},
		{
			name: "an app named after another app's resources",
			edit: func(c stackConfig) { c.app(1)["name"] = "api-secret-x" },
			path: "secure-aca:apps[1].name", bad: `begins with app "api" and "secret"`, allowed: "a name that does not",
		},
		{
			name: "two apps with one Dapr app id",
			edit: func(c stackConfig) {
				c.app(0)["dapr"] = map[string]any{"appId": "shared"}
				c.app(1)["dapr"] = map[string]any{"appId": "shared"}
			},
			path: "secure-aca:apps[1].dapr.appId", bad: `"shared" is also the Dapr app id of "api"`,
			allowed: "allowed: a unique id",
		},
		{
			name: "a reserved network range",
			edit: func(c stackConfig) {
				c["secure-aca:network"] = map[string]any{
					"addressSpace": "169.254.0.0/16", "infrastructureSubnet": "169.254.0.0/23",
					"privateEndpointSubnet": "169.254.2.0/27",
				}
			},
			path: "secure-aca:network.addressSpace", bad: `"169.254.0.0/16" overlaps 169.254.0.0/16`,
			allowed: "not an ordinary address range",
		},
		{
			name: "external TCP ingress without a network",
			edit: func(c stackConfig) { c.app(0)["ingress"].(map[string]any)["transport"] = "tcp" },
			path: "secure-aca:apps[0].ingress.transport", bad: `"tcp" with external ingress`,
			allowed: "needs the environment on your own network",
		},
		{
			name: "a budget starting before Azure budgets existed",
			edit: func(c stackConfig) {
				c["secure-aca:budget"] = map[string]any{"amount": 10, "startDate": "2000-01-01"}
			},
			path: "secure-aca:budget.startDate", bad: `"2000-01-01" is not allowed`, allowed: "from 2017-06 on",
		},
		{
			name: "a budget without an amount",
			edit: func(c stackConfig) {
				c["secure-aca:budget"] = map[string]any{"thresholds": []any{}}
			},
			path: "secure-aca:budget.amount", bad: "is missing or 0", allowed: "a positive amount",
		},
		{
			name: "a number beyond what any setting takes",
			edit: func(c stackConfig) {
				c["secure-aca:budget"] = map[string]any{"amount": 1e10}
			},
			path: "secure-aca:budget.amount", bad: "10000000000 is not allowed",
			allowed: "a number from -1000000000 to 1000000000",
		},
		{
			name: "a whole number beyond what any setting takes",
			edit: func(c stackConfig) { c.app(0)["ingress"].(map[string]any)["targetPort"] = 99999999999 },
			path: "secure-aca:apps[0].ingress.targetPort", bad: "99999999999 is not allowed",
			allowed: "a whole number from -1000000000 to 1000000000",
		},
		{
			name: "a vault secret larger than Key Vault takes",
			edit: func(c stackConfig) { c.vaultSecret(0)["value"] = strings.Repeat("v", 26*1024) },
			path: "secure-aca:vault.secrets[0].value", bad: "has 26624 bytes", allowed: "at most 25600",
		},
		{
			name: "a subnet id that is not an ARM id",
			edit: func(c stackConfig) {
				c["secure-aca:managedEnvironment"] = map[string]any{"infrastructureSubnetId": "not-an-id"}
			},
			path: "secure-aca:managedEnvironment.infrastructureSubnetId", bad: `"not-an-id" is not allowed`,
			allowed: "the ARM id of a subnet",
		},
		{
			name: "a queue rule granting one account and reading another",
			edit: func(c stackConfig) {
				c.app(1)["scale"] = map[string]any{"queues": []any{map[string]any{
					"name": "jobs", "accountName": "stjobs", "queueName": "jobs",
					"storageAccountId": testSubscription + "Microsoft.Storage/storageAccounts/stother",
				}}}
			},
			path: "secure-aca:apps[1].scale.queues[0].storageAccountId", bad: `names account "stother"`,
			allowed: "would look at different accounts",
		},
		{
			name: "a storage account name Azure rejects",
			edit: func(c stackConfig) {
				c.app(1)["scale"] = map[string]any{"queues": []any{map[string]any{
					"name": "jobs", "accountName": "Bad_Account!", "queueName": "jobs",
				}}}
			},
			path: "secure-aca:apps[1].scale.queues[0].accountName", bad: `"Bad_Account!" is not allowed`,
			allowed: "3 to 24 lowercase letters and digits",
		},
		{
			name: "two volumes on one folder",
			edit: func(c stackConfig) {
				c.app(1)["volumes"] = []any{
					map[string]any{"name": "a", "type": "EmptyDir", "mountPath": "/data"},
					map[string]any{"name": "b", "type": "EmptyDir", "mountPath": "/data/"},
				}
			},
			path: "secure-aca:apps[1].volumes[1].mountPath", bad: `"/data/" is the same folder as volumes[0]`,
			allowed: "volumes[0]",
		},
		{
			name: "a plain credential in a variable",
			edit: func(c stackConfig) {
				c.app(1)["env"] = []any{map[string]any{"name": "DB_PASS", "value": "hunter2"}}
			},
			path: "secure-aca:apps[1].env[0]", bad: `"DB_PASS" looks like a credential`, allowed: "use `secretRef`",
		},
		{
			name: "a database URL with its password in a vault value",
			edit: func(c stackConfig) { c.vaultSecret(0)["value"] = "postgres://admin:hunter2@db.example.com/app" },
			path: "secure-aca:vault.secrets[0].value", bad: "holds a credential in plain text",
			allowed: "pulumi config set --secret",
		},
		{
			name: "a gateway in front of an app locked to IP ranges",
			edit: func(c stackConfig) {
				c["secure-aca:gateway"] = map[string]any{"app": "api"}
				c.app(0)["ingress"].(map[string]any)["ipAllow"] = []any{
					map[string]any{"name": "office", "cidr": "203.0.113.0/24"},
				}
			},
			path: "secure-aca:gateway.app", bad: `"api" has ` + "`ingress.ipAllow`", allowed: "no fixed address",
		},
		{
			name: "two push principals with one principal id",
			edit: func(c stackConfig) {
				id := "11111111-2222-4333-8444-555555555555"
				c.object("registry")["pushPrincipals"] = []any{
					map[string]any{"name": "ci", "principalId": id},
					map[string]any{"name": "ci-again", "principalId": id},
				}
			},
			path: "secure-aca:registry.pushPrincipals[1].principalId", bad: "is already granted by pushPrincipals[0]",
			allowed: "the same role assignment twice",
		},
	}
}

func TestAStackFileIsOneDocumentWithOneConfig(t *testing.T) {
	t.Parallel()
	for name, text := range map[string]string{
		"two documents":   baseStackFile + "---\nconfig:\n  secure-aca:owner: someone-else\n",
		"two config keys": baseStackFile + "config:\n  secure-aca:owner: someone-else\n",
	} {
		_, err := stackconfig.ParseStackFile([]byte(text))
		assert.Error(t, err, name)
	}
}

// TestEncryptedLeavesAreKnownDuringADeployment runs the program the way `pulumi up` hands it config: the
// engine marks a whole key secret when one leaf was stored encrypted, so the program reads the stack file to
// learn which leaf; a plain credential next to an encrypted value must still be refused.
func TestEncryptedLeavesAreKnownDuringADeployment(t *testing.T) {
	t.Parallel()
	config := parseBase(t)
	config.vaultSecret(1)["value"] = encrypted()
	delete(config.vaultSecret(1), "generated")
	config.vaultSecret(0)["value"] = "Server=tcp:sql.example.net;User ID=app;Password=hunter2-plain"
	text := config.yaml(t)
	dir := t.TempDir()
	require.NoError(t, writeFile(dir+"/Pulumi.dev.yaml", text))

	// What the engine passes: every value decrypted, and the whole key listed as secret.
	var file map[string]map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(text), &file))
	values := stackconfig.Values{Config: map[string]string{}, SecretKeys: []string{"secure-aca:vault"}}
	fromFile, err := stackconfig.ParseStackFile([]byte(text))
	require.NoError(t, err)
	for key, raw := range fromFile.Config {
		values.Config[key] = strings.ReplaceAll(raw, `\u0000encrypted\u0000`, "decrypted-api-key-value")
	}

	withoutFile, err := stackconfig.Load(project, "dev", values)
	require.NoError(t, err, "without the stack file every leaf of a secret key counts as encrypted")
	require.NotNil(t, withoutFile)

	_, err = stackconfig.Load(project, "dev", values.WithEncryptedPathsFrom(dir+"/Pulumi.dev.yaml"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "secure-aca:vault.secrets[0].value: holds a credential in plain text")
	assert.NotContains(t, err.Error(), "hunter2-plain")
}
