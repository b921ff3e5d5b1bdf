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

// F174: a record naming a Patient the file does not hold, in a file that holds its own Patient,
// is not that Patient's person's (nor the person chosen for the file): it waits for its own
// Patient. A glucose of "Patient/nobody" was shown on the file's one person's Results.
func TestRecordOfAnotherPatientIsNotTheFilePersons(t *testing.T) {
	const file = `{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:11111111-1111-4111-8111-111111111111","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Okafor","given":["Adaeze"]}],"birthDate":"1984-02-11"}},
{"resource":{"resourceType":"Observation","id":"mine","status":"final","code":{"text":"Glucose"},"subject":{"reference":"urn:uuid:11111111-1111-4111-8111-111111111111"},"effectiveDateTime":"2026-03-08","valueQuantity":{"value":131,"unit":"mg/dL"}}},
{"resource":{"resourceType":"Observation","id":"other","status":"final","code":{"text":"Glucose"},"subject":{"reference":"Patient/nobody"},"effectiveDateTime":"2026-03-09","valueQuantity":{"value":97,"unit":"mg/dL"}}}]}`
	for _, chosen := range []bool{false, true} {
		v, _ := newVault(t)
		opt := cksync.Options{}
		if chosen {
			mum, err := v.AddProfile("Adaeze Okafor", "1984-02-11")
			if err != nil {
				t.Fatal(err)
			}
			opt.Profile = mum.ID
		}
		s := importData(t, v, "dangling.json", []byte(file), opt)
		if s.Describe() != "3 added" {
			t.Errorf("chosen %v: %q, want 3 added", chosen, s.Describe())
		}
		ps, err := v.Profiles()
		if err != nil {
			t.Fatal(err)
		}
		var adaeze, waiting string
		for _, p := range ps {
			switch p.Name {
			case "Adaeze Okafor":
				adaeze = p.ID
			case "Unnamed person":
				waiting = p.ID
			}
		}
		if adaeze == "" || waiting == "" {
			t.Fatalf("chosen %v: people %+v; want Adaeze Okafor and an Unnamed person waiting for Patient/nobody", chosen, ps)
		}
		ids := func(profile string) (out []string) {
			for _, r := range allRecords(t, v, storage.Query{Profile: profile, Type: "Observation"}) {
				out = append(out, r.ID.ID)
			}
			return out
		}
		if got := ids(adaeze); !slices.Equal(got, []string{"mine"}) {
			t.Errorf("chosen %v: Adaeze's Observations %v, want only [mine]", chosen, got)
		}
		if got := ids(waiting); len(got) != 1 || !strings.HasSuffix(got[0], "other") {
			t.Errorf("chosen %v: the waiting person's Observations %v, want [other]", chosen, got)
		}
	}
}

// F213: a record outside a person's compartment that is not the household's (a server's
// message, a Bundle kept whole) goes with the file's one person — kept shared, a message
// naming the person and their clinic reached every device of the household and outlived
// the person; a clinic stays the household's.
func TestPersonsFileKeepsItsMessagesWithThePerson(t *testing.T) {
	const file = `{"resourceType":"Bundle","type":"searchset","entry":[
{"fullUrl":"urn:uuid:22222222-2222-4222-8222-222222222222","resource":{"resourceType":"Patient","id":"rex","name":[{"family":"Stone","given":["Rex"]}],"birthDate":"1971-05-02"},"search":{"mode":"match"}},
{"resource":{"resourceType":"Organization","id":"clinic","name":"Northside clinic"},"search":{"mode":"include"}},
{"resource":{"resourceType":"OperationOutcome","id":"oo","issue":[{"severity":"warning","code":"incomplete","diagnostics":"Only 1 of 12 results for Rex Stone returned"}]},"search":{"mode":"outcome"}}]}`
	v, _ := newVault(t)
	s := importData(t, v, "rex.json", []byte(file), cksync.Options{})
	if len(s.NewPeople) != 1 {
		t.Fatalf("%q for %v; want one new person", s.Describe(), s.NewPeople)
	}
	rex := s.NewPeople[0]
	// The server's message (search.mode "outcome") is said and not stored at all since F186.
	if n := len(allRecords(t, v, storage.Query{Type: "OperationOutcome"})); n != 0 || !strings.Contains(s.Describe(), `the server that made it said: "Only 1 of 12 results for Rex Stone returned"`) {
		t.Errorf("%q, %d OperationOutcome stored: want the message said, none stored", s.Describe(), n)
	}
	for _, c := range []struct{ typ, want string }{{"Organization", storage.SharedProfile}} {
		for _, who := range []string{rex, storage.SharedProfile} {
			n := len(allRecords(t, v, storage.Query{Profile: who, Type: c.typ}))
			if want := map[bool]int{true: 1, false: 0}[who == c.want]; n != want {
				t.Errorf("%s: %d under %q, want %d", c.typ, n, who, want)
			}
		}
	}
}
