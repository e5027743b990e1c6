package edit

import (
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// Request describes a PATCH exactly as it would be sent, for dry runs.
type Request struct {
	Method string
	URL    string
	Body   string
}

// Describe returns the PATCH a patch would be sent as, without sending it.
func Describe(baseURL string, t Target, p *api.Patch) *Request {
	method, url, body, _ := api.DescribePatch(baseURL, t.Kind, t.ID, p)
	return &Request{Method: method, URL: url, Body: string(body)}
}

// Curl returns an equivalent curl command. The token is left as
// $QWOTY_TOKEN, for the shell to fill in.
func (r *Request) Curl() string {
	return "curl -X " + r.Method + " " + shellQuote(r.URL) +
		` -H "Authorization: Bearer $QWOTY_TOKEN"` +
		" -H 'Content-Type: application/json'" +
		" --data-raw " + shellQuote(r.Body)
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
