package ccda_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/ccda"
	"carekeeper/internal/fhirjson"
	"carekeeper/internal/testutil"
)

// FuzzConvert: any input converts or fails with an error, within small limits; whatever
// converts is a valid FHIR bundle, and its narrative renders. (Kept light: the machine that
// fuzzes is shared; the importer's own checks run in the table tests.)
func FuzzConvert(f *testing.F) {
	vendor, err := os.ReadFile(filepath.Join("testdata", "vendor-r11.xml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(vendor)
	f.Add(doc(section("11450-4", "")))
	f.Add([]byte(`<ClinicalDocument xmlns="urn:hl7-org:v3"><component><structuredBody/></component></ClinicalDocument>`))
	if dir, err := testutil.FindFixtures(); err == nil {
		// A small header example (the large documents make the fuzzer crawl).
		p := "Header/Direct Address/Patient and Provider Organization Direct Address(C-CDAR2.1).xml"
		if data, err := os.ReadFile(filepath.Join(dir, "ccda", "hl7-examples", p)); err == nil {
			f.Add(data)
		}
	}
	lim := ccda.Limits{MaxBytes: 256 << 10, MaxTokens: 50_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ccda.Convert(context.Background(), bytes.NewReader(data), ccda.Options{Limits: lim, Now: fixedNow})
		if err != nil {
			return
		}
		if _, err := fhirjson.ParseFile(res.Bundle); err != nil {
			t.Fatalf("bundle does not parse: %v", err)
		}
		if res.TextOnly != len(res.Skipped) {
			t.Fatalf("TextOnly %d, skipped %d", res.TextOnly, len(res.Skipped))
		}
		if _, err := ccda.Narrative(data); err != nil {
			t.Fatalf("converted but the narrative fails: %v", err)
		}
	})
}
