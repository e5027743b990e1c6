package cmd

import (
	"strings"
	"testing"
)

func TestProgressPlain(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	p := newProgress(&b, 25, "applied", false, false)
	for i := 1; i <= 25; i++ {
		p.update(i)
	}
	p.finish()
	want := "applied 3/25\napplied 6/25\napplied 9/25\napplied 12/25\napplied 15/25\napplied 18/25\napplied 21/25\napplied 24/25\napplied 25/25\n"
	if b.String() != want {
		t.Errorf("got\n%s", b.String())
	}
}

func TestProgressBar(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	p := newProgress(&b, 4, "applied", true, false)
	p.update(2)
	p.println("line 1: a diff")
	p.update(4)
	p.finish()
	got := b.String()
	for _, want := range []string{"\r", " 50% 2/4", "\r\x1b[Kline 1: a diff\n", " 100% 4/4"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q missing from %q", want, got)
		}
	}
	if !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("the bar is not cleared at the end: %q", got)
	}
	if strings.Contains(got, "\x1b[3") || strings.Contains(got, "\x1b[2m") {
		t.Errorf("colour without colour: %q", got)
	}
}

func TestBarWithoutColourIsPlain(t *testing.T) {
	t.Parallel()
	bar := newBar(false)
	for pct, want := range map[float64]string{0: "  0%", 0.5: " 50%", 1: "100%"} {
		got := bar.ViewAs(pct)
		if !strings.HasSuffix(got, want) || strings.Contains(got, "\x1b") {
			t.Errorf("ViewAs(%v) = %q, want a plain bar ending in %q", pct, got, want)
		}
	}
}

func TestConfirm(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{"y\n": true, "YES\n": true, " yes ": true, "n\n": false, "\n": false, "": false, "yep\n": false} {
		var out strings.Builder
		if got := confirm(strings.NewReader(in), &out, "Send?"); got != want {
			t.Errorf("%q: %v", in, got)
		}
		if !strings.HasPrefix(out.String(), "Send? [y/N] ") {
			t.Errorf("prompt %q", out.String())
		}
	}
}
