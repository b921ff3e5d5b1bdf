package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// F485 item 2: Tobi's meter readings at 02:30 summer time and, an hour later, at 02:30 winter
// time (Berlin, the night of 25 Oct 2026) were both "25 Oct 2026, 02:30" in Show the readings
// and the chart's tooltip. They say the zone on the repeated hour, as the Timeline does.
func TestResults_RepeatedHourToldApart(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err) // CI has the zone database, as the other Berlin tests of this package need
	}
	rig := newRemindRig(t, at(9, 0), medFixture{"Tobi", "m1", "Insulin glargine", twiceDaily})
	rig.u.rem.opts.Device = func() *time.Location { return berlin }
	tobi := rig.people["Tobi"]
	var recs []storage.Record
	for i, r := range []struct{ at, v string }{{"2026-10-25T00:30:00Z", "3.8"}, {"2026-10-25T01:30:00Z", "4.6"}, {"2026-10-24T18:00:00Z", "6.1"}} {
		id := "g" + string(rune('a'+i))
		js := `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"14743-9"}]},"subject":{"reference":"Patient/p"},"effectiveDateTime":"` + r.at + `","valueQuantity":{"value":` + r.v + `,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}`
		rec, err := storage.NewRecord(tobi, storage.ID{Source: "clinic", Type: "Observation", ID: id}, []byte(js))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if _, err := rig.u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	res := resultsOf(t, rig, tobi)
	if res.chosen == nil {
		t.Fatal("no series chosen")
	}
	var got []string
	for i := 0; i < res.chosen.Len(); i++ {
		pt := res.chosen.At(i)
		got = append(got, res.pointText(res.chosen, []health.ChartPoint{{T: pt.T, V: pt.V, N: 1, Flag: pt.Flag, Precision: pt.Precision, DateOnly: pt.DateOnly}}))
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"25 Oct 2026, 02:30 CEST: 3.8 mmol/L", "25 Oct 2026, 02:30 CET: 4.6 mmol/L", "24 Oct 2026, 20:00: 6.1 mmol/L"} {
		if !strings.Contains(all, want) {
			t.Errorf("the readings:\n%s\nwant %q", all, want)
		}
	}
}
