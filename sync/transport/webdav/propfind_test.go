package webdav

import (
	"fmt"
	"strings"
	"testing"

	"carekeeper/sync/transport"
)

func FuzzParseList(f *testing.F) {
	f.Add([]byte(`<d:multistatus xmlns:d="DAV:"><d:response><d:href>/r/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response><d:response><d:href>/r/f</d:href><d:propstat><d:prop><d:getcontentlength>3</d:getcontentlength></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`), "/r/")
	f.Add([]byte(`<multistatus xmlns="DAV:"><response><href>/x</href></response></multistatus>`), "/")
	f.Add([]byte(`garbage`), "/")
	f.Fuzz(func(t *testing.T, body []byte, dir string) {
		es, err := parseList(body, dir)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, e := range es {
			if e.Name == "" || strings.Contains(e.Name, "/") || seen[e.Name] || e.Size < 0 || (e.Dir && e.Size != 0) {
				t.Fatalf("bad entry %+v", e)
			}
			seen[e.Name] = true
		}
		var _ []transport.Entry = es
	})
}

func TestParseListPaths(t *testing.T) {
	resp := func(href string, dir bool) string {
		rt, l := "<d:resourcetype/>", "<d:getcontentlength>1</d:getcontentlength>"
		if dir {
			rt, l = "<d:resourcetype><d:collection/></d:resourcetype>", ""
		}
		return "<d:response><d:href>" + href + "</d:href><d:propstat><d:prop>" + rt + l + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
	}
	ms := func(rs ...string) []byte {
		return []byte(`<d:multistatus xmlns:d="DAV:">` + strings.Join(rs, "") + `</d:multistatus>`)
	}
	for _, tc := range []struct {
		name string
		body []byte
		dir  string
		want string // fmt of the entries, or "error"
	}{
		{"as asked", ms(resp("/dav/d/", true), resp("/dav/d/f", false), resp("/dav/d/s/", true)), "/dav/d", "[{f 1 false} {s 0 true}]"},
		{"root", ms(resp("/", true), resp("/f", false)), "/", "[{f 1 false}]"},
		{"full URLs, escapes", ms(resp("https://h/dav/d/", true), resp("https://h/dav/d/a%20b", false)), "/dav/d/", "[{a b 1 false}]"},
		{"proxy rewrote the prefix", ms(resp("/remote.php/dav/files/u/d/", true), resp("/remote.php/dav/files/u/d/f", false)), "/nc/remote.php/dav/files/u/d", "[{f 1 false}]"},
		{"unrelated paths", ms(resp("/x/", true), resp("/y/f", false)), "/dav/d", "error"},
		{"a file, not a folder", ms(resp("/dav/f", false)), "/dav/f", "error"},
		{"empty", ms(), "/dav/d", "error"},
		{"deeper entries dropped", ms(resp("/d/", true), resp("/d/s/", true), resp("/d/s/deep", false)), "/d", "[{s 0 true}]"},
	} {
		es, err := parseList(tc.body, tc.dir)
		got := fmt.Sprint(es)
		if err != nil {
			got = "error"
		}
		if got != tc.want {
			t.Errorf("%s: %s (%v), want %s", tc.name, got, err, tc.want)
		}
	}
}
