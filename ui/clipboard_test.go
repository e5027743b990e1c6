package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

// TestCopyDecisionTable: where the app runs decides how a copy is made,
// and only a local tmux is ever run.
func TestCopyDecisionTable(t *testing.T) {
	const text = "660e8400-e29b-41d4-a716-446655440001"
	b64 := base64.StdEncoding.EncodeToString([]byte(text))
	for _, tt := range []struct {
		name    string
		env     []string
		tmux    bool     // the app may run tmux (local)
		refuse  []string // tmux argument lists that fail
		how     copyHow
		runs    []string // the tmux commands run
		written string   // the start of what reaches the terminal, "" for nothing
	}{
		{"local tmux", []string{"TMUX=/tmp/tmux-0/default,1,0"}, true, nil, copiedToTmux, []string{"load-buffer -w -"}, ""},
		{"local tmux older than 3.2", []string{"TMUX=/tmp/tmux-0/default,1,0"}, true, []string{"load-buffer -w -"}, copiedToTmuxOnly,
			[]string{"load-buffer -w -", "load-buffer -"}, ""},
		{"local tmux not answering", []string{"TMUX=/tmp/tmux-0/gone,1,0"}, true, []string{"load-buffer -w -", "load-buffer -"}, sentOSC52FromTmux,
			[]string{"load-buffer -w -", "load-buffer -"}, "\x1b]52;c;" + b64},
		{"served session that says TMUX", []string{"TMUX=/tmp/tmux-1000/default,1,0"}, false, nil, sentOSC52FromTmux, nil, "\x1b]52;c;" + b64},
		{"screen", []string{"STY=1234.pts-0.host"}, true, nil, sentOSC52Screen, nil, "\x1bP\x1b]52;c;"},
		{"a plain terminal", nil, true, nil, sentOSC52, nil, "\x1b]52;c;" + b64},
		{"a plain served session", nil, false, nil, sentOSC52, nil, "\x1b]52;c;" + b64},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			var runs []string
			c := copier{out: &out, env: environ(tt.env), tmux: tt.tmux, run: func(_ context.Context, env []string, stdin string, args ...string) error {
				call := strings.Join(args, " ")
				runs = append(runs, call)
				if stdin != text {
					t.Errorf("tmux got %q on its input", stdin)
				}
				if !strings.Contains(strings.Join(env, "\n"), "TMUX="+environ(tt.env).Getenv("TMUX")) {
					t.Errorf("tmux run without the pane's TMUX")
				}
				for _, r := range tt.refuse {
					if r == call {
						return errors.New("usage: load-buffer [-b buffer-name] path")
					}
				}
				return nil
			}}
			how, err := c.copy(context.Background(), text)
			if err != nil || how != tt.how {
				t.Errorf("copy = %v, %v; want %v", how, err, tt.how)
			}
			if strings.Join(runs, "; ") != strings.Join(tt.runs, "; ") {
				t.Errorf("ran tmux %q, want %q", runs, tt.runs)
			}
			if got := out.String(); (tt.written == "") != (got == "") || !strings.HasPrefix(got, tt.written) {
				t.Errorf("wrote %q to the terminal, want it to start with %q", got, tt.written)
			}
		})
	}
}

// TestCopyWordsClaimOnlyWhatWasDone: tmux's buffer is named only when tmux
// took the text; an OSC 52 write is "sent", never "copied", and none is
// marked done (✓).
func TestCopyWordsClaimOnlyWhatWasDone(t *testing.T) {
	for how, want := range map[copyHow]string{
		copiedToTmux:      "Copied the contact id to tmux's buffer",
		copiedToTmuxOnly:  "this tmux is older than 3.2",
		sentOSC52:         "Sent the contact id to your terminal's clipboard (OSC 52); your terminal decides whether to accept it.",
		sentOSC52Screen:   "(OSC 52, through screen)",
		sentOSC52FromTmux: "set -g set-clipboard on",
	} {
		st := copiedStatus(copiedMsg{what: "the contact id", text: "x", how: how})
		if !strings.Contains(st.text, want) || st.shown != "x" {
			t.Errorf("%v: %q (shows %q), want %q", how, st.text, st.shown, want)
		}
		tmux := how == copiedToTmux || how == copiedToTmuxOnly
		if strings.Contains(st.text, "tmux's buffer") != tmux || (st.kind == statusOK) != tmux {
			t.Errorf("%v: %q, kind %v", how, st.text, st.kind)
		}
	}
}
