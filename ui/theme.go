package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Palette, adaptive for light and dark terminals. Every state is also
// readable without colour: badges carry brackets, the selection a marker.
var (
	colorText    = lipgloss.AdaptiveColor{Light: "235", Dark: "252"}
	colorSubtle  = lipgloss.AdaptiveColor{Light: "244", Dark: "245"}
	colorDim     = lipgloss.AdaptiveColor{Light: "250", Dark: "239"}
	colorAccent  = lipgloss.AdaptiveColor{Light: "#5A56E0", Dark: "#8B87FF"}
	colorGood    = lipgloss.AdaptiveColor{Light: "#008A5E", Dark: "#3FD39B"}
	colorBad     = lipgloss.AdaptiveColor{Light: "#C4183C", Dark: "#FF6B81"}
	colorWarn    = lipgloss.AdaptiveColor{Light: "#A15C00", Dark: "#F5B942"}
	colorBilling = lipgloss.AdaptiveColor{Light: "#1F6FB2", Dark: "#6CB6FF"}
	colorShip    = lipgloss.AdaptiveColor{Light: "#7A3DB8", Dark: "#C39BFF"}
	colorBadgeFg = lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#101010"}
)

// Theme holds every style of the app, built for one renderer (one per SSH
// session, so colours fit each client's terminal).
type Theme struct {
	r *lipgloss.Renderer

	Title, Subtle, Dim, Label, Value, Null, Accent lipgloss.Style
	Good, Bad, Warn                                lipgloss.Style
	Role, Billing, Shipping                        lipgloss.Style
	Panel, PanelFocused, PanelFailed               lipgloss.Style
	Rule                                           lipgloss.Style
	Badge, DemoBadge, ReadOnlyBadge, DryRunBadge   lipgloss.Style
	Old, New                                       lipgloss.Style
	Selected, Key                                  lipgloss.Style
	// Cursor is an input's cursor: reverse video, and, without colour
	// (where reverse video is dropped too), a block at the end of the
	// text or a line under the character it stands on.
	Cursor lipgloss.Style
	// Marked is the part of a value that differs (the conflict screen);
	// a caret line under it says the same without colour.
	Marked lipgloss.Style
	Help   help.Styles
	Form   *huh.Theme
	// Plain is true when the terminal shows no colour (NO_COLOR, a dumb
	// terminal, tests): markers then carry every state.
	Plain bool
}

// NewTheme builds the styles for renderer r.
func NewTheme(r *lipgloss.Renderer) *Theme {
	s := r.NewStyle
	t := &Theme{r: r, Plain: r.ColorProfile() == termenv.Ascii}
	t.Title = s().Bold(true).Foreground(colorText)
	t.Subtle = s().Foreground(colorSubtle)
	t.Dim = s().Foreground(colorDim)
	t.Label = s().Foreground(colorSubtle)
	t.Value = s().Foreground(colorText)
	t.Null = s().Foreground(colorDim)
	t.Accent = s().Foreground(colorAccent).Bold(true)
	t.Good = s().Foreground(colorGood)
	t.Bad = s().Foreground(colorBad)
	t.Warn = s().Foreground(colorWarn)
	t.Role = s().Foreground(colorAccent)
	t.Billing = s().Foreground(colorBilling).Bold(true)
	t.Shipping = s().Foreground(colorShip).Bold(true)
	t.Panel = s().Border(lipgloss.RoundedBorder()).BorderForeground(colorDim).Padding(0, 1)
	t.PanelFocused = t.Panel.BorderForeground(colorAccent).Border(lipgloss.ThickBorder())
	t.PanelFailed = t.Panel.BorderForeground(colorBad)
	t.Rule = s().Foreground(colorDim)
	t.Badge = s().Bold(true).Padding(0, 1).Foreground(colorBadgeFg).Background(colorSubtle)
	t.DemoBadge = t.Badge.Background(colorWarn)
	t.ReadOnlyBadge = t.Badge.Background(colorBilling)
	t.DryRunBadge = t.Badge.Background(colorShip)
	t.Old = s().Foreground(colorBad).Strikethrough(!t.Plain)
	t.New = s().Foreground(colorGood).Bold(true)
	t.Selected = s().Foreground(colorAccent).Bold(true)
	t.Key = s().Foreground(colorSubtle).Bold(true)
	t.Cursor = s().Foreground(colorAccent)
	if t.Plain {
		t.Cursor = t.Cursor.Transform(plainCursor)
	}
	t.Marked = s().Foreground(colorWarn).Bold(true).Underline(true)
	t.Help = help.Styles{
		ShortKey:       s().Foreground(colorSubtle).Bold(true),
		ShortDesc:      s().Foreground(colorSubtle),
		ShortSeparator: s().Foreground(colorDim),
		Ellipsis:       s().Foreground(colorDim),
		FullKey:        s().Foreground(colorSubtle).Bold(true),
		FullDesc:       s().Foreground(colorSubtle),
		FullSeparator:  s().Foreground(colorDim),
	}
	t.Form = t.formTheme()
	return t
}

// plainCursor draws the cursor where no style can: a block for the cell
// after the text, a combining low line under a character.
func plainCursor(char string) string {
	if strings.TrimSpace(char) == "" {
		return "█"
	}
	return char + "\u0332"
}

// ProfileBadge paints the profile's label, in the profile's colour when it
// has one.
func (t *Theme) ProfileBadge(label, color string) string {
	st := t.Badge
	if color != "" {
		st = st.Background(lipgloss.Color(color)).Foreground(lipgloss.Color(contrastFor(color)))
	}
	return t.badge(st, label)
}

// badge renders a badge; without colour it is bracketed so it still stands
// out.
func (t *Theme) badge(st lipgloss.Style, text string) string {
	if t.Plain {
		return "[" + text + "]"
	}
	return st.Render(text)
}

// contrastFor picks black or white text for a background colour given as
// #rrggbb, #rgb or an ANSI number.
func contrastFor(bg string) string {
	c, err := parseHex(bg)
	if err != nil {
		return "15"
	}
	if 0.299*c[0]+0.587*c[1]+0.114*c[2] > 150 {
		return "0"
	}
	return "15"
}

func parseHex(s string) ([3]float64, error) {
	var out [3]float64
	hex := func(b byte) (float64, bool) {
		switch {
		case b >= '0' && b <= '9':
			return float64(b - '0'), true
		case b >= 'a' && b <= 'f':
			return float64(b-'a') + 10, true
		case b >= 'A' && b <= 'F':
			return float64(b-'A') + 10, true
		}
		return 0, false
	}
	if len(s) == 4 && s[0] == '#' {
		s = "#" + string([]byte{s[1], s[1], s[2], s[2], s[3], s[3]})
	}
	if len(s) != 7 || s[0] != '#' {
		return out, errNotHex
	}
	for i := range 3 {
		hi, ok1 := hex(s[1+2*i])
		lo, ok2 := hex(s[2+2*i])
		if !ok1 || !ok2 {
			return out, errNotHex
		}
		out[i] = hi*16 + lo
	}
	return out, nil
}

type hexError struct{}

func (hexError) Error() string { return "not a hex colour" }

var errNotHex = hexError{}

// formTheme is the huh theme, built on this renderer so it follows the
// session's colour profile and background.
func (t *Theme) formTheme() *huh.Theme {
	s := t.r.NewStyle
	var th huh.Theme
	th.Form.Base = s()
	th.Group.Base = s()
	th.Group.Title = s().Foreground(colorAccent).Bold(true)
	th.Group.Description = s().Foreground(colorSubtle)
	th.FieldSeparator = s().SetString("\n")

	f := &th.Focused
	f.Base = s().PaddingLeft(1).BorderStyle(lipgloss.ThickBorder()).BorderLeft(true).BorderForeground(colorAccent)
	f.Card = f.Base
	f.Title = s().Foreground(colorAccent).Bold(true)
	f.NoteTitle = s().Foreground(colorAccent).Bold(true)
	f.Description = s().Foreground(colorSubtle)
	f.ErrorIndicator = s().Foreground(colorBad).SetString(" *")
	f.ErrorMessage = s().Foreground(colorBad).SetString(" *")
	f.SelectSelector = s().Foreground(colorAccent).SetString("> ")
	f.NextIndicator = s().Foreground(colorAccent).MarginLeft(1).SetString("→")
	f.PrevIndicator = s().Foreground(colorAccent).MarginRight(1).SetString("←")
	f.Option = s().Foreground(colorText)
	f.MultiSelectSelector = s().Foreground(colorAccent).SetString("> ")
	f.SelectedOption = s().Foreground(colorGood)
	f.SelectedPrefix = s().Foreground(colorGood).SetString("[x] ")
	f.UnselectedOption = s().Foreground(colorText)
	f.UnselectedPrefix = s().Foreground(colorSubtle).SetString("[ ] ")
	f.FocusedButton = s().Padding(0, 2).MarginRight(1).Foreground(colorBadgeFg).Background(colorAccent)
	f.BlurredButton = s().Padding(0, 2).MarginRight(1).Foreground(colorText).Background(colorDim)
	f.Next = f.FocusedButton
	f.TextInput.Cursor = t.Cursor
	f.TextInput.Placeholder = s().Foreground(colorDim)
	f.TextInput.Prompt = s().Foreground(colorAccent)
	f.TextInput.Text = s().Foreground(colorText)

	th.Blurred = th.Focused
	th.Blurred.Base = th.Focused.Base.BorderStyle(lipgloss.HiddenBorder())
	th.Blurred.Card = th.Blurred.Base
	th.Blurred.Title = s().Foreground(colorSubtle).Bold(true)
	th.Blurred.MultiSelectSelector = s().SetString("  ")
	th.Blurred.SelectSelector = s().SetString("  ")
	th.Blurred.NextIndicator = s()
	th.Blurred.PrevIndicator = s()
	th.Blurred.TextInput.Prompt = s().Foreground(colorSubtle)
	th.Help = t.Help
	return &th
}
