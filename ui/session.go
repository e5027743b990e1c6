// Package ui is the Bubble Tea app: a small root model that keeps a stack
// of screens (lookup, contact view, form, review, conflict) behind one
// interface (screen.go), the loaded record as a plain value beside its
// rendering (record.go, record_view.go), and the one builder of the
// program for the local terminal and for each SSH session (program.go).
// Each screen owns its state, keys and view. Network and disk work happens
// only in tea.Cmds, with contexts the person can cancel.
package ui

import (
	"context"
	"io"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// API is what the UI needs from the Qwoty client. Tests swap it freely;
// *api.Client implements it.
type API interface {
	edit.API
	GetCustomer(ctx context.Context, id string) (*api.Customer, error)
	// EachListed streams the workspace's contacts (customerID "" for
	// all) as the list carries them, for search.
	EachListed(ctx context.Context, customerID string, fn func(*api.ListedContact) error) error
}

// FPS is the frame rate programs running the app should use: a keystroke
// reaches the screen within one frame, so 120 keeps echo under 10 ms.
const FPS = 120

// Options configure the app.
type Options struct {
	// API reaches Qwoty; Writer saves edits through the shared write path.
	API    API
	Writer *edit.Writer
	// Profile names the settings profile; Label and Color paint its badge.
	Profile, Label, Color string
	// APIHost is the API's host:port; recent contacts are kept per profile
	// and host.
	APIHost string
	// Demo shows a DEMO badge; ReadOnly hides every way to edit; DryRun
	// describes PATCHes instead of sending them. (Whether a change needs
	// a reason is the write path's rule: Writer.RequireReason.) The
	// change reason mandatory.
	Demo, ReadOnly, DryRun bool
	// SignedInAs names the person, when served over SSH.
	SignedInAs string
	// Source marks the audit entries of this session's edits ("tui" when
	// empty; "ssh" when served over SSH).
	Source string
	// StateDir holds the recent contacts list; "" keeps none.
	StateDir string
	// Renderer paints the styles (one per SSH session); a default one when
	// nil.
	Renderer *lipgloss.Renderer
	// Clipboard receives OSC 52 clipboard writes (the terminal's output);
	// nil disables copying.
	Clipboard io.Writer
	// TermEnv is the terminal's environment (KEY=value): TMUX or STY there
	// say the app runs inside tmux or screen (clipboard.go).
	TermEnv []string
	// RunTmux lets a copy made inside tmux hand the text to tmux itself
	// (tmux load-buffer): only for the local terminal, where the tmux
	// server is the person's own. A session served over SSH never runs
	// tmux.
	RunTmux bool
	// OpenID, when set, is the contact opened at start.
	OpenID string
	// Context ends every request when canceled (the SSH session closing);
	// context.Background when nil.
	Context context.Context
	// Now and Location fix the clock and time zone (tests); time.Now and
	// time.Local when nil.
	Now      func() time.Time
	Location *time.Location
	// AutosaveDelay is how long after the last keystroke a draft is
	// written; 700 ms when zero.
	AutosaveDelay time.Duration
	// StartNotice, when set, is the status line's first message (where a
	// demo keeps its state, say).
	StartNotice string
	// ResolveAtStart checks, at start, the writes an earlier run left in
	// flight (the local TUI; a server does it once for all its sessions).
	ResolveAtStart bool
	// ConfirmDelay is how long the review must be on screen, with no key
	// pressed, before y sends: keys typed or held before it appeared
	// cannot send. 400 ms when zero.
	ConfirmDelay time.Duration
	// SpinnerFrame is how long a spinner shows each frame (tests make it
	// short); the spinner's own pace when zero.
	SpinnerFrame time.Duration
	// Contacts holds the contact index search uses: a server shares one
	// between its sessions. When nil the app keeps its own, fetched through
	// API the first time the lookup needs it.
	Contacts Contacts
}

// session is what every screen shares: settings, styles and helpers.
type session struct {
	Options
	theme *Theme
	ctx   context.Context
	// retries carries the client's "retrying in N s" notices to the
	// status line.
	retries chan api.Retry
	// outbox holds the navigation messages and questions the screens
	// posted while handling the message at hand (screen.go).
	outbox []any
}

func newSession(o Options) *session {
	if o.Renderer == nil {
		o.Renderer = lipgloss.DefaultRenderer()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.AutosaveDelay <= 0 {
		o.AutosaveDelay = 700 * time.Millisecond
	}
	if o.ConfirmDelay <= 0 {
		o.ConfirmDelay = 400 * time.Millisecond
	}
	if o.Label == "" {
		o.Label = o.Profile
	}
	if o.Label == "" {
		o.Label = "default"
	}
	if o.Source == "" {
		o.Source = "tui"
	}
	if o.Writer == nil {
		o.ReadOnly = true
	}
	ctx := o.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if o.Contacts == nil && o.API != nil {
		o.Contacts = NewSharedIndex(ctx, o.API)
	}
	return &session{Options: o, theme: NewTheme(o.Renderer), ctx: ctx, retries: make(chan api.Retry, 8)}
}

// requireReason reports whether the write path refuses a change without a
// reason (the review says so before anything is sent).
func (s *session) requireReason() bool { return s.Writer != nil && s.Writer.RequireReason }

// recentList names this session's recent-contacts list.
func (s *session) recentList() string { return state.RecentList(s.Profile, s.APIHost) }

// request returns a context for one request and the function that cancels
// it (Esc).
func (s *session) request() (context.Context, context.CancelFunc) {
	ctx := api.WithRetryNotice(s.ctx, func(r api.Retry) {
		select {
		case s.retries <- r:
		default: // the status line shows the latest anyway
		}
	})
	return context.WithCancel(ctx)
}

// retryingMsg: the client is about to retry a request.
type retryingMsg struct{ retry api.Retry }

// listenRetries waits for the next retry notice; the root re-arms it.
func (s *session) listenRetries() tea.Cmd {
	return func() tea.Msg {
		select {
		case r := <-s.retries:
			return retryingMsg{retry: r}
		case <-s.ctx.Done():
			return nil
		}
	}
}
