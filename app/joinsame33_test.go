package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/storage"
)

// A file for "Lily Moreno", born 14 Apr 2019, beside Lily Rose Moreno born the same day, made
// a second child and the results gave only the CLI's commands; they now offer Join them…,
// asked in plain words, which puts the file's records on Lily Rose Moreno and leaves one
// person (F395).
func TestImport_MaybeSamePersonJoined(t *testing.T) {
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
	if m.results == nil || len(m.results.results) != 1 || m.results.results[0].Err != nil {
		t.Fatalf("import: %+v", m.results)
	}
	top := u.win.Canvas().Overlays().Top()
	shown := visibleTexts(top)
	if want := "Lily Moreno (new, born 14 Apr 2019) may be Lily Rose Moreno, born the same day: kept apart, as CareKeeper does not join two people by itself (if they are one person: Join them… below)"; !strings.Contains(shown, want) || strings.Contains(shown, "carekeeper ") {
		t.Errorf("the results say %q, want %q and no command", shown, want)
	}
	tapButton(t, top, "Join them…")
	u.idle()
	ask := u.win.Canvas().Overlays().Top()
	if want := "Only if they are the same person: two people can have one name and birth date. Everything recorded for Lily Moreno (new, from this import) moves to Lily Rose Moreno, and Lily Moreno is deleted. You can undo it, here or on the People screen, until CareKeeper is locked or closed, as long as nothing new is recorded for Lily Rose Moreno."; !strings.Contains(visibleTexts(ask), want) {
		t.Errorf("asked %q, want %q", visibleTexts(ask), want)
	}
	tapButton(t, ask, "Join them")
	u.idle()
	ps, err := m.v.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ID != here.ID {
		t.Fatalf("people after joining: %+v, want Lily Rose Moreno alone", ps)
	}
	n := 0
	m.v.Records(context.Background(), storage.Query{Profile: here.ID, Type: "Immunization"}, func(*storage.Record) error { n++; return nil })
	if n != 1 {
		t.Errorf("Lily Rose Moreno has %d vaccinations, want the file's one", n)
	}
	if got := visibleTexts(u.win.Canvas().Overlays().Top()); !strings.Contains(got, "Lily Rose Moreno has everything that was recorded for both.") {
		t.Errorf("after joining: %q", got)
	}
	if got := visibleTexts(top); !strings.Contains(got, "Joined: Lily Rose Moreno has everything that was recorded for both.") || strings.Count(got, "Join them…") != 1 {
		t.Errorf("the results after joining: %q", got)
	}
}
