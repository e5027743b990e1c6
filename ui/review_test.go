package ui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/edit"
)

// reviewOf returns a review of the docs contact's phone change, on top of
// nothing (its commands are not run).
func reviewOf(t *testing.T) *reviewScreen {
	t.Helper()
	s := newSession(Options{Writer: &edit.Writer{}, Renderer: plainRenderer(), Now: func() time.Time { return testNow }})
	m := newReviewScreen(s, &record{}, nil, beneathForm, phoneDraft(), "Jean Dupont")
	m.activate()
	return m
}

func press(m screen, k string) tea.Cmd { return m.update(keyMsg(k)) }

// TestReviewSendsOnlyOnYOnceArmed: before the review has been still for
// the confirm delay, y does nothing; any key starts the wait again (a held
// key keeps it waiting); enter, tab and the arrows never send.
func TestReviewSendsOnlyOnYOnceArmed(t *testing.T) {
	m := reviewOf(t)
	press(m, "y")
	if m.saving {
		t.Fatal("y sent before the review was armed")
	}
	armedBy := m.armSeq
	m.update(reviewArmedMsg{seq: armedBy - 1}) // a stale wait
	if m.armed {
		t.Fatal("armed by an earlier wait")
	}
	m.update(reviewArmedMsg{seq: armedBy})
	if !m.armed || !m.keys().ShortHelp()[0].Enabled() {
		t.Fatal("not armed after the wait")
	}
	for _, k := range []string{"enter", "down", "up", "shift+tab", "x"} {
		press(m, k)
		if m.saving || m.armed {
			t.Fatalf("%s: saving %v, armed %v", k, m.saving, m.armed)
		}
		m.update(reviewArmedMsg{seq: m.armSeq})
	}
	// A key held down since before the review was still: each repeat
	// restarts the wait, so the wait under way when it began never arms.
	press(m, "x")
	held := m.armSeq
	for range 5 {
		press(m, "y")
		press(m, "y")
	}
	m.update(reviewArmedMsg{seq: held})
	press(m, "y")
	if m.saving {
		t.Fatal("a held y sent")
	}
	m.update(reviewArmedMsg{seq: m.armSeq})
	press(m, "y")
	if !m.saving {
		t.Fatal("y did not send once armed")
	}
}
