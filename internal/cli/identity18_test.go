package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// importJSON imports one file with --json and returns its summary.
func importJSON(t *testing.T, r runner, file string, args ...string) map[string]any {
	t.Helper()
	var sum map[string]any
	res := r.run(t, append(append([]string{"import", "--json"}, args...), file)...).ok(t)
	if err := json.Unmarshal([]byte(res.stdout), &sum); err != nil {
		t.Fatalf("import --json: %v: %s", err, res.stdout)
	}
	return sum
}

// recordRows are the rows of `records` (type, id, date, profile, source) of one type.
func recordRows(t *testing.T, r runner, typ string) [][]string {
	t.Helper()
	var rows [][]string
	for _, line := range strings.Split(r.run(t, "records", "--type", typ).ok(t).stdout, "\n")[1:] {
		if f := strings.Fields(line); len(f) > 0 {
			rows = append(rows, f)
		}
	}
	return rows
}

// A file's own ids (no server address) are the person's: another person's file with the same
// Observation id adds a record of theirs and leaves the first person's where it is. Before,
// "1 added, 1 updated; for Zara Zed (new)" moved Åse's glucose to Zara.
func TestImportSameLocalIDOtherPersonNotMoved(t *testing.T) {
	r := in(newVault(t))
	tmp := t.TempDir()
	bundle := func(name, patient, given, family, birth string, value float64) string {
		b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
			map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": patient,
				"name": []any{map[string]any{"given": []string{given}, "family": family}}, "birthDate": birth}},
			map[string]any{"resource": map[string]any{"resourceType": "Observation", "id": "o1", "status": "final",
				"code":              map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": "2339-0"}}, "text": "Glucose"},
				"subject":           map[string]any{"reference": "Patient/" + patient},
				"effectiveDateTime": "2026-03-01T08:00:00Z",
				"valueQuantity":     map[string]any{"value": value, "unit": "mmol/L"}}},
		}})
		f := filepath.Join(tmp, name)
		if err := os.WriteFile(f, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	ase := bundle("ase.json", "pa", "Åse", "Berg", "1950-02-03", 5.5)
	zara := bundle("zara.json", "pz", "Zara", "Zed", "1990-07-08", 7.1)
	first := importJSON(t, r, ase)
	second := importJSON(t, r, zara)
	if second["updated"] != nil && len(second["updated"].(map[string]any)) > 0 {
		t.Errorf("Zara's file updated a record: %v", second)
	}
	if got := second["added"].(map[string]any)["Observation"]; got != 1.0 {
		t.Errorf("Zara's file added %v observations, want 1: %v", got, second)
	}
	aseID, zaraID := first["profile"].(string), second["profile"].(string)
	if aseID == zaraID {
		t.Fatalf("one person: %v %v", first, second)
	}
	owners := map[string]bool{}
	for _, row := range recordRows(t, r, "Observation") {
		owners[row[len(row)-2]] = true
		if src := row[len(row)-1]; src != "local" {
			t.Errorf("records lists a file's observation with source %q, want local (the person's scope is an inner detail)", src)
		}
	}
	if !owners[aseID] || !owners[zaraID] || len(owners) != 2 {
		t.Errorf("observations' people %v, want Åse %s and Zara %s", owners, aseID, zaraID)
	}
	for _, c := range []struct{ who, value string }{{aseID, "5.5"}, {zaraID, "7.1"}} {
		out := r.run(t, "records", "--profile", c.who, "--type", "Observation", "--json").ok(t).stdout
		if strings.Count(out, `"resourceType":"Observation"`) != 1 || !strings.Contains(out, `"value":`+c.value) {
			t.Errorf("%s's observations: %s", c.who, out)
		}
	}
	// Re-importing either file updates nothing and duplicates nothing, in either order.
	for _, f := range []string{zara, ase, zara} {
		if res := r.run(t, "import", f).ok(t); !strings.Contains(res.stdout, "nothing new") {
			t.Errorf("re-import of %s: %s", filepath.Base(f), res.stdout)
		}
	}
	if rows := recordRows(t, r, "Observation"); len(rows) != 2 {
		t.Errorf("after re-imports: %v", rows)
	}
	// Imported into Åse by choice, Zara's file is Åse's own record too: Zara keeps hers.
	importJSON(t, r, zara, "--profile", aseID, "--force")
	for _, who := range []string{aseID, zaraID} {
		if out := r.run(t, "records", "--profile", who, "--type", "Observation", "--json").ok(t).stdout; !strings.Contains(out, `"value":7.1`) {
			t.Errorf("%s lost or never got Zara's file's glucose: %s", who, out)
		}
	}
}

// The same C-CDA document with its recordTarget removed goes to the person chosen without
// moving the first person's document and records to them; without a person chosen it is asked
// whose it is (F488: it made a new "Unnamed person"), nothing made.
func TestImportCCDAWithoutRecordTargetNotMoved(t *testing.T) {
	r := in(newVault(t))
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Unstructured/CDA reference PDF/Unstructured_Document_reference.xml"))
	start, end := strings.Index(string(doc), "<recordTarget>"), strings.Index(string(doc), "</recordTarget>")
	if start < 0 || end < 0 {
		t.Fatal("the fixture has no recordTarget")
	}
	bare := string(doc[:start]) + string(doc[end+len("</recordTarget>"):])
	tmp := t.TempDir()
	full, anon := filepath.Join(tmp, "henry.xml"), filepath.Join(tmp, "bare.xml")
	os.WriteFile(full, doc, 0o600)
	os.WriteFile(anon, []byte(bare), 0o600)
	first := importJSON(t, r, full)
	before := recordRows(t, r, "DocumentReference")
	r.run(t, "import", anon).fails(t, 1, "bare.xml: not imported: the document does not name its patient", "--profile ID")
	if got := recordRows(t, r, "DocumentReference"); len(got) != len(before) {
		t.Fatalf("the refused import changed the documents: %v, before %v", got, before)
	}
	var added struct{ ID string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "add", "--name", "Ana Ruiz", "--json").ok(t).stdout), &added); err != nil {
		t.Fatal(err)
	}
	second := importJSON(t, r, anon, "--profile", added.ID)
	if first["profile"] == second["profile"] {
		t.Fatalf("one person: %v %v", first, second)
	}
	if u, _ := second["updated"].(map[string]any); len(u) > 0 {
		t.Errorf("the document without its person updated records: %v", second)
	}
	held := map[string]int{}
	for _, row := range recordRows(t, r, "DocumentReference") {
		held[row[len(row)-2]]++
	}
	if held[first["profile"].(string)] != len(before) || held[second["profile"].(string)] == 0 {
		t.Errorf("documents' people %v (Henry had %d)", held, len(before))
	}
	for _, f := range []string{full, anon} { // the bare one's Patient is Ana's now
		if res := r.run(t, "import", f).ok(t); !strings.Contains(res.stdout, "nothing new") {
			t.Errorf("re-import of %s: %s", filepath.Base(f), res.stdout)
		}
	}
}

// F10 (independent check): a C-CDA document of the same record number and document ids as a
// person's, but another name and another birth date, is someone else's: refused with
// --profile, a new person without it, and the person's own Patient, name and death untouched.
// It was "2 updated, 21 unchanged; for Rosa …", the stored Patient became Isabella's, and a
// document saying Isabella died made Rosa dead.
func TestImportSameRecordNumberOtherPerson(t *testing.T) {
	r := in(newVault(t))
	isabella := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	rosa := strings.Replace(string(isabella), "<given>Isabella</given>\n\t\t\t\t\t<family qualifier=\"SP\">Jones</family>", "<given>Rosa</given><given>María</given><family>Quintero</family>", 1)
	rosa = strings.Replace(rosa, `<birthTime value="19501219"/>`, `<birthTime value="19570614"/>`, 1)
	died := strings.Replace(string(isabella), `<birthTime value="19501219"/>`, `<birthTime value="19501219"/><sdtc:deceasedInd xmlns:sdtc="urn:hl7-org:sdtc" value="true"/><sdtc:deceasedTime xmlns:sdtc="urn:hl7-org:sdtc" value="20261020"/>`, 1)
	if rosa == string(isabella) || died == string(isabella) {
		t.Fatal("the fixture changed")
	}
	tmp := t.TempDir()
	files := map[string]string{"rosa.xml": rosa, "isabella.xml": string(isabella), "died.xml": died}
	for n, d := range files {
		if err := os.WriteFile(filepath.Join(tmp, n), []byte(d), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	first := importJSON(t, r, filepath.Join(tmp, "rosa.xml"))
	id := first["profile"].(string)
	r.run(t, "import", "--profile", id, filepath.Join(tmp, "isabella.xml")).fails(t, 1, ": not imported: the person in this file has a different name and birth date from the person chosen; add --force to import it into the person chosen anyway")
	second := importJSON(t, r, filepath.Join(tmp, "died.xml"))
	if second["profile"] == id {
		t.Fatalf("Isabella's document filed under Rosa: %v", second)
	}
	var ps []struct {
		ID, Name, BirthDate, Deceased string
	}
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &ps); err != nil || len(ps) != 2 {
		t.Fatalf("people %+v %v", ps, err)
	}
	for _, p := range ps {
		if p.ID == id && (p.Name != "Rosa María Quintero" || p.Deceased != "") {
			t.Errorf("Rosa after Isabella's document: %+v", p)
		}
	}
	exported := filepath.Join(tmp, "rosa-export.json")
	r.run(t, "export", "--profile", id, "--out", exported).ok(t)
	if out, err := os.ReadFile(exported); err != nil || !strings.Contains(string(out), "Quintero") || strings.Contains(string(out), "Isabella") || strings.Contains(string(out), "1950-12-19") {
		t.Errorf("Rosa's export holds Isabella's Patient (or is not there: %v)", err)
	}
}

// 'medicines confirm' says why a medicine kept as being taken gets no reminders: for a record
// giving several dosages without saying which comes first it said "the records give no times
// to take it", which they do. (Two dosages each at a time of its own hold together since F548:
// these two share 08:00, so one may come first.)
func TestConfirmSaysWhyNoReminders(t *testing.T) {
	r := in(newVault(t))
	dosage := func(at string) map[string]any {
		return map[string]any{"text": "1 tablet at " + at, "timing": map[string]any{"repeat": map[string]any{"frequency": 1, "period": 1, "periodUnit": "d", "timeOfDay": []string{at}}},
			"doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 1, "unit": "tablet"}}}}
	}
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "p", "name": []any{map[string]any{"given": []string{"Nia"}, "family": "Odu"}}, "birthDate": "1960-01-01"}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationRequest", "id": "m1", "status": "active", "intent": "order",
			"medicationCodeableConcept": map[string]any{"text": "Metformin 500 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
			"authoredOn": time.Now().AddDate(0, -1, 0).Format("2006-01-02"), "dosageInstruction": []any{dosage("08:00"), dosage("08:00")}}},
	}})
	f := filepath.Join(t.TempDir(), "nia.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	id := importJSON(t, r, f)["profile"].(string)
	out := r.run(t, "medicines", "confirm", "--profile", id, "--ref", "MedicationRequest/m1").ok(t).stdout
	if strings.Contains(out, "give no times") || !strings.Contains(out, "It gets no reminders: its record gives several dosages without saying which comes first") {
		t.Errorf("confirm said %q", out)
	}
}

// With --profile, a file of several people none of whom is the person is refused naming each
// of them (it named only the first).
func TestImportMismatchNamesEveryone(t *testing.T) {
	r := in(newVault(t))
	mum := addedProfile(t, r, "--name", "Mum Odu", "--birth-date", "1950-02-02")
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "a", "name": []any{map[string]any{"given": []string{"Liz"}, "family": "Conn"}}, "birthDate": "1986-05-01"}},
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "b", "name": []any{map[string]any{"given": []string{"Tom"}, "family": "Conn"}}, "birthDate": "1984-03-03"}},
	}})
	f := filepath.Join(t.TempDir(), "conns.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", "--profile", mum, f).fails(t, 1, f+": not imported: 2 people in this file have different names or birth dates from the person chosen; add --force to import it into the person chosen anyway")
}

// A check-in of a person added by hand references the person (a Patient made for them with
// their name and birth date), so in an export imported elsewhere it is theirs; it named them
// only in words, and belonged to nobody there.
func TestCheckInOfAHandAddedPersonReferencesThem(t *testing.T) {
	r := in(newVault(t))
	p := addedProfile(t, r, "--name", "Ada Byrne", "--birth-date", "1948-03-09")
	r.run(t, "checkin", "add", "--profile", p, "--condition", "type-2-diabetes", "--severity", "3").ok(t)
	r.run(t, "checkin", "add", "--profile", p, "--condition", "type-2-diabetes", "--severity", "4").ok(t)
	out := filepath.Join(t.TempDir(), "ada.json")
	r.run(t, "export", "--profile", p, "--out", out).ok(t)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var bundle struct {
		Entry []struct {
			Resource struct {
				ResourceType string
				ID           string
				Subject      struct{ Reference string }
			}
		}
	}
	if err := json.Unmarshal(data, &bundle); err != nil {
		t.Fatal(err)
	}
	patients, responses := 0, 0
	var patientID string
	for _, e := range bundle.Entry {
		switch e.Resource.ResourceType {
		case "Patient":
			patients++
			patientID = e.Resource.ID
		case "QuestionnaireResponse":
			responses++
			if e.Resource.Subject.Reference == "" || e.Resource.Subject.Reference != "Patient/"+patientID {
				t.Errorf("a check-in's subject %q (the Patient is %q)", e.Resource.Subject.Reference, patientID)
			}
		}
	}
	if patients != 1 || responses != 2 {
		t.Fatalf("export: %d Patients, %d check-ins", patients, responses)
	}
	other := in(newVault(t))
	sum := importJSON(t, other, out)
	if people, _ := sum["new_people"].([]any); len(people) != 1 {
		t.Fatalf("the export imported elsewhere: %v", sum)
	}
	if list := other.run(t, "checkin", "list", "--profile", sum["profile"].(string), "--json").ok(t).stdout; strings.Count(list, `"severity"`) != 2 {
		t.Errorf("the check-ins imported elsewhere: %s", list)
	}
}
