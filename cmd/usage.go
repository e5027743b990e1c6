package cmd

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// usageArgs makes an argument-count error a usage error (exit code 2) that
// says, in plain words, which argument is missing or extra, and shows the
// command's usage line.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return usageError(fmt.Errorf("%s\nUsage: %s\nSee %s --help", argProblem(c, args, err), c.UseLine(), c.CommandPath()))
		}
		return nil
	}
}

// cobraCount reads the count out of cobra's argument errors ("accepts 1
// arg(s), received 0", "requires at least 1 arg(s), only received 0", …).
var cobraCount = regexp.MustCompile(`(accepts|requires at least|accepts at most|accepts between) (\d+)`)

// argProblem words an argument-count error: "missing CONTACT_ID",
// "too many arguments: expected at most 1".
func argProblem(c *cobra.Command, args []string, err error) string {
	if strings.HasPrefix(err.Error(), "unknown command ") && !c.HasSubCommands() {
		return fmt.Sprintf("unexpected argument %q: %s takes none", args[0], c.CommandPath())
	}
	m := cobraCount.FindStringSubmatch(err.Error())
	if m == nil {
		return err.Error()
	}
	n, _ := strconv.Atoi(m[2])
	if m[1] == "accepts at most" || (m[1] == "accepts" && len(args) > n) {
		return fmt.Sprintf("too many arguments (%d): expected at most %d", len(args), n)
	}
	var names []string // the placeholders of the usage line, e.g. CONTACT_ID
	for _, w := range strings.Fields(c.Use)[1:] {
		w = strings.Trim(w, "[].")
		if w != "" && strings.ToUpper(w) == w && !strings.HasPrefix(w, "-") {
			names = append(names, w)
		}
	}
	if len(args) < len(names) {
		name := names[len(args)]
		if alt, ok := strings.CutSuffix(name, "|-"); ok {
			name = alt + " (or - for standard input)"
		}
		return "missing " + name
	}
	return fmt.Sprintf("missing an argument: %d expected", n)
}

// withUsageErrors makes c's argument and flag mistakes usage errors (exit
// code 2), and returns c.
func withUsageErrors(c *cobra.Command) *cobra.Command {
	if c.Args != nil {
		c.Args = usageArgs(c.Args)
	}
	c.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError(fmt.Errorf("%s\nSee %s --help", flagProblem(err), c.CommandPath()))
	})
	return c
}

// pflagValue reads pflag's bad-value errors: `invalid argument "x" for
// "--limit" flag: strconv.ParseInt: parsing "x": invalid syntax`.
var pflagValue = regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: (.*)$`)

// flagProblem words a flag error plainly: what the flag wants, instead of
// the parser's message.
func flagProblem(err error) string {
	m := pflagValue.FindStringSubmatch(err.Error())
	if m == nil {
		return err.Error()
	}
	value, flag, why := m[1], m[2], m[3]
	want := ""
	switch {
	case strings.Contains(why, "ParseInt"), strings.Contains(why, "ParseUint"):
		want = "a whole number (e.g. 10)"
	case strings.Contains(why, "ParseFloat"):
		want = "a number"
	case strings.Contains(why, "ParseBool"):
		want = "true or false"
	case strings.HasPrefix(why, "time: "):
		want = "a duration (e.g. 30s, 5m or 1h)"
	default:
		return fmt.Sprintf("%s: %q is not accepted: %s", flag, value, why)
	}
	if strings.Contains(why, "value out of range") {
		return fmt.Sprintf("%s: %q is too large: it takes %s", flag, value, want)
	}
	return fmt.Sprintf("%s takes %s, not %q", flag, want, value)
}
