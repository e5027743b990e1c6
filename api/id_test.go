package api

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParseIDAcceptsTheFormsPeoplePaste(t *testing.T) {
	const want = "660e8400-e29b-41d4-a716-446655440001"
	for _, in := range []string{
		want,
		"  " + want + "\t\n",
		strings.ToUpper(want),
		"660e8400e29b41d4a716446655440001",
		"660E8400E29B41D4A716446655440001",
		"{" + want + "}",
		"{660E8400-E29B-41D4-A716-446655440001}",
		"urn:uuid:" + want,
		"URN:UUID:" + strings.ToUpper(want),
		" {660e8400e29b41d4a716446655440001} ",
	} {
		got, err := ParseID(in)
		if err != nil || got != want {
			t.Errorf("ParseID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestParseIDFlagsAMalformedIDNamingThePosition(t *testing.T) {
	tests := []struct {
		in   string
		pos  int
		char rune
		dash bool
	}{
		{"660e8400-e29b-41d4-a716-44665544000Z", 36, 'Z', false},
		{"660e8400-e29b-41d4-a716-44665544000z", 36, 'z', false},
		{"  660e8400-e29b-41d4-a716-44665544000Z", 36, 'Z', false}, // counted from the text without spaces
		{"660e8400-e29b-41d4_a716-446655440001", 19, '_', true},
		{"{660e8400-e29b-41d4-a716-4466554400g1}", 36, 'g', false},
		{"660e8400e29b41d4a71644665544000x", 32, 'x', false},
	}
	for _, tt := range tests {
		_, err := ParseID(tt.in)
		var e *IDError
		if !errors.As(err, &e) || !e.Malformed() || e.Pos != tt.pos || e.Char != tt.char || e.DashWanted != tt.dash {
			t.Errorf("ParseID(%q): %#v, want malformed at %d (%q)", tt.in, err, tt.pos, tt.char)
			continue
		}
		if !strings.Contains(e.Error(), "character "+strconv.Itoa(tt.pos)) {
			t.Errorf("the message does not name the position: %s", e.Error())
		}
	}
}

func TestParseIDTellsSearchTextFromIDs(t *testing.T) {
	for _, in := range []string{"", "jean", "660e8400", "660e8400-e29b-41d4-a716", "jean dupont is a person in paris fr", strings.Repeat("x", 36)} {
		_, err := ParseID(in)
		var e *IDError
		if !errors.As(err, &e) || e.Malformed() {
			t.Errorf("ParseID(%q) = %v: want not-an-id, not malformed", in, err)
		}
	}
}

func TestIDPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"660e8400":                "660e8400",
		" 660E8400-E29B ":         "660e8400-e29b",
		"660e8400-e29b-41d4-a716": "660e8400-e29b-41d4-a716",
		"{660e8400-e2":            "660e8400-e2",
	} {
		if got, ok := IDPrefix(in); !ok || got != want {
			t.Errorf("IDPrefix(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"660e840", "660e8400e29b", "jean.dupont", "660e8400-e29b-41d4-a716-446655440001", "660e8400--e29b"} {
		if got, ok := IDPrefix(in); ok {
			t.Errorf("IDPrefix(%q) = %q: not a prefix", in, got)
		}
	}
	if !HasIDPrefix("660E8400-E29B-41D4-A716-446655440001", "660e8400-e2") || HasIDPrefix("660e", "660e8400") {
		t.Error("HasIDPrefix")
	}
}
