package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// field is one member of a PATCH body, in body order.
type field struct {
	name string
	raw  json.RawMessage
}

// checkContentType requires application/json; parameters are accepted, but
// a charset other than UTF-8 is not.
func checkContentType(ct string) *apiError {
	mt, params, err := mime.ParseMediaType(ct)
	if err == nil && mt == "application/json" {
		if cs, ok := params["charset"]; !ok || strings.EqualFold(cs, "utf-8") {
			return nil
		}
	}
	got := ct
	if got == "" {
		got = "none"
	}
	return &apiError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
		Message: "Content-Type must be application/json (got " + got + ")"}
}

// parseObject splits a PATCH body into its members, in order. The body must
// be exactly one JSON object without duplicate keys.
func parseObject(body []byte) ([]field, *apiError) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badRequest("invalid_json", "request body is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	bad := func(err error) *apiError {
		return badRequest("invalid_json", "request body is not valid JSON: "+err.Error())
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, bad(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, badRequest("invalid_json", "request body must be a JSON object")
	}
	var fields []field
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, bad(err)
		}
		name, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, bad(err)
		}
		if seen[name] {
			return nil, badRequest("invalid_json", fmt.Sprintf("duplicate key %q in request body", name))
		}
		seen[name] = true
		fields = append(fields, field{name, raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, bad(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, badRequest("invalid_json", "unexpected data after the JSON object")
	}
	return fields, nil
}

// kind returns the JSON kind of a raw value: null, string, array, object,
// boolean or number.
func kind(raw json.RawMessage) string {
	switch raw[0] {
	case 'n':
		return "null"
	case '"':
		return "string"
	case '[':
		return "array"
	case '{':
		return "object"
	case 't', 'f':
		return "boolean"
	}
	return "number"
}

func decodeString(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s) // kind() said it is a string
	return s
}
