package cmd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/state"
)

// The commands read their id arguments with the TUI's rule (api.ParseID):
// spaces around it, upper case, 32 hex digits, {…} and urn:uuid: are
// fine; an id with a bad character is refused naming the position; the
// start of an id is offered as the one known record whose id starts so
// (never used as it: nothing is sent).

// idArg reads a command's id argument. known lists the ids the command
// knows (recently opened contacts, the audit log's records), for an
// offer when arg is only the start of one.
func idArg(kind api.Kind, arg string, known func() []idName) (string, error) {
	id, err := api.ParseID(arg)
	if err == nil {
		return id, nil
	}
	var bad *api.IDError
	errors.As(err, &bad)
	msg := fmt.Sprintf("%q is not a valid %s id: %s; nothing was sent", bad.Input, kind, bad.Problem())
	if prefix, ok := api.IDPrefix(arg); ok && known != nil {
		if match, ok := onlyOne(prefix, known()); ok {
			msg = fmt.Sprintf("%q is not a whole %s id; did you mean %s%s? Nothing was sent", bad.Input, kind, match.id, match.about())
		}
	}
	return "", usageError(errors.New(msg))
}

// idName is a known record id, with what to call it.
type idName struct{ id, name string }

func (n idName) about() string {
	if n.name == "" {
		return ""
	}
	return " (" + n.name + ")"
}

// onlyOne returns the one known id starting with prefix.
func onlyOne(prefix string, known []idName) (idName, bool) {
	var found []idName
	for _, k := range known {
		if api.HasIDPrefix(k.id, prefix) && !containsID(found, k.id) {
			found = append(found, k)
		}
	}
	if len(found) != 1 {
		return idName{}, false
	}
	return found[0], true
}

func containsID(list []idName, id string) bool {
	for _, k := range list {
		if strings.EqualFold(k.id, id) {
			return true
		}
	}
	return false
}

// recentIDs lists the contacts the profile opened recently.
func recentIDs(dir, profile string) func() []idName {
	return func() []idName {
		recent, _ := state.LoadRecent(dir, profile)
		out := make([]idName, len(recent))
		for i, r := range recent {
			out[i] = idName{id: r.ID, name: r.Name + ", opened recently"}
		}
		return out
	}
}

// auditIDs lists the records the audit log mentions.
func auditIDs(audit *state.AuditLog) func() []idName {
	return func() []idName {
		entries, _ := audit.Entries(nil)
		var out []idName
		for _, e := range entries {
			name := "in the audit log"
			if e.Title != "" {
				name = e.Title
			}
			out = append(out, idName{id: e.ID, name: name})
			if e.ContactID != "" {
				out = append(out, idName{id: e.ContactID, name: "in the audit log"})
			}
		}
		return out
	}
}
