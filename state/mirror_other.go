//go:build windows || plan9

package state

import "errors"

// Syslog is not available on this system.
type Syslog struct{}

// OpenSyslog fails: there is no syslog here.
func OpenSyslog(string) (*Syslog, error) {
	return nil, errors.New("--audit-syslog needs a system with syslog (Linux, macOS, BSD)")
}

// Mirror does nothing.
func (*Syslog) Mirror(Entry, string) {}

// Close does nothing.
func (*Syslog) Close() error { return nil }
