// Package sanitize is the single choke point for server-provided strings on
// their way to a terminal.
//
// Every string that comes from the API is untrusted: it may carry escape
// sequences (CSI, OSC 52 clipboard writes, OSC 8 hyperlinks, title changes,
// DCS, ...), C1 controls, raw 8-bit bytes or bidi overrides. [Text] rewrites
// all of them as visible, inert escapes on a single line; [Truncate] and
// [Width] then lay the result out in display columns consistently with
// lipgloss, which measures with ansi.StringWidth. [Fit] does both.
package sanitize

import (
	"strings"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// Text returns s made safe to print: one line, no byte that can change
// terminal state.
//
// C0 controls become `\n`, `\r` or `\xNN` (a TAB becomes one space), DEL
// becomes `\x7f`, invalid UTF-8 bytes become `\xNN`, and C1 controls, bidi
// controls, U+2028, U+2029 and U+FEFF become `\uNNNN` (lower-case hex).
// Everything else, backslashes included, is kept, so Text is idempotent.
// When nothing needs escaping s itself is returned without allocating.
func Text(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c-0x20 < 0x7f-0x20 { // printable ASCII, by unsigned wrap-around
			i++
			continue
		}
		if c < utf8.RuneSelf { // C0 or DEL
			return escape(s, i)
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if n == 1 || escapedRune(r) { // n == 1 on a non-ASCII byte: invalid UTF-8
			return escape(s, i)
		}
		i += n
	}
	return s
}

// escapedRune reports whether the valid non-ASCII rune r must be escaped.
func escapedRune(r rune) bool {
	if r <= 0x9f { // C1 controls U+0080–U+009F
		return true
	}
	switch r {
	case 0x061c, // ARABIC LETTER MARK
		0x200e, 0x200f, // LRM, RLM
		0x2028, 0x2029, // LINE / PARAGRAPH SEPARATOR
		0x202a, 0x202b, 0x202c, 0x202d, 0x202e, // LRE, RLE, PDF, LRO, RLO
		0x2066, 0x2067, 0x2068, 0x2069, // LRI, RLI, FSI, PDI
		0xfeff: // BOM / ZERO WIDTH NO-BREAK SPACE
		return true
	}
	return false
}

// escape is the slow path of Text: s[:start] is known to be clean.
func escape(s string, start int) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2 + 8)
	b.WriteString(s[:start])
	clean := start // s[clean:i] is pending clean text
	for i := start; i < len(s); {
		c := s[i]
		n := 1
		switch {
		case c >= 0x20 && c < 0x7f:
			i++
			continue
		case c < utf8.RuneSelf: // C0 or DEL
		default:
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			if n > 1 && !escapedRune(r) {
				i += n
				continue
			}
			if n > 1 {
				b.WriteString(s[clean:i])
				writeU(&b, r)
				i += n
				clean = i
				continue
			}
		}
		// A single byte: C0, DEL or invalid UTF-8.
		b.WriteString(s[clean:i])
		switch c {
		case '\t':
			b.WriteByte(' ')
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		}
		i += n
		clean = i
	}
	b.WriteString(s[clean:])
	return b.String()
}

// writeU writes r (at most U+FFFF) as `\uNNNN`.
func writeU(b *strings.Builder, r rune) {
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[(r>>shift)&0xf])
	}
}
