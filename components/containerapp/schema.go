package containerapp

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SchemaArgs is Args in the form the package schema can carry, for the component provider (cmd/provider) that
// serves SecureContainerApp to other Pulumi languages. It differs from Args in two ways: Scale, Probes and
// Revisions are pointers, because an optional object in the schema must be a pointer in Go; and
// TelemetryKeyVaultSecret has no name, which Args ignores there. ToArgs turns it into Args, so both forms build
// the app with the same code.
type SchemaArgs struct {
	ResourceGroupName             pulumi.StringInput     `pulumi:"resourceGroupName"`
	Location                      pulumi.StringInput     `pulumi:"location,optional"`
	AppName                       string                 `pulumi:"appName"`
	IdentityName                  string                 `pulumi:"identityName,optional"`
	EnvironmentID                 pulumi.StringInput     `pulumi:"environmentId"`
	WorkloadProfileName           string                 `pulumi:"workloadProfileName,optional"`
	Image                         pulumi.StringInput     `pulumi:"image"`
	RegistryServer                pulumi.StringInput     `pulumi:"registryServer,optional"`
	RegistryID                    pulumi.StringInput     `pulumi:"registryId,optional"`
	KeyVaultSecrets               []KeyVaultSecret       `pulumi:"keyVaultSecrets,optional"`
	Env                           []EnvVar               `pulumi:"env,optional"`
	TelemetryKeyVaultSecret       *SchemaTelemetrySecret `pulumi:"telemetryKeyVaultSecret,optional"`
	TelemetryConnectionString     pulumi.StringInput     `pulumi:"telemetryConnectionString,optional" provider:"secret"`
	CPU                           float64                `pulumi:"cpu,optional"`
	Memory                        string                 `pulumi:"memory,optional"`
	Ingress                       *Ingress               `pulumi:"ingress,optional"`
	GatewaySecret                 string                 `pulumi:"gatewaySecret,optional"`
	MinReplicas                   *int                   `pulumi:"minReplicas,optional"`
	MaxReplicas                   int                    `pulumi:"maxReplicas,optional"`
	Scale                         *Scale                 `pulumi:"scale,optional"`
	Probes                        *Probes                `pulumi:"probes,optional"`
	TerminationGracePeriodSeconds int                    `pulumi:"terminationGracePeriodSeconds,optional"`
	Dapr                          *Dapr                  `pulumi:"dapr,optional"`
	Revisions                     *Revisions             `pulumi:"revisions,optional"`
	InitContainers                []InitContainer        `pulumi:"initContainers,optional"`
	Volumes                       []Volume               `pulumi:"volumes,optional"`
	ActionGroupID                 pulumi.StringInput     `pulumi:"actionGroupId,optional"`
	PropagationWait               string                 `pulumi:"propagationWait,optional"`
	Tags                          map[string]string      `pulumi:"tags,optional"`
}

// SchemaTelemetrySecret is the Key Vault secret that holds the Application Insights connection string.
type SchemaTelemetrySecret struct {
	SecretURI pulumi.StringInput `pulumi:"secretUri"`
	SecretID  pulumi.StringInput `pulumi:"secretId"`
}

// ToArgs returns the Args that s describes.
func (s SchemaArgs) ToArgs() Args {
	args := Args{
		ResourceGroupName:             s.ResourceGroupName,
		Location:                      s.Location,
		AppName:                       s.AppName,
		IdentityName:                  s.IdentityName,
		EnvironmentID:                 s.EnvironmentID,
		WorkloadProfileName:           s.WorkloadProfileName,
		Image:                         s.Image,
		RegistryServer:                s.RegistryServer,
		RegistryID:                    s.RegistryID,
		KeyVaultSecrets:               s.KeyVaultSecrets,
		Env:                           s.Env,
		TelemetryConnectionString:     s.TelemetryConnectionString,
		CPU:                           s.CPU,
		Memory:                        s.Memory,
		Ingress:                       s.Ingress,
		GatewaySecret:                 s.GatewaySecret,
		MinReplicas:                   s.MinReplicas,
		MaxReplicas:                   s.MaxReplicas,
		TerminationGracePeriodSeconds: s.TerminationGracePeriodSeconds,
		Dapr:                          s.Dapr,
		InitContainers:                s.InitContainers,
		Volumes:                       s.Volumes,
		ActionGroupID:                 s.ActionGroupID,
		PropagationWait:               s.PropagationWait,
		Tags:                          s.Tags,
	}
	if s.TelemetryKeyVaultSecret != nil {
		args.TelemetryKeyVaultSecret = &KeyVaultSecret{
			Name:      TelemetrySecretName,
			SecretURI: s.TelemetryKeyVaultSecret.SecretURI,
			SecretID:  s.TelemetryKeyVaultSecret.SecretID,
		}
	}
	if s.Scale != nil {
		args.Scale = *s.Scale
	}
	if s.Probes != nil {
		args.Probes = *s.Probes
	}
	if s.Revisions != nil {
		args.Revisions = *s.Revisions
	}
	return args
}

// Annotate documents the inputs in the package schema. Descriptions use the schema's property names.
func (s *SchemaArgs) Annotate(a infer.Annotator) {
	a.Describe(&s.ResourceGroupName, "The resource group of the app, its identity and its alerts. Required.")
	a.Describe(&s.Location, "The Azure region. Optional; default: the resource group's region.")
	a.Describe(&s.AppName, "The container app's Azure name; an internal app answers at "+
		"\"<appName>.internal.<domain>\". Required; 2 to 32 lowercase letters, digits and hyphens, starting with "+
		"a letter and ending with a letter or digit, without consecutive hyphens.")
	a.Describe(&s.IdentityName, "The name of the app's user-assigned identity. Optional; default "+
		"\"id-<appName>\"; 3 to 128 letters, digits, hyphens and underscores.")
	a.Describe(&s.EnvironmentID, "The ARM id of the managed environment, e.g. an AppEnvironment's "+
		"`environmentId`. Required.")
	a.Describe(&s.WorkloadProfileName, "Runs the app on this workload profile of the environment. Optional; "+
		"default: the consumption plan.")
	a.Describe(&s.Image, "The full image reference, pinned by digest, e.g. "+
		"\"myregistry.azurecr.io/api@sha256:...\". Required.")
	a.Describe(&s.RegistryServer, "The login server the image is pulled from with the app's identity, e.g. a "+
		"SecureRegistry's `loginServer`. Optional; leave it out for a public image. Goes together with "+
		"`registryId`.")
	a.Describe(&s.RegistryID, "The registry's ARM id; the identity is granted AcrPull on it. Required with "+
		"`registryServer`.")
	a.Describe(&s.KeyVaultSecrets, "Key Vault secrets that become app secrets through Key Vault references; the "+
		"identity is granted read on each secret alone. Optional.")
	a.Describe(&s.Env, "The container's environment variables, each a plain value or a reference to an app "+
		"secret. Optional; AZURE_CLIENT_ID, APPLICATIONINSIGHTS_CONNECTION_STRING and GATEWAY_SECRET are set by the "+
		"component.")
	a.Describe(&s.TelemetryKeyVaultSecret, "The Key Vault secret that holds the Application Insights connection "+
		"string; the container reads it as APPLICATIONINSIGHTS_CONNECTION_STRING through a Key Vault reference, "+
		"and the identity is granted read on it. Optional; excludes `telemetryConnectionString`.")
	a.Describe(&s.TelemetryConnectionString, "The Application Insights connection string itself, kept as a "+
		"secret app secret. Optional; excludes `telemetryKeyVaultSecret`, which is preferred because it keeps "+
		"every secret value out of the app's configuration.")
	a.Describe(&s.CPU, "CPU cores for the app container. Optional; default 0.5; a multiple of 0.25; on the "+
		"consumption plan at most 4.")
	a.SetDefault(&s.CPU, DefaultCPU)
	a.Describe(&s.Memory, "Memory for the app container, e.g. \"1Gi\". Optional; default \"1Gi\"; on the "+
		"consumption plan twice the CPU in Gi, counting init containers.")
	a.SetDefault(&s.Memory, DefaultMemory)
	a.Describe(&s.Ingress, "Exposes the app over HTTPS; plain HTTP is redirected. Optional; default: no ingress.")
	a.Describe(&s.GatewaySecret, "The name of an app secret (a `keyVaultSecrets` entry) that a gateway in front of "+
		"the app sends with every request; the container gets it as GATEWAY_SECRET and rejects requests without "+
		"it, so clients cannot bypass the gateway. Optional; needs external ingress; with it, external ingress "+
		"without `ipAllow` is not warned about.")
	a.Describe(&s.MinReplicas, "The fewest replicas kept running. Optional; default 1; allowed: 0 to 1000.")
	a.SetDefault(&s.MinReplicas, DefaultMinReplicas)
	a.Describe(&s.MaxReplicas, "The most replicas scaled out to. Optional; default 10; allowed: 1 to 1000, not "+
		"below `minReplicas`.")
	a.SetDefault(&s.MaxReplicas, DefaultMaxReplicas)
	a.Describe(&s.Scale, "Scale rules beyond the replica counts. Optional; default: an HTTP rule of 50 concurrent "+
		"requests per replica when the app has ingress.")
	a.Describe(&s.Probes, "Health probes. Optional; default: liveness on /healthz and readiness on /readyz, on "+
		"the ingress target port.")
	a.Describe(&s.TerminationGracePeriodSeconds, "Seconds a replica gets between SIGTERM and SIGKILL. Optional; "+
		"default 30; allowed: 1 to 600 (0 means the default).")
	a.SetDefault(&s.TerminationGracePeriodSeconds, DefaultTerminationGracePeriodSeconds)
	a.Describe(&s.Dapr, "Turns on the Dapr sidecar. Optional; default: off.")
	a.Describe(&s.Revisions, "Revision mode and traffic splitting. Optional; default: single revision mode.")
	a.Describe(&s.InitContainers, "Containers that run to completion before the app container starts. Optional.")
	a.Describe(&s.Volumes, "Volumes mounted into the app container. Optional.")
	a.Describe(&s.ActionGroupID, "The ARM id of the action group that receives the app's metric alerts (CPU, "+
		"memory, restarts and, with ingress, server errors), e.g. an AppEnvironment's `actionGroupId`. Optional; "+
		"no alerts are created without it.")
	a.Describe(&s.PropagationWait, "How long the app's creation waits after its role assignments are created, so "+
		"that Azure has made them effective before the first image pull, as a Go duration. Optional; default "+
		"\"90s\"; allowed: \"0s\" (no wait) to \"30m\". The wait runs only when a grant is created or replaced.")
	a.SetDefault(&s.PropagationWait, DefaultPropagationWait)
	a.Describe(&s.Tags, "Tags applied to every taggable child resource. Optional.")
}

// Annotate documents a Key Vault reference.
func (k *KeyVaultSecret) Annotate(a infer.Annotator) {
	a.SetToken("index", "KeyVaultSecret")
	a.Describe(&k, "A Key Vault secret made available to the app as an app secret.")
	a.Describe(&k.Name, "The app secret's name, which `env[].secretRef` refers to. Required; lowercase letters, "+
		"digits, hyphens and periods, starting and ending with a letter or digit; unique.")
	a.Describe(&k.SecretURI, "The secret's versionless URI, e.g. \"https://kv.vault.azure.net/secrets/ApiKey\", so "+
		"that a new version reaches the app without a deployment; a SecretVault's `secretUris` entry. Required.")
	a.Describe(&k.SecretID, "The secret's ARM id, the scope of the read grant; a SecretVault's `secretIds` entry. "+
		"Required.")
}

// Annotate documents the telemetry secret.
func (k *SchemaTelemetrySecret) Annotate(a infer.Annotator) {
	a.SetToken("index", "TelemetryKeyVaultSecret")
	a.Describe(&k, "The Key Vault secret that holds the Application Insights connection string.")
	a.Describe(&k.SecretURI, "The secret's versionless URI; a SecretVault's `secretUris` entry. Required.")
	a.Describe(&k.SecretID, "The secret's ARM id, the scope of the read grant; a SecretVault's `secretIds` entry. "+
		"Required.")
}

// Annotate documents an environment variable.
func (e *EnvVar) Annotate(a infer.Annotator) {
	a.SetToken("index", "EnvVar")
	a.Describe(&e, "One environment variable of the app container: a plain value or a reference to an app secret.")
	a.Describe(&e.Name, "The variable's name. Required; letters, digits and underscores, not starting with a "+
		"digit; unique.")
	a.Describe(&e.Value, "The variable's value. Exactly one of `value` and `secretRef` is required.")
	a.Describe(&e.SecretRef, "The name of an app secret (a `keyVaultSecrets` entry, or "+
		"\"appinsights-connection-string\") whose value the variable takes. Exactly one of `value` and "+
		"`secretRef` is required.")
}

// Annotate documents ingress.
func (i *Ingress) Annotate(a infer.Annotator) {
	a.SetToken("index", "Ingress")
	a.Describe(&i, "How the app is exposed. Traffic is always HTTPS: plain HTTP is redirected.")
	a.Describe(&i.External, "Makes the app reachable from the internet; otherwise only from inside the "+
		"environment. Optional; default false. External ingress without `ipAllow` logs a warning.")
	a.Describe(&i.TargetPort, "The port the container listens on. Optional; default 8080; allowed: 1 to 65535.")
	a.SetDefault(&i.TargetPort, DefaultTargetPort)
	a.Describe(&i.Transport, "The ingress transport. Optional; default \"auto\"; allowed: \"auto\", \"http\", "+
		"\"http2\", \"tcp\".")
	a.SetDefault(&i.Transport, "auto")
	a.Describe(&i.IPAllow, "Limits inbound traffic to these IPv4 ranges. Optional; default: any address.")
	a.Describe(&i.CORS, "Answers cross-origin requests from browsers. Optional; default: no CORS headers.")
	a.Describe(&i.StickySessions, "Routes a client to the same replica. Optional; default false; not with "+
		"multiple revisions.")
	a.Describe(&i.AdditionalPorts, "Exposes more TCP ports. Optional; only with `workloadProfileName`.")
	a.Describe(&i.ClientCertificateMode, "Whether clients present certificates. Optional; default \"ignore\"; "+
		"allowed: \"ignore\", \"accept\", \"require\" (mutual TLS).")
	a.SetDefault(&i.ClientCertificateMode, "ignore")
	a.Describe(&i.CustomDomains, "Host names bound with certificates. Optional. The DNS records (a CNAME to the "+
		"app's FQDN and a TXT record \"asuid.<name>\" with the verification id) must exist before deployment.")
}

// Annotate documents an IP rule.
func (r *IPRule) Annotate(a infer.Annotator) {
	a.SetToken("index", "IpRule")
	a.Describe(&r, "One IPv4 range allowed to reach the app.")
	a.Describe(&r.Name, "The rule's name. Required; 1 to 64 characters; unique.")
	a.Describe(&r.CIDR, "An IPv4 range in CIDR form with no host bits set, e.g. \"203.0.113.0/24\". Required.")
}

// Annotate documents a CORS policy.
func (c *CORS) Annotate(a infer.Annotator) {
	a.SetToken("index", "CorsPolicy")
	a.Describe(&c, "A browser cross-origin (CORS) policy.")
	a.Describe(&c.AllowedOrigins, "Origins allowed to call the app, e.g. \"https://app.example.com\". Required; "+
		"\"*\" is refused with `allowCredentials`.")
	a.Describe(&c.AllowedMethods, "HTTP methods allowed. Optional; default [\"GET\", \"POST\"].")
	a.Describe(&c.AllowedHeaders, "Request headers allowed. Optional.")
	a.Describe(&c.ExposeHeaders, "Response headers exposed to the browser. Optional.")
	a.Describe(&c.MaxAgeSeconds, "Seconds a browser caches the preflight answer. Optional; default 0.")
	a.Describe(&c.AllowCredentials, "Lets browsers send cookies. Optional; default false.")
}

// Annotate documents an additional port.
func (p *PortMapping) Annotate(a infer.Annotator) {
	a.SetToken("index", "PortMapping")
	a.Describe(&p, "An additional TCP port of the app.")
	a.Describe(&p.External, "Makes the port reachable from the internet. Optional; default false.")
	a.Describe(&p.TargetPort, "The container's port. Required; allowed: 1 to 65535; not already exposed.")
	a.Describe(&p.ExposedPort, "The port clients connect to. Optional; default: `targetPort`; allowed: 1 to 65535.")
}

// Annotate documents a custom domain.
func (d *CustomDomain) Annotate(a infer.Annotator) {
	a.SetToken("index", "CustomDomain")
	a.Describe(&d, "A host name bound to the app.")
	a.Describe(&d.Name, "The host name, e.g. \"api.example.com\". Required; a lowercase DNS name; unique.")
	a.Describe(&d.CertificateID, "The ARM id of a certificate in the managed environment. Required.")
}

// Annotate documents the scale rules.
func (s *Scale) Annotate(a infer.Annotator) {
	a.SetToken("index", "Scale")
	a.Describe(&s, "Scale rules beyond the replica counts.")
	a.Describe(&s.ConcurrentRequests, "Concurrent requests per replica before another replica is added. "+
		"Optional; default 50 with ingress; allowed: 1 to 10000; only with `ingress`.")
	a.Describe(&s.Queues, "Rules that scale on Azure Storage queue length, authenticated with the app's identity. "+
		"Optional.")
}

// Annotate documents a queue scale rule.
func (q *QueueScaleRule) Annotate(a infer.Annotator) {
	a.SetToken("index", "QueueScaleRule")
	a.Describe(&q, "Adds replicas as an Azure Storage queue grows.")
	a.Describe(&q.Name, "The rule's name. Required; 1 to 40 lowercase letters, digits and hyphens, starting with "+
		"a letter; unique; not \"http-requests\".")
	a.Describe(&q.AccountName, "The storage account's name. Required.")
	a.Describe(&q.QueueName, "The queue's name. Required.")
	a.Describe(&q.QueueLength, "Messages per replica. Optional; default 20; allowed: 1 to 10000.")
	a.SetDefault(&q.QueueLength, DefaultQueueLength)
	a.Describe(&q.StorageAccountID, "The storage account's ARM id; when set, the identity is granted \"Storage "+
		"Queue Data Reader\" on the queue so the scaler can read its length. Optional.")
}

// Annotate documents the probes.
func (p *Probes) Annotate(a infer.Annotator) {
	a.SetToken("index", "Probes")
	a.Describe(&p, "The app container's health probes; a liveness or readiness probe left out takes its default.")
	a.Describe(&p.Liveness, "Restarts a replica that stops answering. Optional; default: GET /healthz.")
	a.Describe(&p.Readiness, "Keeps traffic away from a replica that is not ready. Optional; default: GET /readyz.")
	a.Describe(&p.Startup, "Holds the other probes back while a slow container starts. Optional; default: none.")
}

// Annotate documents a probe.
func (p *Probe) Annotate(a infer.Annotator) {
	a.SetToken("index", "Probe")
	a.Describe(&p, "An HTTP GET health probe.")
	a.Describe(&p.Path, "The path to request. Required; an absolute URL path such as \"/healthz\".")
	a.Describe(&p.Port, "The port to request. Optional; default: the ingress target port; required without "+
		"ingress; allowed: 1 to 65535.")
	a.Describe(&p.InitialDelaySeconds, "Seconds before the first probe. Optional; default 0; allowed: 0 to 60.")
	a.Describe(&p.PeriodSeconds, "Seconds between probes. Optional; default 10; allowed: 1 to 240.")
	a.SetDefault(&p.PeriodSeconds, defaultProbePeriod)
	a.Describe(&p.FailureThreshold, "Failures in a row that count. Optional; default 3; allowed: 1 to 10.")
	a.SetDefault(&p.FailureThreshold, defaultProbeFailures)
	a.Describe(&p.TimeoutSeconds, "Seconds a probe may take. Optional; default 1; allowed: 1 to 240.")
	a.SetDefault(&p.TimeoutSeconds, defaultProbeTimeout)
}

// Annotate documents Dapr.
func (d *Dapr) Annotate(a infer.Annotator) {
	a.SetToken("index", "Dapr")
	a.Describe(&d, "The app's Dapr sidecar.")
	a.Describe(&d.AppID, "The Dapr app id other apps invoke. Optional; default: `appName`; lowercase letters, "+
		"digits and hyphens.")
	a.Describe(&d.AppPort, "Where the sidecar reaches the app. Optional; default: the ingress target port; "+
		"required without ingress.")
	a.Describe(&d.AppProtocol, "The app's protocol. Optional; default \"http\"; allowed: \"http\", \"grpc\".")
	a.SetDefault(&d.AppProtocol, "http")
	a.Describe(&d.APILogging, "Logs every call through the sidecar. Optional; default false.")
}

// Annotate documents revisions.
func (r *Revisions) Annotate(a infer.Annotator) {
	a.SetToken("index", "Revisions")
	a.Describe(&r, "Revision mode and traffic splitting.")
	a.Describe(&r.Mode, "The revision mode. Optional; default \"Single\"; allowed: \"Single\", \"Multiple\". In "+
		"Multiple mode each revision gets a suffix derived from its template, so the same template always has "+
		"the same name and a changed one never reuses it.")
	a.SetDefault(&r.Mode, RevisionModeSingle)
	a.Describe(&r.Traffic, "Splits ingress traffic between revisions; Multiple mode and ingress only. Weights are "+
		"whole percentages that add up to 100. Optional; default: all traffic to the latest revision.")
	a.Describe(&r.MaxInactive, "Inactive revisions kept for rollback. Optional; default 10; allowed: 1 to 100 "+
		"(0 means the default).")
	a.SetDefault(&r.MaxInactive, DefaultMaxInactive)
}

// Annotate documents a traffic target.
func (t *TrafficTarget) Annotate(a infer.Annotator) {
	a.SetToken("index", "TrafficTarget")
	a.Describe(&t, "A share of ingress traffic sent to one revision.")
	a.Describe(&t.Label, "Gives the revision a stable extra address \"<app>---<label>.<domain>\". Optional; "+
		"lowercase letters, digits and hyphens; unique.")
	a.Describe(&t.RevisionName, "A revision of this app, \"<appName>--<suffix>\". Exactly one of `revisionName` "+
		"and `latestRevision` is required.")
	a.Describe(&t.LatestRevision, "Targets the revision this deployment creates or keeps. Exactly one of "+
		"`revisionName` and `latestRevision` is required; at most one entry sets it.")
	a.Describe(&t.Weight, "The share of traffic in percent. Required; allowed: 0 to 100.")
}

// Annotate documents an init container.
func (i *InitContainer) Annotate(a infer.Annotator) {
	a.SetToken("index", "InitContainer")
	a.Describe(&i, "A container that runs to completion before the app container starts.")
	a.Describe(&i.Name, "The container's name. Required; lowercase letters, digits and hyphens; unique and not "+
		"`appName`.")
	a.Describe(&i.Image, "The image, pinned by digest; pulled the same way as the app's image. Required.")
	a.Describe(&i.Command, "Overrides the image's entrypoint. Optional.")
	a.Describe(&i.Args, "Arguments to the entrypoint. Optional.")
	a.Describe(&i.CPU, "CPU cores. Optional; default 0.25; a multiple of 0.25; counts towards the app's total.")
	a.SetDefault(&i.CPU, DefaultInitContainerCPU)
	a.Describe(&i.Memory, "Memory, e.g. \"0.5Gi\". Optional; default \"0.5Gi\"; counts towards the app's total.")
	a.SetDefault(&i.Memory, DefaultInitContainerMemory)
}

// Annotate documents a volume.
func (v *Volume) Annotate(a infer.Annotator) {
	a.SetToken("index", "Volume")
	a.Describe(&v, "A volume mounted into the app container.")
	a.Describe(&v.Name, "The volume's name. Required; lowercase letters, digits and hyphens; unique.")
	a.Describe(&v.Type, "The kind of volume. Required; allowed: \"EmptyDir\" (scratch space that lives as long as "+
		"the replica), \"Secret\" (app secrets as files).")
	a.Describe(&v.MountPath, "Where the volume is mounted in the container. Required; a unique absolute path other "+
		"than \"/\".")
	a.Describe(&v.SecretNames, "The app secrets written as files, for a Secret volume. Optional; default: all.")
}

// Annotate documents the component and its outputs.
func (c *SecureContainerApp) Annotate(a infer.Annotator) {
	a.SetToken("index", "SecureContainerApp")
	a.Describe(&c, "A container app that runs as its own user-assigned identity, created before the app and "+
		"granted pull on its registry and read on each of its Key Vault secrets, so the very first revision can "+
		"pull its image and read its secrets; with health probes, scale rules and metric alerts.")
	a.Describe(&c.ID, "The container app's ARM id.")
	a.Describe(&c.Name, "The container app's name.")
	a.Describe(&c.FQDN, "The app's ingress host name; empty without ingress.")
	a.Describe(&c.URL, "\"https://<fqdn>\"; empty without ingress.")
	a.Describe(&c.LatestRevisionName, "The newest revision's name, the name a traffic split refers to.")
	a.Describe(&c.IdentityID, "The ARM id of the app's user-assigned identity.")
	a.Describe(&c.IdentityClientID, "The identity's client id, which SDKs in the container use (AZURE_CLIENT_ID).")
	a.Describe(&c.IdentityPrincipalID, "The identity's object id, which role assignments name.")
}
