package api

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// do sends one request (with retries for GET) and returns the "data" of a
// successful answer, read whole (at most DefaultMaxBody).
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body []byte, res string, schema *Schema) (json.RawMessage, error) {
	var data json.RawMessage
	err := c.request(ctx, method, path, query, body, res, schema, func(resp *http.Response) *Error {
		d, e := readAnswer(resp, DefaultMaxBody)
		data = d
		return e
	})
	return data, err
}

// request sends a request, retrying a GET on transient failures, and hands
// each answer to handle, which reads its body and says whether it failed.
func (c *Client) request(ctx context.Context, method, path string, query url.Values, body []byte, res string, schema *Schema, handle func(*http.Response) *Error) error {
	if c.readOnly && method != http.MethodGet {
		return &Error{Kind: ErrReadOnly, Method: method, Resource: res}
	}
	u := c.base.String() + "/" + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	tries := 1
	if method == http.MethodGet {
		tries = maxTries
	}
	var last *Error
	for try := 1; try <= tries; try++ {
		if try > 1 {
			wait := c.backoff(try, last)
			noticeRetry(ctx, Retry{Resource: res, Try: try, Of: tries, Wait: wait, Err: last})
			if err := c.sleep(ctx, wait); err != nil {
				return c.annotate(&Error{Kind: ErrCanceled, Err: err}, method, res)
			}
		}
		e := c.once(ctx, method, u, body, try, handle)
		if e == nil {
			return nil
		}
		c.annotate(e, method, res)
		if e.Kind == ErrAPI && e.Field == "" && (e.Status == http.StatusBadRequest || e.Status == http.StatusUnprocessableEntity) {
			e.Field = fieldInMessage(schema, e.Message)
		}
		last = e
		if !retryable(e) || e.RetryAfter > maxRetryWait {
			// A Retry-After beyond what a person waits for ends the
			// retries at once; the error gives the real wait.
			break
		}
	}
	return last
}

// readAnswer reads a whole answer (at most limit bytes) and decodes its
// envelope.
func readAnswer(resp *http.Response, limit int64) (json.RawMessage, *Error) {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, &Error{Kind: ErrConnect, Err: err}
	}
	if int64(len(raw)) > limit {
		return nil, &Error{Kind: ErrTooLarge, Status: resp.StatusCode, Limit: limit}
	}
	return DecodeResponse(resp.StatusCode, resp.Header, raw)
}

// once sends one try of a request and lets handle read the answer.
func (c *Client) once(ctx context.Context, method, u string, body []byte, try int, handle func(*http.Response) *Error) *Error {
	if err := c.waitPause(ctx); err != nil {
		return &Error{Kind: ErrCanceled, Err: err}
	}
	release, err := c.limiter.acquire(ctx) // by priority and session: sched.go
	if err != nil {
		return &Error{Kind: ErrCanceled, Err: err}
	}
	defer release()
	tctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(tctx, method, u, rd)
	if err != nil {
		return &Error{Kind: ErrNetwork, Err: err}
	}
	req.Header.Set("Authorization", "Bearer "+c.token.Reveal())
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		e := c.classify(ctx, err)
		e.Reached = reached(e)
		c.debug.log(method, u, 0, time.Since(start), try, e)
		return e
	}
	defer resp.Body.Close()
	e := handle(resp)
	if e != nil {
		if e.Kind == ErrConnect && e.Err != nil { // the body could not be read
			status := resp.StatusCode
			e = c.classify(ctx, e.Err)
			e.Status = status
		}
		e.Reached = true // an answer (or part of one) arrived
		c.scrubToken(e)
		if e.Status == http.StatusTooManyRequests && e.RetryAfter > 0 && e.RetryAfter <= maxRetryWait {
			c.pause(e.RetryAfter)
		}
	}
	c.debug.log(method, u, resp.StatusCode, time.Since(start), try, e)
	return e
}

// scrubToken removes the token from what a server said: a server (or a
// proxy) may echo the Authorization header back in its error message.
func (c *Client) scrubToken(e *Error) {
	secret := c.token.Reveal()
	if secret == "" {
		return
	}
	for _, s := range []*string{&e.Message, &e.Code, &e.Field} {
		*s = strings.ReplaceAll(*s, secret, "[redacted]")
	}
}

// classify turns a transport error into an *Error. ctx is the caller's
// context: if it ended, the user canceled; if only the per-request timeout
// ended, it is a timeout.
func (c *Client) classify(ctx context.Context, err error) *Error {
	e := &Error{Err: scrubURL(err), Timeout: c.timeout, Host: c.base.Host}
	var dnsErr *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	switch {
	case ctx.Err() != nil:
		e.Kind = ErrCanceled
	case errors.Is(err, errRedirect):
		e.Kind = ErrRedirect
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		e.Kind = ErrTimeout
	case errors.As(err, &dnsErr):
		e.Kind = ErrDNS
	case errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalid), errors.As(err, &verify), errors.As(err, &recordErr):
		e.Kind = ErrTLS
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, syscall.EPIPE):
		e.Kind = ErrConnect
	default:
		e.Kind = ErrNetwork
	}
	return e
}

// reached reports whether a request that failed in the transport may have
// reached the server: not when the connection was refused, the name did
// not resolve, TLS failed, or a redirect was refused.
func reached(e *Error) bool {
	switch e.Kind {
	case ErrDNS, ErrTLS, ErrRedirect:
		return false
	case ErrConnect:
		return !errors.Is(e.Err, syscall.ECONNREFUSED)
	}
	return true
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// scrubURL drops the *url.Error wrapper (its text repeats the URL and the
// method) and keeps the cause for errors.Is/As.
func scrubURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// connectReason names why a connection failed, in a few words.
func connectReason(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the connection closed before the answer was complete"
	}
	return "connection failed"
}

// tlsReason names why a certificate was refused, in a few words.
func tlsReason(err error) string {
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	switch {
	case errors.As(err, &hostErr):
		return "it is for another host name"
	case errors.As(err, &unknownCA):
		return "it is signed by an unknown authority"
	case errors.As(err, &invalid):
		if invalid.Reason == x509.Expired {
			return "it has expired or is not yet valid"
		}
		return "it is not valid"
	case errors.As(err, &recordErr):
		return "the server did not speak TLS"
	}
	return "verification failed"
}

// retryable reports whether a GET should be tried again.
func retryable(e *Error) bool {
	switch e.Kind {
	case ErrAPI, ErrNotAPI:
		switch e.Status {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
	case ErrConnect:
		return !errors.Is(e.Err, syscall.ECONNREFUSED)
	}
	return false
}

// backoff returns how long to wait before try number try (2 or more):
// the server's Retry-After when it gave one (capped at 30 s), else an
// exponential backoff with jitter.
func (c *Client) backoff(try int, last *Error) time.Duration {
	if last != nil && last.RetryAfter > 0 {
		return min(last.RetryAfter, maxRetryWait)
	}
	d := c.retryBase << (try - 2)
	jitter := time.Duration(rand.Int64N(int64(d)/2 + 1))
	return min(d+jitter, maxRetryWait)
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pause makes every request of this client wait d: a 429 with Retry-After
// applies to the token, not just to the request that met it.
func (c *Client) pause(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if until := time.Now().Add(d); until.After(c.pauseUntil) {
		c.pauseUntil = until
	}
}

func (c *Client) waitPause(ctx context.Context) error {
	c.mu.Lock()
	d := time.Until(c.pauseUntil)
	c.mu.Unlock()
	if d <= 0 {
		return nil
	}
	return c.sleep(ctx, d)
}

// debugLog writes one line per request. It never writes the token.
type debugLog struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *debugLog) log(method, u string, status int, took time.Duration, try int, e *Error) {
	if l == nil {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s -> ", time.Now().UTC().Format(time.RFC3339Nano), method, u)
	if status > 0 {
		fmt.Fprintf(&b, "%d", status)
	} else {
		b.WriteString("no answer")
	}
	fmt.Fprintf(&b, " in %s (try %d) Authorization: Bearer [redacted]", took.Round(time.Millisecond), try)
	if e != nil {
		fmt.Fprintf(&b, " error: %s", strings.ReplaceAll(e.Error(), "\n", " "))
	}
	b.WriteByte('\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = io.WriteString(l.w, b.String())
}
