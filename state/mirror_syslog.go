//go:build !windows && !plan9

package state

import (
	"encoding/json"
	"fmt"
	"log/syslog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
)

// Syslog sends each audit entry off the machine as it is written: to the
// system's log (addr "local": the journal or syslog daemon, through
// /dev/log) or to a remote syslog server ("udp://host:514",
// "tcp://host:514"). Each message is the entry as JSON, with the hash of
// its line ("hash"), under the tag qwoty-contacts at facility auth, so an
// operations team keeps the trail, and can check the local chain against
// it, when the host is lost. Entries are handed over through a buffer: a
// slow or absent log server never holds a write up; Dropped counts what
// did not fit.
type Syslog struct {
	addr    string
	ch      chan []byte
	done    chan struct{}
	dropped atomic.Int64
	errMu   sync.Mutex
	err     error
}

// OpenSyslog connects to the log at addr (see Syslog).
func OpenSyslog(addr string) (*Syslog, error) {
	network, raddr := "", ""
	if addr != "local" {
		u, err := url.Parse(addr)
		if err != nil || (u.Scheme != "udp" && u.Scheme != "tcp") || u.Host == "" {
			return nil, fmt.Errorf("--audit-syslog %q: give local, udp://host:port or tcp://host:port", addr)
		}
		network, raddr = u.Scheme, u.Host
	}
	w, err := syslog.Dial(network, raddr, syslog.LOG_AUTH|syslog.LOG_INFO, "qwoty-contacts")
	if err != nil {
		return nil, fmt.Errorf("cannot reach the syslog at %s: %v (check the address, or leave --audit-syslog out)", addr, err)
	}
	s := &Syslog{addr: addr, ch: make(chan []byte, 1024), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for msg := range s.ch {
			if err := w.Info(string(msg)); err != nil {
				s.errMu.Lock()
				s.err = err
				s.errMu.Unlock()
			}
		}
		w.Close()
	}()
	return s, nil
}

// Mirror is an AuditLog.Mirror sending e to the log.
func (s *Syslog) Mirror(e Entry, hash string) {
	data, err := json.Marshal(struct {
		Entry
		Hash string `json:"hash"`
	}{e, hash})
	if err != nil {
		return
	}
	msg := strings.ReplaceAll(string(data), "\n", " ")
	select {
	case s.ch <- []byte(msg):
	default:
		s.dropped.Add(1)
	}
}

// Close sends what is buffered and closes the connection. It reports the
// last send error, or how many entries were dropped.
func (s *Syslog) Close() error {
	close(s.ch)
	<-s.done
	s.errMu.Lock()
	defer s.errMu.Unlock()
	if s.err != nil {
		return fmt.Errorf("some audit entries could not be sent to the syslog at %s: %v", s.addr, s.err)
	}
	if n := s.dropped.Load(); n > 0 {
		return fmt.Errorf("%d audit entries were not sent to the syslog at %s: it did not keep up", n, s.addr)
	}
	return nil
}
