package testutil

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestRunningTestsNamesTheTestAndItsSubtest(t *testing.T) {
	count := func(stacks []byte) int {
		n := 0
		for _, k := range runningTests(stacks) {
			if strings.HasSuffix(k, " TestRunningTestsNamesTheTestAndItsSubtest") {
				n++
			}
		}
		return n
	}
	if n := count(allStacks()); n != 1 {
		t.Errorf("running tests %q: this test %d times, want once", runningTests(allStacks()), n)
	}
	t.Run("sub", func(t *testing.T) {
		// The test waiting in t.Run and its subtest, each on its goroutine.
		if n := count(allStacks()); n != 2 {
			t.Errorf("running tests %q: this test %d times, want twice", runningTests(allStacks()), n)
		}
	})
	t.Run("parallel", func(t *testing.T) {
		wait := make(chan struct{})
		t.Run("waiting", func(t *testing.T) {
			close(wait)
			t.Parallel() // waits here until "parallel"'s function returns
		})
		<-wait
		// "waiting" is paused in t.Parallel: not counted (the test and "parallel" are).
		if n := count(allStacks()); n != 2 {
			t.Errorf("running tests %q: this test %d times, want twice", runningTests(allStacks()), n)
		}
	})
}

// A test that never ends is named and the process ends (exit 2) with every goroutine's stack.
func TestWatchForHangsEndsAHungTest(t *testing.T) {
	if os.Getenv("CAREKEEPER_TEST_HANG_CHILD") != "" {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHungChild$", "-test.count=1", "-test.timeout=10m")
	cmd.Env = append(os.Environ(), "CAREKEEPER_TEST_HANG_CHILD=1")
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 2 {
		t.Fatalf("the hung child: %v, want exit 2; output:\n%s", err, out)
	}
	for _, want := range []string{"TestHungChild has run for more than", "hung; every goroutine:", "testing.tRunner("} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the hung child's output lacks %q:\n%s", want, out)
		}
	}
}

// TestHungChild is TestWatchForHangsEndsAHungTest's child: a test that waits forever.
func TestHungChild(t *testing.T) {
	if os.Getenv("CAREKEEPER_TEST_HANG_CHILD") == "" {
		t.Skip("run by TestWatchForHangsEndsAHungTest")
	}
	WatchForHangs(time.Second, 100*time.Millisecond)
	select {}
}
