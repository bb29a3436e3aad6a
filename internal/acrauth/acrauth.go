// Package acrauth authenticates image pushes to an Azure container registry with Microsoft Entra ID, the way
// `az acr login` does, so the registry's admin user can stay disabled.
//
// The flow: the azure-native provider's own credential chain issues an Entra access token (its
// getClientToken invoke, so the same identity that deploys the stack pushes the images); the registry's
// /oauth2/exchange endpoint trades that token for a registry refresh token; Docker logs in with the fixed user
// name 00000000-0000-0000-0000-000000000000 and the refresh token as password. The identity needs push
// rights (the AcrPush role, or Owner/Contributor) on the registry.
package acrauth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/containers/azcontainerregistry"
	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TokenUserName is the user name Docker presents with a registry refresh token.
const TokenUserName = "00000000-0000-0000-0000-000000000000"

// exchangeTimeout bounds one token exchange.
const exchangeTimeout = 60 * time.Second

// Exchanger trades a Microsoft Entra access token for a registry refresh token.
type Exchanger interface {
	Exchange(ctx context.Context, loginServer, tenantID, accessToken string) (refreshToken string, err error)
}

// AzureExchanger calls the registry's token exchange endpoint.
type AzureExchanger struct{}

// Exchange implements Exchanger.
func (AzureExchanger) Exchange(ctx context.Context, loginServer, tenantID, accessToken string) (string, error) {
	client, err := azcontainerregistry.NewAuthenticationClient("https://"+loginServer, nil)
	if err != nil {
		return "", fmt.Errorf("creating the token exchange client for %s: %w", loginServer, err)
	}
	ctx, cancel := context.WithTimeout(ctx, exchangeTimeout)
	defer cancel()
	response, err := client.ExchangeAADAccessTokenForACRRefreshToken(ctx,
		azcontainerregistry.PostContentSchemaGrantTypeAccessToken, loginServer,
		&azcontainerregistry.AuthenticationClientExchangeAADAccessTokenForACRRefreshTokenOptions{
			AccessToken: &accessToken,
			Tenant:      &tenantID,
		})
	if err != nil {
		return "", fmt.Errorf("exchanging an Entra token at %s (the deploying identity needs AcrPush on the "+
			"registry): %w", loginServer, err)
	}
	if response.RefreshToken == nil || *response.RefreshToken == "" {
		return "", fmt.Errorf("exchanging an Entra token at %s: the registry returned no refresh token", loginServer)
	}
	return *response.RefreshToken, nil
}

// Credentials are what Docker needs to push to a registry.
type Credentials struct {
	Server   pulumi.StringOutput
	Username pulumi.StringOutput
	// Password is the registry refresh token, a Pulumi secret; unknown during a preview.
	Password pulumi.StringOutput
}

// PushCredentials returns credentials for loginServer. The exchange runs only during a deployment, once the
// registry's login server is known: never in a preview, so a preview never reaches a registry (in particular
// one that does not exist yet).
func PushCredentials(ctx *pulumi.Context, loginServer pulumi.StringOutput, tenantID string, exchanger Exchanger,
) (Credentials, error) {
	if exchanger == nil {
		return Credentials{}, errors.New("creating registry push credentials: no token exchanger")
	}

	credentials := Credentials{
		Server:   loginServer,
		Username: pulumi.String(TokenUserName).ToStringOutput(),
	}
	if ctx.DryRun() {
		// Unknown, and so without a value to protect.
		credentials.Password = pulumi.UnsafeUnknownOutput(nil).ApplyT(func(any) string { return "" }).(pulumi.StringOutput)
		return credentials, nil
	}
	token := authorization.GetClientTokenOutput(ctx, authorization.GetClientTokenOutputArgs{}).Token()
	credentials.Password = pulumi.ToSecret(pulumi.All(loginServer, token).ApplyTWithContext(ctx.Context(),
		func(goctx context.Context, values []any) (string, error) {
			return exchanger.Exchange(goctx, values[0].(string), tenantID, values[1].(string))
		})).(pulumi.StringOutput)
	return credentials, nil
}
