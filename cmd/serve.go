package cmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/serve"
)

func init() { extraCommands = append(extraCommands, newServeCmd) }

// serveFlags are the serve command's flags.
type serveFlags struct {
	listen         string
	authorizedKeys string
	readOnlyKeys   string
	hostKey        string
	maxSessions    int
	maxPerKey      int
	idleTimeout    time.Duration
	shutdownGrace  time.Duration

	handshakeTimeout time.Duration
	maxHandshakes    int
	maxPerAddress    int

	indexRefresh time.Duration
}

func newServeCmd(ctx context.Context, info BuildInfo, io *IO, g *globalFlags) *cobra.Command {
	f := &serveFlags{}
	c := &cobra.Command{
		Use:   "serve --authorized-keys FILE",
		Short: "Serve the app over SSH to the people whose keys are listed",
		Long: `serve runs an SSH server: each person who connects gets the app in their
terminal, using this server's profile and token (they never see it).

Only the public keys in --authorized-keys (OpenSSH authorized_keys format)
get in; the file is re-read when it changes, so adding or removing a line
grants or revokes access at once: removing a key also closes its open
sessions within a few seconds (their unsaved edits are kept as drafts, and
they are told why). Keys in --read-only-keys, or with the option
qwoty-read-only on their line, can look but not change anything.

A key is a person: the comment at the end of its line (e.g. "Alice Martin")
is the name shown as signed in and written in the audit log, with the key's
fingerprint; a key without a comment shows its short fingerprint. The user
name the client sends (ssh bob@host) proves nothing: the audit keeps it
apart, as ssh_user_claimed.

Search: the server downloads the contact list once, when it starts, and
every session searches that one index; it is downloaded anew in the
background every --index-refresh (5m), and a save made through the server
updates it at once.

API use: the sessions share --api-concurrency requests in flight (48); one
session has at most 12 of them and the list's downloads at most 2, and a
request someone waits for goes first, so neither another person's burst nor
a refresh holds up an Enter.

Limits: --max-sessions in all and --max-sessions-per-key for one key. Before
authentication, a connection has --handshake-timeout to log in, and at most
--max-handshakes connections wait for it (--max-handshakes-per-address from
one address); when they are all taken, a newcomer takes the place of one
that stalls (addresses caught stalling lose first), so connections that
never log in cannot lock people out.

The host key is created on first start; compare its fingerprint, printed at
start, with the one ssh shows on a first connection.

` + exitCodesUsage,
		Example: `  qwoty-contacts serve --authorized-keys ~/qwoty/authorized_keys
  qwoty-contacts serve --demo --listen 127.0.0.1:2222 --authorized-keys ~/.ssh/id_ed25519.pub
  ssh -p 2222 support.example.com`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runServe(ctx, info, io, g, f) },
	}
	fl := c.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:2222", "`ADDRESS` to listen on")
	fl.StringVar(&f.authorizedKeys, "authorized-keys", "", "`FILE` of the public keys allowed in (authorized_keys format)")
	fl.StringVar(&f.readOnlyKeys, "read-only-keys", "", "`FILE` of the keys whose sessions are read-only")
	fl.StringVar(&f.hostKey, "host-key", "", "host private key `PATH`, created if missing (default <state dir>/ssh_host_ed25519_key)")
	fl.IntVar(&f.maxSessions, "max-sessions", serve.DefaultMaxSessions, "most concurrent sessions")
	fl.IntVar(&f.maxPerKey, "max-sessions-per-key", serve.DefaultMaxSessionsPerKey, "most concurrent sessions of one key (one person)")
	fl.DurationVar(&f.idleTimeout, "idle-timeout", serve.DefaultIdleTimeout, "close sessions without input for this long (0: never)")
	fl.DurationVar(&f.shutdownGrace, "shutdown-grace", 0, "how long a stopping server lets saves under way finish (default: the request timeout + 5s)")
	fl.DurationVar(&f.handshakeTimeout, "handshake-timeout", serve.DefaultHandshakeTimeout, "close connections not logged in this long after they opened")
	fl.IntVar(&f.maxHandshakes, "max-handshakes", serve.DefaultMaxHandshakes, "most connections not logged in yet, in all")
	fl.IntVar(&f.maxPerAddress, "max-handshakes-per-address", serve.DefaultMaxHandshakesPerAddress, "most connections not logged in yet from one address")
	fl.DurationVar(&f.indexRefresh, "index-refresh", serve.DefaultIndexRefresh, "download the contact list for search anew this often, for every session (0: only at start)")
	fl.IntVar(&g.concurrency, "api-concurrency", serve.DefaultAPIConcurrency, "most API requests in flight for all sessions together (one session: at most "+fmt.Sprint(api.DefaultSessionConcurrency)+")")
	fl.BoolVar(&g.dryRun, "dry-run", false, "describe PATCHes instead of sending them, for every session")
	return withUsageErrors(c)
}

// runServe serves the app until ctx ends (SIGTERM, Ctrl-C), then stops
// accepting, lets sessions end and saves finish, and returns.
func runServe(ctx context.Context, info BuildInfo, io *IO, g *globalFlags, f *serveFlags) error {
	if f.authorizedKeys == "" {
		return usageError(errors.New("serve needs --authorized-keys FILE: the public keys allowed in, one a line, as in ~/.ssh/authorized_keys"))
	}
	for _, l := range []struct {
		name string
		n    int
	}{{"--max-sessions", f.maxSessions}, {"--max-sessions-per-key", f.maxPerKey}, {"--max-handshakes", f.maxHandshakes}, {"--max-handshakes-per-address", f.maxPerAddress}, {"--api-concurrency", g.concurrency}} {
		if l.n < 1 {
			return usageError(fmt.Errorf("%s must be at least 1 (it is %d)", l.name, l.n))
		}
	}
	if f.handshakeTimeout <= 0 {
		return usageError(fmt.Errorf("--handshake-timeout must be more than 0, e.g. 10s (it is %s)", f.handshakeTimeout))
	}
	rt, err := setup(ctx, info, io, g)
	if err != nil {
		return err
	}
	defer rt.Close()
	rt.resolvePending(ctx, io)
	readOnly, err := serveReadOnlyClient(rt, info)
	if err != nil {
		return err
	}
	hostKey := f.hostKey
	if hostKey == "" {
		hostKey = filepath.Join(rt.stateDir, "ssh_host_ed25519_key")
	}
	grace := f.shutdownGrace
	if grace <= 0 {
		grace = serve.DefaultShutdownGrace(rt.writer)
	}
	idle := f.idleTimeout
	if idle == 0 {
		idle = -1 // never
	}
	// Sessions paint with their own renderers; the default one must never
	// query this process's terminal either.
	lipgloss.SetHasDarkBackground(true)
	srv, err := serve.New(serve.Config{
		AuthorizedKeys: f.authorizedKeys,
		ReadOnlyKeys:   f.readOnlyKeys,
		HostKey:        hostKey,
		MaxSessions:    f.maxSessions,
		IdleTimeout:    idle,
		ShutdownGrace:  grace,
		UI:             rt.uiOptions(g),
		ReadOnlyAPI:    readOnly,
		Writer:         rt.tuiWriter(),
		Version:        info.Version,
		Logger:         slog.New(slog.NewTextHandler(io.Err, nil)),

		MaxSessionsPerKey:       f.maxPerKey,
		HandshakeTimeout:        f.handshakeTimeout,
		MaxHandshakes:           f.maxHandshakes,
		MaxHandshakesPerAddress: f.maxPerAddress,
		IndexRefresh:            indexRefresh(f.indexRefresh),
	})
	if err != nil {
		return usageError(err)
	}
	l, err := net.Listen("tcp", f.listen)
	if err != nil {
		return usageError(fmt.Errorf("cannot listen on %s: %w", f.listen, err))
	}
	serveBanner(io, rt, srv, l.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Saves under way get the grace to finish; then every session ends,
	// telling its person what became of their edit. The margin covers the
	// goodbyes and drafts.
	wait := grace + 5*time.Second
	fmt.Fprintf(io.Err, "Stopping: no new sessions; saves under way may finish (up to %s), then open sessions end, keeping unsaved edits as drafts…\n", grace)
	sctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	err = srv.Shutdown(sctx)
	<-errc
	if err != nil {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("some sessions did not end within %s and were cut: %w", wait, err)}
	}
	return nil
}

// indexRefresh maps --index-refresh to Config.IndexRefresh: 0 (only at
// start) is negative there.
func indexRefresh(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}

// serveReadOnlyClient is the client of read-only sessions: the server's own
// client when it is read-only already, else a copy that refuses writes,
// with the same base URL, token and timeout.
func serveReadOnlyClient(rt *runtime, info BuildInfo) (*api.Client, error) {
	if rt.client.ReadOnly() {
		return rt.client, nil
	}
	var token api.Token
	if rt.demo {
		token = api.NewToken(sandbox.DefaultToken)
	} else {
		t, err := rt.settings.Token() // cached: a token_command does not run again
		if err != nil {
			return nil, &ExitError{Code: ExitAuth, Err: err}
		}
		token = t
	}
	c, err := api.New(api.Options{
		BaseURL:     rt.client.BaseURL(),
		Token:       token,
		Timeout:     rt.client.Timeout(),
		UserAgent:   "qwoty-contacts/" + info.Version,
		ReadOnly:    true,
		Concurrency: rt.client.Concurrency(),
	})
	if err != nil {
		return nil, usageError(err)
	}
	return c, nil
}

// serveBanner tells the operator where the server listens and how to
// connect, and the host key's fingerprint to check against.
func serveBanner(io *IO, rt *runtime, srv *serve.Server, addr net.Addr) {
	host, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host, _ = os.Hostname()
	}
	connect := "ssh " + host
	if port != "22" {
		connect = "ssh -p " + port + " " + host
	}
	label := rt.profile()
	if rt.settings.Label != "" && rt.settings.Label != label {
		label = rt.settings.Label + " (" + label + ")"
	}
	io.Printf("qwoty-contacts serve: listening on %s\n", addr)
	io.Printf("Profile:     %s, API %s", label, rt.client.Host())
	if rt.client.ReadOnly() {
		io.Printf(", read-only")
	}
	io.Printf("\nHost key fingerprint: %s\n", srv.HostKeyFingerprint())
	io.Printf("  (people compare it with the one ssh shows the first time they connect)\n")
	io.Printf("Connect with: %s\n", connect)
}
