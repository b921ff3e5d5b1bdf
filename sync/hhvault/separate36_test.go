package hhvault

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/household"
)

// Records mixed the old way stayed mixed (F455, F459, F464): a file of Lily imported into Rose
// (--profile with --force; before a6a125d the app's "Import into Rose Lindqvist") left Lily's
// Patient record and readings in Rose's charts for good. FindMixed finds them and
// SeparatePeople moves them, in one write, to Lily or to a new person; the household sees
// moves.

// mixFile is a FHIR collection of one person: a Patient and readings, from server (or, ""
// for a file without fullUrls, local ids).
func mixFile(server, pid, given, family, birth, mrn string, obs ...string) []byte {
	url := func(typ, id string) string {
		if server == "" {
			return ""
		}
		return fmt.Sprintf(`"fullUrl":"%s/%s/%s",`, server, typ, id)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `{"resourceType":"Bundle","type":"collection","entry":[{%s"resource":{"resourceType":"Patient","id":%q,"identifier":[{"system":"urn:oid:1.2.3.4","value":%q}],"name":[{"family":%q,"given":[%q]}],"birthDate":%q}}`,
		url("Patient", pid), pid, mrn, family, given, birth)
	for i, code := range obs {
		id := fmt.Sprintf("%s-o%d", pid, i)
		fmt.Fprintf(&b, `,{%s"resource":{"resourceType":"Observation","id":%q,"status":"final","code":{"coding":[{"system":"http://loinc.org","code":%q}]},"subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-12-0%dT15:30:00Z","valueQuantity":{"value":%d,"unit":"kg"}}}`,
			url("Observation", id), id, code, pid, i+1, 20+i)
	}
	return []byte(b.String() + `]}`)
}

func importInto(t *testing.T, v *storage.Vault, name string, data []byte, profile string) string {
	t.Helper()
	sum, err := cksync.Import(context.Background(), v, name, data, cksync.Options{Profile: profile})
	if err != nil {
		t.Fatalf("importing %s: %v", name, err)
	}
	return sum.Profile
}

// holders are the people holding each record of the vault, by identity.
func holders(t *testing.T, v *storage.Vault) map[storage.ID]string {
	t.Helper()
	out := map[storage.ID]string{}
	if err := v.Records(context.Background(), storage.Query{}, func(r *storage.Record) error {
		out[r.ID] = r.Profile
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSeparateRecordsOfAnotherPerson(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	const ehr, clinic = "https://ehr.example/fhir", "https://clinic.example/fhir"
	for _, tc := range []struct {
		name string
		// build makes the mixed vault; it returns the holder, the other person here ("" none)
		// and the records of the other person the holder holds.
		build     func(t *testing.T, v *storage.Vault) (holder, other string, theirs []storage.ID)
		question  string
		counts    string
		newPerson string // the person made, when there is no other
	}{
		{
			name: "twins, Lily's file imported into Rose",
			build: func(t *testing.T, v *storage.Vault) (string, string, []storage.ID) {
				lily := importInto(t, v, "lily-a.json", mixFile(clinic, "lily-a", "Lily", "Lindqvist", "2019-05-03", "LPFM-200872", "29463-7"), "")
				rose := importInto(t, v, "rose.json", mixFile(ehr, "rose-l", "Rose", "Lindqvist", "2019-05-03", "LPFM-200871", "2339-0", "29463-7"), "")
				importInto(t, v, "lily-b.json", mixFile(ehr, "lily-l", "Lily", "Lindqvist", "2019-05-03", "LPFM-200872", "33452-4", "29463-7"), rose)
				return rose, lily, []storage.ID{{Source: ehr, Type: "Patient", ID: "lily-l"}, {Source: ehr, Type: "Observation", ID: "lily-l-o0"}, {Source: ehr, Type: "Observation", ID: "lily-l-o1"}}
			},
			question: "Rose Lindqvist holds records of another person, Lily Lindqvist (born 3 May 2019): 3 records. Move them to Lily Lindqvist, or to a new person?",
			counts:   "Personal details: 1, Results: 2",
		},
		{
			name: "father and son of one name, the son's file imported into the father",
			build: func(t *testing.T, v *storage.Vault) (string, string, []storage.ID) {
				sr := importInto(t, v, "john.json", mixFile(ehr, "js-1", "John", "Smith", "1958-02-11", "MRN-111", "29463-7"), "")
				importInto(t, v, "john-jr.json", mixFile(ehr, "js-2", "John", "Smith", "1988-07-30", "MRN-222", "29463-7", "8867-4"), sr)
				return sr, "", []storage.ID{{Source: ehr, Type: "Patient", ID: "js-2"}, {Source: ehr, Type: "Observation", ID: "js-2-o0"}, {Source: ehr, Type: "Observation", ID: "js-2-o1"}}
			},
			question:  "John Smith holds records of another person, John Smith (born 30 Jul 1988): 3 records. Move them to a new person, John Smith?",
			counts:    "Personal details: 1, Results: 2",
			newPerson: "John Smith",
		},
		{
			name: "the son's summary with his late father's record number, in the father (F466)",
			build: func(t *testing.T, v *storage.Vault) (string, string, []storage.ID) {
				const sfm = "https://sfm.example/fhir"
				sr := importInto(t, v, "kenji-sr.json", mixFile(ehr, "kn-1", "Kenji", "Nakamura", "1946-02-11", "SFM-004417", "29463-7"), "")
				jr := importInto(t, v, "kenji-jr.json", mixFile(clinic, "kn-2", "Kenji", "Nakamura", "1974-06-30", "SFM-019562", "4548-4"), "")
				importInto(t, v, "mixup.json", mixFile(sfm, "kn-3", "Kenji", "Nakamura", "1974-06-30", "SFM-004417", "4548-4"), sr)
				// A person of that name with no birth date known does not hide the son (F474).
				if _, err := v.AddProfile("Kenji Nakamura", ""); err != nil {
					t.Fatal(err)
				}
				return sr, jr, []storage.ID{{Source: sfm, Type: "Patient", ID: "kn-3"}, {Source: sfm, Type: "Observation", ID: "kn-3-o0"}}
			},
			question: "Kenji Nakamura (born 1946) holds records of another person, Kenji Nakamura (born 30 Jun 1974): 2 records. Move them to Kenji Nakamura (born 1974), or to a new person?",
			counts:   "Personal details: 1, Results: 1",
		},
		{
			name: "a file without server ids imported for Lily, then into Rose too",
			build: func(t *testing.T, v *storage.Vault) (string, string, []storage.ID) {
				lilyFile := mixFile("", "p1", "Lily", "Lindqvist", "2019-05-03", "LPFM-200872", "33452-4")
				lily := importInto(t, v, "lily.json", lilyFile, "")
				rose := importInto(t, v, "rose.json", mixFile(ehr, "rose-l", "Rose", "Lindqvist", "2019-05-03", "LPFM-200871", "2339-0"), "")
				importInto(t, v, "lily.json", lilyFile, rose)
				src := cksync.PersonSource(rose)
				return rose, lily, []storage.ID{{Source: src, Type: "Patient", ID: "p1"}, {Source: src, Type: "Observation", ID: "p1-o0"}}
			},
			question: "Rose Lindqvist holds records of another person, Lily Lindqvist (born 3 May 2019): 2 records. Move them to Lily Lindqvist, or to a new person?",
			counts:   "Personal details: 1, Results: 1",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := openVault(t)
			holder, other, theirs := tc.build(t, v)
			before := holders(t, v)
			for _, id := range theirs {
				if before[id] != holder {
					t.Fatalf("the vault is not mixed: %v is with %q, not %q", id, before[id], holder)
				}
			}
			ms, err := FindMixed(ctx, v, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 1 {
				t.Fatalf("FindMixed found %d, want 1: %+v", len(ms), ms)
			}
			m := ms[0]
			if m.Person != holder || m.To != other || m.Question() != tc.question || m.CountWords() != tc.counts {
				t.Fatalf("found %s → %q: %q (%s), want %s → %q: %q (%s)", m.Person, m.To, m.Question(), m.CountWords(), holder, other, tc.question, tc.counts)
			}
			s, err := SeparatePeople(ctx, v, nil, m, m.To, now)
			if err != nil {
				t.Fatal(err)
			}
			to := s.To
			if tc.newPerson != "" {
				p, err := v.Profile(to)
				if !s.New || err != nil || p.Name != tc.newPerson || p.BirthDate != m.Other.BirthDate {
					t.Fatalf("new person %+v (%v), new %v", p, err, s.New)
				}
			} else if to != other {
				t.Fatalf("moved to %s, want %s", to, other)
			}
			after := holders(t, v)
			for id, p := range before {
				moved := false
				for _, th := range theirs {
					moved = moved || th == id
				}
				if !moved && after[id] != p {
					t.Errorf("%v moved from %s to %q, not one of the other person's", id, p, after[id])
				}
			}
			nowWith := 0
			for id, p := range after {
				if p == to {
					nowWith++
				}
				if _, was := before[id]; !was && p != to {
					t.Errorf("%v appeared with %s", id, p)
				}
			}
			for _, id := range theirs {
				if after[id] == holder {
					t.Errorf("%v is still with the holder", id)
				}
			}
			if ms, _ := FindMixed(ctx, v, nil); len(ms) != 0 {
				t.Errorf("still mixed after: %q", ms[0].Question())
			}
			hp, _ := v.Profile(holder)
			for _, pid := range hp.Patients {
				for _, th := range theirs {
					if pid == th {
						t.Errorf("the holder's person still names the other's Patient %v", pid)
					}
				}
			}
			// Rose's, John's own records are as they were, with their files.
			if r, err := v.Get(theirs[1]); err == nil && r.Meta.File == "" {
				t.Errorf("a moved record lost the file it came from: %+v", r.Meta)
			}
			// Undone: as it was.
			if !s.Undoable() {
				t.Fatal("not undoable on a computer in no household")
			}
			if err := UndoSeparate(ctx, v, s); err != nil {
				t.Fatal(err)
			}
			undone := holders(t, v)
			if len(undone) != len(before) {
				t.Errorf("%d records after the undo, %d before", len(undone), len(before))
			}
			for id, p := range before {
				if undone[id] != p {
					t.Errorf("after the undo %v is with %q, was %q", id, undone[id], p)
				}
			}
			if ps, _ := v.Profiles(); tc.newPerson != "" && len(ps) != 1 {
				t.Errorf("%d people after the undo, want the one", len(ps))
			}
		})
	}
}

// In a household the separation reaches the other devices as moves: the tablet that views the
// twins then holds Lily's records with Lily, Rose's with Rose, nothing deleted or twice; a new
// person made for them is shared with the devices that held the holder.
func TestSeparateInAHouseholdIsAMoveOnEveryDevice(t *testing.T) {
	ctx := context.Background()
	const ehr, clinic = "https://ehr.example/fhir", "https://clinic.example/fhir"
	va, vb := openVault(t), openVault(t)
	cfg := Config{Folder: t.TempDir()}
	ha, err := Create(ctx, va, cfg, nil, "Lindqvist home", "Laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	lily := importInto(t, va, "lily-a.json", mixFile(clinic, "lily-a", "Lily", "Lindqvist", "2019-05-03", "LPFM-200872", "29463-7"), "")
	rose := importInto(t, va, "rose.json", mixFile(ehr, "rose-l", "Rose", "Lindqvist", "2019-05-03", "LPFM-200871", "2339-0"), "")
	importInto(t, va, "lily-b.json", mixFile(ehr, "lily-l", "Lily", "Lindqvist", "2019-05-03", "LPFM-200872", "33452-4"), rose)
	sr := importInto(t, va, "john.json", mixFile(ehr, "js-1", "John", "Smith", "1958-02-11", "MRN-111", "29463-7"), "")
	importInto(t, va, "john-jr.json", mixFile(ehr, "js-2", "John", "Smith", "1988-07-30", "MRN-222", "8867-4"), sr)
	hb := joinWith(t, ha, vb, cfg, household.Grant{Profile: rose, Role: household.RoleView}, household.Grant{Profile: lily, Role: household.RoleView},
		household.Grant{Profile: sr, Role: household.RoleView})
	exchangeAll(t, ha, hb, ha, hb)
	if got := holders(t, vb)[storage.ID{Source: ehr, Type: "Observation", ID: "lily-l-o0"}]; got != rose {
		t.Fatalf("the tablet holds Lily's peak flow with %q, want it mixed into Rose %s", got, rose)
	}
	ms, err := FindMixed(ctx, va, ha)
	if err != nil || len(ms) != 2 {
		t.Fatalf("found %d (%v), want Rose's and John's", len(ms), err)
	}
	var made string
	for _, m := range ms {
		s, err := SeparatePeople(ctx, va, ha, m, m.To, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if s.Undoable() {
			t.Error("undoable in a household")
		}
		if s.New {
			made = s.To
		}
	}
	exchangeAll(t, ha, hb, ha, hb)
	want := holders(t, va)
	got := holders(t, vb)
	for _, c := range []struct {
		id storage.ID
		to string
	}{
		{storage.ID{Source: ehr, Type: "Observation", ID: "lily-l-o0"}, lily},
		{storage.ID{Source: ehr, Type: "Patient", ID: "lily-l"}, lily},
		{storage.ID{Source: ehr, Type: "Observation", ID: "rose-l-o0"}, rose},
		{storage.ID{Source: ehr, Type: "Observation", ID: "js-2-o0"}, made},
		{storage.ID{Source: ehr, Type: "Observation", ID: "js-1-o0"}, sr},
	} {
		if want[c.id] != c.to || got[c.id] != c.to {
			t.Errorf("%v: with %q on the laptop, %q on the tablet; want %q", c.id, want[c.id], got[c.id], c.to)
		}
	}
	if len(got) != len(want) {
		t.Errorf("the tablet holds %d records, the laptop %d", len(got), len(want))
	}
	if p, err := vb.Profile(made); err != nil || p.Name != "John Smith" || p.BirthDate != "1988-07-30" {
		t.Errorf("the tablet's new person: %+v (%v)", p, err)
	}
	ps, _ := vb.Profiles()
	if len(ps) != 4 {
		t.Errorf("the tablet holds %d people, want 4", len(ps))
	}
}
