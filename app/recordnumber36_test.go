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
	return personCCD(given, "Lindqvist", "20190503", mrn, docID, kg)
}

// personCCD is twinCCD of anyone: given and family name, birth date (YYYYMMDD).
func personCCD(given, family, birth, mrn, docID, kg string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<templateId root="2.16.840.1.113883.10.20.22.1.1" extension="2015-08-01"/>
<id root="2.16.840.1.113883.19.5.99" extension="` + docID + `"/>
<code code="34133-9" codeSystem="2.16.840.1.113883.6.1"/>
<title>Clinic summary</title>
<effectiveTime value="20261204110000+0000"/>
<recordTarget><patientRole><id root="2.16.840.1.113883.3.7777" extension="` + mrn + `"/>
<patient><name><given>` + given + `</given><family>` + family + `</family></name><administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/><birthTime value="` + birth + `"/></patient>
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
			if c.name == "a new person" {
				if got := visibleTexts(u.win.Canvas().Overlays().Top()); !strings.Contains(got, "for Rose Lindqvist (new)") {
					t.Errorf("the results: %q, want \"for Rose Lindqvist (new)\"", got)
				}
			}
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

// F466: with Maria chosen, the son Kenji's clinic summary (Kenji Nakamura, born 30 Jun 1974)
// carrying his late father's record number offered "Import into Kenji Nakamura (born 1946)" —
// the father — though the son, of that very name and birth date, is here. The son is offered.
func TestImport_FileOfTheSonWithTheFathersNumberGoesToTheSon(t *testing.T) {
	u := unlocked(t)
	m := u.main
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		return p
	}
	for _, p := range []string{
		write("father.xml", personCCD("Kenji", "Nakamura", "19460211", "SFM-004417", "f1", "83.2")),
		write("son.xml", personCCD("Kenji", "Nakamura", "19740630", "SFM-019562", "s1", "90.1")),
	} {
		m.importInto([]string{p}, "")
		u.idle()
		closeTop(u)
	}
	maria, err := m.v.AddProfile("Maria Reyes-Nakamura", "1976-03-02")
	if err != nil {
		t.Fatal(err)
	}
	m.loadPeople("")
	u.idle()
	m.importInto([]string{write("mixup.xml", personCCD("Kenji", "Nakamura", "19740630", "SFM-004417", "m1", "92.1"))}, maria.ID)
	u.idle()
	q := u.win.Canvas().Overlays().Top()
	got := strings.Join(strings.Fields(visibleTexts(q)), " ")
	if !strings.Contains(got, "Import into Kenji Nakamura (born 1974)") || strings.Contains(got, "1946") {
		t.Fatalf("the question: %q, want the son (born 1974) offered, never the father", got)
	}
	tapButton(t, q, "Import into Kenji Nakamura (born 1974)")
	u.idle()
	ps, _ := m.v.Profiles()
	for _, p := range ps {
		n := 0
		m.v.Records(context.Background(), storage.Query{Profile: p.ID, Type: "Observation"}, func(r *storage.Record) error {
			if strings.Contains(string(r.Resource), `"value":92.1`) {
				n++
			}
			return nil
		})
		if want := p.BirthDate == "1974-06-30"; (n == 1) != want {
			t.Errorf("%s (%s) holds %d of the file's weights", p.Name, p.BirthDate, n)
		}
	}
}

// F466 (the engine's refusal, 93d1239): with no person chosen the son's clinic summary carrying
// his late father's record number is refused, naming nobody; the app asks, in plain words,
// and puts it with the son.
func TestImport_RecordNumberOfAnotherBirthDateAsked(t *testing.T) {
	u := unlocked(t)
	m := u.main
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		return p
	}
	for _, p := range []string{
		write("father.xml", personCCD("Kenji", "Nakamura", "19460211", "SFM-004417", "f1", "83.2")),
		write("son.xml", personCCD("Kenji", "Nakamura", "19740630", "SFM-019562", "s1", "90.1")),
	} {
		m.importInto([]string{p}, "")
		u.idle()
		closeTop(u)
	}
	m.importInto([]string{write("mixup.xml", personCCD("Kenji", "Nakamura", "19740630", "SFM-004417", "m1", "92.1"))}, "")
	u.idle()
	q := u.win.Canvas().Overlays().Top()
	got := strings.Join(strings.Fields(visibleTexts(q)), " ")
	for _, want := range []string{"mixup.xml is for Kenji Nakamura, born 30 Jun 1974. It has the same record number as Kenji Nakamura (born 1946), who is here, but another birth date",
		"Import it into Kenji Nakamura (born 1974), who is here too, or into Kenji Nakamura (born 1946) anyway?"} {
		if !strings.Contains(got, want) {
			t.Errorf("the question: %q, want %q", got, want)
		}
	}
	tapButton(t, q, "Import into Kenji Nakamura (born 1974)")
	u.idle()
	ps, _ := m.v.Profiles()
	if len(ps) != 2 {
		t.Errorf("people: %+v", ps)
	}
	for _, p := range ps {
		n := 0
		m.v.Records(context.Background(), storage.Query{Profile: p.ID, Type: "Observation"}, func(r *storage.Record) error {
			if strings.Contains(string(r.Resource), `"value":92.1`) {
				n++
			}
			return nil
		})
		if want := p.BirthDate == "1974-06-30"; (n == 1) != want {
			t.Errorf("%s (%s) holds %d of the file's weights", p.Name, p.BirthDate, n)
		}
	}
}
