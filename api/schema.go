package api

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Kind names a kind of record the tool can edit.
type Kind string

// The kinds of record the tool edits.
const (
	KindContact Kind = "contact"
	KindAddress Kind = "address"
)

// collection is the API path of a kind's records: "contacts", "addresses".
func (k Kind) collection() string {
	if k == KindAddress {
		return "addresses"
	}
	return "contacts"
}

// Roles lists the values a contact's role may hold, in the API's order.
var Roles = []string{"buyer", "signer", "billing", "shipping", "legal", "admin"}

// AddressTypes lists the values an address's type may hold.
var AddressTypes = []string{"billing", "shipping"}

// FieldType says which JSON shapes a field accepts.
type FieldType int

// The field types of the Qwoty API.
const (
	// TypeString is a string that can never be null.
	TypeString FieldType = iota
	// TypeNullableString is a string, or null to unset it.
	TypeNullableString
	// TypeList is a list of strings from Field.Choices (a contact's roles).
	TypeList
)

// Field describes one updatable field of a record.
type Field struct {
	// Name is the field's JSON name.
	Name string
	// Label is the field's name for people.
	Label string
	// Type says which JSON shapes the field accepts.
	Type FieldType
	// Required fields cannot be empty (and, being TypeString, never null).
	Required bool
	// Choices, when set, lists the allowed values (of the string, or of each
	// list item).
	Choices []string
	// Format, when set, checks a non-empty string value and says what is
	// wrong with it.
	Format func(string) error
	// Hint, when set, describes a valid value for people (e.g. the country's
	// English name for a region code). It never fails.
	Hint func(string) string
}

// Nullable reports whether the field may be set to null.
func (f Field) Nullable() bool { return f.Type == TypeNullableString }

// FieldError says why a value is not acceptable for a field.
type FieldError struct {
	Field   string
	Problem string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// Validate checks v against the field's rules, as the API documents them.
func (f Field) Validate(v Value) error {
	bad := func(format string, args ...any) error {
		return &FieldError{Field: f.Name, Problem: fmt.Sprintf(format, args...)}
	}
	if v.IsRaw() { // JSON of another shape: kept when received, never sent
		want := "a string"
		switch f.Type {
		case TypeNullableString:
			want = "a string or null"
		case TypeList:
			want = "a list of strings"
		}
		return bad("expected %s, not %s", want, JSONKind(v.RawJSON()))
	}
	switch f.Type {
	case TypeList:
		if v.IsNull() || !v.IsList() {
			return bad("must be a list of: %s", strings.Join(f.Choices, ", "))
		}
		seen := map[string]bool{}
		for _, item := range v.list {
			if !slices.Contains(f.Choices, item) {
				return bad("%q is not one of: %s", item, strings.Join(f.Choices, ", "))
			}
			if seen[item] {
				return bad("%q is listed twice", item)
			}
			seen[item] = true
		}
		return nil
	case TypeString, TypeNullableString:
		if v.IsList() {
			return bad("must be a string, not a list")
		}
		if v.IsNull() {
			if f.Nullable() {
				return nil
			}
			return bad("cannot be null")
		}
		if !utf8.ValidString(v.str) {
			return bad("contains bytes that are not valid UTF-8")
		}
		if f.Required && strings.TrimSpace(v.str) == "" {
			return bad("is required and cannot be empty")
		}
		if v.str == "" {
			return nil
		}
		if len(f.Choices) > 0 && !slices.Contains(f.Choices, v.str) {
			return bad("must be one of: %s", strings.Join(f.Choices, ", "))
		}
		if f.Format != nil {
			if err := f.Format(v.str); err != nil {
				return bad("%s", err.Error())
			}
		}
		return nil
	}
	return bad("has an unknown type")
}

// Schema lists the updatable fields of one kind of record, in the API's
// order.
type Schema struct {
	Kind   Kind
	Fields []Field
}

// Field returns the updatable field called name.
func (s *Schema) Field(name string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Names returns the names of the updatable fields, in the API's order.
func (s *Schema) Names() []string {
	names := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		names[i] = f.Name
	}
	return names
}

// index returns the position of a field in the API's order, or -1.
func (s *Schema) index(name string) int {
	return slices.IndexFunc(s.Fields, func(f Field) bool { return f.Name == name })
}

// Diff returns the names of the fields (in the API's order) whose values
// differ between before and after. A field missing from after is unchanged.
func (s *Schema) Diff(before, after Values) []string {
	var changed []string
	for _, f := range s.Fields {
		a, ok := after[f.Name]
		if !ok {
			continue
		}
		if !a.Equal(before[f.Name]) {
			changed = append(changed, f.Name)
		}
	}
	return changed
}

// ContactSchema describes the updatable fields of a contact. customer_id is
// absent on purpose: it cannot be changed after creation.
var ContactSchema = &Schema{Kind: KindContact, Fields: []Field{
	{Name: "first_name", Label: "First name", Type: TypeString, Required: true},
	{Name: "last_name", Label: "Last name", Type: TypeString, Required: true},
	{Name: "email", Label: "Email", Type: TypeString, Required: true, Format: CheckEmail},
	{Name: "phone", Label: "Phone", Type: TypeNullableString},
	{Name: "role", Label: "Roles", Type: TypeList, Choices: Roles},
	{Name: "id_crm", Label: "CRM id", Type: TypeNullableString},
	{Name: "id_erp", Label: "ERP id", Type: TypeNullableString},
	{Name: "id_accounting", Label: "Accounting id", Type: TypeNullableString},
}}

// AddressSchema describes the updatable fields of an address. contact_id
// is left out: re-linking an address to another contact is not a data fix
// this tool offers.
var AddressSchema = &Schema{Kind: KindAddress, Fields: []Field{
	{Name: "type", Label: "Type", Type: TypeString, Required: true, Choices: AddressTypes},
	{Name: "name", Label: "Name", Type: TypeNullableString},
	{Name: "address_line1", Label: "Address line 1", Type: TypeString, Required: true},
	{Name: "address_line2", Label: "Address line 2", Type: TypeNullableString},
	{Name: "city", Label: "City", Type: TypeString, Required: true},
	{Name: "state", Label: "State", Type: TypeNullableString},
	{Name: "postal_code", Label: "Postal code", Type: TypeString, Required: true},
	{Name: "country", Label: "Country", Type: TypeString, Required: true, Format: CheckCountry, Hint: CountryName},
	{Name: "comment", Label: "Comment", Type: TypeNullableString},
	{Name: "id_crm", Label: "CRM id", Type: TypeNullableString},
	{Name: "id_erp", Label: "ERP id", Type: TypeNullableString},
	{Name: "id_accounting", Label: "Accounting id", Type: TypeNullableString},
}}

// SchemaFor returns the schema of a kind of record, or nil.
func SchemaFor(k Kind) *Schema {
	switch k {
	case KindContact:
		return ContactSchema
	case KindAddress:
		return AddressSchema
	}
	return nil
}

// CheckEmail reports whether s is a plain email address (no display name,
// no angle brackets, a dot in the domain).
func CheckEmail(s string) error {
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return fmt.Errorf("%q is not an email address: it contains a space or a control character", s)
		}
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return fmt.Errorf("%q is not an email address (expected name@example.com)", s)
	}
	at := strings.LastIndexByte(s, '@')
	if domain := s[at+1:]; !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return fmt.Errorf("%q is not an email address (the domain needs a dot, as in example.com)", s)
	}
	return nil
}

// withdrawn lists codes deleted from ISO 3166-1 that CLDR (and so
// golang.org/x/text) still knows as countries, for history: the
// Netherlands Antilles, Serbia and Montenegro, the Neutral Zone, the Soviet
// Union and Yugoslavia. Every other rule below comes from x/text's data.
var withdrawn = []string{"AN", "CS", "NT", "SU", "YU"}

// CheckCountry reports whether s is an ISO 3166-1 alpha-2 country code in
// upper case, such as FR. The region data comes from golang.org/x/text:
// a country (not a group), not private use, not a deprecated alias (BU,
// FX, UK: Canonicalize maps those elsewhere), with a UN M49 number and an
// alpha-3 code (exceptionally reserved codes like AC, EA, UN have none).
func CheckCountry(s string) error {
	if len(s) != 2 || strings.ToUpper(s) != s {
		return fmt.Errorf("%q is not a two-letter country code in capitals (ISO 3166-1 alpha-2, e.g. FR)", s)
	}
	r, err := language.ParseRegion(s)
	if err != nil || !r.IsCountry() || r.IsPrivateUse() || r.String() != s || r.Canonicalize() != r ||
		r.M49() == 0 || r.ISO3() == "ZZZ" || slices.Contains(withdrawn, s) {
		return fmt.Errorf("%q is not an ISO 3166-1 country code (e.g. FR, DE, US)", s)
	}
	return nil
}

// CountryName returns the English name of an ISO 3166-1 alpha-2 code, or ""
// when the code is not valid.
func CountryName(code string) string {
	if CheckCountry(code) != nil {
		return ""
	}
	r, _ := language.ParseRegion(code)
	return display.English.Regions().Name(r)
}

// FieldChange is one field's value before and after an edit.
type FieldChange struct {
	Field  string `json:"field"`
	Before Value  `json:"before"`
	After  Value  `json:"after"`
}

// Changes returns the fields whose values differ between before and after,
// in the API's order. A field missing from after is unchanged.
func (s *Schema) Changes(before, after Values) []FieldChange {
	var out []FieldChange
	for _, name := range s.Diff(before, after) {
		out = append(out, FieldChange{Field: name, Before: before[name], After: after[name]})
	}
	return out
}
