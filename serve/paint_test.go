package serve

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/qwoty/qwoty-contacts/internal/syncbuf"
)

// drawn returns what one draw wrote, and resets the buffer.
func drawn(t *testing.T, p *painter, out *bytes.Buffer) string {
	t.Helper()
	if err := p.draw(); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	out.Reset()
	return s
}

func TestPainterDrawsOnlyWhatChanged(t *testing.T) {
	var out bytes.Buffer
	p := newPainter(&out, 120)
	p.resize(20, 3)
	p.show("one\ntwo\nthree")
	first := drawn(t, p, &out)
	for _, l := range []string{"one", "two", "three"} {
		if !strings.Contains(first, l) {
			t.Errorf("the first frame lacks %q: %q", l, first)
		}
	}
	if got := drawn(t, p, &out); got != "" {
		t.Errorf("nothing changed, yet it wrote %q", got)
	}
	p.show("one\nTWO\nthree")
	second := drawn(t, p, &out)
	if !strings.Contains(second, "TWO") || strings.Contains(second, "one") || strings.Contains(second, "three") {
		t.Errorf("one line changed; it wrote %q", second)
	}
	p.show("one\nTWO\nthree") // the same view again
	if got := drawn(t, p, &out); got != "" {
		t.Errorf("the same view was drawn again: %q", got)
	}
	p.resize(5, 2)
	p.show("one\nTWO\nthree")
	third := ansi.Strip(drawn(t, p, &out))
	if strings.Contains(third, "one") || !strings.Contains(third, "TWO") || !strings.Contains(third, "three") {
		t.Errorf("at 2 rows the frame keeps its last two lines; it wrote %q", third)
	}
	p.show("a long line, cut")
	if got := ansi.Strip(drawn(t, p, &out)); !strings.Contains(got, "a lon") || strings.Contains(got, "a long") {
		t.Errorf("a line wider than 5 columns was not cut: %q", got)
	}
}

func TestPainterLoopStartsAndEndsTheScreen(t *testing.T) {
	var out syncbuf.Buffer
	p := newPainter(&out, 120)
	p.start()
	p.show("hello")
	if !p.stop(waitLimit) {
		t.Fatal("the painter did not stop")
	}
	got := out.String()
	if !strings.HasPrefix(got, paintStart) || !strings.HasSuffix(got, paintEnd) {
		t.Errorf("output %q: want the alternate screen entered first and left last", got)
	}
}
