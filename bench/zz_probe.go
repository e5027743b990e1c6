package main

import (
	"fmt"
	"os"
	"time"
)

func init() {
	if os.Getenv("PROBE") == "" {
		return
	}
	probe = func(b *bench) {
		for range 3 {
			s, _ := startSession(b.bin, b.env(), true)
			s.waitFor(showing("contacts searchable"), 20*time.Second, "x")
			for k := range 3 {
				s.press("\x15camille lef", showing("Matches (1)"), 5*time.Second, "m")
				time.Sleep(100 * time.Millisecond)
				w := s.arm(b.contactComplete)
				at, _ := s.send("\r")
				t, err := s.wait(w, 5*time.Second, "c")
				reqs := b.sb.servedSince(at)
				first, last := reqs[0].start, reqs[0].end
				for _, q := range reqs {
					first, last = minTime(first, q.start), maxTime(last, q.end)
				}
				fmt.Println(k, "enter", t.Sub(at), "first", first.Sub(at), "last", last.Sub(at), err)
				s.press("o", showing("Open a contact"), 5*time.Second, "o")
				time.Sleep(100 * time.Millisecond)
			}
			s.quit()
		}
	}
}

var probe func(*bench)
