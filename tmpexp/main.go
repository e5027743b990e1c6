package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/ui"
)

func hwm() string {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM") || strings.HasPrefix(l, "VmRSS") {
			fmt.Print(l, " ")
		}
	}
	return ""
}

func main() {
	c, _ := api.New(api.Options{BaseURL: "http://127.0.0.1:18555/api", Token: api.NewToken("qwoty_sandbox_demo_token")})
	n, _ := strconv.Atoi(os.Args[1])
	var keep []*ui.ContactIndex
	for i := 0; i < n; i++ {
		start := time.Now()
		x, err := ui.BuildContactIndex(context.Background(), c)
		el := time.Since(start)
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Println(x.Len(), err, el, "alloc", ms.TotalAlloc>>20, "heap", ms.HeapAlloc>>20, hwm())
		keep = append(keep, x)
		keep = keep[len(keep)-1:]
	}
	finish()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("live heap after GC", ms.HeapAlloc>>20)
}
