package journey

import (
	"bytes"
	"context"
	"reflect"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// BuildSummary reads the observations without keeping them (LoadOptions.summary): what it
// shows of them, its PDF and its IPS Bundle must be those of the summary of a whole Load.
func TestSummaryStreamedLikeLoaded(t *testing.T) {
	ctx := context.Background()
	r, _ := richSummary(t)
	const lab = "https://portal.example.org/fhir"
	// A result in words, an unreadable value, a result deleted at its source, a result whose
	// id another source also uses, and a panel referring to its member results.
	writeAt(t, r.v, r.profile, lab, day(-5, "09:00"),
		`{"resourceType":"Observation","id":"txt1","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"5778-6","display":"Color of Urine"}]},"effectiveDateTime":"2026-03-05T09:00:00Z","valueString":"Yellow"}`,
		`{"resourceType":"Observation","id":"bad1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"2026-03-05T09:00:00Z","valueQuantity":{"value":1e300,"unit":"mg/dL"}}`,
		`{"resourceType":"Observation","id":"gone","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"2026-03-05T09:00:00Z","valueQuantity":{"value":250,"unit":"mg/dL"}}`,
		`{"resourceType":"Observation","id":"same","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"2020-03-05T09:00:00Z","valueQuantity":{"value":99,"unit":"mg/dL"}}`,
		`{"resourceType":"Observation","id":"panel","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"24323-8","display":"Panel"}]},"effectiveDateTime":"2026-03-05T09:00:00Z","valueQuantity":{"value":1,"unit":"1"},"hasMember":[{"reference":"Observation/txt1"},{"reference":"Observation/same"},{"reference":"urn:uuid:same"}]}`,
	)
	writeAt(t, r.v, r.profile, "https://other.example.org/fhir", day(-4, "09:00"),
		`{"resourceType":"Observation","id":"same","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"2026-03-06T09:00:00Z","valueQuantity":{"value":101,"unit":"mg/dL"}}`)
	if _, err := r.v.Write(ctx, &storage.Batch{Now: day(-1, "09:00"), Deleted: []storage.ID{{Source: lab, Type: "Observation", ID: "gone"}}}); err != nil {
		t.Fatal(err)
	}
	v, profiles := vault(t)
	type person struct {
		name, profile string
		v             *storage.Vault
		opt           LoadOptions
		now           time.Time
	}
	people := []person{{"rich", r.profile, r.v, r.engine.Load, richNow}}
	for name, p := range profiles {
		people = append(people, person{name, p, v, LoadOptions{Device: time.UTC}, nowFor(t, name)})
	}
	var sawText, sawHome, sawUnreadable, sawResults bool
	for _, p := range people {
		for _, period := range [][2]time.Time{
			{utc("1900-01-01T00:00:00Z"), p.now.AddDate(0, 0, 1)},
			{p.now.AddDate(-2, 0, 0), p.now.AddDate(0, -6, 0)},
		} {
			streamed, err := BuildSummary(ctx, p.v, p.profile, period[0], period[1], p.now, p.opt)
			if err != nil {
				t.Fatal(err)
			}
			if streamed.observations == nil {
				t.Fatalf("%s: BuildSummary kept the observations", p.name)
			}
			d, err := Load(ctx, p.v, p.profile, p.now, p.opt)
			if err != nil {
				t.Fatal(err)
			}
			loaded := d.Summary(period[0], period[1])
			for _, f := range []struct {
				name string
				a, b any
			}{
				{"results", streamed.Results, loaded.Results},
				{"text results", streamed.TextResults, loaded.TextResults},
				{"home", streamed.Home, loaded.Home},
				{"unreadable", streamed.Unreadable, loaded.Unreadable},
				{"problems", streamed.Problems, loaded.Problems},
				{"medicines", streamed.Medicines, loaded.Medicines},
				{"immunizations", streamed.Immunizations, loaded.Immunizations},
			} {
				if !reflect.DeepEqual(f.a, f.b) {
					t.Errorf("%s %v: %s streamed\n%#v\nloaded\n%#v", p.name, period, f.name, f.a, f.b)
				}
			}
			var sp, lp bytes.Buffer
			if err := WritePDF(&sp, streamed); err != nil {
				t.Fatal(err)
			}
			if err := WritePDF(&lp, loaded); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(sp.Bytes(), lp.Bytes()) {
				t.Errorf("%s %v: the PDFs differ", p.name, period)
			}
			sb, err := streamed.Bundle()
			if err != nil {
				t.Fatal(err)
			}
			lb, err := loaded.Bundle()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(sb, lb) {
				t.Errorf("%s %v: the Bundles differ:\n%s\n%s", p.name, period, sb, lb)
			}
			sawText = sawText || len(loaded.TextResults) > 0
			sawHome = sawHome || len(loaded.Home) > 0
			sawUnreadable = sawUnreadable || loaded.Unreadable > 0
			sawResults = sawResults || len(loaded.Results) > 0
		}
	}
	if !sawText || !sawHome || !sawUnreadable || !sawResults {
		t.Errorf("not every part compared: text %v, home %v, unreadable %v, results %v", sawText, sawHome, sawUnreadable, sawResults)
	}
	// The deleted result is in neither.
	s, err := BuildSummary(ctx, r.v, r.profile, utc("1900-01-01T00:00:00Z"), richNow.AddDate(0, 0, 1), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range s.Results {
		for _, pt := range se.Points.All() {
			if pt.Key == (health.Key{Source: lab, Type: "Observation", ID: "gone"}) {
				t.Error("a deleted result is in the summary")
			}
		}
	}
}
