package registry

import "github.com/pulumi/pulumi-go-provider/infer"

// The Annotate methods below document SecureRegistry in the package schema that the component provider
// (cmd/provider) serves to other Pulumi languages. Descriptions use the schema's property names.

// Annotate documents the inputs.
func (a *Args) Annotate(an infer.Annotator) {
	an.Describe(&a.ResourceGroupName, "The resource group to create the registry in. Required.")
	an.Describe(&a.Location, "The Azure region. Optional; default: the resource group's region.")
	an.Describe(&a.NamePrefix, "Starts the registry name; a random suffix of 6 lowercase letters and digits, "+
		"kept in the stack's state, completes it, because registry names are global across Azure. Required; "+
		"letters and digits only, 1 to 44 characters.")
	an.Describe(&a.Sku, "The registry tier. Optional; default \"Standard\"; allowed: \"Basic\", \"Standard\", "+
		"\"Premium\".")
	an.SetDefault(&a.Sku, DefaultSku)
	an.Describe(&a.AdminUserEnabled, "Turns on the registry's shared admin user. Optional; default false. "+
		"Enabling it logs a warning: anyone holding the admin password can push and pull every repository.")
	an.Describe(&a.AnonymousPullEnabled, "Lets anyone pull without credentials. Optional; default false. "+
		"Enabling it logs a warning and needs the Standard or Premium tier; the registry then uses a preview "+
		"API version, the only one that exposes this switch.")
	an.Describe(&a.ZoneRedundant, "Spreads the registry across availability zones. Optional; default false; "+
		"Premium tier only.")
	an.Describe(&a.PullPrincipals, "Principals granted AcrPull on the registry. Optional.")
	an.Describe(&a.PushPrincipals, "Principals granted AcrPush on the registry, e.g. the pipeline that builds "+
		"images. Optional.")
	an.Describe(&a.Webhooks, "Webhooks that notify a service of registry events, e.g. to start a deployment on "+
		"push. Optional.")
	an.Describe(&a.PrivateEndpoint, "Connects the registry to a virtual network through a private endpoint. "+
		"Optional; default: none; Premium tier only.")
	an.Describe(&a.PublicNetworkAccessDisabled, "Closes the registry's public endpoint, leaving only private "+
		"endpoints, so pushes must come from inside the network. Optional; default false; needs "+
		"`privateEndpoint`.")
	an.Describe(&a.LogAnalyticsWorkspaceID, "The ARM id of the Log Analytics workspace that receives the "+
		"registry's logs and metrics. Optional; no diagnostic setting is created without it.")
	an.Describe(&a.Protected, "Marks the registry protected in Pulumi and puts a CanNotDelete lock on it. "+
		"Optional; default false; production stacks turn it on.")
	an.Describe(&a.Tags, "Tags applied to every taggable child resource. Optional.")
}

// Annotate documents a webhook.
func (w *Webhook) Annotate(a infer.Annotator) {
	a.SetToken("index", "RegistryWebhook")
	a.Describe(&w, "A registry webhook that sends registry events to a service.")
	a.Describe(&w.Name, "The webhook's name. Required; 5 to 50 letters and digits; unique within the registry.")
	a.Describe(&w.ServiceURI, "The https URL that receives the events. Required. Kept secret: URLs of this kind "+
		"often carry a token.")
	a.Describe(&w.Actions, "The events that trigger the webhook. Optional; default [\"push\"]; allowed: \"push\", "+
		"\"delete\", \"quarantine\", \"chart_push\", \"chart_delete\".")
	a.Describe(&w.Scope, "Limits the webhook to repositories and tags, e.g. \"api:*\". Optional; default: every "+
		"repository.")
	a.Describe(&w.CustomHeaders, "Headers sent with every event, e.g. an authorization header. Optional; kept "+
		"secret.")
}

// Annotate documents the component and its outputs.
func (r *SecureRegistry) Annotate(a infer.Annotator) {
	a.SetToken("index", "SecureRegistry")
	a.Describe(&r, "An Azure container registry that apps pull from with their managed identities, never with "+
		"passwords: the admin user and anonymous pull are off unless asked for, pull and push are granted per "+
		"principal, and logs can go to Log Analytics.")
	a.Describe(&r.ID, "The registry's ARM resource id.")
	a.Describe(&r.Name, "The registry's name, including the random suffix.")
	a.Describe(&r.LoginServer, "The host name images are pushed to and pulled from, e.g. "+
		"\"myregistry.azurecr.io\".")
}
