package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F395, the rest: once the import results were closed, nothing undid "Join them…". The People
// screen says the last join and offers "Undo the join" until the vault is locked — and refuses,
// saying why, once something was recorded for the one who stays.
func TestPeople_JoinUndoneAfterTheResultsClosed(t *testing.T) {
	for _, recordedSince := range []bool{false, true} {
		name := "nothing since"
		if recordedSince {
			name = "a reading recorded since"
		}
		t.Run(name, func(t *testing.T) {
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
			tapButton(t, u.win.Canvas().Overlays().Top(), "Join them…")
			u.idle()
			ask := u.win.Canvas().Overlays().Top()
			if got := visibleTexts(ask); !strings.Contains(strings.Join(strings.Fields(got), " "), "You can undo it, here or on the People screen, until CareKeeper is locked or closed") {
				t.Errorf("the question: %q", got)
			}
			tapButton(t, ask, "Join them")
			u.idle()
			closeTop(u) // "One person now"
			closeTop(u) // the import results
			if ps, _ := m.v.Profiles(); len(ps) != 1 {
				t.Fatalf("people after joining: %+v", ps)
			}
			if recordedSince {
				w := []byte(`{"resourceType":"Observation","id":"w1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2026-12-06T10:00:00Z","valueQuantity":{"value":21,"unit":"kg"}}`)
				if _, err := m.v.Write(context.Background(), &storage.Batch{Now: time.Now(), Records: []storage.Record{{Profile: here.ID, ID: storage.ID{Source: "local", Type: "Observation", ID: "w1"}, Resource: w}}}); err != nil {
					t.Fatal(err)
				}
			}
			u.shell.show(scPeople)
			u.idle()
			people := u.shell.views[scPeople]
			got := strings.Join(strings.Fields(visibleTexts(people)), " ")
			if !strings.Contains(got, "Lily Moreno was joined into Lily Rose Moreno at ") {
				t.Fatalf("People says %q", got)
			}
			tapButton(t, people, "Undo the join")
			u.idle()
			ps, _ := m.v.Profiles()
			said := visibleTexts(u.win.Canvas().Overlays().Top())
			if recordedSince {
				if len(ps) != 1 || !strings.Contains(said, "It can no longer be undone: something was recorded for Lily Rose Moreno since the join") {
					t.Errorf("undo after a reading: %d people, %q", len(ps), said)
				}
			} else {
				var lily storage.Profile
				for _, p := range ps {
					if p.ID != here.ID {
						lily = p
					}
				}
				n := 0
				m.v.Records(context.Background(), storage.Query{Profile: lily.ID, Type: "Immunization"}, func(*storage.Record) error { n++; return nil })
				if len(ps) != 2 || lily.Name != "Lily Moreno" || n != 1 || !strings.Contains(said, "Undone: Lily Moreno and Lily Rose Moreno are two people again") {
					t.Errorf("after the undo: %+v, her vaccinations %d, %q", ps, n, said)
				}
			}
			closeTop(u)
			u.idle()
			if got := visibleTexts(people); strings.Contains(got, "was joined into") {
				t.Errorf("People still offers the undo: %q", got)
			}
		})
	}
}
