package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// How the command line words the facts of a save (edit.Result). Lines may
// quote the server: each is sanitized before it is printed.

// saveWords returns what happened, in one or two sentences, and the error
// carrying the exit code (nil when the change is on the server, nothing
// needed sending, or it was a dry run).
func saveWords(r edit.Result) (string, error) {
	fields := edit.JoinFields(edit.FieldsOf(r.Sent))
	fail := func(code int, format string, args ...any) (string, error) {
		msg := fmt.Sprintf(format, args...)
		return msg, &ExitError{Code: code, Err: errors.New(msg)}
	}
	switch r.Outcome {
	case edit.Saved:
		return edit.SavedSentence(r) + details(r), nil
	case edit.Unknown:
		why := edit.LowerFirst(errText(r.Err))
		switch r.Resolution {
		case edit.Landed:
			return fmt.Sprintf("Saved %s: no usable answer came (%s), but reading the record again shows the change is there.", fields, why) + details(r), nil
		case edit.NotLanded:
			return fail(ExitFailure, "not saved: no usable answer came (%s), and reading the record again shows it still holds the old values; run the command again", why)
		case edit.ChangedElsewhere:
			return fail(ExitUnknown, "outcome unknown: no usable answer came (%s), and the record now holds values that are neither yours nor the old ones (someone else changed it meanwhile); check it with qwoty-contacts get", why)
		}
		return fail(ExitUnknown, "outcome unknown: no usable answer came (%s) and the record could not be read again; the next run checks it and records the outcome (see qwoty-contacts log)", why)
	case edit.Unchanged:
		return edit.UnchangedSentence(r), nil
	case edit.DryRan:
		return fmt.Sprintf("Dry run: the PATCH of %s was not sent.", fields), nil
	case edit.Conflicted:
		return fail(ExitConflict, "not sent: %s changed by someone else since the record was read; check it (qwoty-contacts get) and run the command again", edit.ConflictedFields(r.Conflicts))
	case edit.Refused:
		msg := errText(r.Err)
		if !strings.Contains(strings.ToLower(msg), "nothing was sent") {
			msg += "; nothing was sent"
		}
		return msg, &ExitError{Code: ExitCode(r.Err), Err: errors.New(msg)}
	}
	return fail(ExitCode(r.Err), "not saved: %s", errText(r.Err))
}

// details adds what a saved change also met: fields someone else changed,
// values already there, values the server stored differently.
func details(r edit.Result) string {
	var b strings.Builder
	if len(r.Others) > 0 {
		fmt.Fprintf(&b, " %s %s changed by someone else meanwhile; this change did not touch it.", edit.JoinFields(edit.FieldsOf(r.Others)), edit.WasWere(len(r.Others)))
	}
	if len(r.Already) > 0 {
		fmt.Fprintf(&b, " %s already held your value.", edit.JoinFields(r.Already))
	}
	for _, s := range r.Stored {
		fmt.Fprintf(&b, " The server stored %s as %s, not %s.", s.Field, diffValue(s.Stored), diffValue(s.Sent))
	}
	return b.String()
}

// reportResult prints how a save ended (on standard output; warnings on
// standard error) and returns the error carrying its exit code.
func reportResult(std *IO, r edit.Result) error {
	msg, err := saveWords(r)
	if r.AuditErr != nil {
		std.Errorf("warning: the outcome could not be recorded in the audit log (%s); the next run records it\n", sanitize.Text(r.AuditErr.Error()))
	}
	if err != nil {
		if r.Outcome == edit.Conflicted {
			for _, c := range r.Conflicts {
				std.Printf("  %s: was %s, theirs %s, yours %s\n", c.Field, diffValue(c.Was), diffValue(c.Theirs), diffValue(c.Yours))
			}
		}
		return err
	}
	std.Printf("%s\n", sanitize.Text(msg))
	if r.Outcome == edit.DryRan && r.Request != nil {
		printRequest(std, r.Request)
	}
	return nil
}

// printRequest prints a dry run's request: the method and URL, the body,
// and an equivalent curl command (the token left as $QWOTY_TOKEN).
func printRequest(std *IO, req *edit.Request) {
	std.Printf("%s %s\n%s\n%s\n", req.Method, sanitize.Text(req.URL), sanitize.Text(req.Body), sanitize.Text(req.Curl()))
}

func errText(err error) string {
	if err == nil {
		return "no reason given"
	}
	return err.Error()
}
