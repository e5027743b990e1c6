package ui

import (
	"strings"
	"unicode/utf8"
)

// The text of the index: chunks written once, and the folding of what
// goes into them.

// chunkWriter appends text to chunks that are never written again once
// a string was taken from them.
type chunkWriter struct {
	b      strings.Builder
	next   int
	chunks []string // sealed
}

// room makes sure n more bytes fit in the current chunk.
func (w *chunkWriter) room(n int) {
	if w.b.Cap() > 0 && w.b.Cap()-w.b.Len() >= n {
		return
	}
	if w.b.Cap() > 0 {
		w.seal()
	}
	if w.next == 0 {
		w.next = firstChunk
	}
	w.b.Grow(max(w.next, n))
	w.next = min(w.next*2, lastChunk)
}

// seal closes the current chunk.
func (w *chunkWriter) seal() {
	w.chunks = append(w.chunks, w.b.String())
	w.b = strings.Builder{}
}

// text returns chunk c's text so far.
func (w *chunkWriter) text(c int32) string {
	if int(c) < len(w.chunks) {
		return w.chunks[c]
	}
	return w.b.String()
}

// at is the current chunk and offset.
func (w *chunkWriter) at() (int32, int32) { return int32(len(w.chunks)), int32(w.b.Len()) }

// writeFolded writes s lower-cased and without accents (at most
// maxFolded bytes of it); scratch is reused between calls.
func writeFolded(b *strings.Builder, s string, scratch *[]byte) {
	if !isASCII(s) {
		if f, ok := appendFolded((*scratch)[:0], s); ok {
			*scratch = f
			if len(f) <= maxFolded {
				b.Write(f)
				return
			}
			s = string(f)
		} else {
			s = foldSlow(s)
		}
	}
	writeLower(b, s)
}

// writeLower writes s lower-cased (ASCII letters; others as they are
// unless s is not ASCII), at most maxFolded bytes, cut on a rune.
func writeLower(b *strings.Builder, s string) {
	if !isASCII(s) {
		s = strings.ToLower(s)
	}
	if len(s) > maxFolded {
		n := maxFolded
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b.WriteString(s[:i])
			for ; i < len(s); i++ {
				c := s[i]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
			return
		}
	}
	b.WriteString(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
