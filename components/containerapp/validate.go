package containerapp

import (
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/secure-aca/secure-aca/internal/naming"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// Limits Azure enforces (https://learn.microsoft.com/azure/container-apps/containers,
// https://learn.microsoft.com/azure/container-apps/scale-app, https://learn.microsoft.com/azure/container-apps/health-probes).
const (
	MaxReplicasLimit           = 1000
	MaxConsumptionCPU          = 4.0
	CPUStep                    = 0.25
	MaxGracePeriodSeconds      = 600
	MaxProbeInitialDelay       = 60
	MaxProbePeriod             = 240
	MaxProbeFailureThreshold   = 10
	MaxProbeTimeout            = 240
	DefaultMaxInactive         = 10
	MaxInactiveLimit           = 100
	DefaultQueueLength         = 20
	MaxQueueLength             = 10000
	DefaultInitContainerCPU    = 0.25
	DefaultInitContainerMemory = "0.5Gi"
	defaultProbePeriod         = 10
	defaultProbeFailures       = 3
	defaultProbeTimeout        = 1
)

// Allowed values.
var (
	Transports             = []string{"auto", "http", "http2", "tcp"}
	ClientCertificateModes = []string{"ignore", "accept", "require"}
	RevisionModes          = []string{RevisionModeSingle, RevisionModeMultiple}
	DaprProtocols          = []string{"http", "grpc"}
	VolumeTypes            = []string{"EmptyDir", "Secret"}
	memoryPattern          = regexp.MustCompile(`^(\d+(\.\d+)?)Gi$`)
	hostNamePattern        = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	// Digest pinning: a registry path, then "@sha256:" and 64 hex digits.
	pinnedImagePattern = regexp.MustCompile(`^[a-z0-9.-]+(:\d+)?(/[a-z0-9._-]+)+@sha256:[a-f0-9]{64}$`)
)

// reservedEnv are set by the component and must not be set again through Env.
var reservedEnv = []string{EnvAzureClientID, EnvTelemetry, EnvGatewaySecret}

// WidestRestrictingPrefix is the widest IPv4 range (a /8) that still counts as restricting access: a rule such as
// 0.0.0.0/0 allows everyone.
const WidestRestrictingPrefix = 8

// RestrictsAddresses reports whether IP rules leave out most of the internet: there is at least one, and none
// is wider than a /8.
func RestrictsAddresses(rules []IPRule) bool {
	if len(rules) == 0 {
		return false
	}
	for _, rule := range rules {
		prefix, err := netip.ParsePrefix(rule.CIDR)
		if err != nil || prefix.Bits() < WidestRestrictingPrefix {
			return false
		}
	}
	return true
}

// PinnedImage reports whether ref names an image by digest.
func PinnedImage(ref string) bool { return pinnedImagePattern.MatchString(ref) }

// WithDefaults returns a copy of a with every optional field that is unset filled with its default. The copy
// shares no slice or pointer with a.
func (a Args) WithDefaults() Args {
	if a.IdentityName == "" {
		a.IdentityName = "id-" + a.AppName
	}
	if a.CPU == 0 {
		a.CPU = DefaultCPU
	}
	if a.Memory == "" {
		a.Memory = DefaultMemory
	}
	if a.MinReplicas == nil {
		a.MinReplicas = intPointer(DefaultMinReplicas)
	} else {
		a.MinReplicas = intPointer(*a.MinReplicas)
	}
	if a.MaxReplicas == 0 {
		a.MaxReplicas = DefaultMaxReplicas
	}
	if a.TerminationGracePeriodSeconds == 0 {
		a.TerminationGracePeriodSeconds = DefaultTerminationGracePeriodSeconds
	}
	if a.PropagationWait == "" {
		a.PropagationWait = DefaultPropagationWait
	}
	a.KeyVaultSecrets = slices.Clone(a.KeyVaultSecrets)
	a.Env = slices.Clone(a.Env)
	a.Tags = cloneMap(a.Tags)

	targetPort := 0
	if a.Ingress != nil {
		ingress := *a.Ingress
		if ingress.TargetPort == 0 {
			ingress.TargetPort = DefaultTargetPort
		}
		if ingress.Transport == "" {
			ingress.Transport = "auto"
		}
		if ingress.ClientCertificateMode == "" {
			ingress.ClientCertificateMode = "ignore"
		}
		ingress.IPAllow = slices.Clone(ingress.IPAllow)
		ingress.AdditionalPorts = slices.Clone(ingress.AdditionalPorts)
		for i, port := range ingress.AdditionalPorts {
			if port.ExposedPort == 0 {
				ingress.AdditionalPorts[i].ExposedPort = port.TargetPort
			}
		}
		ingress.CustomDomains = slices.Clone(ingress.CustomDomains)
		if ingress.CORS != nil {
			cors := *ingress.CORS
			cors.AllowedOrigins = slices.Clone(cors.AllowedOrigins)
			if len(cors.AllowedMethods) == 0 {
				cors.AllowedMethods = []string{"GET", "POST"}
			} else {
				cors.AllowedMethods = slices.Clone(cors.AllowedMethods)
			}
			cors.AllowedHeaders = slices.Clone(cors.AllowedHeaders)
			cors.ExposeHeaders = slices.Clone(cors.ExposeHeaders)
			ingress.CORS = &cors
		}
		a.Ingress = &ingress
		targetPort = ingress.TargetPort
		if a.Scale.ConcurrentRequests == 0 {
			a.Scale.ConcurrentRequests = DefaultConcurrentRequests
		}
	}
	a.Scale.Queues = slices.Clone(a.Scale.Queues)
	for i, queue := range a.Scale.Queues {
		if queue.QueueLength == 0 {
			a.Scale.Queues[i].QueueLength = DefaultQueueLength
		}
	}

	a.Probes.Liveness = probeWithDefaults(a.Probes.Liveness, DefaultLivenessPath, targetPort)
	a.Probes.Readiness = probeWithDefaults(a.Probes.Readiness, DefaultReadinessPath, targetPort)
	if a.Probes.Startup != nil {
		a.Probes.Startup = probeWithDefaults(a.Probes.Startup, "", targetPort)
	}

	if a.Dapr != nil {
		dapr := *a.Dapr
		if dapr.AppID == "" {
			dapr.AppID = a.AppName
		}
		if dapr.AppPort == 0 {
			dapr.AppPort = targetPort
		}
		if dapr.AppProtocol == "" {
			dapr.AppProtocol = "http"
		}
		a.Dapr = &dapr
	}

	if a.Revisions.Mode == "" {
		a.Revisions.Mode = RevisionModeSingle
	}
	if a.Revisions.MaxInactive == 0 {
		a.Revisions.MaxInactive = DefaultMaxInactive
	}
	a.Revisions.Traffic = slices.Clone(a.Revisions.Traffic)

	a.InitContainers = slices.Clone(a.InitContainers)
	for i, init := range a.InitContainers {
		if init.CPU == 0 {
			a.InitContainers[i].CPU = DefaultInitContainerCPU
		}
		if init.Memory == "" {
			a.InitContainers[i].Memory = DefaultInitContainerMemory
		}
	}
	a.Volumes = slices.Clone(a.Volumes)
	return a
}

func probeWithDefaults(probe *Probe, path string, port int) *Probe {
	out := Probe{Path: path}
	if probe != nil {
		out = *probe
	}
	if out.Port == 0 {
		out.Port = port
	}
	if out.PeriodSeconds == 0 {
		out.PeriodSeconds = defaultProbePeriod
	}
	if out.FailureThreshold == 0 {
		out.FailureThreshold = defaultProbeFailures
	}
	if out.TimeoutSeconds == 0 {
		out.TimeoutSeconds = defaultProbeTimeout
	}
	return &out
}

// Validate returns every problem with a, which must already have its defaults (see WithDefaults). Paths use
// the schema names, e.g. "ingress.targetPort".
func (a Args) Validate() error {
	var problems validation.List
	required := map[string]bool{
		"resourceGroupName": a.ResourceGroupName != nil,
		"environmentId":     a.EnvironmentID != nil,
		"image":             a.Image != nil,
	}
	for _, field := range []string{"resourceGroupName", "environmentId", "image"} {
		if !required[field] {
			problems.Add(field, "is required")
		}
	}
	problems.AddError("appName", naming.ContainerApp.Check(a.AppName))
	problems.AddError("identityName", naming.UserAssignedIdentity.Check(a.IdentityName))
	if (a.RegistryServer == nil) != (a.RegistryID == nil) {
		problems.Add("registryId", "`registryServer` and `registryId` go together: the identity pulls from the "+
			"server and is granted AcrPull on the registry")
	}

	validateResources(&problems, a)
	secretNames := validateSecrets(&problems, a)
	validateEnv(&problems, a.Env, secretNames)
	if a.GatewaySecret != "" {
		if !secretNames[a.GatewaySecret] {
			problems.Add("gatewaySecret", "%q is not a secret of this app; allowed: %s", a.GatewaySecret,
				listOrNone(sortedKeys(secretNames)))
		}
		if a.Ingress == nil || !a.Ingress.External {
			problems.Add("gatewaySecret", "needs external ingress: a gateway outside the environment reaches the "+
				"app through it")
		}
	}
	if a.Ingress != nil {
		validateIngress(&problems, *a.Ingress, a.Revisions.Mode, a.WorkloadProfileName != "")
	}
	validateScale(&problems, a)
	validateProbes(&problems, a)
	if a.TerminationGracePeriodSeconds < 0 || a.TerminationGracePeriodSeconds > MaxGracePeriodSeconds {
		problems.Add("terminationGracePeriodSeconds", "%d is not allowed; allowed: 0 to %d",
			a.TerminationGracePeriodSeconds, MaxGracePeriodSeconds)
	}
	if a.Dapr != nil {
		validateDapr(&problems, *a.Dapr)
	}
	validateRevisions(&problems, a.AppName, a.Revisions, a.Ingress != nil)
	validateInitContainers(&problems, a)
	validateVolumes(&problems, a.Volumes, secretNames)
	if wait, err := time.ParseDuration(a.PropagationWait); err != nil || wait < 0 || wait > 30*time.Minute {
		problems.Add("propagationWait", "%q is not allowed; allowed: a Go duration from 0s to 30m, e.g. \"90s\"",
			a.PropagationWait)
	}
	return problems.Err()
}

func validateResources(problems *validation.List, a Args) {
	memory, err := parseMemory(a.Memory)
	if err != nil {
		problems.Add("memory", "%q is not allowed; allowed: a size in Gi such as \"0.5Gi\" or \"1Gi\"", a.Memory)
	}
	if a.CPU <= 0 || !isMultiple(a.CPU, CPUStep) {
		problems.Add("cpu", "%v is not allowed; allowed: a multiple of %v cores", a.CPU, CPUStep)
		return
	}
	if a.WorkloadProfileName != "" {
		return
	}
	totalCPU, totalMemory := a.CPU, memory
	for _, init := range a.InitContainers {
		initMemory, err := parseMemory(init.Memory)
		if err != nil {
			return
		}
		totalCPU += init.CPU
		totalMemory += initMemory
	}
	if totalCPU > MaxConsumptionCPU+1e-9 {
		problems.Add("cpu", "%v is not allowed on the consumption plan; allowed: %v to %v cores, init containers "+
			"included", totalCPU, CPUStep, MaxConsumptionCPU)
		return
	}
	if err == nil && math.Abs(totalMemory-2*totalCPU) > 1e-9 {
		problems.Add("memory", "%q with %v cores is not a combination the consumption plan offers; allowed: "+
			"memory twice the CPU, e.g. 0.25 cores with \"0.5Gi\", 0.5 with \"1Gi\", 1 with \"2Gi\" (init containers "+
			"count towards the total)", a.Memory, a.CPU)
	}
}

func validateSecrets(problems *validation.List, a Args) map[string]bool {
	names := map[string]bool{}
	switch {
	case a.TelemetryConnectionString != nil && a.TelemetryKeyVaultSecret != nil:
		problems.Add("telemetryKeyVaultSecret", "excludes `telemetryConnectionString`; allowed: one of them")
	case a.TelemetryKeyVaultSecret != nil:
		names[TelemetrySecretName] = true
		if a.TelemetryKeyVaultSecret.SecretURI == nil || a.TelemetryKeyVaultSecret.SecretID == nil {
			problems.Add("telemetryKeyVaultSecret", "needs `secretUri` and `secretId`")
		}
	case a.TelemetryConnectionString != nil:
		names[TelemetrySecretName] = true
	}
	for i, secret := range a.KeyVaultSecrets {
		path := validation.Index("keyVaultSecrets", i)
		problems.AddError(path+".name", naming.AppSecret.Check(secret.Name))
		if names[secret.Name] {
			problems.Add(path+".name", "secret name %q is used twice or is reserved; names must be unique",
				secret.Name)
		}
		names[secret.Name] = true
		if secret.SecretURI == nil {
			problems.Add(path+".secretUri", "is required")
		}
		if secret.SecretID == nil {
			problems.Add(path+".secretId", "is required")
		}
	}
	return names
}

func validateEnv(problems *validation.List, env []EnvVar, secretNames map[string]bool) {
	seen := map[string]bool{}
	for i, variable := range env {
		path := validation.Index("env", i)
		problems.AddError(path+".name", naming.EnvironmentVariable.Check(variable.Name))
		if slices.Contains(reservedEnv, variable.Name) {
			problems.Add(path+".name", "%q is set by the component itself; allowed: any other name", variable.Name)
		}
		if seen[variable.Name] {
			problems.Add(path+".name", "%q is set twice; names must be unique", variable.Name)
		}
		seen[variable.Name] = true
		switch {
		case variable.Value != nil && variable.SecretRef != "":
			problems.Add(path, "%q sets both `value` and `secretRef`; allowed: one of them", variable.Name)
		case variable.Value == nil && variable.SecretRef == "":
			problems.Add(path, "%q needs `value` or `secretRef`", variable.Name)
		case variable.SecretRef != "" && !secretNames[variable.SecretRef]:
			problems.Add(path+".secretRef", "%q is not a secret of this app; allowed: %s", variable.SecretRef,
				listOrNone(sortedKeys(secretNames)))
		}
	}
}

func validateIngress(problems *validation.List, ingress Ingress, revisionMode string, onWorkloadProfile bool) {
	checkPort(problems, "ingress.targetPort", ingress.TargetPort)
	if !slices.Contains(Transports, ingress.Transport) {
		problems.Add("ingress.transport", "%q is not allowed; allowed: %s", ingress.Transport,
			strings.Join(Transports, ", "))
	}
	if !slices.Contains(ClientCertificateModes, ingress.ClientCertificateMode) {
		problems.Add("ingress.clientCertificateMode", "%q is not allowed; allowed: %s",
			ingress.ClientCertificateMode, strings.Join(ClientCertificateModes, ", "))
	}
	ruleNames := map[string]bool{}
	for i, rule := range ingress.IPAllow {
		path := validation.Index("ingress.ipAllow", i)
		if rule.Name == "" || len(rule.Name) > 64 || ruleNames[rule.Name] {
			problems.Add(path+".name", "%q is not allowed; allowed: a unique name of 1 to 64 characters", rule.Name)
		}
		ruleNames[rule.Name] = true
		prefix, err := netip.ParsePrefix(rule.CIDR)
		if err != nil || !prefix.Addr().Is4() || prefix.Masked() != prefix {
			problems.Add(path+".cidr", "%q is not allowed; allowed: an IPv4 range in CIDR form such as "+
				"\"203.0.113.0/24\", with no host bits set", rule.CIDR)
		}
	}
	if ingress.CORS != nil {
		cors := ingress.CORS
		if len(cors.AllowedOrigins) == 0 {
			problems.Add("ingress.cors.allowedOrigins", "is required when `cors` is set")
		}
		if cors.AllowCredentials && slices.Contains(cors.AllowedOrigins, "*") {
			problems.Add("ingress.cors.allowedOrigins", "\"*\" is not allowed with `allowCredentials`: browsers "+
				"refuse credentials for any origin; list the origins")
		}
		if cors.MaxAgeSeconds < 0 {
			problems.Add("ingress.cors.maxAgeSeconds", "%d is not allowed; allowed: 0 or more", cors.MaxAgeSeconds)
		}
	}
	if ingress.StickySessions && revisionMode == RevisionModeMultiple {
		problems.Add("ingress.stickySessions", "is not allowed with multiple revisions: Azure pins a client to a "+
			"replica of one revision, which defeats the traffic split")
	}
	if len(ingress.AdditionalPorts) > 0 && !onWorkloadProfile {
		problems.Add("ingress.additionalPorts", "needs a workload profile (`workloadProfileName`)")
	}
	ports := map[int]bool{ingress.TargetPort: true}
	for i, port := range ingress.AdditionalPorts {
		path := validation.Index("ingress.additionalPorts", i)
		checkPort(problems, path+".targetPort", port.TargetPort)
		checkPort(problems, path+".exposedPort", port.ExposedPort)
		if ports[port.TargetPort] {
			problems.Add(path+".targetPort", "%d is already exposed", port.TargetPort)
		}
		ports[port.TargetPort] = true
	}
	hosts := map[string]bool{}
	for i, domain := range ingress.CustomDomains {
		path := validation.Index("ingress.customDomains", i)
		if !hostNamePattern.MatchString(domain.Name) || len(domain.Name) > 253 || hosts[domain.Name] {
			problems.Add(path+".name", "%q is not allowed; allowed: a unique lowercase DNS host name such as "+
				"\"api.example.com\"", domain.Name)
		}
		hosts[domain.Name] = true
		if domain.CertificateID == nil {
			problems.Add(path+".certificateId", "is required")
		}
	}
}

func validateScale(problems *validation.List, a Args) {
	if *a.MinReplicas < 0 || *a.MinReplicas > MaxReplicasLimit {
		problems.Add("minReplicas", "%d is not allowed; allowed: 0 to %d", *a.MinReplicas, MaxReplicasLimit)
	}
	if a.MaxReplicas < 1 || a.MaxReplicas > MaxReplicasLimit {
		problems.Add("maxReplicas", "%d is not allowed; allowed: 1 to %d", a.MaxReplicas, MaxReplicasLimit)
	}
	if *a.MinReplicas > a.MaxReplicas {
		problems.Add("minReplicas", "%d is above `maxReplicas` %d; allowed: at most `maxReplicas`", *a.MinReplicas,
			a.MaxReplicas)
	}
	if a.Ingress == nil && a.Scale.ConcurrentRequests != 0 {
		problems.Add("scale.concurrentRequests", "needs `ingress`: HTTP scaling counts requests that arrive "+
			"through ingress")
	}
	if a.Scale.ConcurrentRequests < 0 || a.Scale.ConcurrentRequests > 10000 {
		problems.Add("scale.concurrentRequests", "%d is not allowed; allowed: 1 to 10000",
			a.Scale.ConcurrentRequests)
	}
	names := map[string]bool{"http-requests": true}
	for i, queue := range a.Scale.Queues {
		path := validation.Index("scale.queues", i)
		if err := naming.Label.Check(queue.Name); err != nil {
			problems.AddError(path+".name", err)
		} else if names[queue.Name] {
			problems.Add(path+".name", "%q is used twice or is reserved; names must be unique", queue.Name)
		}
		names[queue.Name] = true
		if queue.AccountName == "" {
			problems.Add(path+".accountName", "is required")
		}
		if queue.QueueName == "" {
			problems.Add(path+".queueName", "is required")
		}
		if queue.QueueLength < 1 || queue.QueueLength > MaxQueueLength {
			problems.Add(path+".queueLength", "%d is not allowed; allowed: 1 to %d", queue.QueueLength,
				MaxQueueLength)
		}
	}
}

func validateProbes(problems *validation.List, a Args) {
	probes := []struct {
		path  string
		probe *Probe
	}{
		{"probes.liveness", a.Probes.Liveness},
		{"probes.readiness", a.Probes.Readiness},
		{"probes.startup", a.Probes.Startup},
	}
	for _, entry := range probes {
		probe := entry.probe
		if probe == nil {
			continue
		}
		if !strings.HasPrefix(probe.Path, "/") || strings.ContainsAny(probe.Path, " \t\r\n") {
			problems.Add(entry.path+".path", "%q is not allowed; allowed: an absolute URL path such as \"/healthz\"",
				probe.Path)
		}
		if probe.Port == 0 {
			problems.Add(entry.path+".port", "is required when the app has no ingress")
		} else {
			checkPort(problems, entry.path+".port", probe.Port)
		}
		checkRange(problems, entry.path+".initialDelaySeconds", probe.InitialDelaySeconds, 0, MaxProbeInitialDelay)
		checkRange(problems, entry.path+".periodSeconds", probe.PeriodSeconds, 1, MaxProbePeriod)
		checkRange(problems, entry.path+".failureThreshold", probe.FailureThreshold, 1, MaxProbeFailureThreshold)
		checkRange(problems, entry.path+".timeoutSeconds", probe.TimeoutSeconds, 1, MaxProbeTimeout)
	}
}

func validateDapr(problems *validation.List, dapr Dapr) {
	problems.AddError("dapr.appId", naming.DaprAppID.Check(dapr.AppID))
	if !slices.Contains(DaprProtocols, dapr.AppProtocol) {
		problems.Add("dapr.appProtocol", "%q is not allowed; allowed: %s", dapr.AppProtocol,
			strings.Join(DaprProtocols, ", "))
	}
	if dapr.AppPort == 0 {
		problems.Add("dapr.appPort", "is required when the app has no ingress")
	} else {
		checkPort(problems, "dapr.appPort", dapr.AppPort)
	}
}

// validateRevisions checks every traffic rule Azure enforces, plus the mistakes it would accept silently.
func validateRevisions(problems *validation.List, appName string, revisions Revisions, hasIngress bool) {
	if !slices.Contains(RevisionModes, revisions.Mode) {
		problems.Add("revisions.mode", "%q is not allowed; allowed: %s", revisions.Mode,
			strings.Join(RevisionModes, ", "))
		return
	}
	checkRange(problems, "revisions.maxInactive", revisions.MaxInactive, 0, MaxInactiveLimit)
	if len(revisions.Traffic) == 0 {
		return
	}
	if revisions.Mode == RevisionModeSingle {
		problems.Add("revisions.traffic", "splits traffic, which needs `mode: %s`; in single mode the latest "+
			"revision always takes all traffic", RevisionModeMultiple)
		return
	}
	if !hasIngress {
		problems.Add("revisions.traffic", "needs `ingress`: traffic weights apply to ingress traffic")
	}

	total := 0
	labels := map[string]int{}
	revisionNames := map[string]int{}
	latest := -1
	for i, target := range revisions.Traffic {
		path := validation.Index("revisions.traffic", i)
		if target.Weight < 0 || target.Weight > 100 {
			problems.Add(path+".weight", "%d is not allowed; allowed: 0 to 100", target.Weight)
		}
		total += target.Weight
		switch {
		case target.LatestRevision && target.RevisionName != "":
			problems.Add(path, "names both `revisionName` and `latestRevision`; allowed: one target per entry")
		case !target.LatestRevision && target.RevisionName == "":
			problems.Add(path, "puts a weight on no revision; allowed: `revisionName` or `latestRevision: true`")
		case target.LatestRevision:
			if latest >= 0 {
				problems.Add(path+".latestRevision", "is already targeted by traffic[%d]; allowed: once", latest)
			}
			latest = i
		default:
			validateRevisionName(problems, path+".revisionName", appName, target.RevisionName)
			if previous, ok := revisionNames[target.RevisionName]; ok {
				problems.Add(path+".revisionName", "%q is already targeted by traffic[%d]; allowed: once",
					target.RevisionName, previous)
			}
			revisionNames[target.RevisionName] = i
		}
		if target.Label != "" {
			if err := naming.Label.Check(target.Label); err != nil {
				problems.AddError(path+".label", err)
			}
			if previous, ok := labels[target.Label]; ok {
				problems.Add(path+".label", "%q is already used by traffic[%d]; allowed: each label once",
					target.Label, previous)
			}
			labels[target.Label] = i
		}
	}
	if total != 100 {
		problems.Add("revisions.traffic", "weights add up to %d; allowed: exactly 100", total)
	}
}

func validateRevisionName(problems *validation.List, path, appName, revisionName string) {
	suffix, ok := strings.CutPrefix(revisionName, appName+"--")
	if !ok {
		problems.Add(path, "%q is not a revision of %q; allowed: \"%s--<suffix>\"", revisionName, appName, appName)
		return
	}
	if err := naming.RevisionSuffix.Check(suffix); err != nil {
		problems.AddError(path, err)
	}
	if len(revisionName) > naming.MaxRevisionNameLength {
		problems.Add(path, "%q has %d characters; allowed: at most %d", revisionName, len(revisionName),
			naming.MaxRevisionNameLength)
	}
}

func validateInitContainers(problems *validation.List, a Args) {
	names := map[string]bool{a.AppName: true}
	for i, init := range a.InitContainers {
		path := validation.Index("initContainers", i)
		if err := naming.Label.Check(init.Name); err != nil {
			problems.AddError(path+".name", err)
		} else if names[init.Name] {
			problems.Add(path+".name", "%q is used twice or is the app's own container name", init.Name)
		}
		names[init.Name] = true
		if init.Image == nil {
			problems.Add(path+".image", "is required")
		}
		if init.CPU <= 0 || !isMultiple(init.CPU, CPUStep) {
			problems.Add(path+".cpu", "%v is not allowed; allowed: a multiple of %v cores", init.CPU, CPUStep)
		}
		if _, err := parseMemory(init.Memory); err != nil {
			problems.Add(path+".memory", "%q is not allowed; allowed: a size in Gi such as \"0.5Gi\"", init.Memory)
		}
	}
}

func validateVolumes(problems *validation.List, volumes []Volume, secretNames map[string]bool) {
	names := map[string]bool{}
	paths := map[string]bool{}
	for i, volume := range volumes {
		path := validation.Index("volumes", i)
		if err := naming.Label.Check(volume.Name); err != nil {
			problems.AddError(path+".name", err)
		} else if names[volume.Name] {
			problems.Add(path+".name", "%q is used twice; names must be unique", volume.Name)
		}
		names[volume.Name] = true
		if !slices.Contains(VolumeTypes, volume.Type) {
			problems.Add(path+".type", "%q is not allowed; allowed: %s", volume.Type, strings.Join(VolumeTypes, ", "))
		}
		if !strings.HasPrefix(volume.MountPath, "/") || volume.MountPath == "/" || paths[volume.MountPath] {
			problems.Add(path+".mountPath", "%q is not allowed; allowed: a unique absolute path other than \"/\"",
				volume.MountPath)
		}
		paths[volume.MountPath] = true
		if volume.Type != "Secret" && len(volume.SecretNames) > 0 {
			problems.Add(path+".secretNames", "applies only to a Secret volume")
		}
		for _, name := range volume.SecretNames {
			if !secretNames[name] {
				problems.Add(path+".secretNames", "%q is not a secret of this app; allowed: %s", name,
					listOrNone(sortedKeys(secretNames)))
			}
		}
	}
}

func checkPort(problems *validation.List, path string, port int) {
	checkRange(problems, path, port, 1, 65535)
}

func checkRange(problems *validation.List, path string, value, lowest, highest int) {
	if value < lowest || value > highest {
		problems.Add(path, "%d is not allowed; allowed: %d to %d", value, lowest, highest)
	}
}

func parseMemory(memory string) (float64, error) {
	match := memoryPattern.FindStringSubmatch(memory)
	if match == nil {
		return 0, fmt.Errorf("memory %q is not a size in Gi", memory)
	}
	value, err := strconv.ParseFloat(match[1], 64)
	if err != nil || value <= 0 {
		return 0, fmt.Errorf("memory %q is not a positive size", memory)
	}
	return value, nil
}

func isMultiple(value, step float64) bool {
	ratio := value / step
	return math.Abs(ratio-math.Round(ratio)) < 1e-9
}

func intPointer(value int) *int { return &value }

func cloneMap(in map[string]string) map[string]string {
	if in == nil {
		return nil
	}
	out := make(map[string]string, len(in))
	for key, value := range in {
		out[key] = value
	}
	return out
}

func sortedKeys(set map[string]bool) []string {
	keys := make([]string, 0, len(set))
	for key := range set {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	return keys
}

func listOrNone(values []string) string {
	if len(values) == 0 {
		return "none are declared"
	}
	return strings.Join(values, ", ")
}
