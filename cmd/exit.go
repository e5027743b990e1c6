package cmd

import (
	"errors"

	"github.com/qwoty/qwoty-contacts/api"
)

// Exit codes, documented in README and --help.
const (
	ExitOK         = 0
	ExitFailure    = 1
	ExitUsage      = 2 // usage or validation error: nothing was sent
	ExitNotFound   = 3
	ExitAuth       = 4 // authentication or permission
	ExitConflict   = 5 // a same-field conflict: nothing was sent
	exitCodesUsage = `Exit codes:
  0  success
  1  failure
  2  usage or validation error (nothing was sent)
  3  not found
  4  authentication or permission
  5  conflict: someone else changed the same field (nothing was sent)`
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
	switch {
	case errors.As(err, &fe), api.IsInvalidID(err), errors.Is(err, api.ErrEmptyPatch), api.IsValidation(err):
		return ExitUsage
	case api.IsNotFound(err):
		return ExitNotFound
	case api.IsUnauthorized(err), api.IsForbidden(err), api.IsReadOnly(err):
		return ExitAuth
	}
	return ExitFailure
}
