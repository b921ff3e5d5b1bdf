package remind

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// byWeight says a plan gives a dose by body weight ("10 mg/kg") in one of its phases.
func byWeight(p schedule.Plan) bool {
	for _, ph := range p.Phases {
		if health.DoseBySize(ph.Dose) == "weight" {
			return true
		}
	}
	return false
}

// weightSeries is a person's body weight series (nil: none). Only the body weight readings are
// read: their codes are in the records' index.
func weightSeries(ctx context.Context, v *storage.Vault, profile string) (*health.Series, error) {
	var ids []storage.ID
	err := v.Records(ctx, storage.Query{Profile: profile, Type: "Observation", MetaOnly: true}, func(r *storage.Record) error {
		if !r.Meta.Deleted.IsZero() {
			return nil
		}
		for _, c := range r.Meta.Codes {
			if strings.HasSuffix(c, "|29463-7") || strings.HasSuffix(c, "|3141-9") {
				ids = append(ids, r.ID)
				break
			}
		}
		return nil
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	return weightSeriesOf(ids, v.Get)
}

// weightSeriesOf reads the weighings listed: one deleted since the listing (not found) is left
// out; any other error reading one is returned, not taken for a weighing that is gone — a
// damaged record skipped without a word would work a dose by weight out at an older weight.
func weightSeriesOf(ids []storage.ID, get func(storage.ID) (*storage.Record, error)) (*health.Series, error) {
	var recs []health.Resource
	for _, id := range ids {
		r, err := get(id)
		if errors.Is(err, storage.ErrNotFound) {
			continue // gone since the listing
		}
		if err != nil {
			return nil, fmt.Errorf("reading a body weight: %w", err)
		}
		recs = append(recs, health.Resource{Key: healthKey(r.ID), Profile: r.Profile, Date: r.Meta.Date, JSON: r.Resource})
	}
	return health.BodyWeight(health.Results(health.NewSet(recs, nil))), nil
}

// weightsFor is the weight med's dose by weight is worked out at, and a later one that gives
// another amount (see Medicine.Weight): a dose at set times keeps the weight of the day its order
// was written (a weighing that day counts); one taken as needed is worked out at the last.
func weightsFor(med *Medicine, se *health.Series, now time.Time, loc *time.Location) (at, later *health.Weight) {
	last, ok := health.LastWeight(se, now, loc)
	if !ok {
		return nil, nil
	}
	if med.Plan.AsNeeded || med.written.IsZero() {
		return &last, nil
	}
	by := med.written.Add(24 * time.Hour)
	then, ok := health.LastWeight(se, by, loc)
	if !ok {
		// No weight by then: the first one after it, so that a later weighing does not move the
		// dose either.
		pts := se.Points()
		n := health.UpToNowIn(pts, by, loc)
		if n >= health.UpToNowIn(pts, now, loc) {
			return &last, nil
		}
		if then, ok = health.LastWeight(se, se.At(n).T, loc); !ok {
			return &last, nil
		}
	}
	if then.Kg != last.Kg {
		return &then, &last
	}
	return &then, nil
}

// WithWeight is a medicine's dose in words ("10 mg/kg by mouth", health.Medication.Dose) with
// what a dose by weight comes to at the person's last weight, as its reminders say it: "10 mg/kg
// (170 mg = 1.7 mL at 17 kg on 20 Nov 2026) by mouth" (F436). A plan that gives no amount but
// says how much in words has them first, as its reminders say them: "1 unit per 15 g
// carbohydrate at meals and snacks, by mouth" (F457). dose as it is for another plan.
func (med *Medicine) WithWeight(dose string) string {
	if med == nil {
		return dose
	}
	if w := instructionOnly(med); w != "" && !strings.Contains(dose, w) {
		if dose == "" {
			return w
		}
		return w + ", " + dose
	}
	if med == nil {
		return dose
	}
	for _, ph := range med.Plan.Phases {
		a := health.WeightAmount(ph.Dose, med.Label(), med.Weight)
		if a == "" {
			continue
		}
		if n := health.NewWeightWords(med.NewWeight); n != "" && med.Weight != nil {
			a += "; " + n
		}
		rule := strings.TrimSpace(ph.Dose)
		if rest, ok := strings.CutPrefix(dose, rule); ok {
			return rule + " (" + a + ")" + rest
		}
		if dose == "" {
			return rule + " (" + a + ")"
		}
		return dose // another source's words ("1.7 mL by mouth"): an amount already
	}
	return dose
}
