package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/serve"
)

// serveTeam is the number of sessions of the load rows, the server's
// default --max-sessions.
const serveTeam = 32

// serveThink is how long an active person reads a contact before opening
// it again: every other session opens the ten-address contact about every
// serveThink, all the time the probe measures.
const serveThink = 3 * time.Second

// serveLoad runs serveTeam sessions over 50,000 contacts: the server's
// memory, each session's time from connect to searchable, and Enter → the
// ten-address contact while everyone else works, against the same alone.
func (b *bench) serveLoad() {
	const n = 50000
	rssName := fmt.Sprintf("serve: server RSS, %d sessions, 50,000 contacts", serveTeam)
	readyName := fmt.Sprintf("serve: connect → searchable, %d sessions at once, 50,000 contacts", serveTeam)
	enterName := fmt.Sprintf("serve: Enter → 10-address contact, %d active sessions ÷ alone", serveTeam)
	fail := func(err error) {
		for _, m := range []struct{ name, budget string }{{rssName, "< 150 MiB"}, {readyName, "< 200 ms"}, {enterName, "≤ 1.5×"}} {
			b.rep.errorRow(m.name, m.budget, err)
		}
	}
	sb, err := startSandbox(b.latency)
	if err != nil {
		fail(err)
		return
	}
	defer sb.close()
	sb.sb.AddSyntheticContacts(n, "bench")
	total := len(sb.sb.ContactIDs())
	ppl, s, err := b.serveTeamOf(sb, serveTeam)
	if err != nil {
		fail(err)
		return
	}
	defer s.stop()
	searchable := showing(fmt.Sprintf("%d contacts searchable", total))

	// Alone: the probe, in a terminal tall enough for all ten addresses.
	b.progress("serve, %d sessions × %d contacts: the probe alone", serveTeam, n)
	probe, err := s.open(ppl, 0, termCols, termRows)
	if err != nil {
		fail(err)
		return
	}
	defer probe.close()
	if _, err := probe.waitFor(searchable, 90*time.Second, "the probe's list, searchable"); err != nil {
		fail(err)
		return
	}
	probeRuns := max(2*b.runs, 10)
	var alone []float64
	for range probeRuns {
		d, err := b.openTen(probe, b.contactComplete)
		if err != nil {
			fail(err)
			return
		}
		alone = append(alone, ms(d))
		time.Sleep(300 * time.Millisecond)
	}

	// The others connect at once.
	b.progress("serve: %d more sessions connect at once", serveTeam-1)
	others := make([]*sshTerm, serveTeam-1)
	ready := make([]float64, serveTeam-1)
	errs := make([]error, serveTeam-1)
	var wg sync.WaitGroup
	for i := range others {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t, err := s.open(ppl, i+1, 100, 30)
			if err != nil {
				errs[i] = err
				return
			}
			others[i] = t
			at, err := t.waitFor(searchable, 5*time.Minute, "the list, searchable")
			errs[i] = err
			ready[i] = ms(at.Sub(t.start))
		}()
	}
	wg.Wait()
	defer closeAll(others)
	if err := errors.Join(errs...); err != nil {
		fail(err)
		return
	}
	now, peak, err := s.rss()
	if err != nil {
		fail(err)
		return
	}
	b.rep.add(rssName, fmtMiB(float64(now)), fmtMiB(float64(peak))+" (peak)", "< 150 MiB", verdict(peak < 150<<20))
	b.rep.add(readyName, fmtMS(median(ready)), fmtMS(p99(ready)), "< 200 ms", verdict(p99(ready) < 200))
	b.rep.note("%s: the server downloaded and indexed the list once, when it started (the probe waited for it); every session searches that one index, so a session is searchable as soon as its lookup is drawn. Server log: %s", readyName, indexLog(s.log.String()))

	// Everyone works: each other session opens the ten-address contact,
	// reads it for about serveThink, and again; the probe measures.
	b.progress("serve: %d active sessions; the probe opens the ten-address contact %d times", serveTeam-1, probeRuns)
	stop := make(chan struct{})
	var opened sync.WaitGroup
	var mu sync.Mutex
	var workErr error
	count := 0
	for i, t := range others {
		opened.Add(1)
		go func() {
			defer opened.Done()
			r := rand.New(rand.NewPCG(uint64(i), 16))
			select { // start spread over one think time
			case <-stop:
				return
			case <-time.After(time.Duration(r.Int64N(int64(serveThink)))):
			}
			for {
				if _, err := b.openTen(t, b.contactShown); err != nil {
					mu.Lock()
					workErr = err
					mu.Unlock()
					return
				}
				mu.Lock()
				count++
				mu.Unlock()
				think := serveThink/2 + time.Duration(r.Int64N(int64(serveThink)))
				select {
				case <-stop:
					return
				case <-time.After(think):
				}
			}
		}()
	}
	time.Sleep(serveThink) // everyone at work
	var busy []float64
	mu.Lock()
	count = 0 // opens while the probe measures
	mu.Unlock()
	started := time.Now()
	for range probeRuns {
		d, err := b.openTen(probe, b.contactComplete)
		if err != nil {
			close(stop)
			opened.Wait()
			b.rep.errorRow(enterName, "≤ 1.5×", err)
			return
		}
		busy = append(busy, ms(d))
		time.Sleep(time.Duration(rand.Int64N(int64(time.Second))))
	}
	took := time.Since(started)
	mu.Lock()
	opens := count
	mu.Unlock()
	close(stop)
	opened.Wait()
	if workErr != nil {
		b.rep.errorRow(enterName, "≤ 1.5×", fmt.Errorf("an active session: %w", workErr))
		return
	}
	ratio := median(busy) / median(alone)
	b.rep.add(enterName, fmt.Sprintf("%.2f×", ratio), fmt.Sprintf("%.2f×", p99(busy)/median(alone)), "≤ 1.5×", verdict(ratio <= 1.5))
	b.rep.note("%s: alone %s (p99 %s); with the %d others each opening it about every %s (%d opens in %s, %.1f a second, %d API requests each) %s (p99 %s). Medians of %d runs each; the p99 column is the slowest busy run ÷ the alone median. The server keeps up to %d API requests in flight (--api-concurrency), at most %d of one session.",
		enterName, fmtMS(median(alone)), fmtMS(p99(alone)), serveTeam-1, serveThink, opens, took.Round(time.Second),
		float64(opens)/took.Seconds(), 2+len(b.streets), fmtMS(median(busy)), fmtMS(p99(busy)), probeRuns,
		serve.DefaultAPIConcurrency, api.DefaultSessionConcurrency)
}

// openTen opens the ten-address contact from the lookup screen, waits for
// done, goes back to the lookup screen, and returns Enter → done.
func (b *bench) openTen(t *sshTerm, done func(*screen, []byte) bool) (time.Duration, error) {
	if _, err := t.press("\x15"+b.tenID, inputIs(b.tenID), 20*time.Second, "the id in the input"); err != nil {
		return 0, err
	}
	d, err := t.press("\r", done, 30*time.Second, "the ten-address contact")
	if err != nil {
		return 0, err
	}
	if _, err := t.press("o", showing("Open a contact"), 20*time.Second, "the lookup screen again"); err != nil {
		return 0, err
	}
	return d, nil
}

// contactShown: the ten-address contact on screen, nothing loading (in a
// terminal too small for every address: what a person sees).
func (b *bench) contactShown(sc *screen, _ []byte) bool {
	if !sc.frameEnd {
		return false
	}
	txt := sc.text()
	return strings.Contains(txt, b.tenName) && !strings.Contains(txt, " loading") && !strings.Contains(txt, "Loading contact")
}

// indexLog returns the server's lines about its contact index.
func indexLog(log string) string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "contact index") || strings.Contains(l, "contact list") {
			if i := strings.Index(l, "msg="); i >= 0 {
				l = l[i:]
			}
			out = append(out, "`"+l+"`")
		}
	}
	if len(out) == 0 {
		return "(none)"
	}
	return strings.Join(out, "; ")
}
