package stackconfig

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/secure-aca/secure-aca/internal/validation"
)

// Limits on what the decoder accepts, so that a hostile or broken stack file is rejected quickly instead of
// exhausting memory or time.
const (
	maxValueBytes = 1 << 20 // one config value
	maxListLength = 500
	maxMapEntries = 500
	maxDepth      = 12
)

// encryptedMarker stands in for a value stored encrypted in a stack file when the file is read offline, where
// it cannot be decrypted. A Secret field takes it as "encrypted, value unknown"; any other field rejects it.
const encryptedMarker = "\x00encrypted\x00"

var secretType = reflect.TypeFor[Secret]()

// decoder turns loosely typed config values (strings from the engine, JSON trees for objects) into typed
// structs, recording every problem with its full key path instead of stopping at the first.
type decoder struct {
	problems *validation.List
	// secretKey is true while decoding a key with at least one encrypted leaf.
	secretKey bool
	// encryptedLeaves are the paths of the key's encrypted leaves, when known from the stack file. Then only
	// those count as encrypted; otherwise every leaf of a secret key does.
	encryptedLeaves map[string]bool
	// zeros are the paths of numbers given explicitly as 0, which some settings read as "unset".
	zeros []string
}

// decodeRaw decodes one top-level config value, as the engine passes it, into target.
func (d *decoder) decodeRaw(path, raw string, target reflect.Value) {
	if len(raw) > maxValueBytes {
		d.problems.Add(path, "has %d bytes; allowed: at most %d", len(raw), maxValueBytes)
		return
	}
	kind := target.Kind()
	if kind == reflect.Pointer {
		kind = target.Type().Elem().Kind()
	}
	switch kind {
	case reflect.Struct, reflect.Slice, reflect.Map:
		if target.Type() == secretType {
			d.decode(path, raw, target, 0)
			return
		}
		var tree any
		decoderJSON := json.NewDecoder(strings.NewReader(raw))
		decoderJSON.UseNumber()
		if err := decoderJSON.Decode(&tree); err != nil {
			d.problems.Add(path, "is not valid structured config (%v); allowed: %s", err, describe(target.Type()))
			return
		}
		d.decode(path, tree, target, 0)
	default:
		// The engine passes a list or map as JSON text, which would otherwise read as a string.
		trimmed := strings.TrimSpace(raw)
		if (strings.HasPrefix(trimmed, "[") || strings.HasPrefix(trimmed, "{")) && json.Valid([]byte(trimmed)) {
			d.problems.Add(path, "is a list or map; allowed: %s", describe(target.Type()))
			return
		}
		d.decode(path, raw, target, 0)
	}
}

func (d *decoder) decode(path string, value any, target reflect.Value, depth int) {
	if depth > maxDepth {
		d.problems.Add(path, "is nested more than %d levels deep", maxDepth)
		return
	}
	if value == nil {
		return
	}
	if s, ok := value.(string); ok && (s == encryptedMarker || d.encryptedLeaves[path]) &&
		target.Type() != secretType && target.Kind() != reflect.Pointer {
		d.problems.Add(path, "is stored encrypted (`secure:`), but it is not a credential and is used in plain "+
			"text; set it without --secret")
		return
	}

	switch target.Kind() {
	case reflect.Pointer:
		element := reflect.New(target.Type().Elem())
		d.decode(path, value, element.Elem(), depth+1)
		target.Set(element)
	case reflect.Struct:
		if target.Type() == secretType {
			d.decodeSecret(path, value, target)
			return
		}
		d.decodeStruct(path, value, target, depth)
	case reflect.Slice:
		items, ok := value.([]any)
		if !ok {
			d.mismatch(path, value, target.Type())
			return
		}
		if len(items) > maxListLength {
			d.problems.Add(path, "has %d entries; allowed: at most %d", len(items), maxListLength)
			return
		}
		slice := reflect.MakeSlice(target.Type(), len(items), len(items))
		for i, item := range items {
			d.decode(validation.Index(path, i), item, slice.Index(i), depth+1)
		}
		target.Set(slice)
	case reflect.Map:
		entries, ok := value.(map[string]any)
		if !ok {
			d.mismatch(path, value, target.Type())
			return
		}
		if len(entries) > maxMapEntries {
			d.problems.Add(path, "has %d entries; allowed: at most %d", len(entries), maxMapEntries)
			return
		}
		out := reflect.MakeMapWithSize(target.Type(), len(entries))
		for _, key := range sortedKeys(entries) {
			element := reflect.New(target.Type().Elem()).Elem()
			d.decode(validation.Join(path, key), entries[key], element, depth+1)
			out.SetMapIndex(reflect.ValueOf(key), element)
		}
		target.Set(out)
	case reflect.String:
		switch v := value.(type) {
		case string:
			target.SetString(v)
		case json.Number, bool:
			target.SetString(fmt.Sprint(v))
		default:
			d.mismatch(path, value, target.Type())
		}
	case reflect.Bool:
		switch v := value.(type) {
		case bool:
			target.SetBool(v)
		case string:
			parsed, err := strconv.ParseBool(v)
			if err != nil || (v != "true" && v != "false") {
				d.mismatch(path, value, target.Type())
				return
			}
			target.SetBool(parsed)
		default:
			d.mismatch(path, value, target.Type())
		}
	case reflect.Int:
		number, ok := toFloat(value)
		if !ok || number != math.Trunc(number) {
			d.mismatch(path, value, target.Type())
			return
		}
		if math.Abs(number) > maxNumber {
			d.outOfRange(path, number, "a whole number")
			return
		}
		target.SetInt(int64(number))
		if number == 0 {
			d.zeros = append(d.zeros, path)
		}
	case reflect.Float64:
		number, ok := toFloat(value)
		if !ok || math.IsNaN(number) || math.IsInf(number, 0) {
			d.mismatch(path, value, target.Type())
			return
		}
		if math.Abs(number) > maxNumber {
			d.outOfRange(path, number, "a number")
			return
		}
		target.SetFloat(number)
		if number == 0 {
			d.zeros = append(d.zeros, path)
		}
	default:
		d.problems.Add(path, "cannot be decoded into %s", target.Type())
	}
}

// maxNumber bounds every number in config: no Azure setting this program passes on comes near it, and a
// bound keeps float64 to int64 conversions exact.
const maxNumber = 1e9

// outOfRange records a number beyond maxNumber; kind says which numbers the setting takes.
func (d *decoder) outOfRange(path string, number float64, kind string) {
	d.problems.Add(path, "%s is not allowed; allowed: %s from -%d to %d",
		strconv.FormatFloat(number, 'f', -1, 64), kind, int(maxNumber), int(maxNumber))
}

func (d *decoder) decodeStruct(path string, value any, target reflect.Value, depth int) {
	entries, ok := value.(map[string]any)
	if !ok {
		d.mismatch(path, value, target.Type())
		return
	}
	fields := structFields(target.Type())
	for _, key := range sortedKeys(entries) {
		index, known := fields[key]
		if !known {
			d.problems.Add(validation.Join(path, key), "is not a known setting; allowed: %s",
				strings.Join(sortedKeys(fields), ", "))
			continue
		}
		d.decode(validation.Join(path, key), entries[key], target.Field(index), depth+1)
	}
}

func (d *decoder) decodeSecret(path string, value any, target reflect.Value) {
	text, ok := value.(string)
	if !ok {
		d.mismatch(path, value, target.Type())
		return
	}
	encrypted := d.secretKey
	if d.encryptedLeaves != nil {
		encrypted = d.encryptedLeaves[path]
	}
	secret := Secret{value: text, set: true, encrypted: encrypted}
	if text == encryptedMarker {
		secret = Secret{set: true, encrypted: true, unreadable: true}
	}
	target.Set(reflect.ValueOf(secret))
}

func (d *decoder) mismatch(path string, value any, want reflect.Type) {
	d.problems.Add(path, "%s is not allowed; allowed: %s", show(value), describe(want))
}

// structFields maps each json name of t to its field index.
func structFields(t reflect.Type) map[string]int {
	fields := map[string]int{}
	for i := range t.NumField() {
		field := t.Field(i)
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		if name == "" || name == "-" || !field.IsExported() {
			continue
		}
		fields[name] = i
	}
	return fields
}

// describe says in words what a value of type t looks like.
func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return describe(t.Elem())
	case reflect.Struct:
		if t == secretType {
			return "a string (set it with `pulumi config set --secret`)"
		}
		return "an object with the keys " + strings.Join(sortedKeys(structFields(t)), ", ")
	case reflect.Slice:
		return "a list of " + plural(describe(t.Elem()))
	case reflect.Map:
		return "a map of names to " + plural(describe(t.Elem()))
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	}
	return t.String()
}

func plural(description string) string {
	for _, article := range []string{"a ", "an "} {
		if rest, ok := strings.CutPrefix(description, article); ok {
			switch {
			case strings.HasPrefix(rest, "object"):
				return "objects" + strings.TrimPrefix(rest, "object")
			case strings.HasPrefix(rest, "string"):
				return "strings" + strings.TrimPrefix(rest, "string")
			case strings.HasPrefix(rest, "whole number"):
				return "whole numbers"
			case strings.HasPrefix(rest, "number"):
				return "numbers"
			}
			return rest
		}
	}
	return description
}

// show renders a config value for an error message, shortened so a huge value cannot flood the output.
func show(value any) string {
	var text string
	switch v := value.(type) {
	case string:
		text = strconv.Quote(v)
	case map[string]any:
		text = "an object"
	case []any:
		text = "a list"
	default:
		text = fmt.Sprint(v)
	}
	if len(text) > 80 {
		text = text[:77] + "..."
	}
	return text
}

func toFloat(value any) (float64, bool) {
	switch v := value.(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case float64:
		return v, true
	case int:
		return float64(v), true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil && strings.TrimSpace(v) == v && v != ""
	}
	return 0, false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	return keys
}
