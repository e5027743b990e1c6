package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// curlJQ fetches the ten-address contact the way a person would by hand:
// curl the contact, jq its address ids, curl each address, one after
// another. It returns the wall time.
func (b *bench) curlJQ(curl, jq string) (time.Duration, error) {
	auth := "Authorization: Bearer " + sandbox.DefaultToken
	get := func(path string) ([]byte, error) {
		out, err := exec.Command(curl, "-sS", "--fail", "-H", auth, b.sb.base+path).Output()
		if err != nil {
			return nil, fmt.Errorf("curl %s: %w", path, err)
		}
		return out, nil
	}
	start := time.Now()
	body, err := get("/contacts/" + b.tenID)
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(jq, "-r", ".data.address_ids[]")
	cmd.Stdin = bytes.NewReader(body)
	ids, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("jq: %w", err)
	}
	n := 0
	for _, id := range strings.Fields(string(ids)) {
		if _, err := get("/addresses/" + id); err != nil {
			return 0, err
		}
		n++
	}
	d := time.Since(start)
	if n != 10 {
		return 0, fmt.Errorf("jq listed %d address ids, not 10", n)
	}
	return d, nil
}

// getRun is one run of get: its wall time and where it went.
type getRun struct {
	total, firstRequest, requests, afterLast time.Duration
}

// getPlain runs `qwoty-contacts get ID` with its output in a pipe.
func (b *bench) getPlain() (getRun, error) {
	cmd := exec.Command(b.bin, "get", b.tenID)
	cmd.Env = b.env()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	r := getRun{total: time.Since(start)}
	if err != nil {
		return r, fmt.Errorf("%v: %s", err, strings.TrimSpace(errOut.String()))
	}
	for _, s := range b.streets {
		if !strings.Contains(out.String(), s) {
			return r, fmt.Errorf("get's output lacks the address %q:\n%s", s, out.String())
		}
	}
	if reqs := b.sb.servedSince(start); len(reqs) > 0 {
		first, last := reqs[0].start, reqs[0].end
		for _, q := range reqs {
			if q.start.Before(first) {
				first = q.start
			}
			if q.end.After(last) {
				last = q.end
			}
		}
		r.firstRequest, r.requests, r.afterLast = first.Sub(start), last.Sub(first), start.Add(r.total).Sub(last)
	}
	return r, nil
}

// initTrace runs the binary once with GODEBUG=inittrace=1 and describes
// the package initialisation every process pays before main.
func (b *bench) initTrace() {
	cmd := exec.Command(b.bin, "--help")
	cmd.Env = append(b.env(), "GODEBUG=inittrace=1")
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errOut
	if err := cmd.Run(); err != nil {
		return
	}
	type pkgInit struct {
		pkg   string
		clock float64
	}
	var inits []pkgInit
	total := 0.0
	for _, line := range strings.Split(errOut.String(), "\n") {
		f := strings.Fields(line) // init PKG @X ms, Y ms clock, ...
		if len(f) < 7 || f[0] != "init" || f[6] != "clock," {
			continue
		}
		var v float64
		if _, err := fmt.Sscanf(f[4], "%g", &v); err == nil {
			inits = append(inits, pkgInit{f[1], v})
			total += v
		}
	}
	slices.SortFunc(inits, func(a, b pkgInit) int { return cmp.Compare(b.clock, a.clock) })
	var top []string
	for _, p := range inits[:min(3, len(inits))] {
		top = append(top, fmt.Sprintf("%s %s", p.pkg, fmtMS(p.clock)))
	}
	b.rep.note("Package init before main (GODEBUG=inittrace=1, `--help` with output in a pipe): %s in all; largest: %s.", fmtMS(total), strings.Join(top, ", "))
}

// getAvailable reports whether the binary has a get command.
func (b *bench) getAvailable() bool {
	cmd := exec.Command(b.bin, "get", "--help")
	cmd.Env = b.env()
	out, err := cmd.CombinedOutput()
	return err == nil && strings.Contains(string(out), "get")
}

// baselines measures curl + jq and get (measures 1's baseline and 8).
func (b *bench) baselines() {
	b.progress("curl + jq and get: %d runs each", b.runs)
	curl, errCurl := exec.LookPath("curl")
	jq, errJQ := exec.LookPath("jq")
	var curlMS []float64
	switch {
	case errCurl != nil || errJQ != nil:
		missing := []string{}
		if errCurl != nil {
			missing = append(missing, "curl")
		}
		if errJQ != nil {
			missing = append(missing, "jq")
		}
		b.rep.add("curl + jq, sequential (baseline)", "—", "—", "(info)", "skipped: "+strings.Join(missing, " and ")+" not installed")
	default:
		for range b.runs {
			d, err := b.curlJQ(curl, jq)
			if err != nil {
				b.rep.errorRow("curl + jq, sequential (baseline)", "(info)", err)
				curlMS = nil
				break
			}
			curlMS = append(curlMS, ms(d))
		}
		if curlMS != nil {
			b.rep.add("curl + jq, sequential: contact, jq, 10 addresses (baseline)", fmtMS(median(curlMS)), fmtMS(p99(curlMS)), "(info)", info)
			if b.enterMedian > 0 {
				b.rep.add("Enter → contact ÷ curl + jq", fmt.Sprintf("%.2f×", b.enterMedian/median(curlMS)), "—", "(info)", info)
			}
		}
	}
	floor := 2 * b.latency
	budget := time.Duration(1.5 * float64(floor))
	name := "`get <ten-address id>` (plain, piped) → exit"
	if !b.getAvailable() {
		b.rep.add(name, "—", "—", "≤ "+fmtMS(ms(budget)), "n/a: get is not available in this build")
		return
	}
	var getMS, firstMS, reqMS, afterMS []float64
	for range b.runs {
		r, err := b.getPlain()
		if err != nil {
			b.rep.errorRow(name, "≤ "+fmtMS(ms(budget)), err)
			return
		}
		getMS = append(getMS, ms(r.total))
		firstMS, reqMS, afterMS = append(firstMS, ms(r.firstRequest)), append(reqMS, ms(r.requests)), append(afterMS, ms(r.afterLast))
	}
	b.rep.note("get (medians): process start → first request %s; first request → last answer %s (floor %s); last answer → exit %s.",
		fmtMS(median(firstMS)), fmtMS(median(reqMS)), fmtMS(ms(floor)), fmtMS(median(afterMS)))
	b.rep.add(name, fmtMS(median(getMS)), fmtMS(p99(getMS)), fmt.Sprintf("≤ %s (1.5 × floor %s)", fmtMS(ms(budget)), fmtMS(ms(floor))), verdict(median(getMS) <= ms(budget)))
	if curlMS != nil {
		b.rep.add("get ÷ curl + jq", fmt.Sprintf("%.2f×", median(getMS)/median(curlMS)), "—", "(info)", info)
	}
}

// conflictCheck times Writer.Save of a one-field edit (fresh GET, PATCH,
// audit) against a bare UpdateContact of the same patch, in process.
func (b *bench) conflictCheck() {
	const name = "Conflict check: Writer.Save − bare UpdateContact"
	b.progress("conflict check: %d runs", b.runs)
	ctx := context.Background()
	client, err := api.New(api.Options{BaseURL: b.sb.base, Token: api.NewToken(sandbox.DefaultToken)})
	if err != nil {
		b.rep.errorRow(name, "", err)
		return
	}
	dir := filepath.Join(b.tmp, "writer")
	w := &edit.Writer{API: client, Audit: state.OpenAudit(dir), StateDir: dir, BaseURL: client.BaseURL(),
		Identity: edit.Identity{Profile: "bench", APIHost: client.Host(), OSUser: "bench"}}
	id := sandbox.DocsContactID
	c, err := client.GetContact(ctx, id) // also opens the connection both then reuse
	if err != nil {
		b.rep.errorRow(name, "", err)
		return
	}
	base := c.Values()
	var saves, bares, diffs []float64
	badGets := 0
	for i := range b.runs {
		phone := fmt.Sprintf("+33 1 40 00 %02d 01", i)
		e := edit.Edit{Target: edit.Target{Kind: api.KindContact, ID: id, ContactID: id}, Base: base,
			After: api.Values{"phone": api.String(phone)}, Source: "bench"}
		gets := b.sb.sb.CountRequests("GET", "/contacts/"+id)
		start := time.Now()
		r := w.Save(ctx, e)
		save := time.Since(start)
		if n := b.sb.sb.CountRequests("GET", "/contacts/"+id) - gets; n != 1 {
			badGets++
			b.rep.note("Conflict check: a Save made %d GETs of the contact, not 1.", n)
		}
		if r.Outcome != edit.Saved {
			b.rep.errorRow(name, "", fmt.Errorf("Save ended %s: %v", r.Outcome, r.Err))
			return
		}
		p := api.NewPatch(api.ContactSchema)
		if err := p.Set("phone", api.String(phone+"2")); err != nil {
			b.rep.errorRow(name, "", err)
			return
		}
		start = time.Now()
		updated, err := client.UpdateContact(ctx, id, p)
		bare := time.Since(start)
		if err != nil {
			b.rep.errorRow(name, "", err)
			return
		}
		base = updated.Values()
		saves, bares, diffs = append(saves, ms(save)), append(bares, ms(bare)), append(diffs, ms(save-bare))
	}
	budget := ms(b.latency) + 20
	b.rep.add("Writer.Save, one-field contact edit (GET + PATCH + audit)", fmtMS(median(saves)), fmtMS(p99(saves)), "(info)", info)
	b.rep.add("Bare client.UpdateContact, same patch (PATCH)", fmtMS(median(bares)), fmtMS(p99(bares)), "(info)", info)
	b.rep.add(name, fmtMS(median(diffs)), fmtMS(p99(diffs)), fmt.Sprintf("≈ 1 round trip (≤ %s), exactly 1 GET", fmtMS(budget)),
		verdict(badGets == 0 && median(diffs) <= budget))
	if badGets == 0 {
		b.rep.note("Conflict check: every Save made exactly one GET of the contact (sandbox CountRequests).")
	}
}
