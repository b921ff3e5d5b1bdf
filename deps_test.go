package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Only the desktop app may depend on Fyne: the binary's main package and carekeeper/app (and
// their test variants). Everything else (storage, sync, the CLI, ...) must build headless.
func TestOnlyTheAppDependsOnFyne(t *testing.T) {
	goList := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(goTool(), append([]string{"list"}, args...)...)
		out, err := cmd.Output()
		if err != nil {
			msg := ""
			if ee, ok := err.(*exec.ExitError); ok {
				msg = string(ee.Stderr)
			}
			t.Fatalf("go list %v: %v\n%s", args, err, msg)
		}
		return string(out)
	}
	pkgs := strings.Fields(goList("./..."))
	if len(pkgs) < 5 {
		t.Fatalf("go list ./... found only %v", pkgs)
	}
	allowed := func(path string) bool {
		// "carekeeper", "carekeeper [carekeeper.test]", "carekeeper.test", and the same for app.
		base, _, _ := strings.Cut(path, " ")
		base = strings.TrimSuffix(base, ".test")
		base = strings.TrimSuffix(base, "_test")
		return base == "carekeeper" || base == "carekeeper/app"
	}
	checked := 0
	for _, pkg := range pkgs {
		// Every variant of the package: itself and, with -test, its test packages.
		out := goList("-deps", "-test", "-f", "{{.ImportPath}}", pkg)
		var fyne []string
		for _, dep := range strings.Fields(out) {
			if strings.HasPrefix(dep, "fyne.io/") {
				fyne = append(fyne, dep)
			}
		}
		if len(fyne) == 0 {
			checked++
			continue
		}
		if allowed(pkg) {
			continue
		}
		// Find which variant pulls Fyne in, for the message.
		t.Errorf("%s depends on Fyne (%s ...): only carekeeper and carekeeper/app may", pkg, fyne[0])
	}
	if checked == 0 {
		t.Error("no package is free of Fyne: the check is broken")
	}
}

// goTool is the go command of the toolchain running the tests, else the one on PATH.
func goTool() string {
	//lint:ignore SA1019 the toolchain running the tests is the one wanted here, not the PATH's
	if root := runtime.GOROOT(); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) || fileExists(p+".exe") {
			return p
		}
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// The five required modules stay pinned (beeep and go-retryablehttp are pinned for the
// reminder and sync work before any code imports them, so `go mod tidy` would drop them).
func TestRequiredModulesPinned(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Path}} {{.Version}}", "all").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	have := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if p, v, ok := strings.Cut(line, " "); ok {
			have[p] = v
		}
	}
	want := map[string]func(string) bool{
		"fyne.io/fyne/v2":                       func(v string) bool { return v == "v2.7.1" },
		"github.com/dgraph-io/badger/v4":        func(v string) bool { return semverAtLeast(v, 4, 9, 4) },
		"github.com/gen2brain/beeep":            func(v string) bool { return strings.HasPrefix(v, "v0.11.") },
		"golang.org/x/crypto":                   func(v string) bool { return v != "" },
		"github.com/hashicorp/go-retryablehttp": func(v string) bool { return v == "v0.7.8" },
	}
	for mod, ok := range want {
		if !ok(have[mod]) {
			t.Errorf("%s is at %q, not the pinned version", mod, have[mod])
		}
	}
}

func semverAtLeast(v string, major, minor, patch int) bool {
	var a, b, c int
	if _, err := fmt.Sscanf(v, "v%d.%d.%d", &a, &b, &c); err != nil {
		return false
	}
	return a > major || a == major && (b > minor || b == minor && c >= patch)
}

// go.mod and go.sum are tidy in both modules (the app's and bench/peer's): a dependency used
// directly is not marked "// indirect", and nothing unused lingers. `go mod tidy -diff` (Go
// 1.23+) prints what tidy would change and exits 1 without writing anything.
func TestGoModTidy(t *testing.T) {
	for _, dir := range []string{".", "bench/peer"} {
		cmd := exec.Command(goTool(), "mod", "tidy", "-diff")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go.mod in %s is not tidy (run `go mod tidy` there): %v\n%s", dir, err, out)
		}
	}
}
