package main

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Stalled connections: they connect, send their version line and nothing
// more, and connect again a second after the server cuts them, from many
// addresses.
const (
	stalledConns = 2000
	stalledAddrs = 250
	stalledFor   = 3 * time.Second // before the first real login
	authRuns     = 10
)

// stalledAddr is the source address of stalled connection i.
func stalledAddr(i int) string {
	a := i % stalledAddrs
	return fmt.Sprintf("127.1.%d.%d", a/200, 10+a%200)
}

// serveAuth measures a real user's login (connect, key exchange,
// authentication) while stalled connections crowd the server.
func (b *bench) serveAuth(sb *sandboxServer) {
	name := fmt.Sprintf("serve: a real user's authentication beside %d stalled connections (from %d addresses, re-opened when cut)", stalledConns, stalledAddrs)
	rssName := "serve: server RSS meanwhile"
	ppl, s, err := b.serveTeamOf(sb, 1)
	if err != nil {
		b.rep.errorRow(name, "< 1 s", err)
		return
	}
	defer s.stop()
	b.progress("serve: %d stalled connections, then %d real logins", stalledConns, authRuns)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var dials, cut atomic.Int64
	for i := range stalledConns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(stalledAddr(i))}, Timeout: 10 * time.Second}
			for {
				c, err := d.Dial("tcp", s.addr)
				if err == nil {
					dials.Add(1)
					_, _ = io.WriteString(c, "SSH-2.0-stalled\r\n")
					gone := make(chan struct{})
					go func() { _, _ = io.Copy(io.Discard, c); close(gone) }()
					select {
					case <-gone:
						cut.Add(1)
					case <-stop:
					}
					c.Close()
				}
				select {
				case <-stop:
					return
				case <-time.After(time.Second):
				}
			}
		}()
	}
	time.Sleep(stalledFor)
	var logins []float64
	var loginErr error
	for range authRuns {
		start := time.Now()
		c, err := dialSSH(s.addr, personAddr(0), "person0", ppl.keys[0], s.fingerprint)
		if err != nil {
			loginErr = err
			break
		}
		logins = append(logins, ms(time.Since(start)))
		c.Close()
		time.Sleep(300 * time.Millisecond)
	}
	now, peak, rssErr := s.rss()
	close(stop)
	wg.Wait()
	if loginErr != nil {
		var mine []string
		for _, l := range strings.Split(s.log.String(), "\n") {
			if strings.Contains(l, personAddr(0)) || strings.Contains(l, "before authentication") {
				mine = append(mine, l)
			}
		}
		b.rep.errorRow(name, "< 1 s", fmt.Errorf("%w (after %d logins); the server's log says, of it and of the limits:\n%s", loginErr, len(logins), strings.Join(mine, "\n")))
	} else {
		b.rep.add(name, fmtMS(median(logins)), fmtMS(p99(logins)), "< 1 s", verdict(p99(logins) < 1000))
	}
	if rssErr == nil {
		b.rep.add(rssName, fmtMiB(float64(now)), fmtMiB(float64(peak))+" (peak)", "(info: bounded)", info)
	}
	b.rep.note("%s: %d stalled connections were opened in all, %d of them cut by the server (at most 64 wait for their handshake at once, 8 per address; an address caught stalling loses its place first).", name, dials.Load(), cut.Load())
}
