package main

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// The resize flood of issue 16: three clients sending 1,000 window-size
// changes a second for 12 s beside eight sessions in normal use.
const (
	floodNormal   = 8
	floodClients  = 3
	floodRate     = 1000
	floodFor      = 12 * time.Second
	floodIdle     = 20 * time.Second // the server's --idle-timeout meanwhile
	floodTermWait = 10 * time.Second // cmd/serve.go's own bound on shutdown
)

// flood sends floodRate window changes a second from t for d, then puts
// its size back to cols × rows.
func flood(t *sshTerm, d time.Duration, cols, rows int) (sent int, err error) {
	tick := time.NewTicker(time.Second / floodRate)
	defer tick.Stop()
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		<-tick.C
		if err := t.sess.WindowChange(rows+sent%7, cols+sent%11); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, t.sess.WindowChange(rows, cols)
}

// serveFlood floods, then checks that every session answers keys, that the
// idle timeout ends them all on time, and, on a second flood, that SIGTERM
// ends the server on time.
func (b *bench) serveFlood(sb *sandboxServer) {
	answerName := fmt.Sprintf("serve: sessions answering keys after a resize flood (%d clients × %d changes/s for %s, beside %d)", floodClients, floodRate, floodFor, floodNormal)
	idleName := fmt.Sprintf("serve: --idle-timeout %s after the flood: sessions closed on time", floodIdle)
	termName := "serve: SIGTERM during a resize flood → server exited"
	n := floodNormal + floodClients
	ppl, s, err := b.serveTeamOf(sb, 2*n, "--idle-timeout", floodIdle.String())
	if err != nil {
		b.rep.errorRow(answerName, "all", err)
		return
	}
	defer s.stop()
	b.progress("serve: resize flood, %d clients × %d/s for %s beside %d sessions", floodClients, floodRate, floodFor, floodNormal)
	terms, err := s.openAll(ppl, 0, n, 100, 30)
	if err != nil {
		b.rep.errorRow(answerName, "all", err)
		return
	}
	defer closeAll(terms)
	sent, slow := b.runFlood(terms, floodFor)

	// Every session answers a key, with a fresh query each.
	answered := 0
	var lastKey time.Time
	var why []string
	for i, t := range terms {
		q := fmt.Sprintf("zq%02dz", i)
		at, err := t.send("\x15" + q)
		if err == nil {
			_, err = t.waitFor(inputIs(q), 10*time.Second, "the query typed after the flood")
		}
		lastKey = at
		if err != nil {
			why = append(why, fmt.Sprintf("session %d: %v", i, err))
			continue
		}
		answered++
	}
	b.rep.add(answerName, fmt.Sprintf("%d of %d", answered, n), "—", "all", verdict(answered == n))
	b.rep.note("%s: the flooders sent %d window changes in all; during the flood the %d normal sessions echoed a key each second, the slowest in %s.", answerName, sent, floodNormal, fmtMS(slow))
	if len(why) > 0 {
		b.rep.note("%s: %s", answerName, strings.Join(why, "\n"))
	}

	// Nobody types again: the idle timeout closes every session.
	closed, latest := 0, time.Duration(0)
	for _, t := range terms {
		if err := t.waitEnd(floodIdle + 10*time.Second); err == nil && strings.Contains(t.screenText(), "without input") {
			closed++
		}
		latest = max(latest, time.Since(lastKey))
	}
	b.rep.add(idleName, fmt.Sprintf("%d of %d", closed, n), fmt.Sprintf("last after %s", latest.Round(100*time.Millisecond)),
		fmt.Sprintf("all, within %s", floodIdle+3*time.Second), verdict(closed == n && latest <= floodIdle+3*time.Second))

	// A second flood, and SIGTERM in the middle of it.
	terms2, err := s.openAll(ppl, n, 2*n, 100, 30)
	if err != nil {
		b.rep.errorRow(termName, fmt.Sprintf("< %s, exit 0", floodTermWait), err)
		return
	}
	defer closeAll(terms2)
	go b.runFlood(terms2, floodFor)
	time.Sleep(3 * time.Second)
	took, err := s.term(2 * floodTermWait)
	told := 0
	for _, t := range terms2 {
		if t.waitEnd(5*time.Second) == nil && strings.Contains(t.screenText(), "shutting down") {
			told++
		}
	}
	exit := "exit 0"
	if err != nil {
		exit = err.Error()
	}
	b.rep.add(termName, fmt.Sprintf("%s, %s", fmtMS(ms(took)), exit), fmt.Sprintf("%d of %d told", told, n),
		fmt.Sprintf("< %s, exit 0, all told", floodTermWait), verdict(err == nil && took < floodTermWait && told == n))
}

// runFlood floods from the last floodClients sessions for d while the
// others type a key each second; it returns the window changes sent and
// the slowest echo of the others (ms).
func (b *bench) runFlood(terms []*sshTerm, d time.Duration) (int, float64) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sent, slowest := 0, 0.0
	for _, t := range terms[len(terms)-floodClients:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, _ := flood(t, d, 100, 30)
			mu.Lock()
			sent += n
			mu.Unlock()
		}()
	}
	for i, t := range terms[:len(terms)-floodClients] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			end := time.Now().Add(d)
			q := ""
			for k := 0; time.Now().Before(end); k++ {
				c := string(rune('a' + (i+k)%26))
				keys := c
				if q += c; len(q) > 20 { // start over: ctrl+u clears the input
					keys, q = "\x15"+c, c
				}
				took, err := t.press(keys, inputIs(q), 10*time.Second, "the key typed during the flood")
				if err != nil {
					return
				}
				mu.Lock()
				slowest = max(slowest, ms(took))
				mu.Unlock()
				time.Sleep(time.Second)
			}
		}()
	}
	wg.Wait()
	return sent, slowest
}
