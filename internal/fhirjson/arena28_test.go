package fhirjson

import (
	"runtime"
	"testing"
)

// A Bundle of one entry (sync reads each entry of a large Bundle alone, three times: a
// 100,000-resource Bundle's import) allocates about what its resource and summary need: its
// reference, identifier and code arenas were cut in chunks of 256 whatever the file, about
// 28 KB allocated and cleared for an Observation with one reference and one code. The summary
// is the same.
func TestParseOneEntryBundleAllocatesLittle(t *testing.T) {
	one := []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:0b7a6f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b","resource":` +
		`{"resourceType":"Observation","id":"o1","status":"final","identifier":[{"system":"urn:x","value":"1"}],` +
		`"code":{"coding":[{"system":"http://loinc.org","code":"718-7","display":"Hemoglobin"}]},` +
		`"subject":{"reference":"urn:uuid:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"},"effectiveDateTime":"2026-12-01T08:00:00Z",` +
		`"valueQuantity":{"value":14.1,"unit":"g/dL","system":"http://unitsofmeasure.org","code":"g/dL"}}}]}`)
	f, err := ParseFile(one)
	if err != nil {
		t.Fatal(err)
	}
	if in := f.Entries[0].Info; len(in.Refs) != 1 || len(in.Codes) != 1 || len(in.Identifiers) != 1 || in.Date != "2026-12-01T08:00:00Z" {
		t.Fatalf("summary %+v", in)
	}
	const runs = 200
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		if _, err := ParseFile(one); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	// The file's bytes are copied once (the compacted resources) and the summary's strings once:
	// a few times the file's size, not tens of kilobytes.
	per := (after.TotalAlloc - before.TotalAlloc) / runs
	t.Logf("ParseFile of a one-entry Bundle of %d bytes allocates %d bytes", len(one), per)
	if per > 6*uint64(len(one)) {
		t.Errorf("ParseFile of a one-entry Bundle of %d bytes allocates %d bytes", len(one), per)
	}
}
