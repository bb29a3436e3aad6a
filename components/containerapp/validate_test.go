package containerapp_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/internal/validation"
)

const registryID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r"

const pinnedImage = "example.azurecr.io/api@sha256:4f6c3b2a1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"

func validArgs() containerapp.Args {
	minReplicas := 1
	return containerapp.Args{
		ResourceGroupName: pulumi.String("rg-app-dev"),
		AppName:           "api",
		EnvironmentID:     pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/e"),
		Image:             pulumi.String(pinnedImage),
		RegistryServer:    pulumi.String("example.azurecr.io"),
		RegistryID:        pulumi.String(registryID),
		KeyVaultSecrets: []containerapp.KeyVaultSecret{{
			Name:      "db-connection",
			SecretURI: pulumi.String("https://kv.vault.azure.net/secrets/Db"),
			SecretID:  pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets/Db"),
		}},
		Env: []containerapp.EnvVar{
			{Name: "DATABASE_CONNECTION", SecretRef: "db-connection"},
			{Name: "MODE", Value: pulumi.String("fast")},
		},
		Ingress:     &containerapp.Ingress{External: true},
		CPU:         0.5,
		Memory:      "1Gi",
		MinReplicas: &minReplicas,
		MaxReplicas: 5,
	}
}

// multipleRevisions switches a to multiple revision mode with a valid blue-green split.
func multipleRevisions(a *containerapp.Args) {
	a.Revisions = containerapp.Revisions{Mode: containerapp.RevisionModeMultiple, Traffic: []containerapp.TrafficTarget{
		{LatestRevision: true, Weight: 80, Label: "green"},
		{RevisionName: "api--blue", Weight: 20, Label: "blue"},
	}}
}

// withoutIngress removes ingress and gives the probes the port ingress would have given them.
func withoutIngress(a *containerapp.Args) {
	a.Ingress = nil
	a.Probes = containerapp.Probes{
		Liveness:  &containerapp.Probe{Path: "/healthz", Port: 8080},
		Readiness: &containerapp.Probe{Path: "/readyz", Port: 8080},
	}
}

func TestValidArgsPass(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(a *containerapp.Args)
	}{
		{name: "defaults", edit: func(*containerapp.Args) {}},
		{name: "blue-green traffic split", edit: multipleRevisions},
		{name: "no ingress, probes on a port", edit: withoutIngress},
		{name: "public image without a registry", edit: func(a *containerapp.Args) {
			a.RegistryServer, a.RegistryID = nil, nil
		}},
		{name: "large app on a workload profile", edit: func(a *containerapp.Args) {
			a.WorkloadProfileName, a.CPU, a.Memory = "general", 8, "32Gi"
		}},
		{name: "init container within the total", edit: func(a *containerapp.Args) {
			a.CPU, a.Memory = 0.25, "0.5Gi"
			a.InitContainers = []containerapp.InitContainer{{Name: "migrate", Image: pulumi.String(pinnedImage)}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := validArgs()
			tc.edit(&args)
			assert.NoError(t, args.WithDefaults().Validate())
		})
	}
}

func TestWithDefaultsFillsACopy(t *testing.T) {
	t.Parallel()
	args := validArgs()
	args.Ingress.TargetPort = 0

	defaulted := args.WithDefaults()
	*defaulted.MinReplicas = 7
	defaulted.Env[0].Name = "CHANGED"

	assert.Equal(t, containerapp.DefaultTargetPort, defaulted.Ingress.TargetPort)
	assert.Equal(t, "id-api", defaulted.IdentityName)
	assert.Equal(t, containerapp.DefaultLivenessPath, defaulted.Probes.Liveness.Path)
	assert.Equal(t, containerapp.DefaultTargetPort, defaulted.Probes.Liveness.Port)
	assert.Equal(t, containerapp.DefaultReadinessPath, defaulted.Probes.Readiness.Path)
	assert.Equal(t, containerapp.DefaultConcurrentRequests, defaulted.Scale.ConcurrentRequests)
	assert.Zero(t, args.Ingress.TargetPort, "the caller's args keep their values")
	assert.Equal(t, 1, *args.MinReplicas)
	assert.Equal(t, "DATABASE_CONNECTION", args.Env[0].Name)
	assert.Nil(t, args.Probes.Liveness)
}

func TestValidateReportsEveryBadValueAtItsSchemaPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		edit       func(a *containerapp.Args)
		path, want string
	}{
		// Identity and wiring.
		{
			name: "no resource group", edit: func(a *containerapp.Args) { a.ResourceGroupName = nil },
			path: "resourceGroupName", want: "is required",
		},
		{
			name: "no environment", edit: func(a *containerapp.Args) { a.EnvironmentID = nil },
			path: "environmentId", want: "is required",
		},
		{name: "no image", edit: func(a *containerapp.Args) { a.Image = nil }, path: "image", want: "is required"},
		{
			name: "app name with capitals", edit: func(a *containerapp.Args) { a.AppName = "Api" },
			path: "appName", want: `container app name "Api" is not allowed`,
		},
		{
			name: "app name too short", edit: func(a *containerapp.Args) { a.AppName = "a" },
			path: "appName", want: `"a" has 1 characters; allowed: 2 to 32`,
		},
		{
			name: "app name with a double hyphen", edit: func(a *containerapp.Args) { a.AppName = "my--api" },
			path: "appName", want: `contains "--"`,
		},
		{
			name: "identity name with a space", edit: func(a *containerapp.Args) { a.IdentityName = "id api" },
			path: "identityName", want: `managed identity name "id api" is not allowed`,
		},
		{
			name: "registry server without its id", edit: func(a *containerapp.Args) { a.RegistryID = nil },
			path: "registryId", want: "`registryServer` and `registryId` go together",
		},

		// Size.
		{
			name: "cpu not a multiple of a quarter", edit: func(a *containerapp.Args) { a.CPU = 0.3 },
			path: "cpu", want: "0.3 is not allowed; allowed: a multiple of 0.25 cores",
		},
		{
			name: "negative cpu", edit: func(a *containerapp.Args) { a.CPU = -1 },
			path: "cpu", want: "-1 is not allowed",
		},
		{
			name: "cpu above the consumption plan", edit: func(a *containerapp.Args) { a.CPU, a.Memory = 4.5, "9Gi" },
			path: "cpu", want: "4.5 is not allowed on the consumption plan; allowed: 0.25 to 4 cores",
		},
		{
			name: "memory not twice the cpu", edit: func(a *containerapp.Args) { a.Memory = "2Gi" },
			path: "memory", want: `"2Gi" with 0.5 cores is not a combination the consumption plan offers`,
		},
		{
			name: "memory in another unit", edit: func(a *containerapp.Args) { a.Memory = "1GB" },
			path: "memory", want: `"1GB" is not allowed; allowed: a size in Gi`,
		},
		{
			name: "init container that breaks the total",
			edit: func(a *containerapp.Args) {
				a.InitContainers = []containerapp.InitContainer{{
					Name: "migrate", Image: pulumi.String(pinnedImage),
					Memory: "1Gi",
				}}
			},
			path: "memory", want: "init containers count towards the total",
		},

		// Secrets.
		{
			name: "secret name with capitals", edit: func(a *containerapp.Args) { a.KeyVaultSecrets[0].Name = "Db" },
			path: "keyVaultSecrets[0].name", want: `container app secret name "Db" is not allowed`,
		},
		{
			name: "secret named twice",
			edit: func(a *containerapp.Args) { a.KeyVaultSecrets = append(a.KeyVaultSecrets, a.KeyVaultSecrets[0]) },
			path: "keyVaultSecrets[1].name", want: `"db-connection" is used twice or is reserved`,
		},
		{
			name: "secret named like the telemetry secret",
			edit: func(a *containerapp.Args) {
				a.TelemetryConnectionString = pulumi.String("InstrumentationKey=x")
				a.KeyVaultSecrets[0].Name = containerapp.TelemetrySecretName
				a.Env[0].SecretRef = containerapp.TelemetrySecretName
			},
			path: "keyVaultSecrets[0].name", want: `"appinsights-connection-string" is used twice or is reserved`,
		},
		{
			name: "secret without its URI", edit: func(a *containerapp.Args) { a.KeyVaultSecrets[0].SecretURI = nil },
			path: "keyVaultSecrets[0].secretUri", want: "is required",
		},
		{
			name: "secret without its id", edit: func(a *containerapp.Args) { a.KeyVaultSecrets[0].SecretID = nil },
			path: "keyVaultSecrets[0].secretId", want: "is required",
		},
		{
			name: "telemetry both by reference and by value",
			edit: func(a *containerapp.Args) {
				a.TelemetryConnectionString = pulumi.String("InstrumentationKey=x")
				a.TelemetryKeyVaultSecret = &containerapp.KeyVaultSecret{
					SecretURI: pulumi.String("https://kv.vault.azure.net/secrets/T"), SecretID: pulumi.String("t"),
				}
			},
			path: "telemetryKeyVaultSecret", want: "excludes `telemetryConnectionString`",
		},
		{
			name: "telemetry reference without its URI",
			edit: func(a *containerapp.Args) {
				a.TelemetryKeyVaultSecret = &containerapp.KeyVaultSecret{SecretID: pulumi.String("t")}
			},
			path: "telemetryKeyVaultSecret", want: "needs `secretUri` and `secretId`",
		},

		// Environment variables.
		{
			name: "variable name starting with a digit", edit: func(a *containerapp.Args) { a.Env[1].Name = "1MODE" },
			path: "env[1].name", want: `environment variable name "1MODE" is not allowed`,
		},
		{
			name: "variable the component sets", edit: func(a *containerapp.Args) { a.Env[1].Name = "AZURE_CLIENT_ID" },
			path: "env[1].name", want: `"AZURE_CLIENT_ID" is set by the component itself`,
		},
		{
			name: "variable set twice", edit: func(a *containerapp.Args) { a.Env[1].Name = "DATABASE_CONNECTION" },
			path: "env[1].name", want: `"DATABASE_CONNECTION" is set twice`,
		},
		{
			name: "variable with a value and a secret",
			edit: func(a *containerapp.Args) { a.Env[1].SecretRef = "db-connection" },
			path: "env[1]", want: `"MODE" sets both ` + "`value` and `secretRef`",
		},
		{
			name: "variable with neither", edit: func(a *containerapp.Args) { a.Env[1].Value = nil },
			path: "env[1]", want: `"MODE" needs ` + "`value` or `secretRef`",
		},
		{
			name: "variable from an unknown secret", edit: func(a *containerapp.Args) { a.Env[0].SecretRef = "db" },
			path: "env[0].secretRef", want: `"db" is not a secret of this app; allowed: db-connection`,
		},

		// Ingress.
		{
			name: "target port zero or less", edit: func(a *containerapp.Args) { a.Ingress.TargetPort = -1 },
			path: "ingress.targetPort", want: "-1 is not allowed; allowed: 1 to 65535",
		},
		{
			name: "target port too high", edit: func(a *containerapp.Args) { a.Ingress.TargetPort = 65536 },
			path: "ingress.targetPort", want: "65536 is not allowed; allowed: 1 to 65535",
		},
		{
			name: "unknown transport", edit: func(a *containerapp.Args) { a.Ingress.Transport = "grpc" },
			path: "ingress.transport", want: `"grpc" is not allowed; allowed: auto, http, http2, tcp`,
		},
		{
			name: "unknown client certificate mode",
			edit: func(a *containerapp.Args) { a.Ingress.ClientCertificateMode = "always" },
			path: "ingress.clientCertificateMode", want: `"always" is not allowed; allowed: ignore, accept, require`,
		},
		{
			name: "ip rule without a name",
			edit: func(a *containerapp.Args) { a.Ingress.IPAllow = []containerapp.IPRule{{CIDR: "203.0.113.0/24"}} },
			path: "ingress.ipAllow[0].name", want: `"" is not allowed; allowed: a unique name`,
		},
		{
			name: "ip rule with host bits",
			edit: func(a *containerapp.Args) {
				a.Ingress.IPAllow = []containerapp.IPRule{{Name: "office", CIDR: "203.0.113.7/24"}}
			},
			path: "ingress.ipAllow[0].cidr", want: `"203.0.113.7/24" is not allowed; allowed: an IPv4 range`,
		},
		{
			name: "ip rule for IPv6",
			edit: func(a *containerapp.Args) {
				a.Ingress.IPAllow = []containerapp.IPRule{{Name: "v6", CIDR: "2001:db8::/32"}}
			},
			path: "ingress.ipAllow[0].cidr", want: `"2001:db8::/32" is not allowed`,
		},
		{
			name: "cors without origins", edit: func(a *containerapp.Args) { a.Ingress.CORS = &containerapp.CORS{} },
			path: "ingress.cors.allowedOrigins", want: "is required when `cors` is set",
		},
		{
			name: "cors for any origin with credentials",
			edit: func(a *containerapp.Args) {
				a.Ingress.CORS = &containerapp.CORS{AllowedOrigins: []string{"*"}, AllowCredentials: true}
			},
			path: "ingress.cors.allowedOrigins", want: `"*" is not allowed with ` + "`allowCredentials`",
		},
		{
			name: "cors with a negative max age",
			edit: func(a *containerapp.Args) {
				a.Ingress.CORS = &containerapp.CORS{AllowedOrigins: []string{"https://app.example.com"}, MaxAgeSeconds: -1}
			},
			path: "ingress.cors.maxAgeSeconds", want: "-1 is not allowed; allowed: 0 or more",
		},
		{
			name: "sticky sessions with multiple revisions",
			edit: func(a *containerapp.Args) { multipleRevisions(a); a.Ingress.StickySessions = true },
			path: "ingress.stickySessions", want: "is not allowed with multiple revisions",
		},
		{
			name: "additional port on the consumption plan",
			edit: func(a *containerapp.Args) { a.Ingress.AdditionalPorts = []containerapp.PortMapping{{TargetPort: 9090}} },
			path: "ingress.additionalPorts", want: "needs a workload profile",
		},
		{
			name: "additional port that is already exposed",
			edit: func(a *containerapp.Args) {
				a.WorkloadProfileName = "general"
				a.Ingress.AdditionalPorts = []containerapp.PortMapping{{TargetPort: 8080}}
			},
			path: "ingress.additionalPorts[0].targetPort", want: "8080 is already exposed",
		},
		{
			name: "additional port exposed out of range",
			edit: func(a *containerapp.Args) {
				a.WorkloadProfileName = "general"
				a.Ingress.AdditionalPorts = []containerapp.PortMapping{{TargetPort: 9090, ExposedPort: 70000}}
			},
			path: "ingress.additionalPorts[0].exposedPort", want: "70000 is not allowed; allowed: 1 to 65535",
		},
		{
			name: "custom domain with capitals",
			edit: func(a *containerapp.Args) {
				a.Ingress.CustomDomains = []containerapp.CustomDomain{{Name: "API.example.com", CertificateID: pulumi.String("c")}}
			},
			path: "ingress.customDomains[0].name", want: `"API.example.com" is not allowed`,
		},
		{
			name: "custom domain without a certificate",
			edit: func(a *containerapp.Args) {
				a.Ingress.CustomDomains = []containerapp.CustomDomain{{Name: "api.example.com"}}
			},
			path: "ingress.customDomains[0].certificateId", want: "is required",
		},

		// Scale.
		{
			name: "negative minimum replicas", edit: func(a *containerapp.Args) { *a.MinReplicas = -1 },
			path: "minReplicas", want: "-1 is not allowed; allowed: 0 to 1000",
		},
		{
			name: "too many replicas", edit: func(a *containerapp.Args) { a.MaxReplicas = 1001 },
			path: "maxReplicas", want: "1001 is not allowed; allowed: 1 to 1000",
		},
		{
			name: "minimum above maximum", edit: func(a *containerapp.Args) { *a.MinReplicas = 6 },
			path: "minReplicas", want: "6 is above `maxReplicas` 5",
		},
		{
			name: "http scaling without ingress",
			edit: func(a *containerapp.Args) { withoutIngress(a); a.Scale.ConcurrentRequests = 10 },
			path: "scale.concurrentRequests", want: "needs `ingress`",
		},
		{
			name: "too many concurrent requests", edit: func(a *containerapp.Args) { a.Scale.ConcurrentRequests = 10001 },
			path: "scale.concurrentRequests", want: "10001 is not allowed; allowed: 1 to 10000",
		},
		{
			name: "queue rule named like the http rule",
			edit: func(a *containerapp.Args) {
				a.Scale.Queues = []containerapp.QueueScaleRule{{Name: "http-requests", AccountName: "st", QueueName: "q"}}
			},
			path: "scale.queues[0].name", want: `"http-requests" is used twice or is reserved`,
		},
		{
			name: "queue rule without account and queue",
			edit: func(a *containerapp.Args) { a.Scale.Queues = []containerapp.QueueScaleRule{{Name: "orders"}} },
			path: "scale.queues[0].accountName", want: "is required",
		},
		{
			name: "queue rule without a queue",
			edit: func(a *containerapp.Args) {
				a.Scale.Queues = []containerapp.QueueScaleRule{{Name: "orders", AccountName: "st"}}
			},
			path: "scale.queues[0].queueName", want: "is required",
		},
		{
			name: "queue length too long",
			edit: func(a *containerapp.Args) {
				a.Scale.Queues = []containerapp.QueueScaleRule{
					{Name: "orders", AccountName: "st", QueueName: "q", QueueLength: 10001},
				}
			},
			path: "scale.queues[0].queueLength", want: "10001 is not allowed; allowed: 1 to 10000",
		},

		// Health.
		{
			name: "relative probe path",
			edit: func(a *containerapp.Args) { a.Probes.Liveness = &containerapp.Probe{Path: "healthz"} },
			path: "probes.liveness.path", want: `"healthz" is not allowed; allowed: an absolute URL path`,
		},
		{
			name: "probe without a port and without ingress",
			edit: func(a *containerapp.Args) { withoutIngress(a); a.Probes.Readiness.Port = 0 },
			path: "probes.readiness.port", want: "is required when the app has no ingress",
		},
		{
			name: "probe port out of range",
			edit: func(a *containerapp.Args) { a.Probes.Startup = &containerapp.Probe{Path: "/started", Port: 70000} },
			path: "probes.startup.port", want: "70000 is not allowed; allowed: 1 to 65535",
		},
		{
			name: "probe delay too long",
			edit: func(a *containerapp.Args) {
				a.Probes.Liveness = &containerapp.Probe{Path: "/healthz", InitialDelaySeconds: 61}
			},
			path: "probes.liveness.initialDelaySeconds", want: "61 is not allowed; allowed: 0 to 60",
		},
		{
			name: "probe period too long",
			edit: func(a *containerapp.Args) {
				a.Probes.Liveness = &containerapp.Probe{Path: "/healthz", PeriodSeconds: 241}
			},
			path: "probes.liveness.periodSeconds", want: "241 is not allowed; allowed: 1 to 240",
		},
		{
			name: "probe failure threshold too high",
			edit: func(a *containerapp.Args) {
				a.Probes.Liveness = &containerapp.Probe{Path: "/healthz", FailureThreshold: 11}
			},
			path: "probes.liveness.failureThreshold", want: "11 is not allowed; allowed: 1 to 10",
		},
		{
			name: "probe timeout too long",
			edit: func(a *containerapp.Args) {
				a.Probes.Readiness = &containerapp.Probe{Path: "/readyz", TimeoutSeconds: 241}
			},
			path: "probes.readiness.timeoutSeconds", want: "241 is not allowed; allowed: 1 to 240",
		},
		{
			name: "grace period too long", edit: func(a *containerapp.Args) { a.TerminationGracePeriodSeconds = 601 },
			path: "terminationGracePeriodSeconds", want: "601 is not allowed; allowed: 0 to 600",
		},

		// Dapr.
		{
			name: "dapr app id with capitals", edit: func(a *containerapp.Args) { a.Dapr = &containerapp.Dapr{AppID: "API"} },
			path: "dapr.appId", want: `dapr app id "API" is not allowed`,
		},
		{
			name: "unknown dapr protocol", edit: func(a *containerapp.Args) { a.Dapr = &containerapp.Dapr{AppProtocol: "tcp"} },
			path: "dapr.appProtocol", want: `"tcp" is not allowed; allowed: http, grpc`,
		},
		{
			name: "dapr without a port and without ingress",
			edit: func(a *containerapp.Args) { withoutIngress(a); a.Dapr = &containerapp.Dapr{} },
			path: "dapr.appPort", want: "is required when the app has no ingress",
		},
		{
			name: "dapr port out of range", edit: func(a *containerapp.Args) { a.Dapr = &containerapp.Dapr{AppPort: 70000} },
			path: "dapr.appPort", want: "70000 is not allowed; allowed: 1 to 65535",
		},

		// Revisions.
		{
			name: "unknown revision mode", edit: func(a *containerapp.Args) { a.Revisions.Mode = "BlueGreen" },
			path: "revisions.mode", want: `"BlueGreen" is not allowed; allowed: Single, Multiple`,
		},
		{
			name: "too many inactive revisions", edit: func(a *containerapp.Args) { a.Revisions.MaxInactive = 101 },
			path: "revisions.maxInactive", want: "101 is not allowed; allowed: 0 to 100",
		},
		{
			name: "traffic split in single mode",
			edit: func(a *containerapp.Args) { multipleRevisions(a); a.Revisions.Mode = containerapp.RevisionModeSingle },
			path: "revisions.traffic", want: "splits traffic, which needs `mode: Multiple`",
		},
		{
			name: "traffic split without ingress",
			edit: func(a *containerapp.Args) { multipleRevisions(a); withoutIngress(a) },
			path: "revisions.traffic", want: "needs `ingress`",
		},
		{
			name: "weights not adding up to 100",
			edit: func(a *containerapp.Args) { multipleRevisions(a); a.Revisions.Traffic[1].Weight = 10 },
			path: "revisions.traffic", want: "weights add up to 90; allowed: exactly 100",
		},
		{
			name: "weight above 100",
			edit: func(a *containerapp.Args) {
				multipleRevisions(a)
				a.Revisions.Traffic[0].Weight, a.Revisions.Traffic[1].Weight = 120, -20
			},
			path: "revisions.traffic[0].weight", want: "120 is not allowed; allowed: 0 to 100",
		},
		{
			name: "entry naming a revision and the latest",
			edit: func(a *containerapp.Args) { multipleRevisions(a); a.Revisions.Traffic[1].LatestRevision = true },
			path: "revisions.traffic[1]", want: "names both `revisionName` and `latestRevision`",
		},
		{
			name: "entry naming no revision",
			edit: func(a *containerapp.Args) { multipleRevisions(a); a.Revisions.Traffic[1].RevisionName = "" },
			path: "revisions.traffic[1]", want: "puts a weight on no revision",
		},
		{
			name: "latest revision targeted twice",
			edit: func(a *containerapp.Args) {
				multipleRevisions(a)
				a.Revisions.Traffic[1] = containerapp.TrafficTarget{LatestRevision: true, Weight: 20}
			},
			path: "revisions.traffic[1].latestRevision", want: "is already targeted by traffic[0]",
		},
		{
			name: "revision of another app",
			edit: func(a *containerapp.Args) { multipleRevisions(a); a.Revisions.Traffic[1].RevisionName = "worker--blue" },
			path: "revisions.traffic[1].revisionName", want: `"worker--blue" is not a revision of "api"`,
		},
		{
			name: "revision suffix with capitals",
			edit: func(a *containerapp.Args) { multipleRevisions(a); a.Revisions.Traffic[1].RevisionName = "api--Blue" },
			path: "revisions.traffic[1].revisionName", want: `revision suffix "Blue" is not allowed`,
		},
		{
			name: "revision name too long",
			edit: func(a *containerapp.Args) {
				multipleRevisions(a)
				a.Revisions.Traffic[1].RevisionName = "api--" + strings.Repeat("b", 50)
			},
			path: "revisions.traffic[1].revisionName", want: "has 55 characters; allowed: at most 54",
		},
		{
			name: "revision targeted twice",
			edit: func(a *containerapp.Args) {
				multipleRevisions(a)
				a.Revisions.Traffic[0] = containerapp.TrafficTarget{RevisionName: "api--blue", Weight: 80}
			},
			path: "revisions.traffic[1].revisionName", want: `"api--blue" is already targeted by traffic[0]`,
		},
		{
			name: "label with capitals",
			edit: func(a *containerapp.Args) { multipleRevisions(a); a.Revisions.Traffic[1].Label = "Blue" },
			path: "revisions.traffic[1].label", want: `name "Blue" is not allowed`,
		},
		{
			name: "label used twice",
			edit: func(a *containerapp.Args) { multipleRevisions(a); a.Revisions.Traffic[1].Label = "green" },
			path: "revisions.traffic[1].label", want: `"green" is already used by traffic[0]`,
		},

		// Init containers and volumes.
		{
			name: "init container named like the app",
			edit: func(a *containerapp.Args) {
				a.InitContainers = []containerapp.InitContainer{{Name: "api", Image: pulumi.String(pinnedImage)}}
			},
			path: "initContainers[0].name", want: `"api" is used twice or is the app's own container name`,
		},
		{
			name: "init container without an image",
			edit: func(a *containerapp.Args) { a.InitContainers = []containerapp.InitContainer{{Name: "migrate"}} },
			path: "initContainers[0].image", want: "is required",
		},
		{
			name: "init container cpu not a multiple of a quarter",
			edit: func(a *containerapp.Args) {
				a.InitContainers = []containerapp.InitContainer{{Name: "migrate", Image: pulumi.String(pinnedImage), CPU: 0.1}}
			},
			path: "initContainers[0].cpu", want: "0.1 is not allowed; allowed: a multiple of 0.25 cores",
		},
		{
			name: "init container memory in another unit",
			edit: func(a *containerapp.Args) {
				a.InitContainers = []containerapp.InitContainer{{
					Name: "migrate", Image: pulumi.String(pinnedImage),
					Memory: "512Mi",
				}}
			},
			path: "initContainers[0].memory", want: `"512Mi" is not allowed; allowed: a size in Gi`,
		},
		{
			name: "unknown volume type",
			edit: func(a *containerapp.Args) {
				a.Volumes = []containerapp.Volume{{Name: "data", Type: "NFS", MountPath: "/data"}}
			},
			path: "volumes[0].type", want: `"NFS" is not allowed; allowed: EmptyDir, Secret`,
		},
		{
			name: "volume mounted at the root",
			edit: func(a *containerapp.Args) {
				a.Volumes = []containerapp.Volume{{Name: "data", Type: "EmptyDir", MountPath: "/"}}
			},
			path: "volumes[0].mountPath", want: `"/" is not allowed; allowed: a unique absolute path`,
		},
		{
			name: "volume named twice",
			edit: func(a *containerapp.Args) {
				a.Volumes = []containerapp.Volume{
					{Name: "data", Type: "EmptyDir", MountPath: "/data"},
					{Name: "data", Type: "EmptyDir", MountPath: "/cache"},
				}
			},
			path: "volumes[1].name", want: `"data" is used twice`,
		},
		{
			name: "secret names on a scratch volume",
			edit: func(a *containerapp.Args) {
				a.Volumes = []containerapp.Volume{{
					Name: "data", Type: "EmptyDir", MountPath: "/data",
					SecretNames: []string{"db-connection"},
				}}
			},
			path: "volumes[0].secretNames", want: "applies only to a Secret volume",
		},
		{
			name: "secret volume of an unknown secret",
			edit: func(a *containerapp.Args) {
				a.Volumes = []containerapp.Volume{{
					Name: "secrets", Type: "Secret", MountPath: "/secrets",
					SecretNames: []string{"api-key"},
				}}
			},
			path: "volumes[0].secretNames", want: `"api-key" is not a secret of this app`,
		},
		{
			name: "propagation wait that is not a duration", edit: func(a *containerapp.Args) { a.PropagationWait = "soon" },
			path: "propagationWait", want: `"soon" is not allowed; allowed: a Go duration from 0s to 30m`,
		},
		{
			name: "propagation wait too long", edit: func(a *containerapp.Args) { a.PropagationWait = "31m" },
			path: "propagationWait", want: `"31m" is not allowed`,
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
