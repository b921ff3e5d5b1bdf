package hhvault

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	sched "carekeeper/internal/schedule"
	"carekeeper/storage"
)

// F426: on Walter's PC the Timeline said "entered by you" of a weight and an insulin dose his
// daughter entered on her own laptop. A record entered in CareKeeper on another device of the
// household is said as entered on that device; this computer's own stay "entered by you".
func TestEnteredOnAnotherDeviceIsSaid(t *testing.T) {
	ctx := context.Background()
	a, b, ha, hb := pairVaults(t, Config{Folder: t.TempDir()})
	p, err := a.AddProfile("Walter Pennington", "1945-01-01")
	if err != nil {
		t.Fatal(err)
	}
	exchangeAll(t, ha, hb, ha, hb)
	entered := func(v *storage.Vault, id string, typ string) storage.ID {
		rid := storage.ID{Source: storage.AppSource, Type: typ, ID: id}
		body := `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"text":"Body weight"},"effectiveDateTime":"2026-12-06T07:15:00Z","valueQuantity":{"value":84.9,"unit":"kg"}}`
		if typ == "MedicationAdministration" {
			body = `{"resourceType":"MedicationAdministration","id":"` + id + `","status":"completed","effectiveDateTime":"2026-12-06T16:20:00Z","medicationCodeableConcept":{"text":"Insulin glargine"}}`
		}
		rec, err := storage.NewRecord(p.ID, rid, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Write(ctx, &storage.Batch{Now: time.Now(), Records: []storage.Record{rec}}); err != nil {
			t.Fatal(err)
		}
		return rid
	}
	theirs := []storage.ID{entered(b, "w-clare", "Observation"), entered(b, "d-clare", "MedicationAdministration")}
	ours := entered(a, "w-pc", "Observation")
	exchangeAll(t, hb, ha, hb, ha)
	names, self, err := DeviceNames(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range theirs {
		if _, err := a.Get(id); err != nil {
			t.Fatalf("%s did not reach the PC: %v", id.ID, err)
		}
		w := health.Where{Source: id.Source, Device: EnteredOn(a, names, self, id)}
		if got := w.Words(time.UTC); got != "entered on b" {
			t.Errorf("%s, entered on b, is said on a as %q", id.ID, got)
		}
	}
	if got := (health.Where{Source: ours.Source, Device: EnteredOn(a, names, self, ours)}).Words(time.UTC); got != "entered by you" {
		t.Errorf("a's own weight is said on a as %q", got)
	}
}

// F438: on Kwame's laptop Today said "(set by you)" of levetiracetam times changed on Ada's PC.
// The plan in force names the device it was set on; this device's own is its own.
func TestPlanSetOnAnotherDeviceIsSaid(t *testing.T) {
	ctx := context.Background()
	a, b, ha, hb := pairVaults(t, Config{Folder: t.TempDir()})
	p, err := a.AddProfile("Tobi Okafor", "2019-04-14")
	if err != nil {
		t.Fatal(err)
	}
	id := storage.ID{Source: "https://gp.example/fhir", Type: "MedicationRequest", ID: "lev"}
	rec, err := storage.NewRecord(p.ID, id, []byte(`{"resourceType":"MedicationRequest","id":"lev","status":"active","intent":"order","authoredOn":"2026-11-01","medicationCodeableConcept":{"text":"Levetiracetam 100 mg/mL oral solution"},"dosageInstruction":[{"timing":{"repeat":{"timeOfDay":["08:00:00","19:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1.7,"unit":"mL"}}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Write(ctx, &storage.Batch{Now: time.Now(), Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	exchangeAll(t, ha, hb, ha, hb)
	setTimes := func(v *storage.Vault, at time.Time, times ...sched.Clock) {
		t.Helper()
		m, err := remind.Load(ctx, v, remind.LoadOptions{Device: time.UTC, Now: at})
		if err != nil {
			t.Fatal(err)
		}
		med := m.Medicine(p.ID, "MedicationRequest/lev")
		if med == nil {
			t.Fatal("no levetiracetam")
		}
		if err := remind.SetPlan(ctx, v, med, &sched.Plan{Phases: []sched.Phase{{Dose: "1.7 mL", Timing: sched.Timing{TimeOfDay: times}}}}, at); err != nil {
			t.Fatal(err)
		}
	}
	setTimes(a, time.Now(), 8*60, 19*60+30)
	exchangeAll(t, ha, hb, ha, hb)
	names, self, err := DeviceNames(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if got := PlanSetOn(b, names, self, p.ID, id); got != "a" {
		t.Errorf("times set on a are said on b as set on %q", got)
	}
	names, self, _ = DeviceNames(ctx, a)
	if got := PlanSetOn(a, names, self, p.ID, id); got != "" {
		t.Errorf("a's own times are said on a as set on %q", got)
	}
	setTimes(b, time.Now().Add(time.Minute), 8*60, 20*60)
	names, self, _ = DeviceNames(ctx, b)
	if got := PlanSetOn(b, names, self, p.ID, id); got != "" {
		t.Errorf("b's own times are said on b as set on %q", got)
	}
}
