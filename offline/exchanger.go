package offline

import (
	"context"
	"sync"
)

// RefreshToken is the placeholder registry refresh token the offline exchanger returns.
const RefreshToken = "offline-registry-refresh-token"

// Exchanger stands in for the registry's token exchange: it contacts nothing and records what it was asked.
type Exchanger struct {
	mu    sync.Mutex
	calls []ExchangeCall
}

// ExchangeCall is one recorded exchange.
type ExchangeCall struct {
	LoginServer, TenantID, AccessToken string
}

// Exchange implements acrauth.Exchanger.
func (e *Exchanger) Exchange(_ context.Context, loginServer, tenantID, accessToken string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = append(e.calls, ExchangeCall{LoginServer: loginServer, TenantID: tenantID, AccessToken: accessToken})
	return RefreshToken, nil
}

// Calls returns the recorded exchanges.
func (e *Exchanger) Calls() []ExchangeCall {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]ExchangeCall(nil), e.calls...)
}
