package intake

import (
	"errors"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// A file a person may take for their records that holds none CareKeeper reads (a PDF of a lab
// report, a photo of a card in HEIC, a Word document) is refused in one line naming the file
// and what it is, not as "not valid JSON (unexpected character) at line 1, column 1".
func TestNotAHealthRecordFile(t *testing.T) {
	for _, tc := range []struct{ name, data, what string }{
		{"report.pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"},
		{"letter.xml", "%PDF-1.4 named .xml", "a PDF document"},
		{"card.heic", "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "a photo or video (HEIC, MP4, MOV)"},
		{"scan.gif", "GIF89a\x01\x00\x01\x00", "a GIF image"},
		{"scan.tif", "II*\x00\x08\x00\x00\x00", "a TIFF image"},
		{"notes.doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an Office document"},
		{"notes.rtf", `{\rtf1\ansi hello}`, "an RTF document"},
		{"records.7z", "7z\xbc\xaf\x27\x1c\x00\x04", "a 7-Zip archive"},
	} {
		p := write(t, tc.name, []byte(tc.data))
		_, err := Read(ctx, p, Options{})
		want := p + ": not a file of health records CareKeeper reads: it is " + tc.what +
			" (CareKeeper reads the files that patient portals and health apps give you: a portal's download of your records, a SMART Health Card or its QR code, an Apple Health export)"
		if err == nil || err.Error() != want || !errors.Is(err, ErrNotRecords) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v\nwant %s", tc.name, err, want)
		}
	}
	// JSON, XML, health cards and zips are read as before.
	if _, err := Read(ctx, write(t, "x.json", []byte(`{"resourceType":"Patient","id":"p"}`)), Options{}); err != nil {
		t.Errorf("a FHIR file: %v", err)
	}
}

// A birth date naming no real day in the import's year or later (2026-13-45) is said to name
// no real day, and not also to be after today: the line said both.
func TestBirthNotARealDateNotAlsoAfterToday(t *testing.T) {
	v := newVault(t)
	p := write(t, "p.json", []byte(`{"resourceType":"Patient","id":"x","birthDate":"2026-13-45"}`))
	s, err := importPath(t, v, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "1 added; the file's birth date (2026-13-45) names no real day: kept as the file gives it"; s.Describe() != want || s.BirthAfterToday != "" {
		t.Errorf("%q (after today %q), want %q", s.Describe(), s.BirthAfterToday, want)
	}
}

// Two people of one name and one birth date (one hospital's two record numbers: two people,
// docs/intake.md) are told apart in the import's line as the app's person choices tell them
// apart: both read "Mary Smith (born 1 May 1980)" (F122).
func TestImportLineTellsApartSameNameSameBirth(t *testing.T) {
	v := newVault(t)
	mary := func(mrn string) string {
		return write(t, mrn+".json", []byte(`{"resourceType":"Patient","id":"`+mrn+`","gender":"female","birthDate":"1980-05-01",`+
			`"identifier":[{"system":"http://hospital.example.org/mrn","value":"`+mrn+`"}],"name":[{"family":"Smith","given":["Mary"]}]}`))
	}
	var lines []string
	for _, mrn := range []string{"mrn1", "mrn2"} {
		s, err := importPath(t, v, mary(mrn), Options{})
		if err != nil {
			t.Fatal(err)
		}
		ps, _ := v.Profiles()
		lines = append(lines, s.DescribeFor(Names(ps)))
	}
	if want := []string{"1 added; for Mary Smith (new)", "1 added; for Mary Smith (2) (new)"}; strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("lines %q, want %q", lines, want)
	}
	ps, _ := v.Profiles()
	names := Names(ps)
	if a, b := names(ps[0].ID), names(ps[1].ID); a != "Mary Smith (1)" || b != "Mary Smith (2)" {
		t.Errorf("names %q and %q", a, b)
	}
}

// A zip of C-CDA documents without XDM's folders (a portal's "download my records": the
// documents and a stylesheet, no METADATA.XML) is imported as its documents, all of them or
// none; it was refused as "neither an Apple Health export nor an XDM package". A Word document
// (a zip too) is said to be one.
func TestZipOfCCDADocuments(t *testing.T) {
	ccd1 := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 1/CCD.XML"))
	ccd2 := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	v := newVault(t)
	p := write(t, "my-records.zip", zipOf(t, map[string][]byte{
		"MyRecords/Summary 1.XML": ccd1, "MyRecords/Summary 2.xml": ccd2,
		"MyRecords/CDA.xsl": []byte("<xsl:stylesheet/>"), "MyRecords/README.txt": []byte("Open the .xml files in a browser."),
	}))
	s, err := importPath(t, v, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != CCDA || s.Added["DocumentReference"] != 2 || len(s.People) != 2 {
		t.Fatalf("summary %+v", s)
	}
	if again, err := importPath(t, v, p, Options{}); err != nil || total(again.Added)+total(again.Updated) != 0 {
		t.Errorf("again: %+v %v", again, err)
	}
	doc := write(t, "letter.zip", zipOf(t, map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "word/document.xml": []byte("<w:document/>")}))
	if _, err := Read(ctx, doc, Options{}); err == nil || !errors.Is(err, ErrNotRecords) || !strings.Contains(err.Error(), "an Office document") {
		t.Errorf("a Word document: %v", err)
	}
}

// A part of a C-CDA document (a section or an entry, as the HL7 examples give them) is refused
// saying so, not only as "an XML file that is neither a C-CDA document nor an Apple Health
// export.xml".
func TestPartOfACCDADocument(t *testing.T) {
	part := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Results/Results with translation unit/Results with translation unit(C-CDA2.1).xml"))
	p := write(t, "results.xml", part)
	_, err := Read(ctx, p, Options{})
	want := p + ": an XML file that is neither a C-CDA document nor an Apple Health export.xml: it is a part of a C-CDA document (a <section>), not a whole one; CareKeeper imports whole documents (<ClinicalDocument>)"
	if err == nil || err.Error() != want || !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("%v\nwant %s", err, want)
	}
	if _, err := Read(ctx, write(t, "page.xml", []byte(`<?xml version="1.0"?><html><body/></html>`)), Options{}); err == nil || err.Error() == "" || strings.Contains(err.Error(), "part of") {
		t.Errorf("other XML: %v", err)
	}
}

// An Apple Health export without its export.xml is not a zip of C-CDA documents: its
// export_cda.xml (the measurements again, often not valid XML) is not imported.
func TestAppleExportCDAIsNotADocument(t *testing.T) {
	cda := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	for name, files := range map[string]map[string][]byte{
		"export_cda.xml at the top": {"export_cda.xml": cda},
		"in the export's folder":    {"apple_health_export/export_cda.xml": cda, "apple_health_export/notes.xml": cda},
	} {
		_, err := Read(ctx, write(t, "export.zip", zipOf(t, files)), Options{})
		if err == nil || !strings.Contains(err.Error(), "neither an Apple Health export nor a package of C-CDA documents") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
