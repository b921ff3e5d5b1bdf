package health

import (
	"carekeeper/internal/schedule"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Medication is one medicine as the records show it, merged across sources: all the
// prescriptions and statements for the same medicine (a shared code — the same RxNorm code,
// or a brand and a generic the records link through the same ingredient — or the same
// normalised name) are one row.
type Medication struct {
	Profile string // the person; a household Set gives each person their own rows
	Name    string
	Code    string // "system|code" of the medicine, if coded
	Status  string // the newest record's status (active, stopped, completed, ...)
	Active  bool   // the newest record from some source still says active (see State for the truth)
	Started string // YYYY-MM-DD of the first record
	// DoseSince is the day (YYYY-MM-DD) the dose the row says began, when an older record of
	// the spell from the same source gave another one: warfarin taken since 16 Nov, 5 and 4
	// tablets by weekday since the order of 30 Nov (F417: the row said "since 16 Nov 2026"
	// beside the dose of 30 Nov). "" when the dose is the spell's first. SinceWords says both.
	DoseSince string
	Last      string // YYYY-MM-DD of the newest record
	Dosage    string // the newest record's dosage in words, as the source wrote it
	// Dose is how much is taken and how, in words, from the newest record's structured
	// dosage: "1 tablet by mouth", "1–2 puffs inhaled", "500 mg"; "" when the record gives no
	// amount or route (never "0 mg").
	Dose string
	// Timing is when, in words, from the newest record: "twice a day, at 08:00 and 20:00",
	// "at bedtime, as needed"; the record's own text when it gives no structured timing.
	Timing  string
	Reason  string   // why, if the records say
	Sources []string // where the records come from (Origin)
	// SourceKeys are the newest record of each of Sources, in its order: what a screen reads
	// to say where the medicine came from in words (Where).
	SourceKeys []Key
	// Differs is set when sources disagree about the medicine: one says it is active and
	// another that it stopped, or they give different dosages or names. Difference says how.
	Differs    bool
	Difference string
	Records    []Key // every record behind this medicine, newest first
	// Days are the day of each of Records (YYYY-MM-DD on the person's clock), in its order:
	// what Courses splits by.
	Days []string

	// State is where the medicine stands (Medicines computes it as of MedOptions.Now).
	State MedState
	// Question is the wording for a medicine to confirm ("Still active in the record since
	// 2008 — still taking it?"), "" otherwise.
	Question string
	// Ref is the reference of the newest record ("MedicationRequest/<id>"): what confirm,
	// stop and the reminders name it by. Refs are all of its records' references.
	Ref  string
	Refs []string
	// Latest is the newest sign it is current (prescription, statement, dispense, logged
	// dose); Ended is when the records say it ended (its end date, or the date of death).
	Latest time.Time
	Ended  string
	// AtDeath is set when the records still said it was taken when the person died: it
	// ended at the death (Ended is the date of death, "" without one).
	AtDeath bool
	// UntilDeath is the date of death (YYYY-MM-DD) when the records of a medicine of a person
	// who died go on past it — orders dated after the death, as Synthea writes them: the person
	// had it until their death at most. EndWords, LastDay and Courses end there ("5 Oct 1993 –
	// 6 Sep 1996" for a man who died on 21 Jan 1996, F325; the summary's "until death", F198).
	UntilDeath string
	// SameIngredient is set when another current medicine of the person gives one of its
	// ingredients (another strength, form or record): it is to confirm, its Question names the
	// other, and it does not remind until the person says they take it.
	SameIngredient bool
	// Starts is the day (YYYY-MM-DD, on the person's clock) a medicine being taken begins, when
	// that is after today: the record starts it on a later day (boundsPeriod.start "start on
	// the 10th", or an order written for a later day); no reminder comes before it. "" when it
	// has begun. StartWords and StateWords say it (F342).
	Starts string
	// DatedAfter is the day (YYYY-MM-DD) its order says it was written when that is after
	// today and the record gives no other start (MedicineFacts.WrittenAfter): a date likely
	// wrong, never read as a start. The medicine is to confirm until the person answers
	// (Question says why); DatedAfterWords says it after (F557 item 6).
	DatedAfter string
}

// DatedAfterWords says a record dated after today: "its record is dated 4 Jan 2035, after
// today: that date may be wrong"; "" for none.
func (m *Medication) DatedAfterWords() string {
	if m.DatedAfter == "" {
		return ""
	}
	return "its record is dated " + DayWords(m.DatedAfter) + ", after today: that date may be wrong"
}

// StartWords says when a medicine not begun yet starts: "starts 10 Dec 2026"; "" when it has
// begun (Starts).
func (m *Medication) StartWords() string {
	if m.Starts == "" {
		return ""
	}
	return "starts " + DayWords(m.Starts)
}

// StateWords is where a medicine being taken stands in words, as the Medicines screen says it:
// "Taking", or "Starts 10 Dec 2026" before its start (the person should not begin it today,
// F342).
func (m *Medication) StateWords() string {
	if w := m.StartWords(); w != "" {
		return "S" + w[1:]
	}
	return "Taking"
}

// MedToStart is the state `carekeeper medicines` says for a medicine being taken that starts
// on a later day (Medication.Starts); its State stays MedTaking, as its reminders are planned
// from its start.
const MedToStart MedState = "to-start"

// ShownState is the state as `carekeeper medicines` says it: MedToStart for a medicine that
// starts on a later day, else State.
func (m *Medication) ShownState() MedState {
	if m.State == MedTaking && m.Starts != "" {
		return MedToStart
	}
	return m.State
}

// EndWords is how the records say a medicine ended, as the Medicines screen, the summary
// and `carekeeper medicines` say it: "ended at death, 27 Apr 2018" ("ended at death" without
// a date of death), "ended 10 Jan 2023"; "" when they give no end.
func (m *Medication) EndWords() string {
	switch {
	case m.AtDeath && m.Ended != "":
		return "ended at death, " + DayWords(m.Ended)
	case m.AtDeath:
		return "ended at death"
	case m.UntilDeath != "":
		return "until death, " + DayWords(m.UntilDeath)
	case m.Ended != "":
		return "ended " + DayWords(m.Ended)
	}
	return ""
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
	Sequence *int   `json:"sequence"`
	Text     string `json:"text"`
	Timing   struct {
		Repeat struct {
			Frequency    int      `json:"frequency"`
			FrequencyMax int      `json:"frequencyMax"`
			Period       float64  `json:"period"`
			PeriodMax    float64  `json:"periodMax"`
			PeriodUnit   string   `json:"periodUnit"`
			TimeOfDay    []string `json:"timeOfDay"`
			When         []string `json:"when"`
			Offset       int      `json:"offset"`
			DayOfWeek    []string `json:"dayOfWeek"`
		} `json:"repeat"`
		Code *Concept `json:"code"`
	} `json:"timing"`
	AsNeeded    bool          `json:"asNeededBoolean"`
	AsNeededFor *Concept      `json:"asNeededCodeableConcept"` // as needed, for this reason
	Route       *Concept      `json:"route"`
	DoseAndRate []doseAndRate `json:"doseAndRate"`
	form        countWord     // the medicine's form, what a dose of "each" counts ("" unknown)
	raw         json.RawMessage
}

// UnmarshalJSON reads a dosage and keeps its JSON: what schedule.AsNeededWords reads.
func (d *dosage) UnmarshalJSON(b []byte) error {
	type plain dosage
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*d = dosage(p)
	d.raw = append(json.RawMessage(nil), b...)
	return nil
}

// doseAndRate is one dose of a dosage and the rate it runs at (an infusion).
type doseAndRate struct {
	DoseQuantity *Quantity `json:"doseQuantity"`
	DoseRange    *struct {
		Low  *Quantity `json:"low"`
		High *Quantity `json:"high"`
	} `json:"doseRange"`
	RateRatio *struct {
		Numerator   *Quantity `json:"numerator"`
		Denominator *Quantity `json:"denominator"`
	} `json:"rateRatio"`
	RateQuantity *Quantity `json:"rateQuantity"`
}

// rate is an infusion's rate in words ("100 mL an hour"), "" when the dosage gives none.
func (d dosage) rate() string {
	per := map[string]string{"h": "an hour", "min": "a minute", "d": "a day"}
	for _, dr := range d.DoseAndRate {
		if r := dr.RateRatio; r != nil && r.Numerator != nil && usable(r.Numerator.Value) && r.Denominator != nil {
			den := strings.TrimSpace(firstNonEmpty(r.Denominator.Code, r.Denominator.Unit))
			if w := per[den]; w != "" && (r.Denominator.Value == nil || *r.Denominator.Value == 1) {
				return fmtNum(*r.Numerator.Value) + " " + doseUnit(r.Numerator, true, cwDose) + " " + w
			}
		}
		if q := dr.RateQuantity; q != nil && usable(q.Value) {
			u := strings.TrimSpace(firstNonEmpty(q.Code, q.Unit))
			if num, den, ok := strings.Cut(u, "/"); ok && per[den] != "" {
				return fmtNum(*q.Value) + " " + doseUnit(&Quantity{Code: num}, true, cwDose) + " " + per[den]
			}
		}
	}
	return ""
}

// each is what one "each" of the dose is: the medicine's form ("application" of an ointment,
// "puff" of an inhaler), else an application on the skin, else a dose.
func (d dosage) each() countWord {
	switch {
	case d.form[0] != "":
		return d.form
	case d.route() == "on the skin":
		return cwApplication
	}
	return cwDose
}

// afterTheName is a dosage text that begins with the medicine's name (as the record writes it
// or as it is shown, MedicineName) and a colon, without them: a C-CDA's narrative line
// "Empagliflozin 10 mg tablet: 1 tablet every morning" is "1 tablet every morning", not the
// name twice on Today and the summary (F471). Any other text as it is.
//
// The name may also be followed by a comma, and be said shorter, without the salt: "Bisoprolol
// 2.5 mg tablet, 1 tablet once daily" of "Bisoprolol fumarate 2.5 mg tablet" is "1 tablet once
// daily" (F489) — the name's first word, then at most two more words, then its strength and form.
func afterTheName(text, name string) string {
	t := strings.Join(strings.Fields(text), " ")
	rest := func(after string) (string, bool) {
		after = strings.TrimSpace(after)
		for _, sep := range []string{":", ","} {
			if r, ok := strings.CutPrefix(after, sep); ok && strings.TrimSpace(r) != "" {
				return strings.TrimSpace(r), true
			}
		}
		return "", false
	}
	for _, n := range []string{name, MedicineName(name)} {
		n = strings.Join(strings.Fields(n), " ")
		if n != "" && len(t) > len(n) && strings.EqualFold(t[:len(n)], n) {
			if r, ok := rest(t[len(n):]); ok {
				return r
			}
		}
		ws := strings.Fields(n)
		i := slices.IndexFunc(ws, func(w string) bool { return strings.ContainsAny(w, "0123456789") })
		if i < 1 {
			continue
		}
		tail := strings.Join(ws[i:], " ") // "2.5 mg tablet"
		tw := strings.Fields(t)
		if len(tw) == 0 || !strings.EqualFold(tw[0], ws[0]) {
			continue
		}
		for skip := 1; skip <= 3 && skip < len(tw); skip++ {
			prefix := strings.Join(tw[:skip], " ") + " " + tail
			if len(t) > len(prefix) && strings.EqualFold(t[:len(prefix)], prefix) {
				if r, ok := rest(t[len(prefix):]); ok {
					return r
				}
			}
		}
	}
	return text
}

// words describes a dosage: its text, else "1 tablet, twice a day" from its amount and timing.
func (d dosage) words() string {
	if d.Text != "" {
		return d.Text
	}
	a, t := d.amount(), d.timing()
	switch {
	case a == "" || t == "":
		return a + t
	case strings.HasPrefix(t, "on "):
		return a + " " + t // "5 tablets on Mon, Wed and Fri at 18:00"
	}
	return a + ", " + t
}

// doseUnit is a dose quantity's unit in words for its amount ("tablets" for "{tbl}" or "TAB",
// "drop" for "OPDROP", "units" for "U", "mg"), "" for none. A dose counted "each" ("ea",
// {each}) is counted in each, the medicine's form ("application" of an ointment), else "".
func doseUnit(q *Quantity, plural bool, each countWord) string {
	unit, code := strings.TrimSpace(q.Unit), strings.TrimSpace(q.Code)
	if eachUnits[strings.ToLower(unit)] || (unit == "" && eachUnits[strings.ToLower(code)]) {
		return each.of(plural)
	}
	for _, u := range []string{unit, code} {
		if w, ok := countWordOf(u); ok && u != "" {
			return w.of(plural)
		}
	}
	for _, u := range []string{unit, code} {
		// a strength per actuation ("mg/actuat") as a dose is a count of puffs: the C-CDA's
		// "1 mg/actuat inhaled" was "2 puffs" in the document's own words (F301)
		if l := strings.ToLower(u); strings.HasSuffix(l, "/actuat") || strings.HasSuffix(l, "/actuation") {
			return cwPuff.of(plural)
		}
	}
	for _, u := range []string{unit, code} {
		if w, ok := doseAmountUnits[strings.ToLower(u)]; ok {
			return w
		}
	}
	if unit == "" {
		unit = strings.Trim(code, "{}")
	}
	return Unit(unit)
}

// DoseWords is a dose as the reminders keep it ("2 tablet", "2 {tbl}", "1–2 puff": a number or
// range and the record's unit) in words as the medicines list says it: "2 tablets"; a dose it
// cannot read is returned as it is.
func DoseWords(dose string) string {
	n, unit, ok := strings.Cut(strings.TrimSpace(dose), " ")
	if !ok || unit == "" {
		return dose
	}
	high := n
	if i := strings.LastIndex(n, "–"); i >= 0 {
		high = n[i+len("–"):]
	}
	v, err := strconv.ParseFloat(high, 64)
	if err != nil {
		return dose
	}
	if w := doseUnit(&Quantity{Code: strings.TrimSpace(unit)}, v != 1, cwDose); w != "" {
		return n + " " + w
	}
	return dose
}

// amount is the dose in words: "1 tablet", "500 mg", "1–2 puffs"; "" when the record gives
// no amount (a missing or zero value is never "0 mg").
func (d dosage) amount() string {
	positive := func(q *Quantity) bool { return q != nil && usable(q.Value) && *q.Value > 0 }
	for _, dr := range d.DoseAndRate {
		if q := dr.DoseQuantity; positive(q) {
			unit := doseUnit(q, *q.Value != 1, d.each())
			if unit == "" { // a bare "1" is one of the medicine's form, "1 tablet", else "1 dose" (F301)
				unit = d.each().of(*q.Value != 1)
			}
			return fmtNum(*q.Value) + " " + unit
		}
		if r := dr.DoseRange; r != nil && positive(r.Low) && positive(r.High) {
			unit := doseUnit(r.High, true, d.each())
			if unit == "" {
				unit = d.each().of(true)
			}
			return fmtNum(*r.Low.Value) + "–" + fmtNum(*r.High.Value) + " " + unit
		}
	}
	return ""
}

// routes are the common routes of administration in words, by code (SNOMED CT, the FDA's
// NCI route codes C-CDA uses, HL7 v3 RouteOfAdministration) and by name in lower case.
var routes = map[string]string{
	"260548002": "by mouth", "394899003": "by mouth", "20053000": "by mouth", "orally": "by mouth", "swallow, oral": "by mouth",
	"255560000": "into a vein", "359540000": "on the skin", "263887005": "under the skin", "SQINFUS": "under the skin",
	"255559005": "into a muscle", "IDINJ": "into the skin", "intradermal": "into the skin", "injectable": "by injection",
	"26643006": "by mouth", "C38288": "by mouth", "PO": "by mouth", "oral": "by mouth", "oral route": "by mouth", "oral use": "by mouth",
	"37839007": "under the tongue", "C38300": "under the tongue", "SL": "under the tongue", "sublingual": "under the tongue",
	"6064005": "on the skin", "C38304": "on the skin", "topical": "on the skin", "topical route": "on the skin",
	"45890007": "as a skin patch", "C38305": "as a skin patch", "transdermal": "as a skin patch",
	"47625008": "into a vein", "C38276": "into a vein", "IV": "into a vein", "intravenous": "into a vein",
	"78421000": "into a muscle", "C28161": "into a muscle", "IM": "into a muscle", "intramuscular": "into a muscle",
	"34206005": "under the skin", "C38299": "under the skin", "SQ": "under the skin", "subcutaneous": "under the skin",
	"447694001": "inhaled", "18679011000001101": "inhaled", "C38216": "inhaled", "IPINHL": "inhaled", "inhalation": "inhaled",
	"46713006": "in the nose", "C38284": "in the nose", "NASINHL": "in the nose", "nasal": "in the nose",
	"37161004": "rectally", "C38295": "rectally", "rectal": "rectally",
	"54485002": "in the eye", "C38287": "in the eye", "ophthalmic": "in the eye",
	"10547007": "in the ear", "C38192": "in the ear", "otic": "in the ear",
	"16857009": "vaginally", "C38313": "vaginally", "vaginal": "vaginally",
	// a rescue medicine given between the gum and the cheek (buccal midazolam, F442)
	"54471007": "into the cheek", "C38193": "into the cheek", "buccal": "into the cheek",
	"oromucosal": "inside the mouth", "oromucosal use": "inside the mouth",
}

// route is how the medicine is taken in words: "by mouth", "into a muscle"; else the route's
// own name in lower case ("intradermal route"); "" when the record gives none.
func (d dosage) route() string {
	if d.Route == nil {
		return ""
	}
	for _, c := range d.Route.Coding {
		if w := routes[c.Code]; w != "" {
			return w
		}
	}
	l := strings.ToLower(d.Route.Label())
	if w := routes[strings.TrimSuffix(l, " route")]; w != "" {
		return w
	}
	if w := routes[l]; w != "" {
		return w
	}
	return l
}

// whenWords are the EventTiming codes of Timing.repeat.when in words.
var whenWords = map[string]string{
	"MORN": "in the morning", "AFT": "in the afternoon", "EVE": "in the evening", "NIGHT": "at night",
	"HS": "at bedtime", "WAKE": "on waking", "C": "with meals", "CM": "with breakfast", "CD": "with lunch",
	"CV": "with dinner", "AC": "before meals", "ACM": "before breakfast", "ACD": "before lunch",
	"ACV": "before dinner", "PC": "after meals", "PCM": "after breakfast", "PCD": "after lunch", "PCV": "after dinner",
	"NOON": "at noon", "PHS": "after sleep",
}

// dayWords are Timing.repeat.dayOfWeek codes in words.
var dayWords = map[string]string{"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}

// timing is when the dose is taken in words: "twice a day", "once every 2 days, at 08:00",
// "in the morning", "as needed"; "" when the record says nothing of it.
// offsetWords says minutes as a dosage's offset: "30 minutes", "1 hour", "90 minutes".
func offsetWords(min int) string {
	switch {
	case min == 60:
		return "1 hour"
	case min%60 == 0:
		return strconv.Itoa(min/60) + " hours"
	}
	return strconv.Itoa(min) + " minutes"
}

func (d dosage) timing() string {
	var parts []string
	r := d.Timing.Repeat
	if r.PeriodUnit == "h" && r.Period == 24 {
		r.Period, r.PeriodUnit = 1, "d" // "4 times every 24 hours" is "4 times a day"
	}
	// As needed: how often is a limit, said as the reminders' words say it ("as needed for
	// wheezing, at least 6 hours apart"), not a schedule ("4 times a day, as needed", F360).
	prn := ""
	if d.AsNeeded || d.AsNeededFor != nil {
		if prn = schedule.AsNeededWords(d.raw); prn == "" {
			prn = "as needed"
		}
	}
	switch {
	case prn != "":
	case r.Frequency > 0 && r.Period == 1 && r.PeriodUnit == "d" && len(r.TimeOfDay) > 0 && len(r.TimeOfDay) != r.Frequency:
		// "once a day" at two times contradicts itself: the times say how often.
	case r.Frequency > 0 && r.FrequencyMax > r.Frequency && r.Period == 1 && r.PeriodUnit == "d":
		// frequencyMax: "1–2 times a day", not "once a day" (F412)
		parts = append(parts, fmt.Sprintf("%d–%d times a day", r.Frequency, r.FrequencyMax))
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
			times := map[int]string{1: "once", 2: "twice"}[r.Frequency]
			if times == "" {
				times = fmt.Sprintf("%d times", r.Frequency)
			}
			if r.FrequencyMax > r.Frequency {
				times = fmt.Sprintf("%d–%d times", r.Frequency, r.FrequencyMax)
			}
			every := "every " + fmtNum(r.Period) + " " + unit
			if r.PeriodMax > r.Period {
				// periodMax: "every 4–6 hours", not "every 4 hours" (F412)
				every = "every " + fmtNum(r.Period) + "–" + fmtNum(r.PeriodMax) + " " + unit
			} else if r.Period == 1 {
				every = map[string]string{"h": "an hour", "d": "a day", "wk": "a week", "mo": "a month", "min": "a minute"}[r.PeriodUnit]
			}
			parts = append(parts, times+" "+every) // "once every 2 days", "twice a week"
		}
	}
	var days []string
	for _, d := range r.DayOfWeek {
		if w := dayWords[d]; w != "" {
			days = append(days, w)
		}
	}
	everyDay := len(uniqueSorted(slices.Clone(days))) == 7
	if len(days) > 0 && !everyDay && prn == "" && r.PeriodUnit == "wk" && r.Period == 1 && (r.Frequency == 1 || r.Frequency == len(days)) {
		// "frequency 1 a week" on Mon, Wed and Fri, as GP systems write a dose on those days:
		// "on Mon, Wed and Fri", not "once a week, on Mon, Wed and Fri" (F440)
		parts = nil
	}
	switch {
	case everyDay && len(parts) == 0:
		parts = append(parts, "every day")
	case everyDay:
		// every day of the week: "twice a day", not "twice a day, on Mon, Tue, … and Sun"
	case len(days) > 0:
		parts = append(parts, "on "+joinWords(days))
	}
	var at []string
	for _, t := range r.TimeOfDay {
		if len(t) >= 5 {
			at = append(at, t[:5])
		}
	}
	if len(at) > 0 {
		// "once a day at 08:00", as the reminders' words say it (F55)
		if len(parts) > 0 {
			parts[len(parts)-1] += " at " + joinWords(at)
		} else {
			parts = append(parts, "at "+joinWords(at))
		}
	}
	var when []string
	for _, w := range r.When {
		if ww := whenWords[w]; ww != "" {
			if (strings.HasPrefix(w, "AC") || strings.HasPrefix(w, "PC")) && r.Offset > 0 {
				// "30 minutes before breakfast", as the record says it (F405)
				ww = offsetWords(r.Offset) + " " + ww
			}
			when = append(when, ww)
		}
	}
	if len(when) > 0 {
		parts = append(parts, joinWords(when))
	}
	if len(parts) == 0 && d.Timing.Code != nil {
		if w := gtsTimingWords(d.Timing.Code); w != "" {
			if prn == "" { // as needed, the code is a limit the as-needed words say
				parts = append(parts, w)
			}
		} else if l := d.Timing.Code.Label(); strings.EqualFold(l, "as needed") {
			if prn == "" {
				parts = append(parts, "as needed")
			}
		} else if l != "" {
			parts = append(parts, l)
		}
	}
	if prn != "" {
		parts = append(parts, prn) // once: a timing code's text may say it ("As needed, as needed")
	}
	return strings.Join(parts, ", ")
}

// gtsWords are the timing codes of prescriptions (HL7 v3 GTSAbbreviation) in words: "1 tablet
// by mouth, QD" said nothing to a person (F135).
var gtsWords = map[string]string{"QD": "once a day", "BID": "twice a day", "TID": "three times a day",
	"QID": "four times a day", "QOD": "every other day", "AM": "in the morning", "PM": "in the evening",
	"BED": "at bedtime", "Q1H": "every hour", "Q2H": "every 2 hours", "Q3H": "every 3 hours",
	"Q4H": "every 4 hours", "Q6H": "every 6 hours", "Q8H": "every 8 hours", "WK": "once a week", "MO": "once a month"}

// gtsTimingWords is a timing code in words ("" when it is none of gtsWords): from a coding of
// the GTSAbbreviation system (or none), or a text that is only the code.
func gtsTimingWords(c *Concept) string {
	for _, cd := range c.Coding {
		if cd.System == "" || strings.HasSuffix(cd.System, "v3-GTSAbbreviation") || strings.HasSuffix(cd.System, "v3/GTSAbbreviation") {
			if w := gtsWords[strings.ToUpper(strings.TrimSpace(cd.Code))]; w != "" {
				return w
			}
		}
	}
	return gtsWords[strings.ToUpper(strings.TrimSpace(c.Text))]
}

// HowTaken is a medicine's dose and when it is taken, in words, as the medicines list shows
// them: "1 tablet by mouth, twice a day at 08:00 and 20:00"; either alone when the other is
// not known (schedule is the person's plan or the record's Timing).
func HowTaken(dose, schedule string) string {
	switch {
	case dose == "":
		return schedule
	case schedule == "":
		return dose
	}
	return dose + ", " + schedule
}

// joinWords joins "a", "b", "c" as "a, b and c".
func joinWords(ws []string) string {
	if len(ws) < 2 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

// activeStatus reports whether a MedicationRequest/Statement status means it is current.
func activeStatus(s string) bool {
	switch s {
	case "active", "on-hold", "intended", "draft":
		return true
	}
	return false
}

// MedOptions are what Medicines judges the records against.
type MedOptions struct {
	// Now is the time the states are decided at. Zero: dates are not judged (every record
	// whose status is current is MedTaking unless the person stopped it or died).
	Now time.Time
	// Choices are the person's confirm/stop answers (LoadChoices).
	Choices Choices
	// Death is the person's death (DeathOf); zero: taken from the Set's Patient records.
	Death *Death
	// Weight is the person's last body weight (nil: not known): one source's "10 mg/kg" and
	// another's "1.7 mL" of a 100 mg/mL solution are one dose at 17 kg (SameAmount).
	Weight *Weight
	// Loc is the person's clock: a medicine's Started and Last are the days of its records'
	// dates there (DayIn; a date alone is its own day, F78). nil: as the records write them.
	Loc *time.Location
}

// Medications lists the medicines in the records, current ones (whatever their recency)
// first by name, past ones newest first. Deleted records are left out. Prefer Medicines,
// which says which current ones are being taken.
func Medications(s *Set) (active, past []Medication) {
	for _, m := range Medicines(s, MedOptions{}) {
		if m.State == MedPast {
			past = append(past, m)
		} else {
			active = append(active, m)
		}
	}
	return active, past
}

type medEntry struct {
	r      *Resource
	m      medRecord
	name   string
	code   string
	date   string
	dosage string
	// dose and timing are the dosage's amount and route, and its timing, in words (Medication).
	dose, timing string
	// doseKey is the dosage compared between sources: its structured words without its times
	// of day, lower case; timesKey its times of day ("" when a dosage gives none).
	doseKey, timesKey string
	// amount is the dose of a record with one dosage ("1.7 mL", "10 mg/kg"), and howKey its
	// dosage without it: one dose is written two ways by two sources (F443).
	amount, howKey string
	keys           []string // grouping keys: codes, ingredient codes, normalised name
	facts          MedicineFacts
	// ownName: the record names the medicine in its own words (a concept's text that is not
	// one of its codings' displays: "Spiriva Respimat 2.5 micrograms" beside RxNorm's
	// "tiotropium bromide 0.0025 MG/ACTUAT Inhalation Spray"), the product as prescribed or
	// handed over, not a terminology's name for it (productName).
	ownName bool
	// wordsOnly: the record gives no amount, rate or timing in structure — its dosage is words
	// at most (a discharge letter's "3 tablets for 3 days, then 2 …" with no doseQuantity).
	// amounts are the numbers of the amounts its dosages give in structure (3, 2 and 1 of a
	// taper's tablets): what words are compared with (wordsAgree, F502).
	wordsOnly bool
	amounts   []float64
}

// normName is a medicine name for matching: lower case, single spaces, no semantic tag.
func normName(n string) string { return strings.ToLower(CleanName(n)) }

// genericOf is the generic's normalised name in an RxNorm branded drug's name ("atorvastatin
// 40 MG Oral Tablet [Lipitor]" → "atorvastatin 40 mg oral tablet"), else "".
func genericOf(n string) string {
	n = strings.TrimSpace(n)
	i := strings.LastIndex(n, " [")
	if i <= 0 || !strings.HasSuffix(n, "]") {
		return ""
	}
	return normName(n[:i])
}

// Medicines lists the person's medicines (each person's apart in a household Set), one row
// per medicine however many sources and records speak of it: being taken first, then to confirm, stopped (each by name), then past
// ones newest first. Deleted records are left out.
func Medicines(s *Set, opt MedOptions) []Medication {
	var entries []*medEntry
	for _, r := range s.OfType("MedicationRequest", "MedicationStatement") {
		if r.Deleted {
			continue
		}
		var m medRecord
		if !decode(r, &m) || m.Status == "entered-in-error" { // a record made by mistake: no medicine
			continue
		}
		e := newMedEntry(s, r, m, opt.Loc)
		e.facts = RecordFacts(r.JSON)
		e.facts.Own = r.Source == AppSource
		entries = append(entries, e)
	}
	// Dispenses and logged doses show a medicine is current.
	byKey := map[Key]*medEntry{}
	var orphans []*medEntry
	for _, e := range entries {
		byKey[e.r.Key] = e
	}
	for _, r := range s.OfType("MedicationDispense", "MedicationAdministration") {
		if r.Deleted {
			continue
		}
		var j struct {
			Status          string `json:"status"`
			WhenHandedOver  string `json:"whenHandedOver"`
			WhenPrepared    string `json:"whenPrepared"`
			Effective       string `json:"effectiveDateTime"`
			EffectivePeriod *Period
			Authorizing     []Ref `json:"authorizingPrescription"`
			Request         *Ref  `json:"request"`
			Support         []Ref `json:"supportingInformation"`
		}
		if !decode(r, &j) || j.Status == "entered-in-error" || j.Status == "not-done" || j.Status == "cancelled" {
			continue
		}
		t, ok := ParseTime(firstNonEmpty(j.WhenHandedOver, j.WhenPrepared, j.Effective))
		if !ok {
			continue
		}
		refs := append(append([]Ref{}, j.Authorizing...), j.Support...)
		if j.Request != nil {
			refs = append(refs, *j.Request)
		}
		linked := false
		for _, ref := range refs {
			if t2 := s.Resolve(r, ref.Reference, ""); t2 != nil {
				if e := byKey[t2.Key]; e != nil {
					e.facts.Seen(t)
					linked = true
				}
			}
		}
		if !linked && r.Type == "MedicationDispense" {
			var m medRecord
			if decode(r, &m) {
				e := newMedEntry(s, r, m, opt.Loc)
				e.date = DayIn(firstNonEmpty(j.WhenHandedOver, j.WhenPrepared, j.Effective), opt.Loc)
				// Handed over: being taken for StaleAfter, then past (no order says more).
				e.facts = MedicineFacts{Status: "active", Latest: t, End: t.Add(StaleAfter)}
				orphans = append(orphans, e)
			}
		}
	}
	// A dispense no order explains: it shows the order of the same medicine is current, or,
	// when the records have no order of it, it is a medicine of its own.
	known := map[string]*medEntry{}
	for _, e := range entries {
		for _, k := range e.keys {
			known[k] = e
		}
	}
	for _, o := range orphans {
		var same *medEntry
		for _, k := range o.keys {
			if e := known[k]; e != nil && !strings.Contains(k, "\x00record:") {
				same = e
				break
			}
		}
		if same != nil {
			same.facts.Seen(o.facts.Latest)
			continue
		}
		entries = append(entries, o)
	}
	// Group entries sharing any key (union-find).
	parent := make([]int, len(entries))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := map[string]int{}
	for i, e := range entries {
		for _, k := range e.keys {
			if j, ok := owner[k]; ok {
				parent[find(i)] = find(j)
			} else {
				owner[k] = i
			}
		}
	}
	groups := map[int][]*medEntry{}
	var order []int
	for i, e := range entries {
		root := find(i)
		if _, ok := groups[root]; !ok {
			order = append(order, root)
		}
		groups[root] = append(groups[root], e)
	}
	deaths := map[string]Death{} // by person
	for _, r := range s.OfType("Patient") {
		if !r.Deleted {
			// the death's day on the person's clock, as the medicine's own days are (F560)
			now := opt.Now
			if opt.Loc != nil && !now.IsZero() {
				now = now.In(opt.Loc)
			}
			deaths[r.Profile] = deaths[r.Profile].Earliest(PatientDeath(r.JSON, now))
		}
	}
	var out []Medication
	for _, root := range order {
		es := groups[root]
		death := deaths[es[0].r.Profile]
		if opt.Death != nil {
			death = *opt.Death
		}
		out = append(out, buildMedication(s, es, opt, death))
	}
	flagSameIngredient(out, opt.Choices)
	rank := map[MedState]int{MedTaking: 0, MedToConfirm: 1, MedStopped: 2, MedPast: 3}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.State] != rank[b.State] {
			return rank[a.State] < rank[b.State]
		}
		if a.State == MedPast {
			return a.Last > b.Last
		}
		return strings.ToLower(a.Name) < strings.ToLower(b.Name)
	})
	return out
}

// newMedEntry reads a medicine record's name, code, grouping keys, date and dosage in words
// (a MedicationRequest or MedicationStatement, or a MedicationDispense no order explains).
func newMedEntry(s *Set, r *Resource, m medRecord, loc *time.Location) *medEntry {
	e := &medEntry{r: r, m: m}
	concept := m.MedicationCodeableConcept
	var ingredients, ingredientNames []string
	var form *Concept
	if concept == nil && m.MedicationReference != nil {
		medJSON := Contained(r.JSON, m.MedicationReference.Reference) // "#c1": a Medication inside the record
		if med := s.Resolve(r, m.MedicationReference.Reference, "Medication"); med != nil && medJSON == nil {
			medJSON = med.JSON
		}
		if medJSON != nil {
			var mm struct {
				Code       *Concept `json:"code"`
				Form       *Concept `json:"form"`
				Ingredient []struct {
					Item *Concept `json:"itemCodeableConcept"`
				} `json:"ingredient"`
			}
			if json.Unmarshal(medJSON, &mm) == nil {
				concept, form = mm.Code, mm.Form
				for _, in := range mm.Ingredient {
					if l := in.Item.Label(); l != "" && len(ingredientNames) < 3 && !slices.ContainsFunc(ingredientNames, func(n string) bool { return strings.EqualFold(n, l) }) {
						ingredientNames = append(ingredientNames, l)
					}
					if in.Item != nil {
						for _, c := range in.Item.Coding {
							if c.Code != "" {
								ingredients = append(ingredients, "ingredient:"+c.System+"|"+c.Code)
							}
						}
					}
				}
			}
		}
		if concept == nil && m.MedicationReference.Display != "" {
			concept = &Concept{Text: m.MedicationReference.Display}
		}
	}
	e.name = concept.Label()
	e.ownName = ownWords(concept)
	if e.name == "" && len(ingredientNames) > 0 {
		// a mixture the record names only by what is in it: "Salicylic acid + White
		// petrolatum", as Timeline names it, not "Unnamed medicine" (F215)
		e.name = strings.Join(ingredientNames, " + ")
	}
	if e.name == "" {
		e.name = "Unnamed medicine"
	} else {
		e.keys = append(e.keys, "name:"+normName(e.name))
		if pk := productKey(e.name); pk != "" {
			e.keys = append(e.keys, "product:"+pk) // one product however named (F536)
		}
	}
	if concept != nil {
		for _, c := range concept.Coding {
			if c.Code == "" {
				continue
			}
			if e.code == "" {
				e.code = c.System + "|" + c.Code
			}
			e.keys = append(e.keys, c.System+"|"+c.Code)
			if d := normName(c.Display); d != "" {
				e.keys = append(e.keys, "name:"+d)
			}
			// RxNorm names a branded drug "generic [Brand]": the record itself says which
			// generic it is ("atorvastatin 40 MG Oral Tablet [Lipitor]").
			if g := genericOf(c.Display); g != "" {
				e.keys = append(e.keys, "name:"+g)
			}
			if pk := productKey(c.Display); pk != "" {
				e.keys = append(e.keys, "product:"+pk)
			}
		}
	}
	// Only ingredients of single-ingredient medicines link a brand to its generic.
	if len(ingredients) == 1 {
		e.keys = append(e.keys, ingredients...)
	}
	if len(e.keys) == 0 {
		e.keys = []string{"record:" + keyString(r.Key)}
	}
	// People never share a row: every key is the person's.
	for i := range e.keys {
		e.keys[i] = r.Profile + "\x00" + e.keys[i]
	}
	date := firstNonEmpty(m.AuthoredOn, m.EffectiveDateTime, m.DateAsserted)
	if m.Effective != nil && m.Effective.Start != "" {
		date = m.Effective.Start
	}
	e.date = DayIn(date, loc)
	if date == "" {
		e.date = Day(r.Date) // the index date (sortable UTC; a date alone is midnight UTC)
	}
	doses := m.Dosage
	if len(doses) == 0 {
		doses = m.DosageS
	}
	if fw, ok := formCount(form, e.name); ok {
		doses = append([]dosage(nil), doses...) // the record's own slice stays as read
		for i := range doses {
			doses[i].form = fw
		}
	} else {
		copied := false
		for i := range doses {
			if fw, ok := textCount(doses[i].Text); ok {
				if !copied {
					doses, copied = append([]dosage(nil), doses...), true
				}
				doses[i].form = fw
			}
		}
	}
	var dw []string
	for _, d := range doses {
		if strings.EqualFold(strings.Join(strings.Fields(d.Text), " "), strings.Join(strings.Fields(e.name), " ")) {
			d.Text = "" // it only repeats the name (a C-CDA sig pointing at the name's narrative line)
		}
		d.Text = afterTheName(d.Text, e.name)
		if w := d.words(); w != "" {
			dw = append(dw, w)
		}
	}
	e.dosage = strings.Join(dw, "; ")
	var dose, timing []string
	for _, d := range doses {
		if rt := d.rate(); rt != "" {
			// An infusion runs at a rate: its frequency ("once an hour") is not a dose each
			// time (medrx0322 read "20 mEq into a vein, once an hour" for 20 mEq in 1 L at
			// 100 mL an hour, F215). The prescriber's words where they are, else the rate.
			if d.Text != "" {
				timing = append(timing, d.Text)
			} else {
				dose = append(dose, strings.TrimSpace(d.amount()+" "+d.route()))
				timing = append(timing, "at "+rt)
			}
			continue
		}
		if w := strings.TrimSpace(d.amount() + " " + d.route()); w != "" {
			dose = append(dose, w)
		}
		w := d.timing()
		if w == "" {
			w = d.Text
		}
		if w != "" {
			timing = append(timing, w)
		}
	}
	e.dose, e.timing = strings.Join(dose, "; "), strings.Join(timing, "; ")
	if len(doses) > 1 {
		// Several instructions (a taper, a dose per meal): one phrase each, its dose with its
		// time, in the record's words where it has them, "then" between steps that follow one
		// another — the doses and the times were two lists that could not be paired ("4 tablets
		// by mouth; 2 tablets by mouth; 1 tablet by mouth, once a day; once a day; once a day", F136).
		var each []string
		then := true
		for i, d := range doses {
			if i > 0 && (d.Sequence == nil || doses[i-1].Sequence == nil || *d.Sequence <= *doses[i-1].Sequence) {
				then = false
			}
			w := strings.TrimSpace(d.Text)
			if w == "" {
				w = HowTaken(strings.TrimSpace(d.amount()+" "+d.route()), d.timing())
			}
			if w != "" {
				each = append(each, w)
			}
		}
		sep := "; "
		if then {
			sep = "; then "
			for i := 1; i < len(each); i++ {
				if r := []rune(each[i]); len(r) > 1 && unicode.IsUpper(r[0]) && unicode.IsLower(r[1]) {
					each[i] = string(unicode.ToLower(r[0])) + string(r[1:]) // "then take 2 tablets"
				}
			}
		}
		e.dose, e.timing = "", strings.Join(each, sep)
	}
	// Sources are compared on what the dosage says in structure where it has one: one
	// source's sig text and another's "1 tablet twice a day" can be the same dose.
	// The times of day are compared apart (timesKey): a GP summary's "1 tablet twice a day"
	// is the same dose as the order's "1 tablet twice a day at 08:00 and 20:00" (F423).
	var cmp, times []string
	for _, d := range doses {
		d, at := withoutTimes(d)
		w := d.words()
		if d.Text != "" {
			d.Text = ""
			if sw := d.words(); sw != "" {
				w = sw
			}
		}
		if w != "" {
			cmp = append(cmp, strings.ToLower(w))
		}
		if at != "" {
			times = append(times, at)
		}
	}
	e.doseKey = strings.Join(cmp, "; ")
	if len(doses) == 1 {
		d, _ := withoutTimes(doses[0])
		e.amount = d.amount()
		d.DoseAndRate, d.Text = nil, ""
		e.howKey = strings.ToLower(d.words())
		if d.AsNeeded || d.AsNeededFor != nil {
			e.howKey = "as needed" // its most a day is a limit, not the dose
		}
	}
	if len(times) == len(doses) {
		e.timesKey = strings.Join(times, "; ")
	}
	e.wordsOnly = !slices.ContainsFunc(doses, func(d dosage) bool { return d.amount() != "" || d.timing() != "" || d.rate() != "" })
	for _, d := range doses {
		e.amounts = append(e.amounts, amountsIn(d.amount())...)
	}
	return e
}

// withoutTimes is a dosage without its times of day, and those times ("08:00 20:00"; "" when
// it gives none). Times without a frequency say how often ("at 08:00 and 20:00" is twice a
// day), so the dosage keeps that as its frequency.
//
// The times of the day's events (timing.when: "in the morning", "before meals", with their
// offset) are times of day too: the GP's "1 tablet once a day in the morning" and a discharge
// letter's "1 tablet once a day" are one dose (F487).
func withoutTimes(d dosage) (dosage, string) {
	r := &d.Timing.Repeat
	if len(r.TimeOfDay) == 0 && len(r.When) == 0 {
		return d, ""
	}
	var at []string
	for _, t := range r.TimeOfDay {
		if len(t) >= 5 {
			at = append(at, t[:5])
		}
	}
	for _, w := range r.When {
		if w = strings.ToUpper(strings.TrimSpace(w)); w != "" {
			if r.Offset != 0 {
				w += "+" + strconv.Itoa(r.Offset)
			}
			at = append(at, w)
		}
	}
	sort.Strings(at)
	if r.Frequency == 0 && r.Period == 0 {
		r.Frequency, r.Period, r.PeriodUnit = len(at), 1, "d"
	}
	r.TimeOfDay, r.When, r.Offset = nil, nil, 0
	return d, strings.Join(at, " ")
}

// spellStart is the first day of a medicine's records (newest first), or, when its newest
// record is active and an older one stopped more than CourseGap before the next, the first day
// after that stop (F257): NuvaRing stopped in 2015 and prescribed again in 2020 is taken since
// 2020, not "still active since 2015". A prescription renewed each year stays one spell.
func spellStart(es []*medEntry) string {
	if activeStatus(es[0].m.Status) {
		for i := 1; i < len(es); i++ {
			older, newer := es[i], es[i-1]
			if older.r.Type != "MedicationDispense" && !activeStatus(older.m.Status) && farApart(older.date, newer.date) {
				return newer.date
			}
		}
	}
	return es[len(es)-1].date
}

// doseSince is the day of the oldest record, from the newest one's source, that gives the newest
// one's dose and times without another between them, when a record of the spell before it gave
// another dose ("" when none did: the dose is the spell's since its start). Records of other
// sources, dispenses and records giving no dosage are passed over: another source writes one
// dose its own way (F443).
func doseSince(es []*medEntry, started string) string {
	newest := es[0]
	key := func(e *medEntry) string {
		if e.doseKey == "" && e.timesKey == "" {
			return strings.ToLower(strings.TrimSpace(e.dosage))
		}
		return e.doseKey + "|" + e.timesKey
	}
	k := key(newest)
	if k == "" || k == "|" {
		return ""
	}
	since := newest.date
	for _, e := range es[1:] {
		if e.date < started {
			break
		}
		if e.r.Type == "MedicationDispense" || e.r.Origin() != newest.r.Origin() || key(e) == "" || key(e) == "|" {
			continue
		}
		if key(e) != k {
			if since > started {
				return since
			}
			return ""
		}
		since = e.date
	}
	return ""
}

// SinceWords is since when a medicine being taken is taken, in words, and since when at the
// dose its row says when that began later: "16 Nov 2026; this dose since 30 Nov 2026" (F417),
// else "16 Nov 2026".
func (m *Medication) SinceWords() string {
	w := DayWords(m.Started)
	if m.DoseSince != "" && m.DoseSince != m.Started {
		w += "; this dose since " + DayWords(m.DoseSince)
	}
	return w
}

func buildMedication(s *Set, es []*medEntry, opt MedOptions, death Death) Medication {
	sort.SliceStable(es, func(i, j int) bool { return es[i].date > es[j].date })
	newest := es[0]
	desc := describedBy(es)
	med := Medication{Profile: newest.r.Profile, Name: productName(es), Code: newest.code, Status: newest.m.Status, Last: newest.date, Dosage: desc.dosage,
		Dose: desc.dose, Timing: desc.timing}
	med.Started = spellStart(es)
	med.DoseSince = doseSince(es, med.Started)
	med.Ref = newest.r.Type + "/" + newest.r.ID
	// The newest record of each source decides what that source says.
	latest := map[string]*medEntry{}
	for _, e := range es {
		med.Records = append(med.Records, e.r.Key)
		med.Days = append(med.Days, e.date)
		med.Refs = append(med.Refs, e.r.Type+"/"+e.r.ID)
		if e.facts.Latest.After(med.Latest) {
			med.Latest = e.facts.Latest
		}
		src := e.r.Origin()
		if _, ok := latest[src]; !ok {
			latest[src] = e
			med.Sources = append(med.Sources, src)
			med.SourceKeys = append(med.SourceKeys, e.r.Key)
		}
		if med.Reason == "" {
			med.Reason = reasonOf(s, e)
		}
	}
	choice := opt.Choices.For(med.Refs...)
	rank := map[MedState]int{MedTaking: 0, MedToConfirm: 1, MedStopped: 2, MedPast: 3}
	med.State = MedPast
	var ended time.Time
	var endZoned bool
	for _, src := range med.Sources {
		e := latest[src]
		if activeStatus(e.m.Status) {
			med.Active = true
		}
		f := e.facts
		f.Latest = med.Latest // a dispense or dose of any source counts
		f.Choice = choice
		var st MedState
		if opt.Now.IsZero() {
			// No clock: the records and the person's answers decide, not the dates.
			switch {
			case death.Deceased || (!activeStatus(f.Status) && !f.Own):
				st = MedPast
			case choice != nil && !choice.Taking:
				st = MedStopped
			default:
				st = MedTaking
			}
		} else {
			st = MedicineState(f, death, opt.Now)
		}
		if rank[st] < rank[med.State] {
			med.State = st
		}
		if !f.End.IsZero() && f.End.After(ended) && e.r.Type != "MedicationDispense" { // a dispense's End is ours, not the record's
			ended, endZoned = f.End, f.EndZoned
		}
	}
	// ended is exclusive (RecordFacts moves a date-only end to the next midnight): the last
	// day is the instant before it, so an end of 2023-01-10 reads "ended 10 Jan"; an end with
	// a time of day is on the person's clock like the medicine's other days (an end at
	// 2023-01-11T07:30Z is 10 Jan in Los Angeles, F138), a date its own day.
	lastDay := func() string {
		last := ended.Add(-time.Nanosecond)
		if endZoned && opt.Loc != nil {
			last = last.In(opt.Loc)
		}
		return last.Format("2006-01-02")
	}
	switch {
	case death.Deceased && med.Active && endedBeforeDeath(ended, endZoned, death, opt.Loc):
		// The record's own end came before the death: it ended then, not at the death.
		med.Ended = lastDay()
	case death.Deceased && med.Active:
		med.Ended, med.AtDeath = death.Date, true
	case med.State == MedPast && !ended.IsZero():
		med.Ended = lastDay()
	}
	if d := death.Date; death.Deceased && d != "" && (med.Last > d || med.Ended > d) && (med.Started == "" || med.Started <= d) {
		med.UntilDeath = d
	}
	if !opt.Now.IsZero() {
		for _, src := range med.Sources {
			if f := latest[src].facts; f.WrittenAfter(opt.Now) && (med.DatedAfter == "" || f.Written < med.DatedAfter) {
				med.DatedAfter = Day(f.Written)
			}
		}
	}
	if med.State == MedToConfirm {
		med.Question = Question(med.Started)
		if med.DatedAfter != "" && choice == nil {
			// not "Still active in the record since 2035": the date is not to be believed,
			// and is when it was written, not a start (F557 item 6)
			med.Question = "Its record is dated " + DayWords(med.DatedAfter) + ", after today: that date may be wrong, and it is when the prescription was written, not a start. Are you taking it?"
		}
	}
	if med.State == MedTaking && !opt.Now.IsZero() {
		med.Starts = startsAfter(es, latest, med.Sources, opt)
	}
	if len(latest) > 1 {
		var statuses, doses, times, names, dosed []string
		var given []float64 // the amounts the sources giving a dose in structure give
		for _, src := range med.Sources {
			if e := latest[src]; !e.wordsOnly {
				given = append(given, e.amounts...)
			}
		}
		for _, src := range med.Sources {
			e := latest[src]
			statuses = append(statuses, fmt.Sprint(activeStatus(e.m.Status)))
			// Words alone that state no amount another source does not give are no other dose:
			// a letter's "3 tablets for 3 days, then 2 …, then 1 …" beside the GP's taper of 3, 2
			// and 1 tablets (F502), its "3 mg on Mon, Wed and Fri and 2 mg on other days" beside
			// the weekday doses (F519). "2 tablets a day" beside 1 tablet still differs.
			if !e.wordsOnly || len(given) == 0 || !wordsAgree(e, given) {
				doses = append(doses, e.doseKey)
				dosed = append(dosed, src)
			}
			if e.timesKey != "" { // a source that gives no times agrees with any
				times = append(times, e.timesKey)
			}
			names = append(names, brandName(normName(MedicineName(e.name)))) // "10 MG Oral Tablet" is "10 mg tablet"
		}
		switch {
		case len(uniqueSorted(statuses)) > 1:
			med.Differs, med.Difference = true, "Sources disagree whether it is still taken"
		case len(uniqueSorted(doses)) > 1 && !sameAmounts(latest, dosed, med.Name, opt.Weight):
			med.Differs, med.Difference = true, "Sources give different doses"
		case len(uniqueSorted(times)) > 1:
			med.Differs, med.Difference = true, "Sources give different times of day"
		case len(uniqueSorted(names)) > 1:
			med.Differs, med.Difference = true, "Sources name it differently"
		}
	}
	return med
}

// wordsAgree says a record giving its dosage in words alone (wordsOnly) states no amount
// but those given (the amounts of the sources giving a dose in structure) and the strength its
// name says ("Prednisone 10 mg: …"): every number its words put before a dose's unit
// ("3 tablets", "2 mg", "1 puff") is one of them. Words with no amount agree.
func wordsAgree(e *medEntry, given []float64) bool {
	ok := append(slices.Clone(given), amountsIn(e.name)...)
	for _, n := range amountsIn(e.dosage) {
		if !slices.Contains(ok, n) {
			return false
		}
	}
	return true
}

// amountsIn are the numbers s puts before a dose's unit, a counted form or a unit of amount:
// "3 tablets for 3 days, then 2 tablets" is 3 and 2 (days are no amount); "1–2 puffs" 1 and 2.
func amountsIn(s string) []float64 {
	var out []float64
	ws := strings.Fields(strings.ToLower(s))
	for i := 0; i+1 < len(ws); i++ {
		unit := strings.Trim(ws[i+1], ".,;:()")
		if _, counted := countWordOf(unit); !counted && doseAmountUnits[unit] == "" {
			continue
		}
		for _, n := range strings.Split(strings.Trim(ws[i], "(),;:"), "–") {
			if v, err := strconv.ParseFloat(strings.ReplaceAll(n, ",", "."), 64); err == nil {
				out = append(out, v)
			}
		}
	}
	return out
}

// describedBy is the record a medicine's row says the dose and timing of (es newest first):
// the newest, unless it gives words alone (wordsOnly) and a newer-than-any-other current
// record gives them in structure — a discharge letter's "Prednisone 10 mg: 3 tablets for 3
// days, then 2 …" beside the GP's taper of 3, 2 and 1 tablets on their days, which reminds: the
// row and the visit summary said the letter's words, not the steps (F502).
func describedBy(es []*medEntry) *medEntry {
	if !es[0].wordsOnly {
		return es[0]
	}
	for _, e := range es[1:] {
		if !e.wordsOnly && activeStatus(e.m.Status) && e.r.Type != "MedicationDispense" && e.r.Type != "MedicationAdministration" {
			return e
		}
	}
	return es[0]
}

// productName is the name of one medicine recorded several times (es, newest first): the
// product's, as its newest record naming it in its own words says it (ownWords), else the
// newest record's. A GP's "Spiriva Respimat 2.5 micrograms" and a discharge letter's RxNorm
// "tiotropium bromide 0.0025 MG/ACTUAT Inhalation Spray" are one inhaler: Today said the one
// and Medicines the other (F512). Every place names the course so: Medicines and the summary
// (this row), Today and the reminders (remind takes the row's name), the Timeline (CourseNames).
//
// A name in capitals is a dispensing system's label ("FUROSEMIDE 40MG CO", its French
// abbreviation for comprimé), not words a person chose: another record's own name in ordinary
// letters ("Lasix (furosémide) 40 mg", the clinic's) names the row even when older. The
// pharmacy's newer order named Gérard's furosemide in capitals on Today and Medicines (F540
// item 4).
func productName(es []*medEntry) string {
	for _, e := range es {
		if e.ownName && !inCapitals(e.name) {
			return MedicineName(e.name)
		}
	}
	for _, e := range es {
		if e.ownName {
			return MedicineName(e.name)
		}
	}
	return MedicineName(es[0].name)
}

// inCapitals says a name is written in capital letters only (at least three letters, none
// small): "FUROSEMIDE 40MG CO", not "Lasix 40 mg" or "NPH".
func inCapitals(name string) bool {
	letters := 0
	for _, r := range name {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			letters++
		}
	}
	return letters > 3
}

// ownWords says a medicine's concept names it in the source's own words: a text that is not
// the display of one of its codings (a C-CDA's or Synthea's text repeats the code's display).
func ownWords(c *Concept) bool {
	if c == nil || CleanName(c.Text) == "" || len(c.Coding) == 0 {
		return false
	}
	t := normName(c.Text)
	for _, cd := range c.Coding {
		if normName(cd.Display) == t || strings.TrimSpace(cd.Code) == strings.TrimSpace(c.Text) {
			return false
		}
	}
	return true
}

// CourseNames are the names of a person's medicines by record (every record of s behind a
// Medicines row, Medication.Records): one name for every record of one medicine, the
// product's (productName), as the Timeline says it in place of each record's own name.
func CourseNames(s *Set) map[Key]string {
	out := map[Key]string{}
	for _, m := range Medicines(s, MedOptions{}) {
		for _, k := range m.Records {
			out[k] = m.Name
		}
	}
	return out
}

// endedBeforeDeath says a medicine's record ended (ended, exclusive; a date's end is the next
// midnight UTC, its own day on any clock unless zoned) before the person's life did
// (Death.End on the person's clock loc: a death given as a day alone lasts to the end of that
// day there, F465). A course whose last day was the day before a death given as a day alone
// ended then, not "at death" — the death's midnight UTC made it so (F467).
func endedBeforeDeath(ended time.Time, zoned bool, death Death, loc *time.Location) bool {
	if ended.IsZero() {
		return false
	}
	if loc != nil {
		death = death.In(loc)
	}
	life := death.End()
	if life.IsZero() {
		return false
	}
	if !zoned {
		l := death.Loc
		if l == nil {
			l = time.UTC
		}
		ended = InZone(ended, true, l)
	}
	return ended.Before(life)
}

// sameAmounts says every source's newest record gives one dose, taken alike, and the doses are
// one amount written two ways ("5 mg" and "1 mL" of "5 mg/1 mL"; "10 mg/kg" and "1.7 mL" of a
// 100 mg/mL solution at 17 kg, w the person's last weight): not different doses (F443).
func sameAmounts(latest map[string]*medEntry, sources []string, name string, w *Weight) bool {
	first := latest[sources[0]]
	for _, src := range sources {
		e := latest[src]
		if e.amount == "" || e.howKey != first.howKey || !SameAmount(e.amount, first.amount, name, w) {
			return false
		}
	}
	return true
}

// startsAfter is the day a medicine begins when every source's newest current record starts
// after today (on the person's clock, opt.Loc), the earliest of them; "" when one has begun,
// gives no start, or its newest record is a dispense.
func startsAfter(es []*medEntry, latest map[string]*medEntry, sources []string, opt MedOptions) string {
	loc := opt.Loc
	if loc == nil {
		loc = time.Local
	}
	today := opt.Now.In(loc).Format("2006-01-02")
	first := ""
	for _, src := range sources {
		e := latest[src]
		if e.r.Type == "MedicationDispense" || e.r.Type == "MedicationAdministration" || !activeStatus(e.m.Status) {
			continue
		}
		day := e.facts.StartDay(loc)
		if day == "" || day <= today || e.facts.WrittenAfter(opt.Now) {
			return "" // a date of writing after today is no start (F557 item 6)
		}
		if first == "" || day < first {
			first = day
		}
	}
	return first
}

func reasonOf(s *Set, e *medEntry) string {
	for _, rc := range e.m.ReasonCode {
		if l := rc.Label(); l != "" {
			return l
		}
	}
	for _, rr := range e.m.ReasonReference {
		if rr.Display != "" {
			return CleanName(rr.Display)
		}
		if c := s.Resolve(e.r, rr.Reference, "Condition"); c != nil {
			var cc struct {
				Code *Concept `json:"code"`
			}
			if decode(c, &cc) {
				if l := cc.Code.Label(); l != "" {
					return l
				}
			}
		}
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// fmtNum formats a number without needless decimals (Number without a unit).
func fmtNum(v float64) string { return Number(v, "") }

// FormatNumber formats a measured value for display without a unit: three significant
// digits, whole numbers from 100 (Number). Prefer Value or Number with the unit.
func FormatNumber(v float64) string { return Number(v, "") }
