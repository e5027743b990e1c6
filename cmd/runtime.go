package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/user"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/config"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
	"github.com/qwoty/qwoty-contacts/ui"
)

// runtime is what a command needs to talk to Qwoty and write safely: the
// settings, one client, the write path and the state dir.
type runtime struct {
	settings *config.Settings
	client   *api.Client
	writer   *edit.Writer
	stateDir string
	demo     bool
	closers  []func()
	// demoState is set when --demo keeps its state in a temporary folder.
	demoState bool
}

// Close releases the demo server and the debug log.
func (r *runtime) Close() {
	for i := len(r.closers) - 1; i >= 0; i-- {
		r.closers[i]()
	}
}

// setup loads the settings and builds the client and the write path. With
// --demo it starts an in-process sandbox on a loopback port and ignores the
// config file.
func setup(ctx context.Context, info BuildInfo, std *IO, g *globalFlags) (*runtime, error) {
	rt := &runtime{demo: g.demo}
	var token api.Token
	var baseURL string
	if g.demo {
		srv, err := startDemo(ctx)
		if err != nil {
			return nil, err
		}
		rt.closers = append(rt.closers, srv.close)
		baseURL, token = srv.url, api.NewToken(sandbox.DefaultToken)
		rt.settings = &config.Settings{Profile: "demo", Label: "demo sandbox", BaseURL: baseURL, Timeout: g.timeout, ReadOnly: g.readOnly}
	} else {
		s, err := config.Load(config.Flags{BaseURL: g.baseURL, Profile: g.profile, Config: g.config, Timeout: g.timeout, ReadOnly: g.readOnly}, std.getenv)
		if err != nil {
			return nil, usageError(err)
		}
		rt.settings = s
		if token, err = s.Token(); err != nil {
			return nil, &ExitError{Code: ExitAuth, Err: err}
		}
		baseURL = s.BaseURL
	}
	var debug io.Writer
	if g.debug != "" {
		f, err := os.OpenFile(g.debug, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, usageError(fmt.Errorf("cannot open the debug log %s: %w", g.debug, errors.Unwrap(err)))
		}
		rt.closers = append(rt.closers, func() { f.Close() })
		debug = f
	}
	client, err := api.New(api.Options{
		BaseURL:     baseURL,
		Token:       token,
		Timeout:     rt.settings.Timeout,
		UserAgent:   "qwoty-contacts/" + info.Version,
		ReadOnly:    rt.settings.ReadOnly,
		Debug:       debug,
		Concurrency: g.concurrency,
	})
	if err != nil {
		return nil, usageError(err)
	}
	rt.client = client
	dir, err := stateDir(std)
	if err != nil {
		return nil, fmt.Errorf("cannot find a folder for the audit log and drafts: %w (set QWOTY_STATE_DIR)", err)
	}
	if g.demo {
		// The demo's writes are not real: its audit log, drafts and recent
		// contacts stay apart from the person's, and go at exit.
		tmp, err := os.MkdirTemp("", "qwoty-contacts-demo-")
		if err != nil {
			return nil, fmt.Errorf("cannot make a temporary folder for the demo's audit log and drafts: %w", err)
		}
		rt.closers = append(rt.closers, func() { os.RemoveAll(tmp) })
		dir, rt.demoState = tmp, true
	}
	rt.stateDir = dir
	audit := state.OpenAudit(dir)
	if g.auditSyslog != "" {
		sl, err := state.OpenSyslog(g.auditSyslog)
		if err != nil {
			return nil, usageError(err)
		}
		audit.Mirror = sl.Mirror
		rt.closers = append(rt.closers, func() {
			if err := sl.Close(); err != nil {
				std.Errorf("warning: %s\n", err)
			}
		})
	}
	rt.writer = &edit.Writer{
		API:           client,
		Audit:         audit,
		StateDir:      dir,
		Identity:      edit.Identity{Profile: rt.profile(), APIHost: client.Host(), OSUser: osUser()},
		BaseURL:       client.BaseURL(),
		DryRun:        g.dryRun,
		RequireReason: rt.settings.RequireReason,
		Timeout:       client.Timeout(),
	}
	return rt, nil
}

// resolvePending checks the writes an earlier run left in flight and says
// on standard error what it found (the CLI's start; the TUI says it in its
// status line).
func (r *runtime) resolvePending(ctx context.Context, std *IO) {
	rs, err := r.writer.ResolvePending(ctx)
	for _, x := range rs {
		a := x.Attempt
		what := string(a.Kind) + " " + sanitize.Text(a.ID)
		if a.Title != "" {
			what += " (" + sanitize.Text(a.Title) + ")"
		}
		switch x.Resolution {
		case edit.Landed:
			std.Errorf("note: the write of %s from %s ended without an answer; checked now: it reached the server\n", what, a.Time.Local().Format("2006-01-02 15:04"))
		case edit.NotLanded:
			std.Errorf("note: the write of %s from %s ended without an answer; checked now: it did not reach the server\n", what, a.Time.Local().Format("2006-01-02 15:04"))
		case edit.ChangedElsewhere:
			std.Errorf("note: the write of %s from %s ended without an answer; checked now: the record holds other values (someone else changed it)\n", what, a.Time.Local().Format("2006-01-02 15:04"))
		default:
			std.Errorf("note: the write of %s from %s ended without an answer and could not be checked yet (%s); the next run tries again\n", what, a.Time.Local().Format("2006-01-02 15:04"), sanitize.Text(errText(x.Err)))
		}
	}
	if err != nil && len(rs) == 0 {
		std.Errorf("warning: cannot check the writes an earlier run left in flight: %s\n", sanitize.Text(err.Error()))
	}
}

// uiOptions returns the app's options shared by the local TUI and every SSH
// session; each caller adds its terminal (renderer, clipboard, context).
func (r *runtime) uiOptions(g *globalFlags) ui.Options {
	return ui.Options{
		API:         r.client,
		Writer:      r.tuiWriter(),
		Profile:     r.profile(),
		APIHost:     r.client.Host(),
		Label:       r.settings.Label,
		Color:       r.settings.Color,
		Demo:        r.demo,
		ReadOnly:    r.settings.ReadOnly,
		DryRun:      g.dryRun,
		StateDir:    r.stateDir,
		StartNotice: r.demoNotice(),
	}
}

// demoNotice says where a demo keeps its state, or "".
func (r *runtime) demoNotice() string {
	if !r.demoState {
		return ""
	}
	return "Demo: sample data on a built-in sandbox. Its audit log, drafts and recent contacts live in a temporary folder, removed at exit; your own are untouched."
}

// tuiWriter is the write path of an interactive session: it keeps an edit
// that did not reach the server as a draft.
func (r *runtime) tuiWriter() *edit.Writer {
	w := *r.writer
	w.KeepDrafts = true
	return &w
}

// profile names the profile for audit entries, drafts and the recent list.
func (r *runtime) profile() string {
	if r.settings.Profile != "" {
		return r.settings.Profile
	}
	return "default"
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// demoServer is the sandbox serving --demo on a random loopback port.
type demoServer struct {
	url   string
	close func()
}

func startDemo(ctx context.Context) (*demoServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("cannot start the demo sandbox on a loopback port: %w", err)
	}
	srv := &http.Server{Handler: sandbox.New(sandbox.Options{}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(l)
	u := url.URL{Scheme: "http", Host: l.Addr().String(), Path: "/api"}
	return &demoServer{url: u.String(), close: func() {
		c, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		_ = srv.Shutdown(c)
	}}, nil
}
