package serve

import (
	"encoding/binary"
	"testing"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

func windowChange(cols, rows int) *gossh.Request {
	b := make([]byte, 16)
	binary.BigEndian.PutUint32(b, uint32(cols))
	binary.BigEndian.PutUint32(b[4:], uint32(rows))
	return &gossh.Request{Type: "window-change", Payload: b}
}

// The pump keeps window changes out of the library's request loop: the
// latest size wins, the other requests go on in order.
func TestPumpKeepsTheLatestSize(t *testing.T) {
	in := make(chan *gossh.Request, 2000)
	out := make(chan *gossh.Request, 2000)
	w := newWindows()
	in <- windowChange(10, 10) // before any pty: ignored
	in <- &gossh.Request{Type: "pty-req"}
	for i := range 1000 {
		in <- windowChange(80+i, 24)
	}
	in <- &gossh.Request{Type: "env"}
	in <- windowChange(0, 24) // not a size
	close(in)
	pumpRequests(in, out, w)
	var types []string
	for r := range out {
		types = append(types, r.Type)
	}
	if len(types) != 2 || types[0] != "pty-req" || types[1] != "env" {
		t.Errorf("passed on %v, want [pty-req env]", types)
	}
	if win, ok := w.take(); !ok || win != (ssh.Window{Width: 1079, Height: 24}) {
		t.Errorf("latest size %+v (%v), want 1079x24", win, ok)
	}
	if _, ok := w.take(); ok {
		t.Error("a size was taken twice")
	}
}
