package cmd

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/qwoty/qwoty-contacts/api"
)

func init() { extraCommands = append(extraCommands, newGetCmd) }

func newGetCmd(ctx context.Context, info BuildInfo, std *IO, g *globalFlags) *cobra.Command {
	var asJSON, noAddresses bool
	c := &cobra.Command{
		Use:   "get CONTACT_ID",
		Short: "Print a contact and its addresses",
		Long: `get prints one contact, then each of its addresses (fetched concurrently).

By default the output is for people: one "label  value" line per field in the
API's order, null shown as —, the empty string as "". Text from the server is
made safe for the terminal. An address that cannot be fetched is reported in
its place; the exit code stays 0 as long as the contact was read.

--json prints one JSON document: {"contact": ..., "addresses": [...]}, with
the contact and each address exactly as the server sent them, and
{"id": ..., "error": {"status", "code", "message"}} for an address that could
not be fetched. --no-addresses skips the addresses ("addresses" is then left
out of the JSON).

` + exitCodesUsage,
		Example: `  qwoty-contacts get 660e8400-e29b-41d4-a716-446655440001
  qwoty-contacts get 660e8400-e29b-41d4-a716-446655440001 --json | jq .contact.phone
  qwoty-contacts get 660e8400-e29b-41d4-a716-446655440001 --no-addresses`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			rt, err := openRuntime(ctx, info, std, g)
			if err != nil {
				return err
			}
			defer rt.Close()
			id, err := idArg(api.KindContact, args[0], recentIDs(rt.stateDir, rt.profile()))
			if err != nil {
				return err
			}
			contact, err := rt.client.GetContact(ctx, id)
			if err != nil {
				return rt.notFound(err, api.KindContact, args[0])
			}
			var addrs []api.AddressResult
			if !noAddresses && contact.HasAddressIDs() {
				addrs = rt.client.GetAddresses(ctx, contact.AddressIDs)
			}
			if asJSON {
				// Without address_ids (never seen on a GET) the addresses are
				// unknown, not none: leave the key out.
				return writeContactJSON(std.Out, contact, addrs, !noAddresses && contact.HasAddressIDs())
			}
			writeContactPlain(std.Out, newStyle(std.Color(std.Out)), contact, addrs)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the server's JSON (one document)")
	c.Flags().BoolVar(&noAddresses, "no-addresses", false, "do not fetch the addresses")
	return withUsageErrors(c)
}
