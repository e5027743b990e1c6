package main

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Enter on a search result (issue 17): the app started on the seeded
// sandbox, a query typed, Enter on the one match, until the contact is
// settled on screen. The contact, its addresses and its customer should
// all go out at Enter, so the floor is one round trip; for the contact
// with 300 addresses the floor is the network time itself (the client
// keeps 12 requests in flight, so 300 answers take about 25 round trips).

// bigAddresses is the size of the big contact.
const bigAddresses = 300

// openRun is one Enter on a search result.
type openRun struct {
	enter   time.Duration // Enter → settled on screen
	network time.Duration // first request after Enter → last answer
	cpu     time.Duration // the app's CPU time, Enter → settled
	reqs    []served
	at      time.Time
}

// openFromSearch starts the app, types query, waits for its one match,
// presses Enter and waits for done.
func (b *bench) openFromSearch(query string, done func(*screen, []byte) bool) (*openRun, error) {
	s, err := startSession(b.bin, b.env(), true)
	if err != nil {
		return nil, err
	}
	defer s.quit()
	if _, err := s.waitFor(showing("contacts searchable"), 20*time.Second, "the lookup, searchable"); err != nil {
		return nil, err
	}
	if _, err := s.press(query, showing("Matches (1)"), 5*time.Second, "the one match of "+query); err != nil {
		return nil, err
	}
	time.Sleep(50 * time.Millisecond) // let the frames of the typing pass
	cpu0, err := procCPU(s.cmd.Process.Pid)
	if err != nil {
		return nil, err
	}
	w := s.arm(done)
	at, err := s.send("\r")
	if err != nil {
		return nil, err
	}
	end, err := s.wait(w, 60*time.Second, "the contact, settled")
	if err != nil {
		return nil, err
	}
	cpu1, err := procCPU(s.cmd.Process.Pid)
	if err != nil {
		return nil, err
	}
	time.Sleep(200 * time.Millisecond) // the last answers' trace entries
	r := &openRun{enter: end.Sub(at), cpu: cpu1 - cpu0, reqs: b.sb.servedSince(at), at: at}
	if len(r.reqs) > 0 {
		first, last := r.reqs[0].start, r.reqs[0].end
		for _, q := range r.reqs {
			first, last = minTime(first, q.start), maxTime(last, q.end)
		}
		r.network = last.Sub(first)
	}
	return r, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// bigSettled: the big contact on screen, its own answer in (the Created
// row), nothing loading.
func bigSettled(sc *screen, _ []byte) bool {
	if !sc.frameEnd {
		return false
	}
	txt := sc.text()
	return strings.Contains(txt, fmt.Sprintf("Addresses (%d)", bigAddresses)) && strings.Contains(txt, "Created        2025-03-01") &&
		!strings.Contains(txt, " loading") && !strings.Contains(txt, "Loading contact")
}

// openRows measures Enter on a search result at the bench's latency and
// at 150 ms: the ten-address contact against one round trip, the big one
// against its network time, and the app's CPU for the big one.
func (b *bench) openRows() {
	b.sb.sb.AddManyAddressesContact(bigAddresses, "bench")
	defer b.sb.sb.SetLatency(b.latency)
	lats := []time.Duration{b.latency}
	if b.latency != 150*time.Millisecond {
		lats = append(lats, 150*time.Millisecond)
	}
	for _, lat := range lats {
		b.sb.sb.SetLatency(lat)
		b.openTenRow(lat)
		b.openBigRows(lat, lat == b.latency)
	}
}

func (b *bench) openTenRow(lat time.Duration) {
	name := fmt.Sprintf("Enter on a search result → contact + 10 addresses ÷ one round trip (%s)", lat)
	floor, err := b.roundTrip(b.sb)
	if err != nil {
		b.rep.errorRow(name, "≤ 1.3×", err)
		return
	}
	b.progress("Enter on a search result, 10 addresses, %s: %d runs", lat, b.runs)
	var enters []float64
	var slowest *openRun
	for range b.runs {
		r, err := b.openFromSearch("camille lef", b.contactComplete)
		if err != nil {
			b.rep.errorRow(name, "≤ 1.3×", err)
			return
		}
		enters = append(enters, ms(r.enter))
		if slowest == nil || r.enter > slowest.enter {
			slowest = r
		}
	}
	f := ms(floor)
	ratio := median(enters) / f
	b.rep.add(name, fmt.Sprintf("%.2f× (%s)", ratio, fmtMS(median(enters))), fmt.Sprintf("%.2f×", p99(enters)/f),
		fmt.Sprintf("≤ 1.3× (floor: one round trip, %s)", fmtMS(f)), verdict(ratio <= 1.3))
	b.rep.note("%s, slowest run (%s): the requests the sandbox served after Enter (arrival → answer, from Enter):\n%s", name, fmtMS(ms(slowest.enter)), timeline(slowest.reqs, slowest.at))
	if lat == b.latency {
		b.enterMedian = median(enters)
	}
}

func (b *bench) openBigRows(lat time.Duration, withCPU bool) {
	name := fmt.Sprintf("%d-address contact: Enter → settled ÷ network time (%s)", bigAddresses, lat)
	cpuName := fmt.Sprintf("%d-address contact: app CPU, Enter → settled (%s)", bigAddresses, lat)
	b.progress("Enter on a search result, %d addresses, %s: %d runs", bigAddresses, lat, b.runs)
	var ratios, cpus, enters, nets []float64
	for range b.runs {
		r, err := b.openFromSearch("mara vielfach", bigSettled)
		if err == nil && r.network <= 0 {
			err = errors.New("the sandbox served nothing after Enter")
		}
		if err != nil {
			b.rep.errorRow(name, "≤ 1.2×", err)
			return
		}
		if n := len(r.reqs); n != bigAddresses+2 {
			b.rep.note("%s: a run made %d requests after Enter, not %d (the contact, its customer, its addresses).", name, n, bigAddresses+2)
		}
		ratios = append(ratios, ms(r.enter)/ms(r.network))
		cpus, enters, nets = append(cpus, ms(r.cpu)), append(enters, ms(r.enter)), append(nets, ms(r.network))
	}
	b.rep.add(name, fmt.Sprintf("%.2f×", median(ratios)), fmt.Sprintf("%.2f×", p99(ratios)), "≤ 1.2× (floor: the network time of the same run)", verdict(median(ratios) <= 1.2))
	b.rep.note("%s: Enter → settled %s against the network's %s (first request after Enter → last answer; medians). 300 addresses and 12 requests in flight make about 25 round trips.", name, fmtMS(median(enters)), fmtMS(median(nets)))
	if withCPU {
		b.rep.add(cpuName, fmtMS(median(cpus)), fmtMS(p99(cpus)), "< 400 ms", verdict(median(cpus) < 400))
	} else {
		b.rep.add(cpuName, fmtMS(median(cpus)), fmtMS(p99(cpus)), "(info)", info)
	}
}
