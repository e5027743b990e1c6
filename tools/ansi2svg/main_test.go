package main

import (
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func rgb(r, g, b uint8) Color { return Color{Kind: ColorRGB, RGB: RGB{r, g, b}} }

func TestApplySGR(t *testing.T) {
	full := Style{FG: indexed(1), BG: indexed(2), Bold: true, Dim: true, Italic: true, Underline: true, Reverse: true, Strike: true}
	tests := []struct {
		name   string
		start  Style
		params string
		want   Style
	}{
		{"bold", Style{}, "1", Style{Bold: true}},
		{"dim", Style{}, "2", Style{Dim: true}},
		{"italic", Style{}, "3", Style{Italic: true}},
		{"underline", Style{}, "4", Style{Underline: true}},
		{"underline styled 4:3", Style{}, "4:3", Style{Underline: true}},
		{"underline off 4:0", Style{Underline: true}, "4:0", Style{}},
		{"double underline 21", Style{}, "21", Style{Underline: true}},
		{"reverse", Style{}, "7", Style{Reverse: true}},
		{"strikethrough", Style{}, "9", Style{Strike: true}},
		{"reset 0", full, "0", Style{}},
		{"reset empty", full, "", Style{}},
		{"22 ends bold and dim", Style{Bold: true, Dim: true, Italic: true}, "22", Style{Italic: true}},
		{"23 ends italic", Style{Italic: true, Bold: true}, "23", Style{Bold: true}},
		{"24 ends underline", Style{Underline: true, Bold: true}, "24", Style{Bold: true}},
		{"27 ends reverse", Style{Reverse: true, Bold: true}, "27", Style{Bold: true}},
		{"29 ends strikethrough", Style{Strike: true, Bold: true}, "29", Style{Bold: true}},
		{"39 default fg", Style{FG: indexed(3), BG: indexed(4)}, "39", Style{BG: indexed(4)}},
		{"49 default bg", Style{FG: indexed(3), BG: indexed(4)}, "49", Style{FG: indexed(3)}},
		{"fg 30", Style{}, "30", Style{FG: indexed(0)}},
		{"fg 37", Style{}, "37", Style{FG: indexed(7)}},
		{"fg 90", Style{}, "90", Style{FG: indexed(8)}},
		{"fg 97", Style{}, "97", Style{FG: indexed(15)}},
		{"bg 40", Style{}, "40", Style{BG: indexed(0)}},
		{"bg 47", Style{}, "47", Style{BG: indexed(7)}},
		{"bg 100", Style{}, "100", Style{BG: indexed(8)}},
		{"bg 107", Style{}, "107", Style{BG: indexed(15)}},
		{"fg 256", Style{}, "38;5;208", Style{FG: indexed(208)}},
		{"bg 256", Style{}, "48;5;17", Style{BG: indexed(17)}},
		{"fg 256 colon", Style{}, "38:5:208", Style{FG: indexed(208)}},
		{"fg truecolor", Style{}, "38;2;139;135;255", Style{FG: rgb(139, 135, 255)}},
		{"bg truecolor", Style{}, "48;2;1;2;3", Style{BG: rgb(1, 2, 3)}},
		{"fg truecolor colon", Style{}, "38:2:10:20:30", Style{FG: rgb(10, 20, 30)}},
		{"fg truecolor colon with colour space", Style{}, "38:2::10:20:30", Style{FG: rgb(10, 20, 30)}},
		{"truecolor clamps", Style{}, "38;2;300;0;0", Style{FG: rgb(255, 0, 0)}},
		{"several at once", Style{}, "1;3;38;5;1;48;2;4;5;6;9", Style{Bold: true, Italic: true, Strike: true, FG: indexed(1), BG: rgb(4, 5, 6)}},
		{"colour then reset in one", Style{}, "38;5;1;0;4", Style{Underline: true}},
		{"truncated 38;5 is ignored", Style{FG: indexed(2)}, "38;5", Style{FG: indexed(2)}},
		{"truncated 38;2 is ignored", Style{FG: indexed(2)}, "38;2;1", Style{FG: indexed(2)}},
		{"underline colour 58 is consumed", Style{}, "58;2;1;2;3;1", Style{Bold: true}},
		{"unknown codes are ignored", Style{}, "5;53;1", Style{Bold: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.start
			applySGR(&st, tt.params)
			if st != tt.want {
				t.Errorf("applySGR(%q) = %+v, want %+v", tt.params, st, tt.want)
			}
		})
	}
}

func TestPalette(t *testing.T) {
	tests := []struct {
		n    uint8
		want string
	}{
		{1, "#cd0000"}, {15, "#ffffff"}, {16, "#000000"}, {21, "#0000ff"}, {208, "#ff8700"},
		{231, "#ffffff"}, {232, "#080808"}, {239, "#4e4e4e"}, {245, "#8a8a8a"}, {255, "#eeeeee"},
	}
	for _, tt := range tests {
		if got := xterm256(tt.n).Hex(); got != tt.want {
			t.Errorf("xterm256(%d) = %s, want %s", tt.n, got, tt.want)
		}
	}
}

func TestLook(t *testing.T) {
	l := lookOf(Style{Reverse: true})
	if l.fg != defaultBG || l.bg != defaultFG || !l.hasBG {
		t.Errorf("reverse video: %+v", l)
	}
	if l := lookOf(Style{}); l.hasBG || l.fg != defaultFG {
		t.Errorf("default look: %+v", l)
	}
	if l := lookOf(Style{Dim: true}); l.fg == defaultFG {
		t.Errorf("dim text keeps the full foreground")
	}
}

// svgDoc is the part of the SVG the tests look at.
type svgDoc struct {
	Texts []struct {
		Y      string `xml:"y,attr"`
		Space  string `xml:"http://www.w3.org/XML/1998/namespace space,attr"`
		Tspans []struct {
			X          string `xml:"x,attr"`
			Fill       string `xml:"fill,attr"`
			Weight     string `xml:"font-weight,attr"`
			Style      string `xml:"font-style,attr"`
			Decoration string `xml:"text-decoration,attr"`
			Text       string `xml:",chardata"`
		} `xml:"tspan"`
		Text string `xml:",chardata"`
	} `xml:"text"`
	Rects []struct {
		X     string `xml:"x,attr"`
		Y     string `xml:"y,attr"`
		Width string `xml:"width,attr"`
		Fill  string `xml:"fill,attr"`
	} `xml:"rect"`
	Width string `xml:"width,attr"`
}

func decode(t *testing.T, svg string) svgDoc {
	t.Helper()
	var d svgDoc
	if err := xml.Unmarshal([]byte(svg), &d); err != nil {
		t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, svg)
	}
	return d
}

// wellFormed walks every token so that any XML error shows.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, svg)
		}
	}
}

// glyphs maps each character of the line's tspans to its cell column.
func glyphs(t *testing.T, d svgDoc, line int) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, ts := range d.Texts[line].Tspans {
		xs := strings.Fields(ts.X)
		runes := []rune(ts.Text)
		if len(xs) != len(runes) && len(xs) != 1 {
			t.Fatalf("tspan %q has %d x values for %d characters", ts.Text, len(xs), len(runes))
		}
		for i, x := range xs {
			f, err := strconv.ParseFloat(x, 64)
			if err != nil {
				t.Fatal(err)
			}
			col := int((f-padX)/cellW + 0.5)
			if len(xs) == 1 {
				out[ts.Text] = col
				break
			}
			out[string(runes[i])] = col
		}
	}
	return out
}

func TestXMLEscaping(t *testing.T) {
	svg := SVG(Parse("a<b & \"c\" > 'd'\n"), Options{Title: `<title & "quotes">`, Cols: 20, Rows: 2})
	wellFormed(t, svg)
	for _, raw := range []string{"a<b", "& \"c", `"quotes">`} {
		if strings.Contains(svg, raw) {
			t.Errorf("%q is not escaped", raw)
		}
	}
	d := decode(t, svg)
	if got := d.Texts[0].Text; got != `<title & "quotes">` {
		t.Errorf("title = %q", got)
	}
	var line string
	for _, ts := range d.Texts[1].Tspans {
		line += ts.Text
	}
	if line != `a<b & "c" > 'd'` {
		t.Errorf("line = %q", line)
	}
}

func TestWideCharacters(t *testing.T) {
	// 日 and 本 take two cells each, so x lands in column 5; the emoji too.
	svg := SVG(Parse("a日本x│\n😀b│\n"), Options{Cols: 10, Rows: 2})
	d := decode(t, svg)
	g := glyphs(t, d, 0)
	want := map[string]int{"a": 0, "日": 1, "本": 3, "x": 5}
	for ch, col := range want {
		if g[ch] != col {
			t.Errorf("%s is in column %d, want %d (%v)", ch, g[ch], col, g)
		}
	}
	g = glyphs(t, d, 1)
	if g["😀"] != 0 || g["b"] != 2 {
		t.Errorf("emoji line columns: %v", g)
	}
	// The box character after the wide ones is in column 6 on line one and
	// 3 on line two: its rect is placed from the cell column.
	s := Parse("a日本x│\n")
	if c := s.Lines[0][6]; c.Text != "│" {
		t.Errorf("column 6 = %+v, want │", c)
	}
	if !s.Lines[0][2].Cont || !s.Lines[0][4].Cont {
		t.Errorf("wide characters have no continuation cells: %+v", s.Lines[0])
	}
}

func TestCombiningCharacters(t *testing.T) {
	// e + combining acute is one cell; the x after it stays in column 2.
	d := decode(t, SVG(Parse("ae\u0301x\n"), Options{}))
	var all string
	for _, ts := range d.Texts[0].Tspans {
		all += ts.Text
	}
	if all != "ae\u0301x" {
		t.Errorf("text = %q", all)
	}
	if g := glyphs(t, d, 0); g["x"] != 2 {
		t.Errorf("x in column %d, want 2 (%v)", g["x"], g)
	}
}

func TestOtherSequencesIgnored(t *testing.T) {
	in := "\x1b]0;window title\x07\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\" +
		"\x1b[2J\x1b[H\x1b[?25l\x1bPq#0;2;0;0;0\x1b\\\x1b(B\x1b7 ok\x1b[38;5;1m!\x1b[0m\x00\x07\n"
	s := Parse(in)
	var got string
	for _, c := range s.Lines[0] {
		got += c.Text
	}
	if got != "link ok!" {
		t.Errorf("text = %q, want %q", got, "link ok!")
	}
	if s.Lines[0][7].Style.FG != indexed(1) {
		t.Errorf("SGR after other sequences not applied: %+v", s.Lines[0][7])
	}
	// Truncated sequences at the end of the input do not panic.
	for _, tail := range []string{"\x1b", "\x1b[", "\x1b[38;5", "\x1b]0;x", "\x1bP", "\xff\xfe"} {
		wellFormed(t, SVG(Parse("x"+tail), Options{}))
	}
}

func TestControlCharacters(t *testing.T) {
	s := Parse("ab\tc\rX\n")
	var got string
	for _, c := range s.Lines[0] {
		got += c.Text
	}
	if got != "Xb      c" {
		t.Errorf("got %q", got)
	}
}

func TestStyleCarriesAcrossLines(t *testing.T) {
	// tmux capture-pane -e sets attributes only when they change.
	s := Parse("\x1b[31mred\nstill red\x1b[0m\n")
	if s.Lines[1][0].Style.FG != indexed(1) {
		t.Errorf("style did not carry to the next line")
	}
}

func TestSize(t *testing.T) {
	d := decode(t, SVG(Parse("short\n"), Options{Cols: 100, Rows: 30}))
	if want := num(2*padX + 100*cellW); d.Width != want {
		t.Errorf("width = %s, want %s (100 columns)", d.Width, want)
	}
	// Content wider than -cols widens the picture.
	d = decode(t, SVG(Parse(strings.Repeat("x", 120)), Options{Cols: 100}))
	if want := num(2*padX + 120*cellW); d.Width != want {
		t.Errorf("width = %s, want %s (120 columns)", d.Width, want)
	}
}

func TestBackgroundAndAttributes(t *testing.T) {
	svg := SVG(Parse("\x1b[48;5;245m \x1b[1;38;2;16;16;16mtag\x1b[22;3;4;9m z\x1b[0m\n"), Options{Cols: 10, Rows: 1})
	d := decode(t, svg)
	var bg bool
	for _, r := range d.Rects {
		if r.Fill == "#8a8a8a" && r.X == num(padX) && r.Width == num(6*cellW) {
			bg = true
		}
	}
	if !bg {
		t.Errorf("no background rect over the six cells:\n%s", svg)
	}
	ts := d.Texts[0].Tspans
	if len(ts) != 2 || ts[0].Text != "tag" || ts[0].Weight != "bold" || ts[0].Fill != "#101010" {
		t.Fatalf("tspans: %+v", ts)
	}
	if ts[1].Text != " z" || ts[1].Style != "italic" || ts[1].Decoration != "underline line-through" || ts[1].Weight != "" {
		t.Errorf("second tspan: %+v", ts[1])
	}
}

func TestBoxDrawingIsShapes(t *testing.T) {
	svg := SVG(Parse("╭──╮\n│ab┃\n╰──╯\n"), Options{Cols: 4, Rows: 3})
	d := decode(t, svg)
	for _, tx := range d.Texts {
		for _, ts := range tx.Tspans {
			if strings.ContainsAny(ts.Text, "╭─╮│┃╰╯") {
				t.Errorf("box-drawing character drawn as text: %q", ts.Text)
			}
		}
	}
	// The two dashes of the top border are one rect spanning both cells.
	var found bool
	for _, r := range d.Rects {
		if r.X == num(padX+cellW) && r.Width == num(2*cellW) {
			found = true
		}
	}
	if !found {
		t.Errorf("no rect for the top border:\n%s", svg)
	}
	if g := glyphs(t, d, 0); g["a"] != 1 || g["b"] != 2 {
		t.Errorf("text inside the box: %v", g)
	}
	for _, r := range []rune("─━│┃═║┌┐└┘├┤┬┴┼┏┓┗┛╔╗╚╝╭╮╯╰▀▄█▌▐░▒▓▖▟") {
		if !isShape(string(r)) || shapeSVG(string(r), 0, 0, cellW, lineH, "#fff") == "" {
			t.Errorf("%c draws nothing", r)
		}
	}
	if isShape("┄") || isShape("a") {
		t.Errorf("dashed lines and letters are glyphs")
	}
}

func TestGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "small.ansi"))
	if err != nil {
		t.Fatal(err)
	}
	got := SVG(Parse(string(in)), Options{Title: "golden <test>", Cols: 40, Rows: 8})
	wellFormed(t, got)
	golden := filepath.Join("testdata", "small.svg")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./tools/ansi2svg -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("SVG differs from %s (run go test ./tools/ansi2svg -update after checking the change)\ngot:\n%s", golden, got)
	}
}
