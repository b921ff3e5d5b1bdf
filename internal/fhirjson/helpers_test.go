package fhirjson

import (
	"os"
	"testing"

	"carekeeper/internal/testutil"
)

// fixturesDir is the shared FHIR fixtures directory (testutil.FixturesDir).
func fixturesDir(tb testing.TB) string { return testutil.FixturesDir(tb) }

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
