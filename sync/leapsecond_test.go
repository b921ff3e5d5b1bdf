package sync_test

import (
	"testing"

	"carekeeper/internal/health"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A reading timed on a leap second (2016-12-31T23:59:60Z: FHIR's pattern allows it, and the
// import takes it) is dated 23:59:59 as the C-CDA path reads 235960, in the vault's index and
// in the views, not left undated and out of the results (F40). The record keeps its :60.
func TestLeapSecondIsRead(t *testing.T) {
	v, _ := newVault(t)
	importData(t, v, "tane.json", []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Tane"}],"birthDate":"1970-01-01"}},
{"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8302-2"}],"text":"Body height"},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2016-12-31T23:59:60Z","valueQuantity":{"value":172.5,"unit":"cm"}}}]}`), cksync.Options{})
	obs := allRecords(t, v, storage.Query{Type: "Observation"})
	if len(obs) != 1 || obs[0].Meta.Date != "2016-12-31T23:59:59Z" {
		t.Fatalf("the reading is dated %q, want 2016-12-31T23:59:59Z", obs[0].Meta.Date)
	}
	if tm, ok := health.ParseTime("2016-12-31T23:59:60Z"); !ok || tm.Format("2006-01-02 15:04:05") != "2016-12-31 23:59:59" {
		t.Errorf("health.ParseTime: %v, %v", tm, ok)
	}
	if got := storage.SortableDate("2016-12-31T23:59:60+13:00"); got != "2016-12-31T10:59:59Z" {
		t.Errorf("SortableDate with a zone: %q", got)
	}
}
