package cmd

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/qwoty/qwoty-contacts/api"
)

func init() {
	extraCommands = append(extraCommands, newSetCmd, newSetAddressCmd)
}

// setFlags are the flags set and set-address share.
type setFlags struct {
	unset  []string
	reason string
	yes    bool
}

func newSetCmd(ctx context.Context, info BuildInfo, std *IO, g *globalFlags) *cobra.Command {
	return newWriteCmd(ctx, info, std, g, api.ContactSchema, writeCmdHelp{
		use:   "set CONTACT_ID field=value... [--unset field]...",
		short: "Change fields of a contact",
		long: `set changes fields of one contact. It reads the contact, shows what will
change (field: old → new), asks for confirmation on a terminal, then sends a
PATCH of exactly the changed fields. Just before sending, a fresh copy is
checked: if someone else changed one of the same fields meanwhile, nothing
is sent (exit code 5). Every attempt is recorded in the audit log
(qwoty-contacts log).

Fields: first_name, last_name, email, phone, role, id_crm, id_erp,
id_accounting. role takes a comma-separated list (role= for none). An empty
value (phone=) or --unset phone sets a nullable field to null; first_name,
last_name and email cannot be empty. customer_id cannot be changed.

Without a terminal, set refuses to write unless --yes is given. --dry-run
prints the exact request (and an equivalent curl command) and sends nothing.`,
		example: `  qwoty-contacts set 660e8400-e29b-41d4-a716-446655440001 phone="+33 6 99 88 77 66" role=buyer,billing
  qwoty-contacts set 660e8400-e29b-41d4-a716-446655440001 --unset id_crm --reason TICKET-42
  qwoty-contacts set 660e8400-e29b-41d4-a716-446655440001 email=jean@acme.com --dry-run
  qwoty-contacts set 660e8400-e29b-41d4-a716-446655440001 phone= --yes    # in a script`,
	})
}

func newSetAddressCmd(ctx context.Context, info BuildInfo, std *IO, g *globalFlags) *cobra.Command {
	return newWriteCmd(ctx, info, std, g, api.AddressSchema, writeCmdHelp{
		use:   "set-address ADDRESS_ID field=value... [--unset field]...",
		short: "Change fields of an address",
		long: `set-address changes fields of one address, exactly as set does for a
contact: it reads the address, shows the changes, asks on a terminal, checks
a fresh copy for conflicting changes and sends a PATCH of the changed fields
only. Every attempt is recorded in the audit log.

Fields: type (billing or shipping), name, address_line1, address_line2,
city, state, postal_code, country, comment, id_crm, id_erp, id_accounting.
country is an ISO 3166-1 alpha-2 code (de is accepted and sent as DE). An
empty value (state=) or --unset state sets a nullable field to null;
type, address_line1, city, postal_code and country cannot be empty.`,
		example: `  qwoty-contacts set-address 770e8400-e29b-41d4-a716-446655440002 postal_code=75008
  qwoty-contacts set-address 770e8400-e29b-41d4-a716-446655440002 state= country=de --yes
  qwoty-contacts set-address 770e8400-e29b-41d4-a716-446655440002 comment="Back door" --dry-run`,
	})
}

// writeCmdHelp is the help text of a write command.
type writeCmdHelp struct{ use, short, long, example string }

// newWriteCmd builds set or set-address: one code path, parameterised by
// the schema of the record they change.
func newWriteCmd(ctx context.Context, info BuildInfo, std *IO, g *globalFlags, s *api.Schema, h writeCmdHelp) *cobra.Command {
	var f setFlags
	c := &cobra.Command{
		Use:     h.use,
		Short:   h.short,
		Long:    h.long + "\n\n" + exitCodesUsage,
		Example: h.example,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			after, err := parseAssignments(s, args[1:], f.unset)
			if err != nil {
				return err
			}
			rt, err := openRuntime(ctx, info, std, g)
			if err != nil {
				return err
			}
			defer rt.Close()
			var known func() []idName // recent contacts, to offer one for the start of an id
			if s.Kind == api.KindContact {
				known = recentIDs(rt.stateDir, rt.profile())
			}
			id, err := idArg(s.Kind, args[0], known)
			if err != nil {
				return err
			}
			return runSet(ctx, rt, std, setRequest{
				schema: s, id: id, after: after, reason: f.reason, yes: f.yes,
				interactive: std.InIsTerminal() && std.OutIsTerminal(),
			})
		},
	}
	fl := c.Flags()
	fl.StringArrayVar(&f.unset, "unset", nil, "set this nullable `field` to null (repeatable)")
	fl.StringVar(&f.reason, "reason", "", "reason or ticket reference, recorded in the audit log")
	fl.BoolVarP(&f.yes, "yes", "y", false, "send without asking (required without a terminal)")
	fl.BoolVar(&g.dryRun, "dry-run", false, "print the exact PATCH and a curl command; send nothing")
	return withUsageErrors(c)
}
