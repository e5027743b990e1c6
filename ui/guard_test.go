package ui

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// panicky panics where it is told to: in Update, View or a command.
type panicky struct{ where string }

func (p *panicky) Init() tea.Cmd { return nil }
func (p *panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch k.String() {
		case "u":
			panic("update: secret contact data jean.dupont@acme.com")
		case "c":
			return p, tea.Batch(nil, func() tea.Msg { panic(errors.New("command: jean.dupont@acme.com")) })
		case "s": // as a broken keep-the-draft-then-quit would
			return p, tea.Sequence(func() tea.Msg { panic(errors.New("sequence: jean.dupont@acme.com")) }, tea.Quit)
		case "v":
			p.where = "view"
		}
	}
	return p, nil
}
func (p *panicky) View() string {
	if p.where == "view" {
		var m map[string]int
		m["x"]++ // a runtime error, with a message the report may keep
	}
	return "running"
}
func (p *panicky) PendingEdit() (edit.Edit, bool) {
	return edit.Edit{Target: edit.Target{Kind: api.KindContact, ID: "660e8400-e29b-41d4-a716-446655440001"},
		Base: api.Values{"phone": api.String("1")}, After: api.Values{"phone": api.String("2")}}, true
}

func TestGuardTurnsAPanicIntoAReportAndKeepsTheDraft(t *testing.T) {
	for _, key := range []string{"u", "c", "s", "v"} {
		t.Run(key, func(t *testing.T) {
			dir := t.TempDir()
			w := &edit.Writer{StateDir: dir, Identity: edit.Identity{Profile: "p"}}
			g := NewGuard(&panicky{}, func(r any, stack []byte) string {
				path, err := state.WriteCrashReport(dir, "test", r, stack)
				if err != nil {
					t.Error(err)
				}
				return path
			}, w)
			tm := teatest.NewTestModel(t, g, teatest.WithInitialTermSize(80, 24))
			g.SetProgram(tm.GetProgram())
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(key)})
			tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
			path := g.CrashReport()
			report, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("no crash report at %q: %v", path, err)
			}
			if strings.Contains(string(report), "jean.dupont") {
				t.Error("the crash report holds contact data")
			}
			if !strings.Contains(string(report), "goroutine") {
				t.Error("the crash report has no stack")
			}
			d, err := state.LoadDraft(dir, "p", api.KindContact, "660e8400-e29b-41d4-a716-446655440001")
			if err != nil || d == nil || !d.Edited["phone"].Equal(api.String("2")) {
				t.Errorf("draft %+v %v", d, err)
			}
		})
	}
}
