// Package apim puts Azure API Management in front of an app: a gateway that requires subscription keys,
// limits each subscription's request rate, and proves itself to the app with a shared secret header that the
// app requires, so clients cannot bypass it.
//
// The azure-native API Management Go module is not available to this project, so the gateway is built from
// azure-native's generic resource type with typed property structs. Everything that touches those resources
// stays in this package: moving to the typed module later changes this file only.
package apim

import (
	"fmt"
	"maps"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/validation"
)

// Token is the gateway component's Pulumi type token.
const Token = "secureaca:index:ApiGateway"

// APIVersion is the generally available API Management version the gateway is written against.
const APIVersion = "2022-08-01"

// Defaults.
const (
	// DefaultSku is Consumption: billed per call, no idle cost, created in minutes rather than the better
	// part of an hour.
	DefaultSku = "Consumption"
	// DefaultSecretHeader carries the shared secret from the gateway to the app.
	DefaultSecretHeader = "X-Gateway-Secret"
	// DefaultRateLimitCalls per DefaultRateLimitPeriodSeconds per subscription.
	DefaultRateLimitCalls         = 100
	DefaultRateLimitPeriodSeconds = 60
	// MaxRateLimitPeriodSeconds is API Management's limit for the rate-limit policy's renewal period.
	MaxRateLimitPeriodSeconds = 300
	// SuffixLength is the random part of the service name: gateway names are global (<name>.azure-api.net).
	SuffixLength = 6
	// namedValueName holds the shared secret inside the gateway.
	namedValueName = "gateway-secret"
	// productName is the product clients subscribe to.
	productName = "standard"
)

// Skus lists the allowed tiers.
var Skus = []string{"Consumption", "Developer", "Basic", "Standard", "Premium"}

var (
	pathPattern   = regexp.MustCompile(`^[a-z0-9]([a-z0-9-/]*[a-z0-9])?$`)
	apiIDPattern  = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$`)
	methods       = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	baseNameRegex = regexp.MustCompile(`^[a-z][a-z0-9-]{0,38}$`)
	headerPattern = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
)

// Args configures an ApiGateway.
type Args struct {
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// BaseName starts the service name "apim-<BaseName>-<random>". Required.
	BaseName string
	// Sku is the tier. Optional; default Consumption; allowed Consumption, Developer, Basic, Standard, Premium.
	Sku string
	// PublisherEmail receives API Management's notifications. Required.
	PublisherEmail string
	// PublisherName is shown in the developer portal. Required.
	PublisherName string
	// APIName identifies the API. Required; lowercase letters, digits and hyphens.
	APIName string
	// Path is the API's URL suffix on the gateway. Optional; default APIName.
	Path string
	// BackendURL is the app's https URL. Required.
	BackendURL pulumi.StringInput
	// RateLimitCalls per RateLimitPeriodSeconds, per subscription. Optional; defaults 100 per 60 seconds.
	RateLimitCalls         int
	RateLimitPeriodSeconds int
	// SharedSecret is sent to the app in SecretHeader on every request; the app rejects requests without it.
	// Required; treated as a secret.
	SharedSecret pulumi.StringInput
	// SecretHeader names the header. Optional; default X-Gateway-Secret.
	SecretHeader string
	Tags         map[string]string
}

// Gateway is the API Management service with one API in front of one app.
type Gateway struct {
	pulumi.ResourceState

	// ServiceID is the API Management service's ARM id.
	ServiceID pulumi.StringOutput `pulumi:"serviceId"`
	// GatewayURL is the gateway's base URL, e.g. https://apim-x.azure-api.net.
	GatewayURL pulumi.StringOutput `pulumi:"gatewayUrl"`
	// APIURL is where clients call the API.
	APIURL pulumi.StringOutput `pulumi:"apiUrl"`
}

// serviceProperties are the properties of Microsoft.ApiManagement/service.
type serviceProperties struct {
	PublisherEmail string `pulumi:"publisherEmail"`
	PublisherName  string `pulumi:"publisherName"`
}

// namedValueProperties are the properties of Microsoft.ApiManagement/service/namedValues.
type namedValueProperties struct {
	DisplayName string             `pulumi:"displayName"`
	Secret      bool               `pulumi:"secret"`
	Value       pulumi.StringInput `pulumi:"value"`
}

// apiProperties are the properties of Microsoft.ApiManagement/service/apis.
type apiProperties struct {
	DisplayName          string             `pulumi:"displayName"`
	Path                 string             `pulumi:"path"`
	Protocols            []string           `pulumi:"protocols"`
	ServiceURL           pulumi.StringInput `pulumi:"serviceUrl"`
	SubscriptionRequired bool               `pulumi:"subscriptionRequired"`
}

// operationProperties are the properties of Microsoft.ApiManagement/service/apis/operations.
type operationProperties struct {
	DisplayName string `pulumi:"displayName"`
	Method      string `pulumi:"method"`
	URLTemplate string `pulumi:"urlTemplate"`
}

// policyProperties are the properties of Microsoft.ApiManagement/service/apis/policies.
type policyProperties struct {
	Format string `pulumi:"format"`
	Value  string `pulumi:"value"`
}

// productProperties are the properties of Microsoft.ApiManagement/service/products.
type productProperties struct {
	DisplayName          string `pulumi:"displayName"`
	Description          string `pulumi:"description"`
	SubscriptionRequired bool   `pulumi:"subscriptionRequired"`
	ApprovalRequired     bool   `pulumi:"approvalRequired"`
	State                string `pulumi:"state"`
}

// NewGateway validates args, then creates the gateway. Invalid args return every problem and create nothing.
func NewGateway(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Gateway, error) {
	args = args.WithDefaults()
	if err := args.Validate(); err != nil {
		return nil, fmt.Errorf("validating ApiGateway %q: %w", name, err)
	}

	component := &Gateway{}
	if err := ctx.RegisterComponentResource(Token, name, component, opts...); err != nil {
		return nil, fmt.Errorf("registering ApiGateway %q: %w", name, err)
	}
	parent := pulumi.Parent(component)
	tags := pulumi.ToStringMap(args.Tags)

	suffix, err := random.NewRandomString(ctx, name+"-suffix", &random.RandomStringArgs{
		Length: pulumi.Int(SuffixLength), Special: pulumi.Bool(false), Upper: pulumi.Bool(false),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating name suffix of %q: %w", name, err)
	}
	serviceName := pulumi.Sprintf("apim-%s-%s", args.BaseName, suffix.Result)

	capacity := 1
	if args.Sku == "Consumption" {
		capacity = 0
	}
	service, err := resources.NewResource(ctx, name+"-service", &resources.ResourceArgs{
		ResourceGroupName:         args.ResourceGroupName,
		Location:                  args.Location,
		ResourceProviderNamespace: pulumi.String("Microsoft.ApiManagement"),
		ParentResourcePath:        pulumi.String(""),
		ResourceType:              pulumi.String("service"),
		ResourceName:              serviceName,
		ApiVersion:                pulumi.String(APIVersion),
		Sku:                       &resources.SkuArgs{Name: pulumi.String(args.Sku), Capacity: pulumi.Int(capacity)},
		Properties: pulumi.ToOutput(serviceProperties{
			PublisherEmail: args.PublisherEmail, PublisherName: args.PublisherName,
		}),
		Tags: tags,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating the API Management service of %q: %w", name, err)
	}
	component.ServiceID = service.ID().ToStringOutput()
	component.GatewayURL = pulumi.Sprintf("https://%s.azure-api.net", service.Name)
	component.APIURL = pulumi.Sprintf("%s/%s", component.GatewayURL, args.Path)

	child := func(suffix, parentPath, resourceType, resourceName string, properties any,
		dependsOn ...pulumi.Resource,
	) (*resources.Resource, error) {
		created, err := resources.NewResource(ctx, name+"-"+suffix, &resources.ResourceArgs{
			ResourceGroupName:         args.ResourceGroupName,
			ResourceProviderNamespace: pulumi.String("Microsoft.ApiManagement"),
			ParentResourcePath:        pulumi.Sprintf("service/%s%s", service.Name, parentPath),
			ResourceType:              pulumi.String(resourceType),
			ResourceName:              pulumi.String(resourceName),
			ApiVersion:                pulumi.String(APIVersion),
			Properties:                pulumi.ToOutput(properties),
		}, parent, pulumi.DependsOn(append([]pulumi.Resource{service}, dependsOn...)))
		if err != nil {
			return nil, fmt.Errorf("creating %s %q of %q: %w", resourceType, resourceName, name, err)
		}
		return created, nil
	}

	namedValue, err := child("secret", "", "namedValues", namedValueName, namedValueProperties{
		DisplayName: namedValueName,
		Secret:      true,
		Value:       pulumi.ToSecret(args.SharedSecret).(pulumi.StringOutput),
	})
	if err != nil {
		return nil, err
	}
	api, err := child("api", "", "apis", args.APIName, apiProperties{
		DisplayName:          args.APIName,
		Path:                 args.Path,
		Protocols:            []string{"https"},
		ServiceURL:           args.BackendURL,
		SubscriptionRequired: true,
	})
	if err != nil {
		return nil, err
	}
	apiPath := "/apis/" + args.APIName
	for _, method := range methods {
		if _, err := child("operation-"+strings.ToLower(method), apiPath, "operations", strings.ToLower(method),
			operationProperties{DisplayName: method + " /*", Method: method, URLTemplate: "/*"}, api); err != nil {
			return nil, err
		}
	}
	if _, err := child("policy", apiPath, "policies", "policy",
		policyProperties{Format: "rawxml", Value: policyXML(args)}, api, namedValue); err != nil {
		return nil, err
	}
	product, err := child("product", "", "products", productName, productProperties{
		DisplayName:          "Standard",
		Description:          "Subscription keys for " + args.APIName + ".",
		SubscriptionRequired: true,
		ApprovalRequired:     false,
		State:                "published",
	})
	if err != nil {
		return nil, err
	}
	if _, err := child("product-api", "/products/"+productName, "apis", args.APIName, map[string]any{},
		api, product); err != nil {
		return nil, err
	}

	if err := ctx.RegisterResourceOutputs(component, pulumi.Map{
		"serviceId":  component.ServiceID,
		"gatewayUrl": component.GatewayURL,
		"apiUrl":     component.APIURL,
	}); err != nil {
		return nil, fmt.Errorf("registering outputs of ApiGateway %q: %w", name, err)
	}
	return component, nil
}

// policyXML limits each subscription's rate and adds the shared secret header. The secret is referenced by
// its named value, so it never appears in the policy text.
func policyXML(args Args) string {
	return fmt.Sprintf(`<policies>
  <inbound>
    <base />
    <rate-limit calls="%d" renewal-period="%d" />
    <set-header name="%s" exists-action="override">
      <value>{{%s}}</value>
    </set-header>
  </inbound>
  <backend>
    <base />
  </backend>
  <outbound>
    <base />
  </outbound>
  <on-error>
    <base />
  </on-error>
</policies>`, args.RateLimitCalls, args.RateLimitPeriodSeconds, args.SecretHeader, namedValueName)
}

// WithDefaults returns a copy of a with every unset optional field filled.
func (a Args) WithDefaults() Args {
	if a.Sku == "" {
		a.Sku = DefaultSku
	}
	if a.Path == "" {
		a.Path = a.APIName
	}
	if a.RateLimitCalls == 0 {
		a.RateLimitCalls = DefaultRateLimitCalls
	}
	if a.RateLimitPeriodSeconds == 0 {
		a.RateLimitPeriodSeconds = DefaultRateLimitPeriodSeconds
	}
	if a.SecretHeader == "" {
		a.SecretHeader = DefaultSecretHeader
	}
	a.Tags = maps.Clone(a.Tags)
	return a
}

// Validate returns every problem with a. Paths name the fields as the stack config does.
func (a Args) Validate() error {
	var problems validation.List
	for _, required := range []struct {
		field string
		set   bool
	}{
		{"resourceGroupName", a.ResourceGroupName != nil},
		{"backendUrl", a.BackendURL != nil},
		{"sharedSecret", a.SharedSecret != nil},
	} {
		if !required.set {
			problems.Add(required.field, "is required")
		}
	}
	if !baseNameRegex.MatchString(a.BaseName) {
		problems.Add("baseName", "%q is not allowed; allowed: up to 39 lowercase letters, digits and hyphens, "+
			"starting with a letter", a.BaseName)
	}
	if !slices.Contains(Skus, a.Sku) {
		problems.Add("sku", "%q is not allowed; allowed: %s", a.Sku, strings.Join(Skus, ", "))
	}
	if parsed, err := mail.ParseAddress(a.PublisherEmail); err != nil || parsed.Address != a.PublisherEmail {
		problems.Add("publisherEmail", "%q is not allowed; allowed: a plain e-mail address", a.PublisherEmail)
	}
	if strings.TrimSpace(a.PublisherName) == "" || len(a.PublisherName) > 100 {
		problems.Add("publisherName", "%q is not allowed; allowed: 1 to 100 characters", a.PublisherName)
	}
	if !apiIDPattern.MatchString(a.APIName) {
		problems.Add("apiName", "%q is not allowed; allowed: lowercase letters, digits and hyphens", a.APIName)
	}
	if !pathPattern.MatchString(a.Path) || len(a.Path) > 400 {
		problems.Add("path", "%q is not allowed; allowed: a URL suffix of lowercase letters, digits, hyphens and "+
			"slashes, such as \"orders/v1\"", a.Path)
	}
	if a.RateLimitCalls < 1 || a.RateLimitCalls > 1_000_000 {
		problems.Add("rateLimit.calls", "%d is not allowed; allowed: 1 to 1000000", a.RateLimitCalls)
	}
	if a.RateLimitPeriodSeconds < 1 || a.RateLimitPeriodSeconds > MaxRateLimitPeriodSeconds {
		problems.Add("rateLimit.renewalPeriodSeconds", "%d is not allowed; allowed: 1 to %d",
			a.RateLimitPeriodSeconds, MaxRateLimitPeriodSeconds)
	}
	if !headerPattern.MatchString(a.SecretHeader) {
		problems.Add("secretHeader", "%q is not a header name", a.SecretHeader)
	}
	return problems.Err()
}
