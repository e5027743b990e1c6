package main

import (
	"fmt"
	"time"
)

// serveIdle measures what idle sessions cost the server: its CPU over a
// quiet spell with serveTeam sessions open on the lookup screen, per
// session; then, beside them, keystroke echo in one session's search.
func (b *bench) serveIdle(sb *sandboxServer) {
	cpuName := fmt.Sprintf("serve: idle CPU per session (%d idle sessions, over 10 s)", serveTeam)
	echoName := fmt.Sprintf("serve: keystroke → echo over SSH (lookup input, beside %d idle sessions)", serveTeam-1)
	fail := func(err error) {
		b.rep.errorRow(cpuName, "< 0.2% of a core", err)
		b.rep.errorRow(echoName, "p99 < 20 ms", err)
	}
	ppl, s, err := b.serveTeamOf(sb, serveTeam)
	if err != nil {
		fail(err)
		return
	}
	defer s.stop()
	b.progress("serve: %d idle sessions", serveTeam)
	terms, err := s.openAll(ppl, 0, serveTeam, 100, 30)
	if err != nil {
		fail(err)
		return
	}
	defer closeAll(terms)
	for _, t := range terms {
		if _, err := t.waitFor(showing("contacts searchable"), 60*time.Second, "the list, searchable"); err != nil {
			fail(err)
			return
		}
	}
	time.Sleep(2 * time.Second) // past the last frames
	const spell = 10 * time.Second
	c0, err := s.cpu()
	if err != nil {
		fail(err)
		return
	}
	t0 := time.Now()
	written := 0
	for _, t := range terms {
		t.mu.Lock()
		written -= t.written
		t.mu.Unlock()
	}
	time.Sleep(spell)
	c1, err := s.cpu()
	if err != nil {
		fail(err)
		return
	}
	for _, t := range terms {
		t.mu.Lock()
		written += t.written
		t.mu.Unlock()
	}
	per := float64(c1-c0) / float64(time.Since(t0)) / serveTeam * 100
	b.rep.add(cpuName, fmt.Sprintf("%.3f%% of a core", per), "—", "< 0.2% of a core", verdict(per < 0.2))
	b.rep.note("%s: the server used %s of CPU in %s with %d sessions open and idle (counted in 10 ms ticks: %.3f%% a session at most per tick); they received %d bytes in all meanwhile.",
		cpuName, c1-c0, spell, serveTeam, 1.0/float64(spell/(10*time.Millisecond))/serveTeam*100, written)

	t := terms[0]
	var keys []float64
	q := ""
	for i := range len(searchQuery) {
		q += searchQuery[i : i+1]
		d, err := t.press(searchQuery[i:i+1], inputIs(q), 5*time.Second, fmt.Sprintf("the lookup input showing %q", q))
		if err != nil {
			b.rep.errorRow(echoName, "p99 < 20 ms", err)
			return
		}
		keys = append(keys, ms(d))
		time.Sleep(60 * time.Millisecond)
	}
	b.rep.add(echoName, fmtMS(median(keys)), fmtMS(p99(keys)), "p99 < 20 ms", verdict(p99(keys) < 20))
}
