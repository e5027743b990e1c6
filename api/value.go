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
// Values are compared, diffed, written to the audit log and to drafts, so
// the representation is deliberately small and JSON-shaped.
type Value struct {
	null   bool
	isList bool
	str    string
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

// Str returns the string held by v ("" for null and lists).
func (v Value) Str() string { return v.str }

// Items returns a copy of the list held by v (nil for strings and null).
func (v Value) Items() []string { return slices.Clone(v.list) }

// NullString converts v to a NullString; lists become an invalid NullString.
func (v Value) NullString() NullString {
	if v.null || v.isList {
		return NullString{}
	}
	return NullString{String: v.str, Valid: true}
}

// Equal reports whether v and w hold the same value. Lists compare element
// by element, in order.
func (v Value) Equal(w Value) bool {
	if v.null != w.null || v.isList != w.isList {
		return false
	}
	if v.isList {
		return slices.Equal(v.list, w.list)
	}
	return v.str == w.str
}

// Text renders v for people: null is "null", lists are comma separated.
// The result is NOT sanitized; pass it through the sanitizer before it
// reaches a terminal.
func (v Value) Text() string {
	switch {
	case v.null:
		return "null"
	case v.isList:
		return "[" + strings.Join(v.list, ", ") + "]"
	default:
		return v.str
	}
}

// MarshalJSON encodes v as a JSON string, null or array of strings.
func (v Value) MarshalJSON() ([]byte, error) {
	switch {
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

// UnmarshalJSON decodes a JSON string, null or array of strings.
func (v *Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*v = Null()
		return nil
	case len(b) > 0 && b[0] == '[':
		var items []string
		if err := json.Unmarshal(b, &items); err != nil {
			return errors.New("expected a list of strings")
		}
		*v = List(items...)
		return nil
	default:
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return errors.New("expected a string, null or a list of strings")
		}
		*v = String(s)
		return nil
	}
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
