package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
)

func init() { extraCommands = append(extraCommands, newLogCmd) }

func newLogCmd(_ context.Context, _ BuildInfo, std *IO, _ *globalFlags) *cobra.Command {
	var asJSON, verify bool
	var limit int
	c := &cobra.Command{
		Use:   "log [CONTACT_ID]",
		Short: "Show the audit log of changes made from this machine",
		Long: `log prints the local audit log, newest first, one line per operation:
every write attempted from this machine (the app, set, set-address, apply,
the SSH server), with its outcome, the record and its name, the fields
before → after, the reason, and who made it from where.

Each write is recorded twice: an attempt, written before the request leaves,
and its result. log joins them. Outcomes: ok; failed (with the HTTP status);
landed or not landed (no usable answer came, and reading the record again
told); unknown (not checked yet: the next run of qwoty-contacts checks it);
pending (the attempt has no result yet: a run was killed while it was in
flight); dry-run; conflict and unchanged (nothing was sent).

With a contact id, only the operations on that contact or one of its
addresses. It needs no token and no network: the log lives in the state
folder (QWOTY_STATE_DIR, default ~/.local/state/qwoty-contacts).

--json prints the raw entries (attempts and results) as JSON Lines, as the
log stores them.

Each line carries a sequence number and the SHA-256 of the line before it,
from a recorded start (the genesis line), across rotated files
(audit-<seq>.jsonl, when the log passes 64 MiB). --verify checks the whole
chain and names the first line that was changed, removed or inserted (exit
code 9); a line cut short by a crash is named but breaks nothing. Someone
able to rewrite the whole file could rebuild the chain: keep a copy off the
machine with --audit-syslog to compare against.

` + exitCodesUsage,
		Example: `  qwoty-contacts log
  qwoty-contacts log 660e8400-e29b-41d4-a716-446655440001 --limit 5
  qwoty-contacts log --json | jq 'select(.outcome == "failed")'
  qwoty-contacts log --verify`,
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
			if verify {
				return verifyLog(std, audit)
			}
			if asJSON {
				return printLogJSON(std, audit, match, limit)
			}
			ops, err := audit.Ops(match)
			if err != nil {
				return err
			}
			if limit > 0 && len(ops) > limit {
				ops = ops[:limit]
			}
			if n := audit.Skipped(); n > 0 {
				std.Errorf("warning: %s of %s could not be read and %s skipped\n", edit.Count(n, "line", "lines"), audit.Path(), map[bool]string{true: "was", false: "were"}[n == 1])
			}
			st := newStyle(std.Color(std.Out))
			for _, o := range ops {
				std.Printf("%s\n", logLine(o, st))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the raw entries as JSON Lines")
	c.Flags().BoolVar(&verify, "verify", false, "check the hash chain of the whole log (exit code 9 when altered)")
	c.Flags().IntVar(&limit, "limit", 0, "print at most `N` operations (entries with --json; 0: all)")
	return withUsageErrors(c)
}

// verifyLog checks the chain and says what it found.
func verifyLog(std *IO, audit *state.AuditLog) error {
	v, err := audit.Verify()
	if err != nil {
		return err
	}
	if len(v.Files) == 0 {
		std.Printf("The audit log %s is empty: nothing to check.\n", audit.Path())
		return nil
	}
	for _, t := range v.Torn {
		std.Printf("note: %s was cut short by a crash while it was written; the chain holds around it\n", t)
	}
	if v.Legacy > 0 {
		std.Printf("note: %s at the start were written before the log was chained and cannot be checked\n", edit.Count(v.Legacy, "line", "lines"))
	}
	if b := v.Break; b != nil {
		return &ExitError{Code: ExitTampered, Err: fmt.Errorf("the audit log was altered: %s line %d: %s (checked %s of %s)",
			b.File, b.Line, b.What, edit.Count(v.Lines, "line", "lines"), edit.Count(len(v.Files), "file", "files"))}
	}
	std.Printf("The audit log is intact: %s in %s, one chain (%s…) from its start.\n",
		edit.Count(v.Entries, "entry", "entries"), edit.Count(len(v.Files), "file", "files"), api.ShortID(v.Chain))
	return nil
}

// printLogJSON prints the raw entries, newest first.
func printLogJSON(std *IO, audit *state.AuditLog, match func(state.Entry) bool, limit int) error {
	entries, err := audit.Entries(match)
	if err != nil {
		return err
	}
	if limit > 0 && len(entries) > limit {
		entries = entries[:limit]
	}
	for _, e := range entries {
		line, err := json.Marshal(e)
		if err != nil {
			return err
		}
		std.Printf("%s\n", line)
	}
	return nil
}

// logValueWidth caps how wide one value of a change is shown.
const logValueWidth = 40

// logLine renders an operation on one line:
// 2026-11-22 11:22  ok  contact 660e8400… (Jean Dupont)  phone: "a" → "b"  reason: T-42  (set, root@host, profile demo)
func logLine(o state.Op, st style) string {
	e := o.Entry
	loc := logLocation
	if loc == nil {
		loc = time.Local
	}
	parts := []string{e.Time.In(loc).Format("2006-01-02 15:04"), outcomeText(o, st)}
	what := string(e.Kind) + " " + api.ShortID(sanitize.Text(e.ID))
	if e.Title != "" {
		what += " (" + sanitize.Truncate(sanitize.Text(e.Title), logValueWidth) + ")"
	}
	if e.Kind == api.KindAddress && e.ContactID != "" {
		what += " of contact " + api.ShortID(sanitize.Text(e.ContactID))
	}
	parts = append(parts, what)
	var changes []string
	for _, c := range e.Changes {
		changes = append(changes, sanitize.Text(c.Field)+": "+sanitize.Truncate(diffValue(c.Before), logValueWidth)+" → "+sanitize.Truncate(diffValue(c.After), logValueWidth))
	}
	if len(changes) > 0 {
		parts = append(parts, strings.Join(changes, ", "))
	}
	if r := o.Result; r != nil {
		for _, s := range r.Stored {
			parts = append(parts, "stored "+sanitize.Text(s.Field)+" as "+sanitize.Truncate(diffValue(s.After), logValueWidth))
		}
	}
	if e.Reason != "" {
		parts = append(parts, "reason: "+sanitize.Text(e.Reason))
	}
	errText := e.Error
	if o.Result != nil && o.Result.Error != "" {
		errText = o.Result.Error
	}
	if errText != "" && !o.Landed() {
		parts = append(parts, st.Red("error: "+sanitize.Text(errText)))
	}
	parts = append(parts, st.Faint("("+who(e)+")"))
	return strings.Join(parts, "  ")
}

// outcomeText is the operation's outcome in a few words, with "undo" for
// a revert.
func outcomeText(o state.Op, st style) string {
	s := o.Outcome()
	status := 0
	if o.Result != nil {
		status = o.Result.Status
	}
	switch {
	case s == state.OutcomeFailed && status > 0:
		s = fmt.Sprintf("failed (%d)", status)
	case s == state.OutcomeUnknown:
		switch o.Resolution() {
		case state.ResolvedLanded:
			s = "landed (checked by re-read)"
		case state.ResolvedNotLanded:
			s = "not landed (checked by re-read)"
		case state.ResolvedChanged:
			s = "unknown: changed by someone else"
		default:
			s = "unknown (checked at the next run)"
		}
	case s == "pending":
		s = "pending (no result recorded)"
	case s == state.OutcomeOK && o.Result != nil && o.Result.Confirmed != "":
		s = "ok (confirmed by re-read)"
	}
	if o.Entry.Undo {
		s += " (undo)"
	}
	switch {
	case o.Landed():
		return st.wrap("32", s)
	case o.Outcome() == state.OutcomeDryRun || o.Outcome() == state.OutcomeUnchanged:
		return st.Faint(s)
	}
	return st.Red(s)
}

// who says where the write came from: source, the person (OS user, or the
// SSH key's name) @ API host, profile.
func who(e state.Entry) string {
	var parts []string
	if e.Source != "" {
		parts = append(parts, sanitize.Text(e.Source))
	}
	switch {
	case e.SSHKey != "":
		parts = append(parts, sanitize.Text(e.Person())+"@"+sanitize.Text(e.APIHost)+" over ssh")
	case e.OSUser != "" || e.APIHost != "":
		parts = append(parts, sanitize.Text(e.OSUser)+"@"+sanitize.Text(e.APIHost))
	}
	if e.Profile != "" {
		parts = append(parts, "profile "+sanitize.Text(e.Profile))
	}
	return strings.Join(parts, ", ")
}
