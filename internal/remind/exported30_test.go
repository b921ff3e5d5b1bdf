package remind

import (
	"bytes"
	"context"
	"testing"
	"time"

	"carekeeper/sync"
)

// A person's export imported on a new computer (or after the person was deleted) keeps the
// doses answered: CareKeeper's dose events come back in the file, and they answer their doses
// there as on the computer that recorded them — Levothyroxine taken at 06:33 read "due" again,
// and an opioid logged minutes before was not counted against "at least 4 hours apart" (F334).
// The same export imported back into its own vault leaves one dose, not two.
func TestExportedDosesAnswerTheirDosesWhereImported(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	at := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	daily := `[{"timing":{"repeat":{"timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	prn := `[{"asNeededBoolean":true,"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}],"maxDosePerPeriod":{"numerator":{"value":6},"denominator":{"value":1,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}},"timing":{"repeat":{"frequency":1,"period":4,"periodUnit":"h"}}}]`

	a := openVault(t)
	pa := addPerson(t, a, "Grace")
	levo := addMed(t, a, pa, "m1", "Levothyroxine 50 mcg tablet", daily)
	oxy := addMed(t, a, pa, "m2", "Oxycodone 5 mg tablet", prn)
	m, err := Load(ctx, a, LoadOptions{Device: lon})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RecordDose(ctx, a, m.Medicine(pa, levo), DoseAction{Occurrence: "2026-06-01T08:00", Scheduled: at(8, 0), When: at(8, 5)}); err != nil {
		t.Fatal(err)
	}
	if _, err := RecordDose(ctx, a, m.Medicine(pa, oxy), DoseAction{When: at(9, 0)}); err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if _, err := sync.Export(ctx, a, pa, &file); err != nil {
		t.Fatal(err)
	}

	check := func(name string, m *Model, profile string) {
		t.Helper()
		st := m.DoseStates(profile, at(0, 0), at(23, 59), at(10, 0))
		if len(st) != 1 || st[0].State != DoseTaken {
			t.Errorf("%s: the 08:00 dose reads %+v, want taken", name, st)
		}
		med := m.Medicine(profile, oxy)
		if med == nil {
			t.Fatalf("%s: no oxycodone", name)
		}
		if got := len(m.Doses[med.Key()]); got != 1 {
			t.Errorf("%s: %d oxycodone doses in the log, want 1", name, got)
		}
		if c := m.DoseCaution(med, at(10, 0)); c == "" {
			t.Errorf("%s: a second oxycodone dose an hour after the first gets no caution", name)
		}
	}

	b := openVault(t)
	pb := addPerson(t, b, "Grace")
	if _, err := sync.Import(ctx, b, "grace.json", file.Bytes(), sync.Options{Profile: pb}); err != nil {
		t.Fatal(err)
	}
	mb, err := Load(ctx, b, LoadOptions{Device: lon})
	if err != nil {
		t.Fatal(err)
	}
	check("imported on a new computer", mb, pb)

	if _, err := sync.Import(ctx, a, "grace.json", file.Bytes(), sync.Options{Profile: pa}); err != nil {
		t.Fatal(err)
	}
	ma, err := Load(ctx, a, LoadOptions{Device: lon})
	if err != nil {
		t.Fatal(err)
	}
	check("imported back into its own vault", ma, pa)
}
