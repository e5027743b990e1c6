package cmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// syntheticSeed makes --contacts the same every run, and the same as the
// bench's (go run ./bench), so its numbers can be reproduced by hand.
const syntheticSeed = "bench"

func newSandboxCmd(ctx context.Context, io *IO) *cobra.Command {
	var addr, token string
	var latency time.Duration
	var faults []string
	var contacts, addresses int
	c := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve the built-in Qwoty sandbox (sample data, no real API)",
		Long: `sandbox serves an in-memory stand-in for the Qwoty API, with the documented
endpoints, envelopes and validation, and realistic sample data. Point the app
or curl at the printed URL with the printed token. Data lives in memory and
is reset on restart. --contacts N adds N generated contacts, the same ones
every run (and the same as the bench's), to measure search and load;
--addresses N adds a contact with N addresses (the bench's uses 300).

--fault makes matching requests misbehave, to see how the tool copes (each
fault is checked in the order given; the first that matches applies).
` + sandbox.FaultSpecHelp + `

` + exitCodesUsage,
		Example: `  qwoty-contacts sandbox
  qwoty-contacts sandbox --addr 127.0.0.1:9000 --latency 50ms
  qwoty-contacts sandbox --contacts 50000 --latency 50ms
  qwoty-contacts sandbox --addresses 300 --latency 50ms
  qwoty-contacts sandbox --fault "PATCH /contacts/{id} apply delay=6s"   # applied, answered late
  qwoty-contacts sandbox --fault "GET /contacts/{id} status=429 retry-after=99999"
  QWOTY_BASE_URL=http://127.0.0.1:8765/api QWOTY_TOKEN=qwoty_sandbox_demo_token qwoty-contacts`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if contacts < 0 {
				return usageError(fmt.Errorf("--contacts must be 0 or more (it is %d)", contacts))
			}
			if addresses < 0 {
				return usageError(fmt.Errorf("--addresses must be 0 or more (it is %d)", addresses))
			}
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return usageError(fmt.Errorf("--addr %q is not host:port, e.g. 127.0.0.1:8765", addr))
			}
			if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
				return usageError(fmt.Errorf("--addr %s is not a loopback address: the sandbox only listens on 127.0.0.1, ::1 or localhost", addr))
			}
			l, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("cannot listen on %s: %w (is another sandbox running? try --addr 127.0.0.1:0)", addr, errors.Unwrap(err))
			}
			var parsed []sandbox.Fault
			for _, spec := range faults {
				f, err := sandbox.ParseFault(spec)
				if err != nil {
					return usageError(err)
				}
				parsed = append(parsed, f)
			}
			sb := sandbox.New(sandbox.Options{Token: token, Latency: latency})
			for _, f := range parsed {
				sb.InjectFault(f)
			}
			sb.AddSyntheticContacts(contacts, syntheticSeed)
			var big string
			if addresses > 0 {
				big = sb.AddManyAddressesContact(addresses, syntheticSeed)
			}
			srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
			base := "http://" + l.Addr().String() + "/api"
			if token == "" {
				token = sandbox.DefaultToken
			}
			io.Printf("Qwoty sandbox listening on %s\n", base)
			io.Printf("Token: %s (a sandbox token, not a secret)\n\n", token)
			io.Printf("Try:\n  curl -H \"Authorization: Bearer %s\" %s/contacts/%s\n\n", token, base, sandbox.DocsContactID)
			io.Printf("  QWOTY_BASE_URL=%s QWOTY_TOKEN=%s qwoty-contacts\n\nContacts to open:\n", base, token)
			ids := []string{sandbox.DocsContactID, sandbox.ThreeAddressesContactID, sandbox.TenAddressesContactID, sandbox.DanglingAddressContactID, sandbox.NoAddressesContactID}
			if big != "" {
				ids = append(ids, big)
			}
			for _, id := range ids {
				c, _ := sb.Contact(id)
				n := fmt.Sprintf("%d addresses", len(c.AddressIDs))
				if len(c.AddressIDs) == 1 {
					n = "1 address"
				}
				io.Printf("  %s  %s %s (%s)\n", id, c.FirstName, c.LastName, n)
			}
			if contacts > 0 {
				io.Printf("\nAnd %d synthetic contacts (the same every run), %d in all.\n", contacts, len(sb.ContactIDs()))
			}
			io.Printf("\nCtrl+C stops it.\n")
			go func() {
				<-ctx.Done()
				sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				_ = srv.Shutdown(sctx)
			}()
			if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8765", "loopback address to listen on")
	c.Flags().StringVar(&token, "token", "", "token to accept (default "+sandbox.DefaultToken+")")
	c.Flags().DurationVar(&latency, "latency", 0, "added latency per request, e.g. 50ms")
	withUsageErrors(c)
	c.Flags().StringArrayVar(&faults, "fault", nil, "make matching requests misbehave, e.g. \"PATCH /contacts/{id} apply status=204\" (repeatable; see above)")
	c.Flags().IntVar(&contacts, "contacts", 0, "add `N` synthetic contacts, the same every run (for search and load tests)")
	c.Flags().IntVar(&addresses, "addresses", 0, "add a contact with `N` addresses (for big contacts)")
	return c
}
