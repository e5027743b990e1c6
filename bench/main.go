// Command bench measures qwoty-contacts on a slow link: it runs the sandbox
// in process with injected latency, builds the app, drives it in a real
// pseudo-terminal (200x60, TERM=xterm-256color) and prints a Markdown table
// of medians (and p99s) against the budgets of the "Fast on a slow link"
// issue: cold start, Enter to the complete contact view (against curl + jq),
// keystroke echo and bytes in the form, idle output, peak memory, search
// over 50,000 contacts, the cost of the conflict check, and get; and those
// of issue 17, each against a floor measured in the same run: Enter on a
// search result against one round trip (at 50 and 150 ms), a contact with
// 300 addresses against its network time and in CPU, set --yes against
// curl GET + PATCH, the 200,000-contact list against curl downloading it,
// memory there, and the search keystroke's own cost.
//
// It then serves the app over SSH to a team of sessions (issue 16): 32
// sessions over 50,000 contacts, a resize flood, stalled connections, idle
// sessions.
//
//	go run ./bench [-runs 5] [-latency 50ms] [-out FILE] [-bin BINARY] [-keep] [-only tui|serve|open|list]
//
// It exits 1 when a budget is missed (or a measure could not be taken) and
// 2 when it cannot run at all. It needs a Unix pseudo-terminal and /proc
// (Linux) for the memory measures; curl and jq are optional.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func main() {
	runs := flag.Int("runs", 5, "runs per measure (medians over them)")
	latency := flag.Duration("latency", 50*time.Millisecond, "latency the sandbox adds to every request")
	out := flag.String("out", "", "also write the table to this file")
	keep := flag.Bool("keep", false, "keep the temporary folder (binary, state dirs)")
	bin := flag.String("bin", "", "bench this qwoty-contacts binary instead of building one (e.g. a what-if build)")
	only := flag.String("only", "", "run only the `tui` rows or only the `serve` rows (or, of the tui rows, only those of Enter on a search result, open, or of the 200,000-contact list, list)")
	flag.Parse()
	switch *only {
	case "", "tui", "serve", "open", "list":
	default:
		fmt.Fprintln(os.Stderr, "bench: -only is tui, serve, open or list")
		os.Exit(2)
	}
	if *runs < 1 {
		fmt.Fprintln(os.Stderr, "bench: -runs must be at least 1")
		os.Exit(2)
	}
	code, err := run(*runs, *latency, *out, *keep, *bin, *only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: "+err.Error())
	}
	os.Exit(code)
}

func run(runs int, latency time.Duration, out string, keep bool, bin, only string) (int, error) {
	started := time.Now()
	tmp, err := os.MkdirTemp("", "qwoty-bench-")
	if err != nil {
		return 2, err
	}
	if keep {
		fmt.Fprintln(os.Stderr, "bench: keeping "+tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	var built string
	if bin == "" {
		root, err := moduleRoot()
		if err != nil {
			return 2, err
		}
		built = "built from " + root
		fmt.Fprintln(os.Stderr, "bench: building the app in "+root)
		if bin, err = buildApp(root, tmp); err != nil {
			return 2, err
		}
	} else if bin, err = filepath.Abs(bin); err != nil {
		return 2, err
	} else {
		built = "given with -bin: " + bin
	}
	sb, err := startSandbox(latency)
	if err != nil {
		return 2, err
	}
	defer sb.close()
	b := &bench{bin: bin, tmp: tmp, sb: sb, latency: latency, runs: runs, rep: &report{}}
	if err := b.loadContact(); err != nil {
		return 2, err
	}

	switch only {
	case "open":
		b.openRows()
	case "list":
		b.idRSSSmall()
		b.hugeRows()
	}
	if only == "" || only == "tui" {
		b.coldStarts()
		b.initTrace()
		b.interactiveRuns()
		b.baselines()
		b.conflictCheck()
		b.setRows()
		b.idRSSSmall()
		b.openRows() // adds the 300-address contact
		b.bigList()  // adds 50,000 contacts to the sandbox
		b.searchRow(b.sb, "50k", true)
		b.hugeRows() // on a sandbox of its own
	}
	if only == "" || only == "serve" {
		b.serveRows() // on sandboxes of their own
	}

	m := describeMachine()
	header := fmt.Sprintf("## qwoty-contacts bench\n\n"+
		"- machine: %s, %s cores, %s\n- Go: %s\n- date: %s\n"+
		"- latency: %s per request (the Enter rows also at 150ms), runs: %d, terminal: %dx%d TERM=xterm-256color\n"+
		"- app: %s\n- full run: %s\n",
		m.cpu, m.cores, m.os, m.goVersion, time.Now().Format("2006-01-02 15:04 MST"),
		latency, runs, termCols, termRows, built, time.Since(started).Round(time.Second))
	table := b.rep.markdown(header)
	fmt.Print(table)
	if out != "" {
		if err := os.WriteFile(out, []byte(table), 0o644); err != nil {
			return 2, err
		}
	}
	if b.rep.failed {
		return 1, nil
	}
	return 0, nil
}
