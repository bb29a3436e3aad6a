package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// baseStackFile is a valid stack file that every invalid case edits. Its images are pinned by digest, so it
// needs nothing from the project folder.
const baseStackFile = `
config:
  azure-native:location: westeurope
  secure-aca:owner: platform-team
  secure-aca:alertEmails:
    - oncall@example.com
  secure-aca:tags:
    cost-center: cc-1042
  secure-aca:registry:
    sku: Standard
  secure-aca:vault:
    softDeleteRetentionDays: 7
    purgeProtectionEnabled: false
    secrets:
      - name: DatabaseConnectionString
        value: "Server=tcp:sql.example.net;Database=orders;Authentication=Active Directory Managed Identity"
      - name: ApiKey
        generated: true
  secure-aca:apps:
    - name: api
      image:
        repository: api
        digest: sha256:4f6c3b2a1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a
      ingress:
        external: true
        targetPort: 8080
      cpu: 0.5
      memory: 1Gi
      minReplicas: 1
      maxReplicas: 5
      secrets:
        - name: db-connection
          keyVaultSecret: DatabaseConnectionString
        - name: api-key
          keyVaultSecret: ApiKey
      env:
        - name: DATABASE_CONNECTION
          secretRef: db-connection
        - name: API_KEY
          secretRef: api-key
      calls:
        - worker
    - name: worker
      image:
        repository: worker
        digest: sha256:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b
      ingress:
        external: false
        targetPort: 8080
      cpu: 0.25
      memory: 0.5Gi
      minReplicas: 0
      maxReplicas: 3
`

// stackConfig is the `config` mapping of a stack file, parsed into plain maps and lists for editing.
type stackConfig map[string]any

func parseBase(t *testing.T) stackConfig {
	t.Helper()
	var file map[string]map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(baseStackFile), &file))
	return file["config"]
}

func (c stackConfig) object(key string) map[string]any {
	return c["secure-aca:"+key].(map[string]any)
}

func (c stackConfig) app(i int) map[string]any {
	return c["secure-aca:apps"].([]any)[i].(map[string]any)
}

func (c stackConfig) vaultSecret(i int) map[string]any {
	return c.object("vault")["secrets"].([]any)[i].(map[string]any)
}

// yaml renders the config back into a stack file.
func (c stackConfig) yaml(t *testing.T) string {
	t.Helper()
	data, err := yaml.Marshal(map[string]any{"config": map[string]any(c)})
	require.NoError(t, err)
	return string(data)
}

// encrypted stands in for a value set with `pulumi config set --secret`.
func encrypted() map[string]any {
	return map[string]any{"secure": "v1:c2VjcmV0LXRoYXQtY2Fubm90LWJlLXJlYWQ="}
}

// problemLine returns the line of err that reports path, failing the test when there is none.
func problemLine(t *testing.T, err error, path string) string {
	t.Helper()
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.HasPrefix(line, path+": ") {
			return line
		}
	}
	require.Failf(t, "problem not reported", "no problem at %q in:\n%v", path, err)
	return ""
}

func TestBaseStackFileIsValid(t *testing.T) {
	t.Parallel()
	run, err := runYAML(t, "dev", parseBase(t).yaml(t))
	require.NoError(t, err)
	assert.NotEmpty(t, run.Resources)
}

// invalidCase is one broken stack file: an edit of the valid base file and the problem it must cause.
type invalidCase struct {
	name string
	edit func(c stackConfig)
	// path is the config key the problem is reported at; bad shows the bad value (or says what is missing)
	// and allowed what would be accepted. All three must appear on the problem's line.
	path, bad, allowed string
}

// invalidConfigCases are the broken configs the invalid-config test and the fuzz seed corpus share.
func invalidConfigCases() []invalidCase {
	return []invalidCase{
		{
			name: "unknown top-level key",
			edit: func(c stackConfig) { c["secure-aca:colour"] = "blue" },
			path: "secure-aca:colour", bad: "is not a known setting", allowed: "allowed: alertEmails, apps,",
		},
		{
			name: "unknown nested key",
			edit: func(c stackConfig) { c.app(0)["replicas"] = 3 },
			path: "secure-aca:apps[0].replicas", bad: "is not a known setting", allowed: "maxReplicas, memory, minReplicas",
		},
		{
			name: "key in a namespace no provider reads",
			edit: func(c stackConfig) { c["azure:location"] = "westeurope" },
			path: "azure:location", bad: `unknown namespace "azure"`, allowed: "allowed: secure-aca, azure-native",
		},
		{
			name: "string for a whole number",
			edit: func(c stackConfig) { c["secure-aca:logRetentionDays"] = "thirty" },
			path: "secure-aca:logRetentionDays", bad: `"thirty" is not allowed`, allowed: "allowed: a whole number",
		},
		{
			name: "string for a nested whole number",
			edit: func(c stackConfig) { c.app(0)["maxReplicas"] = "five" },
			path: "secure-aca:apps[0].maxReplicas", bad: `"five" is not allowed`, allowed: "allowed: a whole number",
		},
		{
			name: "fraction for a whole number",
			edit: func(c stackConfig) { c.app(0)["minReplicas"] = 1.5 },
			path: "secure-aca:apps[0].minReplicas", bad: "1.5 is not allowed", allowed: "allowed: a whole number",
		},
		{
			name: "word for a boolean",
			edit: func(c stackConfig) { c["secure-aca:protectStatefulResources"] = "yes" },
			path: "secure-aca:protectStatefulResources", bad: `"yes" is not allowed`, allowed: "allowed: true or false",
		},
		{
			name: "list for an object",
			edit: func(c stackConfig) { c["secure-aca:registry"] = []any{"Standard"} },
			path: "secure-aca:registry", bad: "a list is not allowed", allowed: "allowed: an object with the keys",
		},
		{
			name: "list for a nested object",
			edit: func(c stackConfig) { c.app(1)["ingress"] = []any{8080} },
			path: "secure-aca:apps[1].ingress", bad: "a list is not allowed", allowed: "allowed: an object with the keys",
		},
		{
			name: "app name with capitals and underscores",
			edit: func(c stackConfig) { c.app(0)["name"] = "Public_API" },
			path: "secure-aca:apps[0].name", bad: `"Public_API" is not allowed`,
			allowed: "allowed: lowercase letters, digits and hyphens",
		},
		{
			name: "two apps with one name",
			edit: func(c stackConfig) { c.app(1)["name"] = "api" },
			path: "secure-aca:apps[1].name", bad: `"api" is already the name of apps[0]`, allowed: "names must be unique",
		},
		{
			name: "cpu that is not a multiple of a quarter core",
			edit: func(c stackConfig) { c.app(0)["cpu"] = 0.3 },
			path: "secure-aca:apps[0].cpu", bad: "0.3 is not allowed", allowed: "allowed: a multiple of 0.25 cores",
		},
		{
			name: "memory that does not match the cpu",
			edit: func(c stackConfig) { c.app(0)["memory"] = "3Gi" },
			path: "secure-aca:apps[0].memory", bad: `"3Gi" with 0.5 cores`, allowed: "allowed: memory twice the CPU",
		},
		{
			name: "cpu above the consumption plan",
			edit: func(c stackConfig) { c.app(0)["cpu"], c.app(0)["memory"] = 8, "16Gi" },
			path: "secure-aca:apps[0].cpu", bad: "8 is not allowed on the consumption plan", allowed: "allowed: 0.25 to 4",
		},
		{
			name: "memory not in Gi",
			edit: func(c stackConfig) { c.app(0)["memory"] = "1024Mi" },
			path: "secure-aca:apps[0].memory", bad: `"1024Mi" is not allowed`, allowed: `allowed: a size in Gi`,
		},
		{
			name: "more minimum than maximum replicas",
			edit: func(c stackConfig) { c.app(0)["minReplicas"] = 6 },
			path: "secure-aca:apps[0].minReplicas", bad: "6 is above `maxReplicas` 5", allowed: "allowed: at most",
		},
		{
			name: "more replicas than Azure allows",
			edit: func(c stackConfig) { c.app(1)["maxReplicas"] = 1001 },
			path: "secure-aca:apps[1].maxReplicas", bad: "1001 is not allowed", allowed: "allowed: 1 to 1000",
		},
		{
			name: "target port out of range",
			edit: func(c stackConfig) { c.app(0)["ingress"].(map[string]any)["targetPort"] = 70000 },
			path: "secure-aca:apps[0].ingress.targetPort", bad: "70000 is not allowed", allowed: "allowed: 1 to 65535",
		},
		{
			name: "probe port out of range",
			edit: func(c stackConfig) {
				c.app(0)["probes"] = map[string]any{"liveness": map[string]any{"path": "/healthz", "port": 65536}}
			},
			path: "secure-aca:apps[0].probes.liveness.port", bad: "65536 is not allowed", allowed: "allowed: 1 to 65535",
		},
		{
			name: "env var from an undeclared app secret",
			edit: func(c stackConfig) {
				c.app(0)["env"].([]any)[0].(map[string]any)["secretRef"] = "db-conn-string"
			},
			path: "secure-aca:apps[0].env[0].secretRef", bad: `"db-conn-string" is not a secret of this app`,
			allowed: "allowed: api-key,",
		},
		{
			name: "app secret from an undeclared vault secret",
			edit: func(c stackConfig) {
				c.app(0)["secrets"].([]any)[0].(map[string]any)["keyVaultSecret"] = "DbConnection"
			},
			path: "secure-aca:apps[0].secrets[0].keyVaultSecret", bad: `"DbConnection" is not a secret`,
			allowed: "allowed: ApiKey, DatabaseConnectionString",
		},
		{
			name: "env var with both a value and a secret",
			edit: func(c stackConfig) { c.app(0)["env"].([]any)[0].(map[string]any)["value"] = "plain" },
			path: "secure-aca:apps[0].env[0]", bad: `"DATABASE_CONNECTION" sets both`, allowed: "allowed: one of them",
		},
		{
			name: "env var the stack sets",
			edit: func(c stackConfig) {
				c.app(0)["env"] = append(c.app(0)["env"].([]any), map[string]any{"name": "ENVIRONMENT", "value": "x"})
			},
			path: "secure-aca:apps[0].env[2].name", bad: `"ENVIRONMENT" is set by the stack`,
			allowed: "allowed: any other name",
		},
		{
			name: "env var the stack sets for a call",
			edit: func(c stackConfig) {
				c.app(0)["env"] = append(c.app(0)["env"].([]any), map[string]any{"name": "WORKER_URL", "value": "x"})
			},
			path: "secure-aca:apps[0].env[2].name", bad: `"WORKER_URL" is set by the stack`,
			allowed: "allowed: any other name",
		},
		{
			name: "call to an unknown app",
			edit: func(c stackConfig) { c.app(0)["calls"] = []any{"worker", "billing"} },
			path: "secure-aca:apps[0].calls[1]", bad: `"billing" is not an app of this stack`,
			allowed: "allowed: api, worker",
		},
		{
			name: "call to itself",
			edit: func(c stackConfig) { c.app(0)["calls"] = []any{"api"} },
			path: "secure-aca:apps[0].calls[0]", bad: `"api" is the app itself`, allowed: "allowed: another app",
		},
		{
			name: "call to an app without ingress",
			edit: func(c stackConfig) {
				delete(c.app(1), "ingress")
				c.app(1)["probes"] = map[string]any{
					"liveness":  map[string]any{"path": "/healthz", "port": 8080},
					"readiness": map[string]any{"path": "/readyz", "port": 8080},
				}
			},
			path: "secure-aca:apps[0].calls[0]", bad: `"worker" has no ingress`, allowed: "give it `ingress`",
		},
		{
			name: "traffic split in single revision mode",
			edit: func(c stackConfig) {
				c.app(0)["revisions"] = map[string]any{"traffic": []any{
					map[string]any{"latestRevision": true, "weight": 100},
				}}
			},
			path: "secure-aca:apps[0].revisions.traffic", bad: "splits traffic", allowed: "needs `mode: Multiple`",
		},
		{
			name: "traffic weights that do not add up to 100",
			edit: func(c stackConfig) {
				c.app(0)["revisions"] = map[string]any{"mode": "Multiple", "traffic": []any{
					map[string]any{"latestRevision": true, "weight": 60},
					map[string]any{"revisionName": "api--blue", "weight": 30},
				}}
			},
			path: "secure-aca:apps[0].revisions.traffic", bad: "weights add up to 90", allowed: "allowed: exactly 100",
		},
		{
			name: "traffic label used twice",
			edit: func(c stackConfig) {
				c.app(0)["revisions"] = map[string]any{"mode": "Multiple", "traffic": []any{
					map[string]any{"latestRevision": true, "weight": 50, "label": "blue"},
					map[string]any{"revisionName": "api--green", "weight": 50, "label": "blue"},
				}}
			},
			path: "secure-aca:apps[0].revisions.traffic[1].label", bad: `"blue" is already used by traffic[0]`,
			allowed: "allowed: each label once",
		},
		{
			name: "traffic entry without a revision",
			edit: func(c stackConfig) {
				c.app(0)["revisions"] = map[string]any{"mode": "Multiple", "traffic": []any{
					map[string]any{"weight": 100},
				}}
			},
			path: "secure-aca:apps[0].revisions.traffic[0]", bad: "puts a weight on no revision",
			allowed: "allowed: `revisionName` or `latestRevision: true`",
		},
		{
			name: "traffic entry without a weight",
			edit: func(c stackConfig) {
				c.app(0)["revisions"] = map[string]any{"mode": "Multiple", "traffic": []any{
					map[string]any{"latestRevision": true},
				}}
			},
			path: "secure-aca:apps[0].revisions.traffic[0].weight", bad: "is required", allowed: "allowed: 0 to 100",
		},
		{
			name: "image without a source",
			edit: func(c stackConfig) { c.app(0)["image"] = map[string]any{} },
			path: "secure-aca:apps[0].image", bad: "names 0 image sources", allowed: "allowed: exactly one of `build`",
		},
		{
			name: "image with two sources",
			edit: func(c stackConfig) {
				c.app(0)["image"].(map[string]any)["public"] = "mcr.microsoft.com/k8se/quickstart@sha256:" +
					strings.Repeat("ab", 32)
			},
			path: "secure-aca:apps[0].image", bad: "names 2 image sources", allowed: "allowed: exactly one of `build`",
		},
		{
			name: "public image by tag",
			edit: func(c stackConfig) { c.app(0)["image"] = map[string]any{"public": "nginx:1.27"} },
			path: "secure-aca:apps[0].image.public", bad: `"nginx:1.27" is not allowed`,
			allowed: "allowed: a public image pinned by digest",
		},
		{
			name: "digest that is not a sha256",
			edit: func(c stackConfig) { c.app(0)["image"].(map[string]any)["digest"] = "sha256:1234" },
			path: "secure-aca:apps[0].image.digest", bad: `"sha256:1234" is not allowed`,
			allowed: `allowed: "sha256:" and 64 lowercase hex digits`,
		},
		{
			name: "credential in a vault secret's plain value",
			edit: func(c stackConfig) {
				c.vaultSecret(0)["value"] = "Server=tcp:sql.example.net;User ID=app;Password=hunter2-plain"
			},
			path: "secure-aca:vault.secrets[0].value", bad: "holds a credential in plain text",
			allowed: "store it encrypted with `pulumi config set --secret",
		},
		{
			name: "credential in plain text next to an encrypted vault secret",
			edit: func(c stackConfig) {
				c.vaultSecret(0)["value"] = encrypted()
				c.object("vault")["secrets"] = append(c.object("vault")["secrets"].([]any), map[string]any{
					"name": "ServiceBusConnection", "value": "Endpoint=sb://sb.example.net/;SharedAccessKey=plain-key",
				})
			},
			path: "secure-aca:vault.secrets[2].value", bad: "holds a credential in plain text",
			allowed: "store it encrypted with `pulumi config set --secret",
		},
		{
			name: "no owner",
			edit: func(c stackConfig) { delete(c, "secure-aca:owner") },
			path: "secure-aca:owner", bad: "is required", allowed: "allowed: the team or person accountable",
		},
		{
			name: "no location",
			edit: func(c stackConfig) { delete(c, "azure-native:location") },
			path: "azure-native:location", bad: "is required", allowed: "allowed: an Azure region name",
		},
		{
			name: "location with spaces",
			edit: func(c stackConfig) { c["azure-native:location"] = "West Europe" },
			path: "azure-native:location", bad: `"West Europe" is not allowed`, allowed: "lowercase without spaces",
		},
		{
			name: "environment name with capitals",
			edit: func(c stackConfig) { c["secure-aca:environment"] = "Prod_1" },
			path: "secure-aca:environment", bad: `"Prod_1" is not allowed`,
			allowed: "allowed: 2 to 8 lowercase letters and digits",
		},
		{
			name: "workload name with a hyphen",
			edit: func(c stackConfig) { c["secure-aca:workload"] = "my-app" },
			path: "secure-aca:workload", bad: `"my-app" is not allowed`,
			allowed: "allowed: 2 to 10 lowercase letters and digits",
		},
		{
			name: "workload and environment too long for a key vault name",
			edit: func(c stackConfig) { c["secure-aca:workload"], c["secure-aca:environment"] = "platformxx", "staging1" },
			path: "secure-aca:workload", bad: `"platformxx" with environment "staging1"`,
			allowed: "allowed: workload and environment of at most 14 characters together",
		},
		{
			name: "tag with a prefix Azure reserves",
			edit: func(c stackConfig) { c.object("tags")["azure-team"] = "x" },
			path: "secure-aca:tags.azure-team", bad: `"azure-team" is not allowed`,
			allowed: "Azure reserves the prefixes azure, microsoft and windows",
		},
		{
			name: "tag the stack sets",
			edit: func(c stackConfig) { c.object("tags")["owner"] = "someone-else" },
			path: "secure-aca:tags.owner", bad: `"owner" is set by the stack`, allowed: "allowed: any other name",
		},
		{
			name: "vault retention below Azure's minimum",
			edit: func(c stackConfig) { c.object("vault")["softDeleteRetentionDays"] = 3 },
			path: "secure-aca:vault.softDeleteRetentionDays", bad: "3 is not allowed", allowed: "allowed: 7 to 90",
		},
		{
			name: "vault retention above Azure's maximum",
			edit: func(c stackConfig) { c.object("vault")["softDeleteRetentionDays"] = 120 },
			path: "secure-aca:vault.softDeleteRetentionDays", bad: "120 is not allowed", allowed: "allowed: 7 to 90",
		},
		{
			name: "generated secret too short",
			edit: func(c stackConfig) { c.vaultSecret(1)["length"] = 8 },
			path: "secure-aca:vault.secrets[1].length", bad: "8 is not allowed", allowed: "allowed: 16 to 256",
		},
		{
			name: "registry sku that does not exist",
			edit: func(c stackConfig) { c.object("registry")["sku"] = "Gold" },
			path: "secure-aca:registry.sku", bad: `"Gold" is not allowed`, allowed: "allowed: Basic, Standard, Premium",
		},
		{
			name: "anonymous pull on a Basic registry",
			edit: func(c stackConfig) {
				c.object("registry")["sku"], c.object("registry")["anonymousPullEnabled"] = "Basic", true
			},
			path: "secure-aca:registry.anonymousPullEnabled", bad: "not Basic", allowed: "needs the Standard or Premium tier",
		},
		{
			name: "zone redundant registry below Premium",
			edit: func(c stackConfig) { c.object("registry")["zoneRedundant"] = true },
			path: "secure-aca:registry.zoneRedundant", bad: `not "Standard"`, allowed: "needs the Premium tier",
		},
		{
			name: "alert address that is not an e-mail address",
			edit: func(c stackConfig) { c["secure-aca:alertEmails"] = []any{"oncall at example.com"} },
			path: "secure-aca:alertEmails[0]", bad: `"oncall at example.com" is not allowed`,
			allowed: "allowed: a plain e-mail address",
		},
		{
			name: "log retention below the included period",
			edit: func(c stackConfig) { c["secure-aca:logRetentionDays"] = 7 },
			path: "secure-aca:logRetentionDays", bad: "7 is not allowed", allowed: "allowed: 30 to 730",
		},
		{
			name: "internal environment without a subnet",
			edit: func(c stackConfig) { c["secure-aca:managedEnvironment"] = map[string]any{"internal": true} },
			path: "secure-aca:managedEnvironment.internal", bad: "needs `infrastructureSubnetId`",
			allowed: "your own virtual network",
		},
		{
			name: "encrypted value in a key that holds no credential",
			edit: func(c stackConfig) { c["secure-aca:owner"] = encrypted() },
			path: "secure-aca:owner", bad: "is stored as a secret, but it holds no credential",
			allowed: "set it without --secret",
		},
		{
			name: "encrypted value in a nested key that holds no credential",
			edit: func(c stackConfig) { c.object("vault")["sku"] = encrypted() },
			path: "secure-aca:vault.sku", bad: "is stored encrypted (`secure:`)", allowed: "set it without --secret",
		},
		{
			name: "build context that does not exist",
			edit: func(c stackConfig) {
				c.app(0)["image"] = map[string]any{"build": map[string]any{
					"context": "services/missing", "dockerfile": "services/api/Dockerfile",
				}}
			},
			path: "secure-aca:apps[0].image.build.context", bad: `"services/missing" is not a folder of the project`,
			allowed: "allowed: an existing folder",
		},
		{
			name: "build context outside the project",
			edit: func(c stackConfig) {
				c.app(0)["image"] = map[string]any{"build": map[string]any{
					"context": "../elsewhere", "dockerfile": "../elsewhere/Dockerfile",
				}}
			},
			path: "secure-aca:apps[0].image.build.context", bad: `"../elsewhere" is not allowed`,
			allowed: "allowed: a path inside the project",
		},
		{
			name: "app secret name that Container Apps refuses",
			edit: func(c stackConfig) {
				c.app(1)["secrets"] = []any{map[string]any{"name": "Db_Connection", "keyVaultSecret": "DatabaseConnectionString"}}
			},
			path: "secure-aca:apps[1].secrets[0].name", bad: `"Db_Connection" is not allowed`,
			allowed: "allowed: lowercase letters, digits, hyphens and periods",
		},
		{
			name: "ip rule that is not a network",
			edit: func(c stackConfig) {
				c.app(0)["ingress"].(map[string]any)["ipAllow"] = []any{map[string]any{"name": "office", "cidr": "203.0.113.7/24"}}
			},
			path: "secure-aca:apps[0].ingress.ipAllow[0].cidr", bad: `"203.0.113.7/24" is not allowed`,
			allowed: "allowed: an IPv4 range in CIDR form",
		},
	}
}

func TestInvalidConfigIsRejectedBeforeAnythingIsCreated(t *testing.T) {
	t.Parallel()
	cases := append(invalidConfigCases(), deployabilityCases()...)
	require.GreaterOrEqual(t, len(cases), 30)

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			config := parseBase(t)
			tc.edit(config)

			run, err := runYAML(t, "dev", config.yaml(t))

			require.Error(t, err)
			line := problemLine(t, err, tc.path)
			assert.Contains(t, line, tc.bad)
			assert.Contains(t, line, tc.allowed)
			assert.Empty(t, run.Resources, "a bad config registers no resource")
		})
	}
}

func TestInvalidConfigNeverShowsASecretValue(t *testing.T) {
	t.Parallel()
	config := parseBase(t)
	config.vaultSecret(0)["value"] = "Server=tcp:sql.example.net;User ID=app;Password=hunter2-plain"

	run, err := runYAML(t, "dev", config.yaml(t))

	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2-plain")
	assert.Empty(t, run.Resources)
}

func TestEveryProblemOfAConfigIsReportedAtOnce(t *testing.T) {
	t.Parallel()

	t.Run("values Azure would reject", func(t *testing.T) {
		t.Parallel()
		config := parseBase(t)
		delete(config, "secure-aca:owner")
		config["secure-aca:alertEmails"] = []any{"not-an-address"}
		config.object("registry")["sku"] = "Gold"
		config.object("vault")["softDeleteRetentionDays"] = 3
		config.app(0)["cpu"] = 0.3
		config.app(0)["calls"] = []any{"billing"}
		config.app(1)["maxReplicas"] = 2000

		run, err := runYAML(t, "dev", config.yaml(t))

		require.Error(t, err)
		for _, path := range []string{
			"secure-aca:owner",
			"secure-aca:alertEmails[0]",
			"secure-aca:registry.sku",
			"secure-aca:vault.softDeleteRetentionDays",
			"secure-aca:apps[0].cpu",
			"secure-aca:apps[0].calls[0]",
			"secure-aca:apps[1].maxReplicas",
		} {
			problemLine(t, err, path)
		}
		assert.Empty(t, run.Resources)
	})

	t.Run("values of the wrong shape", func(t *testing.T) {
		t.Parallel()
		config := parseBase(t)
		config["secure-aca:colour"] = "blue"
		config["secure-aca:logRetentionDays"] = "thirty"
		config.app(0)["replicas"] = 3
		config.app(1)["ingress"] = []any{8080}

		run, err := runYAML(t, "dev", config.yaml(t))

		require.Error(t, err)
		for _, path := range []string{
			"secure-aca:colour",
			"secure-aca:logRetentionDays",
			"secure-aca:apps[0].replicas",
			"secure-aca:apps[1].ingress",
		} {
			problemLine(t, err, path)
		}
		assert.Empty(t, run.Resources)
	})
}
