package app

import (
	"context"
	"strings"
	"testing"

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
	ids := fileIdentities(path)
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
// window: its sentences scroll and its three answers stay on screen (they were pushed below
// the window's edge, out of reach).
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
	for _, b := range []*widget.Button{q.asNew, q.into, q.abort} {
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
		if pos.Y < 0 || pos.Y+b.Size().Height > walkSize.Height+1 || b.Size().Height == 0 {
			t.Errorf("%q at %v size %v: outside the %v window", b.Text, pos, b.Size(), walkSize)
		}
	}
}
