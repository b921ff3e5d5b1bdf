package remind

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"sort"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/hlc"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// ExtReminder is the URL of the extension on CareKeeper's MedicationAdministration dose events
// that ties a dose to its medicine and reminder occurrence. Sub-extensions: "medicine"
// (valueReference "Type/id"), "source" (valueString, the medicine record's source), "occurrence"
// (valueString, schedule.Occurrence.Key) and "scheduled" (valueDateTime).
const ExtReminder = "https://carekeeper.app/fhir/StructureDefinition/reminder-occurrence"

// Occurrence states kept under remind/occ/.
const (
	StatusNotified = "notified" // shown (or about to be shown) once
	StatusMissed   = "missed"   // fell due while away; announced in the summary
	StatusSnoozed  = "snoozed"
	StatusTaken    = "taken"
	StatusSkipped  = "skipped"
)

// occState is the state of one dose occurrence.
type occState struct {
	Status   string    `json:"s"`
	Due      time.Time `json:"d"`          // the occurrence's time
	Notified time.Time `json:"n,omitzero"` // when it was last shown
	Until    time.Time `json:"u,omitzero"` // snoozed until
	Acted    time.Time `json:"a,omitzero"` // taken / skipped at
}

func (s occState) acked() bool { return s.Status == StatusTaken || s.Status == StatusSkipped }

func occKey(profile string, medKey, key string) string {
	return "remind/occ/" + profile + "/" + medKey + "/" + url.PathEscape(key)
}

// DoseAction is what the person says about a dose.
type DoseAction struct {
	Profile    string
	Ref        string    // the medicine: "MedicationRequest/<id>" or its Key
	Occurrence string    // schedule.Occurrence.Key; "" for an as-needed dose
	Scheduled  time.Time // the occurrence's time (zero for as-needed)
	When       time.Time // when it was taken (or skipped)
	Skip       bool
	Reason     string // why it was skipped (free text from the person); default "skipped"
	Dose       string // e.g. "1 tablet"; default the plan's dose
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// RecordDose writes a dose event (a MedicationAdministration with CareKeeper as its source)
// and the occurrence's state in one transaction, synced to disk before it returns.
func RecordDose(ctx context.Context, v *storage.Vault, med *Medicine, a DoseAction) (Dose, error) {
	if med == nil {
		return Dose{}, errNoMedicine
	}
	if a.When.IsZero() {
		return Dose{}, errors.New("no time given for the dose")
	}
	id := storage.ID{Source: storage.AppSource, Type: "MedicationAdministration", ID: newID()}
	res, err := doseResource(id.ID, med, a)
	if err != nil {
		return Dose{}, err
	}
	rec, err := storage.NewRecord(med.Profile, id, res)
	if err != nil {
		return Dose{}, err
	}
	b := &storage.Batch{Now: a.When, Records: []storage.Record{rec}, Durable: true}
	if a.Occurrence != "" {
		st := occState{Status: StatusTaken, Due: a.Scheduled.UTC(), Acted: a.When.UTC()}
		if a.Skip {
			st.Status = StatusSkipped
		}
		sb, _ := json.Marshal(st)
		b.State = append(b.State, storage.StateOp{Key: occKey(med.Profile, med.Key(), a.Occurrence), Value: sb})
	}
	if _, err := v.Write(ctx, b); err != nil {
		return Dose{}, wrapf(err, "recording the dose")
	}
	// The amount recorded, as a dose read back from the vault has it: the day's list says the
	// amount given at once, not the plan's until the next load (F446: the app's "Taken or
	// skipped today" said "(10 mg/kg: 184 mg …) · taken at 19:36" of the 1.7 mL recorded).
	amount := ""
	if !a.Skip {
		amount = recordedDose(med, a)
	}
	return Dose{Profile: med.Profile, ID: id, MedKey: med.Key(), Occurrence: a.Occurrence, Scheduled: a.Scheduled,
		When: a.When, Taken: !a.Skip, Amount: amount}, nil
}

func doseResource(id string, med *Medicine, a DoseAction) ([]byte, error) {
	type ext struct {
		URL            string     `json:"url"`
		ValueString    string     `json:"valueString,omitempty"`
		ValueDateTime  string     `json:"valueDateTime,omitempty"`
		ValueReference *reference `json:"valueReference,omitempty"`
		Extension      []ext      `json:"extension,omitempty"`
	}
	sub := []ext{
		{URL: "medicine", ValueReference: &reference{Reference: med.Ref}},
		{URL: "source", ValueString: med.ID.Source},
	}
	if a.Occurrence != "" {
		sub = append(sub, ext{URL: "occurrence", ValueString: a.Occurrence},
			ext{URL: "scheduled", ValueDateTime: a.Scheduled.Format(time.RFC3339)})
	}
	r := map[string]any{
		"resourceType":      "MedicationAdministration",
		"id":                id,
		"extension":         []ext{{URL: ExtReminder, Extension: sub}},
		"status":            "completed",
		"effectiveDateTime": a.When.Format(time.RFC3339),
	}
	if a.Skip {
		r["status"] = "not-done"
		reason := a.Reason
		if reason == "" {
			reason = "skipped"
		}
		r["statusReason"] = []map[string]string{{"text": reason}}
	}
	switch {
	case len(med.medCode) > 0:
		r["medicationCodeableConcept"] = med.medCode
	case len(med.medRef) > 0:
		r["medicationReference"] = med.medRef
	default:
		r["medicationCodeableConcept"] = map[string]string{"text": med.Label()}
	}
	if len(med.subject) > 0 {
		r["subject"] = med.subject
	} else {
		r["subject"] = map[string]string{"display": "the person"}
	}
	if med.ID.Type == "MedicationRequest" {
		r["request"] = reference{Reference: med.Ref}
	} else {
		r["supportingInformation"] = []reference{{Reference: med.Ref}}
	}
	if dose := recordedDose(med, a); dose != "" && !a.Skip {
		r["dosage"] = map[string]string{"text": dose}
	}
	if a.Occurrence == "" {
		r["note"] = []map[string]string{{"text": "as needed"}}
	}
	return json.Marshal(r)
}

// recordedDose is the amount a dose action records as given.
func recordedDose(med *Medicine, a DoseAction) string {
	dose := a.Dose
	planned := doseAt(med.Plan, a)
	if dose == "" && !perBodySize(planned) {
		// The plan's dose, unless it is a rule by body size ("15 mg/kg"): that is not an amount
		// given, and was recorded as one (F407).
		dose = planned
	} else if dose == "" && a.Occurrence != "" {
		// A dose reminded by weight was reminded as what it comes to at the last weight ("10
		// mg/kg: 170 mg = 1.7 mL at 17 kg …"): taken as reminded, that amount was given (F436).
		if g, ok := health.WeightGiven(planned, med.Weight); ok {
			dose = g
		}
	}
	if dose == "" && planned == "" {
		// The record gives its dose in words alone: the one amount they say ("two tablets …
		// if needed for pain"), as Today and the reminder say it (F525 item 6).
		dose = AmountInWords(instructionOnly(med), med.Name)
	}
	return dose
}

// doseAt is the dose of plan p at the occurrence a answers, as its reminder said it: the dose
// of the phase in force then. Taking the 7 Dec step of a prednisone taper (3 tablets 4–6 Dec,
// 2 tablets 7–9 Dec, 1 tablet 10–12 Dec) recorded the first step's 3 tablets (F509). The
// occurrence is found by its key (else the nearest that day) among the plan's on the clock
// of a.Scheduled; a plan of one dose, or an as-needed dose, gives that dose.
func doseAt(p schedule.Plan, a DoseAction) string {
	first := planDose(p)
	if a.Occurrence == "" || a.Scheduled.IsZero() {
		return first
	}
	several := false
	for _, ph := range p.Phases {
		if ph.Dose != "" && ph.Dose != first {
			several = true
		}
	}
	if !several {
		return first
	}
	occs := p.Occurrences(a.Scheduled.Add(-12*time.Hour), a.Scheduled.Add(12*time.Hour), a.Scheduled.Location(), schedule.DefaultRoutine(), time.Time{})
	best := -1
	for i, o := range occs {
		if o.Key == a.Occurrence {
			best = i
			break
		}
		if best < 0 || absDur(o.At.Sub(a.Scheduled)) < absDur(occs[best].At.Sub(a.Scheduled)) {
			best = i
		}
	}
	if best >= 0 && occs[best].Dose != "" {
		return occs[best].Dose
	}
	return first
}

// DoseLabel names a medicine with how much a dose of its plan is, as its reminders do:
// "Paracetamol 500 mg tablet (2 tablets)" (the name alone when the plan gives no dose).
func (med *Medicine) DoseLabel() string {
	return doseTitle(med, planDose(med.Plan), instructionOnly(med))
}

// perBodySize says a dose is a rule by body weight or surface ("15 mg/kg", "250 mg/m2"), not an
// amount to give (health.DoseBySize).
func perBodySize(dose string) bool { return health.DoseBySize(dose) != "" }

func planDose(p schedule.Plan) string {
	for _, ph := range p.Phases {
		if ph.Dose != "" {
			return ph.Dose
		}
	}
	return ""
}

// loadDoses reads CareKeeper's dose events of one person into m.Doses: those recorded here
// (storage.AppSource) and those that came back in a file — CareKeeper's own export imported on
// a new computer, or after the person was deleted (F334). An imported dose names its medicine
// by the source it had where it was recorded; in the file it came with that medicine, so here it
// is the medicine of the file's own source. A dose both recorded here and imported again (this
// vault's export imported into it) is one dose: its id is CareKeeper's random one.
func (m *Model) loadDoses(ctx context.Context, v *storage.Vault, profile string) error {
	household := v.Device() != ""
	own := map[string]bool{} // ids of the doses recorded here
	var imported []Dose      // doses from files, kept until every dose recorded here is known
	err := v.Records(ctx, storage.Query{Profile: profile, Type: "MedicationAdministration"}, func(r *storage.Record) error {
		if !r.Meta.Deleted.IsZero() {
			return nil
		}
		d, ok := readDose(r)
		if !ok {
			return nil
		}
		if r.ID.Source != storage.AppSource {
			imported = append(imported, d)
			return nil
		}
		own[r.ID.ID] = true
		if household {
			var at hlc.Stamp
			if d.Device, at, _ = v.Writer(storage.KindDose, storage.RecordKey(r.ID)); !at.IsZero() {
				d.Answered = at.Time()
			}
		}
		m.Doses[d.MedKey] = append(m.Doses[d.MedKey], d)
		return nil
	})
	for _, d := range imported {
		if !own[d.ID.ID] {
			m.Doses[d.MedKey] = append(m.Doses[d.MedKey], d)
		}
	}
	for k := range m.Doses {
		ds := m.Doses[k]
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].When.Before(ds[j].When) })
	}
	return err
}

func readDose(r *storage.Record) (Dose, bool) {
	var res struct {
		Status            string `json:"status"`
		EffectiveDateTime string `json:"effectiveDateTime"`
		Dosage            struct {
			Text string `json:"text"`
		} `json:"dosage"`
		Extension []struct {
			URL       string `json:"url"`
			Extension []struct {
				URL            string     `json:"url"`
				ValueString    string     `json:"valueString"`
				ValueDateTime  string     `json:"valueDateTime"`
				ValueReference *reference `json:"valueReference"`
			} `json:"extension"`
		} `json:"extension"`
	}
	if json.Unmarshal(r.Resource, &res) != nil {
		return Dose{}, false
	}
	d := Dose{Profile: r.Profile, ID: r.ID, Taken: res.Status == "completed", Amount: res.Dosage.Text}
	var ok bool
	if d.When, ok = parseFHIRTime(res.EffectiveDateTime); !ok {
		return Dose{}, false
	}
	var ref, src string
	for _, e := range res.Extension {
		if e.URL != ExtReminder {
			continue
		}
		for _, s := range e.Extension {
			switch s.URL {
			case "medicine":
				if s.ValueReference != nil {
					ref = s.ValueReference.Reference
				}
			case "source":
				src = s.ValueString
			case "occurrence":
				d.Occurrence = s.ValueString
			case "scheduled":
				d.Scheduled, _ = parseFHIRTime(s.ValueDateTime)
			}
		}
	}
	typ, id, found := cut(ref)
	if !found {
		return Dose{}, false
	}
	if r.ID.Source != storage.AppSource {
		// Imported: the medicine came in the same file. The import resolved the dose's
		// reference to it (a portal's medicine keeps its own server: F363); else it is under
		// the file's source.
		src = r.ID.Source
		for _, l := range r.Meta.Links {
			if l.Type == typ && l.ID == id {
				src = l.Source
				break
			}
		}
	}
	d.MedKey = medKey(storage.ID{Source: src, Type: typ, ID: id})
	return d, true
}

func cut(ref string) (typ, id string, ok bool) {
	for i := 0; i < len(ref); i++ {
		if ref[i] == '/' {
			return ref[:i], ref[i+1:], i > 0 && i < len(ref)-1
		}
	}
	return "", "", false
}

// CheckDoseTimes refuses dose times that cannot be right, in words: a dose due (scheduled)
// more than a year ago or more than a day ahead, taken (when) in the future or more than a
// year ago, or taken more than a day before it was due. A zero scheduled is an as-needed dose.
func CheckDoseTimes(scheduled, when, now time.Time) error {
	yearAgo := now.AddDate(-1, 0, 0)
	if !scheduled.IsZero() {
		switch {
		case scheduled.Before(yearAgo):
			return errors.New("the dose's time is more than a year ago: give the time it was due")
		case scheduled.After(now.AddDate(0, 0, 1)):
			return errors.New("the dose's time is more than a day ahead: give the time it was due")
		}
	}
	switch {
	case when.After(now.Add(5 * time.Minute)):
		return errors.New("the time it was taken is in the future")
	case when.Before(yearAgo):
		return errors.New("the time it was taken is more than a year ago")
	case !scheduled.IsZero() && when.Before(scheduled.AddDate(0, 0, -1)):
		return errors.New("the time it was taken is more than a day before the dose was due")
	}
	return nil
}
