package containerapp

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Defaults. Each is the value a production service should start from.
const (
	// DefaultCPU and DefaultMemory are the smallest size that runs a typical Go or Node.js service comfortably.
	DefaultCPU    = 0.5
	DefaultMemory = "1Gi"
	// DefaultMinReplicas keeps one replica warm, so the first request does not wait for a cold start.
	DefaultMinReplicas = 1
	// DefaultMaxReplicas is Azure's own default.
	DefaultMaxReplicas = 10
	// DefaultTargetPort is the port the services in this repository listen on.
	DefaultTargetPort = 8080
	// DefaultConcurrentRequests per replica before the HTTP scale rule adds a replica.
	DefaultConcurrentRequests = 50
	// DefaultTerminationGracePeriodSeconds is Azure's own default: the time a replica gets after SIGTERM.
	DefaultTerminationGracePeriodSeconds = 30
	// DefaultPropagationWait covers the time Azure takes to make a new role assignment effective. Azure
	// documents "up to 10 minutes" in the worst case; in practice grants on a new identity work within a
	// minute, and the wait runs in parallel with the environment's much longer creation.
	DefaultPropagationWait = "90s"
	// DefaultLivenessPath and DefaultReadinessPath are the health endpoints of this repository's services.
	DefaultLivenessPath  = "/healthz"
	DefaultReadinessPath = "/readyz"
	// RevisionModeSingle keeps one active revision; RevisionModeMultiple allows traffic splitting.
	RevisionModeSingle   = "Single"
	RevisionModeMultiple = "Multiple"
	// TelemetrySecretName is the app secret that carries the Application Insights connection string.
	TelemetrySecretName = "appinsights-connection-string"
)

// Environment variables the component sets itself; Env must not set them.
const (
	EnvAzureClientID     = "AZURE_CLIENT_ID"
	EnvTelemetry         = "APPLICATIONINSIGHTS_CONNECTION_STRING"
	EnvGatewaySecret     = "GATEWAY_SECRET"
	EnvRevisionSuffixKey = "REVISION"
)

// Args configures a SecureContainerApp. Fields are grouped as Azure groups them: identity and wiring, the
// container, ingress, scale, health, Dapr, revisions.
type Args struct {
	// ResourceGroupName is the resource group of the app, its identity and its alerts. Required.
	ResourceGroupName pulumi.StringInput `pulumi:"resourceGroupName"`
	// Location is the Azure region. Optional; default: the resource group's region.
	Location pulumi.StringInput `pulumi:"location,optional"`
	// AppName is the container app's Azure name; internal apps answer at "<AppName>.internal.<domain>".
	// Required; 2 to 32 lowercase letters, digits and hyphens, starting with a letter.
	AppName string `pulumi:"appName"`
	// IdentityName names the app's user-assigned identity. Optional; default "id-<AppName>".
	IdentityName string `pulumi:"identityName,optional"`
	// EnvironmentID is the managed environment's ARM id. Required.
	EnvironmentID pulumi.StringInput `pulumi:"environmentId"`
	// WorkloadProfileName runs the app on a workload profile of the environment. Optional; default: the
	// consumption plan.
	WorkloadProfileName string `pulumi:"workloadProfileName,optional"`

	// Image is the full image reference, pinned by digest, e.g. "myacr.azurecr.io/api@sha256:...". Required.
	Image pulumi.StringInput `pulumi:"image"`
	// RegistryServer is the login server the image is pulled from with the app's identity. Optional; leave it
	// empty for a public image, which is pulled anonymously.
	RegistryServer pulumi.StringInput `pulumi:"registryServer,optional"`
	// RegistryID is the registry's ARM id; the identity is granted AcrPull on it. Required with RegistryServer.
	RegistryID pulumi.StringInput `pulumi:"registryId,optional"`

	// KeyVaultSecrets become app secrets that reference Key Vault; the identity is granted read on each
	// secret alone. Optional.
	KeyVaultSecrets []KeyVaultSecret `pulumi:"keyVaultSecrets,optional"`
	// Env are the container's environment variables, plain or from a secret. Optional.
	Env []EnvVar `pulumi:"env,optional"`
	// TelemetryKeyVaultSecret is the Key Vault secret that holds the Application Insights connection string;
	// the container reads it as APPLICATIONINSIGHTS_CONNECTION_STRING through a Key Vault reference, like its
	// other secrets (its Name is ignored). Optional; excludes TelemetryConnectionString.
	TelemetryKeyVaultSecret *KeyVaultSecret `pulumi:"telemetryKeyVaultSecret,optional"`
	// TelemetryConnectionString is the connection string itself, kept as a secret app secret value. Optional;
	// prefer TelemetryKeyVaultSecret, which keeps every secret value out of the app's configuration.
	TelemetryConnectionString pulumi.StringInput `pulumi:"telemetryConnectionString,optional"`

	// CPU in cores. Optional; default 0.5. On the consumption plan: 0.25 to 4 in steps of 0.25.
	CPU float64 `pulumi:"cpu,optional"`
	// Memory, e.g. "1Gi". Optional; default "1Gi". On the consumption plan it must be twice the CPU in Gi.
	Memory string `pulumi:"memory,optional"`
	// Ingress exposes the app over HTTPS. Optional; default: no ingress.
	Ingress *Ingress `pulumi:"ingress,optional"`
	// GatewaySecret names an app secret (one of KeyVaultSecrets) that a gateway in front of the app sends with
	// every request: the container gets it as GATEWAY_SECRET and rejects requests without it, so clients
	// cannot bypass the gateway. Optional; with it, external ingress without IP rules is not warned about.
	GatewaySecret string `pulumi:"gatewaySecret,optional"`

	// MinReplicas is the fewest replicas kept running. Optional; default 1; allowed 0 to 1000.
	MinReplicas *int `pulumi:"minReplicas,optional"`
	// MaxReplicas is the most replicas scaled out to. Optional; default 10; allowed 1 to 1000, not below
	// MinReplicas.
	MaxReplicas int `pulumi:"maxReplicas,optional"`
	// Scale configures the scale rules. Optional.
	Scale Scale `pulumi:"scale,optional"`

	// Probes configures health probes. Optional; default: liveness on /healthz and readiness on /readyz,
	// on the ingress target port.
	Probes Probes `pulumi:"probes,optional"`
	// TerminationGracePeriodSeconds is the time a replica gets between SIGTERM and SIGKILL. Optional; default
	// 30; allowed 0 to 600.
	TerminationGracePeriodSeconds int `pulumi:"terminationGracePeriodSeconds,optional"`

	// Dapr turns on the Dapr sidecar. Optional; default: off.
	Dapr *Dapr `pulumi:"dapr,optional"`
	// Revisions configures revision mode and traffic splitting. Optional; default: single revision mode.
	Revisions Revisions `pulumi:"revisions,optional"`
	// InitContainers run to completion before the app container starts. Optional.
	InitContainers []InitContainer `pulumi:"initContainers,optional"`
	// Volumes are mounted into the app container. Optional.
	Volumes []Volume `pulumi:"volumes,optional"`

	// ActionGroupID routes the app's metric alerts. Optional; no alerts are created when it is empty.
	ActionGroupID pulumi.StringInput `pulumi:"actionGroupId,optional"`
	// PropagationWait is how long the app's creation waits after its role assignments are created, as a Go
	// duration. Optional; default "90s"; "0s" skips the wait. See DefaultPropagationWait.
	PropagationWait string `pulumi:"propagationWait,optional"`
	// Tags are applied to every taggable child. Optional.
	Tags map[string]string `pulumi:"tags,optional"`
}

// KeyVaultSecret makes a Key Vault secret available to the app as an app secret.
type KeyVaultSecret struct {
	// Name of the app secret, referenced by EnvVar.SecretRef. Required; lowercase letters, digits, hyphens
	// and periods.
	Name string `pulumi:"name"`
	// SecretURI is the secret's versionless URI, e.g. "https://kv.vault.azure.net/secrets/ApiKey", so a new
	// version reaches the app without a deployment. Required.
	SecretURI pulumi.StringInput `pulumi:"secretUri"`
	// SecretID is the secret's ARM id, the scope of the read grant. Required.
	SecretID pulumi.StringInput `pulumi:"secretId"`
}

// EnvVar is one environment variable: a plain value or a reference to an app secret.
type EnvVar struct {
	// Name of the variable. Required; letters, digits and underscores, not starting with a digit.
	Name string `pulumi:"name"`
	// Value of the variable. Exactly one of Value and SecretRef is required.
	Value pulumi.StringInput `pulumi:"value,optional"`
	// SecretRef names an app secret (a KeyVaultSecrets name) whose value the variable takes.
	SecretRef string `pulumi:"secretRef,optional"`
}

// Ingress exposes the app. Traffic is always HTTPS: plain HTTP is redirected.
type Ingress struct {
	// External makes the app reachable from the internet; otherwise only from inside the environment.
	// Optional; default false. External without IPAllow logs a warning.
	External bool `pulumi:"external,optional"`
	// TargetPort is the port the container listens on. Optional; default 8080; allowed 1 to 65535.
	TargetPort int `pulumi:"targetPort,optional"`
	// Transport is "auto" (default), "http", "http2" or "tcp".
	Transport string `pulumi:"transport,optional"`
	// IPAllow limits inbound traffic to these address ranges. Optional; default: any address.
	IPAllow []IPRule `pulumi:"ipAllow,optional"`
	// CORS answers cross-origin requests from browsers. Optional; default: no CORS headers.
	CORS *CORS `pulumi:"cors,optional"`
	// StickySessions routes a client to the same replica. Optional; default false; not with multiple
	// revisions.
	StickySessions bool `pulumi:"stickySessions,optional"`
	// AdditionalPorts exposes more TCP ports. Optional; workload-profiles environments only.
	AdditionalPorts []PortMapping `pulumi:"additionalPorts,optional"`
	// ClientCertificateMode is "ignore" (default), "accept" or "require" (mutual TLS).
	ClientCertificateMode string `pulumi:"clientCertificateMode,optional"`
	// CustomDomains binds host names with certificates. Optional. The DNS records (a CNAME to the app's FQDN
	// and a TXT "asuid.<name>" with the verification id) must exist before deployment.
	CustomDomains []CustomDomain `pulumi:"customDomains,optional"`
}

// IPRule allows one address range.
type IPRule struct {
	// Name of the rule. Required.
	Name string `pulumi:"name"`
	// CIDR is an IPv4 address range, e.g. "203.0.113.0/24". Required.
	CIDR string `pulumi:"cidr"`
}

// CORS is a browser cross-origin policy.
type CORS struct {
	// AllowedOrigins, e.g. "https://app.example.com". Required; "*" is refused with AllowCredentials.
	AllowedOrigins []string `pulumi:"allowedOrigins"`
	// AllowedMethods. Optional; default GET, POST.
	AllowedMethods []string `pulumi:"allowedMethods,optional"`
	// AllowedHeaders. Optional.
	AllowedHeaders []string `pulumi:"allowedHeaders,optional"`
	// ExposeHeaders. Optional.
	ExposeHeaders []string `pulumi:"exposeHeaders,optional"`
	// MaxAgeSeconds caches the preflight answer. Optional; default 0.
	MaxAgeSeconds int `pulumi:"maxAgeSeconds,optional"`
	// AllowCredentials lets browsers send cookies. Optional; default false.
	AllowCredentials bool `pulumi:"allowCredentials,optional"`
}

// PortMapping exposes an additional TCP port.
type PortMapping struct {
	// External makes the port reachable from the internet. Optional; default false.
	External bool `pulumi:"external,optional"`
	// TargetPort is the container's port. Required; 1 to 65535.
	TargetPort int `pulumi:"targetPort"`
	// ExposedPort is the port clients connect to. Optional; default: TargetPort.
	ExposedPort int `pulumi:"exposedPort,optional"`
}

// CustomDomain binds a host name to the app.
type CustomDomain struct {
	// Name is the host name, e.g. "api.example.com". Required.
	Name string `pulumi:"name"`
	// CertificateID is the ARM id of a certificate in the managed environment. Required.
	CertificateID pulumi.StringInput `pulumi:"certificateId"`
}

// Scale configures scale rules beyond replica counts.
type Scale struct {
	// ConcurrentRequests per replica before another replica is added. Optional; default 50; only with ingress.
	ConcurrentRequests int `pulumi:"concurrentRequests,optional"`
	// Queues scale on Azure Storage queue length, authenticated with the app's identity. Optional.
	Queues []QueueScaleRule `pulumi:"queues,optional"`
}

// QueueScaleRule adds replicas as a Storage queue grows.
type QueueScaleRule struct {
	// Name of the rule. Required; lowercase letters, digits and hyphens.
	Name string `pulumi:"name"`
	// AccountName is the storage account. Required.
	AccountName string `pulumi:"accountName"`
	// QueueName is the queue. Required.
	QueueName string `pulumi:"queueName"`
	// QueueLength is the number of messages per replica. Optional; default 20; allowed 1 to 10000.
	QueueLength int `pulumi:"queueLength,optional"`
	// StorageAccountID is the account's ARM id; when set, the identity is granted "Storage Queue Data Reader"
	// on the queue so the scaler can read its length. Optional.
	StorageAccountID pulumi.StringInput `pulumi:"storageAccountId,optional"`
}

// Probes configures the container's health probes; a nil liveness or readiness probe takes its default.
type Probes struct {
	// Liveness restarts a replica that stops answering. Optional; default: GET /healthz.
	Liveness *Probe `pulumi:"liveness,optional"`
	// Readiness keeps traffic away from a replica that is not ready. Optional; default: GET /readyz.
	Readiness *Probe `pulumi:"readiness,optional"`
	// Startup holds the other probes back while a slow container starts. Optional; default: none.
	Startup *Probe `pulumi:"startup,optional"`
}

// Probe is an HTTP GET health probe.
type Probe struct {
	// Path to request. Required; starts with "/".
	Path string `pulumi:"path"`
	// Port to request. Optional; default: the ingress target port; required without ingress.
	Port int `pulumi:"port,optional"`
	// InitialDelaySeconds before the first probe. Optional; default 0; allowed 0 to 60.
	InitialDelaySeconds int `pulumi:"initialDelaySeconds,optional"`
	// PeriodSeconds between probes. Optional; default 10; allowed 1 to 240.
	PeriodSeconds int `pulumi:"periodSeconds,optional"`
	// FailureThreshold is the number of failures in a row that count. Optional; default 3; allowed 1 to 10.
	FailureThreshold int `pulumi:"failureThreshold,optional"`
	// TimeoutSeconds per probe. Optional; default 1; allowed 1 to 240.
	TimeoutSeconds int `pulumi:"timeoutSeconds,optional"`
}

// Dapr configures the app's Dapr sidecar.
type Dapr struct {
	// AppID is the Dapr app id other apps invoke. Optional; default: AppName.
	AppID string `pulumi:"appId,optional"`
	// AppPort is where the sidecar reaches the app. Optional; default: the ingress target port.
	AppPort int `pulumi:"appPort,optional"`
	// AppProtocol is "http" (default) or "grpc".
	AppProtocol string `pulumi:"appProtocol,optional"`
	// APILogging logs every call through the sidecar. Optional; default false.
	APILogging bool `pulumi:"apiLogging,optional"`
}

// Revisions configures revision mode and traffic.
type Revisions struct {
	// Mode is "Single" (default) or "Multiple". In Multiple mode each revision gets a suffix derived from its
	// template, so the same template always has the same name and a different one never reuses it.
	Mode string `pulumi:"mode,optional"`
	// Traffic splits ingress traffic between revisions; Multiple mode only. Weights are whole percentages
	// that add up to 100. Optional; default: all traffic to the latest revision.
	Traffic []TrafficTarget `pulumi:"traffic,optional"`
	// MaxInactive is the number of inactive revisions kept for rollback. Optional; default 10; allowed 0 to 100.
	MaxInactive int `pulumi:"maxInactive,optional"`
}

// TrafficTarget sends a share of traffic to one revision.
type TrafficTarget struct {
	// Label gives the revision a stable extra address "<app>---<label>.<domain>". Optional; unique.
	Label string `pulumi:"label,optional"`
	// RevisionName is a revision of this app, "<app>--<suffix>". Exactly one of RevisionName and
	// LatestRevision is required.
	RevisionName string `pulumi:"revisionName,optional"`
	// LatestRevision targets the revision this deployment creates or keeps.
	LatestRevision bool `pulumi:"latestRevision,optional"`
	// Weight is the share of traffic in percent. Required; 0 to 100.
	Weight int `pulumi:"weight"`
}

// InitContainer runs before the app container.
type InitContainer struct {
	// Name of the container. Required; lowercase letters, digits and hyphens.
	Name string `pulumi:"name"`
	// Image, pinned by digest; pulled the same way as the app's image. Required.
	Image pulumi.StringInput `pulumi:"image"`
	// Command and Args override the image's entrypoint. Optional.
	Command []string `pulumi:"command,optional"`
	Args    []string `pulumi:"args,optional"`
	// CPU and Memory. Optional; default 0.25 and "0.5Gi". They count towards the app's total.
	CPU    float64 `pulumi:"cpu,optional"`
	Memory string  `pulumi:"memory,optional"`
}

// Volume is mounted into the app container.
type Volume struct {
	// Name of the volume. Required; lowercase letters, digits and hyphens.
	Name string `pulumi:"name"`
	// Type is "EmptyDir" (scratch space that lives as long as the replica) or "Secret" (app secrets as files).
	Type string `pulumi:"type"`
	// MountPath in the container. Required; absolute.
	MountPath string `pulumi:"mountPath"`
	// SecretNames are the app secrets written as files, for a Secret volume. Optional; default: all.
	SecretNames []string `pulumi:"secretNames,optional"`
}
