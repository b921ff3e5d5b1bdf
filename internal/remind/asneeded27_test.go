package remind

import (
	"context"
	"testing"
	"time"
)

// F71: logging an as-needed dose sooner than its record allows, or over its most doses a day,
// is asked about first, in plain words, on the person's clock.
func TestDoseCaution(t *testing.T) {
	const every4h = `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":4,"periodMax":6,"periodUnit":"h"}},` +
		`"doseAndRate":[{"doseQuantity":{"value":240,"unit":"mg"}}],"maxDosePerPeriod":{"numerator":{"value":720,"unit":"mg"},"denominator":{"value":1,"unit":"d"}}}]`
	const nothing = `[{"asNeededBoolean":true}]`
	for _, tc := range []struct {
		name   string
		dosage string
		person string   // the person's zone; this computer is on London's
		taken  []string // doses logged ("2006-01-02 15:04" on the person's clock)
		at     string
		want   string
	}{
		{name: "first dose", dosage: every4h, at: "2026-12-05 14:10"},
		{name: "an hour after", dosage: every4h, taken: []string{"2026-12-05 14:10"}, at: "2026-12-05 15:10",
			want: "The last dose was at 14:10, 1 hour ago. This medicine says at least 4 hours between doses."},
		{name: "pressed twice", dosage: every4h, taken: []string{"2026-12-05 14:10"}, at: "2026-12-05 14:10",
			want: "The last dose was at 14:10, just now. This medicine says at least 4 hours between doses."},
		{name: "4 hours after", dosage: every4h, taken: []string{"2026-12-05 14:10"}, at: "2026-12-05 18:10"},
		{name: "the fourth in a day", dosage: every4h, taken: []string{"2026-12-05 06:00", "2026-12-05 10:30", "2026-12-05 15:00"}, at: "2026-12-05 20:00",
			want: "3 doses were logged in the last 24 hours, the last at 15:00. This medicine says at most 3 doses a day."},
		{name: "both", dosage: every4h, taken: []string{"2026-12-05 06:00", "2026-12-05 10:30", "2026-12-05 15:00"}, at: "2026-12-05 16:30",
			want: "The last dose was at 15:00, 1 hour 30 minutes ago. This medicine says at least 4 hours between doses. " +
				"3 doses were logged in the last 24 hours, the last at 15:00. This medicine says at most 3 doses a day."},
		{name: "yesterday's", dosage: every4h, taken: []string{"2026-12-04 23:30"}, at: "2026-12-05 01:00",
			want: "The last dose was at 4 Dec 2026, 23:30, 1 hour 30 minutes ago. This medicine says at least 4 hours between doses."},
		{name: "on another clock", dosage: every4h, person: "America/New_York", taken: []string{"2026-12-05 14:10"}, at: "2026-12-05 14:40",
			want: "The last dose was at 14:10 New York time, 30 minutes ago. This medicine says at least 4 hours between doses."},
		{name: "the record says nothing", dosage: nothing, taken: []string{"2026-12-05 14:10"}, at: "2026-12-05 14:11"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			v := openVault(t)
			pid := addPerson(t, v, "Mum")
			ref := addMed(t, v, pid, "prn", "Paracetamol 240 mg suppository", tc.dosage)
			zone := "Europe/London"
			if tc.person != "" {
				zone = tc.person
			}
			s := DefaultSettings()
			s.Zone = zone
			if err := SaveSettings(ctx, v, pid, s); err != nil {
				t.Fatal(err)
			}
			loc, lon := mustLoc(t, zone), mustLoc(t, "Europe/London")
			parse := func(s string) time.Time {
				at, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
				if err != nil {
					t.Fatal(err)
				}
				return at
			}
			at := parse(tc.at)
			load := func() *Model {
				m, err := Load(ctx, v, LoadOptions{Device: lon, Now: at})
				if err != nil {
					t.Fatal(err)
				}
				return m
			}
			for _, w := range tc.taken {
				if _, err := RecordDose(ctx, v, load().Medicine(pid, ref), DoseAction{Profile: pid, Ref: ref, When: parse(w)}); err != nil {
					t.Fatal(err)
				}
			}
			m := load()
			if got := m.DoseCaution(m.Medicine(pid, ref), at); got != tc.want {
				t.Errorf("caution:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// F127: a medicine of one's own added with no times is taken only when needed: no reminders,
// "as needed" in words (it read "set the times yourself").
func TestOwnMedicineAsNeeded(t *testing.T) {
	ctx := context.Background()
	v := openVault(t)
	pid := addPerson(t, v, "Lola")
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	ref, err := AddOwnMedicineDetails(ctx, v, pid, OwnMedicine{Name: "Ibuprofen", Strength: "100 mg", Form: "liquid", AsNeeded: true}, now)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Load(ctx, v, LoadOptions{Device: time.UTC, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(pid, ref)
	if med == nil || !med.Plan.AsNeeded || med.Describe != "as needed" || !med.Taking {
		t.Fatalf("own medicine with no times: %+v", med)
	}
	if rs := m.Reminders(pid, now, now.Add(48*time.Hour), now); len(rs) != 0 {
		t.Errorf("reminders for a medicine taken only when needed: %v", rs)
	}
}
