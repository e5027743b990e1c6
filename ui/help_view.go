package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// The footer draws the key help from the very bindings the screens match
// keys against (keys.go); a disabled binding does nothing right now and is
// left out, as is one without help text (shown with another: ↓ with ↑).
//
// The short help is one line, by priority: the global keys (quit, ?)
// always show, then the screen's keys in the order the screen lists them
// (its main actions first), as many as fit; ? shows the rest. Where ? is
// a letter like any other (an input has the focus), nothing could show
// the rest: the short help then takes the lines it needs. The full
// help lays the groups out in columns, as many side by side as fit, the
// others on rows below, so that no group is lost at 80 columns.

const (
	shortSeparator = " • "
	columnGap      = "    "
)

// footer returns the footer for the key map the app shows now.
func (a *App) footer() string {
	k := a.helpKeys()
	switch {
	case a.asking != nil:
		return a.shortHelpView(k.ShortHelp(), 0)
	case !a.globalKeys().Help.Enabled():
		return a.allHelpView(k.ShortHelp())
	case a.full:
		return a.fullHelpView(k.FullHelp())
	}
	return a.shortHelpView(k.ShortHelp(), 2)
}

// globalKeys are the global keys as they stand on the top screen.
func (a *App) globalKeys() globalKeys { return globalKeysFor(a.top().typing(), a.full) }

// helpKeys is what the help shows: the answers to a question, or the top
// screen's keys and the global ones.
func (a *App) helpKeys() help.KeyMap {
	if a.asking != nil {
		return confirmKeyMap
	}
	return withGlobal{screen: a.top().keys(), global: a.globalKeys()}
}

// shortHelpView renders bindings on one line of the app's width. The last
// pinned ones always show; the others, in order, while they fit.
func (a *App) shortHelpView(bindings []key.Binding, pinned int) string {
	st := a.s.theme.Help
	item := func(b key.Binding) string {
		return st.ShortKey.Render(b.Help().Key) + " " + st.ShortDesc.Render(b.Help().Desc)
	}
	sepW := widthOf(shortSeparator)
	var must, may []key.Binding
	for i, b := range bindings {
		switch {
		case !shows(b):
		case i >= len(bindings)-pinned:
			must = append(must, b)
		default:
			may = append(may, b)
		}
	}
	used := 0
	for _, b := range must {
		used += widthOf(item(b)) + sepW
	}
	var shown []string
	for _, b := range may {
		if w := widthOf(item(b)) + sepW; used+w <= a.width+sepW {
			shown = append(shown, item(b))
			used += w
		}
	}
	for _, b := range must {
		shown = append(shown, item(b))
	}
	return strings.Join(shown, st.ShortSeparator.Render(shortSeparator))
}

// allHelpView renders every enabled binding, in order, on as many lines
// as they need.
func (a *App) allHelpView(bindings []key.Binding) string {
	st := a.s.theme.Help
	sep := st.ShortSeparator.Render(shortSeparator)
	var lines []string
	line := ""
	for _, b := range bindings {
		if !shows(b) {
			continue
		}
		it := st.ShortKey.Render(b.Help().Key) + " " + st.ShortDesc.Render(b.Help().Desc)
		switch {
		case line == "":
			line = it
		case widthOf(line)+widthOf(sep)+widthOf(it) <= a.width:
			line += sep + it
		default:
			lines, line = append(lines, line), it
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// fullHelpView renders the groups as columns, wrapping to a new row of
// columns where the next one would not fit the width.
func (a *App) fullHelpView(groups [][]key.Binding) string {
	st := a.s.theme.Help
	var rows [][][]string // each row: columns, each a block of lines
	rowW := 0
	for _, g := range groups {
		col := a.helpColumn(g)
		if len(col) == 0 {
			continue
		}
		w := 0
		for _, l := range col {
			w = max(w, widthOf(l))
		}
		if len(rows) == 0 || rowW+widthOf(columnGap)+w > a.width {
			rows = append(rows, nil)
			rowW = -widthOf(columnGap)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], padBlock(col, w))
		rowW += widthOf(columnGap) + w
	}
	var out []string
	for _, cols := range rows {
		out = append(out, joinBlocks(cols, st.FullSeparator.Render(columnGap))...)
	}
	return strings.Join(out, "\n")
}

// helpColumn is one group of the full help: a key column and a
// description column.
func (a *App) helpColumn(g []key.Binding) []string {
	st := a.s.theme.Help
	keyW := 0
	for _, b := range g {
		if shows(b) {
			keyW = max(keyW, widthOf(b.Help().Key))
		}
	}
	var lines []string
	for _, b := range g {
		if shows(b) {
			lines = append(lines, st.FullKey.Render(padRight(b.Help().Key, keyW))+" "+st.FullDesc.Render(b.Help().Desc))
		}
	}
	return lines
}

// shows reports whether the help lists b: it works now and has words.
func shows(b key.Binding) bool { return b.Enabled() && b.Help().Key != "" }

// padBlock pads every line of a block to w columns.
func padBlock(lines []string, w int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l + strings.Repeat(" ", max(w-widthOf(l), 0))
	}
	return out
}

// joinBlocks puts blocks of lines side by side, gap between them; the
// lines' trailing spaces are dropped.
func joinBlocks(blocks [][]string, gap string) []string {
	n := 0
	for _, b := range blocks {
		n = max(n, len(b))
	}
	out := make([]string, n)
	for i := range n {
		var parts []string
		for _, b := range blocks {
			w := 0
			if len(b) > 0 {
				w = widthOf(b[0])
			}
			line := strings.Repeat(" ", w)
			if i < len(b) {
				line = b[i]
			}
			parts = append(parts, line)
		}
		out[i] = strings.TrimRight(strings.Join(parts, gap), " ")
	}
	return out
}
