package serve

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

// TestSessionsSavingOneFieldAtOnce: sixteen people who all opened the same
// contact change the same field and confirm at once, through the real SSH
// server. The record's lock lets exactly one save through; the fifteen
// others see the conflict screen, and nothing is overwritten silently.
func TestSessionsSavingOneFieldAtOnce(t *testing.T) {
	const n = 16
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, func(c *Config) {
		c.MaxSessionsPerKey, c.MaxHandshakesPerAddress = n, n // one key, one address, sixteen people
		c.UI.ConfirmDelay = 20 * time.Millisecond
	})
	terms := make([]*term, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tm, err := e.connect(fmt.Sprintf("user%d", i), key, true)
			if err == nil {
				err = openDocsContact(tm)
			}
			if err == nil {
				err = retypePhone(tm, fmt.Sprintf("+33 1 00 00 00 %02d", i))
			}
			if err == nil {
				tm.send(ctrlS)
				err = tm.await("Press y to send")
			}
			if err != nil {
				errs <- fmt.Errorf("session %d: %w", i, err)
			}
			terms[i] = tm
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	marks := make([]int, n)
	for i, tm := range terms {
		marks[i] = len(tm.screen())
	}
	for _, tm := range terms { // all at once
		go tm.send("y")
	}
	saved, conflicts := 0, 0
	results := make(chan string, n)
	for i, tm := range terms {
		go func() { results <- tm.firstOf(marks[i], "Saved phone", "Someone else changed this contact") }()
	}
	for range n {
		switch <-results {
		case "Saved phone":
			saved++
		case "Someone else changed this contact":
			conflicts++
		}
	}
	if saved != 1 || conflicts != n-1 {
		t.Fatalf("%d saved, %d conflict screens; want 1 and %d", saved, conflicts, n-1)
	}
	if got := e.sb.CountRequests("PATCH", "/contacts/"); got != 1 {
		t.Errorf("%d PATCHes reached the API, want 1", got)
	}
	ops, _ := e.audit.Ops(nil)
	landed := 0
	for _, o := range ops {
		switch {
		case o.Landed():
			landed++
			if c, _ := e.sb.Contact(sandbox.DocsContactID); *c.Phone != o.Entry.Changes[0].After.Str() {
				t.Errorf("the log's saved value %q is not the server's %q", o.Entry.Changes[0].After.Str(), *c.Phone)
			}
		case o.Outcome() != state.OutcomeConflict:
			t.Errorf("op %s: %s", o.Entry.Op, o.Outcome())
		}
	}
	if landed != 1 || len(ops) != n {
		t.Errorf("%d ops, %d landed", len(ops), landed)
	}
}

// firstOf waits until one of texts shows after offset from of the screen
// and returns it, or "" when none does in time.
func (tm *term) firstOf(from int, texts ...string) string {
	deadline := time.Now().Add(waitLimit)
	for time.Now().Before(deadline) {
		s := tm.screen()
		best, at := "", len(s)
		for _, text := range texts {
			if i := strings.Index(s[min(from, len(s)):], text); i >= 0 && i < at {
				best, at = text, i
			}
		}
		if best != "" {
			return best
		}
		time.Sleep(10 * time.Millisecond)
	}
	return ""
}
