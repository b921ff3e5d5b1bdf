package sync_test

import (
	"fmt"
	"strings"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A record's links are the records it references, each once, in the order the resource first
// names them, for a few references (compared in turn) as for many (kept in a map once there
// are more than 16).
func TestLinksOncePerTarget(t *testing.T) {
	for _, n := range []int{3, 16, 17, 60} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			v, _ := newVault(t)
			var entries, perf []string
			entries = append(entries, `{"fullUrl":"urn:uuid:pat-1","resource":{"resourceType":"Patient","id":"pat-1","name":[{"family":"Links","given":["Ana"]}],"birthDate":"1970-01-01"}}`)
			for i := range n {
				entries = append(entries, fmt.Sprintf(`{"fullUrl":"urn:uuid:pr-%d","resource":{"resourceType":"Practitioner","id":"pr-%d"}}`, i, i))
			}
			for round := range 2 { // every practitioner twice, the second time in reverse
				for i := range n {
					if round == 1 {
						i = n - 1 - i
					}
					perf = append(perf, fmt.Sprintf(`{"reference":"urn:uuid:pr-%d"}`, i))
				}
			}
			entries = append(entries, `{"fullUrl":"urn:uuid:obs-1","resource":{"resourceType":"Observation","id":"obs-1","status":"final",`+
				`"code":{"text":"x"},"subject":{"reference":"urn:uuid:pat-1"},"performer":[`+strings.Join(perf, ",")+`]}}`)
			bundle := `{"resourceType":"Bundle","type":"collection","entry":[` + strings.Join(entries, ",") + `]}`
			if _, err := cksync.Import(ctx, v, "links.json", []byte(bundle), cksync.Options{}); err != nil {
				t.Fatal(err)
			}
			var obs *storage.Record
			for _, r := range allRecords(t, v, storage.Query{Type: "Observation"}) {
				obs = r
			}
			if obs == nil {
				t.Fatal("no Observation stored")
			}
			links := obs.Meta.Links
			if len(links) != n+1 {
				t.Fatalf("%d links, want %d (the Patient and each practitioner once): %v", len(links), n+1, links)
			}
			seen := map[storage.ID]bool{}
			var prs []string
			for _, l := range links {
				if seen[l] {
					t.Errorf("%v linked twice", l)
				}
				seen[l] = true
				if l.Type == "Practitioner" {
					prs = append(prs, l.ID)
				}
			}
			for i, id := range prs {
				if id != fmt.Sprintf("pr-%d", i) {
					t.Fatalf("practitioners linked in the order %v, want the order first named", prs)
				}
			}
		})
	}
}
