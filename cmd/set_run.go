package cmd

import (
	"context"
	"errors"
	"fmt"

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

// runSet saves through the shared write path: the same normalisation,
// reason rule, lock, conflict check, write-ahead audit and outcome as the
// TUI. With --yes (or --dry-run) nobody waits between reading and sending,
// so the write path's one read, under the record's lock, is both the base
// and the conflict check. On a terminal it reads first, shows the change
// and asks; the conflict check then runs again just before sending.
func runSet(ctx context.Context, rt *runtime, std *IO, req setRequest) error {
	w := rt.writer
	if err := w.CheckReason(req.reason); err != nil {
		return usageError(fmt.Errorf("%w: add --reason TEXT", err))
	}
	if rt.client.ReadOnly() && !w.DryRun {
		return &ExitError{Code: ExitAuth, Err: &api.Error{Kind: api.ErrReadOnly}}
	}
	e := edit.Edit{Target: edit.Target{Kind: req.schema.Kind, ID: req.id}, After: req.after, Reason: req.reason, Source: "set"}
	if req.yes || w.DryRun {
		r := w.Save(ctx, e)
		if r.Fresh == nil && api.IsNotFound(r.Err) {
			return rt.notFound(r.Err, e.Kind, e.ID)
		}
		if r.Outcome != edit.Failed || r.Fresh != nil {
			printHeader(std, r.Edit.Kind, r.Edit.ID, r.Title())
			printChanges(std, r.Edit, r.Sent, r.Already)
		}
		return reportResult(std, r)
	}
	if !req.interactive {
		return usageError(errors.New("not sent: there is no terminal to confirm on; add --yes to send the change (or --dry-run to see the request)"))
	}
	rec, err := w.Read(ctx, req.schema.Kind, req.id)
	if err != nil {
		return rt.notFound(err, req.schema.Kind, req.id)
	}
	e.Target, e.Base = rec.Target, rec.Values
	printHeader(std, rec.Target.Kind, rec.Target.ID, rec.Title)
	changes := e.Changes()
	printChanges(std, e, changes, nil)
	if len(changes) > 0 && !confirm(std.In, std.Out, "Send this change?") {
		return &ExitError{Code: ExitDeclined, Err: errors.New("not sent: you answered no")}
	}
	return reportResult(std, w.Save(ctx, e))
}

// printHeader names the record a change is about.
func printHeader(std *IO, kind api.Kind, id, title string) {
	if title != "" {
		title = " (" + sanitize.Text(title) + ")"
	}
	std.Printf("%s %s%s\n", kind, sanitize.Text(id), title)
}

// printChanges lists the changes (field: old → new), or says there are
// none.
func printChanges(std *IO, e edit.Edit, changes []api.FieldChange, already []string) {
	if len(changes) == 0 {
		names := already
		if names == nil {
			names = e.Touched()
		}
		std.Printf("  (no change: the %s already holds the values given for %s)\n", e.Kind, edit.JoinFields(names))
	}
	for _, c := range changes {
		std.Printf("  %s\n", changeLine(c))
	}
}
