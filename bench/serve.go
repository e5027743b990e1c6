package main

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/qwoty/qwoty-contacts/internal/syncbuf"
)

// The serve rows: `qwoty-contacts serve` as a support team uses it, driven
// by SSH clients (x/crypto/ssh, a pty per session), each person with their
// own key and their own loopback address, against the sandbox at the same
// latency as the rest of the bench.

// serveProc is a running `qwoty-contacts serve`.
type serveProc struct {
	cmd         *exec.Cmd
	addr        string // host:port it listens on
	fingerprint string // of its host key

	log     *syncbuf.Buffer // its stderr: the operator's log
	exited  chan struct{}
	exitErr error
	exitAt  time.Time
}

// people are the SSH keys of a team, one a person, all in one
// authorized_keys file.
type people struct {
	keys []gossh.Signer
	file string
}

// newPeople makes n keys and their authorized_keys file in dir.
func newPeople(dir string, n int) (*people, error) {
	p := &people{file: filepath.Join(dir, "authorized_keys")}
	var b strings.Builder
	for i := range n {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		s, err := gossh.NewSignerFromKey(priv)
		if err != nil {
			return nil, err
		}
		p.keys = append(p.keys, s)
		fmt.Fprintf(&b, "%s person-%02d\n", strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))), i)
	}
	return p, os.WriteFile(p.file, []byte(b.String()), 0o600)
}

// personAddr is person i's source address: people are on machines of their
// own, so the limits per address see them apart.
func personAddr(i int) string { return fmt.Sprintf("127.0.%d.%d", 10+i/200, 10+i%200) }

// serveTeamOf makes n people's keys and starts the server against sb for
// them, with extra flags.
func (b *bench) serveTeamOf(sb *sandboxServer, n int, extra ...string) (*people, *serveProc, error) {
	ppl, err := newPeople(b.newHome(), n)
	if err != nil {
		return nil, nil, err
	}
	s, err := b.startServe(sb, ppl, extra...)
	return ppl, s, err
}

// startServe starts the server against sb for the keys in ppl, with extra
// flags, and waits until it listens.
func (b *bench) startServe(sb *sandboxServer, ppl *people, extra ...string) (*serveProc, error) {
	home := b.newHome()
	args := append([]string{"serve", "--listen", "127.0.0.1:0", "--authorized-keys", ppl.file}, extra...)
	cmd := exec.Command(b.bin, args...)
	cmd.Env = appEnv(sb.base, home)
	cmd.Dir = home
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s := &serveProc{cmd: cmd, log: &syncbuf.Buffer{}, exited: make(chan struct{})}
	cmd.Stderr = s.log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start serve: %w", err)
	}
	go func() {
		s.exitErr = cmd.Wait()
		s.exitAt = time.Now()
		close(s.exited)
	}()
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			l := sc.Text()
			if v, ok := strings.CutPrefix(l, "qwoty-contacts serve: listening on "); ok {
				s.addr = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(l, "Host key fingerprint: "); ok {
				s.fingerprint = strings.TrimSpace(v)
			}
			if !sent && s.addr != "" && s.fingerprint != "" {
				ready <- nil
				sent = true
			}
		}
		if !sent {
			ready <- errors.New("serve exited before it listened: " + s.log.String())
		}
	}()
	select {
	case err := <-ready:
		if err != nil {
			return nil, err
		}
	case <-time.After(20 * time.Second):
		s.kill()
		return nil, errors.New("serve did not listen within 20 s: " + s.log.String())
	}
	return s, nil
}

// open starts person i's session in a cols × rows terminal.
func (s *serveProc) open(ppl *people, i, cols, rows int) (*sshTerm, error) {
	return dialTerm(s.addr, personAddr(i), fmt.Sprint("person", i), ppl.keys[i], s.fingerprint, cols, rows)
}

// cpu returns the server's CPU time so far (user + system).
func (s *serveProc) cpu() (time.Duration, error) { return procCPU(s.cmd.Process.Pid) }

// procCPU returns a process's CPU time so far (user + system).
func procCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	str := string(data)
	f := strings.Fields(str[strings.LastIndexByte(str, ')')+2:])
	if len(f) < 13 {
		return 0, errors.New("unexpected /proc stat format")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks, nil
}

// rss returns the server's resident set now, and its high-water mark.
func (s *serveProc) rss() (now, peak int64, err error) {
	now, err = procStatusKB(s.cmd.Process.Pid, "VmRSS")
	if err != nil {
		return 0, 0, err
	}
	peak, err = procStatusKB(s.cmd.Process.Pid, "VmHWM")
	return now, peak, err
}

// term sends SIGTERM and waits for the server to exit, at most limit; it
// returns how long it took.
func (s *serveProc) term(limit time.Duration) (time.Duration, error) {
	at := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return 0, err
	}
	select {
	case <-s.exited:
		return s.exitAt.Sub(at), s.exitErr
	case <-time.After(limit):
		s.kill()
		return limit, fmt.Errorf("did not exit within %s of SIGTERM", limit)
	}
}

// kill ends the server at once.
func (s *serveProc) kill() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// stop ends the server: SIGTERM, then a kill.
func (s *serveProc) stop() {
	select {
	case <-s.exited:
		return
	default:
	}
	if _, err := s.term(15 * time.Second); err != nil {
		s.kill()
	}
}

// openAll opens the sessions of people from..to-1 at once and waits for
// each to show the lookup screen.
func (s *serveProc) openAll(ppl *people, from, to, cols, rows int) ([]*sshTerm, error) {
	terms := make([]*sshTerm, to-from)
	errs := make([]error, to-from)
	var wg sync.WaitGroup
	for i := from; i < to; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t, err := s.open(ppl, i, cols, rows)
			if err == nil {
				_, err = t.waitFor(showing("Open a contact"), 30*time.Second, "the lookup screen")
			}
			terms[i-from], errs[i-from] = t, err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, t := range terms {
			if t != nil {
				t.close()
			}
		}
		return nil, err
	}
	return terms, nil
}

func closeAll(terms []*sshTerm) {
	for _, t := range terms {
		if t != nil {
			t.close()
		}
	}
}
