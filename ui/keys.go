package ui

import (
	"slices"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// The key maps. Each screen matches keys against its own bindings and
// hands the same bindings to the help, so what the help shows is what the
// keys do; a binding that does nothing right now is disabled, and the help
// leaves it out.

func bind(keys []string, help, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// globalKeys work on every screen; the root matches them before the top
// screen sees the key.
type globalKeys struct {
	Quit key.Binding
	Help key.Binding
}

// globalKeysFor returns the global keys as they stand: while the screen
// takes typed text, q and ? are letters like any other, and only ctrl+c
// quits; with the full help open, ? closes it.
func globalKeysFor(typing, full bool) globalKeys {
	k := globalKeys{
		Quit: bind([]string{"q", "ctrl+c"}, "q", "quit"),
		Help: bind([]string{"?"}, "?", "more keys"),
	}
	if full {
		k.Help.SetHelp("?", "close help")
	}
	if typing {
		k.Quit = bind([]string{"ctrl+c"}, "ctrl+c", "quit")
		k.Help.SetEnabled(false)
	}
	return k
}

// withGlobal is a screen's key map with the global keys after its own.
type withGlobal struct {
	screen help.KeyMap
	global globalKeys
}

func (k withGlobal) ShortHelp() []key.Binding {
	return slices.Concat(k.screen.ShortHelp(), []key.Binding{k.global.Quit, k.global.Help})
}

func (k withGlobal) FullHelp() [][]key.Binding {
	return slices.Concat(k.screen.FullHelp(), [][]key.Binding{{k.global.Quit, k.global.Help}})
}

// lookupKeys drive the lookup screen.
type lookupKeys struct {
	Open, Up, Down, PageUp, PageDown, Clear key.Binding
}

var lookupKeyMap = lookupKeys{
	Open:     bind([]string{"enter"}, "enter", "open"),
	Up:       bind([]string{"up", "ctrl+p"}, "↑/↓", "previous/next"),
	Down:     key.NewBinding(key.WithKeys("down", "ctrl+n")), // shown with Up
	PageUp:   bind([]string{"pgup"}, "pgup/pgdn", "scroll"),
	PageDown: key.NewBinding(key.WithKeys("pgdown")), // shown with PageUp
	Clear:    bind([]string{"esc"}, "esc", "clear"),
}

// ShortHelp is every key of the lookup (it takes typed text, so ? cannot
// show more).
func (k lookupKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Up, k.Down, k.PageUp, k.PageDown, k.Clear}
}

func (k lookupKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Open, k.Up, k.Down}, {k.PageUp, k.PageDown, k.Clear}}
}

// contactKeys drive the contact view.
type contactKeys struct {
	Edit, Undo, Reload, Retry, Open, Copy, CopySummary key.Binding
	Next, Prev, Up, Down, PageUp, PageDown             key.Binding
	Back, Restore, Discard, History                    key.Binding
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
		Restore:     bind([]string{"R"}, "R", "restore draft"),
		Discard:     bind([]string{"D"}, "D", "discard draft"),
		History:     bind([]string{"h"}, "h", "history"),
	}
}

// contactHelp is the contact view's key map as the screen's state has it
// (contactScreen.keyMap): what does nothing now is disabled.
type contactHelp struct {
	contactKeys
	loaded bool
}

// ShortHelp lists the keys by priority: a draft waiting, then the edits,
// then moving and the rest.
func (k contactHelp) ShortHelp() []key.Binding {
	if !k.loaded {
		return []key.Binding{k.Reload, k.Open, k.Back}
	}
	return []key.Binding{k.Restore, k.Discard, k.Edit, k.History, k.Next, k.Retry, k.Undo, k.Copy, k.Reload, k.Open, k.Back, k.CopySummary}
}

func (k contactHelp) FullHelp() [][]key.Binding {
	if !k.loaded {
		return [][]key.Binding{k.ShortHelp()}
	}
	return [][]key.Binding{
		{k.Edit, k.Undo, k.History, k.Restore, k.Discard, k.Copy, k.CopySummary},
		{k.Reload, k.Retry, k.Open, k.Back},
		{k.Next, k.Prev, k.Up, k.Down, k.PageUp, k.PageDown},
	}
}

// formKeys drive the form. The form moves between fields itself; the
// fields (huh's) only ever see the other keys. Choose and Toggle are the
// keys the focused widget answers (formScreen.keys enables the one that
// applies), listed so the help names them.
type formKeys struct {
	Next, Prev, Up, Down, Toggle, Choose, Submit, Cancel key.Binding
}

var formKeyMap = formKeys{
	Next:   bind([]string{"tab", "enter"}, "tab/enter", "next field"),
	Prev:   bind([]string{"shift+tab"}, "shift+tab", "previous field"),
	Up:     bind([]string{"up"}, "↑/↓", "previous/next field"),
	Down:   key.NewBinding(key.WithKeys("down")), // shown with Up
	Toggle: bind([]string{"x", " "}, "x/space", "toggle role"),
	Choose: bind([]string{"left", "right", "h", "l"}, "←/→", "choose"),
	Submit: bind([]string{"ctrl+s"}, "ctrl+s", "review"),
	Cancel: bind([]string{"esc"}, "esc", "leave form"),
}

// ShortHelp is every key of the form (it takes typed text, so ? cannot
// show more), what the focused field answers first.
func (k formKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Toggle, k.Choose, k.Next, k.Prev, k.Up, k.Submit, k.Cancel}
}

func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Up}, {k.Toggle, k.Choose, k.Submit, k.Cancel}}
}

// reviewKeys drive the review screen. Only Send sends: nothing that moves
// through the form (enter, tab, the arrows) does.
type reviewKeys struct {
	Send, Reason, Done, CopyCurl, Back key.Binding
}

var reviewKeyMap = reviewKeys{
	Send:     bind([]string{"y"}, "y", "send"),
	Reason:   bind([]string{"tab"}, "tab", "reason"),
	Done:     bind([]string{"enter", "tab"}, "enter", "done"),
	CopyCurl: bind([]string{"c"}, "c", "copy curl"),
	Back:     bind([]string{"esc"}, "esc", "back to form"),
}

func (k reviewKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Send, k.CopyCurl, k.Reason, k.Done, k.Back}
}

func (k reviewKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// conflictKeys drive the conflict screen.
type conflictKeys struct {
	Theirs, Mine, Reopen, Back, Up, Down key.Binding
}

var conflictKeyMap = conflictKeys{
	Theirs: bind([]string{"t"}, "t", "keep theirs"),
	Mine:   bind([]string{"m"}, "m", "keep mine"),
	Reopen: bind([]string{"f", "e"}, "f", "edit again"),
	Back:   bind([]string{"esc"}, "esc", "back"),
	Up:     bind([]string{"up", "k"}, "↑/↓", "scroll"),
	Down:   key.NewBinding(key.WithKeys("down", "j")), // shown with Up
}

func (k conflictKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Theirs, k.Mine, k.Reopen, k.Up, k.Down, k.Back}
}

func (k conflictKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// confirmKeys answer a question.
type confirmKeys struct {
	Yes, No key.Binding
}

var confirmKeyMap = confirmKeys{
	Yes: bind([]string{"y", "Y"}, "y", "yes"),
	No:  bind([]string{"n", "N", "esc", "ctrl+c"}, "n/esc", "no"),
}

func (k confirmKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Yes, k.No} }
func (k confirmKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
