package serve

import (
	"io"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// newRenderer returns a lipgloss renderer for one session, set up from the
// client's environment alone: the colour profile from the PTY's TERM and
// any COLORTERM or NO_COLOR the client sent, the background from COLORFGBG
// (dark when unknown). Nothing queries the client's terminal, so a client
// that never answers cannot hold up the first frame.
func newRenderer(w io.Writer, env []string) *lipgloss.Renderer {
	e := environ(env)
	r := lipgloss.NewRenderer(w, termenv.WithEnvironment(e), termenv.WithTTY(true))
	r.SetColorProfile(r.Output().EnvColorProfile())
	r.SetHasDarkBackground(darkBackground(e.Getenv("COLORFGBG")))
	return r
}

// darkBackground reads COLORFGBG ("fg;bg"): backgrounds 0-6 and 8 are
// dark. Unknown means dark, the common case. (As cmd.DarkBackground.)
func darkBackground(colorfgbg string) bool {
	parts := strings.Split(colorfgbg, ";")
	bg, err := strconv.Atoi(parts[len(parts)-1])
	if colorfgbg == "" || err != nil {
		return true
	}
	return bg <= 6 || bg == 8
}

// environ is a session's environment, for termenv.
type environ []string

// Environ implements termenv.Environ.
func (e environ) Environ() []string { return e }

// Getenv implements termenv.Environ; the last setting wins.
func (e environ) Getenv(key string) string {
	for i := len(e) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(e[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// tracked wraps the app so that every command it starts is counted until it
// returns: a save (its PATCH and audit entry) included.
type tracked struct {
	tea.Model
	t *tracker
}

// Init implements tea.Model.
func (m *tracked) Init() tea.Cmd { return m.t.wrap(m.Model.Init()) }

// Update implements tea.Model.
func (m *tracked) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.Model.Update(msg)
	return m, m.t.wrap(cmd)
}
