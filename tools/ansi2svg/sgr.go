package main

// ColorKind says how a Color is given.
type ColorKind uint8

const (
	ColorDefault ColorKind = iota // the terminal's default fg or bg
	ColorIndexed                  // palette index 0-255
	ColorRGB                      // 24-bit
)

// Color is a foreground or background colour as the program set it.
type Color struct {
	Kind  ColorKind
	Index uint8
	RGB   RGB
}

func indexed(n int) Color { return Color{Kind: ColorIndexed, Index: uint8(n)} }

// resolve returns the colour's RGB value, def for the default colour.
func (c Color) resolve(def RGB) RGB {
	switch c.Kind {
	case ColorIndexed:
		return xterm256(c.Index)
	case ColorRGB:
		return c.RGB
	}
	return def
}

// Style is the SGR state of a cell.
type Style struct {
	FG, BG                                        Color
	Bold, Dim, Italic, Underline, Reverse, Strike bool
}

// param is one SGR parameter; sub marks a colon-separated sub-parameter
// of the parameter before it (as in 38:2::r:g:b).
type param struct {
	n       int
	missing bool
	sub     bool
}

// parseParams splits a CSI parameter string ("1;38;5;208", "4:3") into
// parameters.
func parseParams(s string) []param {
	ps := []param{{missing: true}}
	for i := 0; i < len(s); i++ {
		c := s[i]
		cur := &ps[len(ps)-1]
		switch {
		case c >= '0' && c <= '9':
			if cur.missing {
				cur.missing = false
				cur.n = 0
			}
			if cur.n < 1<<20 {
				cur.n = cur.n*10 + int(c-'0')
			}
		case c == ';':
			ps = append(ps, param{missing: true})
		case c == ':':
			ps = append(ps, param{missing: true, sub: true})
		}
	}
	return ps
}

// applySGR updates st with the SGR parameter string params (the part of
// ESC [ ... m between the bracket and the m).
func applySGR(st *Style, params string) {
	ps := parseParams(params)
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		// Collect this parameter's colon sub-parameters.
		j := i + 1
		for j < len(ps) && ps[j].sub {
			j++
		}
		subs := ps[i+1 : j]
		n := p.n
		if p.missing {
			n = 0
		}
		switch {
		case n == 0:
			*st = Style{}
		case n == 1:
			st.Bold = true
		case n == 2:
			st.Dim = true
		case n == 3:
			st.Italic = true
		case n == 4:
			// 4:0 turns underline off; 4:1-4:5 are underline styles.
			st.Underline = len(subs) == 0 || subs[0].missing || subs[0].n != 0
		case n == 7:
			st.Reverse = true
		case n == 9:
			st.Strike = true
		case n == 21:
			st.Underline = true // double underline
		case n == 22:
			st.Bold, st.Dim = false, false
		case n == 23:
			st.Italic = false
		case n == 24:
			st.Underline = false
		case n == 27:
			st.Reverse = false
		case n == 29:
			st.Strike = false
		case n >= 30 && n <= 37:
			st.FG = indexed(n - 30)
		case n == 39:
			st.FG = Color{}
		case n >= 40 && n <= 47:
			st.BG = indexed(n - 40)
		case n == 49:
			st.BG = Color{}
		case n >= 90 && n <= 97:
			st.FG = indexed(n - 90 + 8)
		case n >= 100 && n <= 107:
			st.BG = indexed(n - 100 + 8)
		case n == 38 || n == 48 || n == 58:
			var c Color
			var ok bool
			if len(subs) > 0 {
				c, ok = extColor(subs)
			} else {
				// Semicolon form: the colour's parameters follow.
				var used int
				c, ok, used = extColorSemi(ps[i+1:])
				j = i + 1 + used
			}
			if ok {
				switch n {
				case 38:
					st.FG = c
				case 48:
					st.BG = c
				}
			}
		}
		i = j - 1
	}
}

func clamp8(n int) uint8 {
	if n > 255 {
		return 255
	}
	return uint8(n)
}

// extColor reads the colon form: 5:n, 2:r:g:b or 2:cs:r:g:b.
func extColor(subs []param) (Color, bool) {
	if len(subs) == 0 {
		return Color{}, false
	}
	switch subs[0].n {
	case 5:
		if len(subs) < 2 {
			return Color{}, false
		}
		return indexed(int(clamp8(subs[1].n))), true
	case 2:
		v := subs[1:]
		if len(v) >= 4 {
			v = v[1:] // colour space id
		}
		if len(v) < 3 {
			return Color{}, false
		}
		return Color{Kind: ColorRGB, RGB: RGB{clamp8(v[0].n), clamp8(v[1].n), clamp8(v[2].n)}}, true
	}
	return Color{}, false
}

// extColorSemi reads the legacy semicolon form (38;5;n, 38;2;r;g;b) from
// the parameters after 38/48/58; used is how many it consumed.
func extColorSemi(rest []param) (c Color, ok bool, used int) {
	if len(rest) == 0 {
		return Color{}, false, 0
	}
	switch rest[0].n {
	case 5:
		if len(rest) < 2 {
			return Color{}, false, len(rest)
		}
		return indexed(int(clamp8(rest[1].n))), true, 2
	case 2:
		if len(rest) < 4 {
			return Color{}, false, len(rest)
		}
		return Color{Kind: ColorRGB, RGB: RGB{clamp8(rest[1].n), clamp8(rest[2].n), clamp8(rest[3].n)}}, true, 4
	}
	return Color{}, false, 1
}
