package health

import (
	"fmt"
	"sort"
	"strings"
)

// Medication is one medicine as the records show it, merged across sources: all the
// prescriptions and statements for the same medicine (same RxNorm code, else same name).
type Medication struct {
	Name    string
	Code    string   // "system|code" of the medicine, if coded
	Status  string   // the newest record's status (active, stopped, completed, ...)
	Active  bool     // the newest record from any source says it is being taken
	Started string   // YYYY-MM-DD of the first record
	Last    string   // YYYY-MM-DD of the newest record
	Dosage  string   // the newest record's dosage in words, as the source wrote it
	Reason  string   // why, if the records say
	Sources []string // where the records come from (Origin)
	// Differs is set when sources disagree about the medicine: one says it is active and
	// another that it stopped, or they give different dosages. Difference says how.
	Differs    bool
	Difference string
	Records    []Key // every record behind this medicine, newest first
}

type medRecord struct {
	Status                    string   `json:"status"`
	AuthoredOn                string   `json:"authoredOn"`
	DateAsserted              string   `json:"dateAsserted"`
	Effective                 *Period  `json:"effectivePeriod"`
	EffectiveDateTime         string   `json:"effectiveDateTime"`
	MedicationCodeableConcept *Concept `json:"medicationCodeableConcept"`
	MedicationReference       *Ref     `json:"medicationReference"`
	Dosage                    []dosage `json:"dosageInstruction"`
	DosageS                   []dosage `json:"dosage"`
	ReasonCode                []Concept
	ReasonReference           []Ref `json:"reasonReference"`
}

type dosage struct {
	Text   string `json:"text"`
	Timing struct {
		Repeat struct {
			Frequency  int     `json:"frequency"`
			Period     float64 `json:"period"`
			PeriodUnit string  `json:"periodUnit"`
		} `json:"repeat"`
	} `json:"timing"`
	AsNeeded    bool `json:"asNeededBoolean"`
	DoseAndRate []struct {
		DoseQuantity *Quantity `json:"doseQuantity"`
	} `json:"doseAndRate"`
}

// words describes a dosage: its text, else "1 tablet twice a day" from its timing.
func (d dosage) words() string {
	if d.Text != "" {
		return d.Text
	}
	var parts []string
	for _, dr := range d.DoseAndRate {
		if q := dr.DoseQuantity; q != nil && q.Value != nil {
			parts = append(parts, strings.TrimSpace(fmtNum(*q.Value)+" "+q.UnitLabel()))
			break
		}
	}
	r := d.Timing.Repeat
	switch {
	case r.Frequency > 0 && r.Period == 1 && r.PeriodUnit == "d":
		switch r.Frequency {
		case 1:
			parts = append(parts, "once a day")
		case 2:
			parts = append(parts, "twice a day")
		default:
			parts = append(parts, fmt.Sprintf("%d times a day", r.Frequency))
		}
	case r.Frequency > 0 && r.Period > 0:
		unit := map[string]string{"h": "hours", "d": "days", "wk": "weeks", "mo": "months", "min": "minutes"}[r.PeriodUnit]
		if unit != "" {
			parts = append(parts, fmt.Sprintf("%d× every %s %s", r.Frequency, fmtNum(r.Period), unit))
		}
	}
	if d.AsNeeded {
		parts = append(parts, "as needed")
	}
	return strings.Join(parts, ", ")
}

// activeStatus reports whether a MedicationRequest/Statement status means it is current.
func activeStatus(s string) bool {
	switch s {
	case "active", "on-hold", "intended", "draft":
		return true
	}
	return false
}

// Medications lists the medicines in the records, active ones first (then by name), past
// ones newest first. Deleted records are left out.
func Medications(s *Set) (active, past []Medication) {
	type entry struct {
		r      *Resource
		m      medRecord
		name   string
		code   string
		date   string
		dosage string
	}
	groups := map[string][]entry{}
	var order []string
	for _, r := range s.OfType("MedicationRequest", "MedicationStatement") {
		if r.Deleted {
			continue
		}
		var m medRecord
		if !decode(r, &m) {
			continue
		}
		concept := m.MedicationCodeableConcept
		if concept == nil && m.MedicationReference != nil {
			if med := s.Resolve(r, m.MedicationReference.Reference, "Medication"); med != nil {
				var mm struct {
					Code *Concept `json:"code"`
				}
				if decode(med, &mm) {
					concept = mm.Code
				}
			}
			if concept == nil && m.MedicationReference.Display != "" {
				concept = &Concept{Text: m.MedicationReference.Display}
			}
		}
		name := concept.Label()
		if name == "" {
			name = "Unnamed medicine"
		}
		code := ""
		if concept != nil {
			for _, c := range concept.Coding {
				if c.Code != "" {
					code = c.System + "|" + c.Code
					break
				}
			}
		}
		key := code
		if key == "" {
			key = "name:" + strings.ToLower(name)
		}
		date := firstNonEmpty(m.AuthoredOn, m.EffectiveDateTime, m.DateAsserted, r.Date)
		if m.Effective != nil && m.Effective.Start != "" {
			date = m.Effective.Start
		}
		doses := m.Dosage
		if len(doses) == 0 {
			doses = m.DosageS
		}
		var dw []string
		for _, d := range doses {
			if w := d.words(); w != "" {
				dw = append(dw, w)
			}
		}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], entry{r: r, m: m, name: name, code: code, date: Day(date), dosage: strings.Join(dw, "; ")})
	}
	for _, key := range order {
		es := groups[key]
		sort.SliceStable(es, func(i, j int) bool { return es[i].date > es[j].date })
		newest := es[0]
		med := Medication{Name: newest.name, Code: newest.code, Status: newest.m.Status, Last: newest.date, Dosage: newest.dosage}
		med.Started = es[len(es)-1].date
		// The newest record of each source decides what that source says.
		latest := map[string]entry{}
		for _, e := range es {
			med.Records = append(med.Records, e.r.Key)
			src := e.r.Origin()
			if _, ok := latest[src]; !ok {
				latest[src] = e
				med.Sources = append(med.Sources, src)
			}
			if med.Reason == "" {
				for _, rc := range e.m.ReasonCode {
					if l := rc.Label(); l != "" {
						med.Reason = l
						break
					}
				}
				for _, rr := range e.m.ReasonReference {
					if med.Reason != "" {
						break
					}
					if rr.Display != "" {
						med.Reason = rr.Display
					} else if c := s.Resolve(e.r, rr.Reference, "Condition"); c != nil {
						var cc struct {
							Code *Concept `json:"code"`
						}
						if decode(c, &cc) {
							med.Reason = cc.Code.Label()
						}
					}
				}
			}
		}
		for _, e := range latest {
			if activeStatus(e.m.Status) {
				med.Active = true
			}
		}
		if len(latest) > 1 {
			var statuses, doses []string
			for _, src := range med.Sources {
				e := latest[src]
				statuses = append(statuses, fmt.Sprint(activeStatus(e.m.Status)))
				doses = append(doses, e.dosage)
			}
			switch {
			case len(uniqueSorted(statuses)) > 1:
				med.Differs, med.Difference = true, "Sources disagree whether it is still taken"
			case len(uniqueSorted(doses)) > 1:
				med.Differs, med.Difference = true, "Sources give different doses"
			}
		}
		if med.Active {
			active = append(active, med)
		} else {
			past = append(past, med)
		}
	}
	sort.SliceStable(active, func(i, j int) bool { return strings.ToLower(active[i].Name) < strings.ToLower(active[j].Name) })
	sort.SliceStable(past, func(i, j int) bool { return past[i].Last > past[j].Last })
	return active, past
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// fmtNum formats a number without needless decimals (three significant digits for small ones).
func fmtNum(v float64) string {
	switch {
	case v == float64(int64(v)) && v < 1e12 && v > -1e12:
		return fmt.Sprintf("%d", int64(v))
	case v >= 100 || v <= -100:
		return fmt.Sprintf("%.0f", v)
	case v >= 1 || v <= -1:
		s := fmt.Sprintf("%.2f", v)
		return strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return fmt.Sprintf("%.3g", v)
}

// FormatNumber formats a measured value for display (no needless decimals).
func FormatNumber(v float64) string { return fmtNum(v) }
