package webdav

import (
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
