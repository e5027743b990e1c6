package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/qwoty/qwoty-contacts/state"
	"github.com/qwoty/qwoty-contacts/ui"
)

// runTUI runs the Bubble Tea app on the process's terminal.
func runTUI(ctx context.Context, info BuildInfo, io *IO, g *globalFlags, id string) error {
	rt, err := setup(ctx, info, io, g)
	if err != nil {
		return err
	}
	defer rt.Close()
	if !io.InIsTerminal() || !io.OutIsTerminal() {
		return usageError(errors.New("the interactive app needs a terminal; in scripts use the get, set and apply commands (see --help)"))
	}
	renderer := NewRenderer(os.Stdout, io.getenv)
	app := ui.New(ui.Options{
		API:           rt.client,
		Writer:        rt.writer,
		Profile:       rt.profile(),
		Label:         rt.settings.Label,
		Color:         rt.settings.Color,
		Demo:          rt.demo,
		ReadOnly:      rt.settings.ReadOnly,
		DryRun:        g.dryRun,
		RequireReason: rt.settings.RequireReason,
		StateDir:      rt.stateDir,
		Renderer:      renderer,
		Clipboard:     os.Stdout,
		OpenID:        id,
		Context:       ctx,
	})
	guard := ui.NewGuard(app, func(r any, stack []byte) string {
		path, _ := state.WriteCrashReport(rt.stateDir, info.Version, r, stack)
		return path
	}, rt.writer)
	p := tea.NewProgram(guard, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithoutCatchPanics())
	guard.SetProgram(p)
	_, err = p.Run()
	// Killed by a signal (SIGTERM, SIGHUP when the terminal goes away): the
	// program is stopped, so its state can be read; keep any open edit.
	if e, ok := app.PendingEdit(); ok && guard.CrashReport() == "" {
		_ = rt.writer.SaveDraft(e)
	}
	if crash := guard.CrashReport(); crash != "" {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("qwoty-contacts stopped on an internal error; your edit was kept as a draft. A crash report (no token, no contact data) is in %s", crash)}
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// NewRenderer returns a lipgloss renderer for w set up from the environment
// alone: the colour profile from TERM/COLORTERM/NO_COLOR and the background
// from COLORFGBG (dark when unknown). Nothing queries the terminal, so a
// terminal that never answers cannot delay the first frame.
func NewRenderer(w *os.File, getenv func(string) string) *lipgloss.Renderer {
	out := termenv.NewOutput(w, termenv.WithEnvironment(envFunc(getenv)))
	r := lipgloss.NewRenderer(w)
	r.SetOutput(out)
	r.SetColorProfile(out.EnvColorProfile())
	r.SetHasDarkBackground(DarkBackground(getenv("COLORFGBG")))
	return r
}

// DarkBackground reads COLORFGBG ("fg;bg"): backgrounds 0-6 and 8 are dark.
// Unknown means dark, the common case.
func DarkBackground(colorfgbg string) bool {
	parts := strings.Split(colorfgbg, ";")
	bg, err := strconv.Atoi(parts[len(parts)-1])
	if colorfgbg == "" || err != nil {
		return true
	}
	return bg <= 6 || bg == 8
}

type envFunc func(string) string

func (e envFunc) Getenv(k string) string { return e(k) }
func (e envFunc) Environ() []string      { return os.Environ() }

// Version returns the build's version and commit, from the module info
// when the linker did not set them.
func Version(version, commit string) BuildInfo {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if version == "" || version == "dev" {
			if v := bi.Main.Version; v != "" && v != "(devel)" {
				version = v
			}
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && commit == "" {
				commit = s.Value
				if len(commit) > 12 {
					commit = commit[:12]
				}
			}
		}
	}
	if version == "" {
		version = "dev"
	}
	if commit == "" {
		commit = "unknown"
	}
	return BuildInfo{Version: version, Commit: commit}
}
