// Package sandbox is an in-memory stand-in for the Qwoty REST API, for tests,
// benchmarks and the app's --demo mode.
//
// A *Server is an http.Handler serving the documented routes under /api:
//
//	GET   /api/contacts/{id}     PATCH /api/contacts/{id}   GET /api/contacts?customer_id=UUID
//	GET   /api/addresses/{id}    PATCH /api/addresses/{id}  GET /api/addresses?customer_id=UUID
//	GET   /api/customers/{id}
//
// It follows the public documentation strictly (bearer token, envelope,
// field shapes and key order, PATCH rules) so that it catches client bugs, and
// it offers knobs for tests: latency, injected faults (error statuses, HTML
// bodies, hangs, dropped connections, huge bodies), a log of every request,
// and edits made behind the client's back.
//
// The seeded data includes hostile records (seed_hostile.go): fields of an
// unexpected JSON shape, timestamps in another ISO 8601 form, unknown and
// duplicated roles, names with U+FFFD and control characters, an address
// listed by an upper-case id. Contact.Wire and Address.Wire serve such
// shapes for any record.
//
// The package is an independent implementation: it does not share code with
// the project's api client on purpose.
package sandbox
