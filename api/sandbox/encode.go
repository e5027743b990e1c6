package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The wire structs fix the JSON key order of each answer.

type contactJSON struct {
	ID           string   `json:"id"`
	WorkspaceID  string   `json:"workspace_id"`
	CustomerID   string   `json:"customer_id"`
	FirstName    string   `json:"first_name"`
	LastName     string   `json:"last_name"`
	Email        string   `json:"email"`
	Phone        *string  `json:"phone"`
	Role         []string `json:"role"`
	IDCRM        *string  `json:"id_crm"`
	IDERP        *string  `json:"id_erp"`
	IDAccounting *string  `json:"id_accounting"`
	AddressIDs   []string `json:"address_ids"`
	CreatedAt    string   `json:"created_at"`
	UpdatedAt    string   `json:"updated_at"`
}

// contactPatchJSON is the PATCH answer: no workspace_id, no address_ids.
type contactPatchJSON struct {
	ID           string   `json:"id"`
	CustomerID   string   `json:"customer_id"`
	FirstName    string   `json:"first_name"`
	LastName     string   `json:"last_name"`
	Email        string   `json:"email"`
	Phone        *string  `json:"phone"`
	Role         []string `json:"role"`
	IDCRM        *string  `json:"id_crm"`
	IDERP        *string  `json:"id_erp"`
	IDAccounting *string  `json:"id_accounting"`
	CreatedAt    string   `json:"created_at"`
	UpdatedAt    string   `json:"updated_at"`
}

type addressJSON struct {
	ID          string `json:"id"`
	WorkspaceID string `json:"workspace_id"`
	addressBody
}

// addressPatchJSON is the PATCH answer: no workspace_id.
type addressPatchJSON struct {
	ID string `json:"id"`
	addressBody
}

// addressBody is the part of an address after id and workspace_id.
type addressBody struct {
	CustomerID   string  `json:"customer_id"`
	Type         string  `json:"type"`
	Name         *string `json:"name"`
	AddressLine1 string  `json:"address_line1"`
	AddressLine2 *string `json:"address_line2"`
	City         string  `json:"city"`
	State        *string `json:"state"`
	PostalCode   string  `json:"postal_code"`
	Country      string  `json:"country"`
	ContactID    *string `json:"contact_id"`
	Comment      *string `json:"comment"`
	IDCRM        *string `json:"id_crm"`
	IDERP        *string `json:"id_erp"`
	IDAccounting *string `json:"id_accounting"`
	CreatedAt    string  `json:"created_at"`
	UpdatedAt    string  `json:"updated_at"`
}

type customerJSON struct {
	ID          string   `json:"id"`
	WorkspaceID string   `json:"workspace_id"`
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	ContactIDs  []string `json:"contact_ids"`
	AddressIDs  []string `json:"address_ids"`
	CreatedAt   string   `json:"created_at"`
	UpdatedAt   string   `json:"updated_at"`
}

type envelope struct {
	Success bool `json:"success"`
	Data    any  `json:"data"`
}

type errorEnvelope struct {
	Success bool     `json:"success"`
	Error   apiError `json:"error"`
}

// apiError is an error answer; Status is the HTTP status.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// stampJSON formats a timestamp as RFC 3339 UTC with seconds.
func stampJSON(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// list returns ids, or an empty (non-nil) list so that it encodes as [].
func list(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

func contactWire(c *Contact) contactJSON {
	return contactJSON{
		ID: c.ID, WorkspaceID: c.WorkspaceID, CustomerID: c.CustomerID,
		FirstName: c.FirstName, LastName: c.LastName, Email: c.Email,
		Phone: c.Phone, Role: list(c.Role),
		IDCRM: c.IDCRM, IDERP: c.IDERP, IDAccounting: c.IDAccounting,
		AddressIDs: list(c.AddressIDs),
		CreatedAt:  stampJSON(c.CreatedAt), UpdatedAt: stampJSON(c.UpdatedAt),
	}
}

func contactPatchWire(c *Contact) contactPatchJSON {
	w := contactWire(c)
	return contactPatchJSON{
		ID: w.ID, CustomerID: w.CustomerID, FirstName: w.FirstName,
		LastName: w.LastName, Email: w.Email, Phone: w.Phone, Role: w.Role,
		IDCRM: w.IDCRM, IDERP: w.IDERP, IDAccounting: w.IDAccounting,
		CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt,
	}
}

func addressBodyWire(a *Address) addressBody {
	return addressBody{
		CustomerID: a.CustomerID, Type: a.Type, Name: a.Name,
		AddressLine1: a.AddressLine1, AddressLine2: a.AddressLine2,
		City: a.City, State: a.State, PostalCode: a.PostalCode,
		Country: a.Country, ContactID: a.ContactID, Comment: a.Comment,
		IDCRM: a.IDCRM, IDERP: a.IDERP, IDAccounting: a.IDAccounting,
		CreatedAt: stampJSON(a.CreatedAt), UpdatedAt: stampJSON(a.UpdatedAt),
	}
}

func addressWire(a *Address) addressJSON {
	return addressJSON{ID: a.ID, WorkspaceID: a.WorkspaceID, addressBody: addressBodyWire(a)}
}

func addressPatchWire(a *Address) addressPatchJSON {
	return addressPatchJSON{ID: a.ID, addressBody: addressBodyWire(a)}
}

func customerWire(c *Customer) customerJSON {
	return customerJSON{
		ID: c.ID, WorkspaceID: c.WorkspaceID, Name: c.Name, Type: c.Type,
		ContactIDs: list(c.ContactIDs), AddressIDs: list(c.AddressIDs),
		CreatedAt: stampJSON(c.CreatedAt), UpdatedAt: stampJSON(c.UpdatedAt),
	}
}

// writeJSON encodes v once, without HTML escaping, and sends it.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only reachable with a programming error: the wire types always encode.
		panic("sandbox: encoding answer: " + err.Error())
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// writeData sends a success envelope around data.
func writeData(w http.ResponseWriter, data any) {
	writeJSON(w, http.StatusOK, envelope{Success: true, Data: data})
}

// writeError sends the nested error envelope.
func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.Status, errorEnvelope{Success: false, Error: *e})
}

// statusError builds the error sent for a bare status (used by faults).
func statusError(status int) *apiError {
	codes := map[int]string{
		400: "bad_request", 401: "unauthorized", 403: "forbidden",
		404: "not_found", 405: "method_not_allowed", 409: "conflict",
		413: "payload_too_large", 415: "unsupported_media_type",
		422: "validation_error", 429: "rate_limited",
		500: "internal_error", 502: "bad_gateway",
		503: "service_unavailable", 504: "gateway_timeout",
	}
	msg := http.StatusText(status)
	code, ok := codes[status]
	if !ok {
		code = strings.ReplaceAll(strings.ToLower(msg), " ", "_")
		if code == "" {
			code = "error"
		}
	}
	if msg == "" {
		msg = "Error " + strconv.Itoa(status)
	}
	return &apiError{Status: status, Code: code, Message: msg}
}
