package sandbox

import (
	"bytes"
	"encoding/json"
)

// Data of an unexpected shape. A real server can hold values its own
// documentation does not describe (a phone imported as a number, timestamps
// written by another system): Contact.Wire and Address.Wire model them. Each
// entry replaces that member's JSON in every answer about the record (GET,
// list, PATCH), exactly as given. A PATCH that sets a field clears its
// entry (the server now holds a value of the documented shape), and every
// write clears updated_at's (the server stamps it anew).

// wired is a record's wire struct with its overrides, for encoding.
type wired struct {
	v    any
	over map[string]json.RawMessage
}

// withWire pairs a wire struct with the record's overrides.
func withWire(v any, over map[string]json.RawMessage) any {
	if len(over) == 0 {
		return v
	}
	return wired{v: v, over: over}
}

// MarshalJSON encodes the struct, then replaces the overridden members,
// keeping the key order.
func (w wired) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w.v); err != nil {
		return nil, err
	}
	var members []struct {
		key string
		raw json.RawMessage
	}
	dec := json.NewDecoder(&buf)
	if _, err := dec.Token(); err != nil { // {
		return nil, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if o, ok := w.over[key]; ok {
			raw = o
		}
		members = append(members, struct {
			key string
			raw json.RawMessage
		}{key, raw})
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		out.Write(k)
		out.WriteByte(':')
		out.Write(m.raw)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// clearWire drops the overrides of the fields a write set, and of
// updated_at.
func clearWire(over map[string]json.RawMessage, fields []field) map[string]json.RawMessage {
	if len(over) == 0 {
		return over
	}
	out := cloneWire(over)
	delete(out, "updated_at")
	for _, f := range fields {
		delete(out, f.name)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func cloneWire(over map[string]json.RawMessage) map[string]json.RawMessage {
	if over == nil {
		return nil
	}
	out := make(map[string]json.RawMessage, len(over))
	for k, v := range over {
		out[k] = append(json.RawMessage(nil), v...)
	}
	return out
}
