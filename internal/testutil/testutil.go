// Package testutil holds helpers shared by CareKeeper's tests: finding the shared FHIR
// fixtures, snapshotting a directory byte for byte, and scanning a data directory for
// plaintext health data. Only tests import it; it must not import storage or sync, so that
// their in-package tests can use it.
package testutil

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// FixturesDir returns the shared FHIR fixtures directory (the one holding synthea/,
// hl7-examples/ and vendor/): $CAREKEEPER_FIXTURES if set, else shared/fixtures beside the
// module root (../shared/fixtures, as CI checks it out). It is the one place tests find
// fixtures.
//
// Without fixtures a test is skipped on a developer machine, but fails when $CI is set: CI
// must set CAREKEEPER_FIXTURES (.ci/run does) and never skip silently. A CAREKEEPER_FIXTURES
// that names no fixtures always fails.
func FixturesDir(tb testing.TB) string {
	tb.Helper()
	dir, err := fixturesDir(os.Getenv)
	if err != nil {
		if errors.Is(err, errNoFixtures) && os.Getenv("CI") == "" {
			tb.Skip(err)
		}
		tb.Fatal(err)
	}
	return dir
}

var errNoFixtures = errors.New("shared FHIR fixtures not found")

// FindFixtures is FixturesDir for optional uses (fuzz seeds): the directory, or an error
// saying why there is none.
func FindFixtures() (string, error) { return fixturesDir(os.Getenv) }

// fixturesDir finds the fixtures with getenv; errNoFixtures (wrapped) when there are none
// where they may be looked for.
func fixturesDir(getenv func(string) string) (string, error) {
	isFixtures := func(d string) bool {
		st, err := os.Stat(filepath.Join(d, "synthea"))
		return err == nil && st.IsDir()
	}
	if d := getenv("CAREKEEPER_FIXTURES"); d != "" {
		if !isFixtures(d) {
			return "", fmt.Errorf("CAREKEEPER_FIXTURES=%s holds no synthea/ directory", d)
		}
		return d, nil
	}
	if getenv("CI") != "" {
		return "", fmt.Errorf("%w: CI is set, so CAREKEEPER_FIXTURES must be (.ci/run sets it)", errNoFixtures)
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", fmt.Errorf("%w: %v; set CAREKEEPER_FIXTURES", errNoFixtures, err)
	}
	d := filepath.Join(filepath.Dir(root), "shared", "fixtures")
	if !isFixtures(d) {
		return "", fmt.Errorf("%w in %s; set CAREKEEPER_FIXTURES", errNoFixtures, d)
	}
	return d, nil
}

// NeedTool skips the test when a command-line tool it needs is not on PATH, naming the
// Debian package that has it; with CI set it fails instead (scripts/deps.sh --test installs
// every tool the tests use, so a missing one in CI is a broken set-up, not a reason to skip).
func NeedTool(tb testing.TB, tool, pkg string) {
	tb.Helper()
	if _, err := exec.LookPath(tool); err == nil {
		return
	}
	msg := fmt.Sprintf("%s is not on PATH (Debian package %s; scripts/deps.sh --test installs it)", tool, pkg)
	if os.Getenv("CI") != "" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
}

// SkipOrFailInCI skips the test for want of something it needs (a fixture file, a tool),
// saying what; with $CI set it fails instead, as NeedTool does: CI installs everything the
// tests use, and a test that silently does not run there proves nothing.
func SkipOrFailInCI(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		tb.Fatal(msg + " (CI is set: failing, not skipping)")
	}
	tb.Skip(msg)
}

// ModuleRoot is the directory holding go.mod, found upwards from the working directory.
func ModuleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s", wd)
		}
	}
}

// Fixture returns the one fixture file matching pattern (a glob relative to the fixtures
// directory, e.g. "synthea/Fletcher_Hyatt_*.json"); without fixtures it skips or fails as
// FixturesDir does, and it fails when the pattern does not match exactly one file.
func Fixture(tb testing.TB, pattern string) string {
	tb.Helper()
	m, err := filepath.Glob(filepath.Join(FixturesDir(tb), pattern))
	if err != nil || len(m) != 1 {
		tb.Fatalf("fixture %s: %d matches (%v)", pattern, len(m), err)
	}
	return m[0]
}

// Fixtures returns every fixture file matching pattern (a glob relative to the fixtures
// directory); it fails when none does.
func Fixtures(tb testing.TB, pattern string) []string {
	tb.Helper()
	m, err := filepath.Glob(filepath.Join(FixturesDir(tb), pattern))
	if err != nil || len(m) == 0 {
		tb.Fatalf("fixtures %s: no match (%v)", pattern, err)
	}
	return m
}

// ReadFile reads a file or fails the test.
func ReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Gunzip returns data decompressed when it is gzip, else data.
func Gunzip(tb testing.TB, data []byte) []byte {
	tb.Helper()
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// Gzip compresses data.
func Gzip(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data) //nolint:errcheck // bytes.Buffer cannot fail
	zw.Close()
	return buf.Bytes()
}

// DecodeJSON decodes data with UseNumber (numbers compare by their text, as FHIR needs).
func DecodeJSON(tb testing.TB, data []byte) any {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		tb.Fatalf("decoding JSON: %v", err)
	}
	return v
}

// FileEntry is one resource of a fixture as an independent decoder sees it.
type FileEntry struct {
	FullURL  string
	Type, ID string
	Resource json.RawMessage
}

// Entries returns the resources of a FHIR JSON file (Bundle entries that carry a resource, a
// single resource, or NDJSON lines), decompressing gzip first. It is deliberately independent
// of internal/fhirjson.
func Entries(tb testing.TB, data []byte) []FileEntry {
	tb.Helper()
	data = bytes.TrimPrefix(Gunzip(tb, data), []byte("\xef\xbb\xbf"))
	var out []FileEntry
	add := func(fullURL string, raw json.RawMessage) {
		var head struct {
			ResourceType string `json:"resourceType"`
			ID           string `json:"id"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			tb.Fatalf("decoding a resource: %v", err)
		}
		out = append(out, FileEntry{FullURL: fullURL, Type: head.ResourceType, ID: head.ID, Resource: raw})
	}
	trimmed := bytes.TrimSpace(data)
	if lines := bytes.Split(trimmed, []byte("\n")); len(lines) > 1 && json.Valid(bytes.TrimSpace(lines[0])) {
		for _, l := range lines { // NDJSON
			if l = bytes.TrimSpace(l); len(l) > 0 {
				add("", append(json.RawMessage(nil), l...))
			}
		}
		return out
	}
	var top struct {
		ResourceType string `json:"resourceType"`
		Entry        []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(trimmed, &top); err != nil {
		tb.Fatalf("decoding: %v", err)
	}
	if top.ResourceType != "Bundle" {
		add("", trimmed)
		return out
	}
	for _, e := range top.Entry {
		if len(e.Resource) > 0 && !bytes.Equal(e.Resource, []byte("null")) {
			add(e.FullURL, e.Resource)
		}
	}
	return out
}

// Snapshot is every file and directory under a root: path -> content ("dir" entries hold the
// mode only).
type Snapshot map[string]string

// SnapshotDir reads every file under dir, recursively, with its mode and bytes.
func SnapshotDir(tb testing.TB, dir string) Snapshot {
	tb.Helper()
	s := Snapshot{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			s[rel+"/"] = info.Mode().String()
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s[rel] = info.Mode().String() + "\x00" + string(b)
		return nil
	})
	if err != nil {
		tb.Fatalf("snapshot of %s: %v", dir, err)
	}
	return s
}

// Diff describes how two snapshots differ ("" when identical).
func (s Snapshot) Diff(after Snapshot) string {
	var out []string
	for p, b := range s {
		a, ok := after[p]
		switch {
		case !ok:
			out = append(out, "removed "+p)
		case a != b:
			out = append(out, fmt.Sprintf("changed %s (%d -> %d bytes)", p, len(b), len(a)))
		}
	}
	for p := range after {
		if _, ok := s[p]; !ok {
			out = append(out, "added "+p)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

// Needles returns strings from a FHIR file that must never appear in a vault's files: every
// resource id of 8 characters or more, names, birth dates, identifier values and coding
// display strings of 8 characters or more (shorter strings can occur by chance in random
// bytes), and a few JSON fragments of the Patient.
func Needles(tb testing.TB, data []byte) []string {
	tb.Helper()
	set := map[string]bool{}
	add := func(s string) {
		if len(s) >= 8 {
			set[s] = true
		}
	}
	for _, e := range Entries(tb, data) {
		add(e.ID)
		var r map[string]any
		if err := json.Unmarshal(e.Resource, &r); err != nil {
			tb.Fatal(err)
		}
		if bd, ok := r["birthDate"].(string); ok {
			add(`"birthDate":"` + bd + `"`)
		}
		if names, ok := r["name"].([]any); ok && e.Type == "Patient" {
			for _, n := range names {
				n, _ := n.(map[string]any)
				if fam, ok := n["family"].(string); ok {
					add(`"family":"` + fam + `"`)
					add(fam)
				}
				given, _ := n["given"].([]any)
				var parts []string
				for _, g := range given {
					if g, ok := g.(string); ok {
						parts = append(parts, g)
						add(g)
					}
				}
				if fam, ok := n["family"].(string); ok {
					add(strings.Join(append(parts, fam), " "))
				}
			}
		}
		if ids, ok := r["identifier"].([]any); ok {
			for _, id := range ids {
				if id, ok := id.(map[string]any); ok {
					if v, ok := id["value"].(string); ok {
						add(v)
					}
				}
			}
		}
		walk(r, func(k string, v any) {
			if s, ok := v.(string); ok && k == "display" {
				add(s)
			}
			if codings, ok := v.([]any); ok && k == "coding" {
				for _, c := range codings {
					c, _ := c.(map[string]any)
					sys, _ := c["system"].(string)
					code, _ := c["code"].(string)
					if sys != "" && code != "" {
						add(sys + "|" + code) // the form the code index uses
					}
				}
			}
		})
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func walk(v any, fn func(k string, v any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			fn(k, x)
			walk(x, fn)
		}
	case []any:
		for _, x := range v {
			walk(x, fn)
		}
	}
}

// ScanDir looks for every needle (8 bytes or longer) in every file under dir and returns
// "file: needle" for each one found. It indexes the needles by their first 8 bytes, so one
// pass over the data finds them all.
func ScanDir(tb testing.TB, dir string, needles []string) []string {
	tb.Helper()
	byPrefix := map[uint64][]string{}
	for _, n := range needles {
		if len(n) < 8 {
			tb.Fatalf("needle %q is shorter than 8 bytes", n)
		}
		k := binary.LittleEndian.Uint64([]byte(n[:8]))
		byPrefix[k] = append(byPrefix[k], n)
	}
	var found []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		hit := map[string]bool{}
		for i := 0; i+8 <= len(b); i++ {
			w := binary.LittleEndian.Uint64(b[i:])
			if w == 0 {
				continue
			}
			for _, n := range byPrefix[w] {
				if !hit[n] && bytes.HasPrefix(b[i:], []byte(n)) {
					hit[n] = true
					rel, _ := filepath.Rel(dir, p)
					found = append(found, rel+": "+n)
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("scanning %s: %v", dir, err)
	}
	return found
}

// CopyFile copies src to dst (mode 0600).
func CopyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	if err := os.WriteFile(dst, ReadFile(tb, src), 0o600); err != nil {
		tb.Fatal(err)
	}
}
