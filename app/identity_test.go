package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
	"carekeeper/internal/testutil"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/internal/intake"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// countRecords is how many records the vault keeps for profile.
func countRecords(t *testing.T, m *mainScreen, profile string) int {
	t.Helper()
	n := 0
	if err := m.v.Records(context.Background(), storage.Query{Profile: profile}, func(*storage.Record) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// Importing a file about someone else into a chosen person asks first; each answer does what
// it says.
func TestImport_IdentityQuestion(t *testing.T) {
	path := fixture(t, "synthea/Clemente_Kreiger_*.json")
	for _, tt := range []struct {
		answer      string
		wantPeople  int // after the import
		wantIntoMum bool
	}{
		{"new", 2, false},
		{"into", 1, true},
		{"cancel", 1, false},
	} {
		t.Run(tt.answer, func(t *testing.T) {
			u := unlocked(t)
			m := u.main
			mum, err := m.v.AddProfile("Mum", "1950-03-04")
			if err != nil {
				t.Fatal(err)
			}
			m.loadPeople(mum.ID)
			u.idle()
			m.importInto([]string{path}, mum.ID)
			u.idle()
			q := m.identity
			if q == nil {
				t.Fatal("a file for someone else was imported into Mum without asking")
			}
			if m.importing != nil || m.results != nil {
				t.Fatal("the import started before the question was answered")
			}
			if !strings.Contains(q.text.Text, "Clemente Kreiger (born 1984), not Mum") || !strings.Contains(q.text.Text, "not Mum (born 1950)") {
				t.Errorf("question %q", q.text.Text)
			}
			if q.into.Text != "Into Mum anyway" {
				t.Errorf("button %q", q.into.Text)
			}
			switch tt.answer {
			case "new":
				q.asNew.OnTapped()
			case "into":
				q.into.OnTapped()
			default:
				q.abort.OnTapped()
			}
			u.idle()
			if m.identity != nil {
				t.Error("the question is still open")
			}
			ps, err := m.v.Profiles()
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != tt.wantPeople {
				t.Errorf("%d people after %q, want %d", len(ps), tt.answer, tt.wantPeople)
			}
			if tt.answer == "cancel" && m.results != nil {
				t.Error("cancel imported something")
			}
			if tt.answer != "cancel" && (m.results == nil || m.results.results[0].Err != nil) {
				t.Fatalf("import did not run: %+v", m.results)
			}
			if n := countRecords(t, m, mum.ID); (n > 0) != tt.wantIntoMum {
				t.Errorf("Mum has %d records after %q", n, tt.answer)
			}
		})
	}
}

// A file about the chosen person is imported without a question.
func TestImport_SamePersonNoQuestion(t *testing.T) {
	path := fixture(t, "synthea/Clemente_Kreiger_*.json")
	u := unlocked(t)
	m := u.main
	data, err := intake.Patients(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ids := patientsIn(t, data)
	if len(ids) != 1 {
		t.Fatalf("identities %+v", ids)
	}
	p, err := m.v.AddProfile(ids[0].Name, ids[0].BirthDate)
	if err != nil {
		t.Fatal(err)
	}
	m.loadPeople(p.ID)
	u.idle()
	m.importInto([]string{path}, p.ID)
	u.idle()
	if m.identity != nil {
		t.Fatal("asked about a file for the chosen person")
	}
	if countRecords(t, m, p.ID) == 0 {
		t.Error("nothing imported into the person")
	}
}

// At 1024×600 with 200 % text, the question about several files for other people fits the
// window: its sentences and its three answers scroll as a whole (the sentences first, F128),
// and scrolled down the answers are on screen (they were pushed below the window's edge, out
// of reach).
func TestImport_IdentityQuestionFitsSmallScreen(t *testing.T) {
	u := unlocked(t)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(walkSize)
	m := u.main
	mum, err := m.v.AddProfile("Mum", "1950-03-04")
	if err != nil {
		t.Fatal(err)
	}
	m.loadPeople(mum.ID)
	u.idle()
	var paths []string
	for _, f := range []string{"Clemente_Kreiger", "Ned_Hintz", "Buster_Hoeger", "Gustavo_Mej"} {
		paths = append(paths, fixture(t, "synthea/"+f+"*.json"))
	}
	m.importInto(paths, mum.ID)
	u.idle()
	q := m.identity
	if q == nil {
		t.Fatal("no question")
	}
	top := u.win.Canvas().Overlays().Top()
	var out []misplaced
	walkBounds(top, "Whose records are these?", &out)
	for _, mp := range out {
		t.Errorf("%s %s", mp.path, mp.what)
	}
	scrollDown(top)
	for _, b := range []*widget.Button{q.asNew, q.into, q.abort} {
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
		if pos.Y < 0 || pos.Y+b.Size().Height > walkSize.Height+1 || b.Size().Height == 0 {
			t.Errorf("%q at %v size %v: outside the %v window", b.Text, pos, b.Size(), walkSize)
		}
	}
}

// The question says what the first answer does: a new person or several, someone already in
// the vault by name (issue 15: "Import 3 files as a new person" was said of files about two
// people).
func TestIdentityWords(t *testing.T) {
	liz := otherPerson{name: "Liz Conn"}
	tom := otherPerson{name: "Tom Conn"}
	dad := otherPerson{name: "Dad", profile: "p-dad"}
	for _, tc := range []struct {
		name             string
		files            int
		people           []otherPerson
		question, button string
	}{
		{"one file", 1, []otherPerson{liz}, "Import this file as a new person, or into Mum anyway?", "Import as a new person"},
		{"two files, one person", 2, []otherPerson{liz}, "Import these 2 files as a new person, or into Mum anyway?", "Import as a new person"},
		{"two people", 3, []otherPerson{liz, tom}, "Import these 3 files as 2 new people (Liz Conn, Tom Conn), or into Mum anyway?", "Import as 2 new people"},
		{"someone known", 1, []otherPerson{dad}, "Import this file into Dad, or into Mum anyway?", "Import into Dad"},
		{"known and new", 2, []otherPerson{dad, liz}, "Import these 2 files into Dad and a new person (Liz Conn), or into Mum anyway?", "Import into Dad and a new person"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, b := identityWords(tc.files, tc.people, "Mum")
			if q != tc.question || b != tc.button {
				t.Errorf("got %q / %q\nwant %q / %q", q, b, tc.question, tc.button)
			}
		})
	}
}

// Files about two other people, one of them already in the vault: the question names them,
// and its first answer puts each file with the person it is about (nobody twice).
func TestImport_IdentityQuestionSeveralPeople(t *testing.T) {
	clemente := fixture(t, "synthea/Clemente_Kreiger_*.json")
	ned := fixture(t, "synthea/Ned_Hintz*.json")
	u := unlocked(t)
	m := u.main
	mum, err := m.v.AddProfile("Mum", "1950-03-04")
	if err != nil {
		t.Fatal(err)
	}
	data, err := intake.Patients(context.Background(), ned)
	if err != nil {
		t.Fatal(err)
	}
	nedID := patientsIn(t, data)[0]
	nedP, err := m.v.AddProfile(nedID.Name, nedID.BirthDate)
	if err != nil {
		t.Fatal(err)
	}
	// a copy of Clemente's file: two files about one new person
	copyPath := filepath.Join(t.TempDir(), "clemente-again.json")
	if err := os.WriteFile(copyPath, testutil.ReadFile(t, clemente), 0o600); err != nil {
		t.Fatal(err)
	}
	m.loadPeople(mum.ID)
	u.idle()
	m.importInto([]string{clemente, ned, copyPath}, mum.ID)
	u.idle()
	q := m.identity
	if q == nil {
		t.Fatal("no question")
	}
	want := "Import these 3 files into " + nedID.Name + " and a new person (Clemente"
	if !strings.Contains(q.text.Text, want) || q.asNew.Text != "Import into "+nedID.Name+" and a new person" {
		t.Errorf("question %q, button %q", q.text.Text, q.asNew.Text)
	}
	q.asNew.OnTapped()
	u.idle()
	if m.results == nil {
		t.Fatal("nothing imported")
	}
	var lines []string
	for _, r := range m.results.results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Name, r.Err)
		}
		lines = append(lines, r.Line())
	}
	// The results say whose records each file held.
	all := strings.Join(lines, "\n")
	if !strings.Contains(all, "; for "+nedID.Name) || !strings.Contains(all, " (new)") {
		t.Errorf("results %q", lines)
	}
	ps, err := m.v.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 {
		t.Errorf("%d people, want Mum, Ned and one new person", len(ps))
	}
	if countRecords(t, m, mum.ID) != 0 || countRecords(t, m, nedP.ID) == 0 {
		t.Error("the files did not go to the people they are about")
	}
}

// A multi-part health card chosen as one QR image per part is checked like every other file:
// the joined card is about someone else, so the app asks before importing (it imported into
// the chosen person without a word, while the CLI refused).
func TestImport_IdentityQuestionCardParts(t *testing.T) {
	u := unlocked(t)
	m := u.main
	mum, err := m.v.AddProfile("Mum", "1950-03-04")
	if err != nil {
		t.Fatal(err)
	}
	jws := shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: time.Now().Add(-time.Hour)})
	const n = 3
	size := (len(jws) + n - 1) / n
	dir := t.TempDir()
	var paths []string
	for i := range n {
		text := strings.Replace(shc.Encode(jws[i*size:min(len(jws), (i+1)*size)]), "shc:/", fmt.Sprintf("shc:/%d/%d/", i+1, n), 1)
		p := filepath.Join(dir, fmt.Sprintf("part%d.txt", i+1))
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	m.loadPeople(mum.ID)
	u.idle()
	m.importInto(paths, mum.ID)
	u.idle()
	q := m.identity
	if q == nil {
		t.Fatalf("a card about someone else was imported into Mum without asking (results %+v)", m.results)
	}
	if !strings.Contains(q.text.Text, "The health card in part1.txt, part2.txt and part3.txt is for John B. Anyperson (born 1951), not Mum (born 1950)") || q.asNew.Text != "Import as a new person" {
		t.Errorf("question %q, button %q", q.text.Text, q.asNew.Text)
	}
	q.asNew.OnTapped()
	u.idle()
	if m.results == nil || len(m.results.results) != 1 || m.results.results[0].Err != nil {
		t.Fatalf("results %+v", m.results)
	}
	if countRecords(t, m, mum.ID) != 0 {
		t.Error("the card went into Mum")
	}
	if ps, _ := m.v.Profiles(); len(ps) != 2 {
		t.Errorf("%d people, want Mum and the card's person", len(ps))
	}
}

// patientsIn are who the Patients of a FHIR file are.
func patientsIn(t *testing.T, data []byte) []health.Identity {
	t.Helper()
	file, err := fhirjson.ParseFile(data)
	if err != nil {
		t.Fatal(err)
	}
	var out []health.Identity
	for _, e := range file.Entries {
		if id, ok := health.PatientIdentity(e.Resource); ok {
			out = append(out, id)
		}
	}
	return out
}
