package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
)

// Value is one field's value as the API carries it: a string, a JSON null,
// or a list of strings (a contact's roles). The zero Value is the empty
// string.
//
// A value the server sent in a shape the field does not document (a number
// where a string belongs, an object, a list of numbers) is kept as received:
// a raw Value. It compares by its bytes, shows as received, and can never be
// sent (Field.Validate, and so Patch.Set, refuse it).
//
// Values are compared, diffed, written to the audit log and to drafts, so
// the representation is deliberately small and JSON-shaped.
type Value struct {
	null   bool
	isList bool
	raw    bool
	str    string // the string, or a raw value's compact JSON
	list   []string
}

// String returns a Value holding the string s.
func String(s string) Value { return Value{str: s} }

// Null returns the JSON null Value.
func Null() Value { return Value{null: true} }

// List returns a Value holding a list of strings. A nil list is encoded as
// an empty JSON array, never as null.
func List(items ...string) Value {
	return Value{isList: true, list: slices.Clone(items)}
}

// Raw returns the Value of JSON received in a shape the field does not
// document. b is kept compact (insignificant spaces dropped), so two copies
// of the same value compare equal however they were spaced. Invalid JSON is
// kept as a JSON string of its text.
func Raw(b []byte) Value {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		s, _ := marshalPlain(string(b))
		return Value{raw: true, str: string(s)}
	}
	return Value{raw: true, str: buf.String()}
}

// FromNullString converts a NullString into a Value (null or string).
func FromNullString(n NullString) Value {
	if !n.Valid {
		return Null()
	}
	return String(n.String)
}

// IsNull reports whether v is JSON null.
func (v Value) IsNull() bool { return v.null }

// IsList reports whether v holds a list.
func (v Value) IsList() bool { return v.isList }

// IsRaw reports whether v is JSON kept as received (see Raw).
func (v Value) IsRaw() bool { return v.raw }

// RawJSON returns a raw Value's JSON, as received but compact (nil for
// other values).
func (v Value) RawJSON() []byte {
	if !v.raw {
		return nil
	}
	return []byte(v.str)
}

// Str returns the string held by v ("" for null, lists and raw values).
func (v Value) Str() string {
	if v.raw {
		return ""
	}
	return v.str
}

// Items returns a copy of the list held by v (nil for strings and null).
func (v Value) Items() []string { return slices.Clone(v.list) }

// NullString converts v to a NullString; lists and raw values become an
// invalid NullString.
func (v Value) NullString() NullString {
	if v.null || v.isList || v.raw {
		return NullString{}
	}
	return NullString{String: v.str, Valid: true}
}

// Equal reports whether v and w hold the same value. Lists compare element
// by element, in order; raw values by their (compact) bytes, and never equal
// a string, null or list.
func (v Value) Equal(w Value) bool {
	if v.null != w.null || v.isList != w.isList || v.raw != w.raw {
		return false
	}
	if v.isList {
		return slices.Equal(v.list, w.list)
	}
	return v.str == w.str
}

// Text renders v for people: null is "null", lists are comma separated, a
// raw value is its JSON as received. The result is NOT sanitized; pass it
// through the sanitizer before it reaches a terminal.
func (v Value) Text() string {
	switch {
	case v.raw:
		return v.str
	case v.null:
		return "null"
	case v.isList:
		return "[" + strings.Join(v.list, ", ") + "]"
	default:
		return v.str
	}
}

// MarshalJSON encodes v as a JSON string, null or array of strings; a raw
// value as the JSON it was received as (for drafts and the audit log: a
// patch never holds one).
func (v Value) MarshalJSON() ([]byte, error) {
	switch {
	case v.raw:
		return []byte(v.str), nil
	case v.null:
		return []byte("null"), nil
	case v.isList:
		if v.list == nil {
			return []byte("[]"), nil
		}
		return marshalPlain(v.list)
	default:
		return marshalPlain(v.str)
	}
}

// marshalPlain encodes v as JSON without HTML escaping, so "<" and "&"
// reach the server as typed.
func marshalPlain(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON decodes a JSON string, null or array of strings; any other
// JSON (a number, a bool, an object, a list of other things) becomes a raw
// Value, so a draft or an audit entry holding one reads back as it was.
func (v *Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if !json.Valid(b) {
		return errors.New("expected a string, null or a list of strings")
	}
	switch {
	case bytes.Equal(b, []byte("null")):
		*v = Null()
	case b[0] == '"':
		var s string
		_ = json.Unmarshal(b, &s)
		*v = String(s)
	case b[0] == '[':
		var items []string
		if json.Unmarshal(b, &items) != nil {
			*v = Raw(b)
			return nil
		}
		*v = List(items...)
	default:
		*v = Raw(b)
	}
	return nil
}

// JSONKind names the JSON type of b for people: "a number", "true or
// false", "an object", "a list", "a string", "null".
func JSONKind(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}

// Values maps field names to values: a record's fields, or the fields of an
// edit.
type Values map[string]Value

// Clone returns a copy of vs.
func (vs Values) Clone() Values {
	out := make(Values, len(vs))
	for k, v := range vs {
		out[k] = v
	}
	return out
}

// NullString is a string that may be JSON null. The zero value is null;
// Valid distinguishes null from the empty string.
type NullString struct {
	String string
	Valid  bool
}

// NewNullString returns a valid (non-null) NullString holding s.
func NewNullString(s string) NullString { return NullString{String: s, Valid: true} }

// MarshalJSON encodes n as a JSON string or null.
func (n NullString) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return marshalPlain(n.String)
}

// UnmarshalJSON decodes a JSON string or null.
func (n *NullString) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*n = NullString{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("expected a string or null")
	}
	*n = NullString{String: s, Valid: true}
	return nil
}
