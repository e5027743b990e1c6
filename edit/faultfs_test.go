package edit

import (
	"testing"

	"github.com/qwoty/qwoty-contacts/internal/faultfs"
)

func faultReadOnly(t *testing.T) string { return faultfs.ReadOnlyDir(t, nil) }
func faultFull(t *testing.T) string     { return faultfs.FullDir(t) }
