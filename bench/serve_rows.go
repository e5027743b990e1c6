package main

// serveRows measures `qwoty-contacts serve` (issue 16's table): idle cost,
// a resize flood and stalled connections on a sandbox of their own, then a
// team over 50,000 contacts.
func (b *bench) serveRows() {
	sb, err := startSandbox(b.latency)
	if err != nil {
		b.rep.errorRow("serve: the rows on the seeded sandbox", "", err)
	} else {
		b.serveIdle(sb)
		b.serveFlood(sb)
		b.serveAuth(sb)
		sb.close()
	}
	b.serveLoad()
}
