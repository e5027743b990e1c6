package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// listGets counts the downloads of the contact list.
func listGets(sb *sandbox.Server) int {
	n := 0
	for _, r := range sb.Requests() {
		if r.Method == "GET" && r.Path == "/contacts" {
			n++
		}
	}
	return n
}

// Three people search one index, downloaded once by the server; a name one
// of them saves is found by the others at once, without a download.
func TestSessionsShareOneIndex(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, nil)
	var terms []*term
	for _, user := range []string{"ann", "ben", "cat"} {
		tm := e.open(user, key)
		tm.waitFor("contacts searchable")
		terms = append(terms, tm)
	}
	if n := listGets(e.sb); n != 1 {
		t.Fatalf("the list was downloaded %d times for three sessions, want once", n)
	}
	ann, ben := terms[0], terms[1]
	ann.send(sandbox.DocsContactID + "\r")
	if err := ann.awaitAll("12 Rue de la Paix", "h history"); err != nil { // the contact itself has come
		t.Fatal(err)
	}
	ann.send("e")
	ann.waitFor("Edit contact")
	ann.send("\t", "\x15", "Zuckerbäcker", "\x13") // tab to the last name, ctrl+u, type, ctrl+s
	ann.waitFor("Review the change")
	ann.waitFor("Press y to ")
	ann.send("y")
	ann.waitFor("Saved")
	ben.send("zuckerb")
	ben.waitFor("Jean Zuckerbäcker")
	if !strings.Contains(ben.screen(), "Matches (1)") {
		t.Errorf("the other session does not list the saved name as a match:\n%s", tail(ben.screen()))
	}
	if n := listGets(e.sb); n != 1 {
		t.Errorf("the list was downloaded %d times, want once", n)
	}
}

// With a short refresh, the server downloads the list again in the
// background, and sessions search what it brought.
func TestTheIndexIsRefreshed(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, func(c *Config) { c.IndexRefresh = 20 * time.Millisecond })
	tm := e.open("ann", key)
	tm.waitFor("contacts searchable")
	n := listGets(e.sb)
	e.sb.AddContact(sandbox.Contact{ID: "0f0f0f0f-0000-4000-8000-000000000001", CustomerID: sandbox.AcmeCustomerID,
		FirstName: "Refreshina", LastName: "Neu", Email: "refreshina@acme.com", AddressIDs: []string{}})
	waitFor(t, "a refresh", func() bool { return listGets(e.sb) >= n+2 }) // one that started after the contact was added
	tm.send("refreshina")
	tm.waitFor("Refreshina Neu")
}
