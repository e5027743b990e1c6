package state

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// TestMain lets the test binary hold a record lock in another process.
func TestMain(m *testing.M) {
	if dir := os.Getenv("QWOTY_TEST_HOLD_LOCK"); dir != "" {
		unlock, err := LockRecord(context.Background(), dir, "api.example", api.KindContact, id1)
		if err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("locked\n")
		bufio.NewReader(os.Stdin).ReadString('\n') // hold until told
		unlock()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestLockRecordExcludesWithinAProcess(t *testing.T) {
	dir := t.TempDir()
	var inside, most atomic.Int32
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			// Ids differ in case only: the same record.
			id := id1
			if i%2 == 0 {
				id = strings.ToUpper(id1)
			}
			unlock, err := LockRecord(context.Background(), dir, "api.example", api.KindContact, id)
			if err != nil {
				t.Error(err)
				return
			}
			if n := inside.Add(1); n > most.Load() {
				most.Store(n)
			}
			time.Sleep(2 * time.Millisecond)
			inside.Add(-1)
			unlock()
		}()
	}
	for range 8 {
		<-done
	}
	if most.Load() != 1 {
		t.Errorf("%d writers held the lock at once", most.Load())
	}
	// Another record, or the same id on another host, is not blocked.
	a, _ := LockRecord(context.Background(), dir, "api.example", api.KindContact, id1)
	defer a()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for _, host := range []string{"other.example"} {
		b, err := LockRecord(ctx, dir, host, api.KindContact, id1)
		if err != nil {
			t.Fatalf("the same id on %s waited: %v", host, err)
		}
		b()
	}
	c, err := LockRecord(ctx, dir, "api.example", api.KindAddress, id1)
	if err != nil {
		t.Fatalf("an address with the contact's id waited: %v", err)
	}
	c()
}

func TestLockRecordExcludesAcrossProcesses(t *testing.T) {
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "QWOTY_TEST_HOLD_LOCK="+dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("the other process said %q", line)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	_, err = LockRecord(ctx, dir, "api.example", api.KindContact, id1)
	cancel()
	if err == nil {
		t.Fatal("the lock was taken while another process held it")
	}
	stdin.Write([]byte("\n"))
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	unlock, err := LockRecord(ctx, dir, "api.example", api.KindContact, id1)
	if err != nil {
		t.Fatalf("the lock was not released when the other process let go: %v", err)
	}
	unlock()
	cmd.Wait()
}
