// Package edit is the write path shared by the TUI, the scriptable commands
// and the SSH server: it turns a person's edit into a PATCH of exactly the
// changed fields, checks for conflicting changes made meanwhile, records
// every attempt in the audit log, and keeps drafts so nothing typed is lost.
//
// It knows nothing about Bubble Tea: the UI calls it inside a tea.Cmd.
package edit

import (
	"slices"

	"github.com/qwoty/qwoty-contacts/api"
)

// Target names the record an edit applies to.
type Target struct {
	Kind api.Kind
	ID   string
	// ContactID is, for an address, the contact it belongs to (recorded in
	// the audit log); for a contact, its own id.
	ContactID string
}

// Edit is a set of field changes to one record, with the copy of the record
// the edit started from. It holds raw values, never display strings.
type Edit struct {
	Target
	// Base holds the record's values when the edit started (all fields, or
	// for an undo only the fields it reverts). The conflict check compares
	// the server's fresh copy with it.
	Base api.Values
	// After holds the fields the person touched, with their new values.
	After api.Values
	// Reason is the person's reason or ticket reference, for the audit log.
	Reason string
	// Undo marks an edit that reverts an earlier change; Undoes names
	// that change's operation in the audit log.
	Undo   bool
	Undoes string
	// Fingerprint identifies a batch line (apply), so a re-run can skip it.
	Fingerprint string
	// Source says which surface made the edit: "tui", "set", "apply", "ssh".
	Source string
}

// Schema returns the schema of the edited record's kind.
func (e Edit) Schema() *api.Schema { return api.SchemaFor(e.Kind) }

// Changes returns the fields whose new value differs from Base, in the
// API's order.
func (e Edit) Changes() []api.FieldChange { return e.Schema().Changes(e.Base, e.After) }

// Patch builds the PATCH body of the changes, checking every value against
// the schema. It fails with api.ErrEmptyPatch when nothing changed.
func (e Edit) Patch() (*api.Patch, error) {
	p := api.NewPatch(e.Schema())
	for _, c := range e.Changes() {
		if err := p.Set(c.Field, c.After); err != nil {
			return nil, err
		}
	}
	if p.Len() == 0 {
		return nil, api.ErrEmptyPatch
	}
	return p, nil
}

// Rebase returns the edit with fresh as its new starting copy: the person's
// values are kept, and the next conflict check compares against fresh.
func (e Edit) Rebase(fresh api.Values) Edit {
	e.Base = fresh.Clone()
	e.After = e.After.Clone()
	return e
}

// Without returns the edit with the named fields dropped from After (for
// "keep theirs" on a conflict).
func (e Edit) Without(fields ...string) Edit {
	e.After = e.After.Clone()
	for _, f := range fields {
		delete(e.After, f)
	}
	return e
}

// Overlay returns the record values vs with the edit's new values on top:
// what the form shows when it re-opens on a fresh copy.
func (e Edit) Overlay(vs api.Values) api.Values {
	out := vs.Clone()
	for f, v := range e.After {
		out[f] = v
	}
	return out
}

// Touched returns the names of the fields in After, in the API's order.
func (e Edit) Touched() []string {
	var names []string
	for _, f := range e.Schema().Names() {
		if _, ok := e.After[f]; ok {
			names = append(names, f)
		}
	}
	return names
}

// Undo returns the edit that reverts a recorded change (operation op): it
// expects the server to still hold the change's "after" values and sets
// the "before" values back. If someone changed those fields since, the
// conflict check stops it.
func Undo(t Target, op string, changes []api.FieldChange) Edit {
	e := Edit{Target: t, Base: api.Values{}, After: api.Values{}, Undo: true, Undoes: op}
	for _, c := range changes {
		e.Base[c.Field] = c.After
		e.After[c.Field] = c.Before
	}
	return e
}

// Conflict is a field the person changed that someone else also changed
// since the edit started.
type Conflict struct {
	Field string
	// Was is the value the edit started from; Theirs the server's value
	// now; Yours the person's new value.
	Was, Theirs, Yours api.Value
}

// Compare checks an edit against the server's fresh copy. It returns the
// conflicting fields, the changes still to send (with Before set to the
// server's current value), the fields that already hold the person's value
// (someone made the same change), and the fields the person did not touch
// that changed meanwhile.
func (e Edit) Compare(fresh api.Values) (conflicts []Conflict, send []api.FieldChange, already []string, others []api.FieldChange) {
	changes := e.Changes()
	changed := make([]string, 0, len(changes))
	for _, c := range changes {
		changed = append(changed, c.Field)
		theirs := fresh[c.Field]
		switch {
		case theirs.Equal(c.After):
			already = append(already, c.Field)
		case !theirs.Equal(c.Before):
			conflicts = append(conflicts, Conflict{Field: c.Field, Was: c.Before, Theirs: theirs, Yours: c.After})
		default:
			send = append(send, api.FieldChange{Field: c.Field, Before: theirs, After: c.After})
		}
	}
	for _, f := range e.Schema().Names() {
		was, ok := e.Base[f]
		if !ok || slices.Contains(changed, f) {
			continue
		}
		if now, ok := fresh[f]; ok && !now.Equal(was) {
			others = append(others, api.FieldChange{Field: f, Before: was, After: now})
		}
	}
	return conflicts, send, already, others
}
