package sync_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F41: records naming a Patient that neither the file nor the vault holds are a person's
// (they wait for their Patient), not the shared records a household sends to every device;
// the Patient, when a later file brings it, joins them, and nothing is stored twice, so an
// export imported into a fresh vault gives every record back.
func TestRecordsWaitForTheirPatient(t *testing.T) {
	v, _ := newVault(t)
	imp := func(name string) *cksync.Summary {
		t.Helper()
		s, err := cksync.ImportFile(ctx, v, filepath.Join("testdata", "waiting", name), cksync.Options{})
		if err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
		return s
	}
	s := imp("numbers.json")
	if len(s.NewPeople) != 1 || !slices.Equal(s.People, s.NewPeople) || s.Describe() != "5 added" {
		t.Fatalf("numbers.json: %q, people %v, new %v; want 5 added for one new person", s.Describe(), s.People, s.NewPeople)
	}
	person := s.NewPeople[0]
	checkShared := func(when string) {
		t.Helper()
		for _, r := range allRecords(t, v, storage.Query{Profile: storage.SharedProfile}) {
			if r.ID.Type != "Organization" {
				t.Errorf("%s: %v is among the shared records", when, r.ID)
			}
		}
	}
	checkShared("numbers.json")
	if n := len(allRecords(t, v, storage.Query{Profile: person, Type: "Observation"})); n != 4 {
		t.Errorf("the person holds %d Observations, want 4", n)
	}
	if p, err := v.Profile(person); err != nil || p.Name != "Unnamed person" {
		t.Errorf("person %+v, %v; want an Unnamed person", p, err)
	}

	if s := imp("more.json"); len(s.NewPeople) != 0 || !slices.Equal(s.People, []string{person}) || s.Describe() != "1 added" {
		t.Errorf("more.json: %q for %v (new %v); want 1 added for the waiting person", s.Describe(), s.People, s.NewPeople)
	}
	if s := imp("person.json"); len(s.NewPeople) != 0 || !slices.Equal(s.People, []string{person}) || s.Describe() != "2 added" {
		t.Errorf("person.json: %q for %v (new %v); want 2 added for the waiting person", s.Describe(), s.People, s.NewPeople)
	}
	ps, _ := v.Profiles()
	if len(ps) != 1 || ps[0].Name != "Rua Ngata" || ps[0].BirthDate != "1968-04-12" {
		t.Errorf("people %+v; want one, Rua Ngata born 1968-04-12", ps)
	}
	if s := imp("numbers.json"); s.Describe() != "nothing new: 5 records already there" {
		t.Errorf("numbers.json again: %q, want nothing new", s.Describe())
	}
	checkShared("after the Patient came")
	all := allRecords(t, v, storage.Query{})
	if len(all) != 8 {
		t.Errorf("%d records, want 8 (each once)", len(all))
	}

	// Round trip: export, import into a fresh vault, export again: the same bytes.
	var out bytes.Buffer
	if n, err := cksync.Export(ctx, v, "", &out); err != nil || n != 8 {
		t.Fatalf("export: %d records, %v", n, err)
	}
	v2, _ := newVault(t)
	s2 := importData(t, v2, "export.json", out.Bytes(), cksync.Options{})
	if s2.Describe() != "8 added" || len(s2.NewPeople) != 1 {
		t.Errorf("the export into a fresh vault: %q, people %v", s2.Describe(), s2.NewPeople)
	}
	var again bytes.Buffer
	if _, err := cksync.Export(ctx, v2, "", &again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), again.Bytes()) {
		t.Errorf("export -> import -> export differs:\n%s\n---\n%s", out.Bytes(), again.Bytes())
	}
}

// F80: the Patient a waiting person's records name is someone already here (the hospital's
// second id for them: the same record number): the Patient and the waiting records join that
// person and the waiting person goes, whatever the order of the files — it made a second
// person of the same name and birth date.
func TestWaitingRecordsJoinTheirPersonAlreadyHere(t *testing.T) {
	for _, order := range [][]string{
		{"kin.json", "numbers.json", "person.json"},
		{"kin.json", "person.json", "numbers.json"},
	} {
		t.Run(order[1], func(t *testing.T) {
			v, _ := newVault(t)
			for _, f := range order {
				if _, err := cksync.ImportFile(ctx, v, filepath.Join("testdata", "waiting", f), cksync.Options{}); err != nil {
					t.Fatalf("import %s: %v", f, err)
				}
			}
			ps, _ := v.Profiles()
			if len(ps) != 1 || ps[0].Name != "Rua Ngata" {
				t.Fatalf("people %+v; want Rua Ngata once", ps)
			}
			if n := len(allRecords(t, v, storage.Query{Profile: ps[0].ID})); n != 8 {
				t.Errorf("Rua holds %d records, want 8: 2 Patients, 4 numbers, a heart rate and a blood pressure", n)
			}
			for _, f := range order {
				if s, err := cksync.ImportFile(ctx, v, filepath.Join("testdata", "waiting", f), cksync.Options{}); err != nil || !strings.HasPrefix(s.Describe(), "nothing new") {
					t.Errorf("%s again: %v %v", f, s, err)
				}
			}
		})
	}
}
