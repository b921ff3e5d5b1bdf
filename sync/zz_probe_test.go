package sync_test

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

func TestZZProbe(t *testing.T) {
	raw := make([]byte, 15<<20)
	rand.Read(raw)
	big := base64.StdEncoding.EncodeToString(raw)
	cases := map[string]string{
		"nul in fullUrl base": `{"resourceType":"Bundle","entry":[{"fullUrl":"http://a\u0000b/fhir/Patient/1","resource":{"resourceType":"Patient","id":"1"}}]}`,
		"nul in identifier":   `{"resourceType":"Patient","id":"1","identifier":[{"system":"s","value":"a\u0000b"}]}`,
		"huge identifier":     `{"resourceType":"Patient","id":"1","identifier":[{"system":"s","value":"` + strings.Repeat("Quattlebaum", 7000) + `"}]}`,
		"huge fullUrl":        `{"resourceType":"Bundle","entry":[{"fullUrl":"http://` + strings.Repeat("q", 70000) + `/fhir/Patient/1","resource":{"resourceType":"Patient","id":"1"}}]}`,
		"huge code":           `{"resourceType":"Observation","id":"1","code":{"coding":[{"system":"s","code":"` + strings.Repeat("Quattlebaum", 7000) + `"}]}}`,
		"huge binary":         `{"resourceType":"Binary","id":"1","contentType":"application/pdf","data":"` + big + `"}`,
	}
	for name, data := range cases {
		v, _ := newVault(t)
		s, err := cksync.Import(ctx, v, "f.json", []byte(data), cksync.Options{})
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if len(msg) > 300 {
			msg = msg[:300]
		}
		n := len(allRecords(t, v, storage.Query{}))
		t.Logf("%s: summary %+v, records %d, err %q", name, s, n, msg)
	}
}
