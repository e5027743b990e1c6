package serve

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// A session's program runs without Bubble Tea's own renderer, whose frame
// ticker wakes every session 120 times a second, idle or not. The painter
// draws the same way (the alternate screen, only the lines that changed)
// but only when a frame changed: at once after an idle spell, at most fps
// frames a second while the screen keeps changing, never when nothing does.
// It writes from its own goroutine, so the program never waits on a slow
// link: frames drawn meanwhile give way to the latest.

// Sequences written when the program starts and ends.
const (
	paintStart = ansi.SetModeAltScreenSaveCursor + ansi.EraseEntireScreen + ansi.CursorHomePosition +
		ansi.ResetModeTextCursorEnable + ansi.SetModeBracketedPaste
	paintEnd = ansi.ResetModeBracketedPaste + ansi.SetModeTextCursorEnable + ansi.ResetModeAltScreenSaveCursor
)

// painter draws a program's frames on a terminal.
type painter struct {
	out io.Writer
	gap time.Duration // least time between two frames

	mu            sync.Mutex
	frame         string // the latest view
	fresh         bool   // frame (or a repaint) not drawn yet
	repaint       bool   // draw every line, not just the changed ones
	width, height int

	sent atomic.Int64 // bytes handed to out so far

	kick chan struct{} // one slot: something to draw
	quit chan struct{}
	done chan struct{} // closed when the loop has ended

	// Owned by the loop.
	drawn     string   // the frame on screen
	lines     []string // its lines
	lineCount int
}

func newPainter(out io.Writer, fps int) *painter {
	return &painter{out: out, gap: time.Second / time.Duration(max(fps, 1)),
		kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
}

// wrap returns m drawn by the painter: its views go to the painter, and the
// program's own (absent) renderer gets none.
func (p *painter) wrap(m tea.Model) tea.Model { return &painted{Model: m, p: p} }

// start draws from now on.
func (p *painter) start() { go p.loop() }

// stop ends the drawing and leaves the alternate screen. It reports false
// when the terminal did not take the output within limit (the client
// stopped reading): the loop is left to end with the connection.
func (p *painter) stop(limit time.Duration) bool {
	close(p.quit)
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-p.done:
		return true
	case <-t.C:
		return false
	}
}

// show takes the program's latest view.
func (p *painter) show(view string) {
	if view == "" {
		view = " " // as Bubble Tea does: an empty view clears the screen
	}
	p.mu.Lock()
	if view == p.frame && !p.repaint {
		p.mu.Unlock()
		return
	}
	p.frame, p.fresh = view, true
	p.mu.Unlock()
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

// resize takes a new terminal size: the next frame is drawn whole.
func (p *painter) resize(width, height int) {
	p.mu.Lock()
	p.width, p.height, p.repaint, p.fresh = width, height, true, true
	p.mu.Unlock()
}

// size returns the terminal size the painter draws for.
func (p *painter) size() (width, height int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.width, p.height
}

func (p *painter) loop() {
	defer close(p.done)
	if _, err := io.WriteString(p.out, paintStart); err != nil {
		return
	}
	var last time.Time
	wait := time.NewTimer(time.Hour)
	wait.Stop()
	defer wait.Stop()
	for {
		select {
		case <-p.quit:
			_, _ = io.WriteString(p.out, paintEnd)
			return
		case <-p.kick:
		}
		if d := p.gap - time.Since(last); d > 0 {
			wait.Reset(d)
			select {
			case <-p.quit:
				_, _ = io.WriteString(p.out, paintEnd)
				return
			case <-wait.C:
			}
		}
		if err := p.draw(); err != nil {
			return
		}
		last = time.Now()
	}
}

// draw writes the latest frame: only its changed lines, unless a repaint
// is due. It is Bubble Tea's standard renderer's flush on the alternate
// screen.
func (p *painter) draw() error {
	p.mu.Lock()
	frame, fresh, repaint, width, height := p.frame, p.fresh, p.repaint, p.width, p.height
	p.fresh, p.repaint = false, false
	p.mu.Unlock()
	if repaint {
		p.drawn, p.lines = "", nil
	}
	if !fresh || frame == "" || frame == p.drawn {
		return nil
	}
	var buf bytes.Buffer
	buf.WriteString(ansi.CursorHomePosition)
	lines := strings.Split(frame, "\n")
	if height > 0 && len(lines) > height {
		lines = lines[len(lines)-height:]
	}
	for i, line := range lines {
		if i < len(p.lines) && p.lines[i] == line {
			if i < len(lines)-1 {
				buf.WriteByte('\n')
			}
			continue
		}
		if i == 0 && p.drawn == "" {
			buf.WriteByte('\r')
		}
		if width > 0 {
			line = ansi.Truncate(line, width, "")
		}
		buf.WriteString(line)
		if ansi.StringWidth(line) < width {
			buf.WriteString(ansi.EraseLineRight)
		}
		if i < len(lines)-1 {
			buf.WriteString("\r\n")
		}
	}
	if p.lineCount > len(lines) {
		buf.WriteString(ansi.EraseScreenBelow)
	}
	buf.WriteString(ansi.CursorPosition(0, len(lines)))
	p.drawn, p.lines, p.lineCount = frame, lines, len(lines)
	p.sent.Add(int64(buf.Len()))
	_, err := p.out.Write(buf.Bytes())
	return err
}

// painted is a model whose views the painter draws.
type painted struct {
	tea.Model
	p *painter
}

// Update implements tea.Model.
func (m *painted) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		m.p.resize(ws.Width, ws.Height)
	}
	_, cmd := m.Model.Update(msg)
	return m, cmd
}

// View implements tea.Model: the view goes to the painter.
func (m *painted) View() string {
	m.p.show(m.Model.View())
	return ""
}
