package edit

import (
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// Outcome is how a save ended.
type Outcome string

// The outcomes of Save. Each surface (the TUI, set, apply, the SSH server)
// words them itself from the facts in Result.
const (
	// Saved: the PATCH was sent and accepted (a success without a usable
	// answer is confirmed by a re-read first: Result.Confirmed).
	Saved Outcome = "saved"
	// Unchanged: nothing needed sending (no change, or the server already
	// holds the new values: Result.Already).
	Unchanged Outcome = "unchanged"
	// Conflicted: someone changed a field the person also changed; nothing
	// was sent.
	Conflicted Outcome = "conflict"
	// DryRan: the PATCH was described, not sent.
	DryRan Outcome = "dry-run"
	// Failed: the write did not happen: the server refused it (Status), or
	// it never left (connection refused, DNS, TLS), or the pre-save read
	// failed. Err says why.
	Failed Outcome = "failed"
	// Refused: the write path sent nothing: a value the API would refuse,
	// a missing reason, a state folder where the audit entry cannot be
	// written, another write holding the record. Err says why.
	Refused Outcome = "refused"
	// Unknown: the request may have reached the server but no usable
	// answer came (a timeout, a cut connection, a cancel in flight, a
	// 5xx). Resolution says what reading the record again found.
	Unknown Outcome = "unknown"
)

// Resolution says what reading a record again found after an unknown
// outcome.
type Resolution string

// The resolutions of an unknown outcome.
const (
	// Landed: the record holds the values sent.
	Landed Resolution = "landed"
	// NotLanded: the record still holds the values from before.
	NotLanded Resolution = "not-landed"
	// ChangedElsewhere: the record holds neither: someone else changed it.
	ChangedElsewhere Resolution = "changed-elsewhere"
	// Unresolved: the record could not be read either; the next start of
	// the tool checks again and records what it finds.
	Unresolved Resolution = "unresolved"
)

// StoredDiff is a field the server stored differently from what was sent
// (normalised, trimmed, ignored).
type StoredDiff struct {
	Field        string
	Sent, Stored api.Value
}

// Result is the outcome of a save: facts, for each surface to word.
type Result struct {
	Outcome Outcome
	// Resolution is set for Unknown.
	Resolution Resolution
	// Edit is the edit as saved: normalised, with its base filled in.
	Edit Edit
	// Op identifies the operation in the audit log (set once an attempt
	// or a check was recorded).
	Op string
	// Sent lists the fields sent (or, for a dry run, that would be), with
	// the server's value before.
	Sent []api.FieldChange
	// Conflicts lists same-field conflicts (Outcome Conflicted).
	Conflicts []Conflict
	// Already lists fields that already held the person's value.
	Already []string
	// Others lists fields someone else changed meanwhile that this save did
	// not touch.
	Others []api.FieldChange
	// Stored lists sent fields the server stored differently.
	Stored []StoredDiff
	// Confirmed is true when the server accepted the write without a
	// usable answer (a 204, say) and a re-read confirmed it.
	Confirmed bool
	// Fresh is the server's copy from the pre-save check.
	Fresh api.Values
	// Contact or Address is the record after the save (the server's
	// answer, or the re-read), or the fresh copy when nothing was sent.
	Contact *api.Contact
	Address *api.Address
	// Request describes the PATCH (set when there was one to send).
	Request *Request
	// Status is the HTTP status the PATCH got, 0 when none.
	Status int
	// Err is why the save failed, was refused, or has an unknown outcome.
	Err error
	// AuditErr is set when the result could not be recorded after the
	// request was sent (the attempt was): the next start records it.
	AuditErr error
	// DraftKept reports that the edit was kept as a draft (it is not on
	// the server); DraftErr why keeping it failed.
	DraftKept bool
	DraftErr  error
	// At is when the save ended.
	At time.Time
}

// Landed reports whether the person's changes are on the server now: a
// save, or an unknown outcome a re-read found there.
func (r Result) Landed() bool {
	return r.Outcome == Saved || (r.Outcome == Unknown && r.Resolution == Landed)
}

// Title names the record for people (unsanitized), from the copy the save
// read: the contact's name, or the address's label.
func (r Result) Title() string {
	switch {
	case r.Contact != nil:
		return r.Contact.FullName()
	case r.Address != nil:
		return addressTitle(r.Address)
	}
	return ""
}

func addressTitle(a *api.Address) string {
	if a.Name.Valid && a.Name.String != "" {
		return a.Name.String
	}
	return a.AddressLine1 + ", " + a.City
}
