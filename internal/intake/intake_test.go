package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/draw"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"carekeeper/internal/applehealth/ahtest"
	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
	"carekeeper/internal/testutil"
	"carekeeper/internal/testutil/testvault"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

var ctx = context.Background()

// newVault opens a fresh vault, closed and removed when the test ends (testvault.Open).
func newVault(tb testing.TB) *storage.Vault {
	tb.Helper()
	v, _ := testvault.Open(tb, storage.Options{})
	return v
}

func counts(t *testing.T, v *storage.Vault) map[string]int {
	t.Helper()
	out := map[string]int{}
	err := v.Records(ctx, storage.Query{}, func(r *storage.Record) error {
		out[r.ID.Type]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func importPath(t *testing.T, v *storage.Vault, path string, opt Options) (*Summary, error) {
	t.Helper()
	in, err := Read(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	return in.Import(ctx, v, opt)
}

var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

func TestDetect(t *testing.T) {
	cases := []struct {
		head string
		want Format
	}{
		{`{"resourceType":"Bundle"}`, FHIR},
		{"\xef\xbb\xbf  [{}]", FHIR},
		{"\x1f\x8b\x08", FHIR},
		{`{"verifiableCredential":["a.b.c"]}`, HealthCard},
		{" shc:/5676", HealthCard},
		{"SHC:/1/2/5676", HealthCard},
		{"\x89PNG\r\n\x1a\n....", HealthCard},
		{"\xff\xd8\xff\xe0", HealthCard},
		{"PK\x03\x04", AppleHealth},
		{`<?xml version="1.0"?><!DOCTYPE HealthData [`, AppleHealth},
		{`<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3">`, CCDA},
		{`<?xml version="1.0"?><html/>`, ""},
		{"Patient has diabetes", FHIR}, // the FHIR reader says "not valid JSON"
	}
	for _, tc := range cases {
		if got := Detect([]byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q) = %q, want %q", tc.head, got, tc.want)
		}
	}
}

func cardJWS(t *testing.T, key shctest.Key, c shctest.Claims) string {
	t.Helper()
	if c.Nbf.IsZero() {
		c.Nbf = now.Add(-time.Hour)
	}
	return shctest.Sign(t, key, shctest.Bundle(t, "covid-vaccines-bundle.json"), c)
}

func TestHealthCard(t *testing.T) {
	v := newVault(t)
	key := shctest.ExampleKey(t)
	jws := cardJWS(t, key, shctest.Claims{})
	file := write(t, "card.smart-health-card", shctest.File(jws))
	opt := Options{Options: cksync.Options{Now: clock}}

	// keys not at hand: imported, "signature not checked"
	s, err := importPath(t, v, file, opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != HealthCard || len(s.Cards) != 1 || s.Cards[0].Signature != shc.NotChecked || s.Cards[0].Issuer != shctest.Iss {
		t.Fatalf("summary %+v", s)
	}
	if s.Added["Immunization"] != 3 || s.Added["Patient"] != 1 || s.Made["Immunization"] != 3 {
		t.Errorf("added %v made %v", s.Added, s.Made)
	}
	if !strings.Contains(s.Describe(), "signature not checked") {
		t.Errorf("describe: %s", s.Describe())
	}
	if n := cardMarks(t, v, shc.NotChecked); n != 3 {
		t.Errorf("%d immunizations are marked with the issuer and signature not checked", n)
	}

	// trusted by a clinic: verified, the same records updated, not duplicated
	s, err = importPath(t, v, file, Options{Options: opt.Options, Issuers: []shc.Issuer{shctest.Trusted(t)}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Cards[0].Signature != shc.Verified || s.Cards[0].IssuerName != "Example issuer" || len(s.Added) != 0 {
		t.Fatalf("trusted: %+v", s)
	}
	if !strings.Contains(s.Describe(), "health card from Example issuer ("+shctest.Iss+"): signature verified") {
		t.Errorf("describe: %s", s.Describe())
	}
	if n := cardMarks(t, v, shc.Verified); n != 3 {
		t.Errorf("%d immunizations are marked verified", n)
	}
	// trusted by the person (the vault's list): the same
	if err := shc.SaveIssuer(ctx, v, shctest.Trusted(t)); err != nil {
		t.Fatal(err)
	}
	if s, err = importPath(t, v, file, opt); err != nil || s.Cards[0].Signature != shc.Verified || s.Describe() != "nothing new: 4 records already there; health card from Example issuer ("+shctest.Iss+"): signature verified" {
		t.Fatalf("trusted by the vault: %v %v", s, err)
	}
	before := counts(t, v)

	// refused, the vault unchanged: forged, expired, malformed
	bad := map[string][]byte{
		"forged.smart-health-card":  shctest.File(shctest.Sign(t, shctest.OtherKey(t), shctest.Bundle(t, "dr-bundle.json"), shctest.Claims{Nbf: now.Add(-time.Hour)})),
		"expired.smart-health-card": shctest.File(cardJWS(t, key, shctest.Claims{Exp: now.Add(-time.Hour)})),
		"cut.smart-health-card":     shctest.File(jws[:len(jws)-30]),
		"text.txt":                  []byte("shc:/1/2/" + strings.TrimPrefix(shc.Encode(jws[:100]), "shc:/")),
	}
	for name, data := range bad {
		_, err := importPath(t, v, write(t, name, data), opt)
		var fe *cksync.FileError
		if err == nil || !errors.As(err, &fe) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if after := counts(t, v); !equal(before, after) {
		t.Errorf("refused cards changed the vault: %v → %v", before, after)
	}

	// shc:/ text and a QR image of another card import too
	lab := shctest.Sign(t, key, shctest.Bundle(t, "dr-bundle.json"), shctest.Claims{Nbf: now.Add(-time.Hour), Types: []string{shc.HealthCardType}})
	if s, err := importPath(t, v, write(t, "card.txt", []byte(shc.Encode(lab)+"\n")), opt); err != nil || s.Cards[0].Signature != shc.Verified {
		t.Fatalf("shc:/ text: %v", err)
	}
	var img bytes.Buffer
	png.Encode(&img, qrImage(t, shc.Encode(jws)))
	if s, err := importPath(t, v, write(t, "photo.png", img.Bytes()), opt); err != nil || s.Describe() != "nothing new: 4 records already there; health card from Example issuer ("+shctest.Iss+"): signature verified" {
		t.Fatalf("QR image: %v %v", s, err)
	}
}

// cardMarks counts the Immunizations shown as from the example issuer's card with status.
func cardMarks(t *testing.T, v *storage.Vault, status shc.Status) int {
	t.Helper()
	n := 0
	err := v.Records(ctx, storage.Query{Type: "Immunization"}, func(r *storage.Record) error {
		if iss, st, ok := shc.Origin(&r.Meta); ok && iss == shctest.Iss && st == status {
			n++
			if want := "health card from " + shctest.Iss + ", " + status.Words(); shc.Describe(&r.Meta) != want {
				t.Errorf("shown as %q, want %q", shc.Describe(&r.Meta), want)
			}
			if bytes.Contains(r.Resource, []byte(shc.CodeSystemSignature)) {
				t.Errorf("the signature state is written into the resource: %s", r.Resource)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, n := range a {
		if b[k] != n {
			return false
		}
	}
	return true
}

func qrImage(t *testing.T, text string) image.Image {
	t.Helper()
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	const scale = 3
	b := m.Bounds()
	img := image.NewGray(image.Rect(0, 0, b.Dx()*scale, b.Dy()*scale))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			if m.Get(x, y) {
				draw.Draw(img, image.Rect(x*scale, y*scale, (x+1)*scale, (y+1)*scale), image.Black, image.Point{}, draw.Src)
			}
		}
	}
	return img
}

// zipOf makes a zip of name → content.
func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, name := range slices.Sorted(maps.Keys(files)) { // in one order, as a real zip has
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(files[name])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const (
	patientR4 = `{"resourceType":"Patient","id":"pat-1","name":[{"given":["Sam"],"family":"Rivera"}],"birthDate":"1970-01-01"}`
	medDSTU2  = `{"resourceType":"MedicationOrder","id":"med-1","status":"active","patient":{"reference":"Patient/pat-1"},"dateWritten":"2019-05-01","medicationCodeableConcept":{"text":"Lisinopril 10 mg"}}`
	labR4     = `{"resourceType":"Observation","id":"lab-1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Patient/pat-1"},"valueQuantity":{"value":6.1,"unit":"%"}}`
	procDSTU2 = `{"resourceType":"Procedure","id":"proc-1","status":"completed","patient":{"reference":"Patient/pat-1"}}`
)

func appleExport(t *testing.T, days int) []byte {
	t.Helper()
	var x bytes.Buffer
	ahtest.Write(&x, ahtest.Options{Days: days, PerDay: 4, BrokenDTD: true, VT: true, Clinical: []ahtest.Clinical{
		{Type: "HKClinicalTypeIdentifierMedicationRecord", Path: "/clinical-records/MedicationOrder-1.json", URL: "https://fhir.example.org/dstu2/MedicationOrder/med-1", FHIRVersion: "1.0.2"},
		{Type: "HKClinicalTypeIdentifierProcedureRecord", Path: "/clinical-records/Procedure-1.json", URL: "https://fhir.example.org/dstu2/Procedure/proc-1", FHIRVersion: "1.0.2"},
		{Type: "HKClinicalTypeIdentifierLabResultRecord", Path: "/clinical-records/Observation-1.json", URL: "https://fhir.example.org/r4/Observation/lab-1", FHIRVersion: "4.0.1"},
	}})
	return zipOf(t, map[string][]byte{
		"apple_health_export/export.xml":                              x.Bytes(),
		"apple_health_export/export_cda.xml":                          []byte("<ClinicalDocument/>"),
		"apple_health_export/clinical-records/Patient-1.json":         []byte(patientR4),
		"apple_health_export/clinical-records/MedicationOrder-1.json": []byte(medDSTU2),
		"apple_health_export/clinical-records/Procedure-1.json":       []byte(procDSTU2),
		"apple_health_export/clinical-records/Observation-1.json":     []byte(labR4),
	})
}

func TestAppleHealthExport(t *testing.T) {
	defer func(n int) { batchSize = n }(batchSize)
	batchSize = 7 // many transactions
	v := newVault(t)
	opt := Options{Options: cksync.Options{Now: clock}}
	first := write(t, "export.zip", appleExport(t, 3))
	s, err := importPath(t, v, first, opt)
	if err != nil {
		t.Fatal(err)
	}
	// per day 4 heart rates + bp, weight, glucose, SpO2, temperature, respiratory rate,
	// steps, energy = 12; height once
	if s.Format != AppleHealth || s.Made["Observation"] != 38 || s.Added["Observation"] != 38 || s.Added["MedicationRequest"] != 1 || s.Added["Patient"] != 1 {
		t.Fatalf("summary %+v", s)
	}
	if s.Measurements["Blood pressure"] != 3 || s.Measurements["Steps (daily total)"] != 3 {
		t.Errorf("measurements %v", s.Measurements)
	}
	skipped := map[string]int{}
	for _, sk := range s.Skipped {
		skipped[sk.What] += sk.Count
	}
	if skipped["clinical record"] != 1 || skipped["HKQuantityTypeIdentifierEnvironmentalAudioExposure"] != 3 {
		t.Errorf("skipped %+v", s.Skipped)
	}
	// an R4 clinical record keeps the provider's URL: the same record synced from the portal is
	// the same record
	if _, err := v.Get(storage.ID{Source: "https://fhir.example.org/r4", Type: "Observation", ID: "lab-1"}); err != nil {
		t.Errorf("R4 clinical record not stored under its provider's URL: %v", err)
	}
	people, _ := v.Profiles()
	if len(people) != 1 || people[0].Name != "Sam Rivera" {
		t.Fatalf("people %+v", people)
	}
	n, err := v.TypeCounts(ctx, people[0].ID)
	if err != nil || n["Observation"] != 38 {
		t.Errorf("the samples are not Sam's: %v %v", n, err)
	}
	// the same export again: nothing new; a later one: only the new days
	if s, err = importPath(t, v, first, opt); err != nil || len(s.Added) != 0 || len(s.Updated) != 0 {
		t.Fatalf("re-import: %+v %v", s, err)
	}
	if s, err = importPath(t, v, write(t, "export.zip", appleExport(t, 5)), opt); err != nil || s.Added["Observation"] != 24 || len(s.Updated) != 0 {
		t.Fatalf("later export: %+v %v", s, err)
	}

	// the unzipped folder, and export.xml alone into a chosen person
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "clinical-records"), 0o700)
	os.WriteFile(filepath.Join(dir, "clinical-records", "Patient-1.json"), []byte(patientR4), 0o600)
	var x bytes.Buffer
	ahtest.Write(&x, ahtest.Options{Days: 6, PerDay: 4})
	os.WriteFile(filepath.Join(dir, "export.xml"), x.Bytes(), 0o600)
	if s, err = importPath(t, v, dir, opt); err != nil || s.Added["Observation"] != 12 {
		t.Fatalf("folder: %+v %v", s, err)
	}
	if !IsAppleHealthFolder(dir) || IsAppleHealthFolder(t.TempDir()) {
		t.Error("IsAppleHealthFolder")
	}
	bare := filepath.Join(dir, "export.xml")
	if _, err := Read(ctx, bare, opt); err == nil || !strings.Contains(err.Error(), "--profile") {
		t.Errorf("export.xml without a person: %v", err)
	}
	popt := opt
	popt.Profile = people[0].ID
	if s, err = importPath(t, v, bare, popt); err != nil || len(s.Added) != 0 || s.Unchanged != 73 {
		t.Fatalf("export.xml into a person: %+v %v", s, err)
	}
}

func TestBadInput(t *testing.T) {
	v := newVault(t)
	opt := Options{Options: cksync.Options{Now: clock}}
	if _, err := importPath(t, v, write(t, "export.zip", appleExport(t, 1)), opt); err != nil {
		t.Fatal(err)
	}
	before := counts(t, v)
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	f, _ := zw.Create("apple_health_export/export.xml")
	f.Write([]byte(`<HealthData>`))
	f.Write(make([]byte, 64<<20))
	zw.Close()
	var cut bytes.Buffer
	ahtest.Write(&cut, ahtest.Options{Days: 2, PerDay: 2})
	// a zip declaring 70,000 entries (zip64 end records) is refused before they are read
	var many bytes.Buffer
	mw := zip.NewWriter(&many)
	for i := 0; i < 70000; i++ {
		mw.CreateHeader(&zip.FileHeader{Name: strconv.Itoa(i), Method: zip.Store})
	}
	mw.Close()
	mf, _ := os.Open(write(t, "many.zip", many.Bytes()))
	if n, ok := zipEntries(mf, int64(many.Len())); !ok || n != 70000 {
		t.Errorf("zipEntries = %d, %v", n, ok)
	}
	mf.Close()
	defer func(n uint64) { maxZipEntries = n }(maxZipEntries)
	maxZipEntries = 65536
	cases := map[string]struct {
		name string
		data []byte
		want string
	}{
		"many entries": {"export.zip", many.Bytes(), "more than"},
		"traversal":    {"export.zip", zipOf(t, map[string][]byte{"../../etc/export.xml": []byte("<HealthData/>")}), "outside its own folder"},
		"absolute":     {"export.zip", zipOf(t, map[string][]byte{"/tmp/clinical-records/a.json": []byte(patientR4)}), "outside its own folder"},
		"backslashes":  {"export.zip", zipOf(t, map[string][]byte{`..\..\export.xml`: []byte("<HealthData/>")}), "outside its own folder"},
		"zip bomb":     {"export.zip", bomb.Bytes(), "zip bomb"},
		"other zip":    {"photos.zip", zipOf(t, map[string][]byte{"a.jpg": {1}}), "neither an Apple Health export nor a package of C-CDA documents"},
		"damaged zip":  {"export.zip", []byte("PK\x03\x04 this is not a zip"), "cannot be read"},
		// F567 item 4: a FHIR file inside nested zips was "neither an Apple Health export nor …"
		"zip of a zip":  {"odd-nested.zip", zipOf(t, map[string][]byte{"inner.zip": zipOf(t, map[string][]byte{"p.json": []byte(patientR4)})}), "the zip holds another zip and no health records of its own: unzip it"},
		"zip of 2 zips": {"odd-nested.zip", zipOf(t, map[string][]byte{"a.bin": zipOf(t, map[string][]byte{"x.txt": {1}}), "b.zip": zipOf(t, map[string][]byte{"y.txt": {1}})}), "the zip holds 2 other zips"},
		"cut export":    {"export.xml", cut.Bytes()[:cut.Len()-100], "cut off"},
		"bad clinical":  {"export.zip", zipOf(t, map[string][]byte{"apple_health_export/clinical-records/x.json": []byte(`{"resourceType":"Patient","id":`)}), "not JSON"},
		"unknown XML":   {"page.xml", []byte(`<?xml version="1.0"?><html><body/></html>`), "neither a C-CDA document nor an Apple Health"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := importPath(t, v, write(t, tc.name, tc.data), Options{Options: cksync.Options{Now: clock, Profile: before2(t, v)}})
			var fe *cksync.FileError
			if err == nil || !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
	if after := counts(t, v); !equal(before, after) {
		t.Errorf("bad input changed the vault: %v → %v", before, after)
	}
}

// before2 is the vault's one person.
func before2(t *testing.T, v *storage.Vault) string {
	t.Helper()
	ps, err := v.Profiles()
	if err != nil || len(ps) != 1 {
		t.Fatalf("people %v %v", ps, err)
	}
	return ps[0].ID
}

func TestPatients(t *testing.T) {
	p := write(t, "export.zip", appleExport(t, 1))
	data, err := Patients(ctx, p)
	if err != nil || !bytes.Contains(data, []byte("Rivera")) {
		t.Fatalf("patients %s %v", data, err)
	}
	var b struct{ Entry []json.RawMessage }
	if json.Unmarshal(data, &b) != nil || len(b.Entry) != 1 {
		t.Errorf("patient file %s", data)
	}
}

func TestCCDA(t *testing.T) {
	v := newVault(t)
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	opt := Options{Options: cksync.Options{Now: clock}}
	s, err := importPath(t, v, write(t, "summary.txt", doc), opt) // the content decides, not the name
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != CCDA || s.Added["Patient"] != 1 || len(s.Made) == 0 || s.Added["DocumentReference"] != 1 {
		t.Fatalf("summary %+v", s)
	}
	// the same document in an XDM zip: nothing new
	xdm := zipOf(t, map[string][]byte{"IHE_XDM/SUBSET01/DOC0001.XML": doc, "README.TXT": []byte("x")})
	if s, err = importPath(t, v, write(t, "xdm.zip", xdm), opt); err != nil || s.Format != XDM || len(s.Added) != 0 {
		t.Fatalf("XDM: %+v %v", s, err)
	}
	// malformed XML: one line, nothing written
	before := counts(t, v)
	if _, err := importPath(t, v, write(t, "bad.xml", doc[:len(doc)/2]), opt); err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("cut document: %v", err)
	}
	if !equal(before, counts(t, v)) {
		t.Error("a bad document changed the vault")
	}
}

// A multi-part card photographed one QR code per image imports when all the images are given
// together; fewer parts are refused naming the files.
func TestCardParts(t *testing.T) {
	v := newVault(t)
	jws := cardJWS(t, shctest.ExampleKey(t), shctest.Claims{})
	const n = 3
	size := (len(jws) + n - 1) / n
	var paths []string
	for i := 0; i < n; i++ {
		chunk := jws[i*size : min(len(jws), (i+1)*size)]
		text := strings.Replace(shc.Encode(chunk), "shc:/", "shc:/"+string(rune('1'+i))+"/3/", 1)
		var img bytes.Buffer
		png.Encode(&img, qrImage(t, text))
		paths = append(paths, write(t, "part"+string(rune('1'+i))+".png", img.Bytes()))
	}
	var parts, few Parts
	for i, p := range paths {
		_, err := Read(ctx, p, Options{})
		if err == nil || !parts.Add(p, err) {
			t.Fatalf("part %d alone: %v", i+1, err)
		}
		if i < 2 {
			few.Add(p, err)
		}
	}
	if _, err := few.Join(); err == nil || !strings.Contains(err.Error(), "only 2 of the 3 parts") || !strings.Contains(err.Error(), "part2.png") {
		t.Errorf("two of three parts: %v", err)
	}
	in, err := parts.Join()
	if err != nil {
		t.Fatal(err)
	}
	s, err := in.Import(ctx, v, Options{Options: cksync.Options{Now: clock}})
	if err != nil || s.Added["Immunization"] != 3 || s.Format != HealthCard {
		t.Fatalf("joined card: %+v %v", s, err)
	}
	var none Parts
	if in, err := none.Join(); in != nil || err != nil || none.Add("x", errors.New("other")) {
		t.Error("empty Parts")
	}
}

// A provider record the importer would refuse is skipped with its reason; the rest imports.
func TestAppleBadClinicalRecord(t *testing.T) {
	v := newVault(t)
	z := zipOf(t, map[string][]byte{
		"apple_health_export/clinical-records/Patient-1.json": []byte(patientR4),
		"apple_health_export/clinical-records/Bad-1.json":     []byte(`{"resourceType":"Observation","id":"o9","status":"final","code":{"text":"x"},"effectiveDateTime":20200101}`),
	})
	s, err := importPath(t, v, write(t, "export.zip", z), Options{Options: cksync.Options{Now: clock}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Added["Patient"] != 1 || len(s.Skipped) != 1 || !strings.Contains(s.Skipped[0].Reason, "not valid FHIR R4") || strings.Contains(s.Skipped[0].Reason, "20200101") {
		t.Fatalf("summary %+v", s)
	}
}
