package stackconfig

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/secure-aca/secure-aca/internal/apim"
	"github.com/secure-aca/secure-aca/internal/validation"
)

// Names the stack reserves for the gateway's shared secret.
const (
	// GatewayVaultSecret holds the secret the gateway sends to its app.
	GatewayVaultSecret = "GatewaySecret"
	// GatewayAppSecret is the app secret that references it.
	GatewayAppSecret = "gateway-secret"
)

// Gateway puts Azure API Management in front of one public app.
type Gateway struct {
	App            string    `json:"app"`
	Sku            string    `json:"sku"`
	PublisherEmail string    `json:"publisherEmail"`
	PublisherName  string    `json:"publisherName"`
	Path           string    `json:"path"`
	RateLimit      RateLimit `json:"rateLimit"`
}

// RateLimit limits each subscription's calls.
type RateLimit struct {
	Calls                int `json:"calls"`
	RenewalPeriodSeconds int `json:"renewalPeriodSeconds"`
}

// GatewayWiring carries the values the gateway needs from other resources.
type GatewayWiring struct {
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	BackendURL        pulumi.StringInput
	SharedSecret      pulumi.StringInput
}

// GatewayArgs returns the gateway's args; call it only when c.Gateway is set.
func (c *Config) GatewayArgs(w GatewayWiring) apim.Args {
	return apim.Args{
		ResourceGroupName:      w.ResourceGroupName,
		Location:               w.Location,
		BaseName:               c.BaseName(),
		Sku:                    c.Gateway.Sku,
		PublisherEmail:         c.Gateway.PublisherEmail,
		PublisherName:          c.Gateway.PublisherName,
		APIName:                c.Gateway.App,
		Path:                   c.Gateway.Path,
		BackendURL:             w.BackendURL,
		RateLimitCalls:         c.Gateway.RateLimit.Calls,
		RateLimitPeriodSeconds: c.Gateway.RateLimit.RenewalPeriodSeconds,
		SharedSecret:           w.SharedSecret,
		Tags:                   c.BaseTags(),
	}
}

// BehindGateway reports whether the app sits behind the gateway.
func (c *Config) BehindGateway(app string) bool { return c.Gateway != nil && c.Gateway.App == app }

func (c *Config) applyGatewayDefaults() {
	if c.Gateway == nil {
		return
	}
	if c.Gateway.PublisherName == "" {
		c.Gateway.PublisherName = c.Owner
	}
	if c.Gateway.PublisherEmail == "" && len(c.AlertEmails) > 0 {
		c.Gateway.PublisherEmail = c.AlertEmails[0]
	}
}

func (c *Config) validateGateway(problems *validation.List) {
	if c.Gateway == nil {
		return
	}
	path := c.Project + ":gateway"
	app := c.app(c.Gateway.App)
	switch {
	case c.Gateway.App == "":
		problems.Add(path+".app", "is required; allowed: the name of an app with external ingress")
	case app == nil:
		problems.Add(path+".app", "%q is not an app of this stack", c.Gateway.App)
	case app.Ingress == nil || !app.Ingress.External:
		problems.Add(path+".app", "%q has no external ingress; the gateway reaches its app from outside the "+
			"environment", c.Gateway.App)
	case app.Ingress.Transport == "tcp":
		problems.Add(path+".app", "%q uses TCP ingress; the gateway forwards HTTPS", c.Gateway.App)
	case app.Ingress.ClientCertificateMode == "require":
		problems.Add(path+".app", "%q requires client certificates, which the gateway does not present",
			c.Gateway.App)
	case len(app.Ingress.IPAllow) > 0 && (c.Gateway.Sku == "" || c.Gateway.Sku == "Consumption"):
		problems.Add(path+".app", "%q has `ingress.ipAllow`, but the Consumption tier calls from no fixed address, "+
			"so the rules would lock the gateway out; the shared secret header already keeps clients from "+
			"bypassing it", c.Gateway.App)
	case c.ManagedEnvironment.Internal:
		problems.Add(path+".app", "%q is in an internal environment, which a gateway outside the network cannot "+
			"reach", c.Gateway.App)
	}
	wiring := placeholder("wiring")
	args := c.GatewayArgs(GatewayWiring{
		ResourceGroupName: wiring, Location: wiring, BackendURL: wiring, SharedSecret: wiring,
	}).WithDefaults()
	for _, problem := range validation.Problems(args.Validate()) {
		switch problem.Path {
		case "baseName", "apiName":
			continue
		case "publisherEmail":
			if c.Gateway.PublisherEmail == "" {
				problem = &validation.Problem{Path: "publisherEmail", Message: "is required (or set `alertEmails`)"}
			}
		}
		problems.AddError(path, problem)
	}
	for i, secret := range c.Vault.Secrets {
		if secret.Name == GatewayVaultSecret {
			problems.Add(validation.Index(c.Project+":vault.secrets", i)+".name", "%q is kept by the stack for the "+
				"gateway's shared secret; allowed: any other name", secret.Name)
		}
	}
	for i, secret := range app.secretsOrNil() {
		if secret.Name == GatewayAppSecret {
			problems.Add(validation.Index(validation.Index(c.Project+":apps", c.appIndex(app.Name))+".secrets", i)+
				".name", "%q is kept by the stack for the gateway's shared secret", secret.Name)
		}
	}
}

func (a *App) secretsOrNil() []AppSecret {
	if a == nil {
		return nil
	}
	return a.Secrets
}

func (c *Config) appIndex(name string) int {
	for i := range c.Apps {
		if c.Apps[i].Name == name {
			return i
		}
	}
	return -1
}
