package main

import (
	"context"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// roundTrip measures one round trip to the sandbox as it is now: a GET of
// the ten-address contact over a kept-alive connection, through the
// client, median of runs (after one to open the connection). It is the
// floor the Enter rows are divided by: nothing shows a contact sooner
// than its own answer.
func (b *bench) roundTrip(sb *sandboxServer) (time.Duration, error) {
	c, err := api.New(api.Options{BaseURL: sb.base, Token: api.NewToken(sandbox.DefaultToken)})
	if err != nil {
		return 0, err
	}
	ctx := context.Background()
	if _, err := c.GetContact(ctx, b.tenID); err != nil {
		return 0, err
	}
	var xs []float64
	for range max(b.runs, 5) {
		start := time.Now()
		if _, err := c.GetContact(ctx, b.tenID); err != nil {
			return 0, err
		}
		xs = append(xs, ms(time.Since(start)))
	}
	return time.Duration(median(xs) * float64(time.Millisecond)), nil
}
