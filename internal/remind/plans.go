package remind

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

func loadOverride(v *storage.Vault, profile string, id storage.ID) (Override, error) {
	var o Override
	b, err := v.GetState(planKey(profile, id))
	if errors.Is(err, storage.ErrNotFound) {
		return o, nil
	}
	if err != nil {
		return o, err
	}
	return o, json.Unmarshal(b, &o)
}

// SetPlan stores the person's own plan for a medicine (nil goes back to the record's plan),
// without editing the record. Reminders for the new plan start at now; the plan in force until
// now is kept in the override's History, so the doses before now stay that plan's (F164).
func SetPlan(ctx context.Context, v *storage.Vault, med *Medicine, plan *schedule.Plan, now time.Time) error {
	if med == nil {
		return errNoMedicine
	}
	o, err := loadOverride(v, med.Profile, med.ID)
	if err != nil {
		return wrapf(err, "reading the plan")
	}
	// What is stored decides, not med as it was read: the Medicines screen's reading may be from
	// before the last change (another Save, the command line, another device), and the plan kept
	// for the day until now is the plan in force then (F241 on the way: 01:13 of the plan set at
	// 01:10 was lost when 01:28 was added from a reading of 01:05).
	plan = keepRecordLimit(plan, med.RecordPlan)
	overridden, inForce := med.Overridden, med.Plan
	if o.Plan != nil {
		overridden, inForce = true, *o.Plan
	}
	if (plan == nil && !overridden) || (plan != nil && overridden && reflect.DeepEqual(*plan, inForce)) {
		return nil // the plan in force: nothing changes (a medicine's settings saved as they were)
	}
	now = now.UTC()
	var hist []PlanSpan
	for _, h := range o.history() {
		if h.Until.After(now.AddDate(0, 0, -historyDays)) && h.Until.Before(now) {
			hist = append(hist, h)
		}
	}
	// The plan in force until now (the record's or the person's): the day keeps its doses. A
	// medicine of one's own given its first times as it is added (the engine has not seen it
	// yet) had none before: they are its times from the start, and a dose a few minutes past
	// is due (DoseStatus.Early).
	if !(med.Own && !overridden && len(o.history()) == 0 && med.seen.IsZero()) {
		hist = append(hist, PlanSpan{Plan: inForce, Until: now})
	}
	o.History = hist
	o.Plan, o.Since, o.Before = plan, now, nil
	return saveOverride(ctx, v, med, o)
}

// keepRecordLimit gives "only as needed", chosen by the person with nothing said of how often,
// what the record says of it: "4 mL every 6 hours as needed for fever" made only as needed
// dropped "at least 6 hours apart", and doses an hour apart were logged for a baby without a
// word (F477). The record's as-needed instructions are the plan then; when they are the record's
// whole plan, the plan is the record's (nil: nothing set by the person). A plan of times, or one
// that says its own limit, is the person's as given.
func keepRecordLimit(plan *schedule.Plan, record schedule.Plan) *schedule.Plan {
	if plan == nil || !plan.AsNeeded || plan.Limit() != (schedule.Limit{}) || record.Limit() == (schedule.Limit{}) {
		return plan
	}
	var kept []schedule.Phase
	for _, ph := range record.Phases {
		if ph.AsNeeded {
			kept = append(kept, ph)
		}
	}
	if record.AsNeeded && len(kept) == len(record.Phases) {
		return nil
	}
	return &schedule.Plan{AsNeeded: true, Phases: kept}
}

// SetSupply stores how much of a medicine the person has now (counted by them).
func SetSupply(ctx context.Context, v *storage.Vault, med *Medicine, quantity float64, now time.Time) error {
	if med == nil {
		return errNoMedicine
	}
	if quantity < 0 {
		return errors.New("the supply cannot be negative")
	}
	o, err := loadOverride(v, med.Profile, med.ID)
	if err != nil {
		return wrapf(err, "reading the plan")
	}
	o.Supply = &Supply{Quantity: quantity, AsOf: now.UTC(), Entered: true}
	return saveOverride(ctx, v, med, o)
}

func saveOverride(ctx context.Context, v *storage.Vault, med *Medicine, o Override) error {
	if o.Plan == nil && o.Supply == nil && len(o.history()) == 0 {
		return v.UpdateState(ctx, storage.StateOp{Key: planKey(med.Profile, med.ID), Delete: true})
	}
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	return v.UpdateState(ctx, storage.StateOp{Key: planKey(med.Profile, med.ID), Value: b})
}

// AddOwnMedicine stores a medicine the person takes that no record lists (a MedicationStatement
// with CareKeeper as its source, status active) and returns its reference.
func AddOwnMedicine(ctx context.Context, v *storage.Vault, profile, name string, now time.Time) (string, error) {
	person, err := v.Profile(profile)
	if err != nil {
		return "", err
	}
	if name == "" {
		return "", errors.New("the medicine needs a name")
	}
	id := newID()
	b, _ := json.Marshal(map[string]any{
		"resourceType":              "MedicationStatement",
		"id":                        id,
		"status":                    "active",
		"medicationCodeableConcept": map[string]string{"text": name},
		"subject":                   personSubject(person),
		"dateAsserted":              now.Format(time.RFC3339),
	})
	rec, err := storage.NewRecord(profile, storage.ID{Source: storage.AppSource, Type: "MedicationStatement", ID: id}, b)
	if err != nil {
		return "", err
	}
	if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}, Durable: true}); err != nil {
		return "", wrapf(err, "saving the medicine")
	}
	return "MedicationStatement/" + id, nil
}

// deceased reads what the profile's Patient records say about the person's death as of now.
func deceased(ctx context.Context, v *storage.Vault, profile string, now time.Time) (health.Death, error) {
	var out health.Death
	err := v.Records(ctx, storage.Query{Profile: profile, Type: "Patient"}, func(r *storage.Record) error {
		if !r.Meta.Deleted.IsZero() {
			return nil
		}
		out = out.Earliest(health.PatientDeath(r.Resource, now))
		return nil
	})
	return out, err
}

func healthKey(id storage.ID) health.Key {
	return health.Key{Source: id.Source, Type: id.Type, ID: id.ID}
}

// oneReminderPerMedicine keeps the reminders of a medicine recorded several times (by two
// sources, or as a brand and its generic; health.Medicines decides, as the medicines view
// does) on one record: the one the person set a plan for, else the newest (Medication.Ref).
// The others are not Taking and name it in SameAs. meds are one person's.
func oneReminderPerMedicine(v *storage.Vault, meds []*Medicine, recs []health.Resource, choices health.Choices, death health.Death, now time.Time, w *health.Weight) {
	if len(meds) == 0 {
		return
	}
	var shared []health.Resource
	seen := map[health.Key]bool{}
	for _, r := range recs {
		for _, l := range r.Links {
			if l.Type != "Medication" || seen[l] {
				continue
			}
			seen[l] = true
			if sr, err := v.Get(storage.ID{Source: l.Source, Type: l.Type, ID: l.ID}); err == nil && sr.Profile == storage.SharedProfile {
				shared = append(shared, health.Resource{Key: l, Profile: sr.Profile, Date: sr.Meta.Date, JSON: sr.Resource})
			}
		}
	}
	byRef := map[string][]*Medicine{}
	for _, med := range meds {
		byRef[med.Ref] = append(byRef[med.Ref], med)
	}
	for _, row := range health.Medicines(health.NewSet(recs, shared), health.MedOptions{Now: now, Choices: choices, Death: &death}) {
		// One medicine, one name: the row's (the product's, health.CourseNames), whichever
		// copy reminds — Today said "Spiriva Respimat 2.5 micrograms" and Medicines
		// "Tiotropium bromide 2.5 mcg per puff inhalation spray" of one inhaler (F512).
		for _, ref := range row.Refs {
			for _, med := range byRef[ref] {
				med.Name = row.Name
			}
		}
		if row.SameIngredient {
			// Another medicine gives one of its ingredients: neither reminds until the person
			// says which they take (health.Medicines' question).
			for _, ref := range row.Refs {
				for _, med := range byRef[ref] {
					med.Taking, med.State = false, health.MedToConfirm
				}
			}
			continue
		}
		if len(row.Refs) < 2 {
			continue
		}
		var group []*Medicine
		for _, ref := range row.Refs {
			group = append(group, byRef[ref]...)
		}
		// The person's own plan first, then a plan that can be followed, then one whose times
		// the record gives (not CareKeeper's picked ones), then the newest record: a GP summary
		// repeating June's order as "twice a day", dated later, moved her 08:00 and 20:00 to
		// CareKeeper's 07:30 and 18:30 (F423). A newer record giving another dose still wins
		// (below, F417).
		// A record that says the most a day (as needed) before one that does not: a discharge
		// summary's copy of the rescue medicine dropped "at most 1 dose a day" (F443).
		// Of picked times, those placing the record's words of the day before a bare
		// frequency's: the GP's donepezil "at bedtime" (22:00) lost to the discharge letter's
		// "every 24 hours" (07:30), and tonight's dose vanished (F516).
		score := func(med *Medicine) int {
			n := 0
			if med.Overridden {
				n += 32
			}
			if med.Plan.Problem() == "" {
				n += 16
			}
			if !med.Plan.PickedTimes() {
				n += 8
			}
			if med.Plan.NamesTimeOfDay() {
				n += 4
			}
			if l := med.Plan.Limit(); l.MaxDoses > 0 || l.MaxAmount != "" {
				n += 2
			}
			if med.Ref == row.Ref {
				n++
			}
			return n
		}
		// A copy of the group being taken keeps every copy current: the GP's order of April
		// 2024 (08:00 and 20:00), over 12 months old and so only to confirm on its own, is
		// the one giving the times when a discharge letter of 28 Nov 2026 repeats it without
		// them (F481). Not a record stopped, ended or that the person said they stopped.
		current := func(med *Medicine) bool {
			return med.Taking || row.State == health.MedTaking && med.State == health.MedToConfirm
		}
		var keep *Medicine
		for _, med := range group {
			if current(med) && (keep == nil || score(med) > score(keep)) {
				keep = med
			}
		}
		if keep == nil {
			continue
		}
		keep.Taking, keep.State = true, health.MedTaking
		// A newer order giving another dose supersedes the older one, followable or not: the
		// INR clinic's 30 Nov warfarin (5 tablets Mon/Wed/Fri, 4 on other days) lost to the
		// 16 Nov order's 3 tablets a day because the older plan could be followed (F417).
		// Without reminders the newer one says why, and the person sets its times.
		if newest := newestOf(group, row.Ref); newest != nil && newest != keep && newest.Taking && !keep.Overridden &&
			dosesDiffer(newest, keep, w) {
			keep = newest
		}
		for _, med := range group {
			if med != keep {
				med.Taking, med.SameAs = false, keep.Ref
			}
		}
	}
}

// newestOf is the medicine of group whose record is ref (the newest record of the medicine).
func newestOf(group []*Medicine, ref string) *Medicine {
	for _, med := range group {
		if med.Ref == ref {
			return med
		}
	}
	return nil
}

// dosesDiffer reports whether newer gives doses ("5 tablet") and they are not older's: a dose
// change, not a second copy of one order.
func dosesDiffer(newer, older *Medicine, w *health.Weight) bool {
	nd, od := planDoses(newer.RecordPlan), planDoses(older.RecordPlan)
	if len(nd) == 1 && len(od) == 1 && health.SameAmount(nd[0], od[0], older.Label(), w) {
		// one dose written two ways: "1.7 mL" of a 100 mg/mL solution and "10 mg/kg" at 17 kg,
		// "1 mL" and "5 mg" of "5 mg/1 mL" (F443)
		return false
	}
	return len(nd) > 0 && !slices.Equal(nd, od)
}

// planDoses are the doses a plan's phases give, each once, sorted.
func planDoses(p schedule.Plan) []string {
	var out []string
	for _, ph := range p.Phases {
		if ph.Dose != "" {
			out = append(out, ph.Dose)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
