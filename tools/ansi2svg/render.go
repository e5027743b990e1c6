package main

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Options sets the SVG's size and title.
type Options struct {
	Title string
	Cols  int // at least this many columns (lines are padded)
	Rows  int // at least this many rows
}

// Geometry of the rendered terminal, in px.
const (
	cellW      = 8.4
	lineH      = 18.0
	fontSize   = 14.0
	baseline   = 13.5 // from the top of a line to the text baseline
	padX       = 16.0
	padBottom  = 14.0
	titleBarH  = 36.0
	cornerR    = 10.0
	fontFamily = `"DejaVu Sans Mono", Menlo, Consolas, monospace`
)

// num formats a coordinate with at most two decimals.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

// esc escapes s for XML text and attribute values.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// look is how a cell is painted: resolved colours and font attributes.
type look struct {
	fg, bg                          RGB
	hasBG                           bool
	bold, italic, underline, strike bool
}

func lookOf(st Style) look {
	fg := st.FG.resolve(defaultFG)
	bg := st.BG.resolve(defaultBG)
	hasBG := st.BG.Kind != ColorDefault
	if st.Reverse {
		fg, bg = bg, fg
		hasBG = true
	}
	if st.Dim {
		fg = fg.blend(bg, 0.6)
	}
	return look{fg: fg, bg: bg, hasBG: hasBG, bold: st.Bold, italic: st.Italic, underline: st.Underline, strike: st.Strike}
}

// textAttrs are a tspan's presentation attributes for l.
func (l look) textAttrs() string {
	a := fmt.Sprintf(` fill="%s"`, l.fg.Hex())
	if l.bold {
		a += ` font-weight="bold"`
	}
	if l.italic {
		a += ` font-style="italic"`
	}
	var deco []string
	if l.underline {
		deco = append(deco, "underline")
	}
	if l.strike {
		deco = append(deco, "line-through")
	}
	if len(deco) > 0 {
		a += ` text-decoration="` + strings.Join(deco, " ") + `"`
	}
	return a
}

// SVG renders s as a terminal window.
func SVG(s *Screen, o Options) string {
	cols, rows := o.Cols, o.Rows
	for _, l := range s.Lines {
		cols = max(cols, len(l))
	}
	rows = max(rows, len(s.Lines))
	width := 2*padX + float64(cols)*cellW
	height := titleBarH + float64(rows)*lineH + padBottom
	ox, oy := padX, titleBarH

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s">`+"\n",
		num(width), num(height), num(width), num(height))
	fmt.Fprintf(&b, "<style>text{font-family:%s;font-size:%spx;white-space:pre;font-variant-ligatures:none}</style>\n", esc(fontFamily), num(fontSize))
	// Window and title bar.
	fmt.Fprintf(&b, `<rect width="%s" height="%s" rx="%s" fill="%s" stroke="#3a3a4c"/>`+"\n", num(width), num(height), num(cornerR), defaultBG.Hex())
	for i, c := range []string{"#ff5f57", "#febc2e", "#28c840"} {
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="6" fill="%s"/>`+"\n", num(padX+6+float64(i)*20), num(titleBarH/2), c)
	}
	if o.Title != "" {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="#8a8aa0" xml:space="preserve">%s</text>`+"\n",
			num(width/2), num(titleBarH/2+5), esc(o.Title))
	}

	for row, line := range s.Lines {
		top := oy + float64(row)*lineH
		writeBackgrounds(&b, line, ox, top)
		writeShapes(&b, line, ox, top)
		writeText(&b, line, ox, top+baseline)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// writeBackgrounds paints runs of cells with a background colour.
func writeBackgrounds(b *strings.Builder, line []Cell, ox, top float64) {
	for i := 0; i < len(line); {
		l := lookOf(line[i].Style)
		j := i + 1
		for j < len(line) {
			m := lookOf(line[j].Style)
			if m.hasBG != l.hasBG || m.bg != l.bg {
				break
			}
			j++
		}
		if l.hasBG {
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
				num(ox+float64(i)*cellW), num(top), num(float64(j-i)*cellW), num(lineH), l.bg.Hex())
		}
		i = j
	}
}

// writeShapes draws the box-drawing and block characters of a line.
func writeShapes(b *strings.Builder, line []Cell, ox, top float64) {
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c.Cont || !isShape(c.Text) {
			continue
		}
		fg := lookOf(c.Style).fg
		// A run of one straight horizontal line is drawn in one piece.
		n := 1
		if horizontal(c.Text) {
			for i+n < len(line) && line[i+n].Text == c.Text && lookOf(line[i+n].Style).fg == fg {
				n++
			}
		}
		b.WriteString(shapeSVG(c.Text, ox+float64(i)*cellW, top, float64(n)*cellW, lineH, fg.Hex()))
		b.WriteByte('\n')
		i += n - 1
	}
}

// simple reports whether a cell's text is a single BMP code point, which
// an SVG x list positions one to one.
func simple(text string) bool {
	r, size := utf8.DecodeRuneInString(text)
	return size == len(text) && r <= 0xffff
}

// blank reports whether a cell shows nothing but its background.
func blank(c Cell) bool {
	return !c.Cont && c.Text == " " && !c.Style.Underline && !c.Style.Strike
}

// writeText writes a line's text: one <text>, one <tspan> per run of cells
// with the same look. Every character gets its own x from its column, so
// alignment never depends on the font's advance widths.
func writeText(b *strings.Builder, line []Cell, ox, y float64) {
	type run struct {
		look  look
		text  strings.Builder
		xs    []string
		multi bool // a lone grapheme that is not one BMP code point
	}
	var runs []*run
	var cur *run
	flush := func() {
		if cur != nil {
			runs = append(runs, cur)
			cur = nil
		}
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c.Cont {
			continue
		}
		if blank(c) || isShape(c.Text) {
			// Skip leading and trailing blanks of a run; keep inner ones.
			j := i
			for j < len(line) && (line[j].Cont || blank(line[j])) {
				j++
			}
			if cur == nil || j == len(line) || isShape(c.Text) || isShape(line[j].Text) ||
				lookOf(line[j].Style) != cur.look || !simple(line[j].Text) {
				flush()
				continue
			}
		}
		l := lookOf(c.Style)
		x := num(ox + float64(i)*cellW)
		if !simple(c.Text) {
			flush()
			r := &run{look: l, multi: true, xs: []string{x}}
			r.text.WriteString(c.Text)
			runs = append(runs, r)
			continue
		}
		if cur == nil || cur.look != l {
			flush()
			cur = &run{look: l}
		}
		cur.text.WriteString(c.Text)
		cur.xs = append(cur.xs, x)
	}
	flush()
	if len(runs) == 0 {
		return
	}
	fmt.Fprintf(b, `<text y="%s" xml:space="preserve">`, num(y))
	for _, r := range runs {
		fmt.Fprintf(b, `<tspan x="%s"%s>%s</tspan>`, strings.Join(r.xs, " "), r.look.textAttrs(), esc(r.text.String()))
	}
	b.WriteString("</text>\n")
}
