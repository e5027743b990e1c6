package serve

import (
	"encoding/binary"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Window-size changes never wait. charmbracelet/ssh hands each one to a
// one-slot channel from the connection's request loop; when the slot is
// full, that loop stops, and with it everything the connection reads,
// flow-control credit included: output then waits for credit that can no
// longer arrive, and the program, its resizes and its quit all wait on
// output. Here a pump in front of the library's request loop takes the
// window-change requests out, answers them at once and keeps only the
// latest size; the session's program takes it from there when it can.

// resizeGap is the least time between two sizes handed to a program: a
// flood of window changes costs a few layouts a second, the last size wins.
const resizeGap = 40 * time.Millisecond

// windows holds a session's latest window size.
type windows struct {
	mu      sync.Mutex
	latest  ssh.Window
	fresh   bool
	changed chan struct{} // one slot: a size is waiting
}

func newWindows() *windows { return &windows{changed: make(chan struct{}, 1)} }

// set stores a size; it never waits.
func (w *windows) set(win ssh.Window) {
	w.mu.Lock()
	w.latest, w.fresh = win, true
	w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

// take returns the size stored since the last take, if any.
func (w *windows) take() (ssh.Window, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	fresh := w.fresh
	w.fresh = false
	return w.latest, fresh
}

// sessionChannel handles "session" channels: charmbracelet/ssh's own
// handler, fed through pumpRequests, with the session's window sizes
// reachable from its context.
func sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	w := newWindows()
	ssh.DefaultSessionHandler(srv, conn, pumped{NewChannel: nc, windows: w}, windowCtx{Context: ctx, windows: w})
}

// pumped is a new channel whose requests go through pumpRequests.
type pumped struct {
	gossh.NewChannel
	windows *windows
}

// Accept implements gossh.NewChannel.
func (p pumped) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := p.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go pumpRequests(reqs, out, p.windows)
	return ch, out, nil
}

// pumpRequests reads a channel's requests as fast as they come. Window
// changes are answered here and stored in w; the rest go on to the
// library's loop, which, with window changes out of it, never waits on
// anything but its own replies.
func pumpRequests(in <-chan *gossh.Request, out chan<- *gossh.Request, w *windows) {
	defer close(out)
	pty := false
	for req := range in {
		switch req.Type {
		case "window-change":
			win, ok := parseWindow(req.Payload)
			ok = ok && pty
			if ok {
				w.set(win)
			}
			_ = req.Reply(ok, nil)
			continue
		case "pty-req":
			pty = true
		}
		out <- req
	}
}

// parseWindow reads a window-change payload: columns and rows, then the
// size in pixels, which is ignored.
func parseWindow(b []byte) (ssh.Window, bool) {
	if len(b) < 8 {
		return ssh.Window{}, false
	}
	cols, rows := binary.BigEndian.Uint32(b), binary.BigEndian.Uint32(b[4:])
	if cols < 1 || rows < 1 || cols > 1<<16 || rows > 1<<16 {
		return ssh.Window{}, false
	}
	return ssh.Window{Width: int(cols), Height: int(rows)}, true
}

// windowCtx is a session's context: the connection's, plus the session's
// window sizes.
type windowCtx struct {
	ssh.Context
	windows *windows
}

type windowsKey struct{}

// Value implements context.Context.
func (c windowCtx) Value(key any) any {
	if key == (windowsKey{}) {
		return c.windows
	}
	return c.Context.Value(key)
}

// windowsOf returns the window sizes of a session started by
// sessionChannel (nil otherwise).
func windowsOf(sess ssh.Session) *windows {
	w, _ := sess.Context().Value(windowsKey{}).(*windows)
	return w
}

// deliverSizes hands the program its first size, then each latest one, at
// most one per resizeGap, until done. Only this goroutine waits on the
// program; the request pump never does.
func deliverSizes(p *tea.Program, first ssh.Window, w *windows, done <-chan struct{}) {
	p.Send(tea.WindowSizeMsg{Width: first.Width, Height: first.Height}) // returns once the program ends, too
	if w == nil {
		return
	}
	gap := time.NewTimer(0)
	defer gap.Stop()
	for {
		select {
		case <-done:
			return
		case <-w.changed:
		}
		if win, ok := w.take(); ok {
			p.Send(tea.WindowSizeMsg{Width: win.Width, Height: win.Height})
		}
		gap.Reset(resizeGap)
		select {
		case <-done:
			return
		case <-gap.C:
		}
	}
}
