package api

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// The list scanner's reading: its buffer, the bytes and strings it takes
// from it, and the strings it hands over.

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
