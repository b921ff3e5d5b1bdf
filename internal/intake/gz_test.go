package intake

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"

	"carekeeper/internal/applehealth/ahtest"
	"carekeeper/internal/shc/shctest"
	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A .gz of any supported format imports as the file it holds: the content decides, never the
// name, and the same document gzipped or not makes the same records.
func TestGzipped(t *testing.T) {
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	var x bytes.Buffer
	ahtest.Write(&x, ahtest.Options{Days: 2, PerDay: 2})
	card := shctest.File(cardJWS(t, shctest.ExampleKey(t), shctest.Claims{}))
	xdm := zipOf(t, map[string][]byte{"IHE_XDM/SUBSET01/DOC0001.XML": doc})
	cases := []struct {
		name, file string
		data       []byte
		want       Format
		profile    bool
	}{
		{"C-CDA", "summary.gz", doc, CCDA, false},
		{"XDM zip", "record.zip.gz", xdm, XDM, false},
		{"health card", "card.smart-health-card.gz", card, HealthCard, false},
		{"export.xml", "export.xml.gz", x.Bytes(), AppleHealth, true},
		{"export.zip", "export.zip.gz", appleExport(t, 1), AppleHealth, false},
		{"FHIR", "patient.json.gz", []byte(patientR4), FHIR, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plain, gz := newVault(t), newVault(t)
			opt := Options{Options: cksync.Options{Now: clock}}
			if tc.profile { // export.xml alone says not whose it is: import it into a person
				for _, v := range []*storage.Vault{plain, gz} {
					if _, err := importPath(t, v, write(t, "p.json", []byte(patientR4)), opt); err != nil {
						t.Fatal(err)
					}
				}
			}
			optPlain, optGz := opt, opt
			if tc.profile {
				optPlain.Profile, optGz.Profile = before2(t, plain), before2(t, gz)
			}
			want, err := importPath(t, plain, write(t, "plain", tc.data), optPlain)
			if err != nil {
				t.Fatal(err)
			}
			got, err := importPath(t, gz, write(t, tc.file, testutil.Gzip(tc.data)), optGz)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != tc.want || got.Describe() != want.Describe() {
				t.Errorf("gzipped: %s %q, plain: %s %q", got.Format, got.Describe(), want.Format, want.Describe())
			}
			if a, b := counts(t, plain), counts(t, gz); !equal(a, b) || len(a) == 0 {
				t.Errorf("records %v, gzipped %v", a, b)
			}
		})
	}
}

// A gzip bomb, damaged or cut-off gzip data, or gzipped XML of no known kind is refused in one
// line without reading the bomb into memory.
func TestGzippedBad(t *testing.T) {
	v := newVault(t)
	opt := Options{Options: cksync.Options{Now: clock}}
	// 40 MiB that gzip makes about 1000 times smaller
	bomb := func(prefix, fill string) []byte {
		var b bytes.Buffer
		b.WriteString(prefix)
		b.Write(bytes.Repeat([]byte(fill), 40<<20/len(fill)))
		return testutil.Gzip(b.Bytes())
	}
	doc := testutil.Gzip([]byte(`<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"><title>x</title></ClinicalDocument>`))
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"C-CDA bomb", bomb(`<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3">`, " "), "gzip bomb"},
		{"export.xml bomb", bomb(`<?xml version="1.0"?><HealthData locale="en_US">`, "<Me/>"), "gzip bomb"},
		{"card bomb", bomb(`{"verifiableCredential":["`, "a"), "decompressed"},
		{"zip bomb", bomb("PK\x03\x04", " "), "gzip bomb"},
		{"cut off", doc[:len(doc)-12], "gzip"},
		{"other XML", testutil.Gzip([]byte(`<?xml version="1.0"?><html/>`)), "neither a C-CDA document"},
	}
	before := counts(t, v)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			_, err := importPath(t, v, write(t, "in.gz", tc.data), opt)
			runtime.ReadMemStats(&m1)
			var fe *cksync.FileError
			if err == nil || !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			// export.xml is streamed (its allocations are many small ones, never held):
			// what is held whole must not grow to the bomb's 40 MiB
			if grown := m1.TotalAlloc - m0.TotalAlloc; grown > 24<<20 && !strings.HasPrefix(tc.name, "export") {
				t.Errorf("refusing it allocated %d MiB", grown>>20)
			}
		})
	}
	if !equal(before, counts(t, v)) {
		t.Error("bad gzip input changed the vault")
	}
}
