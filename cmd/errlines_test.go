package cmd

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/sanitize"
)

func TestErrorLinesWrapAtWidthAndKeepEveryWord(t *testing.T) {
	err := errors.New(`contact 660e8400-e29b-41d4-a716-446655449999 was not found (404): check the id, and that it belongs to this token's workspace (profile demo, 127.0.0.1:37863)` +
		"\nUsage: qwoty-contacts get CONTACT_ID [flags]\n  an indented line that is long enough to need wrapping at eighty columns, it goes on and on")
	got := ErrorLines(err, 80)
	want := []string{
		"qwoty-contacts: contact 660e8400-e29b-41d4-a716-446655449999 was not found",
		"  (404): check the id, and that it belongs to this token's workspace (profile",
		"  demo, 127.0.0.1:37863)",
		"Usage: qwoty-contacts get CONTACT_ID [flags]",
		"  an indented line that is long enough to need wrapping at eighty columns, it",
		"    goes on and on",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Over random messages and widths: no line is wider than the width (but
// for a word longer than it, broken), no word is lost or reordered, and a
// server's control characters never get through.
func TestErrorLinesProperties(t *testing.T) {
	words := []string{"a", "contact", "660e8400-e29b-41d4-a716-446655449999", "(404):", "Müller-Lüdenscheidt", "漢字の名前", "\x1b[2J", "--authorized-keys", strings.Repeat("x", 95)}
	r := rand.New(rand.NewPCG(80, 24))
	for range 3000 {
		var parts []string
		for range 1 + r.IntN(30) {
			w := words[r.IntN(len(words))]
			if r.IntN(10) == 0 {
				w += "\n"
			}
			parts = append(parts, w)
		}
		msg := strings.Join(parts, " ")
		width := 20 + r.IntN(80)
		lines := ErrorLines(errors.New(msg), width)
		for _, l := range lines {
			if sanitize.Width(l) > width {
				t.Fatalf("width %d: %q is %d wide (message %q)", width, l, sanitize.Width(l), msg)
			}
			if strings.ContainsRune(l, 0x1b) {
				t.Fatalf("an escape got through: %q", l)
			}
		}
		joined := strings.Join(strings.Fields(strings.Join(lines, "")), "")
		expect := strings.Join(strings.Fields(sanitize.Text("qwoty-contacts: "+strings.ReplaceAll(msg, "\n", " "))), "")
		if joined != expect {
			t.Fatalf("width %d: the words changed:\n%q\n%q", width, joined, expect)
		}
	}
}

func TestFlagProblemsInPlainWords(t *testing.T) {
	for in, want := range map[string]string{
		`invalid argument "x" for "--limit" flag: strconv.ParseInt: parsing "x": invalid syntax`:                           `--limit takes a whole number (e.g. 10), not "x"`,
		`invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"`:                                    `--timeout takes a duration (e.g. 30s, 5m or 1h), not "5"`,
		`invalid argument "maybe" for "--json" flag: strconv.ParseBool: parsing "maybe": invalid syntax`:                   `--json takes true or false, not "maybe"`,
		`invalid argument "99999999999999999999" for "--limit" flag: strconv.ParseInt: parsing "9999": value out of range`: `--limit: "99999999999999999999" is too large: it takes a whole number (e.g. 10)`,
		`unknown flag: --colour`: `unknown flag: --colour`,
	} {
		if got := flagProblem(errors.New(in)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", in, got, want)
		}
	}
}
