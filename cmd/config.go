package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/config"
)

func newConfigCmd(io *IO, g *globalFlags) *cobra.Command {
	var check bool
	c := &cobra.Command{
		Use:   "config",
		Short: "Show the effective settings and where each comes from",
		Long: `config prints the settings qwoty-contacts would use (base URL, profile,
timeout, read-only, ..., and the state folder holding the audit log and
drafts) and where each came from: a flag, the environment, the config file
or a default. The token is masked; with --check a token_command is run to
show which token it gives (still masked). With --demo it shows what a demo
run uses: a sandbox and a temporary state folder, never the config file.

` + exitCodesUsage,
		Example: `  qwoty-contacts config
  qwoty-contacts config --profile prod --check`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if g.demo {
				printSettings(io, demoSettings(g))
				return nil
			}
			s, err := config.Load(config.Flags{BaseURL: g.baseURL, Profile: g.profile, Config: g.config, Timeout: g.timeout, ReadOnly: g.readOnly}, io.getenv)
			if err != nil {
				return usageError(err)
			}
			var tokenErr error
			if check {
				_, tokenErr = s.Token()
			}
			lines := s.Describe()
			lines = append(lines, stateDirLine(io))
			printSettings(io, lines)
			for _, l := range lines {
				if l.Name == "token" && l.Source == config.SourceMissing {
					io.Printf("\nNo token: set QWOTY_TOKEN, or token or token_command in the profile\n(see the README's Configuration section).\n")
				}
			}
			if tokenErr != nil {
				return &ExitError{Code: ExitAuth, Err: tokenErr}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&check, "check", false, "run token_command to check it gives a token")
	return withUsageErrors(c)
}

// printSettings prints name, value and source in aligned columns.
func printSettings(io *IO, lines []config.Line) {
	w, vw := 0, 0
	for _, l := range lines {
		w, vw = max(w, len(l.Name)), max(vw, len([]rune(l.Value)))
	}
	vw = min(vw, 44)
	for _, l := range lines {
		line := fmt.Sprintf("%-*s  %-*s  %s", w, l.Name, vw, l.Value, "("+string(l.Source)+")")
		if len([]rune(line)) > 80 { // a long path: its source goes below it
			line = fmt.Sprintf("%-*s  %s\n%-*s  %s", w, l.Name, l.Value, w, "", "("+string(l.Source)+")")
		}
		io.Printf("%s\n", line)
	}
}

// stateDirLine says where the audit log and drafts live.
func stateDirLine(io *IO) config.Line {
	if dir := io.getenv("QWOTY_STATE_DIR"); dir != "" {
		return config.Line{Name: "state_dir", Value: dir, Source: "env QWOTY_STATE_DIR"}
	}
	dir, err := config.StateDir()
	if err != nil {
		return config.Line{Name: "state_dir", Value: "(none: " + err.Error() + ")", Source: "missing: set QWOTY_STATE_DIR"}
	}
	return config.Line{Name: "state_dir", Value: dir, Source: config.SourceDefault}
}

// demoSettings are what a --demo run uses, whatever the config file says.
func demoSettings(g *globalFlags) []config.Line {
	timeout, tsrc := api.DefaultTimeout.String(), config.SourceDefault
	if g.timeout > 0 {
		timeout, tsrc = g.timeout.String(), config.SourceFlag
	}
	ro, rsrc := "false", config.SourceDefault
	if g.readOnly {
		ro, rsrc = "true", config.SourceFlag
	}
	const demo config.Source = "--demo"
	return []config.Line{
		{Name: "config", Value: "(not read by --demo)", Source: demo},
		{Name: "profile", Value: "demo", Source: demo},
		{Name: "base_url", Value: "the built-in sandbox, on a loopback port", Source: demo},
		{Name: "token", Value: sandbox.DefaultToken, Source: demo},
		{Name: "timeout", Value: timeout, Source: tsrc},
		{Name: "read_only", Value: ro, Source: rsrc},
		{Name: "require_reason", Value: "false", Source: demo},
		{Name: "label", Value: "demo sandbox", Source: demo},
		{Name: "color", Value: "(none)", Source: demo},
		{Name: "state_dir", Value: "a temporary folder, removed at exit", Source: demo},
	}
}
