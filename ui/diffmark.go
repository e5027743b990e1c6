package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Marking what differs between two values, for the conflict screen: the
// part of a value between what it shares with the other at its start and
// at its end is painted, and a caret line under it says the same without
// colour.

// diffSpan returns the runes [from, to) of b that differ from a. When b
// only lost text, the two runes around the cut are marked.
func diffSpan(a, b string) (from, to int) {
	ra, rb := []rune(a), []rune(b)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	q := 0
	for q < len(ra)-p && q < len(rb)-p && ra[len(ra)-1-q] == rb[len(rb)-1-q] {
		q++
	}
	from, to = p, len(rb)-q
	if from == to && len(rb) > 0 {
		from, to = max(from-1, 0), min(to+1, len(rb))
	}
	return from, to
}

// markedLines hard-wraps s to w columns (values have no words to break
// at) and paints the runes [from, to) with t.Marked; under each line that
// holds some of them comes a caret line. from == to marks nothing.
func (t *Theme) markedLines(s string, from, to, w int) []string {
	w = max(w, 8)
	var out []string
	var line, carets strings.Builder
	lineW, marked := 0, false
	flush := func() {
		out = append(out, line.String())
		if marked {
			out = append(out, t.Warn.Render(strings.TrimRight(carets.String(), " ")))
		}
		line.Reset()
		carets.Reset()
		lineW, marked = 0, false
	}
	var run strings.Builder // the runes of one kind (marked or not) in a row
	runMarked := false
	paint := func() {
		if run.Len() == 0 {
			return
		}
		if runMarked {
			line.WriteString(t.Marked.Render(run.String()))
		} else {
			line.WriteString(t.Value.Render(run.String()))
		}
		run.Reset()
	}
	for i, r := range []rune(s) {
		rw := max(ansi.StringWidth(string(r)), 0)
		if lineW+rw > w && lineW > 0 {
			paint()
			flush()
		}
		in := i >= from && i < to
		if in != runMarked {
			paint()
			runMarked = in
		}
		run.WriteRune(r)
		mark := " "
		if in {
			mark, marked = "^", true
		}
		carets.WriteString(strings.Repeat(mark, rw))
		lineW += rw
	}
	paint()
	flush()
	return out
}
