package config

import (
	"reflect"
	"testing"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"pass show qwoty/prod", []string{"pass", "show", "qwoty/prod"}},
		{"  op  read\t'op://vault/qwoty api/token'  ", []string{"op", "read", "op://vault/qwoty api/token"}},
		{`sh -c "echo \"hi\" \\ $HOME"`, []string{"sh", "-c", `echo "hi" \ $HOME`}},
		{`'it''s' "" x`, []string{"its", "", "x"}},
		{`C:\tools\pass.exe show`, []string{`C:\tools\pass.exe`, "show"}},
		{`a'b c'd`, []string{"ab cd"}},
		{"", nil},
	}
	for _, tt := range tests {
		got, err := splitWords(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitWords(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{`pass 'show`, `pass "show`} {
		if _, err := splitWords(bad); err == nil {
			t.Errorf("splitWords(%q): no error", bad)
		}
	}
}

func TestColor(t *testing.T) {
	for _, ok := range []any{"#fff", "#D70000", "0", "255", int64(196)} {
		var c color
		if err := c.UnmarshalTOML(ok); err != nil {
			t.Errorf("%v refused: %v", ok, err)
		}
	}
	for _, bad := range []any{"#ffff", "d70000", "-1", "256", "red", int64(300), 1.5, true} {
		var c color
		if err := c.UnmarshalTOML(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestStringCommand(t *testing.T) {
	var c command
	if err := c.UnmarshalTOML(`pass show "qwoty/prod main"`); err != nil {
		t.Fatal(err)
	}
	if want := []string{"pass", "show", "qwoty/prod main"}; !reflect.DeepEqual(c.argv, want) {
		t.Errorf("got %q", c.argv)
	}
	for _, bad := range []any{"", "   ", []any{}, []any{"pass", int64(1)}, int64(3), []any{""}} {
		var c command
		if err := c.UnmarshalTOML(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
