package cmd

import "github.com/spf13/cobra"

// usageArgs makes an argument-count error a usage error (exit code 2).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return usageError(err)
		}
		return nil
	}
}

// withUsageErrors makes c's argument and flag mistakes usage errors (exit
// code 2), and returns c.
func withUsageErrors(c *cobra.Command) *cobra.Command {
	if c.Args != nil {
		c.Args = usageArgs(c.Args)
	}
	c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	return c
}
