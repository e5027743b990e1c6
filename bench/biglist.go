package main

import (
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"time"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// The 200,000-contact workspace (issue 17): how soon the list is
// searchable against curl downloading the same list in the same run, the
// peak memory it takes, and that opening a contact by id costs no more
// memory than in a small workspace (the list is not fetched then).

const hugeList = 200_000

// curlList downloads the contact list with curl into /dev/null and
// returns the wall time (process start to exit).
func curlList(curl string, sb *sandboxServer) (time.Duration, error) {
	start := time.Now()
	out, err := exec.Command(curl, "-sS", "--fail", "-o", "/dev/null", "-H", "Authorization: Bearer "+sandbox.DefaultToken, sb.base+"/contacts").CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("curl: %v: %s", err, out)
	}
	return time.Since(start), nil
}

// goList downloads the list with net/http into io.Discard (the floor when
// curl is not installed).
func goList(sb *sandboxServer) (time.Duration, error) {
	start := time.Now()
	req, err := http.NewRequest(http.MethodGet, sb.base+"/contacts", nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return time.Since(start), err
}

// openByIDRSS starts `qwoty-contacts <ten-address id>` against sb and
// returns its peak RSS once the contact is complete and a second passed.
func (b *bench) openByIDRSS(sb *sandboxServer) (int64, error) {
	s, err := startSession(b.bin, appEnv(sb.base, b.newHome()), true, b.tenID)
	if err != nil {
		return 0, err
	}
	defer s.quit()
	if _, err := s.waitFor(b.contactComplete, 30*time.Second, "the ten-address contact"); err != nil {
		return 0, err
	}
	time.Sleep(time.Second)
	return s.peakRSS()
}

// idRSSSmall is the peak RSS of `<id>` in the seeded workspace, measured
// before the large ones are added.
func (b *bench) idRSSSmall() {
	b.progress("`<id>` in the seeded workspace: %d runs", b.runs)
	for range b.runs {
		v, err := b.openByIDRSS(b.sb)
		if err != nil {
			b.smallIDErr = err
			return
		}
		b.smallIDRSS = append(b.smallIDRSS, float64(v))
	}
}

// hugeRows runs the 200,000-contact rows on a sandbox of their own.
func (b *bench) hugeRows() {
	readyName := "200,000-contact list: start → searchable ÷ `curl -o /dev/null` of the list"
	rssName := "200,000-contact list: peak RSS (VmHWM) once searchable"
	idName := "`<id>` at 200,000 contacts: peak RSS on the contact view − the same in the seeded workspace"
	sb, err := startSandbox(b.latency)
	if err != nil {
		b.rep.errorRow(readyName, "≤ 2×", err)
		return
	}
	defer sb.close()
	sb.sb.AddSyntheticContacts(hugeList, "bench")
	total := len(sb.sb.ContactIDs())
	curl, errCurl := exec.LookPath("curl")
	floorName := "curl -o /dev/null"
	if errCurl != nil {
		floorName = "net/http into io.Discard (curl is not installed)"
	}
	b.progress("%d contacts: %d runs (the list with %s, then the app)", total, b.runs, floorName)
	var ready, rss, floors []float64
	for range b.runs {
		var d time.Duration
		if errCurl == nil {
			d, err = curlList(curl, sb)
		} else {
			d, err = goList(sb)
		}
		if err != nil {
			b.rep.errorRow(readyName, "≤ 2×", err)
			return
		}
		floors = append(floors, ms(d))
		s, err := startSession(b.bin, appEnv(sb.base, b.newHome()), true)
		if err != nil {
			b.rep.errorRow(readyName, "≤ 2×", err)
			return
		}
		at, err := s.waitFor(showing(fmt.Sprintf("%d contacts searchable", total)), 2*time.Minute, "the list, searchable")
		if err != nil {
			s.quit()
			b.rep.errorRow(readyName, "≤ 2×", err)
			return
		}
		ready = append(ready, ms(at.Sub(s.start)))
		v, err := s.peakRSS()
		s.quit()
		if err != nil {
			b.rep.errorRow(rssName, "≤ 100 MiB", err)
			return
		}
		rss = append(rss, float64(v))
	}
	ratio := median(ready) / median(floors)
	b.rep.add(readyName, fmt.Sprintf("%.2f× (%s)", ratio, fmtMS(median(ready))), fmt.Sprintf("%.2f×", p99(ready)/median(floors)),
		fmt.Sprintf("≤ 2× (floor: %s, %s)", floorName, fmtMS(median(floors))), verdict(ratio <= 2))
	b.rep.add(rssName, fmtMiB(median(rss)), fmtMiB(maxOf(rss)), "≤ 100 MiB", verdict(maxOf(rss) <= 100<<20))
	b.rep.note("%s: the app from process start (a fresh HOME each run) against %s of the same list in the same run, each run one after the other; the list is %s.", readyName, floorName, listSize(sb))

	if b.smallIDErr != nil {
		b.rep.errorRow(idName, "≤ 5 MiB", b.smallIDErr)
		return
	}
	b.progress("`<id>` at %d contacts: %d runs", total, b.runs)
	var big []float64
	for range b.runs {
		v, err := b.openByIDRSS(sb)
		if err != nil {
			b.rep.errorRow(idName, "≤ 5 MiB", err)
			return
		}
		big = append(big, float64(v))
	}
	diff := median(big) - median(b.smallIDRSS)
	b.searchRow(sb, "200k", false)
	b.rep.add(idName, fmtMiB(diff), fmtMiB(maxOf(big)-median(b.smallIDRSS)), "≤ 5 MiB", verdict(diff <= 5<<20))
	b.rep.note("%s: %s at %d contacts, %s in the seeded workspace (medians); the list is fetched only once the lookup is seen.", idName, fmtMiB(median(big)), total, fmtMiB(median(b.smallIDRSS)))
}
