package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Lucía's two portals' files, as vchk38 made them (F513): "Lucía Herrera Martín" (La Paz) and
// "Lucia Herrera" (Sanitas keeps only the first surname), female, born 19 Jul 1992, each with
// 8 units of NPH insulin at 22:30.
const (
	luciaLaPaz = `{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"https://fhir.hulapaz.example.es/fhir/Patient/lp-55821","resource":{"resourceType":"Patient","id":"lp-55821","identifier":[{"system":"urn:oid:2.16.724.4.9.20.90.1","value":"LP-55821"}],"name":[{"family":"Herrera Martín","given":["Lucía"]}],"gender":"female","birthDate":"1992-07-19"}},
{"fullUrl":"https://fhir.hulapaz.example.es/fhir/MedicationRequest/l-nph","resource":{"resourceType":"MedicationRequest","id":"l-nph","status":"active","intent":"order","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"311041","display":"insulin isophane, human 100 UNT/ML Injectable Suspension"}],"text":"Insulina NPH (Insulatard) 100 UI/mL"},"subject":{"reference":"Patient/lp-55821"},"authoredOn":"2026-11-04","dosageInstruction":[{"text":"8 UI a las 22:30","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["22:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":8,"unit":"units","system":"http://unitsofmeasure.org","code":"[IU]"}}]}]}}]}`
	luciaSanitas = `{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"https://api.sanitas.example.es/fhir/R4/Patient/SAN-0042-7731","resource":{"resourceType":"Patient","id":"SAN-0042-7731","identifier":[{"system":"https://sanitas.example.es/nhc","value":"0042-7731"}],"name":[{"family":"Herrera","given":["Lucia"]}],"gender":"female","birthDate":"1992-07-19"}},
{"fullUrl":"https://api.sanitas.example.es/fhir/R4/MedicationRequest/s-nph","resource":{"resourceType":"MedicationRequest","id":"s-nph","status":"active","intent":"order","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"311041","display":"insulin isophane, human 100 UNT/ML Injectable Suspension"}]},"subject":{"reference":"Patient/SAN-0042-7731"},"authoredOn":"2026-11-06","dosageInstruction":[{"text":"8 unidades por la noche","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["22:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":8,"unit":"U","system":"http://unitsofmeasure.org","code":"[IU]"}}]}]}}]}`
)

// F513: Lucía from two portals became two people, and nothing said they may be one. The import's
// results say it (with Join them…), People says it with Join them…, which asks in plain words
// what moves; yes leaves one Lucía with both portals' records, and the join can be undone.
func TestPeople_MayBeOnePersonJoined(t *testing.T) {
	u := unlocked(t)
	m, s := u.main, u.shell
	dir := t.TempDir()
	var files []string
	for name, data := range map[string]string{"1-lapaz.json": luciaLaPaz, "2-sanitas.json": luciaSanitas} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	if files[0] > files[1] {
		files[0], files[1] = files[1], files[0]
	}
	m.loadPeople("")
	u.idle()
	m.importInto(files[:1], "")
	u.idle()
	m.results.dialog.Hide()
	m.importInto(files[1:], "")
	u.idle()
	if m.results == nil || len(m.results.results) != 1 || m.results.results[0].Err != nil {
		t.Fatalf("import: %+v", m.results)
	}
	if shown, want := visibleTexts(u.win.Canvas().Overlays().Top()), "Lucia Herrera (new, born 19 Jul 1992) may be Lucía Herrera Martín, born the same day: kept apart, as CareKeeper does not join two people by itself (if they are one person: Join them… below)"; !strings.Contains(shown, want) {
		t.Errorf("the import's results say %q, want %q", shown, want)
	}
	m.results.dialog.Hide()
	ps, err := m.v.Profiles()
	if err != nil || len(ps) != 2 {
		t.Fatalf("people %+v (%v), want Lucía twice", ps, err)
	}
	keep, from := ps[0], ps[1]

	s.show(scPeople)
	u.idle()
	page := s.pages[scPeople].(*peoplePage)
	if got, want := visibleTexts(page.view()), "Lucía Herrera Martín and Lucia Herrera may be one person (same birth date). Join them…"; !strings.Contains(got, want) {
		t.Fatalf("People says %q, want %q", got, want)
	}
	tapButton(t, page.maybe.box, "Join them…")
	u.idle()
	ask := u.win.Canvas().Overlays().Top()
	if got, want := visibleTexts(ask), "Only if they are the same person: two people can have names this alike and one birth date. Everything recorded for Lucia Herrera (2 records), and their reminder settings where Lucía Herrera Martín has none, moves to Lucía Herrera Martín, and Lucia Herrera is deleted. The same medicine from both is then reminded once. You can undo it on this screen until CareKeeper is locked or closed, as long as nothing new is recorded for Lucía Herrera Martín."; !strings.Contains(got, want) {
		t.Errorf("asked %q, want %q", got, want)
	}
	tapButton(t, ask, "Join them")
	u.idle()
	ps, err = m.v.Profiles()
	if err != nil || len(ps) != 1 || ps[0].ID != keep.ID {
		t.Fatalf("people after the join: %+v (%v), want Lucía Herrera Martín alone", ps, err)
	}
	if got := visibleTexts(u.win.Canvas().Overlays().Top()); !strings.Contains(got, "Lucía Herrera Martín has everything that was recorded for both.") {
		t.Errorf("after the join: %q", got)
	}
	u.win.Canvas().Overlays().Top().Hide()
	u.idle()
	if got := visibleTexts(page.view()); strings.Contains(got, "may be one person") || !strings.Contains(got, "Undo") {
		t.Errorf("People after the join says %q: want no 'may be' and the join's Undo", got)
	}
	tapButton(t, page.joined.box, "Undo the join")
	u.idle()
	if ps, _ = m.v.Profiles(); len(ps) != 2 {
		t.Errorf("after Undo: %d people, want Lucia Herrera again beside %s (%s)", len(ps), keep.Name, from.Name)
	}
}

// F520: "Peggy O'Brien" beside "Margaret Mary O'Brien" (one birth date, sex and family name):
// People asks whether they are one person by another name or two; "They are two people" is
// remembered, and not asked again.
func TestPeople_OtherGivenNamesAskedOnce(t *testing.T) {
	u := unlocked(t)
	m, s := u.main, u.shell
	dir := t.TempDir()
	var files []string
	for _, x := range [][2]string{{"1-gp.json", `"family":"O'Brien","given":["Margaret","Mary"]`}, {"2-myhealth.json", `"family":"O'Brien","given":["Peggy"]`}} {
		p := filepath.Join(dir, x[0])
		data := `{"resourceType":"Patient","id":"` + x[0][:1] + `","name":[{` + x[1] + `}],"gender":"female","birthDate":"1942-08-14"}`
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	m.loadPeople("")
	u.idle()
	for _, f := range files {
		m.importInto([]string{f}, "")
		u.idle()
		m.results.dialog.Hide()
	}
	s.show(scPeople)
	u.idle()
	page := s.pages[scPeople].(*peoplePage)
	if got, want := visibleTexts(page.view()), "Margaret Mary O'Brien and Peggy O'Brien have one birth date, sex and family name: one person by another name, or two people (twins)? Join them… They are two people"; !strings.Contains(got, want) {
		t.Fatalf("People says %q, want %q", got, want)
	}
	tapButton(t, page.maybe.box, "They are two people")
	u.idle()
	if got := visibleTexts(page.view()); !strings.Contains(got, "Two people: CareKeeper will not ask again.") {
		t.Errorf("after They are two people: %q", got)
	}
	m.loadPeople("")
	u.idle()
	s.show(scPeople)
	u.idle()
	if got := visibleTexts(page.view()); strings.Contains(got, "one person by another name") {
		t.Errorf("asked again: %q", got)
	}
	if ps, _ := m.v.Profiles(); len(ps) != 2 {
		t.Errorf("%d people, want both kept", len(ps))
	}
}
