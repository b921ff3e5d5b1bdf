package testutil

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"
)

// HangLimit is how long one top-level test may run before WatchForHangs ends the test
// process as hung. The slowest tests of the app, the CLI and the root package took 90–130 s
// at load ~25 on 2 cores (TestScreenshotPlan, TestClinicCommands, TestProcessHousehold*): a
// test still running after 15 minutes is waiting for something that will not come.
const HangLimit = 15 * time.Minute

// WatchForHangs looks at the running tests every interval and, when one top-level test has
// been running for longer than limit, writes which test and every goroutine's stack to stderr
// and ends the process (exit 2), as go test's -timeout does for the whole package. It lets make
// test's -timeout be the whole package's time on a loaded machine (the app suite took over
// 40 minutes at load ~18, F542) while a hang is still caught minutes after it began, naming
// its test. A test waiting in t.Parallel for the serial tests to end is not counted as
// running. stop ends the watch.
func WatchForHangs(limit, interval time.Duration) (stop func()) {
	done := make(chan struct{})
	var once sync.Once
	go func() {
		first := map[string]time.Time{} // goroutine and test → when first seen running it
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				all := allStacks()
				seen := map[string]bool{}
				for _, key := range runningTests(all) {
					seen[key] = true
					if _, ok := first[key]; !ok {
						first[key] = now
					} else if d := now.Sub(first[key]); d > limit {
						name := key[strings.IndexByte(key, ' ')+1:]
						fmt.Fprintf(os.Stderr, "testutil.WatchForHangs: %s has run for more than %v (limit %v): hung; every goroutine:\n\n%s\n", name, d.Round(time.Second), limit, all)
						os.Exit(2)
					}
				}
				for k := range first {
					if !seen[k] {
						delete(first, k)
					}
				}
			}
		}
	}()
	return func() { once.Do(func() { close(done) }) }
}

func allStacks() []byte {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// testFrame is a top-level test function's frame (or one of its closures) in a stack:
// "carekeeper/app.TestFoo(0xc000…)" or "carekeeper/app.TestFoo.func2(…)".
var testFrame = regexp.MustCompile(`^(?:[\w./-]+/)?[\w-]+\.(Test\w*)(?:\.func[\d.]+)?\(`)

// runningTests returns "goroutine-id TestName" for each goroutine running a test's function
// (its frame just above testing.tRunner), leaving out those waiting in t.Parallel.
func runningTests(stacks []byte) []string {
	var out []string
	for _, g := range bytes.Split(stacks, []byte("\n\n")) {
		lines := strings.Split(string(g), "\n")
		if len(lines) == 0 || !strings.HasPrefix(lines[0], "goroutine ") {
			continue
		}
		id := strings.Fields(lines[0])[1]
		if strings.Contains(string(g), "testing.(*T).Parallel(") {
			continue
		}
		name := ""
		for i, l := range lines {
			if strings.HasPrefix(l, "testing.tRunner(") {
				// The function tRunner called is the frame two lines above (name, then file).
				if i >= 2 {
					if m := testFrame.FindStringSubmatch(lines[i-2]); m != nil {
						name = m[1]
					}
				}
				break
			}
		}
		if name != "" {
			out = append(out, id+" "+name)
		}
	}
	return out
}
