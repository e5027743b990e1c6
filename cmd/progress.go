package cmd

import (
	"fmt"
	"io"
	"strings"
	"sync"
)

// progressDisplay shows how far a batch is, on standard error: a bar
// redrawn in place on a terminal, otherwise a plain line every ~10%
// ("applied 30/300"). Methods are safe for concurrent use; a nil
// *progressDisplay shows nothing.
type progressDisplay struct {
	mu    sync.Mutex
	w     io.Writer
	total int
	verb  string  // plain mode: "applied"
	bar   barView // nil: plain lines
	step  int     // plain mode: print every step lines
	shown int     // plain mode: the last count printed
	drawn bool    // bar mode: a bar is on screen
}

// newProgress returns a display for total items on w; tty selects the
// bar, color its colours; verb says what happened to an item in plain
// lines ("applied 30/300").
func newProgress(w io.Writer, total int, verb string, tty, color bool) *progressDisplay {
	p := &progressDisplay{w: w, total: total, verb: verb, step: max((total+9)/10, 1)}
	if tty {
		p.bar = newBar(color)
	}
	return p
}

// update shows that done items are finished.
func (p *progressDisplay) update(done int) {
	if p == nil || p.total == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.draw(done)
		return
	}
	if done-p.shown >= p.step || (done == p.total && p.shown != done) {
		fmt.Fprintf(p.w, "%s %d/%d\n", p.verb, done, p.total)
		p.shown = done
	}
}

func (p *progressDisplay) draw(done int) {
	pct := float64(done) / float64(p.total)
	fmt.Fprintf(p.w, "\r%s %d/%d\x1b[K", p.bar.ViewAs(pct), done, p.total)
	p.drawn = true
}

// println writes text (ending in a newline) above the bar.
func (p *progressDisplay) println(text string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		io.WriteString(p.w, "\r\x1b[K")
	}
	io.WriteString(p.w, text)
	if !strings.HasSuffix(text, "\n") {
		io.WriteString(p.w, "\n")
	}
	p.drawn = false
}

// finish removes the bar, leaving the line for what follows.
func (p *progressDisplay) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		io.WriteString(p.w, "\r\x1b[K")
		p.drawn = false
	}
}
