//go:build !windows && !plan9

package state

import (
	"bufio"
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"
)

func TestSyslogMirrorSendsEveryEntryWithItsHash(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	sl, err := OpenSyslog("udp://" + pc.LocalAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	log := OpenAudit(t.TempDir())
	log.Mirror = sl.Mirror
	for i := range 3 {
		if err := log.Append(attempt(op(i), id1, time.Time{})); err != nil {
			t.Fatal(err)
		}
	}
	if err := sl.Close(); err != nil {
		t.Fatal(err)
	}
	raw := lines(t, log.Path())
	got := map[string]string{} // op → hash
	buf := make([]byte, 64<<10)
	pc.SetReadDeadline(time.Now().Add(5 * time.Second))
	for len(got) < 4 { // the genesis line and three entries
		n, _, err := pc.ReadFrom(buf)
		if err != nil {
			t.Fatalf("after %d messages: %v", len(got), err)
		}
		msg := string(buf[:n])
		if !strings.Contains(msg, "qwoty-contacts") || !strings.HasPrefix(msg, "<38>") { // auth.info
			t.Errorf("not an auth.info message from qwoty-contacts: %q", msg)
		}
		var e struct {
			Entry
			Hash string `json:"hash"`
		}
		if err := json.Unmarshal([]byte(msg[strings.Index(msg, "{"):]), &e); err != nil {
			t.Fatalf("not JSON: %q", msg)
		}
		got[e.Op+e.Entry.Entry] = e.Hash
	}
	for i, line := range raw {
		var e Entry
		json.Unmarshal(line, &e)
		if got[e.Op+e.Entry] != hashLine(line) {
			t.Errorf("line %d: the mirror's hash %q is not the line's", i+1, got[e.Op+e.Entry])
		}
	}
}

func TestSyslogMirrorOverTCP(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	lines := make(chan string, 8)
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		sc := bufio.NewScanner(c)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	sl, err := OpenSyslog("tcp://" + l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	log := OpenAudit(t.TempDir())
	log.Mirror = sl.Mirror
	log.Append(attempt(op(1), id1, time.Time{}))
	sl.Close()
	for range 2 {
		select {
		case m := <-lines:
			if !strings.Contains(m, `"hash":"`) {
				t.Errorf("message %q", m)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no message over TCP")
		}
	}
	if _, err := OpenSyslog("ftp://x"); err == nil || !strings.Contains(err.Error(), "udp://host:port") {
		t.Errorf("a bad address: %v", err)
	}
}
