//go:build !windows

package bench

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// watchPeak follows a running child's peak resident set size (VmHWM, a high-water mark, read
// every 5 ms until it exits); the returned function gives the last value seen, in KiB, once
// the child has been waited for. The child's rusage cannot tell: on Linux its ru_maxrss
// starts from the parent's peak (the memory shared until exec), so every command measured
// from the 100k benchmark would report that benchmark's own peak.
func watchPeak(pid int) func() int64 {
	var mu sync.Mutex
	var last int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		path := fmt.Sprintf("/proc/%d/status", pid)
		for {
			kb, ok := vmHWM(path)
			if !ok {
				return
			}
			mu.Lock()
			last = max(last, kb)
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return func() int64 {
		<-done
		mu.Lock()
		defer mu.Unlock()
		return last
	}
}

// vmHWM reads VmHWM (KiB) from a /proc status file; false once the process is gone.
func vmHWM(path string) (int64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb); err == nil {
				return kb, true
			}
		}
	}
	return 0, false
}
