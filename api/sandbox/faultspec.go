package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultSpecHelp describes the fault syntax ParseFault reads, for --help.
const FaultSpecHelp = `A fault is "[METHOD] [PATH] setting...", where PATH is like
/contacts/{id} (without /api) and the settings are:
  apply            serve (apply) the request first, then misbehave
  delay=DURATION   wait before answering (e.g. 6s)
  status=CODE      answer with this status (with apply, 2xx: no body)
  retry-after=V    add a Retry-After header (seconds or an HTTP date)
  header=K:V       add any header
  body=TEXT        answer this raw body (no spaces)
  hang | drop      never answer | close the connection
  times=N          only the next N matching requests
  skip=N           let N matching requests through first
e.g. "PATCH /contacts/{id} apply delay=6s", "PATCH /contacts/{id} apply status=204",
"GET /contacts/{id} status=429 retry-after=99999 times=3".`

// ParseFault reads a fault from its one-line description (see
// FaultSpecHelp).
func ParseFault(spec string) (Fault, error) {
	var f Fault
	bad := func(format string, args ...any) (Fault, error) {
		return Fault{}, fmt.Errorf("fault %q: %s", spec, fmt.Sprintf(format, args...))
	}
	words := strings.Fields(spec)
	if len(words) == 0 {
		return bad("empty: give at least one setting, e.g. \"GET /contacts/{id} status=503\"")
	}
	for i, w := range words {
		key, val, hasVal := strings.Cut(w, "=")
		switch {
		case i == 0 && !hasVal && strings.ToUpper(w) == w && isMethod(w):
			f.Method = w
		case i <= 1 && strings.HasPrefix(w, "/"):
			f.Path = w
		case key == "apply" && !hasVal:
			f.Apply = true
		case key == "hang" && !hasVal:
			f.Hang = true
		case key == "drop" && !hasVal:
			f.Drop = true
		case key == "delay":
			d, err := time.ParseDuration(val)
			if err != nil || d < 0 {
				return bad("delay=%s is not a duration like 6s or 500ms", val)
			}
			f.Delay = d
		case key == "status":
			n, err := strconv.Atoi(val)
			if err != nil || n < 100 || n > 599 {
				return bad("status=%s is not an HTTP status (100-599)", val)
			}
			f.Status = n
		case key == "times":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return bad("times=%s is not a count of 1 or more", val)
			}
			f.Times = n
		case key == "skip":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				return bad("skip=%s is not a count", val)
			}
			f.Skip = n
		case key == "retry-after" && hasVal:
			f.Header = addHeader(f.Header, "Retry-After", val)
		case key == "header" && strings.Contains(val, ":"):
			k, v, _ := strings.Cut(val, ":")
			f.Header = addHeader(f.Header, strings.TrimSpace(k), strings.TrimSpace(v))
		case key == "body" && hasVal:
			f.Body = val
		default:
			return bad("%q is not a setting (see qwoty-contacts sandbox --help)", w)
		}
	}
	return f, nil
}

func isMethod(w string) bool {
	switch w {
	case http.MethodGet, http.MethodPatch, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodHead:
		return true
	}
	return false
}

func addHeader(h http.Header, k, v string) http.Header {
	if h == nil {
		h = http.Header{}
	}
	h.Add(k, v)
	return h
}
