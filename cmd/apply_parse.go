package cmd

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// maxApplyLine bounds one line of an apply file.
const maxApplyLine = 1 << 20

// applyLine is one checked line of an apply file.
type applyLine struct {
	n      int // line number in the file, from 1
	schema *api.Schema
	id     string
	after  api.Values
	reason string
	// opID fingerprints the line (kind, id, values, reason), so a re-run
	// can skip a line already applied.
	opID string
}

// key names the record the line changes; lines about the same record run
// one after the other, in file order.
func (l *applyLine) key() string { return string(l.schema.Kind) + "/" + strings.ToLower(l.id) }

// applyInput is the JSON shape of a line.
type applyInput struct {
	ID        *string         `json:"id"`
	AddressID *string         `json:"address_id"`
	Set       json.RawMessage `json:"set"`
	Reason    string          `json:"reason"`
}

// parseApply reads and checks every line of an apply file. Blank lines are
// ignored. It returns the lines, or every problem found (with line
// numbers) and no lines: nothing is sent unless the whole file is valid.
// defaultReason applies to lines without one; checkReason is the write
// path's reason rule (edit.Writer.CheckReason).
func parseApply(r io.Reader, defaultReason string, checkReason func(string) error) ([]applyLine, []string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxApplyLine)
	var lines []applyLine
	var problems []string
	n := 0
	for sc.Scan() {
		n++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		l, errs := parseApplyLine(text, defaultReason, checkReason)
		for _, e := range errs {
			problems = append(problems, fmt.Sprintf("line %d: %s", n, e))
		}
		if len(errs) == 0 {
			l.n = n
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, nil, fmt.Errorf("line %d is longer than %d bytes: one JSON object a line, please", n+1, maxApplyLine)
		}
		return nil, nil, fmt.Errorf("cannot read the input: %w", err)
	}
	if len(problems) > 0 {
		return nil, problems, nil
	}
	return lines, nil, nil
}

// parseApplyLine checks one non-blank line.
func parseApplyLine(text []byte, defaultReason string, checkReason func(string) error) (applyLine, []string) {
	var in applyInput
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return applyLine{}, []string{"unknown key " + name + `: a line has "id" or "address_id", "set" and optionally "reason"`}
		}
		return applyLine{}, []string{"not a JSON object like {\"id\": \"…\", \"set\": {\"phone\": \"…\"}}: " + jsonProblem(err)}
	}
	if dec.More() {
		return applyLine{}, []string{"more than one JSON value: one object a line, please"}
	}
	var l applyLine
	var errs []string
	switch {
	case in.ID != nil && in.AddressID != nil:
		errs = append(errs, `has both "id" and "address_id": a line changes one contact ("id") or one address ("address_id")`)
	case in.ID != nil:
		l.schema, l.id = api.ContactSchema, *in.ID
	case in.AddressID != nil:
		l.schema, l.id = api.AddressSchema, *in.AddressID
	default:
		errs = append(errs, `has no "id" (a contact) or "address_id" (an address)`)
	}
	if l.schema != nil && !api.ValidID(l.id) {
		errs = append(errs, fmt.Sprintf("%q is not a valid id: Qwoty ids are UUIDs like 660e8400-e29b-41d4-a716-446655440001", l.id))
	}
	if l.schema != nil { // without a kind, the fields cannot be checked
		after, setErrs := parseSetObject(l.schema, in.Set)
		errs = append(errs, setErrs...)
		l.after = after
	}
	l.reason = in.Reason
	if l.reason == "" {
		l.reason = defaultReason
	}
	if checkReason != nil && checkReason(l.reason) != nil {
		errs = append(errs, `has no "reason": this profile requires one for every change (or pass --reason)`)
	}
	if len(errs) > 0 {
		return applyLine{}, errs
	}
	l.opID = opID(l.schema.Kind, l.id, l.after, l.reason)
	return l, nil
}

// parseSetObject reads a line's "set" object, keeping the fields' order
// to report duplicates, and checks each value.
func parseSetObject(s *api.Schema, raw json.RawMessage) (api.Values, []string) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, []string{`has no "set": give the fields to change, e.g. "set": {"phone": null}`}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, []string{`"set" must be an object of field: value`}
	}
	out := api.Values{}
	var errs []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, append(errs, `"set" is not valid JSON`)
		}
		name, _ := tok.(string)
		var v api.Value
		if err := dec.Decode(&v); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %s", name, err))
			continue
		}
		if hasKey(out, name) {
			errs = append(errs, fmt.Sprintf("%s is given more than once in \"set\"", name))
			continue
		}
		v, err = checkField(s, name, v)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		out[name] = v
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, `"set" is empty: give at least one field to change`)
	}
	return out, errs
}

// opID fingerprints a line: sha256 over its kind, lower-case id, values
// (keys sorted) and reason, in hex.
func opID(kind api.Kind, id string, vs api.Values, reason string) string {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(vs)) {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(k)
		val, _ := vs[k].MarshalJSON()
		b.Write(key)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	canon, _ := json.Marshal([]any{string(kind), strings.ToLower(id), json.RawMessage(b.Bytes()), reason})
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:])
}

// jsonProblem says in a few words what is wrong with a line's JSON.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return fmt.Sprintf("%q must be a %s", typ.Field, jsonKind(typ.Type.Kind().String()))
		}
		return "expected an object"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON is cut off"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func jsonKind(k string) string {
	if k == "ptr" {
		return "string"
	}
	return k
}
