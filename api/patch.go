package api

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ErrEmptyPatch is returned when a patch with no fields would be encoded or
// sent. An empty PATCH is never sent.
var ErrEmptyPatch = errors.New("nothing to change: the patch has no fields")

// Patch is a partial update of one kind of record. It encodes only the
// fields that were set, in the API's field order. Every value is checked
// against the schema when it is set: required strings cannot be null or
// empty, roles and types only take their allowed values, and fields the API
// does not let you change (customer_id, id, ...) cannot be set at all.
type Patch struct {
	schema *Schema
	values Values
}

// NewPatch returns an empty patch for records described by s.
func NewPatch(s *Schema) *Patch { return &Patch{schema: s, values: Values{}} }

// NewContactPatch returns an empty contact patch.
func NewContactPatch() *Patch { return NewPatch(ContactSchema) }

// NewAddressPatch returns an empty address patch.
func NewAddressPatch() *Patch { return NewPatch(AddressSchema) }

// Schema returns the schema the patch follows.
func (p *Patch) Schema() *Schema { return p.schema }

// Set sets field name to v after checking it against the schema.
func (p *Patch) Set(name string, v Value) error {
	f, ok := p.schema.Field(name)
	if !ok {
		return &FieldError{Field: name, Problem: fmt.Sprintf("is not a field a %s update can change (fields: %s)", p.schema.Kind, strings.Join(p.schema.Names(), ", "))}
	}
	if err := f.Validate(v); err != nil {
		return err
	}
	p.values[name] = v
	return nil
}

// SetString sets a string field.
func (p *Patch) SetString(name, s string) error { return p.Set(name, String(s)) }

// SetNull sets a nullable field to null (unsets it).
func (p *Patch) SetNull(name string) error { return p.Set(name, Null()) }

// SetList sets a list field (a contact's roles); it replaces the whole list.
func (p *Patch) SetList(name string, items ...string) error { return p.Set(name, List(items...)) }

// Len returns the number of fields set.
func (p *Patch) Len() int { return len(p.values) }

// Fields returns the names of the fields set, in the API's order.
func (p *Patch) Fields() []string {
	names := slices.Collect(maps.Keys(p.values))
	slices.SortFunc(names, func(a, b string) int { return p.schema.index(a) - p.schema.index(b) })
	return names
}

// Get returns the value set for a field.
func (p *Patch) Get(name string) (Value, bool) {
	v, ok := p.values[name]
	return v, ok
}

// Values returns a copy of the fields set.
func (p *Patch) Values() Values { return p.values.Clone() }

// MarshalJSON encodes exactly the fields set, in the API's order. An empty
// patch is an error.
func (p *Patch) MarshalJSON() ([]byte, error) {
	if p == nil || len(p.values) == 0 {
		return nil, ErrEmptyPatch
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, name := range p.Fields() {
		if i > 0 {
			buf.WriteByte(',')
		}
		key, _ := marshalPlain(name)
		val, err := p.values[name].MarshalJSON()
		if err != nil {
			return nil, err
		}
		buf.Write(key)
		buf.WriteByte(':')
		buf.Write(val)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// PatchFromValues builds a patch of schema s holding every field of vs.
func PatchFromValues(s *Schema, vs Values) (*Patch, error) {
	p := NewPatch(s)
	names := slices.Sorted(maps.Keys(vs))
	for _, name := range names {
		if err := p.Set(name, vs[name]); err != nil {
			return nil, err
		}
	}
	return p, nil
}
