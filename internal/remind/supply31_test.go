package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

func schedulePhase(dose string) schedule.Phase { return schedule.Phase{Dose: dose} }

// lopezMetformin is Maria's Metformin 500 mg, 1 tablet at 09:30 and 21:30, with a dispense of
// 60 tablets for 30 days handed over on 9 Nov 2026 at 10:00 UTC (the finding's lopez.json).
const lopezOneTablet = `[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["09:30:00","21:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`

func addLopezDispense(t *testing.T, v *storage.Vault, pid string) {
	t.Helper()
	rec, err := storage.NewRecord(pid, storage.ID{Source: "local", Type: "MedicationDispense", ID: "md1"}, []byte(`{"resourceType":"MedicationDispense","id":"md1","status":"completed",`+
		`"authorizingPrescription":[{"reference":"MedicationRequest/mm1"}],"medicationCodeableConcept":{"text":"Metformin 500 MG Oral Tablet"},`+
		`"quantity":{"value":60,"unit":"tablet"},"daysSupply":{"value":30,"unit":"d"},"whenHandedOver":"2026-11-09T10:00:00+00:00"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
}

// F380: "Update supply…" offered the 60 tablets handed over 27 days ago as the supply on hand, and
// saving it moved the run-out from 9 Dec to 5 Jan. What the box offers is what is counted as
// left, said with where it is counted from; a supply set is said with its new run-out.
func TestSupplyOfferIsWhatIsLeft(t *testing.T) {
	v := openVault(t)
	pid := addPerson(t, v, "Maria")
	ref := addMed(t, v, pid, "mm1", "Metformin 500 MG Oral Tablet", lopezOneTablet)
	addLopezDispense(t, v, pid)
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 10, 25, 0, 0, time.UTC)
	m, err := Load(ctx, v, LoadOptions{Device: time.UTC, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(pid, ref)
	if runOut, ok := m.RunOut(med, now); !ok || !runOut.Equal(time.Date(2026, 12, 9, 21, 30, 0, 0, time.UTC)) {
		t.Fatalf("run-out %v %v, want 9 Dec 21:30", runOut, ok)
	}
	for _, c := range []struct {
		at         time.Time
		box, words string
	}{
		// 9 Nov 21:30 … 6 Dec 09:30: 54 doses of 1 tablet used.
		{now, "6", "about 6 left, counted from the 60 tablets handed over on 9 Nov 2026"},
		{time.Date(2026, 11, 9, 12, 0, 0, 0, time.UTC), "60", "about 60 left, counted from the 60 tablets handed over on 9 Nov 2026"},
		{time.Date(2026, 12, 9, 22, 0, 0, 0, time.UTC), "0", "about 0 left, counted from the 60 tablets handed over on 9 Nov 2026"},
	} {
		if box, words := m.SupplyOffer(med, c.at); box != c.box || words != c.words {
			t.Errorf("at %v: offer %q, %q; want %q, %q", c.at, box, words, c.box, c.words)
		}
	}
	if got, want := m.SupplySetWords(med, 60, now), "Supply set to 60 tablets on 6 Dec 2026: runs out around 5 Jan 2027"; got != want {
		t.Errorf("set words %q, want %q", got, want)
	}
	// A supply entered by the person: offered as it is until a dose uses it.
	if err := SetSupply(ctx, v, med, 28, now); err != nil {
		t.Fatal(err)
	}
	m, _ = Load(ctx, v, LoadOptions{Device: time.UTC, Now: now})
	med = m.Medicine(pid, ref)
	if box, words := m.SupplyOffer(med, now); box != "28" || words != "28 tablets on hand, entered on 6 Dec 2026" {
		t.Errorf("entered: %q, %q", box, words)
	}
	if box, words := m.SupplyOffer(med, now.Add(24*time.Hour)); box != "26" || words != "about 26 left, counted from the 28 tablets entered on 6 Dec 2026" {
		t.Errorf("entered, a day later: %q, %q", box, words)
	}
}

// F374: a newer record (lastUpdated 6 Dec 08:00) raises Metformin from 1 to 2 tablets twice
// a day. The 60 handed over on 9 Nov for 30 days were counted at 2 tablets a dose from the
// hand-over: "would have run out on 24 Nov". Until the change a dose was 1 tablet (the
// dispense's 60 for 30 days says so): 53 used, 7 left at 08:00, at 4 a day out on 7 Dec.
func TestSupplyCountsTheDoseInForceEachDay(t *testing.T) {
	const twoTablets = `[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["09:30:00","21:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}]}]`
	now := time.Date(2026, 12, 6, 10, 25, 0, 0, time.UTC)
	for _, c := range []struct {
		name, dosage, meta string
		runOut             time.Time
		box                string
	}{
		{"one tablet", lopezOneTablet, `"meta":{"lastUpdated":"2026-11-01T08:00:00Z"}`, time.Date(2026, 12, 9, 21, 30, 0, 0, time.UTC), "6"},
		{"raised to two on 6 Dec", twoTablets, `"meta":{"lastUpdated":"2026-12-06T08:00:00Z","versionId":"2"}`, time.Date(2026, 12, 7, 21, 30, 0, 0, time.UTC), "5"},
		// The record was exported on 6 Dec with one tablet: its lastUpdated is not a change.
		{"one tablet, exported on 6 Dec", lopezOneTablet, `"meta":{"lastUpdated":"2026-12-06T08:00:00Z"}`, time.Date(2026, 12, 9, 21, 30, 0, 0, time.UTC), "6"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := openVault(t)
			pid := addPerson(t, v, "Maria")
			ref := addMed(t, v, pid, "mm1", "Metformin 500 MG Oral Tablet", c.dosage, c.meta)
			addLopezDispense(t, v, pid)
			m, err := Load(context.Background(), v, LoadOptions{Device: time.UTC, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			med := m.Medicine(pid, ref)
			if runOut, ok := m.RunOut(med, now); !ok || !runOut.Equal(c.runOut) {
				t.Errorf("run-out %v %v, want %v", runOut, ok, c.runOut)
			}
			if box, _ := m.SupplyOffer(med, now); box != c.box {
				t.Errorf("left %q, want %q", box, c.box)
			}
			if rf := m.Refills(pid, now); len(rf) != 1 || m.Zone(pid).RunOutWords(rf[0].RunOut, now) != "runs out around "+m.Zone(pid).Date(c.runOut) {
				t.Errorf("refills %+v", rf)
			}
		})
	}
}

// F374, no date: the record raised the dose but says nothing of when (no meta.lastUpdated).
// Counted with the new dose from the hand-over the 60 "would have run out on 24 Nov" — a day
// the data does not support: what is known is said instead, and to check how many are left.
func TestSupplyDoseChangedWithoutADateSaysSo(t *testing.T) {
	const twoTablets = `[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["09:30:00","21:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}]}]`
	now := time.Date(2026, 12, 6, 10, 25, 0, 0, time.UTC)
	v := openVault(t)
	pid := addPerson(t, v, "Maria")
	addMed(t, v, pid, "mm1", "Metformin 500 MG Oral Tablet", twoTablets)
	addLopezDispense(t, v, pid)
	m, err := Load(context.Background(), v, LoadOptions{Device: time.UTC, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	rf := m.Refills(pid, now)
	if len(rf) != 1 {
		t.Fatalf("refills %+v", rf)
	}
	want := "may have run out: the 60 tablets handed over on 9 Nov 2026 were for 30 days, and at the dose now they last 15 days; check how many are left"
	if got := m.Zone(pid).RefillWords(rf[0].RunOut, now, rf[0].DoseChanged); got != want {
		t.Errorf("refill words %q, want %q", got, want)
	}
	// The supply box offers no count: none is supported.
	if box, words := m.SupplyOffer(m.Medicine(pid, "MedicationRequest/mm1"), now); box != "" ||
		words != "the 60 tablets handed over on 9 Nov 2026 were for 30 days, and at the dose now they last 15 days: count how many are left and enter them" {
		t.Errorf("offer %q, %q", box, words)
	}
	// Before the counted run-out the date is said, as for any refill.
	early := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	if got := m.Zone(pid).RefillWords(rf[0].RunOut, early, rf[0].DoseChanged); got != "runs out around 24 Nov 2026" {
		t.Errorf("on 20 Nov: %q", got)
	}
}

// F374 with the doses answered: each answer keeps the amount given (Dose.Amount), and the
// supply counts what was given — 1 tablet a dose until 6 Dec 09:30 — not the record's dose now.
func TestSupplyCountsWhatTheAnswersGave(t *testing.T) {
	const twoTablets = `[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["09:30:00","21:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}]}]`
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 10, 25, 0, 0, time.UTC)
	v := openVault(t)
	pid := addPerson(t, v, "Maria")
	ref := addMed(t, v, pid, "mm1", "Metformin 500 MG Oral Tablet", lopezOneTablet)
	addLopezDispense(t, v, pid)
	m, err := Load(ctx, v, LoadOptions{Device: time.UTC, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(pid, ref)
	n := 0
	for at := time.Date(2026, 11, 9, 21, 30, 0, 0, time.UTC); !at.After(now); at = at.Add(12 * time.Hour) {
		if _, err := RecordDose(ctx, v, med, DoseAction{Occurrence: at.Format("2006-01-02T15:04"), Scheduled: at, When: at}); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 54 {
		t.Fatalf("%d doses answered, want 54", n)
	}
	addMed(t, v, pid, "mm1", "Metformin 500 MG Oral Tablet", twoTablets) // the newer record, undated
	m, err = Load(ctx, v, LoadOptions{Device: time.UTC, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	med = m.Medicine(pid, ref)
	// 6 left at 10:25; 2 a dose from 21:30: 6 Dec 21:30, 7 Dec 09:30 and 21:30, out on 8 Dec 09:30.
	if runOut, ok := m.RunOut(med, now); !ok || !runOut.Equal(time.Date(2026, 12, 8, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("run-out %v %v, want 8 Dec 09:30", runOut, ok)
	}
	if box, _ := m.SupplyOffer(med, now); box != "6" {
		t.Errorf("left %q, want 6", box)
	}
}

// F432: Walter's insulin glargine 100 units/mL pre-filled pen, 18 units at 22:00, 15 mL handed
// over on 20 Nov (five 3 mL pens, 1,500 units). The 15 mL were never counted, the box asked for
// "how many doses you have" and read 5 as units: "Supply set to 5 on 6 Dec 2026: runs out
// around 6 Dec 2026". The mL are counted as units (83 doses), and the box and what is said of
// it name the unit.
func TestSupplyOfInsulinInUnits(t *testing.T) {
	v := openVault(t)
	pid := addPerson(t, v, "Walter")
	ref := addMed(t, v, pid, "ins1", "Insulin glargine 100 units/mL solution for injection pre-filled pen",
		`[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["22:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":18,"unit":"units"}}]}]`)
	rec, err := storage.NewRecord(pid, storage.ID{Source: "local", Type: "MedicationDispense", ID: "d1"}, []byte(`{"resourceType":"MedicationDispense","id":"d1","status":"completed",`+
		`"authorizingPrescription":[{"reference":"MedicationRequest/ins1"}],"medicationCodeableConcept":{"text":"Insulin glargine 100 units/mL"},`+
		`"quantity":{"value":15,"unit":"mL"},"whenHandedOver":"2026-11-20T10:00:00+00:00"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 16, 0, 0, 0, time.UTC)
	m, err := Load(context.Background(), v, LoadOptions{Device: time.UTC, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(pid, ref)
	// 1,500 units at 18 a dose: 83 doses from 20 Nov 22:00, the 84th (11 Feb 2027) not covered.
	if runOut, ok := m.RunOut(med, now); !ok || !runOut.Equal(time.Date(2027, 2, 11, 22, 0, 0, 0, time.UTC)) {
		t.Errorf("run-out %v %v, want 11 Feb 2027 22:00", runOut, ok)
	}
	// 16 doses used by 6 Dec 16:00 (20 Nov … 5 Dec): 1,500 − 288 = 1,212 left.
	if box, words := m.SupplyOffer(med, now); box != "1212" || words != "about 1212 left, counted from the 1500 units handed over on 20 Nov 2026" {
		t.Errorf("offer %q %q", box, words)
	}
	if got := med.SupplyHint(); got != "how many units you have, e.g. 300 for one 3 mL pen of 100 units/mL" {
		t.Errorf("hint %q", got)
	}
	if got, want := m.SupplySetWords(med, 5, now), "Supply set to 5 units on 6 Dec 2026: runs out around 6 Dec 2026"; got != want {
		t.Errorf("set words %q, want %q", got, want)
	}
	if got, want := m.SupplySetWords(med, 1500, now), "Supply set to 1500 units on 6 Dec 2026: runs out around 27 Feb 2027"; got != want {
		t.Errorf("set words %q, want %q", got, want)
	}
}

func TestSupplyUnitAndHint(t *testing.T) {
	for _, tc := range []struct{ name, dose, unit, hint string }{
		{"Metformin 500 mg tablet", "1 tablet", "tablets", "how many tablets you have, e.g. 28"},
		{"Salbutamol inhaler", "2 puff", "puffs", "how many puffs you have, e.g. 28"},
		{"Nicotine patch", "1 patch", "patches", "how many patches you have, e.g. 28"},
		{"Paracetamol", "500 mg", "doses", "how many doses you have, e.g. 28"},
		{"Insulin aspart", "6 units", "units", "how many units you have, e.g. 28"},
		// a dose by body size is not a unit to count: it asked "how many mg/kgs you have"
		{"Levetiracetam 100 mg/mL oral solution", "10 mg/kg", "doses", "how many doses you have, e.g. 28"},
		{"Carboplatin", "300 mg/m2", "doses", "how many doses you have, e.g. 28"},
	} {
		med := &Medicine{Name: tc.name}
		med.Plan.Phases = append(med.Plan.Phases, schedulePhase(tc.dose))
		if u, h := med.SupplyUnit(), med.SupplyHint(); u != tc.unit || h != tc.hint {
			t.Errorf("%s, %s: %q %q; want %q %q", tc.name, tc.dose, u, h, tc.unit, tc.hint)
		}
	}
}

// F442 item 2: Humulin I 100 units/mL, 8 units at 22:00, 15 mL handed over on 3 Dec for "28
// days" (a pen's life once opened): Supply on hand said "The 1500 handed over on 3 Dec 2026 were
// for 28 days, and at the dose now they last 187 days: count how many are left" of a dose that
// never changed. It now counts from the hand-over and names the unit.
func TestInsulinDaysSupplyIsNotADoseChange(t *testing.T) {
	v := openVault(t)
	pid := addPerson(t, v, "Ada")
	ref := addMed(t, v, pid, "ins2", "Humulin I KwikPen 100 units/mL suspension for injection",
		`[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["22:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":8,"unit":"units"}}]}]`)
	rec, err := storage.NewRecord(pid, storage.ID{Source: "local", Type: "MedicationDispense", ID: "d2"}, []byte(`{"resourceType":"MedicationDispense","id":"d2","status":"completed",`+
		`"authorizingPrescription":[{"reference":"MedicationRequest/ins2"}],"medicationCodeableConcept":{"text":"Humulin I KwikPen 100 units/mL"},`+
		`"quantity":{"value":15,"unit":"mL"},"daysSupply":{"value":28,"unit":"d"},"whenHandedOver":"2026-12-03T10:00:00+00:00"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 16, 0, 0, 0, time.UTC)
	m, err := Load(context.Background(), v, LoadOptions{Device: time.UTC, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	// 3 doses (3, 4, 5 Dec at 22:00) of 8 units from 1,500: 1,476 left.
	if box, words := m.SupplyOffer(m.Medicine(pid, ref), now); box != "1476" || words != "about 1476 left, counted from the 1500 units handed over on 3 Dec 2026" {
		t.Errorf("offer %q %q", box, words)
	}
}
