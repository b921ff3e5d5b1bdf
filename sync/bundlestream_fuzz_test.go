package sync

import (
	"bytes"
	"reflect"
	"testing"

	"carekeeper/internal/fhirjson"
)

// A Bundle read entry by entry (readBundle) is the Bundle ParseFile reads whole: when it is
// read so, the whole file is accepted, with the same entries — identities, resources, fullUrls
// and summaries, in order — and an entry read again by its place is that entry (F99).
func FuzzReadBundle(f *testing.F) {
	for _, s := range []string{
		`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"p","name":[{"text":"A"}]}},{"resource":{"resourceType":"Observation","id":"o","subject":{"reference":"urn:uuid:1"},"status":"final","code":{"text":"x"}}}]}`,
		"\xef\xbb\xbf{\n \"entry\" : [\n  { \"resource\" : {\"resourceType\":\"Basic\",\"id\":\"b\"} , \"request\":{\"method\":\"PUT\",\"url\":\"Basic/b\"}}\n ],\n \"resourceType\":\"Bundle\",\"type\":\"transaction\"}\n",
		`{"resourceType":"Bundle","type":"history","entry":[{"resource":{"resourceType":"Basic","id":"b"}}]}`,
		`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic","id":"b"}},{"request":{"method":"DELETE","url":"Basic/c"}}]}`,
		`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic","id":"b","x":"\"}]"}}],"link":[{"url":"]}"}]}`,
		`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic","id":"b"}}],"entry":[]}`,
		`{"resourceType":"Bundle","\u0065ntry":[{"resource":{"resourceType":"Basic","id":"b"}}]}`,
		`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic","id":"b"}}]} {}`,
		`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Observation","id":"b","effectiveDateTime":"2023-02-29"}}]}`,
		`{"resourceType":"Patient","id":"p"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		nd, ok, err := readBundle("x.json", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("readBundle: %v", err)
		}
		if !ok {
			return
		}
		file, perr := fhirjson.ParseFile(data)
		if perr != nil {
			t.Fatalf("read entry by entry, refused whole: %v", perr)
		}
		ids, err := identities(file)
		if err != nil || !reflect.DeepEqual(ids, nd.ids) || len(file.Entries) != len(nd.lines) {
			t.Fatalf("identities: whole %v (%v), entry by entry %v", ids, err, nd.ids)
		}
		var res, scratch []byte
		for i, l := range nd.lines {
			var e fhirjson.Entry
			var ok bool
			if res, scratch, e, ok = parseEntry(res[:0], scratch, data[l.off:l.off+int64(l.n)], int(l.line)); !ok {
				t.Fatalf("entry %d read again: refused", i+1)
			}
			w := file.Entries[i]
			if !bytes.Equal(e.Resource, w.Resource) || e.FullURL != w.FullURL || e.Index != w.Index ||
				e.Method != w.Method || e.RequestURL != w.RequestURL || !reflect.DeepEqual(e.Info, w.Info) {
				t.Fatalf("entry %d: entry by entry %+v, whole %+v", i+1, e, w)
			}
		}
	})
}
