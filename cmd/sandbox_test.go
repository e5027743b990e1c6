package cmd

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// --contacts adds the synthetic contacts to what the sandbox serves.
func TestSandboxContacts(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // serve, then stop at once
	r := e.runCtx(ctx, "", "sandbox", "--addr", "127.0.0.1:0", "--contacts", "250")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	seeded := len(e.sb.ContactIDs())
	if want := fmt.Sprintf("And 250 synthetic contacts (the same every run), %d in all.", 250+seeded); !strings.Contains(r.out, want) {
		t.Errorf("output lacks %q:\n%s", want, r.out)
	}
	if r := e.run("", "sandbox", "--contacts", "-1"); r.code != 2 || !strings.Contains(r.err, "--contacts must be 0 or more") {
		t.Errorf("--contacts -1: exit %d, %s", r.code, r.err)
	}
	if r := e.run("", "sandbox", "--addresses", "-1"); r.code != 2 || !strings.Contains(r.err, "--addresses must be 0 or more") {
		t.Errorf("--addresses -1: exit %d, %s", r.code, r.err)
	}
}

// --addresses N adds a contact with N addresses, and names it.
func TestSandboxBigContact(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // serve, then stop at once
	r := e.runCtx(ctx, "", "sandbox", "--addr", "127.0.0.1:0", "--addresses", "12")
	if r.code != 0 || !strings.Contains(r.out, "Mara Vielfach (12 addresses)") {
		t.Errorf("exit %d, output:\n%s%s", r.code, r.out, r.err)
	}
}
