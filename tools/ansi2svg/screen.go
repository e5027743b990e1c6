package main

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Cell is one terminal cell. A wide character sits in its first cell with
// Width 2; the cell after it is a continuation (Cont) with no text.
type Cell struct {
	Text  string
	Width int
	Cont  bool
	Style Style
}

// Screen is a parsed capture: one slice of cells per line.
type Screen struct {
	Lines [][]Cell
}

// Parse reads a terminal capture: text with SGR sequences, lines separated
// by \n. Every other escape sequence (cursor movement, OSC titles and
// links, DCS, ...) is skipped; control characters other than \n, \r, \t
// and backspace are dropped.
func Parse(in string) *Screen {
	in = strings.ToValidUTF8(in, "\uFFFD")
	// A final newline ends the last line; it does not start a new one.
	in = strings.TrimSuffix(in, "\n")
	s := &Screen{Lines: [][]Cell{nil}}
	var st Style
	row, col := 0, 0
	put := func(c Cell) {
		line := s.Lines[row]
		for len(line) < col+c.Width {
			line = append(line, Cell{Text: " ", Width: 1})
		}
		// Writing over half of a wide character blanks its other half.
		if line[col].Cont && col > 0 {
			line[col-1] = Cell{Text: " ", Width: 1, Style: line[col-1].Style}
		}
		if end := col + c.Width; end < len(line) && line[end].Cont {
			line[end] = Cell{Text: " ", Width: 1, Style: line[end].Style}
		}
		line[col] = c
		for k := 1; k < c.Width; k++ {
			line[col+k] = Cell{Cont: true, Style: c.Style}
		}
		s.Lines[row] = line
		col += c.Width
	}
	for i := 0; i < len(in); {
		b := in[i]
		switch {
		case b == '\x1b':
			i += skipEscape(in[i:], &st)
		case b == '\n':
			s.Lines = append(s.Lines, nil)
			row, col = row+1, 0
			i++
		case b == '\r':
			col = 0
			i++
		case b == '\b':
			if col > 0 {
				col--
			}
			i++
		case b == '\t':
			for next := (col/8 + 1) * 8; col < next; {
				put(Cell{Text: " ", Width: 1, Style: st})
			}
			i++
		case b < 0x20 || b == 0x7f:
			i++
		default:
			// Text up to the next control character.
			j := i
			for j < len(in) && in[j] >= 0x20 && in[j] != 0x7f {
				j++
			}
			text := in[i:j]
			for len(text) > 0 {
				g, w := ansi.FirstGraphemeCluster(text, ansi.GraphemeWidth)
				if len(g) == 0 {
					_, size := utf8.DecodeRuneInString(text)
					g = text[:size]
				}
				text = text[len(g):]
				if r, _ := utf8.DecodeRuneInString(g); r >= 0x80 && r < 0xa0 {
					continue // a C1 control
				}
				if w <= 0 {
					// Zero-width: joins the previous character.
					if line := s.Lines[row]; col > 0 && col <= len(line) {
						k := col - 1
						for k > 0 && line[k].Cont {
							k--
						}
						line[k].Text += g
					}
					continue
				}
				if w > 2 {
					w = 2
				}
				put(Cell{Text: g, Width: w, Style: st})
			}
			i = j
		}
	}
	return s
}

// skipEscape consumes the escape sequence at the start of s (which begins
// with ESC), applying it to st when it is an SGR sequence, and returns its
// length.
func skipEscape(s string, st *Style) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[': // CSI: parameters, intermediates, final byte.
		i := 2
		for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
			i++
		}
		params := s[2:i]
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i >= len(s) {
			return len(s)
		}
		if f := s[i]; f >= 0x40 && f <= 0x7e {
			interm := i > 2 && s[i-1] >= 0x20 && s[i-1] <= 0x2f
			if f == 'm' && !interm && (params == "" || params[0] < '<') {
				applySGR(st, params)
			}
			return i + 1
		}
		return i // malformed: drop what was read
	case ']', 'P', 'X', '^', '_': // strings ended by BEL or ST (ESC \)
		for i := 2; i < len(s); i++ {
			if s[i] == '\a' {
				return i + 1
			}
			if s[i] == '\x1b' {
				if i+1 < len(s) && s[i+1] == '\\' {
					return i + 2
				}
				return i
			}
		}
		return len(s)
	default: // ESC, intermediates, final byte (charset selection, ESC 7, ...)
		i := 1
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			return i + 1
		}
		return i
	}
}
