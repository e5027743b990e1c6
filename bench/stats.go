package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// median returns the middle value (the mean of the two middle ones for an
// even count).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// p99 returns the 99th percentile by nearest rank: with fewer than 100
// samples it is the largest.
func p99(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(math.Ceil(0.99*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func maxOf(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return slices.Max(xs)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func fmtMS(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case v >= 1000:
		return fmt.Sprintf("%.2f s", v/1000)
	case v >= 100:
		return fmt.Sprintf("%.0f ms", v)
	case v >= 10:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.2f ms", v)
}

func fmtBytes(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.0f B", v)
}

func fmtMiB(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.1f MiB", v/(1<<20))
}

// row is one line of the results table.
type row struct {
	measure, median, p99, budget, result string
}

const (
	pass = "pass"
	fail = "**FAIL**"
	info = "info"
)

func verdict(ok bool) string {
	if ok {
		return pass
	}
	return fail
}

// report collects rows and notes.
type report struct {
	rows   []row
	notes  []string
	failed bool
}

func (r *report) add(measure, med, p, budget, result string) {
	r.rows = append(r.rows, row{measure, med, p, budget, result})
	if result == fail || strings.HasPrefix(result, "error") {
		r.failed = true
	}
}

func (r *report) note(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

// errorRow records a measure that could not be taken: it counts as missed.
func (r *report) errorRow(measure, budget string, err error) {
	r.add(measure, "—", "—", budget, "error")
	r.note("%s: could not be measured: %v", measure, err)
}

func (r *report) markdown(header string) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\n| measure | median | p99 | budget | result |\n| --- | --- | --- | --- | --- |\n")
	for _, x := range r.rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", x.measure, x.median, x.p99, x.budget, x.result)
	}
	if len(r.notes) > 0 {
		b.WriteString("\nNotes:\n\n")
		for _, n := range r.notes {
			b.WriteString("- " + strings.ReplaceAll(n, "\n", "\n  ") + "\n")
		}
	}
	return b.String()
}
