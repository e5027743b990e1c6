package cmd

import (
	"context"
	"sync"
)

// runBatch applies lines with at most concurrency at a time and hands each
// result to emit, in any order (emit must be safe for concurrent use).
// Lines about the same record run one after the other, in file order, so
// each starts from the previous one's outcome. When ctx ends, the lines
// not started are reported as interrupted: every line gets a result.
func runBatch(ctx context.Context, a *applier, lines []applyLine, concurrency int, emit func(i int, r applyResult)) {
	// after[i] is closed when line i is done; prev[i] is the channel of
	// the previous line about the same record, or nil.
	after := make([]chan struct{}, len(lines))
	prev := make([]chan struct{}, len(lines))
	last := map[string]chan struct{}{}
	for i := range lines {
		after[i] = make(chan struct{})
		prev[i] = last[lines[i].key()]
		last[lines[i].key()] = after[i]
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(concurrency, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				l := &lines[i]
				if p := prev[i]; p != nil {
					select {
					case <-p:
					case <-ctx.Done():
					}
				}
				if ctx.Err() != nil {
					emit(i, interrupted(applyResult{Line: l.n, Kind: l.schema.Kind, ID: l.id}, l))
				} else {
					emit(i, a.run(ctx, l))
				}
				close(after[i])
			}
		}()
	}
	for i := range lines {
		select {
		case jobs <- i:
			continue
		case <-ctx.Done():
		}
		for j := i; j < len(lines); j++ {
			l := &lines[j]
			emit(j, interrupted(applyResult{Line: l.n, Kind: l.schema.Kind, ID: l.id}, l))
		}
		break
	}
	close(jobs)
	wg.Wait()
}
