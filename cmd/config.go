package cmd

import (
	"github.com/spf13/cobra"

	"github.com/qwoty/qwoty-contacts/config"
)

func newConfigCmd(io *IO, g *globalFlags) *cobra.Command {
	var check bool
	c := &cobra.Command{
		Use:   "config",
		Short: "Show the effective settings and where each comes from",
		Long: `config prints the settings qwoty-contacts would use (base URL, profile,
timeout, read-only, ...) and where each came from: a flag, the environment,
the config file or a default. The token is masked; with --check a
token_command is run to show which token it gives (still masked).`,
		Example: `  qwoty-contacts config
  qwoty-contacts config --profile prod --check`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			s, err := config.Load(config.Flags{BaseURL: g.baseURL, Profile: g.profile, Config: g.config, Timeout: g.timeout, ReadOnly: g.readOnly}, io.getenv)
			if err != nil {
				return usageError(err)
			}
			var tokenErr error
			if check {
				_, tokenErr = s.Token()
			}
			w := 0
			lines := s.Describe()
			for _, l := range lines {
				w = max(w, len(l.Name))
			}
			for _, l := range lines {
				io.Printf("%-*s  %-40s  %s\n", w, l.Name, l.Value, "("+string(l.Source)+")")
			}
			if tokenErr != nil {
				return &ExitError{Code: ExitAuth, Err: tokenErr}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&check, "check", false, "run token_command to check it gives a token")
	return c
}
