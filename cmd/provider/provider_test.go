package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secure-aca/secure-aca/components/containerapp"
	"github.com/secure-aca/secure-aca/components/environment"
	"github.com/secure-aca/secure-aca/components/registry"
	"github.com/secure-aca/secure-aca/components/vault"
	"github.com/secure-aca/secure-aca/internal/governance"
	"github.com/secure-aca/secure-aca/offline"
)

// The in-process server's fake engine names every stack "stack" of project "project"; the Go side runs under the
// same names so that both sides compute the same URNs.
const (
	testProject = "project"
	testStack   = "stack"
)

// committedSchema is where the generated schema is committed, relative to this package.
var committedSchema = filepath.Join("..", "..", "docs", "schema.json")

func TestSchemaDocumentsEveryComponent(t *testing.T) {
	t.Parallel()
	spec := generatedSchema(t)

	components := map[string]struct {
		requiredInputs []string
		outputs        []string
	}{
		registry.Token: {
			requiredInputs: []string{"resourceGroupName", "namePrefix"},
			outputs:        []string{"id", "name", "loginServer"},
		},
		vault.Token: {
			requiredInputs: []string{"resourceGroupName", "tenantId", "namePrefix"},
			outputs:        []string{"id", "name", "vaultUri", "secretUris", "secretIds"},
		},
		environment.Token: {
			requiredInputs: []string{"resourceGroupName", "baseName"},
			outputs: []string{
				"environmentId", "environmentName", "defaultDomain", "staticIp", "workspaceId",
				"workspaceCustomerId", "appInsightsId", "connectionString", "actionGroupId",
			},
		},
		containerapp.Token: {
			requiredInputs: []string{"resourceGroupName", "appName", "environmentId", "image"},
			outputs: []string{
				"id", "name", "fqdn", "url", "latestRevisionName", "identityId", "identityClientId",
				"identityPrincipalId",
			},
		},
	}
	require.Len(t, spec.Resources, len(components), "the package serves exactly the four components")

	for token, want := range components {
		t.Run(token, func(t *testing.T) {
			t.Parallel()
			component, ok := spec.Resources[token]
			require.True(t, ok, "the schema has no resource %s", token)

			assert.True(t, component.IsComponent)
			assert.NotEmpty(t, component.Description)
			assert.ElementsMatch(t, want.requiredInputs, component.RequiredInputs)
			assert.ElementsMatch(t, want.outputs, sortedKeys(component.Properties))
			assert.ElementsMatch(t, want.outputs, component.Required, "every output is always set")
			for name, property := range component.InputProperties {
				assert.NotEmpty(t, property.Description, "input %s has no description", name)
			}
			for name, property := range component.Properties {
				assert.NotEmpty(t, property.Description, "output %s has no description", name)
			}
		})
	}

	t.Run("object types", func(t *testing.T) {
		t.Parallel()
		require.NotEmpty(t, spec.Types)
		for token, typ := range spec.Types {
			assert.True(t, strings.HasPrefix(token, Name+":index:"), "type %s is outside the index module", token)
			assert.NotEmpty(t, typ.Description, "type %s has no description", token)
			for name, property := range typ.Properties {
				assert.NotEmpty(t, property.Description, "property %s of %s has no description", name, token)
			}
		}
	})
}

func TestSchemaStatesDefaultsAllowedValuesAndSecrets(t *testing.T) {
	t.Parallel()
	spec := generatedSchema(t)

	property := func(t *testing.T, owner, name string) schema.PropertySpec {
		t.Helper()
		if component, ok := spec.Resources[owner]; ok {
			if property, ok := component.InputProperties[name]; ok {
				return property
			}
			property, ok := component.Properties[name]
			require.True(t, ok, "%s has no property %s", owner, name)
			return property
		}
		typ, ok := spec.Types[Name+":index:"+owner]
		require.True(t, ok, "the schema has no type %s", owner)
		property, ok := typ.Properties[name]
		require.True(t, ok, "%s has no property %s", owner, name)
		return property
	}

	t.Run("defaults", func(t *testing.T) {
		t.Parallel()
		defaults := []struct {
			owner, property string
			value           any
		}{
			{registry.Token, "sku", registry.DefaultSku},
			{"Principal", "principalType", governance.PrincipalTypeServicePrincipal},
			{vault.Token, "sku", vault.DefaultSku},
			{vault.Token, "softDeleteRetentionDays", vault.DefaultSoftDeleteRetentionDays},
			{vault.Token, "purgeProtectionEnabled", true},
			{"VaultReader", "principalType", governance.PrincipalTypeServicePrincipal},
			{environment.Token, "logRetentionDays", environment.DefaultLogRetentionDays},
			{containerapp.Token, "cpu", containerapp.DefaultCPU},
			{containerapp.Token, "memory", containerapp.DefaultMemory},
			{containerapp.Token, "minReplicas", containerapp.DefaultMinReplicas},
			{containerapp.Token, "maxReplicas", containerapp.DefaultMaxReplicas},
			{containerapp.Token, "terminationGracePeriodSeconds", containerapp.DefaultTerminationGracePeriodSeconds},
			{containerapp.Token, "propagationWait", containerapp.DefaultPropagationWait},
			{"Ingress", "targetPort", containerapp.DefaultTargetPort},
			{"Ingress", "transport", "auto"},
			{"Ingress", "clientCertificateMode", "ignore"},
			{"QueueScaleRule", "queueLength", containerapp.DefaultQueueLength},
			{"Revisions", "mode", containerapp.RevisionModeSingle},
			{"Revisions", "maxInactive", containerapp.DefaultMaxInactive},
			{"InitContainer", "cpu", containerapp.DefaultInitContainerCPU},
			{"InitContainer", "memory", containerapp.DefaultInitContainerMemory},
			{"Dapr", "appProtocol", "http"},
		}
		for _, want := range defaults {
			got := property(t, want.owner, want.property)
			assert.EqualValues(t, want.value, got.Default, "default of %s.%s", want.owner, want.property)
			assert.Contains(t, got.Description, "default", "%s.%s does not describe its default", want.owner,
				want.property)
		}
	})

	t.Run("allowed values", func(t *testing.T) {
		t.Parallel()
		allowed := []struct {
			owner, property string
			values          []string
		}{
			{registry.Token, "sku", registry.Skus},
			{"RegistryWebhook", "actions", registry.WebhookActions},
			{"Principal", "principalType", governance.PrincipalTypes},
			{"VaultReader", "principalType", governance.PrincipalTypes},
			{vault.Token, "sku", vault.Skus},
			{"WorkloadProfile", "type", environment.WorkloadProfileTypes[1:]},
			{"Ingress", "transport", containerapp.Transports},
			{"Ingress", "clientCertificateMode", containerapp.ClientCertificateModes},
			{"Revisions", "mode", containerapp.RevisionModes},
			{"Dapr", "appProtocol", containerapp.DaprProtocols},
			{"Volume", "type", containerapp.VolumeTypes},
		}
		for _, want := range allowed {
			description := property(t, want.owner, want.property).Description
			for _, value := range want.values {
				assert.Contains(t, description, `"`+value+`"`, "%s.%s does not list %q", want.owner, want.property,
					value)
			}
		}
	})

	t.Run("secrets", func(t *testing.T) {
		t.Parallel()
		secrets := []struct{ owner, property string }{
			{"RegistryWebhook", "serviceUri"},
			{"RegistryWebhook", "customHeaders"},
			{"VaultSecret", "value"},
			{containerapp.Token, "telemetryConnectionString"},
			{environment.Token, "connectionString"},
		}
		for _, want := range secrets {
			assert.True(t, property(t, want.owner, want.property).Secret, "%s.%s is not marked secret", want.owner,
				want.property)
		}
	})
}

func TestSchemaBindsWithoutDiagnostics(t *testing.T) {
	t.Parallel()

	// Binding is the check SDK generation runs first; a diagnostic here would surface in `pulumi package add`.
	_, diagnostics, err := schema.BindSpec(generatedSchema(t), noPackages{}, schema.ValidationOptions{})
	require.NoError(t, err)
	assert.Empty(t, diagnostics)
}

// noPackages is a schema loader for a package that refers to no other package; it never starts a plugin.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q, which it should not need", name)
}

func (noPackages) LoadPackageV2(_ context.Context, descriptor *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q, which it should not need", descriptor.Name)
}

func TestCommittedSchemaIsCurrent(t *testing.T) {
	t.Parallel()
	generated, err := packageSchema(t.Context())
	require.NoError(t, err)

	committed, err := os.ReadFile(committedSchema)
	require.NoError(t, err, "docs/schema.json is missing; generate it with `go run ./cmd/provider -schema > "+
		"docs/schema.json`")
	if !bytes.Equal(generated, committed) {
		t.Fatalf("docs/schema.json is out of date (first difference at line %d); regenerate it with "+
			"`go run ./cmd/provider -schema > docs/schema.json`", firstDifferentLine(generated, committed))
	}
}

func TestSchemaArgsMirrorGoArgs(t *testing.T) {
	t.Parallel()
	mirrors := []struct {
		name           string
		goArgs, schema reflect.Type
		// converted lists the Go types a schema form replaces with its own.
		converted map[reflect.Type]reflect.Type
	}{
		{
			name: "vault", goArgs: reflect.TypeFor[vault.Args](), schema: reflect.TypeFor[vault.SchemaArgs](),
			converted: map[reflect.Type]reflect.Type{
				reflect.TypeFor[[]vault.Reader](): reflect.TypeFor[[]vault.SchemaReader](),
			},
		},
		{name: "vault reader", goArgs: reflect.TypeFor[vault.Reader](), schema: reflect.TypeFor[vault.SchemaReader]()},
		{
			name: "containerapp", goArgs: reflect.TypeFor[containerapp.Args](),
			schema: reflect.TypeFor[containerapp.SchemaArgs](),
			converted: map[reflect.Type]reflect.Type{
				reflect.TypeFor[*containerapp.KeyVaultSecret](): reflect.TypeFor[*containerapp.SchemaTelemetrySecret](),
			},
		},
	}
	for _, mirror := range mirrors {
		t.Run(mirror.name, func(t *testing.T) {
			t.Parallel()
			goFields, schemaFields := taggedFields(mirror.goArgs), taggedFields(mirror.schema)
			assert.ElementsMatch(t, sortedKeys(goFields), sortedKeys(schemaFields),
				"the schema form must carry every input of the Go form, under the same names")
			for name, goType := range goFields {
				schemaType, ok := schemaFields[name]
				if !ok {
					continue
				}
				assert.True(t, schemaType == goType || schemaType == reflect.PointerTo(goType) ||
					mirror.converted[goType] == schemaType,
					"%s is a %s in the Go form but a %s in the schema form", name, goType, schemaType)
			}
		})
	}
}

func TestConstructRegistersWhatGoRegisters(t *testing.T) {
	t.Parallel()
	for _, c := range validConstructions() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fromGo := constructFromGo(t, c)
			require.NoError(t, fromGo.err)
			viaProvider := constructThroughProvider(t, c)
			require.NoError(t, viaProvider.err)

			assert.Equal(t, tokens.Type(c.token), viaProvider.urn.Type(), "the provider's component has the Go type")
			require.NotEmpty(t, fromGo.resources)
			require.NotEmpty(t, fromGo.outputs)
			assert.Equal(t, fromGo.resources, viaProvider.resources,
				"the provider registers the same resources, with the same inputs, options and dependencies")
			assert.Equal(t, fromGo.outputs, viaProvider.outputs, "the provider returns the component's outputs")
		})
	}
}

func TestConstructionsCoverEverySchemaInput(t *testing.T) {
	t.Parallel()
	spec := generatedSchema(t)

	covered := map[string]bool{}
	for _, c := range validConstructions() {
		markCovered(spec, c.token, spec.Resources[c.token].InputProperties, c.inputs, covered)
	}

	var missing []string
	for token, component := range spec.Resources {
		for name := range component.InputProperties {
			if !covered[token+"."+name] {
				missing = append(missing, token+"."+name)
			}
		}
	}
	for token, typ := range spec.Types {
		for name := range typ.Properties {
			if !covered[token+"."+name] {
				missing = append(missing, token+"."+name)
			}
		}
	}
	slices.Sort(missing)
	assert.Empty(t, missing, "every schema input is sent at least once by TestConstructRegistersWhatGoRegisters")
}

func TestConstructRejectsInvalidArgsLikeGo(t *testing.T) {
	t.Parallel()
	for _, c := range invalidConstructions() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fromGo := constructFromGo(t, c)
			require.Error(t, fromGo.err)
			viaProvider := constructThroughProvider(t, c)
			require.ErrorContains(t, viaProvider.err, fromGo.componentErr.Error(),
				"the provider reports the component's own validation errors")
			for _, path := range c.wantPaths {
				assert.Regexp(t, `(^|\n|": )`+regexp.QuoteMeta(path)+`: `, viaProvider.err.Error(),
					"the error names the path %s", path)
			}
			assert.Empty(t, fromGo.resources, "invalid args register nothing from Go")
			assert.Empty(t, viaProvider.resources, "invalid args register nothing through the provider")
		})
	}
}

// construction is one component built twice: through the provider, with the inputs another language's SDK
// sends, and from Go, with the equivalent Args.
type construction struct {
	name  string
	token string
	// resource is the component's name.
	resource string
	// inputs use schema names; values that the schema marks secret are sent as secrets, as the SDKs do.
	inputs map[string]any
	fromGo func(ctx *pulumi.Context, name string) (pulumi.ComponentResource, error)
	// wantPaths are the argument paths an invalid construction is expected to report.
	wantPaths []string
}

// registrations is what one construction produced.
type registrations struct {
	resources []*offline.Resource
	// outputs are the component's outputs, secret ones marked secret.
	outputs resource.PropertyMap
	urn     resource.URN
	err     error
	// componentErr is the error the Go constructor returned.
	componentErr error
}

func constructFromGo(t *testing.T, c construction) registrations {
	t.Helper()
	monitor := offline.NewMonitor(testProject, testStack)
	recorder := &outputRecorder{values: resource.PropertyMap{}}
	var componentErr error

	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		component, err := c.fromGo(ctx, c.resource)
		if err != nil {
			componentErr = err
			return err
		}
		recorder.capture(component)
		return nil
	}, pulumi.WithMocks(testProject, testStack, monitor))

	recorder.mu.Lock()
	defer recorder.mu.Unlock()
	return registrations{
		resources:    normalized(offline.Order(monitor.Resources())),
		outputs:      recorder.values,
		err:          err,
		componentErr: componentErr,
	}
}

func constructThroughProvider(t *testing.T, c construction) registrations {
	t.Helper()
	provider, err := newProvider()
	require.NoError(t, err)
	monitor := offline.NewMonitor(testProject, testStack)
	server, err := integration.NewServer(t.Context(), Name, semver.MustParse(Version),
		integration.WithProvider(provider), integration.WithMocks(monitor))
	require.NoError(t, err)

	response, err := server.Construct(p.ConstructRequest{
		Urn:    resource.NewURN(testStack, testProject, "", tokens.Type(c.token), c.resource),
		Inputs: resource.FromResourcePropertyMap(resource.NewPropertyMapFromMap(c.inputs)),
	})
	return registrations{
		resources: normalized(offline.Order(monitor.Resources())),
		outputs:   resource.ToResourcePropertyMap(response.State),
		urn:       response.Urn,
		err:       err,
	}
}

// outputRecorder keeps the resolved outputs of a Go component, keyed by their schema names.
type outputRecorder struct {
	mu     sync.Mutex
	values resource.PropertyMap
}

// capture records every `pulumi`-tagged output field of component once it resolves. Pulumi's RunErr waits for
// the applies before it returns.
func (r *outputRecorder) capture(component pulumi.ComponentResource) {
	value := reflect.ValueOf(component).Elem()
	for _, field := range reflect.VisibleFields(value.Type()) {
		name, ok := field.Tag.Lookup("pulumi")
		if !ok || !field.IsExported() {
			continue
		}
		output, ok := value.FieldByIndex(field.Index).Interface().(pulumi.Output)
		if !ok {
			continue
		}
		output.ApplyT(func(resolved any) any {
			property := resource.NewPropertyValue(resolved)
			if pulumi.IsSecret(output) {
				property = resource.MakeSecret(property)
			}
			r.mu.Lock()
			defer r.mu.Unlock()
			r.values[resource.PropertyKey(name)] = property
			return nil
		})
	}
}

// normalized returns copies of resources in which empty lists are nil: a registration that crossed gRPC on
// its way to the monitor has empty lists where one made in-process has none, which means the same.
func normalized(resources []*offline.Resource) []*offline.Resource {
	out := make([]*offline.Resource, len(resources))
	for i, original := range resources {
		copied := *original
		fields := reflect.ValueOf(&copied).Elem()
		for j := range fields.NumField() {
			if !fields.Type().Field(j).IsExported() {
				continue
			}
			switch field := fields.Field(j); value := field.Interface().(type) {
			case []string:
				field.Set(reflect.ValueOf(nilIfEmpty(value)))
			case map[string][]string:
				normalized := make(map[string][]string, len(value))
				for key, values := range value {
					normalized[key] = nilIfEmpty(values)
				}
				field.Set(reflect.ValueOf(normalized))
			}
		}
		out[i] = &copied
	}
	return out
}

func nilIfEmpty(values []string) []string {
	if len(values) == 0 {
		return nil
	}
	return values
}

func generatedSchema(t *testing.T) schema.PackageSpec {
	t.Helper()
	encoded, err := packageSchema(t.Context())
	require.NoError(t, err)
	var spec schema.PackageSpec
	require.NoError(t, json.Unmarshal(encoded, &spec))
	return spec
}

// markCovered records, as "<owner token>.<property>", every property that value sets, following object types.
func markCovered(spec schema.PackageSpec, owner string, properties map[string]schema.PropertySpec,
	value map[string]any, covered map[string]bool,
) {
	for name, element := range value {
		covered[owner+"."+name] = true
		if property, ok := properties[name]; ok {
			markCoveredType(spec, property.TypeSpec, element, covered)
		}
	}
}

func markCoveredType(spec schema.PackageSpec, typ schema.TypeSpec, value any, covered map[string]bool) {
	switch {
	case typ.Ref != "":
		token := strings.TrimPrefix(typ.Ref, "#/types/")
		if object, ok := value.(map[string]any); ok {
			markCovered(spec, token, spec.Types[token].Properties, object, covered)
		}
	case typ.Type == "array" && typ.Items != nil:
		if elements, ok := value.([]any); ok {
			for _, element := range elements {
				markCoveredType(spec, *typ.Items, element, covered)
			}
		}
	}
}

// taggedFields maps the schema name of every `pulumi`-tagged field of typ, promoted fields included, to its type.
func taggedFields(typ reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for _, field := range reflect.VisibleFields(typ) {
		tag, ok := field.Tag.Lookup("pulumi")
		if !ok || !field.IsExported() {
			continue
		}
		fields[strings.Split(tag, ",")[0]] = field.Type
	}
	return fields
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	return keys
}

func firstDifferentLine(a, b []byte) int {
	aLines, bLines := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(aLines), len(bLines)) {
		if !bytes.Equal(aLines[i], bLines[i]) {
			return i + 1
		}
	}
	return min(len(aLines), len(bLines)) + 1
}
