package cmd

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"

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
	o := rt.uiOptions(g)
	o.OpenID, o.Context = id, ctx
	o.ResolveAtStart = true
	prog := ui.NewProgram(ui.ProgramConfig{Options: o, Env: environ(io), Context: ctx, CrashDir: rt.stateDir, Version: info.Version})
	err = prog.Run() // keeps an open edit as a draft, however the program ended
	if crash := prog.Guard.CrashReport(); crash != "" {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("qwoty-contacts stopped on an internal error; your edit was kept as a draft. A crash report (no token, no contact data) is in %s", crash)}
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// environ returns the environment as KEY=value lines, read through io's
// Getenv for the variables that shape the terminal.
func environ(io *IO) []string {
	var env []string
	for _, k := range []string{"TERM", "COLORTERM", "TERM_PROGRAM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLORFGBG", "GOOGLE_CLOUD_SHELL", "CI", "TMUX", "STY"} {
		if v := io.getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

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
		// go run stamps no VCS information unless asked (-buildvcs=true);
		// go build and go install do, in a clone.
		commit = "not recorded: go run stamps none; go build does, or go run -buildvcs=true"
	}
	return BuildInfo{Version: version, Commit: commit}
}
