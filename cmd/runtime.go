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
		BaseURL:   baseURL,
		Token:     token,
		Timeout:   rt.settings.Timeout,
		UserAgent: "qwoty-contacts/" + info.Version,
		ReadOnly:  rt.settings.ReadOnly,
		Debug:     debug,
	})
	if err != nil {
		return nil, usageError(err)
	}
	rt.client = client
	dir, err := stateDir(std)
	if err != nil {
		return nil, fmt.Errorf("cannot find a folder for the audit log and drafts: %w (set QWOTY_STATE_DIR)", err)
	}
	rt.stateDir = dir
	rt.writer = &edit.Writer{
		API:      client,
		Audit:    state.OpenAudit(dir),
		StateDir: dir,
		Identity: edit.Identity{Profile: rt.profile(), APIHost: client.Host(), OSUser: osUser()},
		BaseURL:  client.BaseURL(),
		DryRun:   g.dryRun,
	}
	return rt, nil
}

// uiOptions returns the app's options shared by the local TUI and every SSH
// session; each caller adds its terminal (renderer, clipboard, context).
func (r *runtime) uiOptions(g *globalFlags) ui.Options {
	return ui.Options{
		API:           r.client,
		Writer:        r.writer,
		Profile:       r.profile(),
		Label:         r.settings.Label,
		Color:         r.settings.Color,
		Demo:          r.demo,
		ReadOnly:      r.settings.ReadOnly,
		DryRun:        g.dryRun,
		RequireReason: r.settings.RequireReason,
		StateDir:      r.stateDir,
	}
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
