package stackconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/secure-aca/secure-aca/internal/validation"
)

// Engine environment variables through which `pulumi up` and `pulumi preview` hand a Go program its config
// (the same variables the Pulumi Go SDK reads).
const (
	envConfig           = "PULUMI_CONFIG"
	envConfigSecretKeys = "PULUMI_CONFIG_SECRET_KEYS"
)

// MaxStackFileBytes bounds the stack files the offline reader accepts.
const MaxStackFileBytes = 4 << 20

// MaxConfigKeys bounds the number of config keys of a stack.
const MaxConfigKeys = 200

// FromEnvironment returns the config values the Pulumi engine passed to this process.
func FromEnvironment() (Values, error) {
	values := Values{Config: map[string]string{}}
	if raw := os.Getenv(envConfig); raw != "" {
		if err := json.Unmarshal([]byte(raw), &values.Config); err != nil {
			return Values{}, fmt.Errorf("reading %s from the Pulumi engine: %w", envConfig, err)
		}
	}
	if raw := os.Getenv(envConfigSecretKeys); raw != "" {
		if err := json.Unmarshal([]byte(raw), &values.SecretKeys); err != nil {
			return Values{}, fmt.Errorf("reading %s from the Pulumi engine: %w", envConfigSecretKeys, err)
		}
	}
	return values, nil
}

// ReadStackFile reads a file in the Pulumi.<stack>.yaml shape into the values the engine would pass, without
// the engine: structured values become JSON, and values stored encrypted (`secure:`) are never decrypted but
// stand in as secrets whose plain text is unknown.
func ReadStackFile(path string) (Values, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Values{}, fmt.Errorf("reading stack file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return Values{}, fmt.Errorf("reading stack file %s: not a regular file", path)
	}
	file, err := os.Open(path)
	if err != nil {
		return Values{}, fmt.Errorf("reading stack file: %w", err)
	}
	// A read-only file: closing it cannot lose data.
	defer func() { _ = file.Close() }()
	// Read one byte past the limit, so a file that grew after the check is still caught.
	data, err := io.ReadAll(io.LimitReader(file, MaxStackFileBytes+1))
	if err != nil {
		return Values{}, fmt.Errorf("reading stack file: %w", err)
	}
	if len(data) > MaxStackFileBytes {
		return Values{}, fmt.Errorf("reading stack file %s: more than %d bytes; allowed: at most %d", path,
			MaxStackFileBytes, MaxStackFileBytes)
	}
	values, err := ParseStackFile(data)
	if err != nil {
		return Values{}, fmt.Errorf("reading stack file %s: %w", path, err)
	}
	return values, nil
}

// ParseStackFile parses the contents of a Pulumi.<stack>.yaml file; see ReadStackFile.
func ParseStackFile(data []byte) (Values, error) {
	if len(data) > MaxStackFileBytes {
		return Values{}, fmt.Errorf("%d bytes; allowed: at most %d", len(data), MaxStackFileBytes)
	}
	decoder := yaml.NewDecoder(bytes.NewReader(data))
	var document yaml.Node
	if err := decoder.Decode(&document); err != nil && !errors.Is(err, io.EOF) {
		return Values{}, fmt.Errorf("parsing YAML: %w", err)
	}
	var extra yaml.Node
	if err := decoder.Decode(&extra); !errors.Is(err, io.EOF) {
		return Values{}, errors.New("parsing YAML: the file holds more than one YAML document; allowed: one")
	}

	values := Values{Config: map[string]string{}, EncryptedPaths: map[string]bool{}}
	if len(document.Content) == 0 {
		return values, nil
	}
	root := document.Content[0]
	if root.Kind != yaml.MappingNode {
		return Values{}, errors.New("the file is not a YAML mapping with a `config` key")
	}
	seenConfig := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "config" {
			continue
		}
		if seenConfig {
			return Values{}, errors.New("the file has two `config` keys; allowed: one")
		}
		seenConfig = true
		config := root.Content[i+1]
		if config.Kind == yaml.ScalarNode && config.Tag == "!!null" {
			continue
		}
		if config.Kind != yaml.MappingNode {
			return Values{}, errors.New("`config` is not a mapping of keys to values")
		}
		if len(config.Content)/2 > MaxConfigKeys {
			return Values{}, fmt.Errorf("`config` has %d keys; allowed: at most %d", len(config.Content)/2,
				MaxConfigKeys)
		}
		for j := 0; j+1 < len(config.Content); j += 2 {
			key := config.Content[j].Value
			if _, duplicate := values.Config[key]; duplicate {
				return Values{}, fmt.Errorf("config key %q appears twice", key)
			}
			value, encrypted, err := convertNode(config.Content[j+1], key, values.EncryptedPaths, 0)
			if err != nil {
				return Values{}, fmt.Errorf("config key %q: %w", key, err)
			}
			raw, err := rawValue(value)
			if err != nil {
				return Values{}, fmt.Errorf("config key %q: %w", key, err)
			}
			values.Config[key] = raw
			if encrypted {
				values.SecretKeys = append(values.SecretKeys, key)
			}
		}
	}
	slices.Sort(values.SecretKeys)
	return values, nil
}

// WithEncryptedPathsFrom returns a copy of v that knows which leaves of its secret keys were stored encrypted,
// read from the stack file at path: the engine only says which keys hold an encrypted leaf, and without the
// leaves a plain-text credential next to an encrypted value would pass as encrypted. A missing or unreadable
// file leaves v as it is; then every leaf of a secret key counts as encrypted.
func (v Values) WithEncryptedPathsFrom(path string) Values {
	if v.EncryptedPaths != nil {
		return v
	}
	file, err := ReadStackFile(path)
	if err != nil {
		return v
	}
	v.EncryptedPaths = file.EncryptedPaths
	return v
}

// convertNode turns a YAML node at path into a JSON-compatible value, replacing each `secure:` leaf with the
// encrypted marker and recording its path in encrypted. It reports whether any leaf was encrypted.
func convertNode(node *yaml.Node, path string, encrypted map[string]bool, depth int) (any, bool, error) {
	if depth > maxDepth {
		return nil, false, fmt.Errorf("nested more than %d levels deep", maxDepth)
	}
	switch node.Kind {
	case yaml.AliasNode:
		return nil, false, errors.New("YAML aliases are not supported in stack config")
	case yaml.ScalarNode:
		switch node.Tag {
		case "!!null":
			return nil, false, nil
		case "!!bool":
			return node.Value == "true" || node.Value == "True" || node.Value == "TRUE", false, nil
		case "!!int", "!!float":
			// A YAML number Go cannot parse as a float (0x1F, 0o17) stays text, as the engine passes it.
			if number, err := strconv.ParseFloat(node.Value, 64); err == nil {
				return json.Number(strconv.FormatFloat(number, 'f', -1, 64)), false, nil
			}
		}
		return node.Value, false, nil
	case yaml.SequenceNode:
		if len(node.Content) > maxListLength {
			return nil, false, fmt.Errorf("a list has %d entries; allowed: at most %d", len(node.Content), maxListLength)
		}
		items := make([]any, 0, len(node.Content))
		anyEncrypted := false
		for i, child := range node.Content {
			item, childEncrypted, err := convertNode(child, validation.Index(path, i), encrypted, depth+1)
			if err != nil {
				return nil, false, err
			}
			items = append(items, item)
			anyEncrypted = anyEncrypted || childEncrypted
		}
		return items, anyEncrypted, nil
	case yaml.MappingNode:
		if len(node.Content) == 2 && node.Content[0].Value == "secure" && node.Content[1].Kind == yaml.ScalarNode {
			encrypted[path] = true
			return encryptedMarker, true, nil
		}
		if len(node.Content)/2 > maxMapEntries {
			return nil, false, fmt.Errorf("a mapping has %d entries; allowed: at most %d", len(node.Content)/2,
				maxMapEntries)
		}
		entries := map[string]any{}
		anyEncrypted := false
		for i := 0; i+1 < len(node.Content); i += 2 {
			key := node.Content[i].Value
			if _, duplicate := entries[key]; duplicate {
				return nil, false, fmt.Errorf("key %q appears twice", key)
			}
			value, childEncrypted, err := convertNode(node.Content[i+1], validation.Join(path, key), encrypted, depth+1)
			if err != nil {
				return nil, false, err
			}
			entries[key] = value
			anyEncrypted = anyEncrypted || childEncrypted
		}
		return entries, anyEncrypted, nil
	default:
		return nil, false, fmt.Errorf("unsupported YAML node kind %d", node.Kind)
	}
}

// rawValue renders a value the way the engine passes it: scalars as their text, structures as JSON.
func rawValue(value any) (string, error) {
	switch v := value.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case json.Number:
		return v.String(), nil
	}
	var b strings.Builder
	encoder := json.NewEncoder(&b)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(value); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
