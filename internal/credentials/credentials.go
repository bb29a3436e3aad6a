// Package credentials recognises values and names that carry a credential, so that config in plain text and
// plain environment variables can be refused before they reach a stack file, a log or a preview.
//
// It errs on the side of refusing: a false alarm costs one `pulumi config set --secret`, a miss leaks a
// credential.
package credentials

import (
	"regexp"
)

var (
	// keyValue finds "name=value" parts of connection strings whose name says the value is a credential.
	keyValue = regexp.MustCompile(`(?i)(^|[;&?\s])(password|passwd|pwd|pass|secret|client_?secret|token|` +
		`access_?token|api_?key|apikey|access_?key|account_?key|shared_?access_?key|sharedaccesskey|sig|code|` +
		`key)\s*=\s*[^;&\s]`)
	// userInfo finds a password in a URL: scheme://user:password@host.
	userInfo = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@]+@`)
	// jwt finds a JSON Web Token.
	jwt = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.`)
	// privateKey finds a PEM private key.
	privateKey = regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`)
	// knownTokens finds well-known token formats (GitHub, Slack, AWS access keys).
	knownTokens = regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|` +
		`xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})\b`)
	// secretName finds names that say their value is a credential.
	secretName = regexp.MustCompile(`(?i)(password|passwd|pwd|pass$|_pass_|secret|token|api_?key|access_?key|` +
		`account_?key|private_?key|credential|connection_?string|conn_?str|_pat$|^pat_|sas$|_sas_|signature)`)
)

// InValue reports whether value looks like it contains a credential.
func InValue(value string) bool {
	return keyValue.MatchString(value) || userInfo.MatchString(value) || jwt.MatchString(value) ||
		privateKey.MatchString(value) || knownTokens.MatchString(value)
}

// IsSecretName reports whether a variable, argument or metadata name says its value is a credential.
func IsSecretName(name string) bool {
	return secretName.MatchString(name)
}
