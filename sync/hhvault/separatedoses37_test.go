package hhvault

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	sched "carekeeper/internal/schedule"
	"carekeeper/storage"
)

// 'profile separate' moved Lily's medicine from Rose to Lily but not what was answered and set
// for it while it sat with Rose: the doses taken and skipped, the times the person set. Lily's
// Today lost its history and Rose's kept answers for a medicine not hers. They move with the
// medicine, in the same write, and UndoSeparate puts them back.

// medFile is mixFile with one medicine of the person, at 08:00 and 20:00.
func medFile(server, pid, given, family, birth, mrn, med string) []byte {
	b := mixFile(server, pid, given, family, birth, mrn, "29463-7")
	url := ""
	if server != "" {
		url = fmt.Sprintf(`"fullUrl":"%s/MedicationRequest/%s",`, server, med)
	}
	entry := fmt.Sprintf(`,{%s"resource":{"resourceType":"MedicationRequest","id":%q,"status":"active","intent":"order","authoredOn":"2026-11-01","subject":{"reference":"Patient/%s"},"medicationCodeableConcept":{"text":"Medicine %s"},"dosageInstruction":[{"timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}}]}`,
		url, med, pid, med)
	return append(b[:len(b)-2], entry...)
}

// doseStates are a person's dose states of 6 and 7 December: "<medicine ref> <occurrence>: <state>".
func doseStates(t *testing.T, v *storage.Vault, profile string, now time.Time) []string {
	t.Helper()
	m, err := remind.Load(context.Background(), v, remind.LoadOptions{Device: time.UTC, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ds := range m.DoseStates(profile, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC), now) {
		out = append(out, ds.Ref+" "+ds.Occurrence+": "+ds.State)
	}
	sort.Strings(out)
	return out
}

func TestSeparateMovesDoseAnswersAndPlans(t *testing.T) {
	ctx := context.Background()
	const ehr, clinic = "https://ehr.example/fhir", "https://clinic.example/fhir"
	setAt := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		server string // of the file mixed in ("": local ids)
		lily   bool   // the file was imported for Lily too
		toNew  bool   // moved to a new person, not to Lily
	}{
		{name: "a file with server ids, to Lily", server: ehr},
		{name: "a file of local ids, to Lily", server: ""},
		{name: "a file of local ids Lily holds too, to Lily", server: "", lily: true},
		{name: "a file of local ids Lily holds too, to a new person", server: "", lily: true, toNew: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := openVault(t)
			lily := importInto(t, v, "lily-a.json", mixFile(clinic, "lily-a", "Lily", "Lindqvist", "2019-05-03", "LPFM-200872", "29463-7"), "")
			rose := importInto(t, v, "rose.json", medFile(ehr, "rose-l", "Rose", "Lindqvist", "2019-05-03", "LPFM-200871", "rose-med"), "")
			lilyFile := medFile(tc.server, "lily-l", "Lily", "Lindqvist", "2019-05-03", "LPFM-200872", "lily-med")
			if tc.lily {
				importInto(t, v, "lily-b.json", lilyFile, lily)
			}
			importInto(t, v, "lily-b.json", lilyFile, rose)

			// Rose's computer set Lily's medicine to 09:00 and 21:00 and answered its doses, and
			// Rose's own medicine's.
			m, err := remind.Load(ctx, v, remind.LoadOptions{Device: time.UTC, Now: setAt})
			if err != nil {
				t.Fatal(err)
			}
			lm := m.Medicine(rose, "MedicationRequest/lily-med")
			rm := m.Medicine(rose, "MedicationRequest/rose-med")
			if lm == nil || rm == nil {
				t.Fatalf("the medicines are not Rose's: %v %v", lm, rm)
			}
			if err := remind.SetPlan(ctx, v, lm, &sched.Plan{Phases: []sched.Phase{{Dose: "1 tablet", Timing: sched.Timing{TimeOfDay: []sched.Clock{9 * 60, 21 * 60}}}}}, setAt); err != nil {
				t.Fatal(err)
			}
			m, err = remind.Load(ctx, v, remind.LoadOptions{Device: time.UTC, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			answer := func(ref string, at time.Time, skip bool) {
				t.Helper()
				med := m.Medicine(rose, ref)
				os := m.DoseTimes(med, at.Add(-time.Minute), at.Add(time.Minute))
				if len(os) == 0 {
					t.Fatalf("no dose of %s at %v", ref, at)
				}
				if _, err := remind.RecordDose(ctx, v, med, remind.DoseAction{Profile: rose, Ref: ref, Occurrence: os[0].Key, Scheduled: os[0].At, When: at.Add(5 * time.Minute), Skip: skip}); err != nil {
					t.Fatal(err)
				}
			}
			if err := journey.SetMedicineChoice(ctx, v, rose, "MedicationRequest/lily-med", true, setAt); err != nil {
				t.Fatal(err)
			}
			answer("MedicationRequest/lily-med", time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC), false)
			answer("MedicationRequest/lily-med", time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC), true)
			answer("MedicationRequest/lily-med", time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), false)
			answer("MedicationRequest/rose-med", time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC), false)

			before := doseStates(t, v, rose, now)
			var lilys, roses []string
			for _, s := range before {
				if strings.HasPrefix(s, "MedicationRequest/lily-med ") {
					lilys = append(lilys, s)
				} else {
					roses = append(roses, s)
				}
			}
			want := []string{
				"MedicationRequest/lily-med 2026-12-06T09:00: taken",
				"MedicationRequest/lily-med 2026-12-06T21:00: skipped",
				"MedicationRequest/lily-med 2026-12-07T09:00: taken",
			}
			for _, w := range want {
				if !slices.Contains(lilys, w) {
					t.Fatalf("before: Rose's Today has not %q: %q", w, before)
				}
			}
			lilyBefore := doseStates(t, v, lily, now)

			ms, err := FindMixed(ctx, v, nil)
			if err != nil || len(ms) != 1 || ms[0].To != lily {
				t.Fatalf("FindMixed: %+v (%v)", ms, err)
			}
			if got := ms[0].CountWords(); got != "Doses taken or skipped: 3, Medicines: 1, Personal details: 1, Results: 1" {
				t.Errorf("the records to move are said %q", got)
			}
			to := lily
			if tc.toNew {
				to = ""
			}
			s, err := SeparatePeople(ctx, v, nil, ms[0], to, now)
			if err != nil {
				t.Fatal(err)
			}
			lilyWas := lily
			lily = s.To

			// Lily's Today has her medicine's times and answers; Rose's has her own alone.
			after := doseStates(t, v, lily, now)
			for _, w := range want {
				if !slices.Contains(after, w) {
					t.Errorf("after: Lily's Today has not %q: %q", w, after)
				}
			}
			if got := doseStates(t, v, rose, now); !slices.Equal(got, roses) {
				t.Errorf("after: Rose's Today is %q, want her own %q", got, roses)
			}
			m, err = remind.Load(ctx, v, remind.LoadOptions{Device: time.UTC, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if med := m.Medicine(lily, "MedicationRequest/lily-med"); med == nil || !med.Overridden || med.Facts.Choice == nil {
				t.Errorf("Lily's medicine has not the times set for it or the choice made: %+v", med)
			}
			if med := m.Medicine(rose, "MedicationRequest/lily-med"); med != nil {
				t.Errorf("Rose still has Lily's medicine")
			}
			// Nothing of Lily's medicine is left in Rose's state.
			if err := v.ScanState(ctx, "", func(k string, _ []byte) error {
				if strings.Contains(k, "/"+rose+"/") && strings.Contains(k, "lily-med") && !strings.HasPrefix(k, "remind/shown/") {
					t.Errorf("left with Rose: %s", k)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}

			// Undone: as it was.
			if err := UndoSeparate(ctx, v, s); err != nil {
				t.Fatal(err)
			}
			if got := doseStates(t, v, rose, now); !slices.Equal(got, before) {
				t.Errorf("after the undo Rose's Today is %q, was %q", got, before)
			}
			if got := doseStates(t, v, lilyWas, now); !slices.Equal(got, lilyBefore) {
				t.Errorf("after the undo Lily's Today is %q, was %q", got, lilyBefore)
			}
			if ms, _ := FindMixed(ctx, v, nil); len(ms) != 1 {
				t.Errorf("after the undo %d mixed, want the one", len(ms))
			}
		})
	}
}
