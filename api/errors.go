package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrorKind classifies what went wrong with a request.
type ErrorKind int

// The kinds of failure a request can meet.
const (
	// ErrAPI: the server answered with an error status, or with
	// "success": false.
	ErrAPI ErrorKind = iota + 1
	// ErrNotAPI: the answer was not the API's JSON (an HTML page from a
	// proxy, an empty body).
	ErrNotAPI
	// ErrBadJSON: the answer claimed to be JSON but was cut off, garbled or
	// shaped unexpectedly.
	ErrBadJSON
	// ErrTooLarge: the answer was larger than the body cap.
	ErrTooLarge
	// ErrConnect: the connection was refused or reset.
	ErrConnect
	// ErrDNS: the API host name could not be resolved.
	ErrDNS
	// ErrTLS: the server's certificate was not accepted.
	ErrTLS
	// ErrTimeout: no answer within the per-request timeout.
	ErrTimeout
	// ErrCanceled: the user canceled the request.
	ErrCanceled
	// ErrReadOnly: the client is read-only and refused to send a write.
	ErrReadOnly
	// ErrInvalidID: the id is not a UUID; nothing was sent.
	ErrInvalidID
	// ErrRedirect: the server redirected to another host; refused so the
	// token never follows.
	ErrRedirect
	// ErrNetwork: any other transport failure.
	ErrNetwork
)

// Error is the one error type the client returns. Error() is a plain
// sentence for people: what happened and what to do. It may quote the
// server's message, so pass it through the sanitizer before it reaches a
// terminal.
type Error struct {
	Kind ErrorKind
	// Status is the HTTP status code, or 0 when no answer arrived.
	Status int
	// Code and Message are the API's error code and message, as sent.
	Code    string
	Message string
	// Field names the field a validation error is about, when known.
	Field string
	// Method is the HTTP method; Resource names the record, e.g.
	// "contact 660e8400…"; Host is the API host.
	Method   string
	Resource string
	Host     string
	// RetryAfter is the server's Retry-After, for rate limits.
	RetryAfter time.Duration
	// Timeout is the per-request timeout that expired.
	Timeout time.Duration
	// Limit is the body cap an answer exceeded (ErrTooLarge).
	Limit int64
	// Reached is true when the request was handed to the network and may
	// have reached the server (always true once an answer arrived; false
	// for a refused connection, a DNS or TLS failure, or a request canceled
	// before it left).
	Reached bool
	// Err is the underlying cause, kept for errors.Is/As. It never holds
	// the token.
	Err error
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// maxMessage caps how much of a server message an error quotes.
const maxMessage = 200

func (e *Error) Error() string {
	subject := e.Resource
	if subject == "" {
		subject = "the request"
	}
	msg := quoteServer(e.Message, e.Code)
	switch e.Kind {
	case ErrCanceled:
		return "canceled: nothing more was sent"
	case ErrReadOnly:
		return "read-only mode: this session cannot change data (remove --read-only or the profile's read_only setting to edit)"
	case ErrInvalidID:
		return fmt.Sprintf("%s is not a valid id: Qwoty ids are UUIDs like 660e8400-e29b-41d4-a716-446655440001; nothing was sent", subject)
	case ErrRedirect:
		return fmt.Sprintf("the server at %s redirected to another host; refused so the token is not sent there: check the base URL", e.Host)
	case ErrTimeout:
		return fmt.Sprintf("no answer from %s within %s: the API or the network is slow; try again, or raise the timeout (--timeout 30s or the profile's timeout)", e.Host, e.Timeout)
	case ErrDNS:
		return fmt.Sprintf("cannot find the host %s (DNS lookup failed): check the base URL and your network", e.Host)
	case ErrTLS:
		return fmt.Sprintf("the TLS certificate of %s was not accepted (%s): check the base URL; a proxy may be intercepting HTTPS", e.Host, tlsReason(e.Err))
	case ErrConnect:
		if reason := connectReason(e.Err); reason != "connection refused" {
			return fmt.Sprintf("the connection to %s broke before the answer arrived (%s): check your network and try again", e.Host, reason)
		}
		return fmt.Sprintf("cannot connect to %s (connection refused): check the base URL and that the service is up, then try again", e.Host)
	case ErrNetwork:
		return fmt.Sprintf("the connection to %s failed before an answer arrived: check your network and try again", e.Host)
	case ErrTooLarge:
		limit := e.Limit
		if limit <= 0 {
			limit = DefaultMaxBody
		}
		return fmt.Sprintf("the answer from %s is larger than %s, so it was not read: check that the base URL points at the Qwoty API", e.Host, byteSize(limit))
	case ErrBadJSON:
		reason := e.Message
		if reason == "" {
			reason = "cut off or garbled"
		}
		return fmt.Sprintf("the answer about %s was not the API's JSON (%s): try again; if it persists, check the base URL", subject, reason)
	case ErrNotAPI:
		what := "an empty body"
		if e.Code == "html" {
			what = "an HTML page"
		} else if e.Code == "text" {
			what = "plain text"
		}
		return fmt.Sprintf("the server answered %s with %s, not the API: is a proxy in the way? Check the base URL and try again", statusText(e.Status), what)
	}
	switch e.Status {
	case http.StatusNotFound:
		return fmt.Sprintf("%s not found (404)%s: check the id, and that it belongs to this token's workspace", subject, detail(msg))
	case http.StatusUnauthorized:
		return "the API refused the token (401 Unauthorized): it is invalid or expired; set a new one in QWOTY_TOKEN or the profile's token/token_command (see qwoty-contacts config)"
	case http.StatusForbidden:
		return fmt.Sprintf("this token lacks permission for %s %s (403 Forbidden)%s: ask a workspace admin for a token with that right", verb(e.Method), subject, detail(msg))
	case http.StatusConflict:
		return fmt.Sprintf("the server reported a conflict on %s (409)%s: reload and try again", subject, detail(msg))
	case http.StatusUnsupportedMediaType:
		return fmt.Sprintf("the server refused the request format (415)%s: this is a bug in qwoty-contacts, please report it", detail(msg))
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		if e.Method == http.MethodGet {
			return fmt.Sprintf("the server refused to read %s (%d)%s: check the id and the base URL", subject, e.Status, detail(msg))
		}
		return fmt.Sprintf("the server rejected the change to %s (%d)%s: correct the value and save again", subject, e.Status, detail(msg))
	case http.StatusTooManyRequests:
		if e.RetryAfter > 0 {
			return fmt.Sprintf("the API is rate limiting this token (429): wait %s and try again", Wait(e.RetryAfter))
		}
		return "the API is rate limiting this token (429): wait a minute and try again"
	}
	if e.Status >= 500 {
		return fmt.Sprintf("the Qwoty API failed (%s)%s: this is on the server's side; try again in a moment", statusText(e.Status), detail(msg))
	}
	if e.Status == http.StatusOK || e.Status == 0 || e.Status < 400 {
		return fmt.Sprintf("the API reported a failure for %s%s: try again; if it persists, contact Qwoty support", subject, detail(msg))
	}
	return fmt.Sprintf("the API answered %s for %s%s", statusText(e.Status), subject, detail(msg))
}

// byteSize writes a size in KiB or MiB.
func byteSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", max(n>>10, 1))
}

func detail(msg string) string {
	if msg == "" {
		return ""
	}
	return ": " + msg
}

// quoteServer returns the server's message (or code), cut to a sensible
// length at a rune boundary.
func quoteServer(msg, code string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		msg = strings.TrimSpace(code)
	}
	msg = strings.ToValidUTF8(msg, "\uFFFD")
	if utf8.RuneCountInString(msg) > maxMessage {
		r := []rune(msg)
		msg = string(r[:maxMessage]) + "…"
	}
	return msg
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("status %d", code)
}

func verb(method string) string {
	switch method {
	case http.MethodPatch, http.MethodPut, http.MethodPost:
		return "changing"
	case http.MethodDelete:
		return "deleting"
	}
	return "reading"
}

// Wait says a wait in words a person reads at a glance: "3 s",
// "about 4 minutes", "about 28 hours", "about 3 days".
func Wait(d time.Duration) string {
	switch {
	case d < 90*time.Second:
		return roundUp(d).String()
	case d < 90*time.Minute:
		return fmt.Sprintf("about %d minutes", int((d+time.Minute/2)/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("about %d hours", int((d+time.Hour/2)/time.Hour))
	}
	return fmt.Sprintf("about %d days", int((d+12*time.Hour)/(24*time.Hour)))
}

func roundUp(d time.Duration) time.Duration {
	if d < time.Second {
		return time.Second
	}
	return d.Round(time.Second)
}

// asAPIError returns err as an *Error, if it is one.
func asAPIError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

func hasStatus(err error, status int) bool {
	e, ok := asAPIError(err)
	return ok && e.Kind == ErrAPI && e.Status == status
}

// IsNotFound reports whether err is a 404 from the API.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsUnauthorized reports whether err is a 401: the token is missing,
// invalid or expired.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsForbidden reports whether err is a 403: the token lacks a permission.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsRateLimited reports whether err is a 429.
func IsRateLimited(err error) bool { return hasStatus(err, http.StatusTooManyRequests) }

// IsValidation reports whether err is a 400 or 422: the server refused the
// values sent.
func IsValidation(err error) bool {
	return hasStatus(err, http.StatusBadRequest) || hasStatus(err, http.StatusUnprocessableEntity)
}

// IsCanceled reports whether err is a canceled request.
func IsCanceled(err error) bool {
	e, ok := asAPIError(err)
	return ok && e.Kind == ErrCanceled
}

// IsReadOnly reports whether err is a write refused by a read-only client.
func IsReadOnly(err error) bool {
	e, ok := asAPIError(err)
	return ok && e.Kind == ErrReadOnly
}

// IsInvalidID reports whether err is an id refused before sending.
func IsInvalidID(err error) bool {
	e, ok := asAPIError(err)
	return ok && e.Kind == ErrInvalidID
}

// RetryAfter returns the server's Retry-After for a rate-limit (or 503)
// error, and whether there was one.
func RetryAfter(err error) (time.Duration, bool) {
	e, ok := asAPIError(err)
	if !ok || e.RetryAfter <= 0 {
		return 0, false
	}
	return e.RetryAfter, true
}

// MayHaveApplied reports whether a write that failed with err may still
// have been applied by the server: the request left and no usable answer
// came back (a timeout, a connection cut after sending, a cancel while in
// flight), the answer was a server-side failure (5xx, which a proxy sends
// while the backend may have applied the write), or the server accepted
// the request but its answer could not be read (a 2xx without a usable
// body). A refusal (4xx) or a request that never left did not apply.
func MayHaveApplied(err error) bool {
	e, ok := asAPIError(err)
	if !ok || !e.Reached {
		return false
	}
	switch e.Kind {
	case ErrTimeout, ErrConnect, ErrNetwork, ErrCanceled:
		return true
	case ErrAPI, ErrNotAPI, ErrBadJSON, ErrTooLarge:
		return e.Status >= 500 || Accepted(err)
	}
	return false
}

// Accepted reports whether err is a success status (2xx) whose answer
// could not be used: no body (204), or not the API's JSON.
func Accepted(err error) bool {
	e, ok := asAPIError(err)
	return ok && e.Status >= 200 && e.Status < 300 && e.Kind != ErrAPI
}

// StatusCode returns the HTTP status of err, or 0.
func StatusCode(err error) int {
	if e, ok := asAPIError(err); ok {
		return e.Status
	}
	return 0
}

// ErrorField returns the field a validation error names, or "".
func ErrorField(err error) string {
	if e, ok := asAPIError(err); ok {
		return e.Field
	}
	return ""
}
