package fhir

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"carekeeper/internal/testutil"
)

// The recorded vendor responses (fasten-sources, no licence) are read in place from the
// shared fixtures, never copied into testdata.

func vendorDir(t *testing.T) string {
	t.Helper()
	d := filepath.Join(testutil.FixturesDir(t), "vendor", "fasten-sources")
	if _, err := os.Stat(d); err != nil {
		testutil.SkipOrFailInCI(t, "no recorded vendor responses in %s", d)
	}
	return d
}

// expectedResources counts, independently of ParsePage, the entries that must become
// Resources: search.mode match or include, or no mode and not an OperationOutcome.
func expectedResources(t *testing.T, body []byte) (n int, hasNext bool) {
	var b struct {
		Link  []struct{ Relation string } `json:"link"`
		Entry []struct {
			Resource map[string]any        `json:"resource"`
			Search   struct{ Mode string } `json:"search"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatal(err)
	}
	for _, l := range b.Link {
		hasNext = hasNext || l.Relation == "next"
	}
	for _, e := range b.Entry {
		if e.Resource == nil {
			continue
		}
		switch e.Search.Mode {
		case "match", "include":
			n++
		case "":
			if e.Resource["resourceType"] != "OperationOutcome" {
				n++
			}
		}
	}
	return n, hasNext
}

// TestVendorFilesParse parses every recorded searchset Bundle and OperationOutcome body.
func TestVendorFilesParse(t *testing.T) {
	dir := vendorDir(t)
	var pages, outcomes, resources int
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") || d.Name() == "index.json" {
			return err
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var head struct{ ResourceType, Type any }
		if json.Unmarshal(body, &head) != nil {
			return nil // the deliberately broken files are resources, not pages
		}
		name, _ := filepath.Rel(dir, path)
		switch {
		case head.ResourceType == "Bundle" && head.Type == "searchset":
			pages++
			p, err := ParsePage(body)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				return nil
			}
			want, next := expectedResources(t, body)
			if len(p.Resources) != want || (p.Next != "") != next {
				t.Errorf("%s: %d resources (want %d), next %q", name, len(p.Resources), want, p.Next)
			}
			for _, r := range p.Resources {
				if !json.Valid(r) {
					t.Errorf("%s: invalid resource JSON", name)
				}
			}
			resources += len(p.Resources)
		case head.ResourceType == "OperationOutcome":
			outcomes++
			issues := outcomeIssues(body)
			if len(issues) == 0 {
				t.Errorf("%s: no issues", name)
			}
			for _, is := range issues {
				if strings.Contains(is, "://") || strings.Contains(is, "urn:") {
					t.Errorf("%s: issue keeps a URL: %q", name, is)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 100 || outcomes < 50 {
		t.Fatalf("only %d pages and %d outcomes found", pages, outcomes)
	}
	t.Logf("%d searchset pages (%d resources), %d OperationOutcomes", pages, resources, outcomes)
}

type track struct {
	Seq         int     `json:"seq"`
	Method      string  `json:"method"`
	URL         string  `json:"url"`
	Status      int     `json:"status"`
	ContentType string  `json:"contentType"`
	File        *string `json:"file"`
}

// TestVendorReplay replays each recorded response (status, Content-Type, body) through a
// loopback server and the real client: searchsets parse (Epic's application/json+fhir
// included), error statuses become OutcomeErrors that name no patient id and no URL.
func TestVendorReplay(t *testing.T) {
	dir := vendorDir(t)
	indexes, _ := filepath.Glob(filepath.Join(dir, "*", "index.json"))
	if len(indexes) == 0 {
		testutil.SkipOrFailInCI(t, "no index.json files in %s", dir)
	}
	var (
		mu  sync.Mutex
		cur track
		bod []byte
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if cur.ContentType != "" {
			w.Header().Set("Content-Type", cur.ContentType)
		}
		w.WriteHeader(cur.Status)
		w.Write(bod)
	}))
	defer srv.Close()
	c, _ := testClient(t, srv, &fakeTS{}, Options{RetryMax: -1})
	c.ts = nil // a recorded 401 is not followed by a refresh here
	epic, pagesReplayed := 0, 0
	for _, idx := range indexes {
		var ix struct{ Tracks []track }
		if err := json.Unmarshal(testutil.ReadFile(t, idx), &ix); err != nil {
			t.Fatal(err)
		}
		vendor := filepath.Base(filepath.Dir(idx))
		for _, tr := range ix.Tracks {
			if tr.File == nil || tr.Status == 0 || !strings.HasSuffix(*tr.File, ".json") {
				continue
			}
			body := testutil.ReadFile(t, filepath.Join(filepath.Dir(idx), *tr.File))
			u, err := url.Parse(tr.URL)
			if err != nil {
				t.Fatal(err)
			}
			// The recorded portal's origin becomes the loopback server's, so that next links
			// on the vendor's own host pass the same-origin check.
			body = bytes.ReplaceAll(body, []byte(u.Scheme+"://"+u.Host), []byte(srv.URL))
			mu.Lock()
			cur, bod = tr, body
			mu.Unlock()
			ids := idsIn(u)
			isPage := strings.Contains(*tr.File, "Bundle-searchset")
			name := vendor + "/" + *tr.File
			var res any
			if isPage {
				res, err = c.Search(context.Background(), "Observation?patient=x")
			} else {
				res, err = c.Read(context.Background(), "Patient/x")
			}
			mt := strings.ToLower(strings.TrimSpace(strings.Split(tr.ContentType, ";")[0]))
			jsonType := mt == "" || mt == "application/fhir+json" || mt == "application/json+fhir" || mt == "application/json"
			switch {
			case tr.Status >= 400:
				var oe *OutcomeError
				if !errors.As(err, &oe) || oe.Status != tr.Status {
					t.Errorf("%s: err = %v", name, err)
					continue
				}
				if len(oe.Issues) == 0 {
					t.Errorf("%s: no issues in %v", name, err)
				}
				msg := err.Error()
				for _, id := range ids {
					if strings.Contains(msg, id) {
						t.Errorf("%s: message names %q: %s", name, id, msg)
					}
				}
				if strings.Contains(msg, "://") {
					t.Errorf("%s: message has a URL: %s", name, msg)
				}
			case !jsonType:
				if err == nil {
					t.Errorf("%s: %s accepted", name, tr.ContentType)
				}
			default:
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				if p, ok := res.(*Page); ok {
					want, next := expectedResources(t, body)
					if len(p.Resources) != want {
						t.Errorf("%s: %d resources, want %d", name, len(p.Resources), want)
					}
					if next != strings.HasPrefix(p.Next, srv.URL+"/") {
						t.Errorf("%s: next link %q", name, p.Next)
					}
					pagesReplayed++
				}
				if mt == "application/json+fhir" {
					epic++
				}
			}
		}
	}
	t.Logf("%d pages replayed, %d application/json+fhir responses", pagesReplayed, epic)
	if epic < 50 {
		t.Errorf("only %d application/json+fhir responses replayed", epic)
	}
}

// idsIn returns the path segments and query values of a recorded URL that look like ids
// (long enough to be unambiguous in a message).
func idsIn(u *url.URL) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 6 && strings.ContainsAny(s, "0123456789") {
			out = append(out, s)
		}
	}
	for _, seg := range strings.Split(u.Path, "/") {
		add(seg)
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			add(v)
		}
	}
	return out
}
