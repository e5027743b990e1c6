package api_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

func listClient(t *testing.T, sb *sandbox.Server, maxList int64) *api.Client {
	t.Helper()
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: api.NewToken(sandbox.DefaultToken), RetryBase: time.Millisecond, MaxListBody: maxList})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEachContactStreamsLargeLists(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	sb.AddSyntheticContacts(50000, "list-test")
	c := listClient(t, sb, 0)
	n, jean := 0, false
	err := c.EachContact(context.Background(), "", func(ct *api.Contact) error {
		n++
		if ct.ID == sandbox.DocsContactID && ct.FirstName == "Jean" && ct.Phone.String == "+33 6 12 34 56 78" {
			jean = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 50000+len(sandbox.New(sandbox.Options{}).ContactIDs()) || !jean {
		t.Errorf("%d contacts streamed (docs contact seen: %v)", n, jean)
	}
}

func TestEachContactFailures(t *testing.T) {
	tests := []struct {
		name  string
		fault sandbox.Fault
		max   int64
		says  string
	}{
		{"over the list cap", sandbox.Fault{}, 4 << 10, "larger than 4 KiB"},
		{"cut off", sandbox.Fault{Method: "GET", Path: "/contacts", Body: `{"success":true,"data":[{"id":"660e8400-e29b-41d4-a716-446655440001"},{"id":`}, 0, "it was cut off"},
		{"garbled", sandbox.Fault{Method: "GET", Path: "/contacts", Body: `{"success":true,"data":[{"id":1}}`}, 0, "not"},
		{"not a list", sandbox.Fault{Method: "GET", Path: "/contacts", Body: `{"success":true,"data":{"id":"x"}}`}, 0, "the list in it is not a list"},
		{"no data", sandbox.Fault{Method: "GET", Path: "/contacts", Body: `{"success":true}`}, 0, `it has no "data"`},
		{"success false", sandbox.Fault{Method: "GET", Path: "/contacts", Body: `{"success":false,"error":{"code":"quota","message":"Quota exceeded"}}`}, 0, "Quota exceeded"},
		{"error status", sandbox.Fault{Method: "GET", Path: "/contacts", Status: 403}, 0, "403 Forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{})
			if tt.fault.Path != "" {
				sb.InjectFault(tt.fault)
			}
			c := listClient(t, sb, tt.max)
			_, err := c.ListContacts(context.Background(), "")
			if err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("err = %v, want it to say %q", err, tt.says)
			}
			for _, bad := range []string{"json:", "invalid character", "unexpected EOF"} {
				if strings.Contains(err.Error(), bad) {
					t.Errorf("message %q", err)
				}
			}
		})
	}
}

func TestEachContactStopsWhenAsked(t *testing.T) {
	c := listClient(t, sandbox.New(sandbox.Options{}), 0)
	stop := errors.New("enough")
	n := 0
	err := c.EachContact(context.Background(), "", func(*api.Contact) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("err %v after %d contacts", err, n)
	}
}

func TestEachContactRetriesBeforeAnyRecord(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	sb.InjectFault(sandbox.Fault{Method: "GET", Path: "/contacts", Status: 503, Times: 1})
	c := listClient(t, sb, 0)
	cs, err := c.ListContacts(context.Background(), sandbox.AcmeCustomerID)
	if err != nil || len(cs) == 0 {
		t.Fatalf("%d contacts, err %v", len(cs), err)
	}
	if n := sb.CountRequests("GET", "/contacts"); n != 2 {
		t.Errorf("%d GETs, want 2", n)
	}
}
