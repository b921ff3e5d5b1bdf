package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	src := testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json")
	testutil.CopyFile(t, src, filepath.Join(dir, "p.json"))
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--data", dir, "--client-id", "demo", "--rate-limit-every", "2", "--paging", "offset"}, pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	lines := map[string]string{}
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		lines[strings.TrimSpace(k)] = strings.TrimSpace(v)
		if k == "try" {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	base := lines["FHIR base URL"]
	if !strings.HasPrefix(base, "http://127.0.0.1:") || lines["client id"] != "demo" {
		t.Fatalf("printed %v", lines)
	}
	resp, err := http.Get(base + "/.well-known/smart-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var conf map[string]any
	json.NewDecoder(resp.Body).Decode(&conf)
	resp.Body.Close()
	if conf["token_endpoint"] == nil {
		t.Fatalf("discovery %v", conf)
	}
	// Faults are on: the second FHIR request is a 429 (the first a 401: no token).
	for i, want := range []int{401, 429} {
		resp, err := http.Get(base + "/Patient/x")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("request %d: %d, want %d", i+1, resp.StatusCode, want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--paging", "sideways"}, {"--nope"}, {"extra"}, {"--data", t.TempDir()}} {
		if err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
