package state

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// WriteCrashReport saves what is known about a panic to
// <dir>/crash/crash-<UTC timestamp>.txt (0600, in a 0700 directory) and
// returns the file's path.
//
// The report holds the version, the Go version, OS and architecture, the
// time, the panic value's type and the stack. The panic's message is
// written only when the value is (or wraps) a runtime.Error, such as an
// index out of range or a nil map write; any other value may carry contact
// data or a token, so only its type is recorded.
func WriteCrashReport(dir, version string, recovered any, stack []byte) (string, error) {
	now := time.Now().UTC()
	var b strings.Builder
	fmt.Fprintf(&b, "qwoty-contacts crash report\n\n")
	fmt.Fprintf(&b, "version:    %s\n", version)
	fmt.Fprintf(&b, "go:         %s\n", runtime.Version())
	fmt.Fprintf(&b, "os/arch:    %s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(&b, "time:       %s\n", now.Format(time.RFC3339Nano))
	fmt.Fprintf(&b, "panic type: %T\n", recovered)
	if msg, ok := runtimeMessage(recovered); ok {
		fmt.Fprintf(&b, "panic:      %s\n", msg)
	} else {
		fmt.Fprintf(&b, "panic:      (message not recorded: it may hold customer data)\n")
	}
	b.WriteString("\nstack:\n")
	if len(stack) == 0 {
		b.WriteString("(no stack)\n")
	} else {
		b.Write(stack)
		if stack[len(stack)-1] != '\n' {
			b.WriteByte('\n')
		}
	}

	cdir := filepath.Join(dir, "crash")
	if err := mkdir("cannot save the crash report in", cdir); err != nil {
		return "", err
	}
	base := "crash-" + now.Format("20060102T150405Z")
	for n := 1; ; n++ {
		path := filepath.Join(cdir, base+".txt")
		if n > 1 {
			path = filepath.Join(cdir, fmt.Sprintf("%s-%d.txt", base, n))
		}
		err := writeNew(path, []byte(b.String()))
		if errors.Is(err, fs.ErrExist) && n < 100 {
			continue
		}
		if err != nil {
			return "", fail("cannot save the crash report to", path, err)
		}
		return path, nil
	}
}

// runtimeMessage returns the message of a panic raised by the Go runtime.
func runtimeMessage(recovered any) (string, bool) {
	err, ok := recovered.(error)
	if !ok {
		return "", false
	}
	var re runtime.Error
	if errors.As(err, &re) {
		return re.Error(), true
	}
	return "", false
}

// writeNew creates path (failing if it exists) with mode 0600 and syncs it.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
