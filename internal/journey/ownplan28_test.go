package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
)

// F143 (1): a medicine added by hand with times set in CareKeeper read "• Vitamin D 1000 IU"
// in the visit summary, nothing of how it is taken, while Medicines said "once a day at 21:38
// (set by you)". The summary (PDF and the IPS Bundle's narrative) says the plan the person
// set; an as-needed one added by hand says "as needed"; an imported medicine whose times the
// person changed says its record's dosage and then the person's times; one that follows its
// record says the record's dosage alone.
func TestSummarySaysAPlanSetByHand(t *testing.T) {
	ctx := context.Background()
	r := richPerson(t)
	vitd, err := remind.AddOwnMedicineDetails(ctx, r.v, r.profile, remind.OwnMedicine{Name: "Vitamin D", Strength: "1000 IU"}, richNow.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := remind.AddOwnMedicineDetails(ctx, r.v, r.profile, remind.OwnMedicine{Name: "Ibuprofen", Strength: "100 mg", AsNeeded: true}, richNow.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	m, err := remind.Load(ctx, r.v, remind.LoadOptions{Device: time.UTC, Profile: r.profile, Now: richNow})
	if err != nil {
		t.Fatal(err)
	}
	at := func(hm string) *schedule.Plan {
		c, err := schedule.ParseClock(hm)
		if err != nil {
			t.Fatal(err)
		}
		return &schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{TimeOfDay: []schedule.Clock{c}}}}}
	}
	if err := remind.SetPlan(ctx, r.v, m.Medicine(r.profile, vitd), at("21:38"), richNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Vitamin D 1000 IU": "once a day at 21:38 (set in CareKeeper)",
		"Ibuprofen 100 mg":  "as needed",
		"Metformin 500 mg":  "1 tablet, once a day at 08:00",
	}
	if got := howIn(t, r); got["Metformin 500 mg"] != want["Metformin 500 mg"] {
		t.Errorf("Metformin, its record's times: %q", got["Metformin 500 mg"])
	}
	if err := remind.SetPlan(ctx, r.v, m.Medicine(r.profile, "MedicationRequest/m1"), at("07:00"), richNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	want["Metformin 500 mg"] = "1 tablet, once a day at 08:00; as set in CareKeeper: once a day at 07:00"
	s, err := BuildSummary(ctx, r.v, r.profile, richNow.AddDate(-1, 0, 0), richNow.Add(time.Minute), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	for _, sm := range s.Medicines {
		if w, ok := want[sm.Name]; ok {
			if got := sm.HowWords(); got != w {
				t.Errorf("%s: %q, want %q", sm.Name, got, w)
			}
			delete(want, sm.Name)
		}
	}
	if len(want) != 0 {
		t.Errorf("not in the summary: %v", want)
	}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, s); err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " "); !strings.Contains(text, "Vitamin D 1000 IU — once a day at 21:38 (set in CareKeeper)") {
		t.Errorf("PDF:\n%s", text)
	}
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("Vitamin D 1000 IU: once a day at 21:38 (set in CareKeeper)")) {
		t.Errorf("the IPS Bundle's medicines do not say the plan set by hand")
	}
}

// howIn is how the summary of the last year says each medicine is taken, by name.
func howIn(t *testing.T, r *rich) map[string]string {
	t.Helper()
	s, err := BuildSummary(context.Background(), r.v, r.profile, richNow.AddDate(-1, 0, 0), richNow.Add(time.Minute), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, sm := range s.Medicines {
		out[sm.Name] = sm.HowWords()
	}
	return out
}
