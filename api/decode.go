package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// envelope is the API's answer: {"success": true, "data": ...} or an error
// in one of several shapes.
type envelope struct {
	Success *bool           `json:"success"`
	Data    json.RawMessage `json:"data"`
	Error   json.RawMessage `json:"error"`
	Message json.RawMessage `json:"message"`
	Code    json.RawMessage `json:"code"`
}

// keep takes one of a list answer's envelope members, read raw: the list
// itself (data) is streamed apart, everything else is kept for the error.
func (env *envelope) keep(key string, raw json.RawMessage) {
	switch key {
	case "success":
		var ok bool
		if json.Unmarshal(raw, &ok) == nil {
			env.Success = &ok
		}
	case "error":
		env.Error = raw
	case "message":
		env.Message = raw
	case "code":
		env.Code = raw
	}
}

// listProblem is what a streamed list answer's envelope says once read
// whole: its error ("success": false), a missing "data", or nil.
func (env *envelope) listProblem(status int, sawData bool) *Error {
	if env.Success != nil && !*env.Success {
		e := &Error{Kind: ErrAPI, Status: status}
		e.Code, e.Message, e.Field = parseErrorBody(*env)
		return e
	}
	if !sawData {
		return &Error{Kind: ErrBadJSON, Status: status, Message: `it has no "data"`}
	}
	return nil
}

// nestedError is {"code": "...", "message": "...", "field": "..."}.
type nestedError struct {
	Code    json.RawMessage `json:"code"`
	Message json.RawMessage `json:"message"`
	Field   string          `json:"field"`
	Details *struct {
		Field string `json:"field"`
	} `json:"details"`
}

// DecodeResponse turns an HTTP answer into the data it carries or into an
// *Error. status and header come from the response, body is the whole
// (already capped) body. On success the "data" member is returned raw.
//
// It accepts every error shape qwoty-api.md lists: nested
// {"error": {"code", "message"}}, flat {"error": "...", "message": "..."},
// a 200 with "success": false, and non-JSON bodies (HTML, text, empty).
func DecodeResponse(status int, header http.Header, body []byte) (json.RawMessage, *Error) {
	trimmed := bytes.TrimSpace(body)
	ok := status >= 200 && status < 300
	if len(trimmed) == 0 {
		if ok {
			return nil, &Error{Kind: ErrBadJSON, Status: status, Message: "the body was empty"}
		}
		return nil, withRetry(&Error{Kind: ErrNotAPI, Status: status}, header)
	}
	if trimmed[0] != '{' && trimmed[0] != '[' {
		kind := "text"
		if looksHTML(header, trimmed) {
			kind = "html"
		}
		if ok && kind == "text" {
			return nil, &Error{Kind: ErrBadJSON, Status: status, Message: "it was plain text"}
		}
		return nil, withRetry(&Error{Kind: ErrNotAPI, Status: status, Code: kind}, header)
	}
	var env envelope
	if err := json.Unmarshal(trimmed, &env); err != nil {
		if !ok {
			// An error status with broken JSON: report the status first.
			return nil, withRetry(&Error{Kind: ErrAPI, Status: status}, header)
		}
		return nil, &Error{Kind: ErrBadJSON, Status: status, Message: jsonProblem(trimmed)}
	}
	failed := !ok || (env.Success != nil && !*env.Success)
	if !failed {
		if len(env.Data) == 0 || string(env.Data) == "null" {
			return nil, &Error{Kind: ErrBadJSON, Status: status, Message: `it has no "data"`}
		}
		return env.Data, nil
	}
	e := &Error{Kind: ErrAPI, Status: status}
	e.Code, e.Message, e.Field = parseErrorBody(env)
	return nil, withRetry(e, header)
}

// parseErrorBody extracts code, message and field from any error shape.
func parseErrorBody(env envelope) (code, message, field string) {
	message = jsonText(env.Message)
	code = jsonText(env.Code)
	if len(env.Error) > 0 {
		switch bytes.TrimSpace(env.Error)[0] {
		case '{':
			var ne nestedError
			if json.Unmarshal(env.Error, &ne) == nil {
				if c := jsonText(ne.Code); c != "" {
					code = c
				}
				if m := jsonText(ne.Message); m != "" {
					message = m
				}
				field = ne.Field
				if field == "" && ne.Details != nil {
					field = ne.Details.Field
				}
			}
		case '"':
			s := jsonText(env.Error)
			if message == "" {
				message = s
			} else if code == "" {
				code = s
			}
		}
	}
	return code, message, field
}

// jsonText reads a JSON string, number or bool as text; anything else is "".
func jsonText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9') || string(raw) == "true" || string(raw) == "false" {
		return string(raw)
	}
	return ""
}

func looksHTML(header http.Header, body []byte) bool {
	if strings.Contains(strings.ToLower(header.Get("Content-Type")), "html") {
		return true
	}
	prefix := strings.ToLower(string(body[:min(len(body), 64)]))
	return strings.HasPrefix(prefix, "<!doctype html") || strings.HasPrefix(prefix, "<html") || strings.HasPrefix(prefix, "<")
}

// jsonProblem says in plain words what is wrong with a JSON body.
func jsonProblem(body []byte) string {
	if !json.Valid(body) {
		var probe any
		err := json.Unmarshal(body, &probe)
		if err != nil && strings.Contains(err.Error(), "unexpected end") {
			return "it was cut off"
		}
		return "it is not valid JSON"
	}
	return "it lacks the API's envelope"
}

// withRetry copies the Retry-After header into e.
func withRetry(e *Error, header http.Header) *Error {
	if d, ok := parseRetryAfter(header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = d
	}
	return e
}

// maxRetryAfter is the longest Retry-After taken at its word; beyond it a
// header is treated as garbage.
const maxRetryAfter = 365 * 24 * time.Hour

// parseRetryAfter reads a Retry-After header: seconds, or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || secs > maxRetryAfter.Seconds() {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		if d > maxRetryAfter {
			return 0, false
		}
		return d, true
	}
	return 0, false
}

var wordRe = regexp.MustCompile(`[a-z][a-z0-9_]*`)

// fieldInMessage returns the first field of s named in a server message.
func fieldInMessage(s *Schema, msg string) string {
	if s == nil {
		return ""
	}
	for _, w := range wordRe.FindAllString(strings.ToLower(msg), -1) {
		if _, ok := s.Field(w); ok {
			return w
		}
	}
	return ""
}

// decodeData decodes the "data" member into out; a shape mismatch becomes
// an ErrBadJSON error in plain words.
func decodeData(data json.RawMessage, out any, what string) *Error {
	if err := json.Unmarshal(data, out); err != nil {
		return &Error{Kind: ErrBadJSON, Status: http.StatusOK, Message: "the " + what + " in it has an unexpected shape"}
	}
	return nil
}
