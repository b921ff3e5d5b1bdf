package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"carekeeper/storage"
)

// twinCCD is a made-up clinic summary (C-CDA) of one child of the Lindqvists with one weight:
// given name, record number, document id, kg.
func twinCCD(given, mrn, docID, kg string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<templateId root="2.16.840.1.113883.10.20.22.1.1" extension="2015-08-01"/>
<id root="2.16.840.1.113883.19.5.99" extension="` + docID + `"/>
<code code="34133-9" codeSystem="2.16.840.1.113883.6.1"/>
<title>Clinic summary</title>
<effectiveTime value="20261204110000+0000"/>
<recordTarget><patientRole><id root="2.16.840.1.113883.3.7777" extension="` + mrn + `"/>
<patient><name><given>` + given + `</given><family>Lindqvist</family></name><administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/><birthTime value="20190503"/></patient>
</patientRole></recordTarget>
<component><structuredBody><component><section>
<templateId root="2.16.840.1.113883.10.20.22.2.4.1" extension="2015-08-01"/>
<code code="8716-3" codeSystem="2.16.840.1.113883.6.1"/><title>Vital signs</title><text>Weight</text>
<entry><organizer classCode="CLUSTER" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.26" extension="2015-08-01"/>
<id root="2.16.840.1.113883.19.5.99" extension="` + docID + `-vs"/><code code="46680005" codeSystem="2.16.840.1.113883.6.96"/><statusCode code="completed"/><effectiveTime value="20261204100000+0000"/>
<component><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.27" extension="2014-06-09"/>
<id root="2.16.840.1.113883.19.5.99" extension="` + docID + `-w"/><code code="29463-7" codeSystem="2.16.840.1.113883.6.1"/><statusCode code="completed"/>
<effectiveTime value="20261204100000+0000"/><value xsi:type="PQ" value="` + kg + `" unit="kg"/></observation></component>
</organizer></entry></section></component></structuredBody></component>
</ClinicalDocument>`
}

// F459: Import records… with no person chosen of Rose's clinic summary carrying her twin
// Lily's record number was refused with an error line ("… import it with --profile ID"). The
// app asks whose records they are, in plain words, and imports as answered: as a new person
// Rose (no Rose here yet), into the Rose who is here, into Lily anyway, or nothing.
func TestImport_RecordNumberOfAnotherFirstNameAsked(t *testing.T) {
	cases := []struct {
		name     string
		roseHere bool
		answer   string
		// whose weights after: Lily's, Rose's (by name); people: how many
		lily, rose string
		people     int
	}{
		{"a new person", false, "Import for Rose Lindqvist as a new person", "22.2", "23.7", 2},
		{"the Rose who is here", true, "Import into Rose Lindqvist", "22.2", "23.6 23.7", 2},
		{"into Lily anyway", false, "Into Lily Lindqvist anyway", "22.2 23.7", "", 1},
		{"cancelled", false, "Cancel", "22.2", "", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := unlocked(t)
			m := u.main
			dir := t.TempDir()
			write := func(name, body string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			importNow := func(p string) {
				t.Helper()
				m.importInto([]string{p}, "")
				u.idle()
			}
			importNow(write("lily.xml", twinCCD("Lily", "LPFM-200872", "d1", "22.2")))
			closeTop(u)
			if c.roseHere {
				importNow(write("rose.xml", twinCCD("Rose", "LPFM-200871", "d2", "23.6")))
				closeTop(u)
			}
			importNow(write("rose-lily-mrn.xml", twinCCD("Rose", "LPFM-200872", "d3", "23.7")))
			q := u.win.Canvas().Overlays().Top()
			got := visibleTexts(q)
			for _, want := range []string{"Whose records are these?", "rose-lily-mrn.xml is for Rose Lindqvist, born 3 May 2019.",
				"same record number as Lily Lindqvist, who is here, but another first name", "Nothing from it was imported."} {
				if !strings.Contains(strings.Join(strings.Fields(got), " "), want) {
					t.Errorf("the question says %q, want %q", got, want)
				}
			}
			if strings.Contains(got, "--profile") {
				t.Errorf("the question gives the CLI's flag: %q", got)
			}
			tapButton(t, q, c.answer)
			u.idle()
			ps, _ := m.v.Profiles()
			if len(ps) != c.people {
				t.Errorf("%d people, want %d: %+v", len(ps), c.people, ps)
			}
			weights := func(name string) string {
				var out []string
				for _, p := range ps {
					if !strings.HasPrefix(p.Name, name) {
						continue
					}
					m.v.Records(context.Background(), storage.Query{Profile: p.ID, Type: "Observation"}, func(r *storage.Record) error {
						for _, kg := range []string{"22.2", "23.6", "23.7"} {
							if strings.Contains(string(r.Resource), `"value":`+kg) {
								out = append(out, kg)
							}
						}
						return nil
					})
				}
				slices.Sort(out)
				return strings.Join(out, " ")
			}
			if got := weights("Lily"); got != c.lily {
				t.Errorf("Lily's weights %q, want %q", got, c.lily)
			}
			if got := weights("Rose"); got != c.rose {
				t.Errorf("Rose's weights %q, want %q", got, c.rose)
			}
		})
	}
}

// closeTop closes the dialog on top (the import results).
func closeTop(u *UI) {
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		top.Hide()
		u.win.Canvas().Overlays().Remove(top)
	}
	u.idle()
}

// F459: with Lily chosen, her twin's clinic summary carrying Lily's record number is asked
// about as before ("… is for Rose Lindqvist …, not Lily Lindqvist …"); answered "as a new
// person", it is Rose's, not refused after the answer.
func TestImport_IntoChosenTwinAsNewPersonDespiteTheRecordNumber(t *testing.T) {
	u := unlocked(t)
	m := u.main
	dir := t.TempDir()
	lily := filepath.Join(dir, "lily.xml")
	mix := filepath.Join(dir, "rose-lily-mrn.xml")
	os.WriteFile(lily, []byte(twinCCD("Lily", "LPFM-200872", "d1", "22.2")), 0o600)
	os.WriteFile(mix, []byte(twinCCD("Rose", "LPFM-200872", "d3", "23.7")), 0o600)
	m.importInto([]string{lily}, "")
	u.idle()
	closeTop(u)
	ps, _ := m.v.Profiles()
	if len(ps) != 1 {
		t.Fatalf("people: %+v", ps)
	}
	m.importInto([]string{mix}, ps[0].ID)
	u.idle()
	tapButton(t, u.win.Canvas().Overlays().Top(), "Import as a new person")
	u.idle()
	got := visibleTexts(u.win.Canvas().Overlays().Top())
	if !strings.Contains(got, "for Rose Lindqvist") || strings.Contains(got, "could not") {
		t.Errorf("the results: %q", got)
	}
	if ps, _ = m.v.Profiles(); len(ps) != 2 {
		t.Errorf("people: %+v", ps)
	}
}
