package health

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
)

// Kind is the kind of a timeline event.
type Kind uint8

// The kinds of timeline event.
const (
	KindOther Kind = iota
	KindVisit
	KindCondition
	KindProcedure
	KindImmunization
	KindResult
	KindMedicine
	KindDocument
	KindAllergy
	KindBilling
	numKinds
)

// Kinds lists every kind, in the order filters show them.
func Kinds() []Kind {
	out := make([]Kind, 0, numKinds)
	for k := KindVisit; k < numKinds; k++ {
		out = append(out, k)
	}
	return append(out, KindOther)
}

// String is the kind's name in English (the app translates it).
func (k Kind) String() string {
	return [...]string{"Other", "Visits", "Conditions", "Procedures", "Immunizations", "Results", "Medicines", "Documents", "Allergies", "Bills"}[k]
}

// KindOf is the timeline kind of a resource type.
func KindOf(typ string) Kind {
	switch typ {
	case "Encounter", "Appointment":
		return KindVisit
	case "Condition":
		return KindCondition
	case "Procedure", "ImagingStudy":
		return KindProcedure
	case "Immunization":
		return KindImmunization
	case "Observation", "DiagnosticReport":
		return KindResult
	case "MedicationRequest", "MedicationStatement", "MedicationAdministration", "MedicationDispense":
		return KindMedicine
	case "DocumentReference", "Composition", "Media":
		return KindDocument
	case "AllergyIntolerance":
		return KindAllergy
	case "Claim", "ExplanationOfBenefit", "Coverage":
		return KindBilling
	}
	return KindOther
}

// InTimeline reports whether records of a type belong on the timeline (people, places and
// bookkeeping records do not).
func InTimeline(typ string) bool {
	switch typ {
	case "Patient", "Practitioner", "PractitionerRole", "Organization", "Location", "Medication",
		"Provenance", "Coverage", "Device", "CareTeam", "Goal", "SupplyDelivery":
		return false
	}
	return true
}

// Event is one line of the timeline. It is small on purpose: 100,000 of them are kept, and
// the title is described only when the line is shown or searched (see Describe).
type Event struct {
	Date    string // sortable UTC date
	Kind    Kind
	Key     Key
	Profile string
	Origin  string
	// Precision is how precisely the record wrote its date (storage.Entry.Precision);
	// PrecisionUnknown reads midnight UTC as a date alone (fhirjson.SortablePrecision).
	Precision fhirjson.Precision
	// Starts marks the start day of a medicine prescribed on an earlier day (its record's
	// own event is on the order's day, "Medicine prescribed, to start 8 Dec 2026: …"): a line
	// of its own on the day taking it begins (F371).
	Starts bool
	// again is set on the lines of a medicine record that lists again a course already under
	// way (ListedAgain, F497): the day that course began, as days since 1 Jan 0001 plus one;
	// 0: none. SetListedSince and ListedSince. Days in an int32, not a string: it lies in the
	// room after Precision and Starts, so 100,000 events take no more memory.
	again int32
}

// SetListedSince marks e's record as listing again a course taken since day (YYYY-MM-DD;
// "" clears it).
func (e *Event) SetListedSince(day string) {
	e.again = 0
	if t, err := time.Parse(time.DateOnly, day); err == nil {
		e.again = int32(t.Unix()/86400+unixDay0001) + 1
	}
}

// ListedSince is the day (YYYY-MM-DD) the course e's medicine record lists again began
// (SetListedSince), "" for a record that starts one.
func (e *Event) ListedSince() string {
	if e.again <= 0 {
		return ""
	}
	return time.Unix((int64(e.again)-1-unixDay0001)*86400, 0).UTC().Format(time.DateOnly)
}

// SetNewDoseSince marks e's record as prescribing again, at another dose, a course taken since
// day (NewDose; "" clears it). It shares ListedSince's room: a record is one or the other.
func (e *Event) SetNewDoseSince(day string) {
	e.SetListedSince(day)
	e.again = -e.again
}

// NewDoseSince is the day (YYYY-MM-DD) the course e's record prescribes again at another dose
// began (SetNewDoseSince), "".
func (e *Event) NewDoseSince() string {
	if e.again >= 0 {
		return ""
	}
	return time.Unix((int64(-e.again)-1-unixDay0001)*86400, 0).UTC().Format(time.DateOnly)
}

// unixDay0001 is the days from 1 Jan 0001 to 1 Jan 1970.
const unixDay0001 = 719162

// KindName is what a Timeline row says the event is: its kind's name ("Visit", "Bill"), and
// a care plan and a planned item what they are; for a bill which paper it is — "Insurance claim" or "Insurer's statement" (F279: a visit's
// claim and the insurer's statement of it were two rows 'Encounter for symptom: $85.55 ·
// Bill', read as billed twice).
func (e *Event) KindName() string {
	switch e.Key.Type {
	case "Claim":
		return "Insurance claim"
	case "ExplanationOfBenefit":
		return "Insurer's statement"
	case "CarePlan":
		return "Care plan" // not "Other" (F300)
	case "ServiceRequest":
		return "Plan" // "Planned: Colonoscopy · Plan", not "· Other" (F300)
	case "NutritionOrder":
		return "Diet order" // a fluid limit is an order, as a prescription is (F576)
	}
	return e.Kind.Name()
}

// InZone is t (a record's or reading's time) as shown in loc. A date-only time — the record
// gives the day alone ("2020-03-04"), which ParseTime and the vault's sortable dates keep as
// midnight UTC — is midnight of that same calendar day in loc: the record belongs to its own
// day in every zone, never the day before west of UTC.
func InZone(t time.Time, dateOnly bool, loc *time.Location) time.Time {
	if dateOnly {
		u := t.UTC()
		return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, loc)
	}
	return t.In(loc)
}

// precision is the event's date precision, read from its sortable date when not kept.
func (e *Event) precision() fhirjson.Precision {
	if e.Precision != fhirjson.PrecisionUnknown {
		return e.Precision
	}
	return fhirjson.SortablePrecision(e.Date)
}

// Day is the day ("2006-01-02") the event belongs to in loc: a timed event the day of its
// wall clock in loc, a date-only one its own calendar day in every zone (InZone). An event
// the record dates by its month or year alone belongs to that month ("1999-11") or year
// ("1999"), never to its first day; DayWords says them all.
func (e *Event) Day(loc *time.Location) string {
	t, err := time.Parse(time.RFC3339, e.Date)
	if err != nil {
		return Day(e.Date)
	}
	switch e.precision() {
	case fhirjson.PrecisionYear:
		return t.UTC().Format("2006")
	case fhirjson.PrecisionMonth:
		return t.UTC().Format("2006-01")
	case fhirjson.PrecisionTime:
		return t.In(loc).Format("2006-01-02")
	}
	return t.UTC().Format("2006-01-02")
}

// Clock is the event's time of day in loc ("09:40", and "00:00" for a reading taken at
// midnight), or "" for an event the record dates by its day, month or year alone. A time the
// clocks show twice that night, as they go back, names its zone: "01:30 BST" then "01:30 GMT"
// (F427: two readings at "01:30" with nothing to say which came first).
func (e *Event) Clock(loc *time.Location) string {
	t, err := time.Parse(time.RFC3339, e.Date)
	if err != nil || e.precision() != fhirjson.PrecisionTime {
		return ""
	}
	return WallClock(t, loc)
}

// Instant is when the event happened: its instant, or the start of its day (month, year) on
// loc's clock for one dated without a time — the order of the app's and the CLI's Timeline.
func (e *Event) Instant(loc *time.Location) time.Time {
	if e.precision() == fhirjson.PrecisionTime {
		if t, err := time.Parse(time.RFC3339, e.Date); err == nil {
			return t
		}
	}
	day := e.Day(loc)
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.ParseInLocation(layout, day, loc); err == nil {
			return t
		}
	}
	return time.Time{}
}

// DateWallClock is t's day and time of day in loc, "25 Oct 2026, 02:30", with the zone's
// abbreviation when the clocks show that time twice: "25 Oct 2026, 02:30 CEST" (WallClock).
func DateWallClock(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2 Jan 2006, ") + WallClock(t, loc)
}

// WallClock is t's time of day in loc, "15:04", with the zone's abbreviation when the clocks
// show that time twice (the hour repeated as daylight saving time ends).
func WallClock(t time.Time, loc *time.Location) string {
	local := t.In(loc)
	clock := local.Format("15:04")
	_, off := local.Zone()
	for _, probe := range []time.Duration{-3 * time.Hour, 3 * time.Hour} {
		_, other := t.Add(probe).In(loc).Zone()
		if other == off {
			continue
		}
		// the same wall time at the other offset: the instant off-other seconds later
		if twin := t.Add(time.Duration(off-other) * time.Second).In(loc); twin.Format("2006-01-02 15:04") == local.Format("2006-01-02 15:04") {
			name, _ := local.Zone()
			return clock + " " + name
		}
	}
	return clock
}

// IndexDate is a record's index date in words: sortable is its sortable UTC date
// (storage.Meta.Date), p the precision the record wrote it with (storage.Meta.Precision).
// "1999" and "November 1999" for a year or a month, "17 Aug 2018" for a day (the same day in
// every zone), and for a time the day of its wall clock in loc (an evening reading in New
// York is not the next day's). The records list of the CLI and the app say it.
func IndexDate(sortable string, p fhirjson.Precision, loc *time.Location) string {
	e := Event{Date: sortable, Precision: p}
	return DayWords(e.Day(loc))
}

// MaxDescribe is the longest Describe returns, in characters (longer titles end in "…").
const MaxDescribe = 160

// Describe is the one-line title of a record, the same in the record browser, the timeline
// and search: what it is about in plain words (its code, name, title, billed service, type,
// description, category or class) and, for results, the value with its unit in people's
// form. Medicine records say which event they are ("Medicine started: Vitamin D", "Dose
// taken: Vitamin D"), so one event is one line. Each element is read on its own, so one
// element of an unexpected shape does not hide the others. Without anything to say it is its
// kind in words ("Care plan"), never its id; a code nothing names is never the title.
func Describe(typ string, resource []byte) string { return DescribeAs(typ, resource, "") }

// DescribeAs is Describe, a medicine record (an order, a statement, a dispense, a dose)
// named name when it is not "": its course's name (CourseNames), not the record's own — a
// discharge letter's "Tiotropium bromide …" beside the GP's "Spiriva Respimat …" of one
// inhaler (F512).
func DescribeAs(typ string, resource []byte, name string) string {
	var f map[string]json.RawMessage
	if json.Unmarshal(resource, &f) != nil {
		return "(unreadable record)"
	}
	get := func(name string, v any) bool { return len(f[name]) > 0 && json.Unmarshal(f[name], v) == nil }
	concept := func(name string) string { return conceptLabel(f[name]) }
	// a concept as a title: never a bare code nothing names ("47527-7", "PAY", "1205")
	titled := func(raw json.RawMessage) string { return conceptTitle(raw) }
	str := func(name string) string {
		var s string
		if get(name, &s) {
			return s
		}
		return concept(name)
	}
	var rt, status string
	get("resourceType", &rt)
	get("status", &status)
	if typ == "" {
		typ = rt
	}
	var medRef Ref
	var items []struct {
		ProductOrService json.RawMessage `json:"productOrService"`
	}
	var class Coding
	var series []struct {
		Modality Coding `json:"modality"`
		BodySite Coding `json:"bodySite"`
	}
	var reasons []Concept
	var what string
	switch {
	case typ == "Provenance":
		what = provenanceWords(f) // not its id: "Source of 3 records: Riverside Clinic"
	case typ == "Endpoint":
		what = endpointWords(f) // not its connection type's code: "Connection to fhir.example.org"
	case typ == "QuestionnaireResponse":
		what = questionnaireResponseWords(f) // "Asthma check-in: …; bothered 4 of 10", not its id (F90)
	case typ == "Claim" && get("item", &items) && len(items) > 0:
		// A claim is for its first item in words ("Exam"); an item given by a code alone
		// ("1200") is an insurance claim, not the code.
		what = firstNonEmpty(conceptWords(items[0].ProductOrService), "Insurance claim")
	case allergyNoneWords(f["code"]) != "":
		what = allergyNoneWords(f["code"]) // "No known medicine allergies", not "NKDA"
	case titled(f["code"]) != "":
		what = titled(f["code"])
	case vaccineLabel(f["vaccineCode"]) != "":
		what = vaccineLabel(f["vaccineCode"])
	case concept("medicationCodeableConcept") != "":
		what = concept("medicationCodeableConcept")
	case get("medicationReference", &medRef) && medRef.Display != "":
		what = CleanName(medRef.Display)
	case medRef.Reference != "" && containedMedicine(resource, medRef.Reference) != "":
		what = containedMedicine(resource, medRef.Reference) // "#c1": a Medication inside the record (F56)
	case medicineTypes[typ]:
		// a medicine record naming no medicine is "a medicine": not its category
		// ("Inpatient") or its type ("Refill - Part Fill")
	case nameWordsOf(f["name"]) != "":
		what = nameWordsOf(f["name"])
	case str("title") != "":
		what = sentenceCase(str("title")) // a section title in capitals, "TREATMENT PLAN", in words (F300)
	case typ == "DocumentReference" && documentTitle(f) != "":
		// a document is its own title ("Maple Street Pediatrics — visit summary"), not its
		// kind ("Summarization of Episode Note"), which Details shows (F47)
		what = documentTitle(f)
	case get("item", &items) && len(items) > 0 && titled(items[0].ProductOrService) != "":
		what = titled(items[0].ProductOrService)
	case titled(f["type"]) != "":
		what = titled(f["type"])
	case str("description") != "":
		what = str("description")
	case titled(f["category"]) != "":
		what = titled(f["category"])
	case get("class", &class) && (class.Display != "" || class.Code != ""):
		what = firstNonEmpty(encounterClasses[class.Code], class.Words())
	case typ == "ImagingStudy" && get("series", &series) && len(series) > 0 && CleanName(series[0].Modality.Display) != "":
		// an imaging study is its first series: "Digital Radiography of the wrist", not its id
		what = CleanName(series[0].Modality.Display)
		if site := CleanName(series[0].BodySite.Display); site != "" {
			what += " of the " + strings.ToLower(site)
		}
	case typ == "CareTeam" && get("reasonCode", &reasons) && len(reasons) > 0 && reasons[0].Label() != "":
		what = "Care team for " + reasons[0].Label()
	}
	if bp := (Concept{}); typ == "Observation" && get("code", &bp) && (bp.Has(CodeBPPanel) || bp.Has("55284-4")) {
		// A blood pressure panel is its plain name, not LOINC's "Blood pressure panel with
		// all children optional", which left no room for the value in a narrow list.
		what = bloodPressureName
	}
	if what == "" && (typ == "MedicationRequest" || typ == "MedicationStatement" || typ == "MedicationAdministration" || typ == "MedicationDispense") {
		what = "a medicine"
	}
	if what == "" {
		// nothing in the record says what it is about: its kind in words ("Care plan",
		// "Visit"), never its id ("CarePlan/f001", "Encounter/1feda6e4-…")
		what = TypeName(typ)
	}
	var value string
	var q Quantity
	var vs string
	var vb bool
	var comps []struct {
		Code          Concept   `json:"code"`
		ValueQuantity *Quantity `json:"valueQuantity"`
	}
	var code Concept
	get("code", &code)
	if typ == "Observation" && what != bloodPressureName && what == titled(f["code"]) {
		// a result is called what the Results list calls it: "Glucose", not LOINC's
		// "Glucose [Mass/volume] in Serum or Plasma" (F31)
		what = PlainName(resultCode(code), what)
	}
	switch {
	case get("valueQuantity", &q) && usable(q.Value):
		value = ValueOf(rateCode(code), q.Comparator, *q.Value, q.UnitLabel())
		if typ == "Observation" && (code.Has("29463-7") || code.Has("3141-9")) && UCUMOf(q.Code, q.Unit) == "g" && *q.Value >= 1000 {
			if kg, ok := ConvertUnit(*q.Value, "g", "kg", ""); ok {
				value = ValueOf("", q.Comparator, kg, "kg") // a body weight as people say it: "84.8 kg", not "84822 g"
			}
		}
	case get("valueQuantity", &q):
		value = "value not readable"
	case get("valueString", &vs):
		value = vs
	case get("valueDateTime", &vs) && strings.TrimSpace(vs) != "":
		// a date is the result: an estimated due date (11778-8) said its name alone, the one
		// date of Zofia's pregnancy her records give nowhere (F557 item 3)
		value = DayWords(strings.TrimSpace(vs))
	case get("valueBoolean", &vb) && vb:
		value = "yes"
	case get("valueBoolean", &vb):
		value = "no"
	case concept("valueCodeableConcept") != "":
		value = concept("valueCodeableConcept")
	case get("component", &comps) && len(comps) > 0:
		value = componentWords(comps)
		if what == bloodPressureName {
			value = pressureWords(comps, value)
		}
	case len(f["total"]) > 0:
		value = totalWords(f["total"])
	case typ == "Observation" && len(f["hasMember"]) > 0:
		// a panel whose readings are records (rows) of their own: what it holds, not a row
		// with no value beside them ("Vital signs", F489)
		var ms []json.RawMessage
		if get("hasMember", &ms) && len(ms) > 0 {
			value = strconv.Itoa(len(ms)) + " measurements"
			if len(ms) == 1 {
				value = "1 measurement"
			}
		}
	}
	switch typ {
	case "MedicationRequest", "MedicationStatement", "MedicationAdministration", "MedicationDispense", "Medication":
		what = MedicineName(what)
		if name != "" && typ != "Medication" {
			what = name
		}
	}
	base := what
	switch typ {
	case "MedicationRequest", "MedicationStatement":
		// A record is dated by when it was written or began (authoredOn, the effective start),
		// whatever its status says now: a warfarin order of 10 Jun 2021, stopped in 2024, read
		// "Medicine stopped" on 10 Jun 2021 (F483). The row says what its day is, as an active
		// one's "Medicine started" does (one word for an order and a statement, so one course
		// from two sources stays one row), and that the medicine has stopped since.
		switch status {
		case "stopped":
			what = "Medicine started, since stopped: " + what
		case "cancelled":
			what = "Medicine prescribed, since cancelled: " + what
		case "completed":
			what = "Medicine started, since finished: " + what
		default:
			if day := laterStart(resource); day != "" {
				// the order's day is not its start: a course prescribed on 5 Dec to be taken
				// from 8 Dec read "Medicine started" on 5 Dec (F371)
				what = "Medicine prescribed, to start " + DayWords(day) + ": " + what
			} else {
				what = "Medicine started: " + what
			}
		}
	case "MedicationAdministration":
		switch status {
		case "not-done":
			what = "Dose skipped: " + what
		case "in-progress":
			what = "Dose being given: " + what
		case "on-hold":
			what = "Dose on hold: " + what
		case "stopped":
			what = "Dose stopped before the end: " + what
		default:
			what = "Dose taken: " + what
		}
		// the amount given, where the record says it: for an insulin the amount is the point
		// ("Dose taken: Insulin aspart 100 units/mL pen (2 units)", F489)
		// ("… (2 units)", F489); CareKeeper's own doses keep it as text ("4 units", F490)
		var dose struct {
			Text string   `json:"text"`
			Dose Quantity `json:"dose"`
		}
		switch {
		case !get("dosage", &dose):
		case usable(dose.Dose.Value):
			amount := Number(*dose.Dose.Value, "")
			if u := doseUnit(&dose.Dose, *dose.Dose.Value != 1, countWord{}); u != "" {
				amount += " " + u // "2 units", "1 tablet", "500 mg"
			}
			what += " (" + amount + ")"
		case dose.Text != "" && len(dose.Text) <= 40:
			what += " (" + DoseWords(dose.Text) + ")"
		}
	case "MedicationDispense":
		what = "Medicine dispensed: " + what
	case "AllergyIntolerance":
		// A refuted allergy is one the person does not have; C-CDA's "no known allergies" is the
		// allergen "Substance" refuted.
		var v Concept
		if get("verificationStatus", &v) && v.Has("refuted") {
			var c Concept
			if get("code", &c) && (c.Has("105590001") || c.Has("716186003")) {
				what = "No known allergies"
			} else {
				what = "Not allergic to " + what
			}
		} else {
			// its reactions and risk, as Conditions says them: "Peanut — anaphylaxis; high
			// risk", not "Peanut" alone (F403)
			if d := AllergyDetail(resource); d != "" && allergyNoneWords(f["code"]) == "" {
				what += " — " + d
			}
			if cs := (Concept{}); get("clinicalStatus", &cs) && (cs.Has("resolved") || cs.Has("inactive")) {
				what += " (no longer active)"
			}
		}
	case "FamilyMemberHistory":
		// "Family history, father: Diabetes, Stroke"
		var conds []struct {
			Code json.RawMessage `json:"code"`
		}
		var names []string
		if get("condition", &conds) {
			for _, c := range conds {
				if l := conceptLabel(c.Code); l != "" {
					names = append(names, l)
				}
			}
		}
		what = "Family history"
		if rel := concept("relationship"); rel != "" {
			what += ", " + strings.ToLower(rel)
		}
		value = strings.Join(names, ", ")
	case "NutritionOrder":
		// a diet or fluid order as an order: "Fluid restriction: Fluid 1500 mL · Diet order",
		// not "Nutrition order" (F576)
		if o, ok := DietOrderOf(resource); ok {
			what, value = o.Name, firstNonEmpty(o.Amounts, o.Instruction)
			if !o.Current() && status != "entered-in-error" {
				what = "Ended: " + what
			}
		}
	case "ServiceRequest":
		// a planned or ordered test, visit or procedure: not something that happened
		switch status {
		case "completed":
			what = "Done as planned: " + what
		case "revoked", "entered-in-error":
			what = "Cancelled plan: " + what
		default:
			what = "Planned: " + what
		}
	case "Immunization":
		if status == "not-done" { // the vaccine was not given: not a vaccination
			what = "Not given: " + what
		}
	case "Procedure":
		if status == "not-done" {
			what = "Not done: " + what
		}
	case "Observation", "DiagnosticReport":
		// a test that was cancelled or is not final says so: not a result to act on
		switch status {
		case "cancelled":
			what, value = "Cancelled: "+what, ""
		case "preliminary", "registered", "partial":
			what += " (preliminary)"
		}
	case "Appointment", "Encounter":
		// what did not take place says so first, as Appointments says it (F66, F68)
		switch status {
		case "cancelled":
			what = "Cancelled: " + what
		case "noshow":
			what = "Did not attend: " + what
		}
	case "Condition":
		// a diagnosis ruled out or not confirmed says so first: not "Dengue hemorrhagic fever"
		// for one whose work-up was negative
		var v Concept
		if get("verificationStatus", &v) {
			switch {
			case v.Has("refuted"):
				what = "Ruled out: " + what
			case v.Has("provisional"), v.Has("differential"), v.Has("unconfirmed"):
				what = "Not confirmed: " + what
			}
		}
	case "Goal":
		what = goalWords(what)
	case "DeviceUseStatement":
		var dev Ref
		what = "Uses a device"
		if get("device", &dev) && dev.Display != "" {
			what = "Uses " + dev.Display
		}
	}
	// A record made by mistake says so first: not the person's glucose of 999, nor a medicine
	// stopped (the timeline lists every record; its lines are read from the record alone).
	if vst := (Concept{}); status == "entered-in-error" || (get("verificationStatus", &vst) && vst.Has("entered-in-error")) {
		// its value is left out: "Entered in error: Body temperature", not "…: 39°C", which
		// a glance reads as the person's temperature
		what, value = "Entered in error: "+base, ""
	}
	out := what
	if value != "" {
		out += ": " + value
	}
	out = strings.Join(strings.Fields(out), " ")
	if r := []rune(out); len(r) > MaxDescribe {
		out = string(r[:MaxDescribe-1]) + "…"
	}
	return out
}

// conceptWords is the text or display of a CodeableConcept (of the first of an array of them):
// "" when it has only codes.
func conceptWords(raw json.RawMessage) string {
	var c Concept
	if raw = bytes.TrimSpace(raw); len(raw) > 0 && raw[0] == '[' {
		var cs []Concept
		if json.Unmarshal(raw, &cs) != nil || len(cs) == 0 {
			return ""
		}
		c = cs[0]
	} else if json.Unmarshal(raw, &c) != nil {
		return ""
	}
	if t := CleanName(c.Text); t != "" && (len(c.Coding) == 0 || t != strings.TrimSpace(c.Coding[0].Code)) {
		return t
	}
	for _, cd := range c.Coding {
		if d := CleanName(cd.Display); d != "" && d != strings.TrimSpace(cd.Code) {
			return d
		}
	}
	return ""
}

// provenanceWords names a Provenance record by what it says: "Source of 3 records: Riverside
// Clinic" (its targets, and who its first agent is, when named).
func provenanceWords(f map[string]json.RawMessage) string {
	var targets []json.RawMessage
	_ = json.Unmarshal(f["target"], &targets)
	var agents []struct {
		Who        Ref `json:"who"`
		OnBehalfOf Ref `json:"onBehalfOf"`
	}
	_ = json.Unmarshal(f["agent"], &agents)
	what := "Record source"
	if len(targets) > 0 {
		what = "Source of " + Count(len(targets), "record", "records")
	}
	for _, a := range agents {
		if who := CleanName(firstNonEmpty(a.Who.Display, a.OnBehalfOf.Display)); who != "" {
			return what + ": " + who
		}
	}
	return what
}

// endpointWords names an Endpoint (a system's address for exchanging records) by its name, else
// the host of its address: "Connection to fhir.example.org".
func endpointWords(f map[string]json.RawMessage) string {
	var name, address string
	_ = json.Unmarshal(f["name"], &name)
	_ = json.Unmarshal(f["address"], &address)
	if n := CleanName(name); n != "" {
		return n
	}
	if h := host(address); h != "" {
		return "Connection to " + h
	}
	return "Connection"
}

// conceptLabel is the Label of a CodeableConcept or of the first of an array of them.
func conceptLabel(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	var c Concept
	if raw[0] == '[' {
		var cs []Concept
		if json.Unmarshal(raw, &cs) != nil || len(cs) == 0 {
			return ""
		}
		c = cs[0]
	} else if json.Unmarshal(raw, &c) != nil {
		return ""
	}
	return c.Label()
}

// nameWordsOf is a name element: a string (Organization, Location) or HumanNames (the first).
func nameWordsOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var names []HumanName
	if json.Unmarshal(raw, &names) == nil && len(names) > 0 {
		return names[0].String()
	}
	return ""
}

// componentWords is the value of a panel: "123/89 mmHg" for blood pressure, else each
// component's value with its unit.
func componentWords(comps []struct {
	Code          Concept   `json:"code"`
	ValueQuantity *Quantity `json:"valueQuantity"`
}) string {
	var sys, dia *float64
	var parts []string
	for _, c := range comps {
		q := c.ValueQuantity
		if q == nil {
			continue
		}
		if !usable(q.Value) {
			parts = append(parts, "value not readable")
			continue
		}
		f, _ := mmHgFactor(*q) // a value in kPa is written as it is, not as "16/80 mmHg"
		switch {
		case c.Code.Has(CodeSystolic) && f == 1:
			sys = q.Value
		case c.Code.Has(CodeDiastolic) && f == 1:
			dia = q.Value
		}
		parts = append(parts, ValueOf(rateCode(c.Code), q.Comparator, *q.Value, q.UnitLabel()))
	}
	if sys != nil && dia != nil {
		return Pressure(*sys, *dia)
	}
	return strings.Join(parts, ", ")
}

// totalWords is a Claim's total (Money) or an ExplanationOfBenefit's first total
// ({amount: Money}) with its currency: "$129.16".
func totalWords(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	var m *Money
	if len(raw) > 0 && raw[0] == '[' {
		var totals []struct {
			Amount *Money `json:"amount"`
		}
		if json.Unmarshal(raw, &totals) == nil && len(totals) > 0 {
			m = totals[0].Amount
		}
	} else {
		var one Money
		if json.Unmarshal(raw, &one) == nil {
			m = &one
		}
	}
	if m == nil || math.IsNaN(m.Value) {
		return ""
	}
	return MoneyWords(m.Value, m.Currency)
}

// OneLinePerEvent leaves out timeline events that repeat another of the same person, day
// and kind with the same title — the same medicine started in a MedicationRequest and a
// MedicationStatement, or the same record from two portals — so one event is one line.
// events are newest first (as the timeline keeps them); title is the event's Describe. Only
// events of the kinds given are compared (title is called for those only, so a timeline of
// 100,000 lines stays cheap: pass KindMedicine, KindVisit …); none: every kind.
func OneLinePerEvent(events []Event, title func(*Event) string, kinds ...Kind) []Event {
	compare := func(k Kind) bool {
		if len(kinds) == 0 {
			return true
		}
		for _, x := range kinds {
			if x == k {
				return true
			}
		}
		return false
	}
	type sig struct {
		profile, day, title string
		kind                Kind
	}
	seen := map[sig]bool{}
	out := events[:0:0]
	for i := range events {
		e := &events[i]
		if compare(e.Kind) {
			s := sig{e.Profile, Day(e.Date), title(e), e.Kind}
			if seen[s] {
				continue
			}
			seen[s] = true
		}
		out = append(out, *e)
	}
	return out
}

// documentTitle is a DocumentReference's own title: its first attachment's title, else its
// description ("" without either).
func documentTitle(f map[string]json.RawMessage) string {
	var content []struct {
		Attachment struct {
			Title string `json:"title"`
		} `json:"attachment"`
	}
	if json.Unmarshal(f["content"], &content) == nil {
		for _, c := range content {
			if t := CleanName(c.Attachment.Title); t != "" {
				return t
			}
		}
	}
	var d string
	if json.Unmarshal(f["description"], &d) == nil {
		return CleanName(d)
	}
	return ""
}

// conceptTitle is conceptLabel for a record's title: "" when all it has is a bare code
// that nothing names ("47527-7", "PAY", "1205": no text, no display, not a code CareKeeper
// knows the words of), so that the title is said another way, never as a code.
func conceptTitle(raw json.RawMessage) string {
	l := conceptLabel(raw)
	if l == "" || isWordCode(l) || conceptWords(raw) != "" {
		return l
	}
	raw = bytes.TrimSpace(raw)
	var cs []Concept
	if len(raw) > 0 && raw[0] == '[' {
		_ = json.Unmarshal(raw, &cs)
	} else {
		var c Concept
		_ = json.Unmarshal(raw, &c)
		cs = []Concept{c}
	}
	for _, c := range cs {
		for _, cd := range c.Coding {
			if strings.TrimSpace(cd.Code) == l {
				return "" // the code as it is: nothing named it
			}
		}
	}
	return l
}

// noAllergyCodes are SNOMED CT's "no known allergy" findings, in words: records write them as
// "NKA", "NKDA", "No Known Latex Allergy".
var noAllergyCodes = map[string]string{
	"716186003": "No known allergies", "409137002": "No known medicine allergies",
	"429625007": "No known food allergies", "428607008": "No known environmental allergies",
	"1003774007": "No known latex allergy", "428197003": "No known insect allergies",
}

// allergyNoneWords is a "no known allergy" code in words ("" for any other concept).
func allergyNoneWords(raw json.RawMessage) string {
	var c Concept
	if json.Unmarshal(raw, &c) != nil {
		return ""
	}
	for _, cd := range c.Coding {
		if w := noAllergyCodes[strings.TrimSpace(cd.Code)]; w != "" && (cd.System == "" || cd.System == sysSNOMED) {
			return w
		}
	}
	return ""
}

// pressureWords is a blood pressure with one of its two numbers missing ("107/60 mmHg" is
// Pressure's): "systolic 107 mmHg, diastolic not recorded" — not "107 mmHg", which reads as
// the whole reading. words is the value as componentWords says it.
func pressureWords(comps []struct {
	Code          Concept   `json:"code"`
	ValueQuantity *Quantity `json:"valueQuantity"`
}, words string) string {
	var sys, dia *Quantity
	for _, c := range comps {
		switch {
		case c.Code.Has(CodeSystolic):
			sys = c.ValueQuantity
		case c.Code.Has(CodeDiastolic):
			dia = c.ValueQuantity
		}
	}
	one := func(q *Quantity) string { return ValueOf("", q.Comparator, *q.Value, q.UnitLabel()) }
	switch {
	case sys != nil && usable(sys.Value) && (dia == nil || !usable(dia.Value)):
		return "systolic " + one(sys) + ", diastolic not recorded"
	case dia != nil && usable(dia.Value) && (sys == nil || !usable(sys.Value)):
		return "diastolic " + one(dia) + ", systolic not recorded"
	}
	return words
}

// medicineTypes are the record types about one medicine.
var medicineTypes = map[string]bool{"MedicationRequest": true, "MedicationStatement": true,
	"MedicationAdministration": true, "MedicationDispense": true}

// containedMedicine names the Medication a "#id" reference names among res's contained
// resources: its code, else its ingredients ("Potassium Chloride + Sodium Chloride"), "" when
// neither names it.
func containedMedicine(res []byte, ref string) string {
	if c := containedCode(res, ref); c != "" {
		return c
	}
	var m struct {
		Ingredient []struct {
			ItemCodeableConcept json.RawMessage `json:"itemCodeableConcept"`
			ItemReference       Ref             `json:"itemReference"`
		} `json:"ingredient"`
	}
	if raw := Contained(res, ref); raw == nil || json.Unmarshal(raw, &m) != nil {
		return ""
	}
	var names []string
	for _, in := range m.Ingredient {
		n := conceptTitle(in.ItemCodeableConcept)
		if n == "" {
			n = CleanName(in.ItemReference.Display)
		}
		if n != "" && len(names) < 3 {
			names = append(names, n)
		}
	}
	return strings.Join(names, " + ")
}

// goalWords is a goal as a care plan wrote it, without the placeholder of the template it was
// written from ("*%NAME% RISK OF INJURY", Epic's name field left unfilled), then in sentence
// case when the template wrote it all in capitals: "Risk of injury".
func goalWords(s string) string {
	t, ok := strings.CutPrefix(strings.TrimLeft(strings.TrimSpace(s), "*"), "%NAME%")
	t = strings.TrimSpace(t)
	if !ok || t == "" {
		return s // a goal in its own words stays as written ("LDL below 100")
	}
	if strings.ToUpper(t) == t && strings.ToLower(t) != t {
		t = upperFirst(strings.ToLower(t))
	}
	return t
}

// laterStart is the day (YYYY-MM-DD) a medicine record starts taking it (MedicineFacts.Start:
// a dosage's boundsPeriod.start, a taper's first phase) when that is after the day the record
// is dated by (authoredOn, else its effective start or time, else dateAsserted); "" otherwise.
func laterStart(resource []byte) string {
	var j struct {
		AuthoredOn        string  `json:"authoredOn"`
		DateAsserted      string  `json:"dateAsserted"`
		EffectiveDateTime string  `json:"effectiveDateTime"`
		EffectivePeriod   *Period `json:"effectivePeriod"`
	}
	if json.Unmarshal(resource, &j) != nil {
		return ""
	}
	dated := j.AuthoredOn
	if p := j.EffectivePeriod; dated == "" && p != nil {
		dated = p.Start
	}
	for _, s := range []string{j.EffectiveDateTime, j.DateAsserted} {
		if dated == "" {
			dated = s
		}
	}
	start := RecordFacts(resource).Start
	if len(dated) < 10 || len(start) < 10 || start[:10] <= dated[:10] {
		return ""
	}
	return start[:10]
}
