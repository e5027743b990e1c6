package api

import (
	"context"
	"fmt"
	"time"
)

// Retry describes a request the client is about to try again, so a UI can
// say "retrying in 3 s" instead of looking frozen.
type Retry struct {
	// Resource names what is being fetched, e.g. "contact 660e8400…".
	Resource string
	// Try is the number of the coming try; Of the most there will be.
	Try, Of int
	// Wait is how long the client waits before it.
	Wait time.Duration
	// Err is why the previous try failed.
	Err *Error
}

// String says what is happening, in plain words.
func (r Retry) String() string {
	why := "the request failed"
	if r.Err != nil {
		switch {
		case r.Err.Status == 429:
			why = "the API is rate limiting this token (429)"
		case r.Err.Status >= 500:
			why = "the server answered " + statusText(r.Err.Status)
		case r.Err.Kind == ErrConnect:
			why = "the connection broke"
		}
	}
	return fmt.Sprintf("Loading %s: %s; retrying in %s (try %d of %d)…", r.Resource, why, Wait(r.Wait), r.Try, r.Of)
}

type retryKey struct{}

// WithRetryNotice returns a context whose requests call notify before each
// automatic retry. notify must not block.
func WithRetryNotice(ctx context.Context, notify func(Retry)) context.Context {
	return context.WithValue(ctx, retryKey{}, notify)
}

func noticeRetry(ctx context.Context, r Retry) {
	if notify, ok := ctx.Value(retryKey{}).(func(Retry)); ok && notify != nil {
		notify(r)
	}
}
