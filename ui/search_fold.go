package ui

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Folding: search ignores case and accents, so "Zoë" matches "zoe". The
// full rule is Unicode's (decompose, drop the combining marks, compose,
// lower-case); the scripts of most names (Latin, Greek, Cyrillic, kana,
// CJK) fold one character at a time, from a table built with that rule.

// folders reuses accent-stripping transformers: building one per call made
// indexing 50,000 contacts allocate half a gigabyte.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// foldSlow is the rule itself.
func foldSlow(s string) string {
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// foldRanges are the characters folded one at a time: for each, the rule
// applied to it alone gives what it contributes to any text.
var foldRanges = [][2]rune{{0x80, 0x24f}, {0x300, 0x36f}, {0x370, 0x52f}, {0x1e00, 0x1eff}, {0x3000, 0x30ff}, {0x4e00, 0x9fff}}

// foldTable holds, for each range, the folded form of each character: -1
// for none (a combining mark), -2 when it folds to more than one
// character.
var foldTable = sync.OnceValue(func() [][]rune {
	t := make([][]rune, len(foldRanges))
	for i, r := range foldRanges {
		t[i] = make([]rune, r[1]-r[0]+1)
		for c := r[0]; c <= r[1]; c++ {
			f := foldSlow(string(c))
			switch n := utf8.RuneCountInString(f); {
			case n == 0:
				t[i][c-r[0]] = -1
			case n == 1:
				t[i][c-r[0]], _ = utf8.DecodeRuneInString(f)
			default:
				t[i][c-r[0]] = -2
			}
		}
	}
	return t
})

// fold lower-cases s and drops accents.
func fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	if b, ok := appendFolded(nil, s); ok {
		return string(b)
	}
	return foldSlow(s)
}

// appendFolded appends s folded with the table to dst, and reports
// whether it could: every character is ASCII or in the table (a
// combining mark after a character outside it is the rule's business).
func appendFolded(dst []byte, s string) ([]byte, bool) {
	t := foldTable()
	for _, c := range s {
		if c < 0x80 {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, byte(c))
			continue
		}
		f := rune(-2)
		for i, r := range foldRanges {
			if c >= r[0] && c <= r[1] {
				f = t[i][c-r[0]]
				break
			}
		}
		switch {
		case f == -2:
			return dst, false
		case f >= 0:
			dst = utf8.AppendRune(dst, f)
		}
	}
	return dst, true
}
