package edit

import (
	"context"

	"github.com/qwoty/qwoty-contacts/api"
)

// send sends the PATCH and works out what happened: Saved (the answer,
// compared with what was sent), Failed (refused, or never left), or
// Unknown (it may have reached the server), resolved at once by reading
// the record again. A success without a usable answer counts as sent and
// is confirmed by that re-read.
func (w *Writer) send(ctx context.Context, t Target, p *api.Patch, r *Result) (Outcome, error) {
	var err error
	switch t.Kind {
	case api.KindContact:
		var c *api.Contact
		if c, err = w.API.UpdateContact(ctx, t.ID, p); err == nil {
			c.KeepKnown(r.Contact)
			r.Contact = c
			r.Status = 200
			r.Stored = compareStored(r.Sent, c.Values())
			return Saved, nil
		}
	case api.KindAddress:
		var a *api.Address
		if a, err = w.API.UpdateAddress(ctx, t.ID, p); err == nil {
			a.KeepKnown(r.Address)
			r.Address = a
			r.Status = 200
			r.Stored = compareStored(r.Sent, a.Values())
			return Saved, nil
		}
	}
	r.Status = api.StatusCode(err)
	if !api.MayHaveApplied(err) {
		return Failed, err
	}
	r.Resolution = w.reread(ctx, t, r)
	if api.Accepted(err) {
		switch r.Resolution {
		case Landed:
			r.Confirmed, r.Resolution = true, ""
			return Saved, nil
		case Unresolved:
			return Unknown, err
		}
	}
	return Unknown, err
}

// reread reads the record again after an unknown outcome and says whether
// it holds the values sent, the values from before, or neither. It does
// not give up when the person canceled the request: the truth is still
// wanted (bounded by the writer's timeout).
func (w *Writer) reread(ctx context.Context, t Target, r *Result) Resolution {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.timeout())
	defer cancel()
	var now api.Values
	switch t.Kind {
	case api.KindContact:
		c, err := w.API.GetContact(rctx, t.ID)
		if err != nil {
			return Unresolved
		}
		c.KeepKnown(r.Contact)
		r.Contact, now = c, c.Values()
	case api.KindAddress:
		a, err := w.API.GetAddress(rctx, t.ID)
		if err != nil {
			return Unresolved
		}
		a.KeepKnown(r.Address)
		r.Address, now = a, a.Values()
	}
	res := Resolve(r.Sent, now)
	if res == Landed {
		r.Stored = compareStored(r.Sent, now)
	}
	return res
}

// Resolve compares a record's current values with the changes of a write
// whose outcome is unknown: all sent values there → Landed; all values
// from before → NotLanded; anything else → ChangedElsewhere.
func Resolve(changes []api.FieldChange, now api.Values) Resolution {
	landed, before := true, true
	for _, c := range changes {
		v, ok := now[c.Field]
		if !ok {
			return ChangedElsewhere
		}
		landed = landed && v.Equal(c.After)
		before = before && v.Equal(c.Before)
	}
	switch {
	case landed:
		return Landed
	case before:
		return NotLanded
	}
	return ChangedElsewhere
}

// compareStored lists the sent fields whose stored value differs.
func compareStored(sent []api.FieldChange, stored api.Values) []StoredDiff {
	var out []StoredDiff
	for _, c := range sent {
		if v, ok := stored[c.Field]; ok && !v.Equal(c.After) {
			out = append(out, StoredDiff{Field: c.Field, Sent: c.After, Stored: v})
		}
	}
	return out
}
