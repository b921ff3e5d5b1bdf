package main

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// What every start of carekeeper allocates in package init, CLI commands included, stays small:
// zxcvbn built its dictionaries there (13.9 MB in all, 9.7 MB of it zxcvbn's) until they were
// made lazy. The bound leaves room for new packages, not for another dictionary.
func TestProcessInitAllocationsSmall(t *testing.T) {
	const budget = 6 << 20
	cmd := exec.Command(binary(t), "version")
	cmd.Env = append(childEnv(t.TempDir()), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("carekeeper version: %v\n%s", err, out)
	}
	total, pkgs := 0, 0
	var biggest string
	biggestBytes := 0
	for _, line := range strings.Split(string(out), "\n") {
		// init fyne.io/fyne/v2/lang @4.7 ms, 4.6 ms clock, 930440 bytes, 12000 allocs
		f := strings.Fields(line)
		if len(f) < 11 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("inittrace line %q: %v", line, err)
		}
		total += n
		pkgs++
		if n > biggestBytes {
			biggest, biggestBytes = f[1], n
		}
	}
	if pkgs == 0 {
		t.Fatalf("no inittrace lines in the output:\n%s", out)
	}
	if total > budget {
		t.Errorf("package init allocates %d bytes over %d packages (budget %d); the most: %s, %d bytes",
			total, pkgs, budget, biggest, biggestBytes)
	}
}
