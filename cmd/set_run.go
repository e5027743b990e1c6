package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// setRequest is one run of set or set-address, its arguments parsed and
// checked.
type setRequest struct {
	schema *api.Schema
	id     string
	after  api.Values
	reason string
	// yes sends without asking.
	yes bool
	// interactive: stdin and stdout are a terminal, so ask before sending.
	interactive bool
}

// runSet reads the record, shows the changes, asks (or requires --yes) and
// saves through the shared write path: the same conflict check, PATCH and
// audit line as the TUI.
func runSet(ctx context.Context, rt *runtime, std *IO, req setRequest) error {
	dryRun := rt.writer.DryRun
	if rt.settings.RequireReason && strings.TrimSpace(req.reason) == "" {
		return usageError(fmt.Errorf("the profile %s requires a reason for every change: add --reason TEXT (e.g. a ticket reference); nothing was sent", rt.profile()))
	}
	if rt.client.ReadOnly() && !dryRun {
		return &ExitError{Code: ExitAuth, Err: &api.Error{Kind: api.ErrReadOnly}}
	}
	rec, err := fetchRecord(ctx, rt.client, req.schema, req.id)
	if err != nil {
		return err
	}
	e := edit.Edit{Target: rec.Target, Base: rec.Values, After: req.after, Reason: req.reason, Source: "set"}
	changes := e.Changes()
	printHeader(std, rec)
	if len(changes) == 0 {
		std.Printf("  (no change: the %s already holds these values)\n", req.schema.Kind)
	}
	for _, c := range changes {
		std.Printf("  %s\n", changeLine(c))
	}
	if len(changes) > 0 && !dryRun && !req.yes {
		if !req.interactive {
			return usageError(errors.New("not sent: there is no terminal to confirm on; add --yes to send the change (or --dry-run to see the request)"))
		}
		if !confirm(std.In, std.Out, "Send this change?") {
			return &ExitError{Code: ExitFailure, Err: errors.New("not sent: the change was not confirmed")}
		}
	}
	return reportResult(std, rt.writer.Save(ctx, e))
}

// printHeader names the record a change is about.
func printHeader(std *IO, rec *record) {
	title := ""
	if rec.Title != "" {
		title = " (" + sanitize.Text(rec.Title) + ")"
	}
	std.Printf("%s %s%s\n", rec.Target.Kind, rec.Target.ID, title)
}
