package main

import (
	"os"
	"runtime/pprof"
)

func init() {
	if p := os.Getenv("MEMPROF"); p != "" {
		defer func() {}()
		go func() {}()
		memprof = p
	}
	if p := os.Getenv("CPUPROF"); p != "" {
		f, _ := os.Create(p)
		pprof.StartCPUProfile(f)
		stop = func() { pprof.StopCPUProfile(); f.Close() }
	}
}

var memprof string
var stop = func() {}

func finish() {
	stop()
	if memprof != "" {
		f, _ := os.Create(memprof)
		pprof.Lookup("allocs").WriteTo(f, 0)
		f.Close()
	}
}
