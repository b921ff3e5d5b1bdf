package fhirjson

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The JSON types of the elements CareKeeper reads. FHIR JSON fixes each element's type (a
// string for a date or a code, a number for a decimal, an array for a repeating element), and
// the app, the CLI and the reminders decode these elements into typed fields: an element of
// the wrong type would otherwise be dropped silently (a birth date of 5, a name "x" where a
// list of names belongs, a measured value "12" that is text, not a number). Such a resource
// is refused with the element's path. null is accepted anywhere (it means absent), and
// elements CareKeeper does not read are not checked: they are kept byte for byte.

type jsonKind uint8

const (
	jString jsonKind = iota + 1
	jNumber
	jBool
	jObject
	jDate // a string naming a real day (and time): FHIR's date, dateTime or instant
)

// shape is the JSON type of one element: its kind, whether it repeats (a JSON array of that
// kind) or may be either one value or an array, and for objects the elements read inside it.
type shape struct {
	kind   jsonKind
	array  bool
	either bool
	sub    map[string]*shape
}

type fields = map[string]*shape

func str() *shape               { return &shape{kind: jString} }
func date() *shape              { return &shape{kind: jDate} }
func strs() *shape              { return &shape{kind: jString, array: true} }
func num() *shape               { return &shape{kind: jNumber} }
func boolean() *shape           { return &shape{kind: jBool} }
func obj(f fields) *shape       { return &shape{kind: jObject, sub: f} }
func objs(f fields) *shape      { return &shape{kind: jObject, array: true, sub: f} }
func list(s *shape) *shape      { c := *s; c.array = true; return &c }
func oneOrMany(s *shape) *shape { c := *s; c.either = true; return &c }
func (s *shape) single() *shape { c := *s; c.array = false; return &c }

var (
	codingF = fields{"system": str(), "code": str(), "display": str()}
	coding  = obj(codingF)
	concept = obj(fields{"coding": objs(codingF), "text": str()})
	ref     = obj(fields{"reference": str(), "display": str()})
	period  = obj(fields{"start": date(), "end": date()})
	qty     = obj(fields{"value": num(), "unit": str(), "system": str(), "code": str(), "comparator": str()})
	money   = obj(fields{"value": num(), "currency": str()})
	rng     = obj(fields{"low": qty, "high": qty})
	human   = obj(fields{"family": str(), "given": strs(), "text": str(), "prefix": strs(), "suffix": strs(), "use": str()})
	ident   = obj(fields{"system": str(), "value": str()})
	telecom = objs(fields{"system": str(), "value": str(), "use": str()})
	address = objs(fields{"line": strs(), "city": str(), "state": str(), "postalCode": str(), "country": str(), "text": str()})
	note    = objs(fields{"text": str()})
	refRng  = objs(fields{"low": qty, "high": qty, "text": str()})
	timing  = obj(fields{"event": list(date()), "code": concept, "repeat": obj(fields{
		"frequency": num(), "frequencyMax": num(), "period": num(), "periodMax": num(), "periodUnit": str(),
		"timeOfDay": strs(), "dayOfWeek": strs(), "when": strs(), "count": num(), "duration": num(),
		"durationUnit": str(), "boundsPeriod": period, "boundsDuration": qty,
	})})
	dosage = objs(fields{"text": str(), "patientInstruction": str(), "timing": timing, "asNeededBoolean": boolean(),
		"doseAndRate": objs(fields{"doseQuantity": qty, "doseRange": rng}), "route": concept})
	value = fields{"valueQuantity": qty, "valueString": str(), "valueCodeableConcept": concept,
		"valueBoolean": boolean(), "valueInteger": num(), "valueRange": rng, "valueDateTime": date()}
)

// commonShapes are read in every resource (Info's id, meta, identifiers, dates and periods).
var commonShapes = func() fields {
	f := fields{
		"resourceType": str(), "id": str(), "status": str(),
		"meta":       obj(fields{"versionId": str(), "lastUpdated": date()}),
		"identifier": oneOrMany(list(ident)), // a list, except in Bundle, Composition, QuestionnaireResponse ...
	}
	for k := range topDateKeys {
		f[k] = date()
	}
	// Observation.issued is only the last fallback for a result's date, and real exports
	// (Fasten's PHR files) write it as epoch milliseconds: a number there is ignored rather
	// than refusing the whole file.
	delete(f, "issued")
	for k := range topPeriodKeys {
		f[k] = period
	}
	return f
}()

func with(base fields, more fields) fields {
	out := make(fields, len(base)+len(more))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

// typeShapes are the elements read per resource type, on top of commonShapes. A birth date
// is only checked to be a string: one naming no real day is imported as the file gives it and
// said (internal/intake: "the file's birth date … names no real day"), as a birth date after
// today is, and shown as "not a real date (…)" (health.BirthWords): refusing would keep a
// person's records out over one mistyped date.
var typeShapes = func() map[string]fields {
	person := fields{"name": list(human), "telecom": telecom, "address": address, "gender": str(), "birthDate": str()}
	named := fields{"name": str(), "telecom": telecom, "address": address}
	place := fields{"name": str(), "telecom": telecom, "address": address.single()} // Location.address is 0..1
	med := fields{"medicationCodeableConcept": concept, "medicationReference": ref, "subject": ref}
	obs := with(value, fields{"code": concept, "interpretation": list(concept), "referenceRange": refRng})
	m := map[string]fields{
		"Patient": with(person, fields{"deceasedBoolean": boolean(), "deceasedDateTime": date(), "active": boolean(),
			"maritalStatus": concept, "managingOrganization": ref, "generalPractitioner": list(ref)}),
		"Practitioner":      person,
		"RelatedPerson":     with(person, fields{"patient": ref, "relationship": list(concept)}),
		"Person":            person,
		"Organization":      named,
		"Location":          place,
		"HealthcareService": named,
		"PractitionerRole":  {"practitioner": ref, "organization": ref, "code": list(concept), "specialty": list(concept), "telecom": telecom},
		"Observation": with(obs, fields{"subject": ref, "encounter": ref, "category": list(concept), "note": note,
			"hasMember": list(ref), "component": objs(obs)}),
		"Condition": {"code": concept, "clinicalStatus": concept, "verificationStatus": concept, "category": list(concept),
			"severity": concept, "subject": ref, "encounter": ref, "abatementDateTime": date(), "abatementPeriod": period, "note": note},
		"AllergyIntolerance": {"code": concept, "clinicalStatus": concept, "verificationStatus": concept, "patient": ref,
			"criticality": str(), "category": strs(), "reaction": objs(fields{"manifestation": list(concept), "severity": str()})},
		"MedicationRequest": with(med, fields{"intent": str(), "requester": ref, "reasonCode": list(concept), "reasonReference": list(ref),
			"dosageInstruction": dosage, "courseOfTherapyType": concept, "dispenseRequest": obj(fields{
				"validityPeriod": period, "numberOfRepeatsAllowed": num(), "quantity": qty, "expectedSupplyDuration": qty})}),
		"MedicationStatement":      with(med, fields{"dosage": dosage, "reasonCode": list(concept), "reasonReference": list(ref)}),
		"MedicationDispense":       with(med, fields{"quantity": qty, "daysSupply": qty, "authorizingPrescription": list(ref), "dosageInstruction": dosage}),
		"MedicationAdministration": with(med, fields{"request": ref, "dosage": obj(fields{"dose": qty, "text": str()})}),
		"Medication":               {"code": concept},
		"Immunization":             {"vaccineCode": concept, "patient": ref, "primarySource": boolean()},
		"Procedure":                {"code": concept, "subject": ref, "encounter": ref, "reasonCode": list(concept)},
		"Encounter": {"class": coding, "type": list(concept), "subject": ref, "reasonCode": list(concept),
			"participant": objs(fields{"individual": ref}), "location": objs(fields{"location": ref}), "serviceProvider": ref},
		"DiagnosticReport": {"code": concept, "category": list(concept), "subject": ref, "result": list(ref), "conclusion": str()},
		"Appointment": {"minutesDuration": num(), "description": str(), "comment": str(), "patientInstruction": str(),
			"serviceType": list(concept), "appointmentType": concept, "end": date(), "participant": objs(fields{"actor": ref, "status": str()})},
		"CareTeam": {"name": str(), "subject": ref, "participant": objs(fields{"member": ref, "role": list(concept)})},
		"CarePlan": {"subject": ref, "category": list(concept), "title": str(), "description": str()},
		"Goal":     {"lifecycleStatus": str(), "description": concept, "subject": ref},
		"Claim": {"patient": ref, "provider": ref, "insurer": ref, "total": money, "type": concept,
			"item": objs(fields{"productOrService": concept, "net": money})},
		"ExplanationOfBenefit": {"patient": ref, "provider": ref, "insurer": ref, "claim": ref, "type": concept,
			"total": objs(fields{"category": concept, "amount": money}), "payment": obj(fields{"amount": money}),
			"insurance": objs(fields{"coverage": ref}),
			"item": objs(fields{"productOrService": concept, "net": money,
				"adjudication": objs(fields{"category": concept, "amount": money})})},
		"Coverage":          {"beneficiary": ref, "payor": list(ref), "type": concept},
		"DocumentReference": {"type": concept, "subject": ref, "description": str()},
	}
	out := make(map[string]fields, len(m))
	for typ, f := range m {
		out[typ] = with(commonShapes, f)
	}
	return out
}()

// checkTypes returns the error message for the first element of the compact resource b (of
// resource type typ) whose JSON type is wrong, or "".
// A date element that names no real day or time is refused too: checkTypes is what reads a
// file to import (ParseFile). Summarize, which also reads what a vault already holds (records
// stored before dates were checked, or synced from a device that stored them), checks the
// types only (checkShapes with dates false), so such a record still reads.
func checkTypes(typ string, b []byte) string { return checkShapes(typ, b, true) }

func checkShapes(typ string, b []byte, dates bool) string {
	top, ok := typeShapes[typ]
	if !ok {
		top = commonShapes
	}
	w := typeWalker{b: b, dates: dates}
	if w.peek() != '{' {
		return ""
	}
	var path []string
	if bad, want := w.object(top, &path); bad {
		slices.Reverse(path)
		if want == wantFits {
			return "number too large: " + typ + "." + strings.Join(path, ".") + " is beyond the largest number CareKeeper can keep (about 1.8e308)"
		}
		if want == wantDate {
			return "not a real date: " + typ + "." + strings.Join(path, ".") + " names no day or time that exists (FHIR writes YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+hh:mm)"
		}
		return "wrong JSON type: " + typ + "." + strings.Join(path, ".") + " must be " + want
	}
	return ""
}

// typeWalker walks compact, valid JSON.
type typeWalker struct {
	b      []byte
	i      int
	keyBuf []byte
	dates  bool // check that date elements name real days (else only that they are strings)
}

func (w *typeWalker) peek() byte {
	if w.i < len(w.b) {
		return w.b[w.i]
	}
	return 0
}

// object walks the object at w.i against f; on a wrong type it returns true, what was
// wanted, and the path of the element in *path.
func (w *typeWalker) object(f fields, path *[]string) (bool, string) {
	w.i++ // '{'
	if w.peek() == '}' {
		w.i++
		return false, ""
	}
	for {
		k := w.key()
		if sh, ok := f[string(k)]; ok {
			if bad, want := w.element(sh, path); bad {
				*path = append(*path, string(k)) // innermost first; reversed by checkTypes
				return true, want
			}
		} else {
			w.skip()
		}
		if !w.more() {
			return false, ""
		}
	}
}

func (w *typeWalker) element(sh *shape, path *[]string) (bool, string) {
	c := w.peek()
	if c == 'n' { // null: absent
		w.skip()
		return false, ""
	}
	if sh.array || sh.either {
		if c == '[' {
			w.i++
			if w.peek() == ']' {
				w.i++
				return false, ""
			}
			for {
				if w.peek() == 'n' {
					w.skip() // null in a list of primitives (aligned with _element extensions)
				} else if bad, want := w.single(sh, path); bad {
					return true, want
				}
				if !w.more() {
					return false, ""
				}
			}
		}
		if !sh.either {
			w.skip()
			return true, "a JSON array"
		}
	}
	return w.single(sh, path)
}

func (w *typeWalker) single(sh *shape, path *[]string) (bool, string) {
	c := w.peek()
	switch sh.kind {
	case jString:
		if c == '"' {
			w.skip()
			return false, ""
		}
		w.skip()
		return true, "a string"
	case jNumber:
		if c == '-' || (c >= '0' && c <= '9') {
			a := w.i
			w.skip()
			if !numberFits(w.b[a:w.i]) {
				return true, wantFits
			}
			return false, ""
		}
		w.skip()
		return true, "a number"
	case jBool:
		if c == 't' || c == 'f' {
			w.skip()
			return false, ""
		}
		w.skip()
		return true, "true or false"
	case jObject:
		if c == '{' {
			return w.object(sh.sub, path)
		}
		w.skip()
		return true, "a JSON object"
	case jDate:
		if c != '"' {
			w.skip()
			return true, "a string"
		}
		a := w.i + 1
		e := w.skipString()
		if !w.dates {
			return false, ""
		}
		raw := w.b[a:e]
		if bytes.IndexByte(raw, '\\') >= 0 {
			w.keyBuf = appendUnquoted(w.keyBuf[:0], raw)
			raw = w.keyBuf
		}
		if !RealDate(raw) {
			return true, wantDate
		}
		return false, ""
	}
	w.skip()
	return false, ""
}

// key reads an object key (decoded) and the colon after it.
func (w *typeWalker) key() []byte {
	a := w.i + 1
	e := w.skipString()
	if w.i < len(w.b) {
		w.i++ // ':'
	}
	raw := w.b[a:e]
	for _, c := range raw {
		if c == '\\' {
			w.keyBuf = appendUnquoted(w.keyBuf[:0], raw)
			return w.keyBuf
		}
	}
	return raw
}

// skipString skips the string at w.i and returns the end of its content.
func (w *typeWalker) skipString() int {
	b := w.b
	i := w.i + 1
	for {
		i = skipPlain(b, i)
		if i >= len(b) {
			w.i = len(b)
			return len(b)
		}
		if b[i] == '"' {
			w.i = i + 1
			return i
		}
		i += 2
	}
}

// skip skips the value at w.i.
func (w *typeWalker) skip() {
	switch w.peek() {
	case '"':
		w.skipString()
	case '{', '[':
		depth := 0
		for w.i < len(w.b) {
			switch w.b[w.i] {
			case '"':
				w.skipString()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			w.i++
			if depth == 0 {
				return
			}
		}
	default:
		for w.i < len(w.b) {
			if c := w.b[w.i]; c == ',' || c == '}' || c == ']' {
				return
			}
			w.i++
		}
	}
}

// more consumes the byte after a member or element: true if it was ','.
func (w *typeWalker) more() bool {
	if w.i < len(w.b) {
		c := w.b[w.i]
		w.i++
		return c == ','
	}
	return false
}

// wantFits is what checkTypes says a number too large to keep must be.
const wantFits = "a number CareKeeper can keep"

// numberFits reports whether a JSON number (its text) can be kept as a number: 1e999 was
// imported over a stored reading as '1 updated', which then 'could not be read' — the good
// reading was gone (F230). HL7's own examples hold -1.0E+245, which fits.
func numberFits(raw []byte) bool {
	v, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
	return err == nil && !math.IsInf(v, 0)
}
