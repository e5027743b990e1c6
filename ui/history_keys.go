package ui

import "github.com/charmbracelet/bubbles/key"

// historyKeys drive the History screen.
type historyKeys struct {
	Up, Down, Revert, Reload, Back key.Binding
}

var historyKeyMap = historyKeys{
	Up:     bind([]string{"up", "k"}, "↑", "newer"),
	Down:   bind([]string{"down", "j"}, "↓", "older"),
	Revert: bind([]string{"u"}, "u", "revert this change"),
	Reload: bind([]string{"r"}, "r", "reload"),
	Back:   bind([]string{"esc", "h"}, "esc", "back"),
}

func (k historyKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Revert, k.Back}
}

func (k historyKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Revert, k.Reload, k.Back}}
}
