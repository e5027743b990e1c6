package serve

import (
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// tracker counts the commands under way.
type tracker struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0; nil while n is 0
}

// track counts cmd while it runs. It is a layer of the app's command
// chain, which hands it every command, those inside a tea.Batch or a
// tea.Sequence included.
func (t *tracker) track(cmd tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		t.add(1)
		defer t.add(-1)
		return cmd()
	}
}

func (t *tracker) add(d int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n == 0 {
		t.idle = make(chan struct{})
	}
	t.n += d
	if t.n == 0 {
		close(t.idle)
		t.idle = nil
	}
}

// wait waits until no command runs, at most d; it reports whether none
// does.
func (t *tracker) wait(d time.Duration) bool {
	t.mu.Lock()
	idle := t.idle
	t.mu.Unlock()
	if idle == nil {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-idle:
		return true
	case <-timer.C:
		return false
	}
}
