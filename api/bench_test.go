package api

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// sandboxBody returns the body the sandbox answers a GET of path with
// (path without the /api prefix).
func sandboxBody(tb testing.TB, sb *sandbox.Server, path string) []byte {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, "/api"+path, nil)
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	w := httptest.NewRecorder()
	sb.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		tb.Fatalf("GET %s: %d %s", path, w.Code, w.Body.String())
	}
	return w.Body.Bytes()
}

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// BenchmarkDecodeContact decodes one contact answer as GetContact does:
// DecodeResponse, then the data into a Contact.
func BenchmarkDecodeContact(b *testing.B) {
	body := sandboxBody(b, sandbox.New(sandbox.Options{}), "/contacts/"+sandbox.TenAddressesContactID)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		data, e := DecodeResponse(http.StatusOK, jsonHeader, body)
		if e != nil {
			b.Fatal(e)
		}
		var c Contact
		if e := decodeData(data, &c, "contact"); e != nil {
			b.Fatal(e)
		}
		if len(c.AddressIDs) != 10 {
			b.Fatalf("%d addresses", len(c.AddressIDs))
		}
	}
}

// BenchmarkDecodeAddress decodes one address answer as GetAddress does.
func BenchmarkDecodeAddress(b *testing.B) {
	body := sandboxBody(b, sandbox.New(sandbox.Options{}), "/addresses/"+sandbox.DocsAddressID)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		data, e := DecodeResponse(http.StatusOK, jsonHeader, body)
		if e != nil {
			b.Fatal(e)
		}
		var a Address
		if e := decodeData(data, &a, "address"); e != nil {
			b.Fatal(e)
		}
	}
}

// BenchmarkDecodeContactList50k decodes the answer to a list of 50,000
// contacts as ListContacts does (the body is over DefaultMaxBody, which
// ListContacts refuses before decoding: this measures the decoding alone).
func BenchmarkDecodeContactList50k(b *testing.B) {
	sb := sandbox.New(sandbox.Options{})
	sb.AddSyntheticContacts(50_000, "bench")
	body := sandboxBody(b, sb, "/contacts")
	b.ReportMetric(float64(len(body))/(1<<20), "body-MiB")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		data, e := DecodeResponse(http.StatusOK, jsonHeader, body)
		if e != nil {
			b.Fatal(e)
		}
		var out []Contact
		if e := decodeData(data, &out, "contact list"); e != nil {
			b.Fatal(e)
		}
		if len(out) < 50_000 {
			b.Fatalf("%d contacts", len(out))
		}
	}
}
