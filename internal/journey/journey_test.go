package journey

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

const portal = "https://portal.example/fhir"

// richNow is the clock of the synthetic people (a Tuesday).
var richNow = utc("2026-03-10T12:00:00Z")

func day(k int, hhmm string) time.Time {
	t, _ := time.Parse("2006-01-02T15:04", richNow.AddDate(0, 0, k).Format("2006-01-02")+"T"+hhmm)
	return t
}

// writeAt stores resources at a source, written at `at`.
func writeAt(tb testing.TB, v *storage.Vault, profile, source string, at time.Time, resources ...string) {
	tb.Helper()
	var recs []storage.Record
	for _, res := range resources {
		var h struct{ ResourceType, ID string }
		if err := json.Unmarshal([]byte(res), &h); err != nil {
			tb.Fatalf("bad test resource %s: %v", res, err)
		}
		rec, err := storage.NewRecord(profile, storage.ID{Source: source, Type: h.ResourceType, ID: h.ID}, []byte(res))
		if err != nil {
			tb.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Now: at, Records: recs}); err != nil {
		tb.Fatal(err)
	}
}

func condition(id, snomed, name string) string {
	return fmt.Sprintf(`{"resourceType":"Condition","id":%q,"clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":%q,"display":%q}]},"onsetDateTime":"2019-04-01"}`, id, snomed, name)
}

func observation(id, loinc, name string, value float64, unit, when, extra string) string {
	return fmt.Sprintf(`{"resourceType":"Observation","id":%q,"status":"final","code":{"coding":[{"system":"http://loinc.org","code":%q,"display":%q}]},"effectiveDateTime":%q,"valueQuantity":{"value":%v,"unit":%q}%s}`,
		id, loinc, name, when, value, unit, extra)
}

type rich struct {
	v       *storage.Vault
	profile string
	med     *remind.Medicine
	engine  *Engine
}

// richPerson is a synthetic person whose data triggers every rule but the streak.
func richPerson(t *testing.T) *rich {
	t.Helper()
	ctx := context.Background()
	v, profile := newPerson(t, "Rich Example")
	rng := `,"referenceRange":[{"low":{"value":70},"high":{"value":100}}]`
	writeAt(t, v, profile, portal, richNow.AddDate(0, 0, -1),
		condition("c1", "44054006", "Type 2 diabetes"),
		condition("c2", "38341003", "Hypertension"),
		observation("a1", "4548-4", "HbA1c", 8.1, "%", "2025-11-20T09:00:00Z", ""),
		observation("a2", "4548-4", "HbA1c", 7.2, "%", "2026-03-02T09:00:00Z", ""),
		observation("g1", "2339-0", "Glucose", 95, "mg/dL", "2025-11-20T09:00:00Z", rng),
		observation("g2", "2339-0", "Glucose", 130, "mg/dL", "2026-03-02T09:00:00Z", rng),
		`{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","authoredOn":"2026-02-12",
		  "medicationCodeableConcept":{"text":"Metformin 500 mg"},
		  "dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}],
		  "dispenseRequest":{"quantity":{"value":20,"unit":"tablet"}}}`,
	)
	r := &rich{v: v, profile: profile}
	p, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "Example Health", FHIR: portal, Profile: profile}, richNow.AddDate(0, -2, 0))
	if err != nil {
		t.Fatal(err)
	}
	p.Status, p.Connected, p.LastSync = cksync.StatusSignInAgain, true, richNow.AddDate(0, 0, -1)
	if err := cksync.SavePortal(ctx, v, p); err != nil {
		t.Fatal(err)
	}
	r.engine = &Engine{Load: LoadOptions{Device: time.UTC, Portals: func(ctx context.Context, v *storage.Vault) ([]cksync.Portal, error) {
		ps, err := cksync.Portals(ctx, v)
		var mine []cksync.Portal
		for _, x := range ps {
			if x.Profile == profile {
				mine = append(mine, x)
			}
		}
		return mine, err
	}}}
	m, err := remind.Load(ctx, v, remind.LoadOptions{Device: time.UTC, Profile: profile, Now: richNow})
	if err != nil {
		t.Fatal(err)
	}
	r.med = m.Medicine(profile, "MedicationRequest/m1")
	if r.med == nil {
		t.Fatal("the medicine is not loaded")
	}
	// Doses: every day the week before at 08:45; this week only four of seven.
	for k := -13; k <= -3; k++ {
		if k >= -2 {
			continue
		}
		due := day(k, "08:00")
		_, err := remind.RecordDose(ctx, v, r.med, remind.DoseAction{Profile: profile, Ref: r.med.Ref,
			Occurrence: due.Format("2006-01-02T15:04"), Scheduled: due, When: due.Add(45 * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Snoozes at 08:00 on three days.
	for _, k := range []int{-12, -11, -10} {
		due := day(k, "08:00")
		b, _ := json.Marshal(map[string]any{"s": remind.StatusSnoozed, "d": due, "u": due.Add(40 * time.Minute)})
		key := "remind/occ/" + profile + "/" + r.med.Key() + "/" + due.Format("2006-01-02T15:04")
		if err := v.UpdateState(ctx, storage.StateOp{Key: key, Value: b}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := remind.AddAppointment(ctx, v, remind.NewAppointment{Profile: profile, Start: day(1, "09:30"),
		Title: "Diabetes review", Location: "Riverside Clinic", Note: "Fasting blood test: nothing to eat after midnight"}); err != nil {
		t.Fatal(err)
	}
	if _, err := AddCheckIn(ctx, v, NewCheckIn{Profile: profile, Slug: "type-2-diabetes", At: day(-20, "19:00"),
		Symptoms: []string{"thirst", "tired"}, Severity: 4, Note: "long week"}); err != nil {
		t.Fatal(err)
	}
	if err := AddQuestion(ctx, v, profile, "Can I lower my HbA1c target?", richNow); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *rich) cards(t *testing.T) []Card {
	t.Helper()
	cs, err := r.engine.Cards(context.Background(), r.v, r.profile, richNow)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func one(t *testing.T, cs []Card, kind string, contains ...string) Card {
	t.Helper()
	var found []Card
	for _, c := range byKind(cs, kind) {
		text := c.Title + "\n" + c.Body + "\n" + strings.Join(c.Why, "\n")
		ok := true
		for _, s := range contains {
			ok = ok && strings.Contains(text, s)
		}
		if ok {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s cards with %q: %d, want 1; all cards:\n%s", kind, contains, len(found), dump(cs))
	}
	return found[0]
}

func dump(cs []Card) string {
	var sb strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&sb, "  [%s/%s] %s — %s %q\n", c.Kind, c.Severity, c.Title, c.Body, c.Why)
	}
	return sb.String()
}

func TestRichPersonTriggersEveryRule(t *testing.T) {
	r := richPerson(t)
	cs := r.cards(t)
	// Both readings' dates: "since November 2025" read as a change that went on from some day
	// in November until now (and "since November" of 3 and 20 November said nothing right).
	c := one(t, cs, "result-change", "Your HbA1c went from 8.1% to 7.2% between 20 Nov 2025 and 2 Mar 2026")
	if c.Severity != SeverityInfo || len(c.Links) != 2 || len(c.Why) < 2 {
		t.Errorf("HbA1c card: %+v", c)
	}
	c = one(t, cs, "result-change", "glucose is above its range", "70–100 mg/dL", careTeamLine)
	if c.Severity != SeverityAttention {
		t.Errorf("a result out of its own range is for attention: %+v", c)
	}
	if cs[0].Severity != SeverityAttention {
		t.Errorf("attention cards come first:\n%s", dump(cs))
	}
	one(t, cs, "appointment-tomorrow", "Tomorrow at 09:30: Diabetes review", "Riverside Clinic", "Preparation: Fasting blood test",
		"Bring your blood sugar log", "Bring your blood pressure readings", "1 question for your doctor")
	one(t, cs, "refill-due", "Metformin 500 mg", "run out around")
	one(t, cs, "adherence-drop", "4 of 7 doses", "7 of 7")
	one(t, cs, "portal-new-records", "new or updated records from Example Health")
	c = one(t, cs, "portal-sign-in", "Sign in to Example Health again")
	if c.Action == nil || c.Action.Kind != ActionSignIn {
		t.Errorf("sign-in card without its action: %+v", c)
	}
	one(t, cs, "home-measurement", "blood sugar")
	one(t, cs, "home-measurement", "blood pressure")
	one(t, cs, "check-in-due", "Your last check-in for type 2 diabetes was 20 days ago")
	one(t, cs, "check-in-due", "A short check-in for high blood pressure")
	c = one(t, cs, "reminder-time", "You usually take Metformin 500 mg around 08:45; move the reminder from 08:00 to 08:45?")
	if a := c.Action; a == nil || a.Kind != ActionMoveReminder || a.From != "08:00" || a.To != "08:45" || a.MedKey != r.med.Key() {
		t.Errorf("reminder-time action: %+v", c.Action)
	}
	c = one(t, cs, "snooze-pattern", "08:00 reminder for Metformin 500 mg is often snoozed", "08:45")
	seen := map[string]bool{}
	for _, c := range cs {
		seen[c.Kind] = true
		if c.ID == "" || !strings.HasPrefix(c.ID, c.Kind+"/") {
			t.Errorf("card id %q", c.ID)
		}
	}
	for _, rule := range Rules() {
		// adherence-streak, weight-gain (heart failure: TestWeightGainCardForHeartFailure),
		// glucose-targets (TestGlucoseTargetsForGestationalDiabetes), kidney-fall
		// (TestKidneyFunctionFallingOverTheYears) and low-glucose
		// (TestLowGlucoseIsSaidOnThePersonsCard) have their own cases.
		if !seen[rule.ID] && rule.ID != "adherence-streak" && rule.ID != "weight-gain" && rule.ID != "glucose-targets" && rule.ID != "kidney-fall" && rule.ID != "low-glucose" {
			t.Errorf("rule %s made no card", rule.ID)
		}
	}
	// Stable ids: the same data gives the same cards.
	again := r.cards(t)
	if dump(again) != dump(cs) || len(again) != len(cs) {
		t.Fatal("cards differ between two runs")
	}
	for i := range cs {
		if cs[i].ID != again[i].ID {
			t.Errorf("card id not stable: %s / %s", cs[i].ID, again[i].ID)
		}
	}
	checkWording(t, cs)
}

func TestStreak(t *testing.T) {
	ctx := context.Background()
	v, profile := newPerson(t, "Steady Example")
	ref, err := remind.AddOwnMedicine(ctx, v, profile, "Vitamin D", richNow.AddDate(0, 0, -30))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := remind.Load(ctx, v, remind.LoadOptions{Device: time.UTC, Profile: profile, Now: richNow})
	med := m.Medicine(profile, ref)
	plan, err := ShiftPlan(med.Plan, 0, 0, richNow, time.UTC, remind.DefaultSettings().Routine)
	if err == nil {
		t.Fatalf("a medicine without times cannot be shifted, got %+v", plan)
	}
	if err := setTimes(ctx, v, med, "09:00"); err != nil {
		t.Fatal(err)
	}
	m, _ = remind.Load(ctx, v, remind.LoadOptions{Device: time.UTC, Profile: profile, Now: richNow})
	med = m.Medicine(profile, ref)
	for k := -6; k <= 0; k++ {
		due := day(k, "09:00")
		if _, err := remind.RecordDose(ctx, v, med, remind.DoseAction{Profile: profile, Ref: ref, Occurrence: due.Format("2006-01-02T15:04"),
			Scheduled: due, When: due.Add(5 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	cs := cardsOf(t, v, profile, richNow)
	one(t, cs, "adherence-streak", "All 7 doses due in the last 7 days are marked as taken")
	if len(byKind(cs, "adherence-drop"))+len(byKind(cs, "reminder-time")) > 0 {
		t.Errorf("doses on time make no drop or timing card:\n%s", dump(cs))
	}
	checkWording(t, cs)
}
