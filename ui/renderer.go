package ui

import (
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// NewRenderer returns a lipgloss renderer for a terminal, set up from its
// environment alone (env holds KEY=value lines: the process's, or what an
// SSH client sent): the colour profile from TERM, COLORTERM and NO_COLOR,
// the background from COLORFGBG (dark when unknown). Nothing queries the
// terminal, so one that never answers cannot hold up the first frame.
func NewRenderer(w io.Writer, env []string) *lipgloss.Renderer {
	e := environ(env)
	r := lipgloss.NewRenderer(w, termenv.WithEnvironment(e), termenv.WithTTY(true))
	r.SetColorProfile(r.Output().EnvColorProfile())
	r.SetHasDarkBackground(darkBackground(e.Getenv("COLORFGBG")))
	return r
}

// darkBackground reads COLORFGBG ("fg;bg"): backgrounds 0-6 and 8 are
// dark. Unknown means dark, the common case.
func darkBackground(colorfgbg string) bool {
	parts := strings.Split(colorfgbg, ";")
	bg, err := strconv.Atoi(parts[len(parts)-1])
	if colorfgbg == "" || err != nil {
		return true
	}
	return bg <= 6 || bg == 8
}

// environ is a terminal's environment, for termenv.
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
