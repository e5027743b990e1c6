package ui

import "github.com/charmbracelet/bubbles/key"

func bind(keys []string, help, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// globalKeys work on every screen.
type globalKeys struct {
	Quit key.Binding
	Help key.Binding
}

var global = globalKeys{
	Quit: bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	Help: bind([]string{"?"}, "?", "more keys"),
}

// lookupKeys drive the lookup screen.
type lookupKeys struct {
	Open, Up, Down, Clear, Quit, Help key.Binding
}

var lookupKeyMap = lookupKeys{
	Open:  bind([]string{"enter"}, "enter", "open"),
	Up:    bind([]string{"up", "ctrl+p"}, "↑", "previous"),
	Down:  bind([]string{"down", "ctrl+n"}, "↓", "next"),
	Clear: bind([]string{"esc"}, "esc", "clear / cancel"),
	Quit:  global.Quit,
	Help:  global.Help,
}

func (k lookupKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Up, k.Down, k.Clear, k.Quit}
}

func (k lookupKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Open, k.Up, k.Down}, {k.Clear, k.Quit, k.Help}}
}

// contactKeys drive the contact view.
type contactKeys struct {
	Edit, Undo, Reload, Retry, Open, Copy, CopySummary key.Binding
	Next, Prev, Up, Down, PageUp, PageDown             key.Binding
	Back, Quit, Help                                   key.Binding
	Restore, Discard                                   key.Binding
	readOnly, hasSummary, hasFailed, hasDraft          bool
	onAddress                                          bool // an address has the focus
}

func newContactKeys() contactKeys {
	return contactKeys{
		Edit:        bind([]string{"e"}, "e", "edit"),
		Undo:        bind([]string{"u"}, "u", "undo last change"),
		Reload:      bind([]string{"r"}, "r", "reload"),
		Retry:       bind([]string{"a"}, "a", "retry failed addresses"),
		Open:        bind([]string{"o", "/"}, "o", "open another"),
		Copy:        bind([]string{"y"}, "y", "copy id"),
		CopySummary: bind([]string{"c"}, "c", "copy change summary"),
		Next:        bind([]string{"tab"}, "tab", "next address"),
		Prev:        bind([]string{"shift+tab"}, "shift+tab", "previous"),
		Up:          bind([]string{"up", "k"}, "↑/k", "up"),
		Down:        bind([]string{"down", "j"}, "↓/j", "down"),
		PageUp:      bind([]string{"pgup", "b"}, "pgup", "page up"),
		PageDown:    bind([]string{"pgdown", " ", "f"}, "pgdn", "page down"),
		Back:        bind([]string{"esc"}, "esc", "back"),
		Quit:        bind([]string{"q", "ctrl+c"}, "q", "quit"),
		Help:        global.Help,
		Restore:     bind([]string{"R"}, "R", "restore draft"),
		Discard:     bind([]string{"D"}, "D", "discard draft"),
	}
}

// forFocus names what e and u act on.
func (k contactKeys) forFocus() contactKeys {
	what := "contact"
	if k.onAddress {
		what = "address"
	}
	k.Edit.SetHelp("e", "edit "+what)
	k.Undo.SetHelp("u", "undo last change to "+what)
	return k
}

func (k contactKeys) ShortHelp() []key.Binding {
	k = k.forFocus()
	var out []key.Binding
	if k.hasDraft {
		out = append(out, k.Restore, k.Discard)
	}
	if !k.readOnly {
		out = append(out, k.Edit)
	}
	out = append(out, k.Next)
	if k.hasFailed {
		out = append(out, k.Retry)
	}
	out = append(out, k.Reload, k.Open, k.Quit, k.Help)
	return out
}

func (k contactKeys) FullHelp() [][]key.Binding {
	k = k.forFocus()
	first := []key.Binding{k.Reload, k.Open, k.Copy}
	if !k.readOnly {
		first = append([]key.Binding{k.Edit, k.Undo}, first...)
	}
	if k.hasSummary {
		first = append(first, k.CopySummary)
	}
	return [][]key.Binding{
		first,
		{k.Next, k.Prev, k.Up, k.Down, k.PageUp, k.PageDown},
		{k.Retry, k.Back, k.Quit, k.Help},
	}
}

// formKeys are the app's keys around the huh form (huh has its own for
// moving between fields).
type formKeys struct {
	Cancel, Next, Prev, Submit, Quit key.Binding
}

var formKeyMap = formKeys{
	Cancel: bind([]string{"esc"}, "esc", "leave form"),
	Next:   bind([]string{"tab", "enter"}, "tab/enter", "next field"),
	Prev:   bind([]string{"shift+tab"}, "shift+tab", "previous field"),
	Submit: bind([]string{"ctrl+s"}, "ctrl+s", "review"),
	Quit:   global.Quit,
}

func (k formKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.Submit, k.Cancel}
}

func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Submit}, {k.Cancel, k.Quit}}
}

// reviewKeys drive the review screen.
type reviewKeys struct {
	Send, Reason, CopyCurl, Back, Quit key.Binding
	dryRun                             bool
}

var reviewKeyMap = reviewKeys{
	Send:     bind([]string{"enter", "y"}, "enter/y", "send"),
	CopyCurl: bind([]string{"c"}, "c", "copy curl"),
	Reason:   bind([]string{"tab"}, "tab", "reason"),
	Back:     bind([]string{"esc"}, "esc", "back to form"),
	Quit:     global.Quit,
}

func (k reviewKeys) ShortHelp() []key.Binding {
	send := k.Send
	if k.dryRun {
		send.SetHelp("enter/y", "dry run")
		return []key.Binding{send, k.CopyCurl, k.Reason, k.Back}
	}
	return []key.Binding{send, k.Reason, k.Back}
}

func (k reviewKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp(), {k.Quit}} }

// conflictKeys drive the conflict screen.
type conflictKeys struct {
	Theirs, Mine, Reopen, Back, Quit key.Binding
}

var conflictKeyMap = conflictKeys{
	Theirs: bind([]string{"t"}, "t", "keep theirs"),
	Mine:   bind([]string{"m"}, "m", "keep mine"),
	Reopen: bind([]string{"f", "e"}, "f", "edit fresh copy"),
	Back:   bind([]string{"esc"}, "esc", "back"),
	Quit:   global.Quit,
}

func (k conflictKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Theirs, k.Mine, k.Reopen, k.Back}
}

func (k conflictKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp(), {k.Quit}} }

// confirmKeys drive yes/no questions.
type confirmKeys struct {
	Yes, No key.Binding
}

var confirmKeyMap = confirmKeys{
	Yes: bind([]string{"y", "Y"}, "y", "yes"),
	No:  bind([]string{"n", "N", "esc"}, "n/esc", "no"),
}

func (k confirmKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Yes, k.No} }
func (k confirmKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
