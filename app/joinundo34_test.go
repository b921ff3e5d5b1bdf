package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/storage"
)

// F395: "Join them…" on the import results had a confirmation only, no undo. On a computer in
// no household the results offer Undo right after: Lily Moreno is a person again, with the
// card's vaccination, and Lily Rose Moreno keeps only her own.
func TestImport_JoinUndone(t *testing.T) {
	u := unlocked(t)
	m := u.main
	here, err := m.v.AddProfile("Lily Rose Moreno", "2019-04-14")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "lily-card.json")
	os.WriteFile(path, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:4f1a7c1e-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","name":[{"family":"Moreno","given":["Lily"]}],"birthDate":"2019-04-14"}},
{"fullUrl":"urn:uuid:4f1a7c1e-0000-4000-8000-000000000002","resource":{"resourceType":"Immunization","status":"completed","vaccineCode":{"text":"COVID-19 vaccine"},"patient":{"reference":"urn:uuid:4f1a7c1e-0000-4000-8000-000000000001"},"occurrenceDateTime":"2026-10-01"}}]}`), 0o600)
	m.loadPeople("")
	u.idle()
	m.importInto([]string{path}, "")
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	tapButton(t, top, "Join them…")
	u.idle()
	tapButton(t, u.win.Canvas().Overlays().Top(), "Join them")
	u.idle()
	if ps, _ := m.v.Profiles(); len(ps) != 1 {
		t.Fatalf("people after joining: %+v", ps)
	}
	u.win.Canvas().Overlays().Top().(interface{ Hide() }).Hide() // "One person now"
	u.idle()
	tapButton(t, top, "Undo")
	u.idle()
	ps, err := m.v.Profiles()
	if err != nil || len(ps) != 2 {
		t.Fatalf("people after the undo: %+v %v", ps, err)
	}
	var lily storage.Profile
	for _, p := range ps {
		if p.ID != here.ID {
			lily = p
		}
	}
	count := func(profile string) (n int) {
		m.v.Records(context.Background(), storage.Query{Profile: profile, Type: "Immunization"}, func(*storage.Record) error { n++; return nil })
		return n
	}
	if lily.Name != "Lily Moreno" || lily.BirthDate != "2019-04-14" || count(lily.ID) != 1 || count(here.ID) != 0 {
		t.Errorf("after the undo: %+v with %d vaccinations, Lily Rose with %d", lily, count(lily.ID), count(here.ID))
	}
	if got := visibleTexts(top); !strings.Contains(got, "Undone: Lily Moreno and Lily Rose Moreno are two people again, each with what was recorded for them.") {
		t.Errorf("the results after the undo: %q", got)
	}
}
