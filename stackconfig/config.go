// Package stackconfig is the typed stack configuration: it loads a stack's config (from the Pulumi engine or
// straight from a Pulumi.<stack>.yaml file), fills in defaults, and validates it, returning every problem at
// once with the config key, the bad value and what is allowed. Nothing is created from a config that fails.
package stackconfig

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/secure-aca/secure-aca/internal/validation"
)

// Config is one stack's validated configuration with defaults applied.
type Config struct {
	// Project is the Pulumi project name, which is also the config namespace.
	Project string
	// Stack is the Pulumi stack name.
	Stack string
	// Location is the Azure region, from `azure-native:location`.
	Location string

	Environment              string             `json:"environment"`
	Workload                 string             `json:"workload"`
	Owner                    string             `json:"owner"`
	Purpose                  string             `json:"purpose"`
	Tags                     map[string]string  `json:"tags"`
	LogRetentionDays         int                `json:"logRetentionDays"`
	ProtectStatefulResources bool               `json:"protectStatefulResources"`
	AlertEmails              []string           `json:"alertEmails"`
	Registry                 Registry           `json:"registry"`
	Vault                    Vault              `json:"vault"`
	ManagedEnvironment       ManagedEnvironment `json:"managedEnvironment"`
	Network                  *Network           `json:"network"`
	Gateway                  *Gateway           `json:"gateway"`
	DaprComponents           []DaprComponent    `json:"daprComponents"`
	Budget                   *Budget            `json:"budget"`
	Apps                     []App              `json:"apps"`
}

// Registry configures the container registry.
type Registry struct {
	Sku                  string      `json:"sku"`
	AdminUserEnabled     bool        `json:"adminUserEnabled"`
	AnonymousPullEnabled bool        `json:"anonymousPullEnabled"`
	ZoneRedundant        bool        `json:"zoneRedundant"`
	PublicNetworkAccess  *bool       `json:"publicNetworkAccess"`
	PushPrincipals       []Principal `json:"pushPrincipals"`
	Webhooks             []Webhook   `json:"webhooks"`
}

// Principal is an Entra principal given a role by the stack.
type Principal struct {
	Name          string `json:"name"`
	PrincipalID   string `json:"principalId"`
	PrincipalType string `json:"principalType"`
}

// Webhook sends registry events to a service.
type Webhook struct {
	Name          string            `json:"name"`
	ServiceURI    Secret            `json:"serviceUri"`
	Actions       []string          `json:"actions"`
	Scope         string            `json:"scope"`
	CustomHeaders map[string]Secret `json:"customHeaders"`
}

// Vault configures the key vault and the secrets it holds.
type Vault struct {
	Sku                     string        `json:"sku"`
	SoftDeleteRetentionDays int           `json:"softDeleteRetentionDays"`
	PurgeProtectionEnabled  *bool         `json:"purgeProtectionEnabled"`
	PublicNetworkAccess     *bool         `json:"publicNetworkAccess"`
	Secrets                 []VaultSecret `json:"secrets"`
}

// VaultSecret is one secret in the vault.
type VaultSecret struct {
	Name        string `json:"name"`
	Value       Secret `json:"value"`
	Generated   bool   `json:"generated"`
	Length      int    `json:"length"`
	ContentType string `json:"contentType"`
}

// ManagedEnvironment configures the Container Apps environment.
type ManagedEnvironment struct {
	ZoneRedundant          bool              `json:"zoneRedundant"`
	Internal               bool              `json:"internal"`
	InfrastructureSubnetID string            `json:"infrastructureSubnetId"`
	DaprTelemetryDisabled  bool              `json:"daprTelemetryDisabled"`
	WorkloadProfiles       []WorkloadProfile `json:"workloadProfiles"`
}

// WorkloadProfile is a dedicated compute pool.
type WorkloadProfile struct {
	Name         string `json:"name"`
	Type         string `json:"type"`
	MinimumCount int    `json:"minimumCount"`
	MaximumCount int    `json:"maximumCount"`
}

// App is one container app.
type App struct {
	Name                          string          `json:"name"`
	Image                         Image           `json:"image"`
	WorkloadProfile               string          `json:"workloadProfile"`
	CPU                           float64         `json:"cpu"`
	Memory                        string          `json:"memory"`
	Ingress                       *Ingress        `json:"ingress"`
	MinReplicas                   *int            `json:"minReplicas"`
	MaxReplicas                   int             `json:"maxReplicas"`
	Scale                         Scale           `json:"scale"`
	Probes                        Probes          `json:"probes"`
	TerminationGracePeriodSeconds int             `json:"terminationGracePeriodSeconds"`
	Secrets                       []AppSecret     `json:"secrets"`
	Env                           []EnvVar        `json:"env"`
	Calls                         []string        `json:"calls"`
	Dapr                          *Dapr           `json:"dapr"`
	Revisions                     Revisions       `json:"revisions"`
	InitContainers                []InitContainer `json:"initContainers"`
	Volumes                       []Volume        `json:"volumes"`
}

// Image says where an app's image comes from: built from source by the program, a digest already pushed to
// the stack's registry (how a pipeline deploys what it built and scanned), or a public image pinned by digest.
type Image struct {
	Build      *Build `json:"build"`
	Repository string `json:"repository"`
	Digest     string `json:"digest"`
	Public     string `json:"public"`
}

// Build builds an image with Docker from a folder of this repository.
type Build struct {
	Context    string            `json:"context"`
	Dockerfile string            `json:"dockerfile"`
	Args       map[string]string `json:"args"`
}

// Ingress exposes an app.
type Ingress struct {
	External              bool           `json:"external"`
	TargetPort            int            `json:"targetPort"`
	Transport             string         `json:"transport"`
	IPAllow               []IPRule       `json:"ipAllow"`
	CORS                  *CORS          `json:"cors"`
	StickySessions        bool           `json:"stickySessions"`
	AdditionalPorts       []PortMapping  `json:"additionalPorts"`
	ClientCertificateMode string         `json:"clientCertificateMode"`
	CustomDomains         []CustomDomain `json:"customDomains"`
}

// IPRule allows one IPv4 range.
type IPRule struct {
	Name string `json:"name"`
	CIDR string `json:"cidr"`
}

// CORS is a browser cross-origin policy.
type CORS struct {
	AllowedOrigins   []string `json:"allowedOrigins"`
	AllowedMethods   []string `json:"allowedMethods"`
	AllowedHeaders   []string `json:"allowedHeaders"`
	ExposeHeaders    []string `json:"exposeHeaders"`
	MaxAgeSeconds    int      `json:"maxAgeSeconds"`
	AllowCredentials bool     `json:"allowCredentials"`
}

// PortMapping exposes an extra TCP port.
type PortMapping struct {
	External    bool `json:"external"`
	TargetPort  int  `json:"targetPort"`
	ExposedPort int  `json:"exposedPort"`
}

// CustomDomain binds a host name with an environment certificate.
type CustomDomain struct {
	Name          string `json:"name"`
	CertificateID string `json:"certificateId"`
}

// Scale configures scale rules.
type Scale struct {
	ConcurrentRequests int              `json:"concurrentRequests"`
	Queues             []QueueScaleRule `json:"queues"`
}

// QueueScaleRule scales on a Storage queue.
type QueueScaleRule struct {
	Name             string `json:"name"`
	AccountName      string `json:"accountName"`
	QueueName        string `json:"queueName"`
	QueueLength      int    `json:"queueLength"`
	StorageAccountID string `json:"storageAccountId"`
}

// Probes configures health probes.
type Probes struct {
	Liveness  *Probe `json:"liveness"`
	Readiness *Probe `json:"readiness"`
	Startup   *Probe `json:"startup"`
}

// Probe is an HTTP health probe.
type Probe struct {
	Path                string `json:"path"`
	Port                int    `json:"port"`
	InitialDelaySeconds int    `json:"initialDelaySeconds"`
	PeriodSeconds       int    `json:"periodSeconds"`
	FailureThreshold    int    `json:"failureThreshold"`
	TimeoutSeconds      int    `json:"timeoutSeconds"`
}

// AppSecret makes a vault secret available to an app.
type AppSecret struct {
	Name           string `json:"name"`
	KeyVaultSecret string `json:"keyVaultSecret"`
}

// EnvVar is an environment variable: a plain value or a secret reference.
type EnvVar struct {
	Name      string  `json:"name"`
	Value     *string `json:"value"`
	SecretRef string  `json:"secretRef"`
}

// Dapr configures an app's Dapr sidecar.
type Dapr struct {
	AppID       string `json:"appId"`
	AppPort     int    `json:"appPort"`
	AppProtocol string `json:"appProtocol"`
	APILogging  bool   `json:"apiLogging"`
}

// Revisions configures revision mode and traffic.
type Revisions struct {
	Mode        string          `json:"mode"`
	Traffic     []TrafficTarget `json:"traffic"`
	MaxInactive int             `json:"maxInactive"`
}

// TrafficTarget sends a share of traffic to one revision.
type TrafficTarget struct {
	Label          string `json:"label"`
	RevisionName   string `json:"revisionName"`
	LatestRevision bool   `json:"latestRevision"`
	Weight         *int   `json:"weight"`
}

// InitContainer runs before an app's container.
type InitContainer struct {
	Name    string   `json:"name"`
	Image   string   `json:"image"`
	Command []string `json:"command"`
	Args    []string `json:"args"`
	CPU     float64  `json:"cpu"`
	Memory  string   `json:"memory"`
}

// Volume is mounted into an app's container.
type Volume struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	MountPath   string   `json:"mountPath"`
	SecretNames []string `json:"secretNames"`
}

// Secret is a config value that is a credential. It is always handed to resources as a Pulumi secret and never
// printed. Read offline from a stack file, an encrypted value cannot be decrypted and stays unknown.
type Secret struct {
	value string
	set   bool
	// encrypted is true when the value was stored encrypted, so it was never in plain text in the stack file.
	encrypted bool
	// unreadable is true offline, where an encrypted value stands in without its plain text.
	unreadable bool
}

// NewSecret returns a Secret holding value, as if set with `pulumi config set --secret`.
func NewSecret(value string) Secret { return Secret{value: value, set: true, encrypted: true} }

// Value returns the plain text. Offline, an encrypted value returns a placeholder.
func (s Secret) Value() string {
	if s.unreadable {
		return "encrypted-value-not-available-offline"
	}
	return s.value
}

// IsSet reports whether the key was present.
func (s Secret) IsSet() bool { return s.set }

// Encrypted reports whether the value was stored encrypted.
func (s Secret) Encrypted() bool { return s.encrypted }

// Unreadable reports whether the plain text is unavailable (an encrypted value read offline).
func (s Secret) Unreadable() bool { return s.unreadable }

// String never reveals the value.
func (s Secret) String() string { return "[secret]" }

// GoString never reveals the value.
func (s Secret) GoString() string { return "[secret]" }

// Format never reveals the value, whatever the verb: without it, verbs such as %d would print the fields.
func (s Secret) Format(state fmt.State, _ rune) { _, _ = io.WriteString(state, "[secret]") }

// Values are a stack's raw config values as the Pulumi engine passes them to a program: each fully qualified
// key ("namespace:name") maps to a string, which is JSON for structured values.
type Values struct {
	Config map[string]string
	// SecretKeys lists the keys whose values were stored encrypted.
	SecretKeys []string
	// EncryptedPaths are the leaves that were stored encrypted, e.g. "secure-aca:vault.secrets[2].value", when
	// known (read from the stack file); nil otherwise.
	EncryptedPaths map[string]bool
}

// allowedNamespaces are the config namespaces this program or its providers read.
var allowedNamespaces = []string{"azure-native", "pulumi", "docker", "random", "time"}

// Load decodes, defaults and validates values for a stack of project. On any problem it returns an error
// listing all of them and no Config.
func Load(project, stack string, values Values) (*Config, error) {
	var problems validation.List
	cfg := &Config{Project: project, Stack: stack}
	decoder := decoder{problems: &problems}

	fields := structFields(reflect.TypeFor[Config]())
	target := reflect.ValueOf(cfg).Elem()
	if len(values.Config) > MaxConfigKeys {
		problems.Add("config", "has %d keys; allowed: at most %d", len(values.Config), MaxConfigKeys)
		return nil, fmt.Errorf("invalid config for stack %q:\n%w", stack, problems.Err())
	}
	for _, key := range sortedKeys(values.Config) {
		namespace, name, hasNamespace := strings.Cut(key, ":")
		// Pulumi's older stack files write "<project>:config:<name>".
		name = strings.TrimPrefix(name, "config:")
		path := project + ":" + name
		switch {
		case !hasNamespace:
			problems.Add(key, "has no namespace; allowed: a key such as %q", project+":"+key)
		case namespace == "azure-native" && name == "location":
			if values.Config[key] == encryptedMarker || slices.Contains(values.SecretKeys, key) {
				problems.Add(key, "is stored encrypted, but it is not a credential and is used in plain text; set "+
					"it without --secret")
				continue
			}
			cfg.Location = values.Config[key]
		case namespace == project:
			index, known := fields[name]
			if !known {
				problems.Add(path, "is not a known setting; allowed: %s", strings.Join(sortedKeys(fields), ", "))
				continue
			}
			decoder.secretKey = slices.Contains(values.SecretKeys, key)
			decoder.encryptedLeaves = leavesUnder(values.EncryptedPaths, key)
			if decoder.secretKey && decoder.encryptedLeaves == nil &&
				!containsSecretField(target.Field(index).Type()) {
				problems.Add(path, "is stored as a secret, but it holds no credential and is used in plain text "+
					"(resource names, tags, settings); set it without --secret")
				continue
			}
			if values.Config[key] == encryptedMarker && !containsSecretField(target.Field(index).Type()) {
				problems.Add(path, "is stored as a secret, but it holds no credential and is used in plain text "+
					"(resource names, tags, settings); set it without --secret")
				continue
			}
			if values.Config[key] == encryptedMarker && target.Field(index).Type() != secretType {
				problems.Add(path, "is stored encrypted as a whole; only its credential fields may be encrypted: "+
					"set them one by one with `pulumi config set --secret --path`")
				continue
			}
			decoder.decodeRaw(path, values.Config[key], target.Field(index))
		case !slices.Contains(allowedNamespaces, namespace):
			problems.Add(key, "is in an unknown namespace %q; allowed: %s, %s", namespace, project,
				strings.Join(allowedNamespaces, ", "))
		}
	}
	rejectExplicitZeros(&problems, project, decoder.zeros)
	if problems.Len() > 0 {
		return nil, fmt.Errorf("invalid config for stack %q:\n%w", stack, problems.Err())
	}

	cfg.applyDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("invalid config for stack %q:\n%w", stack, err)
	}
	return cfg, nil
}

// leavesUnder returns the encrypted leaves at or below key, or nil when none are known for it.
func leavesUnder(paths map[string]bool, key string) map[string]bool {
	var out map[string]bool
	for path := range paths {
		if path == key || strings.HasPrefix(path, key+".") || strings.HasPrefix(path, key+"[") {
			if out == nil {
				out = map[string]bool{}
			}
			out[path] = true
		}
	}
	return out
}

// containsSecretField reports whether t holds a Secret anywhere, i.e. whether encrypting it makes sense.
func containsSecretField(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		return containsSecretField(t.Elem())
	case reflect.Struct:
		if t == secretType {
			return true
		}
		for i := range t.NumField() {
			if containsSecretField(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}
