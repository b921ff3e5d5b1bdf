package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// heldOutBundle writes a made-up person's collection Bundle and returns its path.
func heldOutBundle(t *testing.T, name string, resources ...map[string]any) string {
	t.Helper()
	var entries []map[string]any
	for _, r := range resources {
		entries = append(entries, map[string]any{"fullUrl": "urn:uuid:" + r["id"].(string), "resource": r})
	}
	b, err := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": entries})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func rxConcept(code, display string) map[string]any {
	return map[string]any{"coding": []any{map[string]any{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": code, "display": display}}}
}

// Found by the held-out check of issue 11: text output in plain words (no literal "\t" in
// headers, no ISO timestamps, no bare "1" doses, no "1× every 2 days"), a brand and its generic
// one row when the RxNorm name says which generic it is, and a person who died with no date.
func TestHeldOutPlainWords(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	pat := map[string]any{"resourceType": "Patient", "id": "p-bea", "name": []any{map[string]any{"family": "Checker", "given": []any{"Bea"}}}, "birthDate": "1960-06-06"}
	brand := map[string]any{"resourceType": "MedicationRequest", "id": "mr-brand", "status": "active", "intent": "order",
		"subject": map[string]any{"reference": "urn:uuid:p-bea"}, "authoredOn": "2026-10-10",
		"medicationCodeableConcept": map[string]any{"coding": rxConcept("617320", "atorvastatin 40 MG Oral Tablet [Lipitor]")["coding"], "text": "Lipitor 40 MG Oral Tablet"},
		"dosageInstruction": []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"frequency": 1, "period": 1, "periodUnit": "d", "timeOfDay": []any{"21:00:00"}}},
			"doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 1}}}}}}
	cipro := map[string]any{"resourceType": "MedicationRequest", "id": "mr-cipro", "status": "active", "intent": "order",
		"subject": map[string]any{"reference": "urn:uuid:p-bea"}, "authoredOn": "2026-11-28",
		"medicationCodeableConcept": rxConcept("197511", "ciprofloxacin 250 MG Oral Tablet"),
		"dosageInstruction": []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"frequency": 1, "period": 2, "periodUnit": "d"}},
			"doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 1}}}}}}
	generic := map[string]any{"resourceType": "MedicationStatement", "id": "ms-generic", "status": "active",
		"subject": map[string]any{"reference": "urn:uuid:p-bea"}, "dateAsserted": "2026-11-20",
		"medicationCodeableConcept": rxConcept("617310", "atorvastatin 40 MG Oral Tablet")}
	dispensed := map[string]any{"resourceType": "MedicationDispense", "id": "md-1", "status": "completed",
		"subject": map[string]any{"reference": "urn:uuid:p-bea"}, "whenHandedOver": "2026-11-05T10:00:00Z",
		"medicationCodeableConcept": rxConcept("197361", "amlodipine 5 MG Oral Tablet")}
	ghost := map[string]any{"resourceType": "Patient", "id": "p-ada", "name": []any{map[string]any{"family": "Testperson", "given": []any{"Ada"}}},
		"birthDate": "1940-02-02", "deceasedBoolean": true}
	adaMed := map[string]any{"resourceType": "MedicationRequest", "id": "mr-ada", "status": "active", "intent": "order",
		"subject": map[string]any{"reference": "urn:uuid:p-ada"}, "authoredOn": "2026-11-01",
		"medicationCodeableConcept": rxConcept("314076", "lisinopril 10 MG Oral Tablet"),
		"dosageInstruction":         []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"frequency": 1, "period": 1, "periodUnit": "d"}}}}}
	r.run(t, "import", heldOutBundle(t, "bea1.json", pat, brand, cipro, dispensed), heldOutBundle(t, "bea2.json", pat, generic),
		heldOutBundle(t, "ada.json", ghost, adaMed),
		heldOutBundle(t, "cy.json", map[string]any{"resourceType": "Patient", "id": "p-cy", "name": []any{map[string]any{"family": "Onerecord", "given": []any{"Cy"}}}})).ok(t)
	r.run(t, "profile", "add", "--name", "Dad").ok(t)
	ids := profileIDs(t, r)
	// A person who died: the medicine is past, with no reminder times of CareKeeper's.
	if m := medicines(t, r, "--profile", ids["Ada"])["lisinopril"]; m.Status != "past" || *m.Reminders || m.Schedule != "once a day" {
		t.Errorf("deceased person's medicine: %+v", m)
	}
	// Confirmed, so the reminders (which judge at the real time) run whatever year the test runs.
	r.run(t, "medicines", "confirm", "--profile", ids["Bea"], "--ref", "MedicationRequest/mr-brand").ok(t)

	iso := regexp.MustCompile(`\d{4}-\d\d-\d\d`)
	for _, args := range [][]string{
		{"profile", "list"},
		{"records", "--profile", ids["Bea"]},
		{"reminders", "--profile", ids["Bea"], "--from", "2026-12-03", "--to", "2026-12-04"},
		{"medicines", "--profile", ids["Bea"], "--at", "2026-12-03T10:00:00Z"},
		{"today", "--profile", ids["Bea"], "--at", "2026-12-03T10:00:00Z"},
	} {
		out := r.run(t, args...).ok(t).stdout
		for _, bad := range []string{`\t`, "(1)", "1×", ", 1,"} {
			if strings.Contains(out, bad) {
				t.Errorf("%v says %q:\n%s", args, bad, out)
			}
		}
		if iso.MatchString(out) {
			t.Errorf("%v has an ISO date:\n%s", args, out)
		}
	}
	list := r.run(t, "profile", "list").ok(t).stdout
	for _, want := range []string{"6 Jun 1960", "yes (date not recorded)", "BORN"} {
		if !strings.Contains(list, want) {
			t.Errorf("profile list lacks %q:\n%s", want, list)
		}
	}
	if rem := r.run(t, "reminders", "--profile", ids["Bea"], "--from", "2026-12-03", "--to", "2026-12-04").ok(t).stdout; !strings.Contains(rem, "3 Dec 2026, 21:00") {
		t.Errorf("reminders:\n%s", rem)
	}

	meds := medicines(t, r, "--profile", ids["Bea"], "--at", "2026-12-03T10:00:00Z")
	if len(meds) != 3 {
		t.Errorf("%d rows, want 3 (brand and generic are one): %+v", len(meds), meds)
	}
	// Only a dispense last month: a medicine being taken, which the person can stop.
	if a := meds["amlodipine"]; a.Status != "taking" || a.Since != "2026-11-05" || a.Ref != "MedicationDispense/md-1" {
		t.Errorf("dispense only: %+v", a)
	}
	if out := r.run(t, "medicines", "confirm", "--profile", ids["Bea"], "--ref", "MedicationDispense/md-1").ok(t).stdout; strings.Contains(out, "reminders are on") {
		t.Errorf("confirming a medicine without times promises reminders: %q", out)
	}
	r.run(t, "medicines", "stop", "--profile", ids["Bea"], "--ref", "MedicationDispense/md-1").ok(t)
	if a := medicines(t, r, "--profile", ids["Bea"], "--at", "2026-12-03T10:00:00Z")["amlodipine"]; a.Status != "stopped" {
		t.Errorf("dispense only, stopped: %+v", a)
	}
	var statin medRow
	for _, m := range meds {
		if strings.Contains(strings.ToLower(m.Name), "lipitor") || strings.Contains(strings.ToLower(m.Name), "atorvastatin") {
			statin = m
		}
	}
	if len(statin.Sources) != 2 || statin.Status != "taking" || statin.Reminders == nil || !*statin.Reminders {
		t.Errorf("brand and generic row: %+v", statin)
	}
	if c := meds["ciprofloxacin"]; c.Schedule != "every other day (07:30 is CareKeeper's time: change it)" {
		t.Errorf("schedule in words: %q", c.Schedule)
	}
	var ps []map[string]any
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &ps)
	for _, p := range ps {
		if p["name"] == "Ada Testperson" && p["deceased"] != true {
			t.Errorf("deceasedBoolean: %v", p)
		}
	}
	// Empty and ended in words: a person's heading by name, what is missing said, the end of a medicine.
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"medicines", "--profile", ids["Dad"]}, []string{"# Dad", "No medicines in the records."}},
		{[]string{"medicines"}, []string{"# Bea Checker", "# Ada Testperson"}},
		{[]string{"results", "--profile", ids["Dad"]}, []string{"No results in the records."}},
		{[]string{"insights", "--profile", ids["Ada"]}, []string{"Died — no reminders or cards."}},
		{[]string{"insights", "--profile", ids["Bea"], "--at", "2026-12-03T10:00:00Z"}, []string{"\n"}},
	} {
		out := r.run(t, c.args...).ok(t).stdout
		for _, w := range c.want {
			if w == "\n" {
				if strings.TrimSpace(out) == "" {
					t.Errorf("%v printed nothing", c.args)
				}
				continue
			}
			if !strings.Contains(out, w) {
				t.Errorf("%v lacks %q:\n%s", c.args, w, out)
			}
		}
	}
	yesterday := time.Now().UTC().AddDate(0, 0, -1)
	at := time.Date(yesterday.Year(), yesterday.Month(), yesterday.Day(), 21, 0, 0, 0, time.UTC).Format(time.RFC3339)
	if out := r.run(t, "dose", "take", "--profile", ids["Bea"], "--ref", "MedicationRequest/mr-brand", "--at", at).ok(t).stdout; iso.MatchString(out) || !strings.HasPrefix(out, "Recorded: the 21:00 dose, taken at ") {
		t.Errorf("dose take: %q", out)
	}
	// Counts in words: a person with one record.
	if out := r.run(t, "export", "--profile", ids["Cy"], "--out", filepath.Join(t.TempDir(), "ada.json")).ok(t).stdout; !strings.HasPrefix(out, "Wrote 1 record to ") {
		t.Errorf("export: %q", out)
	}
	if out := r.run(t, "today", "--profile", ids["Ada"]).ok(t).stdout; !strings.Contains(out, "Died") {
		t.Errorf("today of a person who died without a date: %q", out)
	}
}
