package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
)

// F436/F446 follow-up: Tobi's levetiracetam, 10 mg/kg twice a day of a 100 mg/mL solution,
// ordered at his 17 kg; the notification says "(10 mg/kg: 170 mg = 1.7 mL at 17 kg …)", and its
// Taken must record that amount, as Today's Taken and `dose take` do — also after a later
// weighing (the order's weight, not the new one), and also when the engine started before
// the weight was known to it.
func TestNotificationTakenRecordsTheAmountByWeight(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	const lev = `[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","19:00:00"]}},` +
		`"doseAndRate":[{"doseQuantity":{"value":10,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}}]}]`
	for _, tc := range []struct {
		name    string
		weights [][2]string // value in kg, date
		how     string      // "": unlocked; "locked": answered while the vault is locked; "cold": after a restart, before the unlock
		want    string
	}{
		{"at the order's weight", [][2]string{{"17", "2026-01-01T10:00:00Z"}}, "", "170 mg"},
		{"weighed again since", [][2]string{{"17", "2026-01-01T10:00:00Z"}, {"18.4", "2026-05-30T10:00:00Z"}}, "", "170 mg"},
		{"answered while locked", [][2]string{{"17", "2026-01-01T10:00:00Z"}, {"18.4", "2026-05-30T10:00:00Z"}}, "locked", "170 mg"},
		{"answered before the first unlock", [][2]string{{"17", "2026-01-01T10:00:00Z"}, {"18.4", "2026-05-30T10:00:00Z"}}, "cold", "170 mg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := openVault(t)
			pid := addPerson(t, v, "Tobi")
			ref := addMed(t, v, pid, "lev", "Levetiracetam 100 mg/mL oral solution", lev)
			var recs []storage.Record
			for i, w := range tc.weights {
				id := "w" + string(rune('1'+i))
				res := `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},` +
					`"effectiveDateTime":"` + w[1] + `","valueQuantity":{"value":` + w[0] + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}`
				rec, err := storage.NewRecord(pid, storage.ID{Source: "clinic", Type: "Observation", ID: id}, []byte(res))
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, rec)
			}
			if _, err := v.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
				t.Fatal(err)
			}
			r := &rig{t: t, clk: &fakeClock{now: day(7, 0)}, n: newRecorder(), zone: lon, pid: pid, ref: ref}
			r.e = New(v, r.n, Options{Clock: r.clk, Device: func() *time.Location { return r.zone }})
			if err := r.e.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			e, n := r.e, r.n
			switch tc.how {
			case "locked":
				r.at(day(7, 30))
				e.Lock(ctx)
			case "cold":
				r.at(day(7, 30))
				dir := t.TempDir()
				if err := SaveAgenda(dir, r.e.Lock(ctx)); err != nil {
					t.Fatal(err)
				}
				fires, err := LoadAgenda(dir)
				if err != nil {
					t.Fatal(err)
				}
				n = newRecorder()
				e = NewLocked(n, fires, Options{Clock: r.clk, Device: func() *time.Location { return lon }})
			}
			r.clk.Set(day(8, 0))
			e.Step(ctx)
			ms := n.take()
			if len(ms) != 1 {
				t.Fatal(titles(ms))
			}
			r.clk.Set(day(8, 3))
			e.HandleEvent(ctx, Event{Tag: ms[0].Tag, Action: "taken"})
			if tc.how != "" {
				r.clk.Set(day(8, 4))
				if err := e.Unlock(ctx, v); err != nil {
					t.Fatal(err)
				}
			}
			m, err := Load(context.Background(), v, LoadOptions{Device: lon, Now: day(8, 5)})
			if err != nil {
				t.Fatal(err)
			}
			med := m.Medicine(pid, ref)
			ds := m.Doses[med.Key()]
			if len(ds) != 1 || !ds[0].Taken || ds[0].Amount != tc.want {
				t.Fatalf("notification %q; dose log %+v, want taken with the amount %q", ms[0].Title, ds, tc.want)
			}
		})
	}
}
