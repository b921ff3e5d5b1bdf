package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F455, F459, F464: records of two people mixed before the import refused it (Lily's file
// imported into Rose) stayed mixed, and only 'carekeeper profile separate' took them out. The
// People screen says who holds another person's records and separates them, asked first: to
// the person here who is them, or to a new person; then Undo puts them back.
func TestPeople_SeparatesTheRecordsOfAnotherPerson(t *testing.T) {
	for _, answer := range []string{"Move them to Lily Lindqvist", "Move them to a new person, Lily Lindqvist"} {
		t.Run(answer, func(t *testing.T) {
			u := unlocked(t)
			m := u.main
			ctx := context.Background()
			file := func(pid, given, mrn, kg string) []byte {
				return []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"` + pid + `","identifier":[{"system":"urn:oid:1.2.3.4","value":"` + mrn + `"}],"name":[{"family":"Lindqvist","given":["` + given + `"]}],"birthDate":"2019-05-03"}},
{"resource":{"resourceType":"Observation","id":"` + pid + `-w","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"Patient/` + pid + `"},"effectiveDateTime":"2026-12-05T15:30:00Z","valueQuantity":{"value":` + kg + `,"unit":"kg"}}}]}`)
			}
			imp := func(name string, data []byte, profile string) string {
				s, err := cksync.Import(ctx, m.v, name, data, cksync.Options{Profile: profile})
				if err != nil {
					t.Fatal(err)
				}
				return s.Profile
			}
			rose := imp("rose.json", file("rose-l", "Rose", "LPFM-200871", "23.6"), "")
			lily := imp("lily.json", file("lily-l", "Lily", "LPFM-200872", "22.2"), "")
			imp("lily-2.json", file("lily-2", "Lily", "LPFM-200872", "22.5"), rose) // the old mix-up
			weights := func(profile string) (out []string) {
				m.v.Records(ctx, storage.Query{Profile: profile, Type: "Observation"}, func(r *storage.Record) error {
					for _, kg := range []string{"23.6", "22.2", "22.5"} {
						if strings.Contains(string(r.Resource), `"value":`+kg) {
							out = append(out, kg)
						}
					}
					return nil
				})
				return out
			}
			if got := weights(rose); len(got) != 2 {
				t.Fatalf("Rose's weights before: %v, want hers and Lily's", got)
			}
			m.loadPeople("")
			u.idle()
			u.shell.show(scPeople)
			u.idle()
			people := u.shell.views[scPeople]
			got := strings.Join(strings.Fields(visibleTexts(people)), " ")
			if !strings.Contains(got, "Rose Lindqvist holds records of another person, Lily Lindqvist (born 3 May 2019): 2 records (Personal details: 1, Results: 1).") {
				t.Fatalf("People says %q", got)
			}
			tapButton(t, people, "Separate their records…")
			u.idle()
			q := u.win.Canvas().Overlays().Top()
			if got := visibleTexts(q); !strings.Contains(got, "Move them to Lily Lindqvist, or to a new person?") {
				t.Errorf("the question: %q", got)
			}
			tapButton(t, q, answer)
			u.idle()
			said := strings.Join(strings.Fields(visibleTexts(u.win.Canvas().Overlays().Top())), " ")
			if !strings.Contains(said, "Moved 2 records of Lily Lindqvist (born 3 May 2019) from Rose Lindqvist to ") {
				t.Errorf("after: %q", said)
			}
			if got := weights(rose); len(got) != 1 || got[0] != "23.6" {
				t.Errorf("Rose's weights after: %v, want hers alone", got)
			}
			ps, _ := m.v.Profiles()
			if strings.HasPrefix(answer, "Move them to Lily") {
				if len(ps) != 2 || len(weights(lily)) != 2 {
					t.Errorf("Lily's weights %v, people %d", weights(lily), len(ps))
				}
			} else if len(ps) != 3 {
				t.Errorf("%d people, want a new one", len(ps))
			}
			tapButton(t, u.win.Canvas().Overlays().Top(), "Undo")
			u.idle()
			if got := weights(rose); len(got) != 2 {
				t.Errorf("Rose's weights after the undo: %v", got)
			}
			closeTop(u)
			if got := visibleTexts(people); !strings.Contains(got, "holds records of another person") {
				t.Errorf("People after the undo: %q", got)
			}
		})
	}
}
