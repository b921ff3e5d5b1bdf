package app

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// typeLabels are plain-language names for the resource types people meet most.
var typeLabels = map[string]string{
	"AllergyIntolerance":       "Allergies",
	"CarePlan":                 "Care plans",
	"CareTeam":                 "Care teams",
	"Claim":                    "Claims",
	"Condition":                "Conditions",
	"Coverage":                 "Insurance",
	"Device":                   "Devices",
	"DiagnosticReport":         "Reports",
	"DocumentReference":        "Documents",
	"Encounter":                "Visits",
	"ExplanationOfBenefit":     "Insurance statements",
	"FamilyMemberHistory":      "Family history",
	"Goal":                     "Goals",
	"ImagingStudy":             "Imaging",
	"Immunization":             "Immunizations",
	"Location":                 "Places",
	"Medication":               "Medicines",
	"MedicationAdministration": "Medicines given",
	"MedicationDispense":       "Medicines dispensed",
	"MedicationRequest":        "Prescriptions",
	"MedicationStatement":      "Medicines taken",
	"Observation":              "Observations",
	"Organization":             "Organizations",
	"Patient":                  "Patient details",
	"Practitioner":             "Practitioners",
	"PractitionerRole":         "Practitioner roles",
	"Procedure":                "Procedures",
	"Provenance":               "Provenance",
	"SupplyDelivery":           "Supplies",
}

// typeLabel is a plain-language name for a FHIR resource type: from typeLabels, or the type
// name split into words ("RiskAssessment" → "Risk assessment").
func typeLabel(typ string) string {
	if l, ok := typeLabels[typ]; ok {
		return l
	}
	var b strings.Builder
	for i, r := range typ {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte(' ')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// clinicalTypes come first in the list of record types, in this order; adminTypes come last.
// Other types go between them, alphabetically.
var (
	clinicalTypes = []string{
		"Condition", "AllergyIntolerance", "MedicationRequest", "MedicationStatement",
		"MedicationAdministration", "MedicationDispense", "Medication", "Immunization",
		"Observation", "DiagnosticReport", "Procedure", "Encounter", "DocumentReference",
		"CarePlan", "Goal", "CareTeam", "ImagingStudy", "Device", "FamilyMemberHistory",
	}
	adminTypes = []string{
		"Patient", "Practitioner", "PractitionerRole", "Organization", "Location", "Coverage",
		"Claim", "ExplanationOfBenefit", "SupplyDelivery", "Provenance",
	}
)

// typeRank orders record types: clinical first, administrative last.
func typeRank(typ string) int {
	for i, t := range clinicalTypes {
		if t == typ {
			return i
		}
	}
	for i, t := range adminTypes {
		if t == typ {
			return 2000 + i
		}
	}
	return 1000
}

// sortTypeRows sorts rows by typeRank, then by label.
func sortTypeRows(rows []typeRow) {
	sort.Slice(rows, func(i, j int) bool {
		ri, rj := typeRank(rows[i].Type), typeRank(rows[j].Type)
		if ri != rj {
			return ri < rj
		}
		return typeLabel(rows[i].Type) < typeLabel(rows[j].Type)
	})
}

// maxSummary is the longest summary shown in a list row, in runes.
const maxSummary = 160

// summarize is a one-line description of a resource for a list row: what it is about (its
// code, name, type or description) and, for observations, the value. It falls back to
// "Type/id" when the resource has none of these. Each element is read on its own, so one
// element of an unexpected shape does not hide the others.
func summarize(resource []byte) string {
	var f map[string]json.RawMessage
	if err := json.Unmarshal(resource, &f); err != nil {
		return "(unreadable record)"
	}
	get := func(name string, v any) bool { return len(f[name]) > 0 && json.Unmarshal(f[name], v) == nil }
	text := func(name string) string { // a string or a CodeableConcept
		var s string
		if get(name, &s) {
			return s
		}
		return conceptText(f[name])
	}
	var typ, id string
	get("resourceType", &typ)
	get("id", &id)

	var what string
	var medRef reference
	var items []struct {
		ProductOrService json.RawMessage `json:"productOrService"`
	}
	var class coding
	switch {
	case conceptText(f["code"]) != "":
		what = conceptText(f["code"])
	case conceptText(f["vaccineCode"]) != "":
		what = conceptText(f["vaccineCode"])
	case conceptText(f["medicationCodeableConcept"]) != "":
		what = conceptText(f["medicationCodeableConcept"])
	case get("medicationReference", &medRef) && medRef.Display != "":
		what = medRef.Display
	case nameText(f["name"]) != "":
		what = nameText(f["name"])
	case text("title") != "":
		what = text("title")
	case get("item", &items) && len(items) > 0 && conceptText(items[0].ProductOrService) != "": // Claim, ExplanationOfBenefit
		what = conceptText(items[0].ProductOrService)
	case conceptText(f["type"]) != "":
		what = conceptText(f["type"])
	case text("description") != "":
		what = text("description")
	case conceptText(f["category"]) != "":
		what = conceptText(f["category"])
	case get("class", &class) && (class.Display != "" || class.Code != ""):
		what = firstNonEmpty(class.Display, class.Code)
	default:
		what = typ + "/" + id
	}

	var value string
	var q quantity
	var str string
	var b bool
	var comps []struct {
		ValueQuantity *quantity `json:"valueQuantity"`
	}
	switch {
	case get("valueQuantity", &q):
		value = q.String()
	case get("valueString", &str):
		value = str
	case get("valueBoolean", &b) && b:
		value = "yes"
	case get("valueBoolean", &b):
		value = "no"
	case conceptText(f["valueCodeableConcept"]) != "":
		value = conceptText(f["valueCodeableConcept"])
	case get("component", &comps) && len(comps) > 0:
		value = componentValues(comps)
	case len(f["total"]) > 0:
		value = moneyText(f["total"])
	}
	s := what
	if value != "" {
		s += ": " + value
	}
	return shorten(oneLine(s), maxSummary)
}

type coding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display"`
}

type concept struct {
	Text   string   `json:"text"`
	Coding []coding `json:"coding"`
}

type reference struct {
	Display string `json:"display"`
}

type quantity struct {
	Value      json.Number `json:"value"`
	Unit       string      `json:"unit"`
	Code       string      `json:"code"`
	Comparator string      `json:"comparator"`
}

// String is "<comparator><value> <unit>", e.g. "72 /min" or "<5 mg".
func (q *quantity) String() string {
	unit := firstNonEmpty(q.Unit, q.Code)
	s := q.Comparator + roundNumber(q.Value)
	if unit != "" {
		s += " " + unit
	}
	return strings.TrimSpace(s)
}

// componentValues joins the components' quantities: "120 / 80 mm[Hg]" when they share a
// unit (blood pressure), otherwise each with its unit.
func componentValues(comps []struct {
	ValueQuantity *quantity `json:"valueQuantity"`
}) string {
	var vals []string
	unit, same := "", true
	for i, c := range comps {
		q := c.ValueQuantity
		if q == nil {
			continue
		}
		u := firstNonEmpty(q.Unit, q.Code)
		if i == 0 {
			unit = u
		} else if u != unit {
			same = false
		}
		vals = append(vals, q.Comparator+roundNumber(q.Value))
	}
	if len(vals) == 0 {
		return ""
	}
	if same {
		s := strings.Join(vals, " / ")
		if unit != "" {
			s += " " + unit
		}
		return s
	}
	var parts []string
	for _, c := range comps {
		if c.ValueQuantity != nil {
			parts = append(parts, c.ValueQuantity.String())
		}
	}
	return strings.Join(parts, ", ")
}

// roundNumber shows a decimal with at most two decimal places (three significant digits
// below 1), for list rows only: "86.929055068346" → "86.93". The detail view shows the
// value exactly as recorded.
func roundNumber(n json.Number) string {
	s := n.String()
	dot := strings.IndexByte(s, '.')
	if dot < 0 || len(s)-dot-1 <= 2 || strings.ContainsAny(s, "eE") {
		return s
	}
	f, err := n.Float64()
	if err != nil {
		return s
	}
	if math.Abs(f) < 1 {
		return strconv.FormatFloat(f, 'g', 3, 64)
	}
	r := strconv.FormatFloat(f, 'f', 2, 64)
	r = strings.TrimRight(r, "0")
	return strings.TrimSuffix(r, ".")
}

// moneyText is a Claim's total (Money) or an ExplanationOfBenefit's first total
// ({amount: Money}), e.g. "129.16 USD"; "" if neither.
func moneyText(raw json.RawMessage) string {
	type money struct {
		Value    json.Number `json:"value"`
		Currency string      `json:"currency"`
	}
	format := func(m money) string {
		if m.Value == "" {
			return ""
		}
		return strings.TrimSpace(roundNumber(m.Value) + " " + m.Currency)
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' {
		var totals []struct {
			Amount money `json:"amount"`
		}
		if json.Unmarshal(raw, &totals) != nil || len(totals) == 0 {
			return ""
		}
		return format(totals[0].Amount)
	}
	var m money
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	return format(m)
}

// conceptText is the text of a CodeableConcept (or of the first of an array of them): its
// text, else the first coding's display, else the first coding's code.
func conceptText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	var c concept
	if raw[0] == '[' {
		var cs []concept
		if json.Unmarshal(raw, &cs) != nil || len(cs) == 0 {
			return ""
		}
		c = cs[0]
	} else if json.Unmarshal(raw, &c) != nil {
		return ""
	}
	if c.Text != "" {
		return c.Text
	}
	for _, cd := range c.Coding {
		if cd.Display != "" {
			return cd.Display
		}
	}
	for _, cd := range c.Coding {
		if cd.Code != "" {
			return cd.Code
		}
	}
	return ""
}

// nameText is a name element: a plain string (Organization, Location, ...) or the first
// HumanName (Patient, Practitioner, ...) as "prefix given family", or its text.
func nameText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	var names []struct {
		Text   string   `json:"text"`
		Prefix []string `json:"prefix"`
		Given  []string `json:"given"`
		Family string   `json:"family"`
	}
	if raw[0] != '[' || json.Unmarshal(raw, &names) != nil || len(names) == 0 {
		return ""
	}
	n := names[0]
	if n.Text != "" {
		return n.Text
	}
	parts := append(append(append([]string{}, n.Prefix...), n.Given...), n.Family)
	return strings.TrimSpace(strings.Join(parts, " "))
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// oneLine collapses runs of white space (including newlines) into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// shorten cuts s to at most n runes, ending it with "…" when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// displayDate is the date part of a sortable index date ("2019-03-04T10:00:00Z" → "2019-03-04").
func displayDate(sortable string) string {
	if len(sortable) >= 10 {
		return sortable[:10]
	}
	return sortable
}

// maxDetail is the most JSON text the detail view shows, in bytes; longer resources (usually
// documents with embedded attachments) are cut, with a note.
const maxDetail = 256 << 10

// prettyJSON indents a resource for reading.
func prettyJSON(resource []byte) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, resource, "", "  "); err != nil {
		return string(resource)
	}
	if buf.Len() > maxDetail {
		b := buf.Bytes()[:maxDetail]
		if i := bytes.LastIndexByte(b, '\n'); i > 0 {
			b = b[:i]
		}
		return string(b) + "\n\n… (this record is long; only the beginning is shown)"
	}
	return buf.String()
}
