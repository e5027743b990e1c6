package sanitize

import (
	"strings"
	"testing"
)

var (
	benchASCII   = "Jane Doe <jane.doe@example.com> - Customer since 2019, plan: Enterprise"
	benchUnicode = "山田 太郎 · Zoë Ålander · 👩‍💻 dev · José\u0301 · Привет мир · مرحبا"
	benchHostile = "\x1b]52;c;aGVsbG8=\x07Bob\x1b[31m\u202eevil\x9b\r\n\x1b]8;;https://x\x1b\\y\x1b]8;;\x1b\\"
)

var sink string

func BenchmarkText(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"clean-ascii", benchASCII},
		{"clean-unicode", benchUnicode},
		{"hostile", benchHostile},
		{"long-clean", strings.Repeat(benchUnicode, 50)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.in)))
			for b.Loop() {
				sink = Text(bc.in)
			}
		})
	}
}

func BenchmarkTruncate(b *testing.B) {
	for _, bc := range []struct {
		name  string
		in    string
		width int
	}{
		{"ascii-fits", benchASCII, 80},
		{"ascii-cut", benchASCII, 20},
		{"unicode-fits", benchUnicode, 80},
		{"unicode-cut", benchUnicode, 20},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = Truncate(bc.in, bc.width)
			}
		})
	}
}

func BenchmarkWidth(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"ascii", benchASCII},
		{"unicode", benchUnicode},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Width(bc.in)
			}
		})
	}
}
