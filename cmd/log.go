package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
)

func init() { extraCommands = append(extraCommands, newLogCmd) }

func newLogCmd(_ context.Context, _ BuildInfo, std *IO, _ *globalFlags) *cobra.Command {
	var asJSON bool
	var limit int
	c := &cobra.Command{
		Use:   "log [CONTACT_ID]",
		Short: "Show the audit log of changes made from this machine",
		Long: `log prints the local audit log, newest first: every write attempted from
this machine (the app, set, set-address, apply), with its outcome, the
fields before → after, the reason, and who made it from where.

With a contact id, only the entries about that contact or one of its
addresses. It needs no token and no network: the log lives in the state
folder (QWOTY_STATE_DIR, default ~/.local/state/qwoty-contacts).

--json prints the entries as JSON Lines, as the log stores them.`,
		Example: `  qwoty-contacts log
  qwoty-contacts log 660e8400-e29b-41d4-a716-446655440001 --limit 5
  qwoty-contacts log --json | jq 'select(.outcome == "failed")'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if limit < 0 {
				return usageError(fmt.Errorf("--limit must be 0 (all) or more, not %d", limit))
			}
			dir, err := stateDir(std)
			if err != nil {
				return fmt.Errorf("cannot find the audit log: %w", err)
			}
			var match func(state.Entry) bool
			audit := state.OpenAudit(dir)
			if len(args) == 1 {
				id, err := idArg(api.KindContact, args[0], auditIDs(audit))
				if err != nil {
					return err
				}
				match = func(e state.Entry) bool { return strings.EqualFold(e.ID, id) || strings.EqualFold(e.ContactID, id) }
			}
			entries, err := audit.Entries(match)
			if err != nil {
				return err
			}
			if limit > 0 && len(entries) > limit {
				entries = entries[:limit]
			}
			if n := audit.Skipped(); n > 0 {
				std.Errorf("warning: %d unreadable lines of %s were skipped\n", n, audit.Path())
			}
			for _, e := range entries {
				if asJSON {
					line, err := json.Marshal(e)
					if err != nil {
						return err
					}
					std.Printf("%s\n", line)
					continue
				}
				std.Printf("%s\n", logLine(e, newStyle(std.Color(std.Out))))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the entries as JSON Lines")
	c.Flags().IntVar(&limit, "limit", 0, "print at most `N` entries (0: all)")
	return withUsageErrors(c)
}

// logValueWidth caps how wide one value of a change is shown.
const logValueWidth = 40

// logLine renders an entry on one line:
// 2026-11-22 11:22  ok  contact 660e8400…  phone: "a" → "b"  reason: T-42  (tui, root@host, profile demo)
func logLine(e state.Entry, st style) string {
	loc := logLocation
	if loc == nil {
		loc = time.Local
	}
	parts := []string{e.Time.In(loc).Format("2006-01-02 15:04"), outcomeText(e, st)}
	what := string(e.Kind) + " " + api.ShortID(sanitize.Text(e.ID))
	if e.Kind == api.KindAddress && e.ContactID != "" {
		what += " (contact " + api.ShortID(sanitize.Text(e.ContactID)) + ")"
	}
	parts = append(parts, what)
	var changes []string
	for _, c := range e.Changes {
		changes = append(changes, sanitize.Text(c.Field)+": "+sanitize.Truncate(diffValue(c.Before), logValueWidth)+" → "+sanitize.Truncate(diffValue(c.After), logValueWidth))
	}
	if len(changes) > 0 {
		parts = append(parts, strings.Join(changes, ", "))
	}
	if e.Reason != "" {
		parts = append(parts, "reason: "+sanitize.Text(e.Reason))
	}
	if e.Error != "" && e.Outcome != state.OutcomeOK {
		parts = append(parts, st.Red("error: "+sanitize.Text(e.Error)))
	}
	parts = append(parts, st.Faint("("+who(e)+")"))
	return strings.Join(parts, "  ")
}

// outcomeText is the entry's outcome, with "undo" for a revert.
func outcomeText(e state.Entry, st style) string {
	s := e.Outcome
	if e.Undo {
		s += " (undo)"
	}
	switch e.Outcome {
	case state.OutcomeOK:
		return st.wrap("32", s)
	case state.OutcomeDryRun:
		return st.Faint(s)
	}
	return st.Red(s)
}

// who says where the write came from: source, user@API host, profile.
func who(e state.Entry) string {
	var parts []string
	if e.Source != "" {
		parts = append(parts, sanitize.Text(e.Source))
	}
	switch {
	case e.SSHKey != "":
		name := e.SSHKeyName
		if name == "" {
			name = e.SSHKey
		}
		parts = append(parts, sanitize.Text(name)+"@"+sanitize.Text(e.APIHost)+" over ssh")
	case e.OSUser != "" || e.APIHost != "":
		parts = append(parts, sanitize.Text(e.OSUser)+"@"+sanitize.Text(e.APIHost))
	}
	if e.Profile != "" {
		parts = append(parts, "profile "+sanitize.Text(e.Profile))
	}
	return strings.Join(parts, ", ")
}
