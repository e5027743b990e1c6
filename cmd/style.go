package cmd

// style paints text for people with plain ANSI SGR codes, or not at all
// when colour is off (not a terminal, NO_COLOR, TERM=dumb).
type style struct{ on bool }

func newStyle(color bool) style { return style{on: color} }

func (s style) wrap(code, text string) string {
	if !s.on || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// Bold is for headings.
func (s style) Bold(text string) string { return s.wrap("1", text) }

// Faint is for labels and for null or empty values.
func (s style) Faint(text string) string { return s.wrap("2", text) }

// Red is for errors.
func (s style) Red(text string) string { return s.wrap("31", text) }
