package sync_test

import (
	"encoding/json"
	"slices"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// personBundle is a file of one Patient (id patient) with the Observation "o1" and a
// DiagnosticReport "dr1" whose result is it; a server address, if given, makes them the
// server's records.
func personBundle(t *testing.T, patient, given, birth, server string, value float64) []byte {
	t.Helper()
	entry := func(typ, id string, res map[string]any) map[string]any {
		res["resourceType"], res["id"] = typ, id
		e := map[string]any{"resource": res}
		if server != "" {
			e["fullUrl"] = server + "/" + typ + "/" + id
		}
		return e
	}
	subject := map[string]any{"reference": "Patient/" + patient}
	b, err := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		entry("Patient", patient, map[string]any{"name": []any{map[string]any{"given": []string{given}, "family": "Zed"}}, "birthDate": birth}),
		entry("Observation", "o1", map[string]any{"status": "final", "code": map[string]any{"text": "Glucose"}, "subject": subject,
			"effectiveDateTime": "2026-03-01", "valueQuantity": map[string]any{"value": value, "unit": "mmol/L"}}),
		entry("DiagnosticReport", "dr1", map[string]any{"status": "final", "code": map[string]any{"text": "Panel"}, "subject": subject,
			"effectiveDateTime": "2026-03-01", "result": []any{map[string]any{"reference": "Observation/o1"}}}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func recordOf(t *testing.T, v *storage.Vault, profile, typ string) []*storage.Record {
	t.Helper()
	return allRecords(t, v, storage.Query{Profile: profile, Type: typ})
}

// Local identities are scoped by person (docs/intake.md, "Identity of records from files"):
// the same file ids for another person are that person's own records, linked to each other;
// nothing of the first person moves; re-imports change nothing. Server identities are the
// server's and still follow it.
func TestImportLocalIdentityScopedByPerson(t *testing.T) {
	for _, c := range []struct {
		name          string
		zaraPatient   string // the second file's Patient id
		server        string
		chosen        bool // the second file imported into a person made for Zara first
		wantSeparate  bool
		wantZaraLinks bool
	}{
		{name: "other patient id", zaraPatient: "pz", wantSeparate: true, wantZaraLinks: true},
		{name: "same patient id, chosen person", zaraPatient: "pa", chosen: true, wantSeparate: true, wantZaraLinks: true},
		// The same file id for a Patient of another birth date is another person's, not Åse's.
		{name: "same patient id, another person", zaraPatient: "pa", wantSeparate: true, wantZaraLinks: true},
		{name: "server ids follow the server", zaraPatient: "pz", server: "https://fhir.example.org/r4", wantSeparate: false},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, _ := newVault(t)
			first := importData(t, v, "ase.json", personBundle(t, "pa", "Åse", "1950-02-03", c.server, 5.5), cksync.Options{})
			opt := cksync.Options{}
			if c.chosen {
				zara := storage.Profile{ID: storage.NewProfileID(), Name: "Zara Zed", BirthDate: "1990-07-08"}
				if _, err := v.Write(ctx, &storage.Batch{Profiles: []storage.Profile{zara}}); err != nil {
					t.Fatal(err)
				}
				opt.Profile = zara.ID
			}
			zaraFile := personBundle(t, c.zaraPatient, "Zara", "1990-07-08", c.server, 7.1)
			second := importData(t, v, "zara.json", zaraFile, opt)
			ase, zara := first.Profile, second.Profile
			if ase == zara {
				t.Fatalf("one person")
			}
			aseObs, zaraObs := recordOf(t, v, ase, "Observation"), recordOf(t, v, zara, "Observation")
			if !c.wantSeparate {
				if len(aseObs) != 0 || len(zaraObs) != 1 || zaraObs[0].ID.Source != "https://fhir.example.org/r4" {
					t.Fatalf("server record: Åse %d, Zara %v", len(aseObs), zaraObs)
				}
				return
			}
			if len(aseObs) != 1 || len(zaraObs) != 1 || aseObs[0].ID == zaraObs[0].ID {
				t.Fatalf("Åse %v, Zara %v", aseObs, zaraObs)
			}
			if aseObs[0].ID != (storage.ID{Source: cksync.LocalSource, Type: "Observation", ID: "o1"}) {
				t.Errorf("Åse's record changed identity: %v", aseObs[0].ID)
			}
			if zaraObs[0].ID != (storage.ID{Source: cksync.PersonSource(zara), Type: "Observation", ID: "o1"}) || !cksync.IsLocal(zaraObs[0].ID.Source) {
				t.Errorf("Zara's record: %v", zaraObs[0].ID)
			}
			if n := sumCounts(second.Updated); n != 0 {
				t.Errorf("Zara's file updated %d records", n)
			}
			// Zara's report links to her own result; Åse's to hers.
			for _, who := range []struct {
				profile string
				obs     storage.ID
			}{{ase, aseObs[0].ID}, {zara, zaraObs[0].ID}} {
				reps := recordOf(t, v, who.profile, "DiagnosticReport")
				if len(reps) != 1 || !slices.Contains(reps[0].Meta.Links, who.obs) {
					t.Errorf("%s's reports %v, want a link to %v", who.profile, reps, who.obs)
				}
			}
			// Åse's Patient stays hers; Zara's profile names Zara's Patient record.
			if p, _ := v.Profile(ase); len(p.Patients) != 1 || p.Patients[0].Source != cksync.LocalSource {
				t.Errorf("Åse's Patients: %v", p.Patients)
			}
			if p, _ := v.Profile(zara); len(p.Patients) != 1 || (p.Patients[0].Source == cksync.LocalSource) != (c.zaraPatient != "pa") {
				t.Errorf("Zara's Patients: %v", p.Patients)
			}
			// Re-imports: nothing new, whoever is chosen or matched.
			for _, again := range []struct {
				name string
				data []byte
				opt  cksync.Options
			}{{"zara.json", zaraFile, opt}, {"zara.json", zaraFile, cksync.Options{}}, {"ase.json", personBundle(t, "pa", "Åse", "1950-02-03", "", 5.5), cksync.Options{}}} {
				s := importData(t, v, again.name, again.data, again.opt)
				if sumCounts(s.Added)+sumCounts(s.Updated) != 0 {
					t.Errorf("re-import of %s (profile %q): %s, people %v", again.name, again.opt.Profile, s.Describe(), s.People)
				}
			}
			// A later file of Zara's results only links to her own record.
			later := []byte(`{"resourceType":"DiagnosticReport","id":"dr2","status":"final","code":{"text":"Panel"},"result":[{"reference":"Observation/o1"}]}`)
			importData(t, v, "later.json", later, cksync.Options{Profile: zara})
			for _, r := range recordOf(t, v, zara, "DiagnosticReport") {
				if r.ID.ID == "dr2" && !slices.Contains(r.Meta.Links, zaraObs[0].ID) {
					t.Errorf("dr2 links %v, want %v", r.Meta.Links, zaraObs[0].ID)
				}
			}
		})
	}
}
