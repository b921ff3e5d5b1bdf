package fhirjson

import (
	"os"
	"path/filepath"
	"testing"
)

// fixturesDir returns the shared FHIR fixtures directory: $CAREKEEPER_FIXTURES
// if set, else /work/shared/fixtures, else a shared/fixtures directory beside
// any parent of the working directory (CI clones the repo with shared/ beside
// it). The test is skipped if none exists.
func fixturesDir(tb testing.TB) string {
	tb.Helper()
	var candidates []string
	if dir := os.Getenv("CAREKEEPER_FIXTURES"); dir != "" {
		candidates = []string{dir}
	} else {
		candidates = append(candidates, "/work/shared/fixtures")
		if wd, err := os.Getwd(); err == nil {
			for dir := wd; ; dir = filepath.Dir(dir) {
				candidates = append(candidates, filepath.Join(dir, "shared", "fixtures"))
				if filepath.Dir(dir) == dir {
					break
				}
			}
		}
	}
	for _, dir := range candidates {
		if st, err := os.Stat(filepath.Join(dir, "synthea")); err == nil && st.IsDir() {
			return dir
		}
	}
	tb.Skipf("shared FHIR fixtures not found (looked in %v; set CAREKEEPER_FIXTURES)", candidates[:min(len(candidates), 2)])
	return ""
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
