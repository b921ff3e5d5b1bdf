package health

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Field is one line of a record's details: what it is and its value in words.
type Field struct {
	Label, Value string
	Date         bool // a date or period: when something happened
}

// dateLabels name each date field of a record by what happened then, so that a record's
// details have one clearly named line per date ("Taken", "Reported") instead of several
// "Date"s and "Effective date time"s. A type-specific name ("Immunization.occurrenceDateTime")
// wins over the field's.
var dateLabels = map[string]string{
	"effectiveDateTime": "Taken", "effectiveInstant": "Taken", "effectivePeriod": "Taken",
	"issued":       "Reported",
	"recordedDate": "Recorded", "recorded": "Recorded", "dateAsserted": "Recorded",
	"onsetDateTime": "Began", "onsetPeriod": "Began", "onsetString": "Began",
	"abatementDateTime": "Ended", "abatementPeriod": "Ended", "abatementString": "Ended",
	"authoredOn":         "Prescribed",
	"occurrenceDateTime": "When", "occurrencePeriod": "When",
	"Immunization.occurrenceDateTime": "Given",
	"performedDateTime":               "Done", "performedPeriod": "Done",
	"period":                 "When",
	"date":                   "Date",
	"DocumentReference.date": "Written", "Composition.date": "Written",
	"created":                        "Created",
	"QuestionnaireResponse.authored": "Answered",
	"birthDate":                      "Born",
	"deceasedDateTime":               "Died",
	"whenHandedOver":                 "Handed over", "whenPrepared": "Prepared",
	"lastOccurrence": "Last happened",
	"billablePeriod": "Billed for",
	"start":          "Starts", "end": "Ends",
	"validityPeriod": "Valid",
}

// dateOrder is the order of a record's dates in its details: what happened, then when it
// was written down; dates not listed come after, by label.
var dateOrder = []string{"Born", "Began", "Taken", "Given", "Done", "When", "Answered", "Written", "Prescribed",
	"Prepared", "Handed over", "Starts", "Ends", "Ended", "Died", "Recorded", "Reported", "Created"}

func dateRank(label string) int {
	for i, l := range dateOrder {
		if l == label {
			return i
		}
	}
	return len(dateOrder)
}

// refLabels name references by what the referenced one did.
var refLabels = map[string]string{
	"DocumentReference.author": "Written by", "DocumentReference.custodian": "Kept by",
	"Composition.author": "Written by", "Composition.custodian": "Kept by",
	"QuestionnaireResponse.author": "Filled in by", "QuestionnaireResponse.source": "Answers from",
	"performer": "Done by", "recorder": "Recorded by", "asserter": "Noted by", "requester": "Prescribed by",
	"author": "Written by", "custodian": "Kept by", "serviceProvider": "Provider",
	"managingOrganization": "Organization", "organization": "Organization", "location": "Place",
	"encounter": "Visit", "participant": "With",
}

// fieldLabels name fields whose FHIR names are technical ("valueQuantity", "vaccineCode",
// "medicationCodeableConcept") by what they are; a type-specific name wins over the field's.
var fieldLabels = map[string]string{
	"code": "Name", "Observation.code": "Test or measurement", "Procedure.code": "Procedure",
	"Condition.code": "Condition", "AllergyIntolerance.code": "Allergic to", "PractitionerRole.code": "Role",
	"ServiceRequest.code": "What is planned", "Medication.code": "Medicine",
	"valueQuantity": "Result", "valueString": "Result", "valueCodeableConcept": "Result",
	"valueBoolean": "Result", "valueInteger": "Result", "valueRatio": "Result", "valueRange": "Result",
	"valueSampledData": "Result", "valueTime": "Result", "valueDateTime": "Result", "valuePeriod": "Result",
	"medicationCodeableConcept": "Medicine", "medicationReference": "Medicine", "vaccineCode": "Vaccine",
	"reasonCode": "Reason", "reasonReference": "Reason", "clinicalStatus": "Status",
	"verificationStatus": "Certainty", "DocumentReference.type": "Kind of document",
	"Composition.type": "Kind of document", "Encounter.type": "Kind of visit", "Encounter.class": "Setting",
	"numberOfSeries": "Series", "numberOfInstances": "Images", "total": "Total",
	"dataAbsentReason": "No result because", // F154: not FHIR's "Data absent reason"
}

// skipFields are left to the data as stored: bookkeeping, the person themselves, narrative.
var skipFields = map[string]bool{"resourceType": true, "id": true, "meta": true, "text": true, "extension": true,
	"identifier": true, "subject": true, "patient": true, "contained": true, "masterIdentifier": true,
	"content": true, "implicitRules": true, "language": true, "modifierExtension": true,
	"multipleBirthBoolean": true, "multipleBirthInteger": true, "primarySource": true, "confidentiality": true}

var fhirDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$`)

// RecordFields are a record's top-level fields in words, for its details: strings, numbers,
// codes, quantities, periods and references (named by name, which may return "" when the one
// referred to is not known), every date in words under a label saying what happened then
// ("Taken", "Recorded", "Written"). Nested structures and the document itself are left to the
// data as stored. Date fields come first (what happened, then when it was written down), then
// the others by label; a questionnaire's answers (a check-in) last, each question and its
// answers in the order asked (questionnaireFields). Every day is on the person's clock c (a
// date alone is its own day in every zone); an appointment's or a visit's times of day are
// said too, naming the clock while it is not this computer's (F66b).
func RecordFields(typ string, resource []byte, name func(ref string) string, c Clock) []Field {
	var m map[string]json.RawMessage
	if json.Unmarshal(resource, &m) != nil {
		return nil
	}
	if name == nil {
		name = func(string) string { return "" }
	}
	var dates, others []Field
	var code Concept
	_ = json.Unmarshal(m["code"], &code)
	qr := typ == "QuestionnaireResponse"
	for k, raw := range m {
		if skipFields[k] || strings.HasPrefix(k, "_") || qr && (k == "item" || k == "questionnaire") {
			// "_id", "_status": a value's extensions, never words for a person; a
			// questionnaire's answers follow, in order; its questionnaire is a URL
			continue
		}
		if f, ok := dateField(typ, k, raw, c); ok {
			dates = append(dates, f)
			continue
		}
		label := refLabels[typ+"."+k]
		if label == "" {
			label = refLabels[k]
		}
		if v := refWords(raw, name); v != "" {
			if label == "" {
				label = fieldLabel(typ, k)
			}
			others = append(others, Field{Label: label, Value: v})
			continue
		}
		if sys, ok := codeElement(typ, k); ok {
			if v := codeStrings(raw, sys); v != "" {
				others = append(others, Field{Label: fieldLabel(typ, k), Value: v})
				continue
			}
		}
		if vs := (Concept{}); k == "verificationStatus" && json.Unmarshal(raw, &vs) == nil && certaintyWords(vs) != "" {
			// "Ruled out", not the record's own shorthand ("w/u negative")
			others = append(others, Field{Label: fieldLabel(typ, k), Value: certaintyWords(vs)})
			continue
		}
		if v := valueWords(raw, rateCode(code)); v != "" && len(v) < 400 {
			if typ == "Observation" && k == "code" {
				v = PlainName(resultCode(code), v) // "Glucose", as Results and Timeline name it, not "Glucose [Moles/volume] in Blood" (F154)
			}
			others = append(others, Field{Label: fieldLabel(typ, k), Value: v})
		}
	}
	if typ == "DocumentReference" && len(m["date"]) == 0 {
		// A document dated by its day alone (a C-CDA without a zone offset) keeps it as its
		// attachment's creation: DocumentReference.date is an instant.
		var content []struct {
			Attachment struct {
				Creation string `json:"creation"`
			} `json:"attachment"`
		}
		if json.Unmarshal(m["content"], &content) == nil && len(content) > 0 && fhirDate.MatchString(content[0].Attachment.Creation) {
			dates = append(dates, Field{Label: "Written", Value: DayInWords(content[0].Attachment.Creation, c.Loc), Date: true})
		}
	}
	sort.SliceStable(dates, func(i, j int) bool {
		ri, rj := dateRank(dates[i].Label), dateRank(dates[j].Label)
		if ri != rj {
			return ri < rj
		}
		return dates[i].Label < dates[j].Label
	})
	var status string
	var ver Concept
	_ = json.Unmarshal(m["status"], &status)
	_ = json.Unmarshal(m["verificationStatus"], &ver)
	if status == "entered-in-error" || ver.Has("entered-in-error") {
		// a value written by mistake is not the person's result (Describe says so first)
		for i := range others {
			if others[i].Label == "Result" {
				others[i].Label = "Written in error, not a result"
			}
		}
	}
	sort.SliceStable(others, func(i, j int) bool { return others[i].Label < others[j].Label })
	out := append(dates, others...)
	if qr {
		out = append(out, questionnaireFields(m["item"], name)...)
	}
	return out
}

// timedTypes are the records whose details say their times of day: when a visit or an
// appointment is matters to the hour.
var timedTypes = map[string]bool{"Appointment": true, "Encounter": true}

// dateField is a date, dateTime or Period field in words with its label, on the clock c.
func dateField(typ, k string, raw json.RawMessage, c Clock) (Field, bool) {
	label := dateLabels[typ+"."+k]
	if label == "" {
		label = dateLabels[k]
	}
	var s string
	var p Period
	switch {
	case json.Unmarshal(raw, &s) == nil && fhirDate.MatchString(s):
		if label == "" {
			label = fieldWords(k)
		}
		if timedTypes[typ] {
			return Field{Label: label, Value: c.WhenWords(s), Date: true}, true
		}
		return Field{Label: label, Value: DayInWords(s, c.Loc), Date: true}, true
	case label != "" && json.Unmarshal(raw, &p) == nil && (p.Start != "" || p.End != ""):
		if timedTypes[typ] {
			return Field{Label: label, Value: c.PeriodWhenWords(p), Date: true}, true
		}
		return Field{Label: label, Value: c.PeriodWords(p), Date: true}, true
	}
	return Field{}, false
}

// PeriodWords is a period in words: "12 Mar 2024 – 14 Mar 2024", "12 Mar 2024" when it starts
// and ends on one day, "since 12 Mar 2024", "until 14 Mar 2024".
func PeriodWords(p Period) string {
	start, end := DayWords(p.Start), DayWords(p.End)
	switch {
	case end == "" || start == end:
		return start
	case start == "":
		return "until " + end
	}
	return start + " – " + end
}

// refWords names a reference or a list of them ("" when none can be named).
func refWords(raw json.RawMessage, name func(string) string) string {
	var one Ref
	var many []Ref
	words := func(r Ref) string {
		if r.Display != "" {
			return r.Display
		}
		if r.Reference != "" {
			return name(r.Reference)
		}
		return ""
	}
	switch {
	case json.Unmarshal(raw, &one) == nil && (one.Reference != "" || one.Display != ""):
		return words(one)
	case json.Unmarshal(raw, &many) == nil && len(many) > 0:
		var ws []string
		for _, r := range many {
			if w := words(r); w != "" {
				ws = append(ws, w)
			}
		}
		return strings.Join(ws, ", ")
	}
	return ""
}

// valueWords is a plain value in words: a string, number, code, codes, amount of money or
// quantity (a rate of the result coded code says what it counts: "61 beats a minute").
func valueWords(raw json.RawMessage, code string) string {
	var (
		str      string
		num      float64
		b        bool
		concept  Concept
		concepts []Concept
		q        Quantity
		coding   Coding
		money    Money
	)
	switch {
	case json.Unmarshal(raw, &str) == nil:
		return str
	case json.Unmarshal(raw, &b) == nil:
		if b {
			return "yes"
		}
		return "no"
	case json.Unmarshal(raw, &num) == nil:
		return FormatNumber(num)
	case json.Unmarshal(raw, &money) == nil && money.Currency != "":
		return MoneyWords(money.Value, money.Currency) // a Money (Claim.total): "$269.68"
	case json.Unmarshal(raw, &q) == nil && q.Value != nil:
		if isPercentile(code, q.UnitLabel()) {
			return percentileWords(q.Comparator, *q.Value)
		}
		if UCUMOf(q.Code, q.UnitLabel()) == "[oz_av]" {
			return ValueOf(code, q.Comparator, *q.Value, "[oz_av]") // "20 lb 8 oz", not "328 oz" (F471)
		}
		return strings.TrimSpace(q.Comparator + Number(*q.Value, q.Code) + " " + UnitOf(code, q.UnitLabel()))
	case json.Unmarshal(raw, &concept) == nil && concept.Label() != "":
		return concept.Label()
	case json.Unmarshal(raw, &concepts) == nil && len(concepts) > 0 && concepts[0].Label() != "":
		var ls []string
		for _, c := range concepts {
			ls = append(ls, c.Label())
		}
		return strings.Join(ls, ", ")
	case json.Unmarshal(raw, &coding) == nil && (coding.Code != "" || coding.Display != ""):
		return coding.Words() // a Coding (Encounter.class): its display or code in words
	}
	return ""
}

// codeStrings is a FHIR code element (a string, or a list of them: AllergyIntolerance.category)
// in words (CodeWords), "" when it is not one.
func codeStrings(raw json.RawMessage, system string) string {
	var one string
	var many []string
	switch {
	case json.Unmarshal(raw, &one) == nil:
		return CodeWords(system, one, "")
	case json.Unmarshal(raw, &many) == nil:
		var ws []string
		for _, c := range many {
			if w := CodeWords(system, c, ""); w != "" {
				ws = append(ws, w)
			}
		}
		return strings.Join(ws, ", ")
	}
	return ""
}

// fieldLabel is the label of field k of a record of type typ: its plain name (fieldLabels),
// else its name in words.
func fieldLabel(typ, k string) string {
	if l := fieldLabels[typ+"."+k]; l != "" {
		return l
	}
	if l := fieldLabels[k]; l != "" {
		return l
	}
	return fieldWords(k)
}

// fieldWords turns a field name into words: "vaccineCode" → "Vaccine code".
func fieldWords(k string) string {
	var b strings.Builder
	for i, r := range k {
		if i == 0 {
			r = unicode.ToUpper(r)
		} else if unicode.IsUpper(r) {
			b.WriteByte(' ')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
