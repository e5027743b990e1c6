package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// bench holds what every measure shares.
type bench struct {
	bin     string
	tmp     string
	sb      *sandboxServer
	latency time.Duration
	runs    int
	rep     *report
	homes   int

	// The ten-address contact, as the sandbox holds it.
	tenID, tenName, tenPhone string
	streets                  []string

	enterMedian float64 // ms, for the ratio to curl + jq

	// `<id>` in the seeded workspace, for the 200,000-contact row.
	smallIDRSS []float64
	smallIDErr error
}

func (b *bench) progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// newHome returns a fresh HOME (config, state) for one app process, so no
// run sees another's recent list or drafts.
func (b *bench) newHome() string {
	b.homes++
	dir := filepath.Join(b.tmp, fmt.Sprintf("home%03d", b.homes))
	_ = os.MkdirAll(dir, 0o700)
	return dir
}

func (b *bench) env(extra ...string) []string { return appEnv(b.sb.base, b.newHome(), extra...) }

func (b *bench) loadContact() error {
	c, ok := b.sb.sb.Contact(sandbox.TenAddressesContactID)
	if !ok {
		return errors.New("the sandbox has no ten-address contact")
	}
	b.tenID, b.tenName = c.ID, c.FirstName+" "+c.LastName
	if c.Phone != nil {
		b.tenPhone = *c.Phone
	}
	for _, id := range c.AddressIDs {
		a, ok := b.sb.sb.Address(id)
		if !ok {
			return fmt.Errorf("address %s of the ten-address contact is missing", id)
		}
		b.streets = append(b.streets, a.AddressLine1)
	}
	if len(b.streets) != 10 {
		return fmt.Errorf("the ten-address contact has %d addresses", len(b.streets))
	}
	return nil
}

// Screen conditions.

func showing(text string) func(*screen, []byte) bool {
	return func(sc *screen, _ []byte) bool { return sc.frameEnd && sc.contains(text) }
}

// contactComplete: the contact's name, every street, no address loading,
// and a whole frame drawn.
func (b *bench) contactComplete(sc *screen, _ []byte) bool {
	if !sc.frameEnd {
		return false
	}
	txt := sc.text()
	if !strings.Contains(txt, b.tenName) || strings.Contains(txt, " loading") || strings.Contains(txt, "Loading contact") {
		return false // " loading": an address ("loading address"), the title ("3 loading"), the contact itself ("loading…")
	}
	for _, s := range b.streets {
		if !strings.Contains(txt, s) {
			return false
		}
	}
	return true
}

// inputIs: the lookup input shows exactly q (the row under the title).
func inputIs(q string) func(*screen, []byte) bool {
	return func(sc *screen, _ []byte) bool {
		if !sc.frameEnd {
			return false
		}
		lines := sc.lines()
		for i, l := range lines {
			if strings.Contains(l, "Open a contact") && i+1 < len(lines) {
				return lines[i+1] == "› "+q
			}
		}
		return false
	}
}

// focusedOn: the form's focus bar is on the field labelled label.
func focusedOn(label string) func(*screen, []byte) bool {
	return func(sc *screen, _ []byte) bool {
		l, ok := sc.lineWith(" " + label + " ")
		return sc.frameEnd && ok && strings.HasPrefix(strings.TrimSpace(l), "┃")
	}
}

// fieldShows: the field's row ends with want (the input may scroll, so
// only the tail is checked).
func fieldShows(label, want string) func(*screen, []byte) bool {
	tail := want[max(len(want)-16, 0):]
	return func(sc *screen, _ []byte) bool {
		l, ok := sc.lineWith(" " + label + " ")
		return sc.frameEnd && ok && strings.HasSuffix(l, tail)
	}
}

// coldStarts measures process start to first frame in a terminal that never
// answers colour or background queries (it answers the cursor-position
// report, as every terminal does), for three environments; then, for
// information, in a terminal that answers nothing at all (and get run in
// one), and in one that answers after one round trip, as a terminal at the
// other end of an SSH link does. The sessions are started 350 ms
// apart so their busy moments do not overlap while each waits on its own;
// that keeps a run short even when every start waits out a timeout.
func (b *bench) coldStarts() {
	type kind struct {
		name, budget string
		extra        []string
		get          bool
		answerAfter  time.Duration // 0: never answers
		cursorOnly   bool          // answers the cursor position, never colours
	}
	kinds := []kind{
		{name: "Cold start → first frame, terminal ignores colour queries (TERM=xterm-256color)", budget: "< 100 ms", cursorOnly: true},
		{name: "Cold start → first frame, ignores colour queries, COLORTERM=truecolor", budget: "< 100 ms", extra: []string{"COLORTERM=truecolor"}, cursorOnly: true},
		{name: "Cold start → first frame, ignores colour queries, NO_COLOR=1", budget: "< 100 ms", extra: []string{"NO_COLOR=1"}, cursorOnly: true},
		{name: "Cold start → first frame, terminal answers nothing at all", budget: "(info)"},
		{name: "`get` (stdout and stderr a terminal answering nothing) → exit", budget: "(info)", get: true},
		{name: fmt.Sprintf("Cold start → first frame, terminal answers after %s (SSH round trip)", b.latency), budget: "(info)", answerAfter: max(b.latency, time.Millisecond)},
	}
	type sample struct {
		d           time.Duration
		err         error
		fg, bg, dsr int
	}
	results := make([][]sample, len(kinds))
	var mu sync.Mutex
	var wg sync.WaitGroup
	b.progress("cold starts: %d runs × %d kinds", b.runs, len(kinds))
	for run := range b.runs {
		for k, kd := range kinds {
			if run+k > 0 {
				time.Sleep(350 * time.Millisecond)
			}
			env := b.env(kd.extra...)
			wg.Add(1)
			go func() {
				defer wg.Done()
				var smp sample
				if kd.get {
					smp.d, smp.err = b.getInPty(env)
				} else {
					s, err := startSessionMode(b.bin, env, kd.answerAfter > 0 || kd.cursorOnly, kd.cursorOnly, kd.answerAfter)
					if err != nil {
						smp.err = err
					} else {
						var at time.Time
						at, smp.err = s.waitFor(showing("Open a contact"), 30*time.Second, "the first frame")
						smp.d = at.Sub(s.start)
						smp.fg, smp.bg, smp.dsr = s.queries()
						s.quit()
					}
				}
				mu.Lock()
				results[k] = append(results[k], smp)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	for k, kd := range kinds {
		var xs []float64
		var errs []string
		fg, bg, dsr := 0, 0, 0
		for _, s := range results[k] {
			if s.err != nil {
				errs = append(errs, s.err.Error())
				continue
			}
			xs = append(xs, ms(s.d))
			fg, bg, dsr = max(fg, s.fg), max(bg, s.bg), max(dsr, s.dsr)
		}
		if len(errs) > 0 {
			b.rep.errorRow(kd.name, kd.budget, errors.New(errs[0]))
			continue
		}
		result := info
		if kd.budget != "(info)" {
			result = verdict(maxOf(xs) < 100)
		}
		if fg+bg+dsr > 0 && !kd.get {
			how := "waited for answers that never came"
			switch {
			case kd.answerAfter > 0:
				how = "waited for each answer"
			case kd.cursorOnly:
				how = "the cursor-position answer ended the wait"
			}
			b.rep.note("%s: before its first frame the app wrote %d foreground-colour (OSC 10), %d background-colour (OSC 11) and %d cursor-position (DSR) queries, and %s.", kd.name, fg, bg, dsr, how)
		}
		b.rep.add(kd.name, fmtMS(median(xs)), fmtMS(p99(xs)), kd.budget, result)
	}
}

// getInPty runs get with its output on the terminal, and times it to exit.
func (b *bench) getInPty(env []string) (time.Duration, error) {
	s, err := startSession(b.bin, env, false, "get", b.tenID)
	if err != nil {
		return 0, err
	}
	defer func() { _ = s.tty.Close(); <-s.readDone }()
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return 0, errors.New("get did not exit within 20 s")
	}
	if s.exitErr != nil {
		return 0, fmt.Errorf("get failed: %v: %s", s.exitErr, s.rawSince(0))
	}
	return s.exitAt.Sub(s.start), nil
}

// interactive is one run of the app on the ten-address contact: open it
// from the lookup screen, sit idle, then type in the form.
type interactive struct {
	enter      time.Duration
	requests   []served // what the sandbox served after Enter
	enterAt    time.Time
	idleBPS    float64
	rss        int64
	keyLatency []float64 // ms
	keyBytes   []float64
	formIdle   float64 // bytes per second in the form, doing nothing
}

// typed is what the keystroke measure types into the phone field: 50
// distinct characters, so every state of the field is told apart from the
// one before.
const typed = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"

func (b *bench) interactiveRun() (*interactive, error) {
	s, err := startSession(b.bin, b.env(), true)
	if err != nil {
		return nil, err
	}
	defer s.quit()
	r := &interactive{}
	if _, err := s.waitFor(showing("contacts searchable"), 20*time.Second, "the lookup screen, searchable"); err != nil {
		return nil, err
	}
	if _, err := s.press(b.tenID, inputIs(b.tenID), 5*time.Second, "the id in the input"); err != nil {
		return nil, err
	}
	// 1. Enter to the complete contact view.
	w := s.arm(b.contactComplete)
	at, err := s.send("\r")
	if err != nil {
		return nil, err
	}
	done, err := s.wait(w, 10*time.Second, "the contact with its ten addresses")
	if err != nil {
		return nil, err
	}
	r.enter, r.enterAt = done.Sub(at), at
	// 4. Idle bytes on the contact view.
	time.Sleep(time.Second)
	r.requests = b.sb.servedSince(at)
	before := s.written()
	time.Sleep(3 * time.Second)
	r.idleBPS = float64(s.written()-before) / 3
	// 5. Peak RSS while viewing it.
	if r.rss, err = s.peakRSS(); err != nil {
		return nil, err
	}
	// 3. Keystrokes in the form's phone field.
	if _, err := s.press("e", focusedOn("First name"), 5*time.Second, "the form, on the first name"); err != nil {
		return nil, err
	}
	for _, f := range []string{"Last name", "Email", "Phone"} {
		if _, err := s.press("\t", focusedOn(f), 5*time.Second, "the focus on "+f); err != nil {
			return nil, err
		}
	}
	value := b.tenPhone
	for i := range len(typed) {
		value += typed[i : i+1]
		before := s.written()
		d, err := s.press(typed[i:i+1], fieldShows("Phone", value), 5*time.Second, fmt.Sprintf("the phone field showing %q", value))
		if err != nil {
			return nil, err
		}
		time.Sleep(40 * time.Millisecond) // let any later frame of this key arrive
		r.keyLatency = append(r.keyLatency, ms(d))
		r.keyBytes = append(r.keyBytes, float64(s.written()-before))
	}
	time.Sleep(800 * time.Millisecond) // past the draft autosave
	before = s.written()
	time.Sleep(1500 * time.Millisecond)
	r.formIdle = float64(s.written()-before) / 1.5
	return r, nil
}

func (b *bench) interactiveRuns() {
	b.progress("interactive: %d runs (open the ten-address contact, idle, type in the form)", b.runs)
	var enter, idle, rss, keys, keyBytes, formIdle []float64
	var slowest *interactive
	for range b.runs {
		r, err := b.interactiveRun()
		if err != nil {
			for _, m := range []string{"Enter on a pasted id → contact + 10 addresses", "Keystroke → echo in the form", "Idle bytes/s on the contact view", "Peak RSS, ten-address contact"} {
				b.rep.add(m, "—", "—", "", "error")
			}
			b.rep.note("The interactive run could not be completed: %v", err)
			return
		}
		enter = append(enter, ms(r.enter))
		idle = append(idle, r.idleBPS)
		rss = append(rss, float64(r.rss))
		keys = append(keys, r.keyLatency...)
		keyBytes = append(keyBytes, r.keyBytes...)
		formIdle = append(formIdle, r.formIdle)
		if slowest == nil || r.enter > slowest.enter {
			slowest = r
		}
	}
	const enterName = "Enter on a pasted id → contact + 10 addresses ÷ one round trip"
	floor, err := b.roundTrip(b.sb)
	if err != nil {
		b.rep.errorRow(enterName, "≤ 1.3×", err)
	} else {
		f := ms(floor)
		b.rep.add(enterName, fmt.Sprintf("%.2f× (%s)", median(enter)/f, fmtMS(median(enter))), fmt.Sprintf("%.2f×", p99(enter)/f),
			fmt.Sprintf("≤ 1.3× (floor: one round trip, %s)", fmtMS(f)), verdict(median(enter)/f <= 1.3))
	}
	b.rep.note("%s, slowest run (%s): the id is found in the list, so everything goes out at Enter; requests the sandbox served after Enter (arrival → answer, from Enter):\n%s", enterName, fmtMS(ms(slowest.enter)), timeline(slowest.requests, slowest.enterAt))
	b.enterMedian = median(enter)
	b.rep.add("Keystroke → echo in the form (phone field)", fmtMS(median(keys)), fmtMS(p99(keys)), "p99 < 20 ms", verdict(p99(keys) < 20))
	b.rep.add("Bytes written per keystroke in the form", fmtBytes(median(keyBytes)), fmtBytes(p99(keyBytes)), "median < 300 B", verdict(median(keyBytes) < 300))
	b.rep.add("Idle bytes/s on the contact view (1 s after load, over 3 s)", fmt.Sprintf("%.1f B/s", median(idle)), fmt.Sprintf("%.1f B/s", maxOf(idle)), "≤ 10 B/s", verdict(maxOf(idle) <= 10))
	b.rep.add("Idle bytes/s in the form (cursor blink)", fmt.Sprintf("%.1f B/s", median(formIdle)), fmt.Sprintf("%.1f B/s", maxOf(formIdle)), "(info)", info)
	b.rep.add("Peak RSS (VmHWM), ten-address contact", fmtMiB(median(rss)), fmtMiB(maxOf(rss)), "< 40 MiB", verdict(maxOf(rss) < 40<<20))
}

// timeline lists requests relative to t0.
func timeline(reqs []served, t0 time.Time) string {
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "`%-5s %s` %s → %s\n", r.method, shortPath(r.path), fmtMS(ms(r.start.Sub(t0))), fmtMS(ms(r.end.Sub(t0))))
	}
	return strings.TrimRight(b.String(), "\n")
}

func shortPath(p string) string {
	p = strings.TrimPrefix(p, "/api")
	if i := strings.LastIndex(p, "/"); i >= 0 && len(p)-i > 9 {
		return p[:i+9] + "…"
	}
	return p
}

// searchQuery is typed one key at a time over the 50,000 contacts: the start
// of an email, as a person would type it.
const searchQuery = "katarzyna.kowalski"

// listStats are the lookup screen's numbers over a large contact list.
type listStats struct {
	ready, rss, keys []float64
	unavailable      string // the app's message when search did not come up
}

// listRuns starts the app against sb once per run: time to searchable,
// peak memory, then searchQuery typed one key at a time.
func (b *bench) listRuns(sb *sandboxServer) (*listStats, error) {
	total := len(sb.sb.ContactIDs())
	st := &listStats{}
	for range b.runs {
		s, err := startSession(b.bin, appEnv(sb.base, b.newHome()), true)
		if err != nil {
			return nil, err
		}
		ready := fmt.Sprintf("%d contacts searchable", total)
		at, err := s.waitFor(func(sc *screen, _ []byte) bool {
			return sc.frameEnd && (sc.contains(ready) || sc.contains("Search is unavailable"))
		}, 60*time.Second, "the list, searchable")
		if err != nil {
			s.quit()
			return nil, err
		}
		if l, ok := lineWithout(s.screenText(), "Search is unavailable"); ok {
			st.unavailable = l
			v, err := s.peakRSS()
			s.quit()
			if err == nil {
				st.rss = append(st.rss, float64(v))
			}
			return st, nil
		}
		st.ready = append(st.ready, ms(at.Sub(s.start)))
		v, err := s.peakRSS()
		if err != nil {
			s.quit()
			return nil, err
		}
		st.rss = append(st.rss, float64(v))
		for i := range len(searchQuery) {
			q := searchQuery[:i+1]
			d, err := s.press(searchQuery[i:i+1], inputIs(q), 5*time.Second, fmt.Sprintf("the lookup input showing %q", q))
			if err != nil {
				s.quit()
				return nil, err
			}
			st.keys = append(st.keys, ms(d))
			time.Sleep(30 * time.Millisecond)
		}
		if !strings.Contains(s.screenText(), "Matches (") {
			b.rep.note("Search: after typing %q the screen listed no match:\n%s", searchQuery, indent(s.screenText()))
		}
		s.quit()
	}
	return st, nil
}

// lineWithout returns the screen line containing sub, trimmed.
func lineWithout(text, sub string) (string, bool) {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			return strings.TrimSpace(l), true
		}
	}
	return "", false
}

// fallbackContacts is the list size tried when 50,000 do not load: under
// the client's 8 MiB answer cap with the sandbox's ~420 bytes a contact.
const fallbackContacts = 15000

// bigList measures the lookup screen with 50,000 more contacts: peak memory
// once they are searchable, and each search keystroke. Should the app not
// make them searchable, the same is measured with fewer, for information.
func (b *bench) bigList() {
	const n = 50000
	b.progress("50,000 contacts: %d runs", b.runs)
	b.sb.sb.AddSyntheticContacts(n, "bench")
	rssName := "Peak RSS (VmHWM), 50k contacts searchable"
	keysName := fmt.Sprintf("Search keystroke → screen in the terminal, 50k contacts (%q, %d keys/run; includes the wait for the next of 120 frames a second)", searchQuery, len(searchQuery))
	st, err := b.listRuns(b.sb)
	if err != nil {
		b.rep.errorRow(keysName, "(info)", err)
		return
	}
	if st.unavailable == "" {
		b.listRows(st, "50k", rssName, keysName, true)
		return
	}
	size := listSize(b.sb)
	b.rep.add(rssName, "—", "—", "< 100 MiB", fail)
	b.rep.add(keysName, "—", "—", "(info)", fail)
	b.rep.note("50k contacts: search never came up. The list answer is %s and the app says: “%s” (peak RSS by then %s). Measured again below with %d contacts, for information.",
		size, st.unavailable, fmtMiB(maxOf(st.rss)), fallbackContacts)
	small, err := startSandbox(b.latency)
	if err != nil {
		b.rep.note("could not start the second sandbox: %v", err)
		return
	}
	defer small.close()
	small.sb.AddSyntheticContacts(fallbackContacts, "bench")
	b.progress("%d contacts (fallback): %d runs", fallbackContacts, b.runs)
	st, err = b.listRuns(small)
	if err != nil || st.unavailable != "" {
		b.rep.note("the fallback with %d contacts failed too: %v %s", fallbackContacts, err, st.unavailable)
		return
	}
	k := fmt.Sprintf("%dk", fallbackContacts/1000)
	b.listRows(st, k, "Peak RSS (VmHWM), "+k+" contacts searchable (fallback)",
		fmt.Sprintf("Search keystroke → screen, %s contacts (fallback)", k), false)
}

// listRows adds the rows of one list size; judged only for the 50k list.
func (b *bench) listRows(st *listStats, size, rssName, keysName string, judge bool) {
	rssVerdict, keysVerdict := info, info
	rssBudget, keysBudget := "(info; 50k: < 100 MiB)", "(info)"
	if judge {
		rssVerdict = verdict(maxOf(st.rss) < 100<<20)
		rssBudget = "< 100 MiB"
	}
	b.rep.add("Start → "+size+" contacts searchable (list + index)", fmtMS(median(st.ready)), fmtMS(p99(st.ready)), "(info)", info)
	b.rep.add(rssName, fmtMiB(median(st.rss)), fmtMiB(maxOf(st.rss)), rssBudget, rssVerdict)
	b.rep.add(keysName, fmtMS(median(st.keys)), fmtMS(p99(st.keys)), keysBudget, keysVerdict)
	over := 0
	for _, k := range st.keys {
		if k >= 16 {
			over++
		}
	}
	if over > 0 {
		b.rep.note("Search over %s contacts: %d of %d keystrokes took 16 ms or more (slowest %s).", size, over, len(st.keys), fmtMS(maxOf(st.keys)))
	}
}

// listSize fetches the contact list once, to say how large the answer is.
func listSize(sb *sandboxServer) string {
	req, err := http.NewRequest(http.MethodGet, sb.base+"/contacts", nil)
	if err != nil {
		return "of unknown size"
	}
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "of unknown size"
	}
	defer resp.Body.Close()
	n, _ := io.Copy(io.Discard, resp.Body)
	return fmt.Sprintf("%s (%d bytes)", fmtMiB(float64(n)), n)
}
