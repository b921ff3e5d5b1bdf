package testutil

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// fakeTB records whether a helper skipped or failed (the first of the two it called).
type fakeTB struct {
	testing.TB
	first string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) record(what string) {
	if f.first == "" {
		f.first = what
	}
}
func (f *fakeTB) Skip(...any)           { f.record("skip") }
func (f *fakeTB) Fatal(...any)          { f.record("fail") }
func (f *fakeTB) Fatalf(string, ...any) { f.record("fail") }

func TestFixturesDir(t *testing.T) {
	good := t.TempDir()
	if err := os.Mkdir(filepath.Join(good, "synthea"), 0o700); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	for _, tt := range []struct {
		name       string
		env        map[string]string
		want       string // the directory, or "" for an error
		noFixtures bool   // the error is errNoFixtures (a skip outside CI)
	}{
		{"set", map[string]string{"CAREKEEPER_FIXTURES": good}, good, false},
		{"set in CI", map[string]string{"CAREKEEPER_FIXTURES": good, "CI": "true"}, good, false},
		{"set to no fixtures", map[string]string{"CAREKEEPER_FIXTURES": empty}, "", false},
		{"CI without the variable", map[string]string{"CI": "1"}, "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fixturesDir(func(k string) string { return tt.env[k] })
			if got != tt.want || (err == nil) != (tt.want != "") || errors.Is(err, errNoFixtures) != tt.noFixtures {
				t.Errorf("fixturesDir = %q, %v", got, err)
			}
		})
	}
	// Missing fixtures: a skip on a developer machine, a failure in CI.
	for _, tt := range []struct {
		ci, want string
	}{{"", "skip"}, {"true", "fail"}} {
		t.Setenv("CI", tt.ci)
		t.Setenv("CAREKEEPER_FIXTURES", "")
		t.Chdir(t.TempDir()) // no go.mod above: no ../shared/fixtures
		f := &fakeTB{}
		FixturesDir(f)
		if f.first != tt.want {
			t.Errorf("CI=%q: %s, want %s", tt.ci, f.first, tt.want)
		}
	}
}

// Something a test needs that is missing: a skip on a developer machine, a failure in CI.
func TestSkipOrFailInCI(t *testing.T) {
	for _, tt := range []struct{ ci, want string }{{"", "skip"}, {"true", "fail"}} {
		t.Setenv("CI", tt.ci)
		f := &fakeTB{}
		SkipOrFailInCI(f, "no %s", "recording")
		if f.first != tt.want {
			t.Errorf("CI=%q: %s, want %s", tt.ci, f.first, tt.want)
		}
	}
}
