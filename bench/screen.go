package main

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// screen is a small terminal emulator: enough of VT100/xterm to follow what
// Bubble Tea's renderer writes (text, CR/LF, cursor moves, erase line and
// screen, the alternate screen), so the bench can ask what is on screen now
// rather than search the byte stream. Colours and modes are ignored.
type screen struct {
	rows, cols int
	cells      [][]string // "" is a blank cell; wideTail follows a wide grapheme
	r, c       int
	wrapNext   bool // the last print filled the last column
	pending    []byte
	// frameEnd: the last sequence of the latest chunk was a cursor
	// position with parameters, which is how Bubble Tea ends an
	// alt-screen frame.
	frameEnd bool
}

const wideTail = "\x00"

func newScreen(rows, cols int) *screen {
	s := &screen{rows: rows, cols: cols}
	s.cells = make([][]string, rows)
	for i := range s.cells {
		s.cells[i] = make([]string, cols)
	}
	return s
}

// lines returns the screen's text, one string per row, trailing blanks cut.
func (s *screen) lines() []string {
	out := make([]string, s.rows)
	for i, row := range s.cells {
		var b strings.Builder
		for _, c := range row {
			switch c {
			case "":
				b.WriteByte(' ')
			case wideTail:
			default:
				b.WriteString(c)
			}
		}
		out[i] = strings.TrimRight(b.String(), " ")
	}
	return out
}

// text returns the whole screen as one string.
func (s *screen) text() string { return strings.Join(s.lines(), "\n") }

// contains reports whether some row contains sub.
func (s *screen) contains(sub string) bool {
	for _, l := range s.lines() {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

// lineWith returns the first row containing sub.
func (s *screen) lineWith(sub string) (string, bool) {
	for _, l := range s.lines() {
		if strings.Contains(l, sub) {
			return l, true
		}
	}
	return "", false
}

func (s *screen) clearRow(r, from, to int) {
	if r < 0 || r >= s.rows {
		return
	}
	from, to = max(from, 0), min(to, s.cols)
	for i := from; i < to; i++ {
		s.cells[r][i] = ""
	}
}

func (s *screen) clearAll() {
	for r := range s.cells {
		s.clearRow(r, 0, s.cols)
	}
}

func (s *screen) scrollUp() {
	first := s.cells[0]
	copy(s.cells, s.cells[1:])
	s.cells[s.rows-1] = first
	s.clearRow(s.rows-1, 0, s.cols)
}

func (s *screen) lineFeed() {
	s.wrapNext = false
	if s.r == s.rows-1 {
		s.scrollUp()
		return
	}
	s.r++
}

func (s *screen) moveTo(r, c int) {
	s.r = min(max(r, 0), s.rows-1)
	s.c = min(max(c, 0), s.cols-1)
	s.wrapNext = false
}

func (s *screen) print(g string, w int) {
	if w <= 0 {
		// A zero-width grapheme (a lone combining mark): attach it to the
		// previous cell.
		if s.c > 0 {
			s.cells[s.r][s.c-1] += g
		}
		return
	}
	if s.wrapNext || s.c+w > s.cols {
		s.c = 0
		s.lineFeed()
	}
	s.cells[s.r][s.c] = g
	for i := 1; i < w && s.c+i < s.cols; i++ {
		s.cells[s.r][s.c+i] = wideTail
	}
	s.c += w
	if s.c >= s.cols {
		s.c = s.cols - 1
		s.wrapNext = true
	}
}

// write feeds output to the emulator. An incomplete sequence at the end is
// kept for the next call.
func (s *screen) write(p []byte) {
	b := p
	if len(s.pending) > 0 {
		b = append(s.pending, p...)
		s.pending = nil
	}
	s.frameEnd = false
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == 0x1b:
			n, ok := s.escape(b[i:])
			if !ok {
				s.pending = append([]byte(nil), b[i:]...)
				return
			}
			i += n
			continue
		case c == '\r':
			s.c, s.wrapNext = 0, false
		case c == '\n', c == 0x0b, c == 0x0c:
			s.lineFeed()
		case c == '\b':
			s.c, s.wrapNext = max(s.c-1, 0), false
		case c == '\t':
			s.c, s.wrapNext = min((s.c/8+1)*8, s.cols-1), false
		case c < 0x20 || c == 0x7f:
			// bell and other controls: ignored
		default:
			if c >= 0x80 && !utf8.FullRune(b[i:]) {
				s.pending = append([]byte(nil), b[i:]...)
				return
			}
			seq, w, n, _ := ansi.DecodeSequence(b[i:], ansi.NormalState, nil)
			if n <= 0 {
				n = 1
			}
			s.frameEnd = false
			s.print(string(seq), w)
			i += n
			continue
		}
		s.frameEnd = false
		i++
	}
}

// escape handles the sequence at the start of b (b[0] is ESC) and returns
// its length; ok is false when it is incomplete.
func (s *screen) escape(b []byte) (n int, ok bool) {
	if len(b) < 2 {
		return 0, false
	}
	switch b[1] {
	case '[':
		i := 2
		for i < len(b) && b[i] >= 0x20 && b[i] <= 0x3f {
			i++
		}
		if i >= len(b) {
			return 0, false
		}
		s.csi(string(b[2:i]), b[i])
		return i + 1, true
	case ']', 'P', 'X', '^', '_': // string sequences: up to BEL or ST
		for i := 2; i < len(b); i++ {
			if b[i] == 0x07 && b[1] == ']' {
				return i + 1, true
			}
			if b[i] == 0x1b {
				if i+1 >= len(b) {
					return 0, false
				}
				if b[i+1] == '\\' {
					return i + 2, true
				}
			}
		}
		return 0, false
	case '(', ')', '*', '+', '#', ' ', '%':
		if len(b) < 3 {
			return 0, false
		}
		return 3, true
	case '7', '8', '=', '>':
		return 2, true
	case 'M': // reverse index
		if s.r > 0 {
			s.r--
		}
		return 2, true
	case 'D':
		s.lineFeed()
		return 2, true
	case 'E':
		s.c = 0
		s.lineFeed()
		return 2, true
	case 'c':
		s.clearAll()
		s.moveTo(0, 0)
		return 2, true
	}
	return 2, true
}

// csi runs one control sequence: params (with any prefix and
// intermediates) and the final byte.
func (s *screen) csi(params string, final byte) {
	private := strings.HasPrefix(params, "?")
	nums := func(def int) []int {
		ps := strings.TrimLeft(params, "?<=>")
		ps = strings.TrimRight(ps, " !\"#$%&'()*+,-./")
		var out []int
		for _, f := range strings.Split(ps, ";") {
			v, any := 0, false
			for _, ch := range f {
				if ch >= '0' && ch <= '9' {
					v, any = v*10+int(ch-'0'), true
				} else {
					break
				}
			}
			if !any || v == 0 {
				v = def
			}
			out = append(out, v)
		}
		return out
	}
	arg := func(i, def int) int {
		ns := nums(def)
		if i < len(ns) {
			return ns[i]
		}
		return def
	}
	s.frameEnd = false
	switch final {
	case 'H', 'f':
		s.moveTo(arg(0, 1)-1, arg(1, 1)-1)
		s.frameEnd = params != ""
	case 'A':
		s.moveTo(s.r-arg(0, 1), s.c)
	case 'B', 'e':
		s.moveTo(s.r+arg(0, 1), s.c)
	case 'C', 'a':
		s.moveTo(s.r, s.c+arg(0, 1))
	case 'D':
		s.moveTo(s.r, s.c-arg(0, 1))
	case 'E':
		s.moveTo(s.r+arg(0, 1), 0)
	case 'F':
		s.moveTo(s.r-arg(0, 1), 0)
	case 'G', '`':
		s.moveTo(s.r, arg(0, 1)-1)
	case 'd':
		s.moveTo(arg(0, 1)-1, s.c)
	case 'K':
		if private {
			return
		}
		switch arg(0, 0) {
		case 0:
			s.clearRow(s.r, s.c, s.cols)
		case 1:
			s.clearRow(s.r, 0, s.c+1)
		case 2:
			s.clearRow(s.r, 0, s.cols)
		}
	case 'J':
		if private {
			return
		}
		switch arg(0, 0) {
		case 0:
			s.clearRow(s.r, s.c, s.cols)
			for r := s.r + 1; r < s.rows; r++ {
				s.clearRow(r, 0, s.cols)
			}
		case 1:
			for r := 0; r < s.r; r++ {
				s.clearRow(r, 0, s.cols)
			}
			s.clearRow(s.r, 0, s.c+1)
		case 2, 3:
			s.clearAll()
		}
	case 'L': // insert lines
		n := min(arg(0, 1), s.rows-s.r)
		for range n {
			last := s.cells[s.rows-1]
			copy(s.cells[s.r+1:], s.cells[s.r:s.rows-1])
			s.cells[s.r] = last
			s.clearRow(s.r, 0, s.cols)
		}
	case 'M': // delete lines
		n := min(arg(0, 1), s.rows-s.r)
		for range n {
			first := s.cells[s.r]
			copy(s.cells[s.r:], s.cells[s.r+1:])
			s.cells[s.rows-1] = first
			s.clearRow(s.rows-1, 0, s.cols)
		}
	case 'P': // delete characters
		n := min(arg(0, 1), s.cols-s.c)
		row := s.cells[s.r]
		copy(row[s.c:], row[s.c+n:])
		s.clearRow(s.r, s.cols-n, s.cols)
	case 'X': // erase characters
		s.clearRow(s.r, s.c, s.c+arg(0, 1))
	case 'h', 'l':
		if private && (params == "?1049" || params == "?47" || params == "?1047") {
			s.clearAll()
			if final == 'h' {
				s.moveTo(0, 0)
			}
		}
	}
}
