// Package cmd holds qwoty-contacts' commands: the TUI (the root command)
// and the scriptable ones. Each command wires the shared pieces (config,
// API client, write path) and maps failures to documented exit codes.
package cmd

import (
	"context"
	"time"

	"github.com/spf13/cobra"
)

// BuildInfo identifies the binary.
type BuildInfo struct {
	Version string
	Commit  string
}

// globalFlags are the flags every command shares.
type globalFlags struct {
	baseURL  string
	profile  string
	config   string
	timeout  time.Duration
	readOnly bool
	dryRun   bool
	debug    string
	demo     bool
	// auditSyslog, when set, mirrors every audit entry to a syslog.
	auditSyslog string
	// concurrency bounds the API requests in flight (0: the client's
	// default); serve sets it for the whole team.
	concurrency int
}

// NewRoot builds the root command: the TUI, with the other commands under
// it.
func NewRoot(ctx context.Context, info BuildInfo, io *IO) *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "qwoty-contacts [CONTACT_ID]",
		Short: "Fix a Qwoty customer's contact data, safely, from a terminal",
		Long: `qwoty-contacts opens a Qwoty contact, shows it with its addresses, and lets
you correct its fields. Only the fields you change are sent; every write is
checked for conflicting changes first and recorded in an audit log.

Without arguments it opens the lookup screen; with a contact id it opens
that contact. --demo runs everything against a built-in sandbox.

` + exitCodesUsage,
		Example: `  qwoty-contacts --demo
  qwoty-contacts 660e8400-e29b-41d4-a716-446655440001
  qwoty-contacts --profile staging --read-only`,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       info.Version + " (commit " + info.Commit + ")",
		RunE: func(c *cobra.Command, args []string) error {
			id := ""
			if len(args) == 1 {
				id = args[0]
			}
			return runTUI(ctx, info, io, g, id)
		},
	}
	root.SetVersionTemplate("qwoty-contacts {{.Version}}\n")
	f := root.PersistentFlags()
	f.StringVar(&g.baseURL, "base-url", "", "API base URL (env QWOTY_BASE_URL; default https://qwoty.app/api)")
	f.StringVar(&g.profile, "profile", "", "config profile to use (env QWOTY_PROFILE)")
	f.StringVar(&g.config, "config", "", "config file (env QWOTY_CONFIG)")
	f.DurationVar(&g.timeout, "timeout", 0, "per-request timeout, e.g. 30s (default 15s)")
	f.BoolVar(&g.readOnly, "read-only", false, "look only: the client refuses every write")
	f.BoolVar(&g.demo, "demo", false, "run against a built-in sandbox with sample data")
	f.StringVar(&g.debug, "debug", "", "append one line per API request to `FILE` (token redacted)")
	f.StringVar(&g.auditSyslog, "audit-syslog", "", "also send every audit entry to a syslog: local, udp://`HOST:PORT` or tcp://HOST:PORT")

	root.Flags().BoolVar(&g.dryRun, "dry-run", false, "show the exact PATCH and a curl command instead of sending")
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)

	root.AddCommand(
		newSandboxCmd(ctx, io),
		newConfigCmd(io, g),
		newVersionCmd(info, io),
	)
	for _, add := range extraCommands {
		root.AddCommand(add(ctx, info, io, g))
	}
	return withUsageErrors(root)
}

// extraCommands are registered by the files that define them.
var extraCommands []func(ctx context.Context, info BuildInfo, io *IO, g *globalFlags) *cobra.Command

func newVersionCmd(info BuildInfo, io *IO) *cobra.Command {
	return withUsageErrors(&cobra.Command{
		Use:   "version",
		Short: "Print the version and commit",
		Long: `version prints the version and the commit it was built from (also
qwoty-contacts --version). A binary built with go install or go build in a
clone names its module version or commit; go run names the commit too.

` + exitCodesUsage,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			io.Printf("qwoty-contacts %s (commit %s)\n", info.Version, info.Commit)
			return nil
		},
	})
}
