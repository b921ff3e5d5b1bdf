package cli_test

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// F421's rest: a medicine's record written again after both computers of the household had
// seen it (a changed order imported again, a portal sync) made each judge "before it was
// added" by its own first sight: the dose Walter's PC had reminded of was "earlier (its time
// had passed when the medicine was added)" on his daughter's laptop, which had joined later.
// The record keeps when it first came in (storage.Meta.Added) across rewrites, and it travels
// with it: both say the same.
func TestHouseholdDevicesAgreeAfterTheMedicineIsWrittenAgain(t *testing.T) {
	for _, transport := range []string{"folder", "webdav"} {
		t.Run(transport, func(t *testing.T) {
			base := time.Now().UTC().Add(-8 * time.Hour).Truncate(time.Minute)
			doseAt := base.Add(time.Hour)
			order := func(note string) []byte {
				return []byte(`{"resourceType":"MedicationRequest","id":"glar","status":"active","intent":"order","authoredOn":"` +
					base.AddDate(0, 0, -20).Format("2006-01-02") + `","medicationCodeableConcept":{"text":"Insulin glargine"},` +
					`"dosageInstruction":[{"text":"` + note + `","timing":{"repeat":{"timeOfDay":["` + doseAt.Format("15:04") + `:00"]}},"doseAndRate":[{"doseQuantity":{"value":18,"unit":"units"}}]}]}`)
			}
			write := func(r runner, walter string, at time.Time, note string) {
				t.Helper()
				v := openVault(t, r)
				defer v.Close()
				rec, err := storage.NewRecord(walter, storage.ID{Source: "gp.example", Type: "MedicationRequest", ID: "glar"}, order(note))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := v.Write(context.Background(), &storage.Batch{Now: at, Records: []storage.Record{rec}}); err != nil {
					t.Fatal(err)
				}
			}
			var walter string
			desk, laptop := joinedPair(t, transport, "UTC", "UTC", func(desk runner) {
				walter = addedProfile(t, desk, "--name", "Walter Pennington", "--birth-date", "1948-01-01")
				write(desk, walter, base, "18 units at night")
			})
			// Walter's PC reminded from a minute after the record came in; the laptop, which
			// joined, from three hours after; then the order is written again on the PC.
			remindersRunAt(t, desk, base.Add(time.Minute), time.UTC)
			remindersRunAt(t, laptop, base.Add(3*time.Hour), time.UTC)
			write(desk, walter, base.Add(210*time.Minute), "18 units at night; check sugar first")
			desk.run(t, "household", "sync").ok(t)
			laptop.run(t, "household", "sync").ok(t)
			now := base.Add(4 * time.Hour)
			type seen struct {
				early bool
				state string
			}
			says := map[string]seen{}
			for name, r := range map[string]runner{"Walter's PC": desk, "Clare's laptop": laptop} {
				v := openVault(t, r)
				rec, err := v.Get(storage.ID{Source: "gp.example", Type: "MedicationRequest", ID: "glar"})
				if err != nil {
					v.Close()
					t.Fatal(err)
				}
				if !rec.Meta.Added.Equal(base) || !rec.Meta.ImportedAt.Equal(base.Add(210*time.Minute)) {
					t.Errorf("%s holds the order as first come in %v, written %v; want %v, %v", name, rec.Meta.Added, rec.Meta.ImportedAt, base, base.Add(210*time.Minute))
				}
				m, err := remind.Load(context.Background(), v, remind.LoadOptions{Device: time.UTC, Now: now})
				v.Close()
				if err != nil {
					t.Fatal(err)
				}
				if len(m.People) != 1 {
					t.Fatalf("%s holds %d people", name, len(m.People))
				}
				for _, ds := range m.DoseStates(m.People[0].Profile, base, now, now) {
					if ds.Due.Equal(doseAt) {
						says[name] = seen{ds.Early, ds.State}
					}
				}
			}
			pc, lap := says["Walter's PC"], says["Clare's laptop"]
			if pc.state == "" || pc != lap {
				t.Errorf("the %s dose: Walter's PC says %+v, Clare's laptop %+v: one state on both", doseAt.Format("15:04"), pc, lap)
			}
			if lap.early {
				t.Errorf("Clare's laptop says the %s dose came before the medicine was added (it came in at %s)", doseAt.Format("15:04"), base.Format("15:04"))
			}
		})
	}
}
