package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

func init() { extraCommands = append(extraCommands, newApplyCmd) }

// applyFlags are apply's own flags.
type applyFlags struct {
	concurrency int
	reason      string
}

func newApplyCmd(ctx context.Context, info BuildInfo, std *IO, g *globalFlags) *cobra.Command {
	var f applyFlags
	c := &cobra.Command{
		Use:   "apply FILE|-",
		Short: "Apply a batch of changes from a JSON Lines file",
		Long: `apply reads changes, one JSON object a line (from FILE, or standard input
with -), and applies each through the same write path as set: a fresh read,
the same-field conflict check, a PATCH of exactly the changed fields, one
audit log line.

A line changes a contact or an address:

  {"id": "CONTACT_ID", "set": {"phone": "+33 6 99 88 77 66", "role": ["buyer"], "id_crm": null}, "reason": "TICKET-42"}
  {"address_id": "ADDRESS_ID", "set": {"postal_code": "75008", "state": null}}

Every line is checked before anything is sent; if any is wrong (bad JSON,
unknown field, bad value, missing or double id) all problems are listed
with their line numbers and nothing is sent (exit code 2).

Lines run --concurrency at a time (lines about the same record in file
order). A PATCH refused with 429 is tried again after the server's
Retry-After (at most 5 times). Each line has a fingerprint recorded in the
audit log: running the same file again after an interruption skips the
lines already applied ("skipped": "already applied") and sends no PATCH
twice.

Standard output gets one JSON result per line, in input order:

  {"line": 3, "kind": "contact", "id": "…", "status": "ok", "message": "Saved phone.", "fields": ["phone"]}

status is ok, unchanged, conflict, unknown or error; fields lists the
fields sent (ok, unknown), already holding the value (unchanged), in
conflict (conflict), or the line's fields (error). unknown means the PATCH
may have reached the server but no usable answer came and the record could
not be read again to tell: the next run checks it (and skips it if it
landed). Progress and a summary go to standard error. --dry-run sends
nothing and shows each line's changes and request.

The exit code is 0 when every line is ok or unchanged, 1 when some failed,
8 when none failed but some are unknown, 5 when some only conflicted.

` + exitCodesUsage,
		Example: `  qwoty-contacts apply fixes.jsonl > results.jsonl
  qwoty-contacts apply --dry-run fixes.jsonl
  jq -c '{id, set: {phone: null}}' contacts.json | qwoty-contacts apply - --reason TICKET-42`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runApply(ctx, info, std, g, f, args[0])
		},
	}
	fl := c.Flags()
	fl.IntVar(&f.concurrency, "concurrency", 4, "lines applied at the same time (1-32)")
	fl.StringVar(&f.reason, "reason", "", "reason for the lines that give none, recorded in the audit log")
	fl.BoolVar(&g.dryRun, "dry-run", false, "show each line's changes and request; send nothing")
	return withUsageErrors(c)
}

// runApply checks the whole input, then applies it.
func runApply(ctx context.Context, info BuildInfo, std *IO, g *globalFlags, f applyFlags, path string) error {
	if f.concurrency < 1 || f.concurrency > 32 {
		return usageError(fmt.Errorf("--concurrency must be between 1 and 32, not %d", f.concurrency))
	}
	in, closeIn, err := openInput(std, path)
	if err != nil {
		return err
	}
	defer closeIn()
	rt, err := openRuntime(ctx, info, std, g)
	if err != nil {
		return err
	}
	defer rt.Close()
	lines, problems, err := parseApply(in, f.reason, rt.writer.CheckReason)
	if err != nil {
		return usageError(err)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			std.Errorf("%s\n", sanitize.Text(p))
		}
		return usageError(fmt.Errorf("%s in %s: nothing was sent; fix the lines above and run it again", edit.Count(len(problems), "problem", "problems"), inputName(path)))
	}
	if rt.client.ReadOnly() && !rt.writer.DryRun {
		return &ExitError{Code: ExitAuth, Err: &api.Error{Kind: api.ErrReadOnly}}
	}
	a, err := newApplier(rt.client, rt.writer)
	if err != nil {
		return fmt.Errorf("%w: cannot tell which lines an earlier run applied, so nothing was sent", err)
	}
	verb := "applied"
	if rt.writer.DryRun {
		verb = "checked"
	}
	p := newProgress(std.Err, len(lines), verb, isTerminal(std.Err), std.Color(std.Err))
	report := newApplyReport(std.Out, len(lines), p, rt.writer.DryRun)
	runBatch(ctx, a, lines, f.concurrency, report.add)
	p.finish()
	std.Errorf("%s\n", report.summary())
	if report.err != nil {
		return fmt.Errorf("cannot write the results: %w", report.err)
	}
	switch failed, unknown, conflicts := report.count(statusError), report.count(statusUnknown), report.count(statusConflict); {
	case failed > 0:
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("%d of %d lines failed (see their results); run the same file again to retry them", failed, len(lines))}
	case unknown > 0:
		return &ExitError{Code: ExitUnknown, Err: fmt.Errorf("%d of %d lines have an unknown outcome (see their results); the next run checks them and skips those that landed", unknown, len(lines))}
	case conflicts > 0:
		return &ExitError{Code: ExitConflict, Err: fmt.Errorf("%d of %d lines were not sent: someone else changed the same fields", conflicts, len(lines))}
	}
	return nil
}

// openInput opens FILE, or standard input for "-".
func openInput(std *IO, path string) (io.Reader, func(), error) {
	if path == "-" {
		return std.In, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, usageError(fmt.Errorf("cannot read %s: %w", path, errors.Unwrap(err)))
	}
	return f, func() { f.Close() }, nil
}

func inputName(path string) string {
	if path == "-" {
		return "the input"
	}
	return path
}
