package journey

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// BenchmarkCards computes every insight for the largest fixture (Fletcher Hyatt, 1111 entries,
// 122 MedicationRequests, 351 Observations): loading the person's records once, the reminder
// model, portals, state, and running every rule. Goal: ≤ 20 ms.
func BenchmarkCards(b *testing.B) {
	v, ps := vault(b)
	profile, now := ps["fletcher"], nowFor(b, "fletcher")
	e := &Engine{}
	ctx := context.Background()
	if _, err := e.Cards(ctx, v, profile, now); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Cards(ctx, v, profile, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMedicines is the Medicines screen of the largest fixture: its 122 prescriptions
// grouped into rows with their states, choices and the reminder model.
func BenchmarkMedicines(b *testing.B) {
	v, ps := vault(b)
	profile, now := ps["fletcher"], nowFor(b, "fletcher")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Medicines(ctx, v, profile, now, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTodayEveryone is Today for every person of the test vault (one entry each).
func BenchmarkTodayEveryone(b *testing.B) {
	v, _ := vault(b)
	ctx := context.Background()
	now := utc("2026-03-10T08:30:00Z")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Today(ctx, v, "", now, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResultsEveryone is the result series of every person, one entry each.
func BenchmarkResultsEveryone(b *testing.B) {
	v, _ := vault(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Results(ctx, v, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRules runs the rules alone over already loaded data.
func BenchmarkRules(b *testing.B) {
	v, ps := vault(b)
	d, err := Load(context.Background(), v, ps["fletcher"], nowFor(b, "fletcher"), LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	e := &Engine{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.series, d.watchedSer = nil, nil
		e.CardsFor(d, nil)
	}
}

func FuzzReadCheckIn(f *testing.F) {
	f.Add([]byte(`{"resourceType":"QuestionnaireResponse","questionnaire":"urn:carekeeper:questionnaire:gout","status":"completed","authored":"2026-03-01T10:00:00Z","item":[{"linkId":"symptoms","answer":[{"valueCoding":{"code":"pain"}}]},{"linkId":"severity","answer":[{"valueInteger":5}]}]}`))
	f.Add([]byte(`{"questionnaire":"urn:carekeeper:questionnaire:x","authored":"2026","item":[{"linkId":"severity","answer":[{"valueInteger":-3}]}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, ok := readCheckIn(&health.Resource{JSON: data})
		if ok && (c.Severity < 0 || c.Slug == "" && len(data) < 40) {
			t.Fatalf("accepted %+v", c)
		}
	})
}

// BenchmarkOneRowEach is what one row of each thing from two sources adds to opening the
// Timeline of the largest fixture (Fletcher Hyatt: 351 Observations, most sharing their
// encounter's instant, and 10 Immunizations): the records of one person, type and day or
// instant are read (from the records the app already holds) and compared (F441, F427).
func BenchmarkOneRowEach(b *testing.B) {
	v, ps := vault(b)
	profile := ps["fletcher"]
	ctx := context.Background()
	var events []health.Event
	js := map[health.Key][]byte{}
	if err := v.Records(ctx, storage.Query{Profile: profile}, func(r *storage.Record) error {
		if health.InTimeline(r.ID.Type) {
			k := health.Key{Source: r.ID.Source, Type: r.ID.Type, ID: r.ID.ID}
			js[k] = r.Resource
			events = append(events, health.Event{Date: r.Meta.Date, Kind: health.KindOf(r.ID.Type), Key: k, Profile: profile})
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	loc := func(string) *time.Location { return time.UTC }
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		out, _ := OneRowEach(events, func(e *health.Event) []byte { return js[e.Key] }, loc)
		if len(out) == 0 {
			b.Fatal("no events")
		}
	}
}
