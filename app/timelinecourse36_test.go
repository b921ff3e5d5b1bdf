package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/journey"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F427 (1): one course of a medicine from two sources — the portal's order of 6 Dec to start
// on 23 Dec, and the clinic's statement dated by that start (as a C-CDA medication list dates
// it) — was two rows on 23 Dec, "Medicine starts: Clarithromycin …" twice; one diagnosis from
// both was two rows too. Each is one row naming both sources, as `carekeeper timeline` says
// it; the order's own row on 6 Dec stays the portal's alone, and a course the clinic gives
// another dose keeps its row. Choosing either source in the filter shows the row.
func TestTimeline_OneCourseFromTwoSourcesIsOneRow(t *testing.T) {
	rig := newRemindRig(t, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), medFixture{"Lou", "m1", "Metformin 500 mg", twiceDaily})
	u, lou := rig.u, rig.people["Lou"]
	importCoursePair(t, u, lou)
	s := u.shell
	s.choose(lou)
	u.idle()
	s.load() // the records imported under the app
	u.idle()
	s.restale()
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	rows := func() map[string][]string {
		out := map[string][]string{}
		day := ""
		for _, l := range timelineTexts(tl) {
			if l[1] == "" {
				day = l[0]
				continue
			}
			if strings.Contains(l[1], ".example.org") {
				out[day] = append(out[day], l[0]+" | "+l[1])
			}
		}
		return out
	}
	got := rows()
	for _, rs := range got {
		for i := range rs { // the two sources in either order
			rs[i] = strings.Replace(rs[i], "from portal.example.org and from clinic.example.org", "from clinic.example.org and from portal.example.org", 1)
		}
	}
	const both = "from clinic.example.org and from portal.example.org"
	for day, want := range map[string][]string{
		"23 Dec 2026": {"Medicine starts: Clarithromycin 500 mg tablet | Medicine · planned · " + both},
		"6 Dec 2026":  {"Medicine prescribed, to start 23 Dec 2026: Clarithromycin 500 mg tablet | Medicine · from portal.example.org"},
		// the course of 1 Dec: the clinic says 2 tablets, the portal 1
		"1 Dec 2026":  {"Medicine started: Clarithromycin 500 mg tablet | Medicine · from portal.example.org", "Medicine started: Clarithromycin 500 mg tablet | Medicine · from clinic.example.org"},
		"14 Jun 2018": {"Primary open angle glaucoma | Condition · " + both},
	} {
		if strings.Join(got[day], "\n") != strings.Join(want, "\n") {
			if len(got[day]) != len(want) || !strings.Contains(strings.Join(got[day], "\n"), want[0]) {
				t.Errorf("%s:\n%s\nwant\n%s", day, strings.Join(got[day], "\n"), strings.Join(want, "\n"))
			}
		}
	}
	// The CLI's rows are the app's.
	cli, err := journey.Timeline(context.Background(), u.vault, lou, u.rem.now(), u.rem.device(), journey.TimelineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range cli {
		if strings.Contains(r.Where, ".example.org") {
			n++
			if r.Day == "23 Dec 2026" && r.Where != both {
				t.Errorf("timeline's 23 Dec row: %q", r.Words())
			}
		}
	}
	all := 0
	for _, rs := range got {
		all += len(rs)
	}
	if all != n {
		t.Errorf("the app's Timeline has %d rows of the two files, `timeline` %d", all, n)
	}
	// Either source in the filter shows the row of 23 Dec.
	for _, src := range tl.provider.Options[1:] {
		if !strings.Contains(src, "example.org") {
			continue
		}
		tl.provider.SetSelected(src)
		if r := rows()["23 Dec 2026"]; len(r) != 1 {
			t.Errorf("source %q: 23 Dec 2026 has %q", src, r)
		}
	}
}

// importCoursePair imports, for profile, the portal's and the clinic's files of one course of
// clarithromycin (ordered on 6 Dec to start on 23 Dec; the clinic's statement dated by that
// start), another course of 1 Dec the two give different doses of, and one diagnosis.
func importCoursePair(t *testing.T, u *UI, lou string) {
	t.Helper()
	dir := t.TempDir()
	med := func(server, typ, id, name, more string) string {
		return `{"fullUrl":"https://` + server + `/fhir/` + typ + `/` + id + `","resource":{"resourceType":"` + typ + `","id":"` + id + `","status":"active",` +
			`"subject":{"reference":"Patient/p"},"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"197517","display":"` + name + `"}]},` + more + `}}`
	}
	dosage := func(n string) string {
		return `[{"timing":{"repeat":{"boundsPeriod":{"start":"2026-12-23","end":"2026-12-29"},"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":` + n + `,"unit":"tablet"}}]}]`
	}
	courseOf1Dec := func(d string) string {
		return strings.NewReplacer("2026-12-23", "2026-12-01", "2026-12-29", "2026-12-07").Replace(d)
	}
	cond := func(server, id string) string {
		return `{"fullUrl":"https://` + server + `/fhir/Condition/` + id + `","resource":{"resourceType":"Condition","id":"` + id + `","subject":{"reference":"Patient/p"},` +
			`"clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"77075001","display":"Primary open angle glaucoma"}]},"onsetDateTime":"2018-06-14"}}`
	}
	for _, f := range []struct {
		name    string
		entries []string
	}{
		{"portal.json", []string{
			med("portal.example.org", "MedicationRequest", "clari", "Clarithromycin 500 mg tablet", `"intent":"order","authoredOn":"2026-12-06T10:00:00Z","dosageInstruction":`+dosage("1")),
			med("portal.example.org", "MedicationRequest", "clari2", "Clarithromycin 500 mg tablet", `"intent":"order","authoredOn":"2026-12-01","dosageInstruction":`+courseOf1Dec(dosage("1"))),
			cond("portal.example.org", "g"),
		}},
		{"clinic.json", []string{
			med("clinic.example.org", "MedicationStatement", "clari", "Clarithromycin 500 MG Oral Tablet", `"effectivePeriod":{"start":"2026-12-23"},"dosage":`+dosage("1")),
			med("clinic.example.org", "MedicationStatement", "clari2", "Clarithromycin 500 MG Oral Tablet", `"effectivePeriod":{"start":"2026-12-01"},"dosage":`+courseOf1Dec(dosage("2"))),
			cond("clinic.example.org", "g"),
		}},
	} {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, []byte(`{"resourceType":"Bundle","type":"collection","entry":[`+strings.Join(f.entries, ",")+`]}`), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := cksync.ImportFile(context.Background(), u.vault, path, cksync.Options{Profile: lou}); err != nil {
			t.Fatal(err)
		}
	}
}

// F472: at 1024×600 with 200 % text a Timeline row naming two sources was cut, "… imported
// from a file on 7 Dec 2026 and from gp.exa…", and in everyone's Timeline (a carer of two) the
// person's name before the title left "Medicine starts: Clarithromycin 500 …" of the medicine.
// The row's words wrap and the row is as tall as they need: every line of the row is whole.
func TestTimeline_RowsWrapAtLargeText(t *testing.T) {
	rig := newRemindRig(t, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC),
		medFixture{"Lou Anyperson-Fitzgerald", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Ann", "m2", "Aspirin 75 mg", twiceDaily})
	u := rig.u
	importCoursePair(t, u, rig.people["Lou Anyperson-Fitzgerald"])
	atLargeText(u, 1024, 600)
	s := u.shell
	s.choose("") // everyone's
	u.idle()
	s.load()
	u.idle()
	s.restale()
	s.show(scTimeline)
	u.idle()
	u.win.Resize(u.win.Canvas().Size().SubtractWidthHeight(1, 1)) // wrapped labels learn their width
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	found := 0
	var walk func(o fyne.CanvasObject, row *fyne.Container)
	walk = func(o fyne.CanvasObject, row *fyne.Container) {
		if o == nil || !o.Visible() {
			return
		}
		if c, ok := o.(*fyne.Container); ok && len(c.Objects) == 3 {
			if tc, ok := c.Objects[0].(*fyne.Container); ok {
				if _, ok := tc.Layout.(*tightVBox); ok {
					row = c // an event's row: its title and second line, its icon, its time
				}
			}
		}
		if l, ok := o.(*widget.Label); ok {
			if row != nil && (strings.Contains(l.Text, "Clarithromycin") || strings.Contains(l.Text, "from clinic.example.org and")) {
				found++
				text := row.Objects[0]
				if l.Truncation != fyne.TextTruncateOff {
					t.Errorf("%q is cut to the width", l.Text)
				} else if bottom := text.Position().Y + l.Position().Y + l.MinSize().Height; bottom > row.Size().Height+0.5 {
					t.Errorf("%q: its wrapped lines end at %v, below its row of %v", l.Text, bottom, row.Size().Height)
				}
			}
			return
		}
		for _, c := range childrenOf(o) {
			walk(c, row)
		}
	}
	walk(tl.list, nil)
	if found < 2 {
		t.Fatalf("%d rows of clarithromycin shown, want its title and sources", found)
	}
}
