package api

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// ListedContact is a contact as the list carries it, kept small: what
// search shows and matches, and what opening it needs at once (its
// customer and addresses). A field of an unexpected JSON type holds its
// JSON text as received. Its strings and AddressIDs may be kept (several
// share one allocation: copy what is kept for long); a customer id or
// name that repeats is usually the same string each time.
type ListedContact struct {
	ID, CustomerID, FirstName, LastName, Email, Phone string
	// PhoneNull is true when phone is null (Phone is then "").
	PhoneNull bool
	// AddressIDs lists the linked addresses; HasAddressIDs tells an empty
	// list from a missing one.
	AddressIDs    []string
	HasAddressIDs bool
}

// FullName returns "First Last".
func (c *ListedContact) FullName() string { return FullName(c.FirstName, c.LastName) }

// listScanner reads a list answer, {"success": …, "data": [ … ], …}, in
// one pass over the bytes as they arrive: it checks the JSON as it goes,
// keeps only the fields of ListedContact, and allocates little more than
// the strings it keeps. (encoding/json scans each record two or three
// times: to find its end, to check it, to decode it.)
type listScanner struct {
	src     io.Reader
	buf     []byte // buf[r:w] is read and not taken yet
	r, w    int
	rerr    error // the source's error, once buf[r:w] is taken
	lr      *io.LimitedReader
	limit   int64
	scratch []byte
	// interned holds short strings already seen of the fields that repeat
	// from one contact to the next (customer ids, names), by a hash of
	// their bytes: a string that repeats is the same one each time.
	interned *[internSlots]string
	// arena holds the text of the strings handed over, many in one
	// allocation; it is never written where a string was taken.
	arena strings.Builder
}

const (
	internSlots = 1 << 12
	arenaChunk  = 32 << 10
)

// errSyntax and errCut are the scanner's two ways for JSON to be wrong.
var (
	errSyntax = errors.New("not valid JSON")
	errCut    = errors.New("cut off")
)

// scanList streams the answer's records to each, and returns the first
// problem as an *Error: the JSON is invalid or cut off, the body is over
// limit, the envelope says "success": false, or each failed.
func scanList(body io.Reader, status int, limit int64, each func(*ListedContact) *Error) *Error {
	lr := &io.LimitedReader{R: body, N: limit + 1}
	s := &listScanner{src: lr, buf: make([]byte, 64<<10), lr: lr, limit: limit}
	return s.envelope(status, each)
}

// fail turns a scanning error into the client's error.
func (s *listScanner) fail(status int, err error) *Error {
	switch {
	case s.lr.N <= 0:
		return &Error{Kind: ErrTooLarge, Status: status, Limit: s.limit}
	case errors.Is(err, errCut), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Kind: ErrBadJSON, Status: status, Message: "it was cut off"}
	case errors.Is(err, errSyntax):
		return &Error{Kind: ErrBadJSON, Status: status, Message: "it is not valid JSON"}
	}
	return &Error{Kind: ErrConnect, Err: err}
}

// member starts the next member of an object or array whose opening is
// read (close is its closing byte): it reads the comma before any member
// but the first, and returns the member's first byte, or done at the
// close.
func (s *listScanner) member(close byte, first *bool) (c byte, done bool, err error) {
	if c, err = s.nonSpace(); err != nil || c == close {
		return c, err == nil, err
	}
	if !*first {
		if c != ',' {
			return 0, false, errSyntax
		}
		if c, err = s.nonSpace(); err != nil {
			return 0, false, err
		}
	}
	*first = false
	return c, false, nil
}

func (s *listScanner) envelope(status int, each func(*ListedContact) *Error) *Error {
	if err := s.expect('{'); err != nil {
		if errors.Is(err, errSyntax) {
			return &Error{Kind: ErrBadJSON, Status: status, Message: "it lacks the API's envelope"}
		}
		return s.fail(status, err)
	}
	var env envelope
	sawData := false
	first := true
	for {
		c, done, err := s.member('}', &first)
		if err != nil {
			return s.fail(status, err)
		}
		if done {
			break
		}
		if c != '"' {
			return s.fail(status, errSyntax)
		}
		key, err := s.str(false)
		if err != nil {
			return s.fail(status, err)
		}
		if err := s.expect(':'); err != nil {
			return s.fail(status, err)
		}
		switch string(key) {
		case "data":
			sawData = true
			c, err := s.nonSpace()
			if err != nil {
				return s.fail(status, err)
			}
			if c != '[' {
				if _, err := s.rawAfter(c); err != nil {
					return s.fail(status, err)
				}
				return &Error{Kind: ErrBadJSON, Status: status, Message: "the list in it is not a list"}
			}
			if e := s.records(status, each); e != nil {
				return e
			}
		case "success", "error", "message", "code":
			name := string(key)
			raw, err := s.raw()
			if err != nil {
				return s.fail(status, err)
			}
			env.keep(name, raw)
		default:
			if err := s.skip(); err != nil {
				return s.fail(status, err)
			}
		}
	}
	if c, err := s.nonSpace(); err == nil {
		_ = c
		return s.fail(status, errSyntax) // something after the envelope
	} else if !errors.Is(err, io.EOF) {
		return s.fail(status, err)
	}
	return env.listProblem(status, sawData)
}

// records reads the elements of data (its '[' read) and hands each over,
// in one ListedContact reused from record to record.
func (s *listScanner) records(status int, each func(*ListedContact) *Error) *Error {
	var lc ListedContact
	first := true
	for {
		c, done, err := s.member(']', &first)
		if err != nil {
			return s.fail(status, err)
		}
		if done {
			return nil
		}
		if c != '{' {
			if _, err := s.rawAfter(c); err != nil {
				return s.fail(status, err)
			}
			return &Error{Kind: ErrBadJSON, Status: status, Message: "the contact list in it has an unexpected shape"}
		}
		lc = ListedContact{}
		if err := s.record(&lc); err != nil {
			return s.fail(status, err)
		}
		if e := each(&lc); e != nil {
			return e
		}
	}
}

// record reads one contact object (its '{' read), keeping the fields of
// ListedContact.
func (s *listScanner) record(lc *ListedContact) error {
	first := true
	for {
		c, done, err := s.member('}', &first)
		if err != nil || done {
			return err
		}
		if c != '"' {
			return errSyntax
		}
		key, err := s.str(false)
		if err != nil {
			return err
		}
		var dst *string
		repeats := false // the value is often the same as another contact's
		switch string(key) {
		case "id":
			dst = &lc.ID
		case "customer_id":
			dst, repeats = &lc.CustomerID, true
		case "first_name":
			dst, repeats = &lc.FirstName, true
		case "last_name":
			dst, repeats = &lc.LastName, true
		case "email":
			dst = &lc.Email
		case "phone":
			dst = &lc.Phone
		case "address_ids":
			if err := s.expect(':'); err != nil {
				return err
			}
			ids, ok, err := s.strings()
			if err != nil {
				return err
			}
			lc.AddressIDs, lc.HasAddressIDs = ids, ok
			continue
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if dst == nil {
			if err := s.skip(); err != nil {
				return err
			}
			continue
		}
		v, null, err := s.text(repeats)
		if err != nil {
			return err
		}
		*dst = v
		if dst == &lc.Phone {
			lc.PhoneNull = null
		}
	}
}

// text reads a value as text: a string's content, "" for null (null
// true), or any other value's JSON as received. A string that repeats is
// interned: the same string each time.
func (s *listScanner) text(repeats bool) (string, bool, error) {
	c, err := s.nonSpace()
	if err != nil {
		return "", false, err
	}
	switch c {
	case '"':
		b, err := s.str(true)
		if err != nil {
			return "", false, err
		}
		if repeats {
			return s.intern(b), false, nil
		}
		return s.keep(b), false, nil
	case 'n':
		return "", true, s.literal("ull")
	}
	raw, err := s.rawAfter(c)
	return string(raw), false, err
}

// strings reads an array of strings; ok is false (and the value skipped)
// for anything else. Items that are not strings are dropped.
func (s *listScanner) strings() ([]string, bool, error) {
	c, err := s.nonSpace()
	if err != nil {
		return nil, false, err
	}
	if c != '[' {
		_, err := s.rawAfter(c)
		return nil, false, err
	}
	out := []string{}
	first := true
	for {
		c, done, err := s.member(']', &first)
		if err != nil {
			return nil, false, err
		}
		if done {
			return out, true, nil
		}
		if c == '"' {
			b, err := s.str(true)
			if err != nil {
				return nil, false, err
			}
			out = append(out, s.keep(b))
			continue
		}
		if _, err := s.rawAfter(c); err != nil {
			return nil, false, err
		}
	}
}

// skip reads and checks a value, keeping nothing.
func (s *listScanner) skip() error {
	c, err := s.nonSpace()
	if err != nil {
		return err
	}
	_, err = s.value(c, nil)
	return err
}

// raw reads a value and returns its JSON text (checked).
func (s *listScanner) raw() ([]byte, error) {
	c, err := s.nonSpace()
	if err != nil {
		return nil, err
	}
	return s.rawAfter(c)
}

// rawAfter reads the value starting with c and returns its JSON text.
func (s *listScanner) rawAfter(c byte) ([]byte, error) {
	out, err := s.value(c, []byte{})
	return out, err
}

// value reads the value starting with c, checking it; when keep is not
// nil, its JSON text is appended to it and returned.
func (s *listScanner) value(c byte, keep []byte) ([]byte, error) {
	switch {
	case c == '"':
		b, err := s.str(keep != nil)
		if err != nil {
			return nil, err
		}
		if keep != nil {
			q, _ := json.Marshal(string(b))
			keep = append(keep, q...)
		}
		return keep, nil
	case c == '{' || c == '[':
		return s.container(c, keep)
	case c == 't':
		return appendIf(keep, "true"), s.literal("rue")
	case c == 'f':
		return appendIf(keep, "false"), s.literal("alse")
	case c == 'n':
		return appendIf(keep, "null"), s.literal("ull")
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number(c, keep)
	}
	return nil, errSyntax
}

func appendIf(keep []byte, s string) []byte {
	if keep == nil {
		return nil
	}
	return append(keep, s...)
}

// container reads an object or an array (its opening byte read).
func (s *listScanner) container(open byte, keep []byte) ([]byte, error) {
	closeWith := byte(']')
	if open == '{' {
		closeWith = '}'
	}
	if keep != nil {
		keep = append(keep, open)
	}
	first := true
	for {
		c, err := s.nonSpace()
		if err != nil {
			return nil, err
		}
		if c == closeWith && first {
			break
		}
		if !first {
			if c == closeWith {
				break
			}
			if c != ',' {
				return nil, errSyntax
			}
			if keep != nil {
				keep = append(keep, ',')
			}
			if c, err = s.nonSpace(); err != nil {
				return nil, err
			}
		}
		first = false
		if open == '{' {
			if c != '"' {
				return nil, errSyntax
			}
			if keep, err = s.value(c, keep); err != nil {
				return nil, err
			}
			if err := s.expect(':'); err != nil {
				return nil, err
			}
			if keep != nil {
				keep = append(keep, ':')
			}
			if c, err = s.nonSpace(); err != nil {
				return nil, err
			}
		}
		if keep, err = s.value(c, keep); err != nil {
			return nil, err
		}
	}
	if keep != nil {
		keep = append(keep, closeWith)
	}
	return keep, nil
}

// number reads a JSON number starting with c.
func (s *listScanner) number(c byte, keep []byte) ([]byte, error) {
	var num []byte
	num = append(num, c)
	for {
		b, err := s.readByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, err
		}
		if (b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-' {
			num = append(num, b)
			continue
		}
		s.r-- // not the number's: read it again
		break
	}
	if !json.Valid(num) {
		return nil, errSyntax
	}
	if keep != nil {
		keep = append(keep, num...)
	}
	return keep, nil
}
