package state

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
)

// files returns the log's files, oldest first: the rotated ones
// (audit-<seq>.jsonl, by number), then the current one.
func (l *AuditLog) files() []string {
	old, _ := filepath.Glob(filepath.Join(l.dir, "audit-*.jsonl"))
	slices.Sort(old) // zero-padded numbers sort as text
	return append(old, l.path)
}

// head is what the log's last line was, kept beside it
// (<dir>/audit.head): a truncated or edited last line shows against it.
type head struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// writeHead records the chain's tip; best effort (a lost head only weakens
// the check of the very last line).
func writeHead(dir string, seq uint64, hash string) {
	data, _ := json.Marshal(head{Seq: seq, Hash: hash})
	tmp := filepath.Join(dir, ".audit.head.tmp")
	if os.WriteFile(tmp, data, fileMode) == nil {
		_ = os.Rename(tmp, filepath.Join(dir, "audit.head"))
	}
}

// readHead returns the recorded tip, if any.
func readHead(dir string) (head, bool) {
	data, err := os.ReadFile(filepath.Join(dir, "audit.head"))
	if err != nil {
		return head{}, false
	}
	var h head
	return h, json.Unmarshal(data, &h) == nil && h.Seq > 0
}
