package api

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
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
func (c *ListedContact) FullName() string {
	switch {
	case c.FirstName == "":
		return c.LastName
	case c.LastName == "":
		return c.FirstName
	}
	return c.FirstName + " " + c.LastName
}

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

// keep returns b as a string of its own, from the arena.
func (s *listScanner) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > arenaChunk/4 {
		return string(b)
	}
	if s.arena.Cap()-s.arena.Len() < len(b) {
		s.arena = strings.Builder{}
		s.arena.Grow(arenaChunk)
	}
	start := s.arena.Len()
	s.arena.Write(b)
	return s.arena.String()[start:]
}

// intern returns b as a string, the same one as the last time the same
// bytes were interned, unless another string took its slot since.
func (s *listScanner) intern(b []byte) string {
	if len(b) > 64 {
		return s.keep(b)
	}
	if s.interned == nil {
		s.interned = new([internSlots]string)
	}
	h := uint32(2166136261) // FNV-1a
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &s.interned[h%internSlots]
	if *slot != string(b) || *slot == "" {
		*slot = s.keep(b)
	}
	return *slot
}

// fill reads more of the source into buf, keeping what is not taken; it
// reports whether there is more to take.
func (s *listScanner) fill() bool {
	if s.rerr != nil {
		return false
	}
	if s.r > 0 {
		n := copy(s.buf, s.buf[s.r:s.w])
		s.r, s.w = 0, n
	}
	if s.w == len(s.buf) {
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for range 100 {
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if err != nil {
			s.rerr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.rerr = io.ErrNoProgress
	return false
}

// readErr is the error once the source is used up: io.EOF at its end.
func (s *listScanner) readErr() error {
	if s.rerr == nil {
		return io.EOF
	}
	return s.rerr
}

// readByte returns the next byte.
func (s *listScanner) readByte() (byte, error) {
	if s.r == s.w && !s.fill() {
		return 0, s.readErr()
	}
	c := s.buf[s.r]
	s.r++
	return c, nil
}

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
		c, err := s.nonSpace()
		if err != nil {
			return s.fail(status, err)
		}
		if c == '}' && first {
			break
		}
		if !first {
			if c == '}' {
				break
			}
			if c != ',' {
				return s.fail(status, errSyntax)
			}
			if c, err = s.nonSpace(); err != nil {
				return s.fail(status, err)
			}
		}
		first = false
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
			switch name {
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
	if env.Success != nil && !*env.Success {
		e := &Error{Kind: ErrAPI, Status: status}
		e.Code, e.Message, e.Field = parseErrorBody(env)
		return e
	}
	if !sawData {
		return &Error{Kind: ErrBadJSON, Status: status, Message: `it has no "data"`}
	}
	return nil
}

// records reads the elements of data (its '[' read) and hands each over,
// in one ListedContact reused from record to record.
func (s *listScanner) records(status int, each func(*ListedContact) *Error) *Error {
	var lc ListedContact
	first := true
	for {
		c, err := s.nonSpace()
		if err != nil {
			return s.fail(status, err)
		}
		if c == ']' && first {
			return nil
		}
		if !first {
			if c == ']' {
				return nil
			}
			if c != ',' {
				return s.fail(status, errSyntax)
			}
			if c, err = s.nonSpace(); err != nil {
				return s.fail(status, err)
			}
		}
		first = false
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
		c, err := s.nonSpace()
		if err != nil {
			return err
		}
		if c == '}' && first {
			return nil
		}
		if !first {
			if c == '}' {
				return nil
			}
			if c != ',' {
				return errSyntax
			}
			if c, err = s.nonSpace(); err != nil {
				return err
			}
		}
		first = false
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
		c, err := s.nonSpace()
		if err != nil {
			return nil, false, err
		}
		if c == ']' && first {
			return out, true, nil
		}
		if !first {
			if c == ']' {
				return out, true, nil
			}
			if c != ',' {
				return nil, false, errSyntax
			}
			if c, err = s.nonSpace(); err != nil {
				return nil, false, err
			}
		}
		first = false
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

// nonSpace returns the next byte that is not JSON white space.
func (s *listScanner) nonSpace() (byte, error) {
	if s.r < s.w { // the common case, inlined: no space before it
		if c := s.buf[s.r]; c > ' ' {
			s.r++
			return c, nil
		}
	}
	return s.nonSpaceSlow()
}

func (s *listScanner) nonSpaceSlow() (byte, error) {
	for {
		for s.r < s.w {
			c := s.buf[s.r]
			s.r++
			switch c {
			case ' ', '\t', '\n', '\r':
				continue
			}
			return c, nil
		}
		if !s.fill() {
			return 0, s.readErr()
		}
	}
}

func (s *listScanner) expect(want byte) error {
	c, err := s.nonSpace()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return errCut
		}
		return err
	}
	if c != want {
		return errSyntax
	}
	return nil
}

func (s *listScanner) literal(rest string) error {
	for i := 0; i < len(rest); i++ {
		c, err := s.readByte()
		if err != nil {
			return err
		}
		if c != rest[i] {
			return errSyntax
		}
	}
	return nil
}

// strSpecial marks the bytes that end the fast scan of a string: the
// quote, a backslash, control characters (invalid in JSON strings) and
// bytes of non-ASCII characters.
var strSpecial = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '"' || c == '\\' || c < 0x20 || c >= 0x80
	}
	return t
}()

// validEscape marks the bytes that may follow a backslash.
var validEscape = func() (t [256]bool) {
	for _, c := range `"\\/bfnrtu` {
		t[c] = true
	}
	return t
}()

// special8 reports whether one of 8 bytes is special (strSpecial), 8 at a
// time: a byte under 0x20, from 0x80, a quote or a backslash.
func special8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return ((x-ones*0x20)|(q-ones)|(b-ones)|x)&highs != 0
}

// str reads a string's content (its opening quote read), unescaped. The
// result is valid until the next read. When keep is false the caller only
// checks the string (as encoding/json does, whatever its bytes); when it
// is true, the text is made valid UTF-8 as encoding/json makes it.
func (s *listScanner) str(keep bool) ([]byte, error) {
	// The common case: the whole string is in the buffer, plain ASCII.
	i := s.r
	for i+8 <= s.w && !special8(binary.LittleEndian.Uint64(s.buf[i:])) {
		i += 8
	}
	for ; i < s.w; i++ {
		if c := s.buf[i]; strSpecial[c] {
			if c == '"' {
				b := s.buf[s.r:i]
				s.r = i + 1
				return b, nil
			}
			break
		}
	}
	s.scratch = s.scratch[:0]
	escaped, ascii := false, true
	for {
		i := s.r
		for ; i < s.w; i++ {
			c := s.buf[i]
			if !strSpecial[c] {
				continue
			}
			if c == '"' {
				break
			}
			switch {
			case c < 0x20:
				return nil, errSyntax
			case c >= 0x80:
				ascii = false
			case c == '\\': // take the escaped byte with it
				escaped = true
				if i+1 < s.w {
					i++
				} else {
					s.scratch = append(s.scratch, s.buf[s.r:i+1]...)
					s.r = i + 1
					if _, err := s.readByte(); err != nil {
						return nil, cutOff(err)
					}
					i = s.r - 1
				}
				if !validEscape[s.buf[i]] {
					return nil, errSyntax
				}
				if i == s.r-1 { // read on its own
					s.scratch = append(s.scratch, s.buf[i])
				}
			}
		}
		if i < s.w { // the closing quote
			s.scratch = append(s.scratch, s.buf[s.r:i]...)
			s.r = i + 1
			break
		}
		s.scratch = append(s.scratch, s.buf[s.r:s.w]...)
		s.r = s.w
		if !s.fill() {
			return nil, cutOff(s.readErr())
		}
	}
	if !escaped && (ascii || !keep || utf8.Valid(s.scratch)) {
		return s.scratch, nil
	}
	// Escapes, or bytes that are not UTF-8: encoding/json's rules.
	quoted := make([]byte, 0, len(s.scratch)+2)
	quoted = append(append(append(quoted, '"'), s.scratch...), '"')
	var v string
	if err := json.Unmarshal(quoted, &v); err != nil {
		return nil, errSyntax
	}
	s.scratch = append(s.scratch[:0], v...)
	return s.scratch, nil
}

// cutOff says a string ended with the input.
func cutOff(err error) error {
	if errors.Is(err, io.EOF) {
		return errCut
	}
	return err
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
