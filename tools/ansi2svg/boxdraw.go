package main

import (
	"fmt"
	"strings"
)

// Box-drawing and block characters are drawn as shapes filling their cell
// exactly, so borders join across cells and lines whatever the font.

// Line weights of a box-drawing arm.
const (
	none   = 0
	light  = 1
	heavy  = 2
	double = 3
)

// boxArms maps a box-drawing character to the weights of its arms, as
// four digits: up, right, down, left. Dashed and diagonal lines are not
// listed: the font draws those.
var boxArms = map[rune]string{
	'─': "0101", '━': "0202", '│': "1010", '┃': "2020",
	'┌': "0110", '┍': "0210", '┎': "0120", '┏': "0220",
	'┐': "0011", '┑': "0012", '┒': "0021", '┓': "0022",
	'└': "1100", '┕': "1200", '┖': "2100", '┗': "2200",
	'┘': "1001", '┙': "1002", '┚': "2001", '┛': "2002",
	'├': "1110", '┝': "1210", '┞': "2110", '┟': "1120", '┠': "2120", '┡': "2210", '┢': "1220", '┣': "2220",
	'┤': "1011", '┥': "1012", '┦': "2011", '┧': "1021", '┨': "2021", '┩': "2012", '┪': "1022", '┫': "2022",
	'┬': "0111", '┭': "0112", '┮': "0211", '┯': "0212", '┰': "0121", '┱': "0122", '┲': "0221", '┳': "0222",
	'┴': "1101", '┵': "1102", '┶': "1201", '┷': "1202", '┸': "2101", '┹': "2102", '┺': "2201", '┻': "2202",
	'┼': "1111", '┽': "1112", '┾': "1211", '┿': "1212", '╀': "2111", '╁': "1121", '╂': "2121", '╃': "2112",
	'╄': "2211", '╅': "1122", '╆': "1221", '╇': "2212", '╈': "1222", '╉': "2122", '╊': "2221", '╋': "2222",
	'═': "0303", '║': "3030", '╒': "0310", '╓': "0130", '╔': "0330", '╕': "0013", '╖': "0031", '╗': "0033",
	'╘': "1300", '╙': "3100", '╚': "3300", '╛': "1003", '╜': "3001", '╝': "3003",
	'╞': "1310", '╟': "3130", '╠': "3330", '╡': "1013", '╢': "3031", '╣': "3033",
	'╤': "0313", '╥': "0131", '╦': "0333", '╧': "1303", '╨': "3101", '╩': "3303",
	'╪': "1313", '╫': "3131", '╬': "3333",
	'╴': "0001", '╵': "1000", '╶': "0100", '╷': "0010", '╸': "0002", '╹': "2000", '╺': "0200", '╻': "0020",
	'╼': "0201", '╽': "1020", '╾': "0102", '╿': "2010",
}

// Stroke widths in px.
const (
	lightW  = 1.2
	heavyW  = 2.6
	doubleW = 1.0
	doubleG = 1.5 // offset of each line of a double line from the centre
)

// quadrant bits for U+2596-U+259F.
const (
	qUL = 1 << iota
	qUR
	qLL
	qLR
)

var quadrants = map[rune]int{
	'▖': qLL, '▗': qLR, '▘': qUL, '▙': qUL | qLL | qLR, '▚': qUL | qLR,
	'▛': qUL | qUR | qLL, '▜': qUL | qUR | qLR, '▝': qUR, '▞': qUR | qLL, '▟': qUR | qLL | qLR,
}

// isShape reports whether text is drawn as a shape rather than a glyph.
func isShape(text string) bool {
	r := []rune(text)
	if len(r) != 1 {
		return false
	}
	c := r[0]
	if _, ok := boxArms[c]; ok {
		return true
	}
	return c >= '╭' && c <= '╰' || c >= '▀' && c <= '▟'
}

// horizontal reports whether text is a straight horizontal line, which
// shapeSVG can draw across several cells at once.
func horizontal(text string) bool {
	return text == "─" || text == "━" || text == "═"
}

// straight are the arms of lines drawn as one piece across their cell(s).
var straight = map[rune]bool{'─': true, '━': true, '═': true, '│': true, '┃': true, '║': true}

// shapeSVG returns the SVG elements drawing text in the cell at (x, y) of
// size w x h in colour fill.
func shapeSVG(text string, x, y, w, h float64, fill string) string {
	c := []rune(text)[0]
	var b strings.Builder
	rect := func(rx, ry, rw, rh float64, extra string) {
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`, num(rx), num(ry), num(rw), num(rh), fill, extra)
	}
	cx, cy := x+w/2, y+h/2
	if arms, ok := boxArms[c]; ok {
		weights := [4]int{}
		for i := range 4 {
			weights[i] = int(arms[i] - '0')
		}
		// How far arms reach past the centre, to close corners.
		reach := 0.0
		for _, wt := range weights {
			switch wt {
			case light:
				reach = max(reach, lightW/2)
			case heavy:
				reach = max(reach, heavyW/2)
			case double:
				reach = max(reach, doubleG+doubleW/2)
			}
		}
		for dir, wt := range weights {
			if wt == none || straight[c] && dir >= 2 {
				continue
			}
			// Offsets of the parallel lines from the centre line, and width.
			offs, t := []float64{0}, lightW
			switch wt {
			case heavy:
				t = heavyW
			case double:
				offs, t = []float64{-doubleG, doubleG}, doubleW
			}
			for _, o := range offs {
				switch dir {
				case 0: // up
					if straight[c] {
						rect(cx+o-t/2, y, t, h, "")
					} else {
						rect(cx+o-t/2, y, t, cy-y+reach, "")
					}
				case 1: // right
					if straight[c] {
						rect(x, cy+o-t/2, w, t, "")
					} else {
						rect(cx-reach, cy+o-t/2, x+w-cx+reach, t, "")
					}
				case 2: // down
					rect(cx+o-t/2, cy-reach, t, y+h-cy+reach, "")
				case 3: // left
					rect(x, cy+o-t/2, cx-x+reach, t, "")
				}
			}
		}
		return b.String()
	}
	if c >= '╭' && c <= '╰' {
		r := w / 2
		var d string
		switch c {
		case '╭':
			d = fmt.Sprintf("M%s %sL%s %sA%s %s 0 0 1 %s %sL%s %s", num(cx), num(y+h), num(cx), num(cy+r), num(r), num(r), num(cx+r), num(cy), num(x+w), num(cy))
		case '╮':
			d = fmt.Sprintf("M%s %sL%s %sA%s %s 0 0 1 %s %sL%s %s", num(x), num(cy), num(cx-r), num(cy), num(r), num(r), num(cx), num(cy+r), num(cx), num(y+h))
		case '╯':
			d = fmt.Sprintf("M%s %sL%s %sA%s %s 0 0 1 %s %sL%s %s", num(cx), num(y), num(cx), num(cy-r), num(r), num(r), num(cx-r), num(cy), num(x), num(cy))
		case '╰':
			d = fmt.Sprintf("M%s %sL%s %sA%s %s 0 0 0 %s %sL%s %s", num(cx), num(y), num(cx), num(cy-r), num(r), num(r), num(cx+r), num(cy), num(x+w), num(cy))
		}
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="%s"/>`, d, fill, num(lightW))
		return b.String()
	}
	switch {
	case c == '▀':
		rect(x, y, w, h/2, "")
	case c >= '▁' && c <= '█': // lower eighths .. full block
		f := float64(c-'▀') / 8
		rect(x, y+h*(1-f), w, h*f, "")
	case c >= '▉' && c <= '▏': // left seven eighths .. one eighth
		f := float64(8-(c-'█')) / 8
		rect(x, y, w*f, h, "")
	case c == '▐':
		rect(x+w/2, y, w/2, h, "")
	case c >= '░' && c <= '▓':
		rect(x, y, w, h, fmt.Sprintf(` fill-opacity="%s"`, num(float64(c-'░'+1)/4)))
	case c == '▔':
		rect(x, y, w, h/8, "")
	case c == '▕':
		rect(x+w*7/8, y, w/8, h, "")
	default:
		q := quadrants[c]
		for _, p := range []struct {
			bit    int
			dx, dy float64
		}{{qUL, 0, 0}, {qUR, w / 2, 0}, {qLL, 0, h / 2}, {qLR, w / 2, h / 2}} {
			if q&p.bit != 0 {
				rect(x+p.dx, y+p.dy, w/2, h/2, "")
			}
		}
	}
	return b.String()
}
