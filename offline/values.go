package offline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Placeholder identities of the offline "Azure": fixed, obviously fake, and in the exact formats Azure uses,
// so that a value wired to the wrong input shows up as a wrong value, not just a set one.
const (
	SubscriptionID = "00000000-0000-4000-8000-000000000001"
	TenantID       = "00000000-0000-4000-8000-0000000000aa"
	// DeployerObjectID and DeployerClientID are the identity running the preview, as getClientConfig reports it.
	DeployerObjectID = "00000000-0000-4000-8000-0000000000de"
	DeployerClientID = "00000000-0000-4000-8000-0000000000dc"
)

// seeded derives deterministic placeholder values from a seed (usually a URN) and a purpose, so the same
// config always yields the same values and different resources or fields never share one.
type seeded struct {
	seed string
}

func (s seeded) sum(purpose string) []byte {
	sum := sha256.Sum256([]byte(s.seed + "\x00" + purpose))
	return sum[:]
}

// hex returns n lowercase hex digits.
func (s seeded) hex(purpose string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(hex.EncodeToString(s.sum(fmt.Sprintf("%s#%d", purpose, i))))
	}
	return b.String()[:n]
}

// guid returns a version-4-shaped GUID.
func (s seeded) guid(purpose string) string {
	h := []byte(s.hex(purpose, 32))
	h[12] = '4'
	h[16] = "89ab"[h[16]%4]
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

// alnum returns n lowercase letters and digits.
func (s seeded) alnum(purpose string, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	out := make([]byte, n)
	sum := s.sum(purpose)
	for i := range out {
		if i > 0 && i%len(sum) == 0 {
			sum = s.sum(fmt.Sprintf("%s#%d", purpose, i))
		}
		out[i] = alphabet[int(sum[i%len(sum)])%len(alphabet)]
	}
	return string(out)
}

// ipv4 returns a public-looking address in a documentation range.
func (s seeded) ipv4(purpose string) string {
	sum := s.sum(purpose)
	return fmt.Sprintf("198.51.100.%d", 1+int(sum[0])%254)
}
