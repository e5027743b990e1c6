package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// scanAll runs scanList over body and returns the records.
func scanAll(body []byte, limit int64) ([]ListedContact, *Error) {
	return scanFrom(bytes.NewReader(body), limit)
}

// scanFrom runs scanList over r and returns the records.
func scanFrom(r io.Reader, limit int64) ([]ListedContact, *Error) {
	var out []ListedContact
	e := scanList(r, http.StatusOK, limit, func(lc *ListedContact) *Error {
		out = append(out, *lc)
		return nil
	})
	return out, e
}

// sameScan reports whether two scans of the same body agree: records,
// and the kind of error.
func sameScan(a []ListedContact, ae *Error, b []ListedContact, be *Error) bool {
	if (ae == nil) != (be == nil) || (ae != nil && (ae.Kind != be.Kind || ae.Message != be.Message)) {
		return false
	}
	return reflect.DeepEqual(a, b)
}

// reference decodes a list answer with encoding/json, as the fields of
// ListedContact are meant: strings as they are, null as "", anything else
// marked as "other".
func reference(body []byte) ([]ListedContact, bool) {
	var env map[string]json.RawMessage
	if json.Unmarshal(body, &env) != nil {
		return nil, false
	}
	if s, ok := env["success"]; ok && string(bytes.TrimSpace(s)) == "false" {
		return nil, false
	}
	var items []json.RawMessage
	if json.Unmarshal(env["data"], &items) != nil || env["data"] == nil || string(env["data"]) == "null" {
		return nil, false
	}
	out := []ListedContact{}
	for _, raw := range items {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil || bytes.TrimSpace(raw)[0] != '{' {
			return nil, false
		}
		var lc ListedContact
		text := func(k string) string {
			v, ok := m[k]
			if !ok {
				return ""
			}
			var s string
			if json.Unmarshal(v, &s) == nil {
				return s
			}
			if string(bytes.TrimSpace(v)) == "null" {
				return ""
			}
			return "<other>"
		}
		lc.ID, lc.CustomerID, lc.FirstName, lc.LastName, lc.Email, lc.Phone = text("id"), text("customer_id"), text("first_name"), text("last_name"), text("email"), text("phone")
		lc.PhoneNull = m["phone"] != nil && string(bytes.TrimSpace(m["phone"])) == "null"
		if v, ok := m["address_ids"]; ok && bytes.TrimSpace(v)[0] == '[' {
			var items []json.RawMessage
			json.Unmarshal(v, &items)
			lc.HasAddressIDs, lc.AddressIDs = true, []string{}
			for _, it := range items {
				var s string
				if json.Unmarshal(it, &s) == nil {
					lc.AddressIDs = append(lc.AddressIDs, s)
				}
			}
		}
		out = append(out, lc)
	}
	return out, true
}

// same compares scanned records with the reference, "<other>" standing
// for any value that is not a string.
func same(got, want []ListedContact) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		for _, p := range [][2]string{{g.ID, w.ID}, {g.CustomerID, w.CustomerID}, {g.FirstName, w.FirstName}, {g.LastName, w.LastName}, {g.Email, w.Email}, {g.Phone, w.Phone}} {
			if p[1] == "<other>" {
				if p[0] == "" {
					return false
				}
				continue
			}
			if p[0] != p[1] {
				return false
			}
		}
		if g.PhoneNull != w.PhoneNull || g.HasAddressIDs != w.HasAddressIDs || strings.Join(g.AddressIDs, ",") != strings.Join(w.AddressIDs, ",") {
			return false
		}
	}
	return true
}

func TestScanListMatchesEncodingJSONOnTheSandbox(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	sb.AddSyntheticContacts(500, "scan")
	body := sandboxBody(t, sb, "/contacts")
	got, e := scanAll(body, DefaultMaxListBody)
	if e != nil {
		t.Fatal(e)
	}
	want, ok := reference(body)
	if !ok || !same(got, want) || len(got) < 500 {
		t.Fatalf("%d records scanned, %d by encoding/json", len(got), len(want))
	}
}

func TestScanListCases(t *testing.T) {
	rec := func(fields string) string { return `{"success":true,"data":[` + fields + `]}` }
	cases := []struct {
		name, body string
		err        string // in the message; "" for success
		check      func(t *testing.T, got []ListedContact)
	}{
		{"empty list", `{"success":true,"data":[]}`, "", func(t *testing.T, got []ListedContact) {
			if len(got) != 0 {
				t.Errorf("%d records", len(got))
			}
		}},
		{"escapes and unicode", rec(`{"id":"a","first_name":"Z\u00f6e \"Z\" \\ \ud83d\ude00","last_name":"\/x"}`), "", func(t *testing.T, got []ListedContact) {
			if got[0].FirstName != "Zöe \"Z\" \\ 😀" || got[0].LastName != "/x" {
				t.Errorf("%q %q", got[0].FirstName, got[0].LastName)
			}
		}},
		{"invalid UTF-8 becomes U+FFFD, as encoding/json does", rec("{\"id\":\"a\",\"last_name\":\"M\xfcller\"}"), "", func(t *testing.T, got []ListedContact) {
			if got[0].LastName != "M\uFFFDller" {
				t.Errorf("%q", got[0].LastName)
			}
		}},
		{"a phone sent as a number, kept as received", rec(`{"id":"a","phone":33612345678,"email":null}`), "", func(t *testing.T, got []ListedContact) {
			if got[0].Phone != "33612345678" || got[0].PhoneNull || got[0].Email != "" {
				t.Errorf("%+v", got[0])
			}
		}},
		{"null phone, nested values skipped", rec(`{"id":"a","phone":null,"extra":{"x":[1,{"y":"}"}]},"address_ids":["b","c"]}`), "", func(t *testing.T, got []ListedContact) {
			if !got[0].PhoneNull || strings.Join(got[0].AddressIDs, ",") != "b,c" || !got[0].HasAddressIDs {
				t.Errorf("%+v", got[0])
			}
		}},
		{"success false", `{"success":false,"error":{"code":"nope","message":"Not allowed"}}`, "Not allowed", nil},
		{"no data", `{"success":true}`, `it has no "data"`, nil},
		{"data not a list", `{"success":true,"data":{"id":"a"}}`, "not a list", nil},
		{"an element that is not an object", rec(`"x"`), "unexpected shape", nil},
		{"cut off in a string", `{"success":true,"data":[{"id":"ab`, "cut off", nil},
		{"cut off between records", `{"success":true,"data":[{"id":"a"},`, "cut off", nil},
		{"garbage after", `{"success":true,"data":[]} x`, "not valid JSON", nil},
		{"a control character in a string", "{\"success\":true,\"data\":[{\"id\":\"a\x01\"}]}", "not valid JSON", nil},
		{"a bad literal", rec(`{"id":"a","x":tru}`), "not valid JSON", nil},
		{"a bad number", rec(`{"id":"a","x":1.}`), "not valid JSON", nil},
		{"HTML", `<html>`, "lacks the API's envelope", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, e := scanAll([]byte(c.body), DefaultMaxListBody)
			if c.err == "" {
				if e != nil {
					t.Fatalf("error %v", e)
				}
				c.check(t, got)
				return
			}
			if e == nil || !strings.Contains(e.Error(), c.err) {
				t.Errorf("error %v, want %q", e, c.err)
			}
		})
	}
	body := []byte(rec(strings.Repeat(`{"id":"aaaaaaaaaaaaaaaa"},`, 1000) + `{"id":"a"}`))
	if _, e := scanAll(body, 1000); e == nil || e.Kind != ErrTooLarge {
		t.Errorf("over the limit: %v", e)
	}
}

// TestScanListAcrossBufferEdges puts long strings, escapes and backslash
// runs across the reader's 64 KiB buffer edges.
func TestScanListAcrossBufferEdges(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"success":true,"data":[`)
	for i := range 300 {
		if i > 0 {
			b.WriteByte(',')
		}
		name := strings.Repeat("é", i*7) + strings.Repeat(`\\`, i%5) + `\"` + strings.Repeat("x", 900)
		b.WriteString(`{"id":"` + strings.Repeat("i", i) + `","first_name":"` + name + `"}`)
	}
	b.WriteString(`]}`)
	body := []byte(b.String())
	got, e := scanAll(body, DefaultMaxListBody)
	want, ok := reference(body)
	if e != nil || !ok || !same(got, want) {
		t.Fatalf("error %v; %d records, want %d", e, len(got), len(want))
	}
	for name, r := range map[string]io.Reader{
		"a byte at a time":    iotest.OneByteReader(bytes.NewReader(body)),
		"half of each read":   iotest.HalfReader(bytes.NewReader(body)),
		"the last read fails": iotest.DataErrReader(bytes.NewReader(body)),
	} {
		slow, se := scanFrom(r, DefaultMaxListBody)
		if !sameScan(got, e, slow, se) {
			t.Errorf("%s: %d records, error %v", name, len(slow), se)
		}
	}
}

func FuzzScanList(f *testing.F) {
	for _, s := range []string{
		`{"success":true,"data":[{"id":"a","first_name":"b","phone":null,"address_ids":["x"]}]}`,
		`{"success":true,"data":[{"id":1,"phone":[1,2],"email":{"a":"b"}}],"message":"x"}`,
		`{"success":false,"error":"nope"}`,
		`{"data":[{"id":"\ud83d\ude00\\\"","last_name":"\u0000"}]}`,
		`{"success":true,"data":[]}`,
		`[1,2]`,
		`{"success":true,"data":[{"id":"a"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, e := scanAll(body, DefaultMaxListBody)
		want, ok := reference(body)
		// A byte at a time, every value crosses the edge of what was read.
		slow, se := scanFrom(iotest.OneByteReader(bytes.NewReader(body)), DefaultMaxListBody)
		if !sameScan(got, e, slow, se) {
			t.Fatalf("read a byte at a time, %q scans otherwise: %+v %v, not %+v %v", body, slow, se, got, e)
		}
		switch {
		case !json.Valid(body) && e == nil:
			t.Fatalf("invalid JSON accepted: %q", body)
		case ok && e != nil:
			t.Fatalf("encoding/json reads it, the scanner says %v: %q", e, body)
		case ok && !same(got, want):
			t.Fatalf("records differ for %q:\n got %+v\nwant %+v", body, got, want)
		case !ok && e == nil && json.Valid(body):
			t.Fatalf("the scanner accepted what is not a list answer: %q", body)
		}
	})
}

func BenchmarkScanList50k(b *testing.B) {
	sb := sandbox.New(sandbox.Options{})
	sb.AddSyntheticContacts(50_000, "bench")
	body := sandboxBody(b, sb, "/contacts")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		n := 0
		if e := scanList(bytes.NewReader(body), http.StatusOK, DefaultMaxListBody, func(*ListedContact) *Error { n++; return nil }); e != nil || n < 50_000 {
			b.Fatal(e, n)
		}
	}
}

// BenchmarkStreamList50k is the decoding EachContact does (RawMessage,
// then Unmarshal into a Contact), for comparison.
func BenchmarkStreamList50k(b *testing.B) {
	sb := sandbox.New(sandbox.Options{})
	sb.AddSyntheticContacts(50_000, "bench")
	body := sandboxBody(b, sb, "/contacts")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		resp := &http.Response{StatusCode: 200, Body: io.NopCloser(bytes.NewReader(body))}
		n := 0
		if e := streamList(resp, DefaultMaxListBody, func(raw json.RawMessage) *Error {
			var c Contact
			if json.Unmarshal(raw, &c) != nil {
				b.Fatal("bad record")
			}
			n++
			return nil
		}); e != nil {
			b.Fatal(e)
		}
	}
}
