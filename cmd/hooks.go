package cmd

import (
	"context"
	"time"
)

// Test hooks. They are set once, before any test runs (TestMain), and only
// read afterwards, so parallel tests share them safely. Production code
// leaves them at their zero values.
var (
	// runtimeHook adjusts a freshly built runtime (a fixed clock and
	// identity for golden audit lines).
	runtimeHook func(*runtime)
	// logLocation is the time zone log prints in; time.Local when nil.
	logLocation *time.Location
)

// openRuntime is setup() for the scriptable commands, with the test hook
// applied.
func openRuntime(ctx context.Context, info BuildInfo, std *IO, g *globalFlags) (*runtime, error) {
	rt, err := setup(ctx, info, std, g)
	if err != nil {
		return nil, err
	}
	if runtimeHook != nil {
		runtimeHook(rt)
	}
	rt.resolvePending(ctx, std)
	return rt, nil
}
