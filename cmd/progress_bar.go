package cmd

import (
	"github.com/charmbracelet/bubbles/progress"
	"github.com/muesli/termenv"
)

// barView draws a progress bar for a fraction from 0 to 1.
type barView interface {
	ViewAs(percent float64) string
}

// barWidth is the bar's width in columns, percentage included.
const barWidth = 40

// newBar returns a bubbles/progress bar; without colour it is drawn with
// the ASCII profile, so no escape sequence is written.
func newBar(color bool) barView {
	opts := []progress.Option{progress.WithDefaultGradient(), progress.WithWidth(barWidth)}
	if !color {
		opts = append(opts, progress.WithColorProfile(termenv.Ascii))
	}
	return progress.New(opts...)
}
