// Package serve serves the qwoty-contacts app over SSH: each session runs
// its own Bubble Tea program, sized to the client's terminal, with the
// server's API configuration. Only public keys listed in an authorized_keys
// file get in (re-read when it changes, and a key taken out of it ends its
// open sessions too); a key can be limited to read-only. A key is a person:
// its comment names them on screen and in the audit log, beside its
// fingerprint and, apart, the user name the client claimed.
//
// It is built on github.com/charmbracelet/wish: the server comes from
// wish.NewServer. The gate middleware refuses sessions (no terminal, too
// many, revoked key), runs the session's program (runApp: window sizes
// through a pump that never blocks the connection, frames through a
// painter that draws only what changed) and, once the program has ended,
// keeps unsaved edits and lets saves finish. Before authentication,
// connections are bounded in number and time (limits.go).
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/ui"
)

// Defaults for Config.
const (
	DefaultMaxSessions = 32
	DefaultIdleTimeout = 30 * time.Minute
	// DefaultMaxSessionsPerKey bounds the sessions of one key: one person.
	DefaultMaxSessionsPerKey = 4
	// DefaultAPIConcurrency bounds the server's API requests in flight, for
	// all its sessions: four people's bursts at once (a contact with its
	// addresses is up to api.DefaultSessionConcurrency requests), so that
	// one person's Enter does not wait behind another's.
	DefaultAPIConcurrency = 4 * api.DefaultSessionConcurrency
	// drainTimeout bounds how long an ended session waits for the app's
	// commands under way: a save's PATCH and its audit entry.
	drainTimeout = time.Minute
)

// Config configures a Server.
type Config struct {
	// AuthorizedKeys is an OpenSSH authorized_keys file: only the keys it
	// lists get in. It is re-read when it changes. The option
	// qwoty-read-only on a line makes that key read-only.
	AuthorizedKeys string
	// ReadOnlyKeys, optional, lists keys (same format) whose sessions are
	// read-only. It does not grant access by itself.
	ReadOnlyKeys string
	// HostKey is the server's private key; an ed25519 key is created there
	// when it does not exist.
	HostKey string
	// MaxSessions bounds concurrent sessions; DefaultMaxSessions when 0.
	MaxSessions int
	// IdleTimeout ends a session after that long without input;
	// DefaultIdleTimeout when 0, never when negative.
	IdleTimeout time.Duration
	// ShutdownGrace bounds how long an ending session waits for a save in
	// flight to finish, so its true outcome is told and recorded; the
	// writer's request timeout plus 5 s when 0.
	ShutdownGrace time.Duration
	// MaxSessionsPerKey bounds the concurrent sessions of one key;
	// DefaultMaxSessionsPerKey when 0.
	MaxSessionsPerKey int
	// HandshakeTimeout closes a connection not authenticated that long
	// after it opened; DefaultHandshakeTimeout when 0.
	HandshakeTimeout time.Duration
	// MaxHandshakes bounds the connections not authenticated yet, in all
	// (DefaultMaxHandshakes when 0) and per source address
	// (MaxHandshakesPerAddress; DefaultMaxHandshakesPerAddress when 0).
	MaxHandshakes, MaxHandshakesPerAddress int
	// IndexRefresh is how often the contact index shared by the sessions
	// is downloaded anew (index.go); DefaultIndexRefresh when 0, only at
	// start when negative.
	IndexRefresh time.Duration

	// UI holds what every session shares: Profile, Label, Color, Demo,
	// ReadOnly, DryRun, StateDir, and the clock and delays.
	// API must be set. Each session gets its own API wrapper, Writer,
	// Renderer, Clipboard, Context, SignedInAs and Source "ssh"; StateDir
	// (recent contacts) and the Writer's drafts move to a folder per key
	// under it, so people never see each other's drafts. Crash reports
	// go to StateDir itself.
	UI ui.Options
	// ReadOnlyAPI serves read-only keys; it should refuse writes itself (an
	// api.Client with ReadOnly set). UI.API when nil. Either way, read-only
	// sessions go through a wrapper that refuses every write.
	ReadOnlyAPI ui.API
	// Writer is the write path, copied for each session with the SSH user
	// and key fingerprint set in its Identity. Its Audit log is shared.
	Writer *edit.Writer
	// Version is written in crash reports.
	Version string
	// Logger receives the operator's log: sessions, refusals, key file
	// reloads. Never a token. Text to stderr when nil.
	Logger *slog.Logger
}

// Server is the SSH server.
type Server struct {
	cfg    Config
	ssh    *ssh.Server
	signer gossh.Signer
	keys   *keyring
	log    *slog.Logger

	handshakes *handshakes // connections not authenticated yet
	index      *ui.SharedIndex
	stopIndex  context.CancelFunc
	watchOnce  sync.Once
	stopWatch  chan struct{} // closed by Shutdown: ends watchKeys

	mu       sync.Mutex
	sessions map[*session]struct{}
	opened   int // sessions opened so far
	closing  bool
	drained  chan struct{}       // closed once closing and no session is left
	attempts map[string]*attempt // refused keys, by remote address, until the handshake ends
}

// attempt is what a connection that has not authenticated yet offered.
type attempt struct {
	user string
	keys []string
}

// New checks cfg, loads (or creates) the host key and reads the key files.
func New(cfg Config) (*Server, error) {
	if cfg.UI.API == nil || cfg.Writer == nil {
		return nil, errors.New("serve: Config.UI.API and Config.Writer are required")
	}
	if cfg.AuthorizedKeys == "" {
		return nil, errors.New("an authorized-keys file is required: list the public keys allowed in, one a line, as in ~/.ssh/authorized_keys")
	}
	if cfg.HostKey == "" {
		return nil, errors.New("serve: Config.HostKey is required")
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = DefaultShutdownGrace(cfg.Writer)
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.MaxSessionsPerKey <= 0 {
		cfg.MaxSessionsPerKey = DefaultMaxSessionsPerKey
	}
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if cfg.MaxHandshakes <= 0 {
		cfg.MaxHandshakes = DefaultMaxHandshakes
	}
	if cfg.MaxHandshakesPerAddress <= 0 {
		cfg.MaxHandshakesPerAddress = DefaultMaxHandshakesPerAddress
	}
	if cfg.ReadOnlyAPI == nil {
		cfg.ReadOnlyAPI = cfg.UI.API
	}
	if cfg.IndexRefresh == 0 {
		cfg.IndexRefresh = DefaultIndexRefresh
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	s := &Server{cfg: cfg, log: cfg.Logger, sessions: map[*session]struct{}{}, attempts: map[string]*attempt{}, drained: make(chan struct{}),
		handshakes: newHandshakes(cfg.MaxHandshakes, cfg.MaxHandshakesPerAddress, cfg.HandshakeTimeout, cfg.Logger),
		stopWatch:  make(chan struct{})}
	s.index, s.stopIndex = newIndex(cfg)
	var err error
	s.keys = &keyring{}
	if s.keys.authorized, err = newKeyFile(cfg.AuthorizedKeys, "nobody gets in until it can be read", s.log); err != nil {
		return nil, err
	}
	if cfg.ReadOnlyKeys != "" {
		if s.keys.readOnly, err = newKeyFile(cfg.ReadOnlyKeys, "every session is read-only until it can be read", s.log); err != nil {
			return nil, err
		}
	}
	signer, created, err := loadHostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	if created {
		s.log.Info("created a new host key", "path", cfg.HostKey, "fingerprint", gossh.FingerprintSHA256(signer.PublicKey()))
	}
	s.signer = signer
	// Public keys only: with no password or keyboard-interactive handler,
	// the server offers no other method. The gate runs each session's
	// program itself (runApp). Each session paints with its own renderer,
	// fitted to the client's terminal; lipgloss's default one, which
	// nothing should use, gets the 256-colour profile wish's Bubble Tea
	// middleware used to give it.
	lipgloss.SetColorProfile(termenv.ANSI256)
	s.ssh, err = wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.publicKey),
		wish.WithMiddleware(s.gate),
	)
	if err != nil {
		return nil, fmt.Errorf("cannot set up the SSH server: %w", err)
	}
	s.ssh.Version = "qwoty-contacts"
	s.ssh.ServerConfigCallback = s.serverConfig
	s.ssh.ConnCallback = s.connected
	s.ssh.ConnectionFailedCallback = s.failed
	s.ssh.ChannelHandlers = map[string]ssh.ChannelHandler{"session": sessionChannel}
	return s, nil
}

// DefaultShutdownGrace is how long an ending session waits for a save in
// flight: the writer's request timeout, plus 5 s for the re-read that
// settles an unknown outcome.
func DefaultShutdownGrace(w *edit.Writer) time.Duration {
	t := api.DefaultTimeout
	if w != nil && w.Timeout > 0 {
		t = w.Timeout
	}
	return t + 5*time.Second
}

// HostKeyFingerprint returns the SHA256 fingerprint of the host key, the one
// ssh shows when it first connects.
func (s *Server) HostKeyFingerprint() string { return gossh.FingerprintSHA256(s.signer.PublicKey()) }

// HostKey returns the server's public host key.
func (s *Server) HostKey() gossh.PublicKey { return s.signer.PublicKey() }

// Serve accepts connections on l until Shutdown; it then returns nil.
func (s *Server) Serve(l net.Listener) error {
	s.watchOnce.Do(func() {
		go s.watchKeys(s.stopWatch)
		go s.keepIndex(s.stopWatch)
	})
	err := s.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections, ends every session (keeping unsaved
// edits as drafts and letting saves under way finish) and waits for the
// sessions and connections to end. When ctx ends first, the remaining
// connections are closed and ctx's error returned.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.closing {
		s.closing = true
		s.checkDrained()
		close(s.stopWatch)
	}
	open := make([]*session, 0, len(s.sessions))
	for st := range s.sessions {
		open = append(open, st)
	}
	s.mu.Unlock()
	done := make(chan error, 1)
	go func() { done <- s.ssh.Shutdown(ctx) }()
	for _, st := range open {
		st.stop(endShutdown)
	}
	err := <-done
	if err == nil {
		select {
		case <-s.drained:
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	if err != nil {
		_ = s.ssh.Close()
	}
	return err
}

// checkDrained closes drained when the server is closing and no session is
// left. s.mu is held.
func (s *Server) checkDrained() {
	if s.closing && len(s.sessions) == 0 {
		select {
		case <-s.drained:
		default:
			close(s.drained)
		}
	}
}

// serverConfig adds what charmbracelet/ssh does not expose: the key the
// client proved it holds. (The key passed to the public key handler is only
// offered; the verified one is what a session runs as.)
func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		VerifiedPublicKeyCallback: func(conn gossh.ConnMetadata, key gossh.PublicKey, perms *gossh.Permissions, _ string) (*gossh.Permissions, error) {
			ctx.SetValue(ctxVerifiedKey, key)
			hs, _ := ctx.Value(ctxHandshake).(*handshake)
			s.handshakes.done(hs)
			s.mu.Lock()
			delete(s.attempts, conn.RemoteAddr().String())
			s.mu.Unlock()
			return perms, nil
		},
	}
}

type ctxKey string

const (
	ctxVerifiedKey ctxKey = "qwoty-verified-key"
	ctxHandshake   ctxKey = "qwoty-handshake"
)

// connected counts a new connection as a pending handshake until it
// authenticates or ends, or refuses it (nil: closed at once) when the
// limits before authentication say so.
func (s *Server) connected(ctx ssh.Context, conn net.Conn) net.Conn {
	hs := s.handshakes.admit(conn)
	if hs == nil {
		return nil
	}
	ctx.SetValue(ctxHandshake, hs)
	return &handshakeConn{Conn: conn, h: s.handshakes, hs: hs}
}

// handshakeConn counts what its handshake received, and ends it when it
// closes.
type handshakeConn struct {
	net.Conn
	h  *handshakes
	hs *handshake
}

// Read implements net.Conn.
func (c *handshakeConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.hs.read.Add(int64(n))
	return n, err
}

// Close implements net.Conn.
func (c *handshakeConn) Close() error {
	c.h.done(c.hs)
	return c.Conn.Close()
}

// publicKey lets in the keys of the authorized-keys file, read afresh when
// it changed. Refusals are logged once the handshake fails.
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	a := s.keys.check(key)
	if !a.allowed {
		s.mu.Lock()
		addr := ctx.RemoteAddr().String()
		at := s.attempts[addr]
		if at == nil {
			at = &attempt{user: ctx.User()}
			s.attempts[addr] = at
		}
		if len(at.keys) < 8 {
			at.keys = append(at.keys, gossh.FingerprintSHA256(key)+" ("+a.why+")")
		}
		s.mu.Unlock()
	}
	return a.allowed
}

// failed logs a connection refused before any session.
func (s *Server) failed(conn net.Conn, err error) {
	addr := conn.RemoteAddr().String()
	s.mu.Lock()
	at := s.attempts[addr]
	delete(s.attempts, addr)
	s.mu.Unlock()
	if at == nil { // it offered no key: counted, and logged as a summary (no flood of lines)
		s.handshakes.failed()
		return
	}
	s.log.Warn("connection refused: no authorized key", "user", at.user, "from", addr, "offered", at.keys)
}

// write sends a line to a session's terminal (with a terminal, the session
// turns \n into \r\n).
func write(w io.Writer, line string) { _, _ = fmt.Fprintln(w, line) }
