package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
)

// DefaultMaxListBody caps a list answer. Lists are read as a stream, one
// record at a time, so a workspace's 50,000 contacts (about 20 MiB of JSON)
// never sit in memory whole; the cap only stops a runaway answer.
const DefaultMaxListBody = 256 << 20

// ListContacts fetches the workspace's contacts, or those of one customer
// when customerID is not empty.
func (c *Client) ListContacts(ctx context.Context, customerID string) ([]Contact, error) {
	var out []Contact
	err := c.EachContact(ctx, customerID, func(ct *Contact) error {
		out = append(out, *ct)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []Contact{}
	}
	return out, nil
}

// EachContact streams the workspace's contacts (or one customer's) to fn,
// decoding one at a time. fn may keep the contact. An error from fn stops
// the stream and is returned. It is background work: requests someone
// waits for go first (sched.go).
func (c *Client) EachContact(ctx context.Context, customerID string, fn func(*Contact) error) error {
	return c.walkList(ctx, customerID, func(resp *http.Response, give func(error) *Error) *Error {
		return streamList(resp, c.maxList, func(raw json.RawMessage) *Error {
			var ct Contact
			if json.Unmarshal(raw, &ct) != nil {
				return &Error{Kind: ErrBadJSON, Status: resp.StatusCode, Message: "the contact list in it has an unexpected shape"}
			}
			return give(fn(&ct))
		})
	})
}

// EachListed streams the workspace's contacts (or one customer's) to fn as
// the compact records search needs, decoding the answer in one pass as it
// arrives. fn must not keep the *ListedContact (the next record reuses
// it), only what it holds. An error from fn stops the stream and is
// returned. It is background work: requests someone waits for go first
// (sched.go).
func (c *Client) EachListed(ctx context.Context, customerID string, fn func(*ListedContact) error) error {
	return c.walkList(ctx, customerID, func(resp *http.Response, give func(error) *Error) *Error {
		return scanList(resp.Body, resp.StatusCode, c.maxList, func(lc *ListedContact) *Error { return give(fn(lc)) })
	})
}

// walkList asks for the contact list, as background work, and lets read
// walk a successful answer. read hands each record's outcome (fn's error)
// to give, which stops the stream on an error; once a record was handed
// over, a broken answer is not retried (the records would repeat).
func (c *Client) walkList(ctx context.Context, customerID string, read func(resp *http.Response, give func(error) *Error) *Error) error {
	ctx = WithPriority(ctx, Background)
	var q url.Values
	if customerID != "" {
		if !ValidID(customerID) {
			return &Error{Kind: ErrInvalidID, Resource: "customer " + customerID}
		}
		q = url.Values{"customer_id": {customerID}}
	}
	var stop error
	err := c.request(ctx, http.MethodGet, "contacts", q, nil, "the contact list", nil, func(resp *http.Response) *Error {
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			_, e := readAnswer(resp, DefaultMaxBody)
			return e
		}
		n := 0
		e := read(resp, func(err error) *Error {
			n++
			if err != nil {
				stop = err
				return &Error{Kind: ErrCanceled, Err: err}
			}
			return nil
		})
		if e != nil && n > 0 && retryable(e) {
			e.Kind = ErrNetwork
		}
		return e
	})
	if stop != nil {
		return stop
	}
	return err
}

// streamList walks {"success": …, "data": [ … ], …} and hands each element
// of data to each as raw JSON, reading at most limit bytes.
func streamList(resp *http.Response, limit int64, each func(json.RawMessage) *Error) *Error {
	lr := &io.LimitedReader{R: resp.Body, N: limit + 1}
	dec := json.NewDecoder(lr)
	bad := func(err error) *Error {
		if lr.N <= 0 {
			return &Error{Kind: ErrTooLarge, Status: resp.StatusCode, Limit: limit}
		}
		var syntax *json.SyntaxError
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.As(err, &syntax) {
			if errors.As(err, &syntax) {
				return &Error{Kind: ErrBadJSON, Status: resp.StatusCode, Message: "it is not valid JSON"}
			}
			return &Error{Kind: ErrBadJSON, Status: resp.StatusCode, Message: "it was cut off"}
		}
		return &Error{Kind: ErrConnect, Err: err}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		if err != nil {
			return bad(err)
		}
		return &Error{Kind: ErrBadJSON, Status: resp.StatusCode, Message: "it lacks the API's envelope"}
	}
	var env envelope
	sawData := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return bad(err)
		}
		key, _ := tok.(string)
		if key != "data" {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return bad(err)
			}
			env.keep(key, raw)
			continue
		}
		sawData = true
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			if err != nil {
				return bad(err)
			}
			return &Error{Kind: ErrBadJSON, Status: resp.StatusCode, Message: "the list in it is not a list"}
		}
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return bad(err)
			}
			if e := each(raw); e != nil {
				return e
			}
		}
		if _, err := dec.Token(); err != nil { // ]
			return bad(err)
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return bad(err)
	}
	return env.listProblem(resp.StatusCode, sawData)
}
