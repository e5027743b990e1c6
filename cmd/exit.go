package cmd

import (
	"errors"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
)

// Exit codes, documented in README and --help.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2 // usage or validation error: nothing was sent
	ExitNotFound    = 3
	ExitAuth        = 4 // authentication or permission
	ExitConflict    = 5 // a same-field conflict: nothing was sent
	ExitDeclined    = 6 // the confirmation was declined: nothing was sent
	ExitStateFolder = 7 // the audit log cannot be written: nothing was sent
	ExitUnknown     = 8 // the outcome is unknown: the change may have reached the server
	ExitTampered    = 9 // log --verify: the audit log was altered
	exitCodesUsage  = `Exit codes:
  0  success
  1  failure
  2  usage or validation error (nothing was sent)
  3  not found
  4  authentication or permission
  5  conflict: someone else changed the same field (nothing was sent)
  6  not confirmed: you answered no (nothing was sent)
  7  the state folder (audit log) cannot be written (nothing was sent)
  8  outcome unknown: the change may have reached the server; the next
     run checks and records it (qwoty-contacts log)
  9  log --verify: the audit log was altered (a line changed, removed or
     inserted)`
)

// ExitError carries an exit code and a message for people.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// usageError is a mistake in the command line: exit code 2.
func usageError(err error) error { return &ExitError{Code: ExitUsage, Err: err} }

// ExitCode maps an error to its exit code.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	var fe *api.FieldError
	var reason *edit.ReasonRequiredError
	switch {
	case edit.IsStateFolder(err):
		return ExitStateFolder
	case errors.As(err, &fe), errors.As(err, &reason), api.IsInvalidID(err), errors.Is(err, api.ErrEmptyPatch), api.IsValidation(err):
		return ExitUsage
	case api.IsNotFound(err):
		return ExitNotFound
	case api.IsUnauthorized(err), api.IsForbidden(err), api.IsReadOnly(err):
		return ExitAuth
	}
	return ExitFailure
}
