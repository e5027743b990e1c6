package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// `set --yes` (issue 17): with nobody to wait for, the one read is both
// the base of the change and its conflict check, so it takes two round
// trips, as curl does: GET, then PATCH.

// setRun runs `qwoty-contacts set ID phone=… --yes` with its output in a
// pipe and returns its wall time and the requests the sandbox served.
func (b *bench) setRun(phone string) (time.Duration, []served, error) {
	cmd := exec.Command(b.bin, "set", sandbox.DocsContactID, "phone="+phone, "--yes")
	cmd.Env = b.env()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	time.Sleep(20 * time.Millisecond) // the trace's last entry
	reqs := b.sb.servedSince(start)
	if err != nil {
		return 0, nil, fmt.Errorf("set: %v: %s", err, strings.TrimSpace(out.String()))
	}
	return d, reqs, nil
}

// curlSet does the same by hand: curl GET of the contact, then curl PATCH.
func (b *bench) curlSet(curl, phone string) (time.Duration, error) {
	auth := "Authorization: Bearer " + sandbox.DefaultToken
	url := b.sb.base + "/contacts/" + sandbox.DocsContactID
	start := time.Now()
	if out, err := exec.Command(curl, "-sS", "--fail", "-o", "/dev/null", "-H", auth, url).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("curl GET: %v: %s", err, out)
	}
	body := fmt.Sprintf(`{"phone":%q}`, phone)
	if out, err := exec.Command(curl, "-sS", "--fail", "-o", "/dev/null", "-X", "PATCH", "-H", auth, "-H", "Content-Type: application/json", "--data", body, url).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("curl PATCH: %v: %s", err, out)
	}
	return time.Since(start), nil
}

func (b *bench) setRows() {
	tripsName := "`set --yes`: requests it sends (round trips)"
	name := "`set --yes` ÷ curl GET + PATCH"
	b.progress("set --yes and curl GET + PATCH: %d runs each", b.runs)
	var sets, curls, trips []float64
	var shapes []string
	curl, errCurl := exec.LookPath("curl")
	for i := range b.runs {
		d, reqs, err := b.setRun(fmt.Sprintf("+33 1 40 00 %02d 03", i))
		if err != nil {
			b.rep.errorRow(tripsName, "2", err)
			return
		}
		sets, trips = append(sets, ms(d)), append(trips, float64(len(reqs)))
		var shape []string
		for _, r := range reqs {
			shape = append(shape, r.method+" "+shortPath(r.path))
		}
		shapes = append(shapes, strings.Join(shape, ", "))
		if errCurl == nil {
			c, err := b.curlSet(curl, fmt.Sprintf("+33 1 40 00 %02d 04", i))
			if err != nil {
				b.rep.errorRow(name, "≤ 1.1×", err)
				return
			}
			curls = append(curls, ms(c))
		}
	}
	b.rep.add(tripsName, fmt.Sprintf("%.0f", median(trips)), fmt.Sprintf("%.0f", maxOf(trips)), "2 (GET, PATCH)", verdict(maxOf(trips) == 2))
	b.rep.note("%s: each run sent %s.", tripsName, shapes[0])
	if errCurl != nil {
		b.rep.add(name, "—", "—", "≤ 1.1×", "skipped: curl not installed")
		return
	}
	ratio := median(sets) / median(curls)
	b.rep.add(name, fmt.Sprintf("%.2f× (%s)", ratio, fmtMS(median(sets))), fmt.Sprintf("%.2f×", p99(sets)/median(curls)),
		fmt.Sprintf("≤ 1.1× (floor: curl GET then curl PATCH, %s)", fmtMS(median(curls))), verdict(ratio <= 1.1))
}
