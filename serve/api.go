package serve

import (
	"context"
	"net/http"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/ui"
)

// sessionAPI is a session's view of the API. When the session ends, its
// context is canceled: reads stop, but a PATCH under way is not cut short,
// so that its true outcome reaches the audit log. The person can still
// cancel a write with Esc (that cancels the request's own context).
type sessionAPI struct {
	ui.API
	session context.Context // ui.Options.Context
}

// detach returns a context for a write: canceled with ctx, unless ctx ends
// because the session did.
func (a sessionAPI) detach(ctx context.Context) (context.Context, context.CancelFunc) {
	w, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		if a.session.Err() == nil { // Esc, not the session ending
			cancel()
		}
	})
	return w, func() { stop(); cancel() }
}

// UpdateContact implements ui.API.
func (a sessionAPI) UpdateContact(ctx context.Context, id string, p *api.Patch) (*api.Contact, error) {
	ctx, cancel := a.detach(ctx)
	defer cancel()
	return a.API.UpdateContact(ctx, id, p)
}

// UpdateAddress implements ui.API.
func (a sessionAPI) UpdateAddress(ctx context.Context, id string, p *api.Patch) (*api.Address, error) {
	ctx, cancel := a.detach(ctx)
	defer cancel()
	return a.API.UpdateAddress(ctx, id, p)
}

// readOnlyAPI refuses every write itself, whatever the client underneath:
// a second lock for read-only sessions.
type readOnlyAPI struct{ ui.API }

// UpdateContact refuses.
func (readOnlyAPI) UpdateContact(_ context.Context, id string, _ *api.Patch) (*api.Contact, error) {
	return nil, &api.Error{Kind: api.ErrReadOnly, Method: http.MethodPatch, Resource: "contact " + api.ShortID(id)}
}

// UpdateAddress refuses.
func (readOnlyAPI) UpdateAddress(_ context.Context, id string, _ *api.Patch) (*api.Address, error) {
	return nil, &api.Error{Kind: api.ErrReadOnly, Method: http.MethodPatch, Resource: "address " + api.ShortID(id)}
}
