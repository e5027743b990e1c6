package faultfs

import (
	"os"
	"testing"
)

// Needs stops a test that cannot run here for want of something outside
// Go (a tool, root rights). On a machine with only Go and git the test is
// skipped, saying why and how to run it; where QWOTY_TEST_STRICT=1 (CI,
// which installs what the tests need) it fails instead, so nothing is ever
// skipped there.
func Needs(t testing.TB, what, how string) {
	t.Helper()
	if os.Getenv("QWOTY_TEST_STRICT") == "1" {
		t.Fatalf("this test needs %s (%s)", what, how)
	}
	t.Skipf("this test needs %s, missing here (%s; CI has it and runs this test)", what, how)
}
