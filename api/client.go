package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// DefaultBaseURL is the Qwoty API's address.
const DefaultBaseURL = "https://qwoty.app/api"

// Defaults for Options.
const (
	DefaultTimeout     = 15 * time.Second
	DefaultMaxBody     = 8 << 20
	DefaultConcurrency = 12
	maxTries           = 3
	maxRetryWait       = 30 * time.Second
)

// Options configure a Client.
type Options struct {
	// BaseURL is the API root, e.g. https://qwoty.app/api. http:// is only
	// accepted for loopback hosts.
	BaseURL string
	// Token authenticates every request.
	Token Token
	// Timeout bounds each request (each try); DefaultTimeout when zero.
	Timeout time.Duration
	// UserAgent is sent as User-Agent; "qwoty-contacts/dev" when empty.
	UserAgent string
	// ReadOnly makes the client refuse every request but GET.
	ReadOnly bool
	// Debug, when set, receives one line per request: method, URL, status,
	// duration. The Authorization header is redacted.
	Debug io.Writer
	// HTTPClient replaces the process-wide client (tests).
	HTTPClient *http.Client
	// Concurrency bounds simultaneous requests; DefaultConcurrency when 0.
	Concurrency int
	// SessionConcurrency bounds the simultaneous requests of one session
	// (see WithSession); DefaultSessionConcurrency when 0.
	SessionConcurrency int
	// BackgroundConcurrency bounds the simultaneous background requests
	// (see WithPriority); DefaultBackgroundConcurrency when 0.
	BackgroundConcurrency int
	// MaxListBody caps a list answer; DefaultMaxListBody when zero.
	MaxListBody int64
	// RetryBase is the first retry's backoff (doubled each try); 300 ms
	// when zero.
	RetryBase time.Duration
}

// Client talks to the Qwoty API. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	token     Token
	http      *http.Client
	timeout   time.Duration
	userAgent string
	readOnly  bool
	debug     *debugLog
	limiter   *scheduler
	retryBase time.Duration
	maxList   int64

	mu         sync.Mutex
	pauseUntil time.Time // set by a 429 with Retry-After; every request waits
}

var sharedHTTP = sync.OnceValue(func() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 64
	t.MaxIdleConnsPerHost = 16
	t.IdleConnTimeout = 90 * time.Second
	return &http.Client{Transport: t, CheckRedirect: sameHostRedirect}
})

// sameHostRedirect refuses redirects to another host, so the Authorization
// header never follows them.
func sameHostRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errRedirect
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		return errRedirect
	}
	return nil
}

var errRedirect = fmt.Errorf("redirect to another host refused")

// New returns a client for the API at o.BaseURL.
func New(o Options) (*Client, error) {
	base, err := CheckBaseURL(o.BaseURL)
	if err != nil {
		return nil, err
	}
	if o.Token.IsZero() {
		return nil, fmt.Errorf("no API token: set QWOTY_TOKEN, or token / token_command in the profile (see qwoty-contacts config)")
	}
	c := &Client{
		base:      base,
		token:     o.Token,
		http:      o.HTTPClient,
		timeout:   o.Timeout,
		userAgent: o.UserAgent,
		readOnly:  o.ReadOnly,
		retryBase: o.RetryBase,
	}
	if c.http == nil {
		c.http = sharedHTTP()
	} else if c.http.CheckRedirect == nil {
		hc := *c.http
		hc.CheckRedirect = sameHostRedirect
		c.http = &hc
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.userAgent == "" {
		c.userAgent = "qwoty-contacts/dev"
	}
	c.maxList = o.MaxListBody
	if c.maxList <= 0 {
		c.maxList = DefaultMaxListBody
	}
	if c.retryBase <= 0 {
		c.retryBase = 300 * time.Millisecond
	}
	n := o.Concurrency
	if n <= 0 {
		n = DefaultConcurrency
	}
	c.limiter = newScheduler(n, o.SessionConcurrency, o.BackgroundConcurrency)
	if o.Debug != nil {
		c.debug = &debugLog{w: o.Debug}
	}
	return c, nil
}

// CheckBaseURL parses an API base URL. https is required, except for
// loopback hosts (the sandbox), where http is allowed.
func CheckBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("the base URL %q is not an http(s) URL: use something like %s", raw, DefaultBaseURL)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("the base URL %q must not hold credentials, a query or a fragment: use something like %s", u.Redacted(), DefaultBaseURL)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("the base URL %s uses plain http: the token would cross the network unencrypted; use https (http is only allowed for localhost)", u)
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL returns the API root the client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

// Host returns the API host (host:port as in the base URL).
func (c *Client) Host() string { return c.base.Host }

// ReadOnly reports whether the client refuses writes.
func (c *Client) ReadOnly() bool { return c.readOnly }

// Timeout returns the per-request timeout.
func (c *Client) Timeout() time.Duration { return c.timeout }

// Concurrency is the most requests the client has in flight at once.
func (c *Client) Concurrency() int { return c.limiter.total }

var uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ValidID reports whether s is a UUID, the shape of every Qwoty id.
func ValidID(s string) bool { return uuidRe.MatchString(s) }

// ShortID returns the first eight characters of an id and an ellipsis, for
// messages.
func ShortID(id string) string {
	if len(id) <= 8 {
		return id
	}
	return id[:8] + "…"
}

func resource(kind Kind, id string) string { return string(kind) + " " + ShortID(id) }

// GetContact fetches one contact.
func (c *Client) GetContact(ctx context.Context, id string) (*Contact, error) {
	var out Contact
	if err := c.getOne(ctx, KindContact, id, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetAddress fetches one address.
func (c *Client) GetAddress(ctx context.Context, id string) (*Address, error) {
	var out Address
	if err := c.getOne(ctx, KindAddress, id, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetCustomer fetches one customer.
func (c *Client) GetCustomer(ctx context.Context, id string) (*Customer, error) {
	if !ValidID(id) {
		return nil, &Error{Kind: ErrInvalidID, Resource: "customer " + id}
	}
	data, err := c.do(ctx, http.MethodGet, "customers/"+id, nil, nil, "customer "+ShortID(id), nil)
	if err != nil {
		return nil, err
	}
	var out Customer
	if e := decodeData(data, &out, "customer"); e != nil {
		return nil, c.annotate(e, http.MethodGet, "customer "+ShortID(id))
	}
	return &out, nil
}

// getOne fetches one contact or address and keeps its raw JSON.
func (c *Client) getOne(ctx context.Context, kind Kind, id string, out interface{ setRaw(json.RawMessage) }) error {
	res := resource(kind, id)
	if !ValidID(id) {
		return &Error{Kind: ErrInvalidID, Resource: string(kind) + " " + id}
	}
	data, err := c.do(ctx, http.MethodGet, kind.collection()+"/"+id, nil, nil, res, nil)
	if err != nil {
		return err
	}
	if e := decodeData(data, out, string(kind)); e != nil {
		return c.annotate(e, http.MethodGet, res)
	}
	out.setRaw(data)
	return nil
}

func (c *Contact) setRaw(b json.RawMessage) { c.Raw = b }
func (a *Address) setRaw(b json.RawMessage) { a.Raw = b }

// GetAddresses fetches addresses concurrently (bounded by the client's
// concurrency) and returns one result per id, in the order of ids. One
// failing address never hides the others.
func (c *Client) GetAddresses(ctx context.Context, ids []string) []AddressResult {
	results := make([]AddressResult, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		results[i].ID = id
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i].Address, results[i].Err = c.GetAddress(ctx, id)
		}()
	}
	wg.Wait()
	return results
}

// UpdateContact sends a partial update of a contact: exactly the fields set
// in p. It is never retried automatically. The answer lacks address_ids and
// workspace_id; merge it with KeepKnown.
func (c *Client) UpdateContact(ctx context.Context, id string, p *Patch) (*Contact, error) {
	var out Contact
	if err := c.patch(ctx, ContactSchema, id, p, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateAddress sends a partial update of an address: exactly the fields
// set in p. It is never retried automatically.
func (c *Client) UpdateAddress(ctx context.Context, id string, p *Patch) (*Address, error) {
	var out Address
	if err := c.patch(ctx, AddressSchema, id, p, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) patch(ctx context.Context, schema *Schema, id string, p *Patch, out interface{ setRaw(json.RawMessage) }) error {
	res := resource(schema.Kind, id)
	if c.readOnly {
		return &Error{Kind: ErrReadOnly, Method: http.MethodPatch, Resource: res}
	}
	if !ValidID(id) {
		return &Error{Kind: ErrInvalidID, Resource: string(schema.Kind) + " " + id}
	}
	if p == nil || p.Schema() != schema {
		return fmt.Errorf("internal error: a %s update needs a %s patch", schema.Kind, schema.Kind)
	}
	body, err := p.MarshalJSON()
	if err != nil {
		return err
	}
	data, err := c.do(ctx, http.MethodPatch, schema.Kind.collection()+"/"+id, nil, body, res, schema)
	if err != nil {
		return err
	}
	if e := decodeData(data, out, string(schema.Kind)); e != nil {
		return c.annotate(e, http.MethodPatch, res)
	}
	out.setRaw(data)
	return nil
}

// DescribePatch returns the method, URL and body a patch of a record would
// be sent with by a client for baseURL, for dry runs. Nothing is sent.
func DescribePatch(baseURL string, kind Kind, id string, p *Patch) (method, url string, body []byte, err error) {
	body, err = p.MarshalJSON()
	return http.MethodPatch, strings.TrimRight(baseURL, "/") + "/" + kind.collection() + "/" + id, body, err
}

func (c *Client) annotate(e *Error, method, res string) *Error {
	e.Method, e.Resource, e.Host = method, res, c.base.Host
	return e
}
