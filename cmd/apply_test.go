package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// syntheticIDs adds n generated contacts (no ERP id) and returns their ids.
func syntheticIDs(t *testing.T, sb *sandbox.Server, n int) []string {
	t.Helper()
	before := sb.ContactIDs()
	sb.AddSyntheticContacts(n, t.Name())
	var ids []string
	for _, id := range sb.ContactIDs() {
		if !slices.Contains(before, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) != n {
		t.Fatalf("%d synthetic contacts, want %d", len(ids), n)
	}
	slices.Sort(ids)
	return ids
}

// erpLine sets a contact's id_erp.
func erpLine(id string, i int) string {
	return fmt.Sprintf(`{"id": %q, "set": {"id_erp": "ERP-%d"}, "reason": "BATCH-1"}`, id, i)
}

func writeLines(t *testing.T, lines []string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "batch.jsonl")
	writeFile(t, path, strings.Join(lines, "\n")+"\n")
	return path
}

// parseResults decodes apply's standard output.
func parseResults(t *testing.T, out string) []applyResult {
	t.Helper()
	var rs []applyResult
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		var r applyResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("bad result line %q: %v", line, err)
		}
		rs = append(rs, r)
	}
	return rs
}

// patchesByID (status 0: any status) counts the PATCH requests the sandbox answered with status,
// by record id.
func patchesByID(e *testEnv, status int) map[string]int {
	out := map[string]int{}
	e.statuses.mu.Lock()
	defer e.statuses.mu.Unlock()
	for _, a := range e.statuses.list {
		if a.method == http.MethodPatch && (a.status == status || status == 0) {
			out[filepath.Base(a.path)]++
		}
	}
	return out
}

// TestApplyBatch applies 300 lines with five 429s on PATCH and two unknown
// ids.
func TestApplyBatch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ids := syntheticIDs(t, e.sb, 297)
	var lines []string
	for i, id := range ids {
		lines = append(lines, erpLine(id, i))
	}
	missing := []string{"00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"}
	lines = slices.Insert(lines, 50, erpLine(missing[0], 1000))
	lines = slices.Insert(lines, 200, erpLine(missing[1], 1001))
	lines = append(lines, `{"address_id": "`+madridAddressID+`", "set": {"country": "de", "state": null}}`)
	if len(lines) != 300 {
		t.Fatalf("%d lines", len(lines))
	}
	e.sb.InjectFault(sandbox.Fault{Method: "PATCH", Status: 429, Header: http.Header{"Retry-After": {"0"}}, Times: 5})

	r := e.run("", "apply", writeLines(t, lines))
	if r.code != ExitFailure {
		t.Errorf("exit %d, want %d (two lines failed)\n%s", r.code, ExitFailure, r.err)
	}
	rs := parseResults(t, r.out)
	if len(rs) != 300 {
		t.Fatalf("%d results for 300 lines", len(rs))
	}
	count := map[string]int{}
	for i, res := range rs {
		if res.Line != i+1 {
			t.Fatalf("result %d is for line %d: not in input order", i, res.Line)
		}
		count[res.Status]++
	}
	if count[statusOK] != 298 || count[statusError] != 2 {
		t.Errorf("statuses %v", count)
	}
	for _, i := range []int{50, 200} {
		if rs[i].Status != statusError || !strings.Contains(rs[i].Message, "not found") {
			t.Errorf("line %d: %+v", i+1, rs[i])
		}
	}
	if last := rs[299]; last.Status != statusOK || last.Kind != "address" {
		t.Errorf("address line: %+v", last)
	}

	// Each line's PATCH was applied at most once; the 429s were retried.
	ok := patchesByID(e, http.StatusOK)
	for id, n := range ok {
		if n != 1 {
			t.Errorf("%s: %d PATCHes applied", id, n)
		}
	}
	if len(ok) != 298 {
		t.Errorf("%d records patched, want 298", len(ok))
	}
	// One read per try: the write path's read under the record's lock is
	// the base and the conflict check (a rate-limited try reads again).
	for id, n := range patchesByID(e, 0) {
		if gets := e.statuses.count(http.MethodGet, "/api/contacts/"+id, http.StatusOK) + e.statuses.count(http.MethodGet, "/api/addresses/"+id, http.StatusOK); gets != n {
			t.Errorf("%s: %d GETs for %d PATCH tries", id, gets, n)
		}
	}
	limited := 0
	for _, n := range patchesByID(e, http.StatusTooManyRequests) {
		limited += n
	}
	if limited != 5 {
		t.Errorf("%d PATCHes rate limited, want 5", limited)
	}
	for i, id := range ids {
		c, _ := e.sb.Contact(id)
		want := fmt.Sprintf("ERP-%d", i)
		if c.IDERP == nil || *c.IDERP != want {
			t.Fatalf("contact %d: id_erp %v, want %s", i, c.IDERP, want)
		}
	}
	if a, _ := e.sb.Address(madridAddressID); a.Country != "DE" || a.State != nil {
		t.Errorf("address: %+v", a)
	}
	if !strings.Contains(r.err, "300 lines: 298 ok, 0 unchanged, 0 conflict, 2 error\n") {
		t.Errorf("summary missing:\n%s", r.err)
	}
	if !strings.Contains(r.err, "applied 30/300\n") || !strings.Contains(r.err, "applied 300/300\n") {
		t.Errorf("progress missing:\n%s", r.err)
	}
}

// TestApplyResume interrupts a run after some PATCHes, then runs the same
// file again: lines applied are skipped, none is patched twice, and every
// line ends up applied.
func TestApplyResume(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var patches atomic.Int32
	e := newEnv(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r)
			if r.Method == http.MethodPatch && patches.Add(1) == 30 {
				cancel() // the operator presses Ctrl+C
			}
		})
	})
	ids := syntheticIDs(t, e.sb, 100)
	var lines []string
	for i, id := range ids {
		lines = append(lines, erpLine(id, i))
	}
	path := writeLines(t, lines)

	first := e.runCtx(ctx, "", "apply", path)
	if first.code != ExitFailure {
		t.Errorf("interrupted run: exit %d\n%s", first.code, first.err)
	}
	rs1 := parseResults(t, first.out)
	if len(rs1) != 100 {
		t.Fatalf("interrupted run: %d results for 100 lines", len(rs1))
	}
	applied := map[int]bool{}
	for _, r := range rs1 {
		if r.Status == statusOK {
			applied[r.Line] = true
		}
	}
	if len(applied) == 0 || len(applied) == 100 {
		t.Fatalf("interrupted run applied %d lines", len(applied))
	}

	e.sb.ResetRequests()
	second := e.run("", "apply", path)
	if second.code != ExitOK {
		t.Errorf("resumed run: exit %d\n%s", second.code, second.err)
	}
	rs2 := parseResults(t, second.out)
	if len(rs2) != 100 {
		t.Fatalf("resumed run: %d results", len(rs2))
	}
	for _, r := range rs2 {
		skipped := r.Skipped == "already applied"
		if skipped != applied[r.Line] {
			t.Errorf("line %d: skipped %v, applied by the first run %v", r.Line, skipped, applied[r.Line])
		}
		if r.Status != statusOK && r.Status != statusUnchanged {
			t.Errorf("line %d: %+v", r.Line, r)
		}
		if skipped {
			for _, req := range e.sb.Requests() {
				if strings.HasSuffix(req.Path, r.ID) {
					t.Errorf("line %d was skipped but %s %s was sent", r.Line, req.Method, req.Path)
				}
			}
		}
	}
	for id, n := range patchesByID(e, http.StatusOK) {
		if n > 1 {
			t.Errorf("%s patched %d times over both runs", id, n)
		}
	}
	for i, id := range ids {
		if c, _ := e.sb.Contact(id); c.IDERP == nil || *c.IDERP != fmt.Sprintf("ERP-%d", i) {
			t.Errorf("contact %d not applied: %v", i, c.IDERP)
		}
	}
	if !strings.Contains(second.err, "already applied by an earlier run, skipped") {
		t.Errorf("summary does not mention skipped lines:\n%s", second.err)
	}
}

// TestApplyValidatesEveryLineFirst: one bad line among 300 stops the
// whole batch before any request.
func TestApplyValidatesEveryLineFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ids := syntheticIDs(t, e.sb, 300)
	var lines []string
	for i, id := range ids {
		lines = append(lines, erpLine(id, i))
	}
	lines[9] = `{"id": "` + ids[9] + `", "address_id": "` + madridAddressID + `", "set": {"city": "Paris"}}`
	lines[249] = `{"id": "` + ids[249] + `", "set": {"fax": "1"}}`
	e.sb.ResetRequests()
	r := e.run("", "apply", writeLines(t, lines))
	if r.code != ExitUsage {
		t.Errorf("exit %d, want %d", r.code, ExitUsage)
	}
	if r.out != "" {
		t.Errorf("results written: %s", r.out)
	}
	for _, want := range []string{"line 10: has both \"id\" and \"address_id\"", "line 250: fax: is not a field of a contact", "2 problems"} {
		if !strings.Contains(r.err, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.err)
		}
	}
	if n := len(e.sb.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestApplyLineProblems(t *testing.T) {
	t.Parallel()
	id := sandbox.DocsContactID
	cases := map[string]string{
		`not json`: "not a JSON object",
		`{"id": "` + id + `", "set": {"phone": 5}}`:                  "phone: expected a string",
		`{"id": "` + id + `", "set": {"email": "nope"}}`:             "email:",
		`{"id": "` + id + `", "set": {"role": ["boss"]}}`:            `"boss" is not one of`,
		`{"id": "` + id + `", "set": {"first_name": null}}`:          "first_name: cannot be null",
		`{"id": "` + id + `", "set": {"customer_id": "x"}}`:          "customer_id: cannot be changed",
		`{"id": "` + id + `", "set": {}}`:                            `"set" is empty`,
		`{"id": "` + id + `"}`:                                       `has no "set"`,
		`{"set": {"phone": null}}`:                                   `has no "id"`,
		`{"id": "abc", "set": {"phone": null}}`:                      "not a valid id",
		`{"id": "` + id + `", "set": {"phone": "1", "phone": null}}`: "more than once",
		`{"id": "` + id + `", "set": {"phone": null}, "reson": "x"}`: `unknown key "reson"`,
		`{"id": "` + id + `", "set": {"phone": null}} {}`:            "more than one JSON value",
		`{"address_id": "` + id + `", "set": {"country": "XX"}}`:     "country:",
		`["id"]`: "expected an object",
	}
	for line, want := range cases {
		_, problems, err := parseApply(strings.NewReader("\n"+line+"\n"), "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) == 0 || !strings.HasPrefix(problems[0], "line 2: ") || !strings.Contains(problems[0], want) {
			t.Errorf("%s: problems %q, want %q", line, problems, want)
		}
	}
}

func TestApplyOpID(t *testing.T) {
	t.Parallel()
	parse := func(line string) applyLine {
		ls, problems, err := parseApply(strings.NewReader(line), "", nil)
		if err != nil || len(problems) > 0 {
			t.Fatalf("%s: %v %v", line, problems, err)
		}
		return ls[0]
	}
	id := sandbox.DocsContactID
	a := parse(`{"id": "` + id + `", "set": {"phone": null, "role": ["buyer"]}, "reason": "T"}`)
	b := parse(`{"reason": "T", "set": {"role": ["buyer"], "phone": null}, "id": "` + strings.ToUpper(id) + `"}`)
	if a.opID != b.opID {
		t.Error("the same change spelt differently has another op id")
	}
	for _, other := range []string{
		`{"id": "` + id + `", "set": {"phone": null, "role": ["buyer"]}, "reason": "U"}`,
		`{"id": "` + id + `", "set": {"phone": "", "role": ["buyer"]}, "reason": "T"}`,
		`{"address_id": "` + id + `", "set": {"name": null}, "reason": "T"}`,
	} {
		if parse(other).opID == a.opID {
			t.Errorf("%s has the same op id", other)
		}
	}
}

func TestApplyDryRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	lines := []string{
		`{"id": "` + sandbox.DocsContactID + `", "set": {"phone": null, "role": ["buyer", "billing"]}, "reason": "T-1"}`,
		`{"address_id": "` + madridAddressID + `", "set": {"country": "de"}}`,
		`{"id": "` + sandbox.NoAddressesContactID + `", "set": {"phone": null}}`,
	}
	// One at a time, so progress and diffs interleave the same way each run.
	r := e.run(strings.Join(lines, "\n"), "apply", "--dry-run", "--concurrency", "1", "-")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if len(e.patches()) != 0 {
		t.Error("--dry-run sent a PATCH")
	}
	golden(t, "apply_dry_run", e.scrub(r.out))
	golden(t, "apply_dry_run_stderr", e.scrub(r.err))
	es := e.audit()
	// Two dry-run attempts, and line 3's value (already there) recorded.
	if len(es) != 3 || es[1].Outcome() != state.OutcomeDryRun || es[1].Entry.Source != "apply" || es[1].Entry.Fingerprint == "" ||
		es[0].Outcome() != state.OutcomeUnchanged || !es[0].Entry.DryRun {
		t.Errorf("audit: %+v", es)
	}
}

func TestApplyBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if r := e.run("", "apply", filepath.Join(t.TempDir(), "missing.jsonl")); r.code != ExitUsage {
		t.Errorf("missing file: exit %d", r.code)
	}
	if r := e.run("", "apply", "-", "--concurrency", "0"); r.code != ExitUsage {
		t.Errorf("--concurrency 0: exit %d", r.code)
	}
	if r := e.run("", "apply", "-"); r.code != ExitOK || !strings.Contains(r.err, "0 lines") {
		t.Errorf("empty input: exit %d: %s", r.code, r.err)
	}
}

func TestApplyRequiredReason(t *testing.T) {
	t.Parallel()
	strict := &edit.Writer{RequireReason: true}
	line := `{"id": "` + sandbox.DocsContactID + `", "set": {"phone": null}}`
	if _, problems, _ := parseApply(strings.NewReader(line), "", strict.CheckReason); len(problems) != 1 || !strings.Contains(problems[0], `no "reason"`) {
		t.Errorf("problems %q", problems)
	}
	ls, problems, _ := parseApply(strings.NewReader(line), "T-9", strict.CheckReason)
	if len(problems) != 0 || ls[0].reason != "T-9" {
		t.Errorf("--reason not used: %q %+v", problems, ls)
	}
}
