package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

type screenID int

const (
	onLookup screenID = iota
	onContact
	onForm
	onReview
	onConflict
)

// App is the root model: it routes messages to the active screen, moves
// between screens, and draws the header, status line and help.
type App struct {
	s        *session
	lookup   *lookupScreen
	contact  *contactScreen
	form     *formScreen
	review   *reviewScreen
	conflict *conflictScreen
	active   screenID

	status      status
	help        help.Model
	fullHelp    bool
	confirmQuit bool
	width       int
	height      int
}

// New returns the app, ready for tea.NewProgram.
func New(o Options) *App {
	s := newSession(o)
	h := help.New()
	h.Styles = s.theme.Help
	a := &App{s: s, lookup: newLookupScreen(s), contact: newContactScreen(s), help: h, width: 80, height: 24}
	if o.StartNotice != "" {
		a.status = status{kind: statusInfo, text: o.StartNotice}
	}
	a.layout()
	return a
}

// Init starts the background work: the contact list for search, the recent
// list, and the contact named on the command line.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.lookup.init(), a.s.listenRetries()}
	if a.s.ResolveAtStart && a.s.Writer != nil {
		cmds = append(cmds, resolvePending(a.s.ctx, a.s.Writer))
		if a.s.Writer.Audit != nil {
			cmds = append(cmds, checkChain(a.s.Writer.Audit))
		}
	}
	if a.s.OpenID != "" {
		id := strings.TrimSpace(a.s.OpenID)
		if api.ValidID(id) {
			a.active = onContact
			cmds = append(cmds, a.contact.open(strings.ToLower(id)))
		} else {
			a.lookup.input.SetValue(id)
			a.lookup.idProblem = "Not a valid contact id: ids look like 660e8400-e29b-41d4-a716-446655440001. Nothing was sent."
		}
	}
	return tea.Batch(cmds...)
}

// Update routes a message.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.layout()
		if a.active == onForm {
			return a, a.forward(msg)
		}
		return a, nil
	case status:
		a.status = msg
		return a, nil
	case retryingMsg:
		a.status = status{kind: statusWarn, text: msg.retry.String()}
		return a, a.s.listenRetries()
	case copiedMsg:
		return a, setStatus(statusOK, "Copied "+msg.what+" to the clipboard.")
	case chainCheckedMsg:
		if msg.broken != nil {
			a.status = status{kind: statusError, text: "The audit log was altered (" + msg.broken.Error() + "). qwoty-contacts log --verify says more; keep the file for whoever investigates."}
		}
		return a, nil
	case pendingResolvedMsg:
		if len(msg.resolved) > 0 {
			kind, text := resolvedStatus(msg.resolved)
			a.status = status{kind: kind, text: text}
		}
		return a, nil
	case draftWrittenMsg:
		if msg.err != nil {
			return a, setStatus(statusError, "Could not save the draft: "+errorText(msg.err))
		}
		return a, nil
	case tea.KeyMsg:
		if cmd, done := a.globalKey(msg); done {
			return a, cmd
		}
	}
	if cmd, done := a.navigate(msg); done {
		return a, cmd
	}
	return a, a.forward(msg)
}

// globalKey handles the keys that work everywhere: quit (asking first when
// an edit is unsaved) and help.
func (a *App) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if a.confirmQuit {
		switch {
		case key.Matches(msg, confirmKeyMap.Yes):
			return a.quit(), true
		case key.Matches(msg, confirmKeyMap.No), key.Matches(msg, global.Quit):
			a.confirmQuit = false
			return nil, true
		}
		return nil, true
	}
	typing := a.active == onForm || (a.active == onReview && a.review.reason.Focused()) || a.active == onLookup
	switch {
	case key.Matches(msg, global.Quit), !typing && msg.String() == "q":
		if a.unsaved() {
			a.confirmQuit = true
			return nil, true
		}
		return a.quit(), true
	case !typing && key.Matches(msg, global.Help):
		a.fullHelp = !a.fullHelp
		a.layout()
		return nil, true
	}
	a.status = status{} // a key press clears the last message
	return nil, false
}

// unsaved reports whether an edit would be lost by quitting now.
func (a *App) unsaved() bool {
	switch a.active {
	case onForm:
		return a.form.dirty()
	case onReview, onConflict:
		return true
	}
	return false
}

// quit saves any unsaved edit as a draft, then ends the program.
func (a *App) quit() tea.Cmd {
	a.contact.stop()
	if e, ok := a.pendingEdit(); ok && a.s.Writer != nil {
		w := a.s.Writer
		return tea.Sequence(func() tea.Msg { _ = w.SaveDraft(e); return nil }, tea.Quit)
	}
	return tea.Quit
}

// pendingEdit returns the edit on screen, if any.
func (a *App) pendingEdit() (edit.Edit, bool) {
	switch a.active {
	case onForm:
		e := a.form.current()
		return e, len(e.Changes()) > 0
	case onReview:
		return a.review.edit, true
	case onConflict:
		return a.conflict.result.Edit, true
	}
	return edit.Edit{}, false
}

// PendingEdit returns the unsaved edit on screen, for callers that must
// keep it when the program ends from outside (an SSH session dropping).
func (a *App) PendingEdit() (edit.Edit, bool) { return a.pendingEdit() }

// navigate handles the messages that move between screens.
func (a *App) navigate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case openContactMsg:
		a.active = onContact
		a.layout()
		return a.contact.open(msg.id), true
	case showLookupMsg:
		a.active = onLookup
		if msg.status != "" {
			a.status = status{kind: statusWarn, text: msg.status}
		}
		return a.lookup.focus(), true
	case startEditMsg:
		values := msg.values
		if values == nil { // the record as on screen, with the edit on top
			current, _ := a.contact.recordValues(msg.edit.Target)
			values = msg.edit.Overlay(current)
		}
		a.form = newFormScreen(a.s, msg.edit, values, msg.title, a.width, a.bodyHeight())
		a.active = onForm
		return a.form.init(), true
	case reviewEditMsg:
		a.review = newReviewScreen(a.s, msg.edit, msg.title, a.width)
		a.active = onReview
		a.layout()
		return nil, true
	case editAbandonedMsg:
		a.active = onContact
		a.form, a.review, a.conflict = nil, nil, nil
		if msg.status != "" {
			a.status = status{kind: statusInfo, text: msg.status}
		}
		return nil, true
	case undoFoundMsg:
		return a.undoFound(msg), true
	case saveFinishedMsg:
		return a.saveFinished(msg.result), true
	}
	return nil, false
}

func (a *App) undoFound(msg undoFoundMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		return setStatus(statusError, "Could not read the audit log: "+errorText(msg.err))
	case msg.proposal == nil:
		return setStatus(statusInfo, fmt.Sprintf("Nothing to undo: no change to this %s through this API host and profile is recorded in the audit log.", msg.target.Kind))
	}
	undo := msg.proposal.Edit
	undo.Source = a.s.Source
	title := a.contact.recordTitle(msg.target) + ", " + a.s.undoTitle(msg.proposal.Of)
	// The copy on screen decides at once: a change overwritten since is a
	// conflict, a change already reverted is nothing to do.
	if current, ok := a.contact.recordValues(msg.target); ok {
		conflicts, send, already, _ := undo.Compare(current)
		switch {
		case len(conflicts) > 0:
			a.conflict = newConflictScreen(a.s, edit.Result{Outcome: edit.Conflicted, Edit: undo, Conflicts: conflicts, Fresh: current}, title, a.width)
			a.active = onConflict
			a.layout()
			return setStatus(statusWarn, "Not an undo: "+lowerFirst(conflictSummary(conflicts)[len("Not sent: "):])+" Choose below.")
		case len(send) == 0 && len(already) > 0:
			return setStatus(statusInfo, "Nothing to undo: the "+string(msg.target.Kind)+" already holds the values from before that change.")
		}
	}
	a.review = newReviewScreen(a.s, undo, title, a.width)
	a.active = onReview
	a.layout()
	return nil
}

// saveFinished moves on after a save: back to the view with the server's
// answer, to the conflict screen, or back to the review with the error.
func (a *App) saveFinished(r edit.Result) tea.Cmd {
	a.contact.update(recordRefreshedMsg{result: r})
	if f := api.ErrorField(r.Err); f != "" && r.Outcome == edit.Failed { // the server named the field: say which
		if field, ok := r.Edit.Schema().Field(f); ok {
			r.Err = fieldNamed{label: field.Label, err: r.Err}
		}
	}
	kind, text := saveStatus(r)
	switch {
	case r.Landed(), r.Outcome == edit.Unchanged, r.Outcome == edit.DryRan:
		a.active = onContact
		a.form, a.review, a.conflict = nil, nil, nil
		if r.Landed() && a.s.Clipboard != nil {
			text += " c copies a summary for the ticket."
		}
		return setStatus(kind, text)
	case r.Outcome == edit.Conflicted:
		title := ""
		if a.review != nil {
			title = a.review.title
		}
		a.conflict = newConflictScreen(a.s, r, title, a.width)
		a.active = onConflict
		a.layout()
		return setStatus(statusWarn, text)
	}
	if a.review != nil {
		a.review.failed(r.Err)
		a.active = onReview
	}
	return setStatus(kind, text)
}

// fieldNamed prefixes an error with the field it is about.
type fieldNamed struct {
	label string
	err   error
}

func (e fieldNamed) Error() string { return e.label + ": " + e.err.Error() }
func (e fieldNamed) Unwrap() error { return e.err }

// forward passes a message to the screen it concerns. Answers to requests
// go to the screen that made them, whichever is on top.
func (a *App) forward(msg tea.Msg) tea.Cmd {
	switch msg.(type) {
	case contactsListedMsg, recentLoadedMsg:
		return a.lookup.update(msg)
	case contactLoadedMsg, contactFailedMsg, addressLoadedMsg, customerLoadedMsg, draftsFoundMsg:
		return a.contact.update(msg)
	}
	switch a.active {
	case onLookup:
		return a.lookup.update(msg)
	case onContact:
		return a.contact.update(msg)
	case onForm:
		return a.form.update(msg)
	case onReview:
		return a.review.update(msg)
	case onConflict:
		return a.conflict.update(msg)
	}
	return nil
}

// layout gives each screen the room left by the header and footer.
func (a *App) layout() {
	h := a.bodyHeight()
	a.lookup.setSize(a.width, h)
	a.contact.setSize(a.width, h)
	if a.form != nil {
		a.form.setSize(a.width, h)
	}
	if a.review != nil {
		a.review.setSize(a.width, h)
	}
	if a.conflict != nil {
		a.conflict.setSize(a.width, h)
	}
	a.help.Width = a.width
}

func (a *App) bodyHeight() int {
	footer := 2 // status line, short help
	if a.fullHelp {
		a.help.ShowAll = true
		footer = 1 + lineCount(a.help.View(a.keys()))
	}
	return max(a.height-2-footer, 3)
}

// keys returns the active screen's key map, for the help line.
func (a *App) keys() help.KeyMap {
	if a.confirmQuit {
		return confirmKeyMap
	}
	switch a.active {
	case onContact:
		return a.contact
	case onForm:
		return a.form
	case onReview:
		return a.review
	case onConflict:
		return a.conflict
	}
	return a.lookup
}

// View draws the header, the active screen, the status line and help.
func (a *App) View() string {
	var body string
	switch a.active {
	case onLookup:
		body = a.lookup.view()
	case onContact:
		body = a.contact.view()
	case onForm:
		body = a.form.view()
	case onReview:
		body = a.review.view()
	case onConflict:
		body = a.conflict.view()
	}
	h := a.bodyHeight()
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	var b strings.Builder
	b.WriteString(a.header() + "\n\n")
	b.WriteString(strings.Join(lines, "\n") + "\n")
	b.WriteString(a.statusLine() + "\n")
	a.help.ShowAll = a.fullHelp
	b.WriteString(a.help.View(a.keys()))
	return b.String()
}

// header shows where you are and, always, which environment: the profile
// badge, DEMO, READ-ONLY, DRY RUN and who is signed in.
func (a *App) header() string {
	t := a.s.theme
	var badges []string
	if a.s.Demo {
		badges = append(badges, t.badge(t.DemoBadge, "DEMO"))
	}
	badges = append(badges, t.ProfileBadge(sanitize.Text(a.s.Label), a.s.Color))
	if a.s.ReadOnly {
		badges = append(badges, t.badge(t.ReadOnlyBadge, "READ-ONLY"))
	}
	if a.s.DryRun {
		badges = append(badges, t.badge(t.DryRunBadge, "DRY RUN"))
	}
	if a.s.SignedInAs != "" {
		badges = append(badges, t.Subtle.Render("signed in as "+sanitize.Text(a.s.SignedInAs)))
	}
	right := strings.Join(badges, " ")
	left := t.Accent.Render("qwoty-contacts")
	if crumb := a.crumb(); crumb != "" {
		room := a.width - sanitize.Width("qwoty-contacts › ") - widthOf(right) - 2
		if room > 4 {
			left += t.Subtle.Render(" › " + sanitize.Truncate(crumb, room))
		}
	}
	gap := a.width - widthOf(left) - widthOf(right)
	if gap < 1 {
		return truncateStyled(right, a.width)
	}
	return left + strings.Repeat(" ", gap) + right
}

func (a *App) crumb() string {
	name := ""
	if c := a.contact.contact; c != nil {
		name = sanitize.Text(c.FullName())
	}
	switch a.active {
	case onContact:
		return name
	case onForm:
		return name + " › edit"
	case onReview:
		return name + " › review"
	case onConflict:
		return name + " › conflict"
	}
	return ""
}

func (a *App) statusLine() string {
	t := a.s.theme
	if a.confirmQuit {
		return t.Warn.Render(truncateStyled("Quit? Your unsaved edit is kept as a draft and offered next time. y: quit · n: stay", a.width))
	}
	if a.active == onForm && a.form.leaving {
		return t.Warn.Render(truncateStyled("Discard your changes? y: discard · n: keep editing", a.width))
	}
	if a.status.text == "" {
		return ""
	}
	text := sanitize.Text(a.status.text)
	var st = t.Subtle
	prefix := ""
	switch a.status.kind {
	case statusOK:
		st, prefix = t.Good, "✓ "
	case statusWarn:
		st, prefix = t.Warn, "! "
	case statusError:
		st, prefix = t.Bad, "✗ "
	}
	return st.Render(sanitize.Truncate(prefix+text, a.width))
}
