package cmd

import (
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
)

// notFound words a 404 for a record this machine knows by name (from the
// recent contacts or the audit log): the full id, the name, and what to
// check. Other errors are returned as they are.
func (r *runtime) notFound(err error, kind api.Kind, id string) error {
	if !api.IsNotFound(err) {
		return err
	}
	name := r.knownName(kind, id)
	if name != "" {
		name = " (" + sanitize.Text(name) + ", known here)"
	}
	return &ExitError{Code: ExitNotFound, Err: fmt.Errorf("%s %s%s was not found (404): check the id, and that it belongs to this token's workspace (profile %s, %s)",
		kind, sanitize.Text(id), name, r.profile(), r.client.Host())}
}

// knownName returns the name this machine last saw for a record, or "".
func (r *runtime) knownName(kind api.Kind, id string) string {
	if kind == api.KindContact {
		recent, _ := state.LoadRecent(r.stateDir, state.RecentList(r.profile(), r.client.Host()))
		for _, c := range recent {
			if strings.EqualFold(c.ID, id) && c.Name != "" {
				return c.Name
			}
		}
	}
	ops, _ := r.writer.Audit.Ops(func(e state.Entry) bool { return e.Kind == kind && strings.EqualFold(e.ID, id) && e.Title != "" })
	if len(ops) > 0 {
		return ops[0].Entry.Title
	}
	return ""
}
