package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"golang.org/x/text/language"
)

// allowedRoles are the documented contact roles.
var allowedRoles = []string{"buyer", "signer", "billing", "shipping", "legal", "admin"}

// Fields that exist on records but cannot be written (customer_id aside).
var (
	contactReadOnly = []string{"id", "workspace_id", "address_ids", "created_at", "updated_at"}
	addressReadOnly = []string{"id", "workspace_id", "created_at", "updated_at"}
)

func badRequest(code, msg string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: code, Message: msg}
}

func invalid(name, msg string) *apiError {
	return &apiError{Status: http.StatusUnprocessableEntity, Code: "validation_error",
		Message: name + ": " + msg, Field: name}
}

// requiredString decodes a non-empty (not blank) string, never null.
func requiredString(f field) (string, *apiError) {
	if k := kind(f.raw); k != "string" {
		return "", invalid(f.name, "must be a non-empty string, not "+k)
	}
	s := decodeString(f.raw)
	if strings.TrimSpace(s) == "" {
		return "", invalid(f.name, "must not be empty")
	}
	return s, nil
}

// nullableString decodes a string, or null (nil).
func nullableString(f field) (*string, *apiError) {
	switch k := kind(f.raw); k {
	case "null":
		return nil, nil
	case "string":
		return ptr(decodeString(f.raw)), nil
	default:
		return nil, invalid(f.name, "must be a string or null, not "+k)
	}
}

// validEmail accepts local@domain.tld: one @, no whitespace or control
// characters, a non-empty local part, a dotted domain without empty labels.
func validEmail(s string) bool {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || !strings.Contains(domain, ".") {
		return false
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" {
			return false
		}
	}
	return true
}

// notISO are two-letter codes that x/text (CLDR) takes for countries but
// that ISO 3166-1 does not assign: withdrawn (YU, SU, ...) or exceptionally
// reserved (UK, EA, ...) codes, and XK. Without them, 249 codes remain, the
// officially assigned ones.
var notISO = strings.Fields("AC AN BU CP CQ CS CT DD DG DY EA EZ FQ FX HV IC JT MI NH NQ NT PC PU PZ RH SU TA TP UK UN VD WK XK YD YU ZR")

// validCountry accepts an ISO 3166-1 alpha-2 country code in capitals.
func validCountry(s string) bool {
	r, err := language.ParseRegion(s)
	return err == nil && r.IsCountry() && r.String() == s && !containsString(notISO, s)
}

// validUUID accepts the 8-4-4-4-12 hexadecimal form (any version, any case).
func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// roles decodes a role list: an array of distinct allowed values.
func roles(f field) ([]string, *apiError) {
	if k := kind(f.raw); k != "array" {
		return nil, invalid(f.name, "must be an array of roles, not "+k)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(f.raw, &items); err != nil {
		return nil, invalid(f.name, "must be an array of roles")
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if k := kind(it); k != "string" {
			return nil, invalid(f.name, "each role must be a string, not "+k)
		}
		r := decodeString(it)
		if !containsString(allowedRoles, r) {
			return nil, invalid(f.name, fmt.Sprintf("unknown role %q (allowed: %s)", r, strings.Join(allowedRoles, ", ")))
		}
		if containsString(out, r) {
			return nil, invalid(f.name, fmt.Sprintf("duplicate role %q", r))
		}
		out = append(out, r)
	}
	return out, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// notWritable reports a field that is not writable: customer_id, a
// read-only field or an unknown one.
func notWritable(name string, readOnly []string) *apiError {
	switch {
	case name == "customer_id":
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "validation_error",
			Message: "customer_id cannot be changed after creation", Field: name}
	case containsString(readOnly, name):
		return invalid(name, "field is read-only")
	}
	return invalid(name, "unknown field")
}

func noFields() *apiError {
	return &apiError{Status: http.StatusUnprocessableEntity, Code: "validation_error", Message: "no fields to update"}
}

// patchContact applies fields to c (a private copy). On error c is garbage.
func patchContact(c *Contact, fields []field) *apiError {
	if len(fields) == 0 {
		return noFields()
	}
	for _, f := range fields {
		var e *apiError
		switch f.name {
		case "first_name":
			c.FirstName, e = requiredString(f)
		case "last_name":
			c.LastName, e = requiredString(f)
		case "email":
			if c.Email, e = requiredString(f); e == nil && !validEmail(c.Email) {
				e = invalid(f.name, "must be a valid email address")
			}
		case "phone":
			c.Phone, e = nullableString(f)
		case "id_crm":
			c.IDCRM, e = nullableString(f)
		case "id_erp":
			c.IDERP, e = nullableString(f)
		case "id_accounting":
			c.IDAccounting, e = nullableString(f)
		case "role":
			c.Role, e = roles(f)
		default:
			e = notWritable(f.name, contactReadOnly)
		}
		if e != nil {
			return e
		}
	}
	return nil
}

// patchAddress applies fields to a (a private copy); contactID looks up a new
// contact_id and returns the contact's id as stored. On error a is garbage.
func patchAddress(a *Address, fields []field, contactID func(id string) (string, bool)) *apiError {
	if len(fields) == 0 {
		return noFields()
	}
	for _, f := range fields {
		var e *apiError
		switch f.name {
		case "type":
			if a.Type, e = requiredString(f); e == nil && a.Type != "billing" && a.Type != "shipping" {
				e = invalid(f.name, `must be "billing" or "shipping"`)
			}
		case "address_line1":
			a.AddressLine1, e = requiredString(f)
		case "city":
			a.City, e = requiredString(f)
		case "postal_code":
			a.PostalCode, e = requiredString(f)
		case "country":
			if a.Country, e = requiredString(f); e == nil && !validCountry(a.Country) {
				e = invalid(f.name, "must be an ISO 3166-1 alpha-2 country code in capitals, e.g. FR")
			}
		case "name":
			a.Name, e = nullableString(f)
		case "address_line2":
			a.AddressLine2, e = nullableString(f)
		case "state":
			a.State, e = nullableString(f)
		case "comment":
			a.Comment, e = nullableString(f)
		case "id_crm":
			a.IDCRM, e = nullableString(f)
		case "id_erp":
			a.IDERP, e = nullableString(f)
		case "id_accounting":
			a.IDAccounting, e = nullableString(f)
		case "contact_id":
			a.ContactID, e = nullableString(f)
			switch {
			case e != nil || a.ContactID == nil:
			case !validUUID(*a.ContactID):
				e = invalid(f.name, "must be a UUID or null")
			default:
				id, ok := contactID(*a.ContactID)
				if !ok {
					e = invalid(f.name, "contact "+*a.ContactID+" does not exist")
				}
				a.ContactID = &id
			}
		default:
			e = notWritable(f.name, addressReadOnly)
		}
		if e != nil {
			return e
		}
	}
	return nil
}
