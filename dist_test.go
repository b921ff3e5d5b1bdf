package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// Reproducible release builds: scripts/dist.sh builds the release binaries twice, from copies
// of the source in two different directories, and the two must be bit-for-bit identical. The
// Go build cache makes the second build cheap (with -trimpath nothing depends on the
// directory); the first one is slow only on a cold cache (the C of GLFW and go-gl/gl).

// distTools returns the directory scripts/dist-deps.sh installs the pinned Go tools into, or
// skips the test when the release toolchain is missing (fails, when $CI is set).
func distTools(t *testing.T) string {
	t.Helper()
	if testing.Short() || os.Getenv("CAREKEEPER_DIST_TEST") == "" {
		t.Skip("release builds take minutes on a cold cache: set CAREKEEPER_DIST_TEST=1 (.ci/run does, after the release pipeline warmed the cache)")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the release pipeline runs on a Linux (Debian) build host")
	}
	for _, tool := range []string{"bash", "git", "tar", "xz"} {
		if _, err := exec.LookPath(tool); err != nil {
			testutil.SkipOrFailInCI(t, "release toolchain missing (%s); install it with scripts/dist-deps.sh", tool)
		}
	}
	if out, err := exec.Command("git", "rev-parse", "--git-dir").CombinedOutput(); err != nil {
		testutil.SkipOrFailInCI(t, "not a git checkout (%v: %s)", err, out)
	}
	out, err := exec.Command("sh", "scripts/dist-deps.sh", "--print-tools").Output()
	if err != nil {
		t.Fatalf("scripts/dist-deps.sh --print-tools: %v", err)
	}
	tools := strings.TrimSpace(string(out))
	if _, err := os.Stat(filepath.Join(tools, "fyne@v1.7.4", "fyne")); err != nil {
		testutil.SkipOrFailInCI(t, "fyne.io/tools v1.7.4 is not installed in %s; run scripts/dist-deps.sh", tools)
	}
	return tools
}

// buildRelease runs 'scripts/dist.sh binaries' for one target in its own directory and returns
// the SHA-256 of the binary it made.
func buildRelease(t *testing.T, target, dir, binary string) string {
	t.Helper()
	cmd := exec.Command("bash", "scripts/dist.sh", "binaries")
	cmd.Env = append(os.Environ(),
		"VERSION=0.0.0", "BUILD=7", "DIST_TARGETS="+target, "ALLOW_DIRTY=1",
		"DIST="+filepath.Join(dir, "dist"), "DIST_WORK="+filepath.Join(dir, "work"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/dist.sh binaries (%s) in %s: %v\n%s", target, dir, err, out)
	}
	f, err := os.Open(filepath.Join(dir, "dist", "unsigned", binary))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestReproducibleRelease(t *testing.T) {
	distTools(t)
	for _, tc := range []struct {
		target, binary, needs string
	}{
		{"linux", "carekeeper-linux-amd64", "gcc"},
		{"windows", "carekeeper-0.0.0-windows-amd64.exe", "x86_64-w64-mingw32-gcc"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			if _, err := exec.LookPath(tc.needs); err != nil {
				testutil.SkipOrFailInCI(t, "%s is not installed (scripts/dist-deps.sh installs it): cannot build for %s", tc.needs, tc.target)
			}
			a := buildRelease(t, tc.target, t.TempDir(), tc.binary)
			b := buildRelease(t, tc.target, t.TempDir(), tc.binary)
			if a != b {
				t.Fatalf("%s release binary is not reproducible: %s in one directory, %s in another", tc.target, a, b)
			}
			t.Logf("%s: %s, identical in two directories", tc.binary, a)
		})
	}
}
