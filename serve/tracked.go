package serve

import (
	tea "github.com/charmbracelet/bubbletea"
)

// tracked wraps the app so that every command it starts is counted until it
// returns: a save (its PATCH and audit entry) included.
type tracked struct {
	tea.Model
	t *tracker
}

// Init implements tea.Model.
func (m *tracked) Init() tea.Cmd { return m.t.wrap(m.Model.Init()) }

// Update implements tea.Model.
func (m *tracked) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.Model.Update(msg)
	return m, m.t.wrap(cmd)
}
