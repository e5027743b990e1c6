package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestGetAddressesIsConcurrentBoundedAndOrdered counts how many address
// requests the server holds at once: with 10 addresses and a server that
// answers after 50 ms, the client must run all 10 at once (one round trip),
// and with 20 never more than its bound; it still return the results in the order asked, each with its own
// error.
func TestGetAddressesIsConcurrentBoundedAndOrdered(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := 0, 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
		time.Sleep(50 * time.Millisecond)
		id := strings.TrimPrefix(r.URL.Path, "/api/addresses/")
		if strings.HasSuffix(id, "0003") {
			status(404, `{"success":false,"error":{"code":"not_found","message":"Address not found"}}`)(w, r)
			return
		}
		fmt.Fprintf(w, `{"success":true,"data":{"id":%q,"type":"billing","city":"Paris","country":"FR"}}`, id)
	})
	c, _ := newTestClient(t, h)
	var ids []string
	for i := range 10 {
		ids = append(ids, fmt.Sprintf("c3d4e5f6-a7b8-9012-cdef-12345678%04d", i))
	}
	start := time.Now()
	res := c.GetAddresses(context.Background(), ids)
	took := time.Since(start)
	if len(res) != 10 {
		t.Fatalf("%d results", len(res))
	}
	for i, r := range res {
		if r.ID != ids[i] {
			t.Errorf("result %d is %s, want %s", i, r.ID, ids[i])
		}
		if i == 3 {
			if !IsNotFound(r.Err) || r.Address != nil {
				t.Errorf("address 3: %v %v", r.Address, r.Err)
			}
			continue
		}
		if r.Err != nil || r.Address == nil || r.Address.ID != ids[i] {
			t.Errorf("address %d: %+v", i, r)
		}
	}
	if peak != 10 {
		t.Errorf("peak concurrency %d, want all 10 at once", peak)
	}
	t.Logf("10 addresses at 50 ms: %v = %.1f round trips", took, float64(took)/float64(50*time.Millisecond))

	peak = 0
	for i := range 10 {
		ids = append(ids, fmt.Sprintf("d3d4e5f6-a7b8-9012-cdef-12345678%04d", i))
	}
	c.GetAddresses(context.Background(), ids)
	if peak != DefaultConcurrency {
		t.Errorf("20 addresses: peak concurrency %d, want the bound %d", peak, DefaultConcurrency)
	}
}
