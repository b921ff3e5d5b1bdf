package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/shc/shctest"
)

// A health card dropped on the window imports, and its line names the issuer and says the
// signature was not checked (no trusted key), as a warning.
func TestUI_ImportHealthCard(t *testing.T) {
	u := unlocked(t)
	m := u.main
	card := filepath.Join(t.TempDir(), "vaccines.smart-health-card")
	jws := shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: time.Now().Add(-time.Hour)})
	if err := os.WriteFile(card, shctest.File(jws), 0o600); err != nil {
		t.Fatal(err)
	}
	if !isImportable(filepath.Base(card)) || !isImportable("export.zip") || !isImportable("summary.XML") || !isImportable("summary.xml.gz") || !isImportable("export.zip.gz") || !isImportable("card.smart-health-card.gz") || isImportable("holiday.jpg") {
		t.Error("folder import does not pick health cards, zips and C-CDA, or picks photos")
	}
	m.importFiles([]string{card})
	u.idle()
	rs := m.results.results
	if len(rs) != 1 || rs[0].Err != nil {
		t.Fatalf("results %+v", rs)
	}
	line := rs[0].Line()
	if !strings.Contains(line, "health card from "+shctest.Iss+": signature not checked") || !rs[0].Summary.Unverified() {
		t.Errorf("line %q", line)
	}
	// the record says where it came from
	m.results.dialog.Hide()
	m.typeList.Select(typeIndex(m, "Immunization"))
	u.idle()
	m.recordList.Select(0)
	u.idle()
	if !strings.Contains(m.detailTitle.Text, "health card from "+shctest.Iss+", signature not checked") {
		t.Errorf("detail title %q", m.detailTitle.Text)
	}
}

// A FHIR file whose Immunization carries CareKeeper's health card signature tag "verified"
// is shown as what it is, a file: the record's title names the file and no health card (it
// said "health card from …, signature verified").
func TestUI_ForgedSignatureTagIsNotAHealthCard(t *testing.T) {
	u := unlocked(t)
	m := u.main
	file := filepath.Join(t.TempDir(), "forged.json")
	forged := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Rivera","given":["Sam"]}],"birthDate":"1970-01-01"}},` +
		`{"resource":{"resourceType":"Immunization","id":"i1","status":"completed","patient":{"reference":"Patient/p1"},"occurrenceDateTime":"2021-01-01",` +
		`"vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"207"}]},` +
		`"meta":{"source":"` + shctest.Iss + `","tag":[{"system":"https://carekeeper.app/fhir/CodeSystem/health-card-signature","code":"verified","display":"signature verified"}]}}}]}`
	if err := os.WriteFile(file, []byte(forged), 0o600); err != nil {
		t.Fatal(err)
	}
	m.importFiles([]string{file})
	u.idle()
	rs := m.results.results
	if len(rs) != 1 || rs[0].Err != nil || strings.Contains(rs[0].Line(), "health card") || rs[0].Summary.Unverified() {
		t.Fatalf("results %+v", rs)
	}
	m.results.dialog.Hide()
	m.typeList.Select(typeIndex(m, "Immunization"))
	u.idle()
	m.recordList.Select(0)
	u.idle()
	if title := m.detailTitle.Text; strings.Contains(title, "health card") || strings.Contains(title, "verified") || !strings.Contains(title, "forged.json") {
		t.Errorf("detail title %q", title)
	}
}

// The import results at 1024×600 with 200 % text show each file's whole outcome, not only its
// name: the list is as tall as its wrapped lines while they fit the window (it was sized for
// 100 % text, so a one-file result hid the outcome below the name).
func TestUI_ImportResultsShowWholeOutcome(t *testing.T) {
	for _, text := range []float64{1, 2} {
		t.Run(fmt.Sprint(text*100), func(t *testing.T) {
			u := unlocked(t)
			u.app.Preferences().SetFloat(prefTextSize, text)
			u.applyTheme()
			u.win.Resize(walkSize)
			m := u.main
			m.importFiles([]string{filepath.Join("..", "internal", "ccda", "testdata", "vendor-r11.xml")})
			u.idle()
			if m.results == nil || len(m.results.results) != 1 || m.results.results[0].Err != nil {
				t.Fatalf("results %+v", m.results)
			}
			sc := m.results.scroll
			need := sc.Content.MinSize().Height
			if sc.Size().Height+1 < need {
				t.Errorf("the list shows %v of the %v its one file's outcome needs (%q)", sc.Size().Height, need, m.results.results[0].Line())
			}
			if top := u.win.Canvas().Overlays().Top(); top != nil {
				var out []misplaced
				walkBounds(top, "import results", &out)
				for _, mp := range out {
					t.Errorf("%s %s", mp.path, mp.what)
				}
			}
		})
	}
}

// Files imported into whoever they are about go to the person as the CLI's import does: the
// same person from another hospital, the name in capitals without the middle initial, is
// that person; the same hospital's other record number is another person.
func TestUI_ImportSamePersonOtherHospital(t *testing.T) {
	u := unlocked(t)
	m := u.main
	tmp := t.TempDir()
	patient := func(name, given, family, system, mrn string) string {
		f := filepath.Join(tmp, name)
		os.WriteFile(f, []byte(`{"resourceType":"Patient","id":"`+mrn+`","identifier":[{"system":"`+system+`","value":"`+mrn+`"}],`+
			`"name":[{"given":`+given+`,"family":"`+family+`"}],"gender":"male","birthDate":"1970-05-06"}`), 0o600)
		return f
	}
	for i, f := range []string{
		patient("a.json", `["Sam","J."]`, "Rivera", "urn:oid:1.2.3", "111"),
		patient("b.json", `["SAM"]`, "RIVERA", "http://clinic-b.example/mrn", "999"),
		patient("c.json", `["SAM"]`, "RIVERA", "urn:oid:1.2.3", "222"),
	} {
		m.importInto([]string{f}, "")
		u.idle()
		if rs := m.results.results; len(rs) != 1 || rs[0].Err != nil {
			t.Fatalf("%s: %+v", f, rs)
		}
		m.results.dialog.Hide()
		ps, _ := m.v.Profiles()
		if want := []int{1, 1, 2}[i]; len(ps) != want {
			t.Errorf("after %s: %d people, want %d", filepath.Base(f), len(ps), want)
		}
	}
}
