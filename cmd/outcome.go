package cmd

import (
	"errors"
	"strings"

	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// reportResult prints how a save ended (on standard output) and returns
// the error that carries its exit code: nil when saved, unchanged or dry
// run; ExitConflict for a same-field conflict; the error's own code when
// the save failed.
func reportResult(std *IO, r edit.Result) error {
	if r.AuditErr != nil {
		std.Errorf("warning: %s\n", sanitize.Text(r.AuditErr.Error()))
	}
	switch r.Outcome {
	case edit.Saved, edit.Unchanged:
		std.Printf("%s\n", sanitize.Text(r.Message()))
		return nil
	case edit.DryRan:
		std.Printf("%s\n", sanitize.Text(r.Message()))
		if r.Request != nil {
			printRequest(std, r.Request)
		}
		return nil
	case edit.Conflicted:
		std.Printf("%s\n", sanitize.Text(r.Message()))
		for _, c := range r.Conflicts {
			std.Printf("  %s: was %s, theirs %s, yours %s\n", c.Field, diffValue(c.Was), diffValue(c.Theirs), diffValue(c.Yours))
		}
		return &ExitError{Code: ExitConflict, Err: errors.New("nothing was sent: someone else changed the same field; check the record (qwoty-contacts get) and run the command again")}
	}
	return &ExitError{Code: ExitCode(r.Err), Err: errors.New(failureMessage(r))}
}

// failureMessage is Result.Message without the TUI's "Your edits are kept"
// (a command line keeps nothing: it is still in the shell's history).
func failureMessage(r edit.Result) string {
	return strings.TrimSuffix(r.Message(), " Your edits are kept.")
}

// printRequest prints a dry run's request: the method and URL, the body,
// and an equivalent curl command (the token left as $QWOTY_TOKEN).
func printRequest(std *IO, req *edit.Request) {
	std.Printf("%s %s\n%s\n%s\n", req.Method, sanitize.Text(req.URL), sanitize.Text(req.Body), sanitize.Text(req.Curl()))
}
