package ui

import (
	"strings"
	"unicode/utf8"
)

// trimBlankEnd drops the blank cells at the end of a line: spaces that
// show nothing, with the styles around them. A terminal line is cleared to
// its end anyway, so they only cost bytes: a text input pads its value with
// spaces to its width, and redrawing that on every keystroke sends a whole
// row. Spaces that show (under a background colour or reverse video: a
// badge, the cursor) are kept, and so is every escape sequence other than
// a style. When a style was dropped the line ends with a reset.
func trimBlankEnd(s string) string {
	cut := 0          // just past the last cell that shows
	var st blankStyle // what the styles so far make a space look like
	styled := false   // a style sequence lies after cut
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			n, params, sgr := escapeAt(s, i)
			i += n
			if !sgr {
				cut, styled = i, false // kept: it may matter (a link, a title)
				continue
			}
			st = st.apply(params)
			styled = true
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r != ' ' || st.shows() {
			cut, styled = i, false
		}
	}
	switch {
	case cut == len(s):
		return s
	case styled:
		return s[:cut] + "\x1b[0m"
	}
	return s[:cut]
}

// blankStyle is the part of a style that makes a space visible.
type blankStyle struct{ background, reverse bool }

func (b blankStyle) shows() bool { return b.background || b.reverse }

// apply reads an SGR sequence's parameters ("1;38;5;252").
func (b blankStyle) apply(params string) blankStyle {
	if params == "" {
		return blankStyle{}
	}
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if strings.Contains(p, ":") { // 38:2::r:g:b, 48:5:n, 4:3
			if strings.HasPrefix(p, "48:") {
				b.background = true
			}
			continue
		}
		switch {
		case p == "" || p == "0":
			b = blankStyle{}
		case p == "7":
			b.reverse = true
		case p == "27":
			b.reverse = false
		case p == "49":
			b.background = false
		case len(p) == 2 && p[0] == '4' && p[1] >= '0' && p[1] <= '7',
			len(p) == 3 && p[0] == '1' && p[1] == '0' && p[2] >= '0' && p[2] <= '7':
			b.background = true
		case p == "38" || p == "48" || p == "58":
			if p == "48" {
				b.background = true
			}
			if i+1 < len(ps) {
				switch ps[i+1] {
				case "5":
					i += 2
				case "2":
					i += 4
				}
			}
		}
	}
	return b
}

// escapeAt reads the escape sequence at s[i]: its length, and for a style
// (CSI … m) its parameters. An unfinished sequence runs to the end.
func escapeAt(s string, i int) (n int, params string, sgr bool) {
	if i+1 >= len(s) {
		return len(s) - i, "", false
	}
	switch s[i+1] {
	case '[': // CSI: parameters, intermediates, a final byte
		j := i + 2
		for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f {
			j++
		}
		p := s[i+2 : j]
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
			j++
		}
		if j >= len(s) {
			return len(s) - i, "", false
		}
		return j + 1 - i, p, s[j] == 'm' && j == i+2+len(p)
	case ']', 'P', '_', '^': // strings: up to BEL or ST
		for j := i + 2; j < len(s); j++ {
			if s[j] == 0x07 {
				return j + 1 - i, "", false
			}
			if s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
				return j + 2 - i, "", false
			}
		}
		return len(s) - i, "", false
	}
	return 2, "", false
}
