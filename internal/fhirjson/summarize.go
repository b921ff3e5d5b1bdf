package fhirjson

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Info is what storage needs to index a resource; computed in one pass over
// the compact JSON of the resource.
type Info struct {
	Type, ID               string
	VersionID, LastUpdated string // meta.versionId, meta.lastUpdated
	// Date is the resource's main clinical date as the raw FHIR string, "" if
	// none. See DateElements for which element is used for which type.
	Date string
	// Refs is every "reference" string value at any depth (Reference.reference),
	// in document order, with the top-level element it sits under.
	Refs []Ref
	// Identifiers is the top-level identifier (an array, or a single Identifier
	// as in Bundle and QuestionnaireResponse): system and value of each.
	Identifiers []Identifier
	// Codes is the top-level code.coding[] system/code. The same is taken from
	// medicationCodeableConcept (MedicationRequest/Statement/Administration/
	// Dispense, matching their FHIR "code" search parameter) and vaccineCode
	// (Immunization). For Observation, component[].code.coding[] follows.
	Codes []Coding
	// Name is a display name: the top-level `name` if it is a string
	// (Organization, Location, HealthcareService, ...), else the first HumanName in
	// `name` (Patient, Practitioner, RelatedPerson, Person): its `text` when it has one,
	// else "given... family", or family then given without spaces for a name written
	// in Chinese, Japanese or Korean (FamilyFirst: 王 + 小明 is 王小明).
	Name      string
	BirthDate string // Patient.birthDate (any top-level birthDate)
}

// Ref is one Reference.reference found in a resource.
type Ref struct {
	Element   string // top-level element name the reference sits under, e.g. "subject", "contained"
	Reference string
}

// Identifier is one top-level Identifier's system and value.
type Identifier struct{ System, Value string }

// Coding is one Coding's system and code.
type Coding struct{ System, Code string }

// Summarize computes the Info of one resource. resource must be a JSON object
// with a resourceType that is an R4 resource type; it may contain insignificant
// whitespace. Strings in Info are decoded (JSON escapes resolved). Errors are
// *Error and contain no data from the resource. A key that appears twice in
// one object is refused. A date that names no real day is not: Summarize also reads what a
// vault already holds (see checkTypes); a resource about to be stored goes through
// SummarizeIncoming.
func Summarize(resource []byte) (Info, error) { return summarize(resource, false) }

// SummarizeIncoming is Summarize for a resource about to be stored from outside the vault (a
// portal's search page or read): as ParseFile refuses a file to import, it also refuses a
// date element that names no real day or time (2026-13-45, 2023-02-29, T25:00) with "not a
// real date: TYPE.PATH names no day or time that exists …", naming the element, never its value.
func SummarizeIncoming(resource []byte) (Info, error) { return summarize(resource, true) }

func summarize(resource []byte, dates bool) (Info, error) {
	data := resource
	if !utf8.Valid(data) {
		off := invalidUTF8(data)
		e := &Error{Offset: int64(off), Msg: "not UTF-8", byteOff: true}
		e.setPos(data)
		return Info{}, e
	}
	p := parser{in: data, out: make([]byte, 0, len(data))}
	p.ws()
	if p.pos >= len(data) {
		return Info{}, newErr(data, p.pos, 0, false, msgEmpty)
	}
	first := p.pos
	if data[first] != '{' {
		if !p.value() {
			p.err.setPos(data)
			return Info{}, p.err
		}
		return Info{}, newErr(data, first, 0, false, notObject(data[first]))
	}
	if !p.object() {
		p.err.setPos(data)
		return Info{}, p.err
	}
	p.flush()
	p.ws()
	if p.pos < len(data) {
		return Info{}, newErr(data, p.pos, 0, false, msgTrailing)
	}
	if p.dup != nil {
		p.dup.setPos(data)
		return Info{}, p.dup
	}
	var s summarizer
	s.begin()
	st := s.walk(p.out)
	var info Info
	s.finish(&info)
	if msg := st.check(info.Type); msg != "" {
		return Info{}, newErr(data, first, 0, false, msg)
	}
	if msg := checkShapes(info.Type, p.out, dates); msg != "" {
		return Info{}, newErr(data, first, 0, false, msg)
	}
	return info, nil
}

// typeState says whether walk found a string resourceType.
type typeState uint8

const (
	typeAbsent typeState = iota
	typeString
	typeNotString
)

// check returns the error message for a resource whose resourceType is typ.
func (t typeState) check(typ string) string {
	switch {
	case t == typeAbsent:
		return msgNoType
	case t == typeNotString:
		return msgTypeNotString
	case !IsResourceType(typ) && olderTypes[typ]:
		return msgOldType
	case !IsResourceType(typ):
		return msgUnknownType
	}
	return ""
}

// dateField names the elements Info.Date can come from.
type dateField uint8

const (
	dEffectiveDateTime dateField = iota
	dEffectivePeriodStart
	dEffectiveInstant
	dIssued
	dOnsetDateTime
	dOnsetPeriodStart
	dRecordedDate
	dPeriodStart
	dPerformedDateTime
	dPerformedPeriodStart
	dOccurrenceDateTime
	dAuthoredOn
	dDateAsserted
	dWhenHandedOver
	dWhenPrepared
	dBillablePeriodStart
	dCreated
	dDate
	dContextPeriodStart
	dStarted
	dStart
	dStartDate
	dRecorded
	dAuthored
	dDateTime
	dCreatedDateTime
	dTimingDateTime
	dRecordedOn
	nDates
)

var dateFieldNames = [nDates]string{
	dEffectiveDateTime:    "effectiveDateTime",
	dEffectivePeriodStart: "effectivePeriod.start",
	dEffectiveInstant:     "effectiveInstant",
	dIssued:               "issued",
	dOnsetDateTime:        "onsetDateTime",
	dOnsetPeriodStart:     "onsetPeriod.start",
	dRecordedDate:         "recordedDate",
	dPeriodStart:          "period.start",
	dPerformedDateTime:    "performedDateTime",
	dPerformedPeriodStart: "performedPeriod.start",
	dOccurrenceDateTime:   "occurrenceDateTime",
	dAuthoredOn:           "authoredOn",
	dDateAsserted:         "dateAsserted",
	dWhenHandedOver:       "whenHandedOver",
	dWhenPrepared:         "whenPrepared",
	dBillablePeriodStart:  "billablePeriod.start",
	dCreated:              "created",
	dDate:                 "date",
	dContextPeriodStart:   "context.period.start",
	dStarted:              "started",
	dStart:                "start",
	dStartDate:            "startDate",
	dRecorded:             "recorded",
	dAuthored:             "authored",
	dDateTime:             "dateTime",
	dCreatedDateTime:      "createdDateTime",
	dTimingDateTime:       "timingDateTime",
	dRecordedOn:           "recordedOn",
}

// topDateKeys maps top-level primitive date elements to their field.
var topDateKeys = map[string]dateField{
	"effectiveDateTime":  dEffectiveDateTime,
	"effectiveInstant":   dEffectiveInstant,
	"issued":             dIssued,
	"onsetDateTime":      dOnsetDateTime,
	"recordedDate":       dRecordedDate,
	"performedDateTime":  dPerformedDateTime,
	"occurrenceDateTime": dOccurrenceDateTime,
	"authoredOn":         dAuthoredOn,
	"dateAsserted":       dDateAsserted,
	"whenHandedOver":     dWhenHandedOver,
	"whenPrepared":       dWhenPrepared,
	"created":            dCreated,
	"date":               dDate,
	"started":            dStarted,
	"start":              dStart,
	"startDate":          dStartDate,
	"recorded":           dRecorded,
	"authored":           dAuthored,
	"dateTime":           dDateTime,
	"createdDateTime":    dCreatedDateTime,
	"timingDateTime":     dTimingDateTime,
	"recordedOn":         dRecordedOn,
}

// topPeriodKeys maps top-level Period elements to the field of their start.
var topPeriodKeys = map[string]dateField{
	"effectivePeriod": dEffectivePeriodStart,
	"onsetPeriod":     dOnsetPeriodStart,
	"period":          dPeriodStart,
	"performedPeriod": dPerformedPeriodStart,
	"billablePeriod":  dBillablePeriodStart,
}

// datePriority lists, per resource type, where Info.Date comes from: the first
// element present wins. Types not listed use genericDates.
var datePriority = map[string][]dateField{
	"Observation":              {dEffectiveDateTime, dEffectivePeriodStart, dEffectiveInstant, dIssued},
	"Condition":                {dOnsetDateTime, dOnsetPeriodStart, dRecordedDate},
	"Encounter":                {dPeriodStart},
	"Procedure":                {dPerformedDateTime, dPerformedPeriodStart},
	"Immunization":             {dOccurrenceDateTime, dRecorded},
	"MedicationRequest":        {dAuthoredOn},
	"MedicationStatement":      {dEffectiveDateTime, dEffectivePeriodStart, dDateAsserted},
	"MedicationAdministration": {dEffectiveDateTime, dEffectivePeriodStart},
	"MedicationDispense":       {dWhenHandedOver, dWhenPrepared},
	"DiagnosticReport":         {dEffectiveDateTime, dEffectivePeriodStart, dIssued},
	"Claim":                    {dBillablePeriodStart, dCreated},
	"ExplanationOfBenefit":     {dBillablePeriodStart, dCreated},
	"AllergyIntolerance":       {dOnsetDateTime, dOnsetPeriodStart, dRecordedDate},
	"CarePlan":                 {dPeriodStart, dCreated},
	"Goal":                     {dStartDate},
	"DocumentReference":        {dDate, dContextPeriodStart},
	"ImagingStudy":             {dStarted},
	"Appointment":              {dStart},
	"CareTeam":                 {dPeriodStart},
	"Coverage":                 {dPeriodStart},
	"Composition":              {dDate},
	"Provenance":               {dRecorded},
	"QuestionnaireResponse":    {dAuthored},
	"Consent":                  {dDateTime},
	"Media":                    {dCreatedDateTime, dIssued},
	"RiskAssessment":           {dOccurrenceDateTime},
	"SupplyDelivery":           {dOccurrenceDateTime},
	"ChargeItem":               {dOccurrenceDateTime},
	"DeviceUseStatement":       {dTimingDateTime, dRecordedOn},
	"ClinicalImpression":       {dEffectiveDateTime, dEffectivePeriodStart, dDate},
	"NutritionOrder":           {dDateTime}, // its day on the Timeline and in 'records' (F576)
}

var genericDates = []dateField{dDate, dAuthoredOn, dCreated, dIssued, dRecorded, dPeriodStart}

// DateElements returns the elements Info.Date is taken from for a resource
// type, in priority order (e.g. "effectiveDateTime", "effectivePeriod.start").
func DateElements(resourceType string) []string {
	fs, ok := datePriority[resourceType]
	if !ok {
		fs = genericDates
	}
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = dateFieldNames[f]
	}
	return out
}

type refSpan struct{ elem, ref span }
type pairSpan struct{ a, b span }

// summarizer walks the compact, valid JSON of one resource. Captured strings
// are decoded into scratch and recorded as spans; finish converts scratch to a
// single string so that one resource's Info costs one string allocation.
type summarizer struct {
	b       []byte
	i       int
	scratch []byte
	keyBuf  []byte

	typState                typeState
	typ, id, vid, lu, birth span
	nameStr, family, text   span
	humanName               bool
	given                   []span
	dates                   [nDates]span
	refs                    []refSpan
	idents, codes, comps    []pairSpan
	elem                    []byte
	elemSp                  span
	chunk                   int // if > 0, Info slices are cut from shared chunks of this many elements
	refArena                []Ref
	identArena              []Identifier
	codeArena               []Coding
	strv                    string
}

func (s *summarizer) begin() {
	s.scratch = s.scratch[:0]
	s.typState = typeAbsent
	s.typ, s.id, s.vid, s.lu, s.birth = noSpan, noSpan, noSpan, noSpan, noSpan
	s.nameStr, s.family, s.text = noSpan, noSpan, noSpan
	s.humanName = false
	s.given = s.given[:0]
	for i := range s.dates {
		s.dates[i] = noSpan
	}
	s.refs = s.refs[:0]
	s.idents = s.idents[:0]
	s.codes = s.codes[:0]
	s.comps = s.comps[:0]
}

// addRaw decodes a JSON string content span of src into scratch.
func (s *summarizer) addRaw(src []byte, sp span) span {
	if !sp.ok() {
		return noSpan
	}
	a := len(s.scratch)
	s.scratch = appendUnquoted(s.scratch, src[sp.a:sp.b])
	return span{a, len(s.scratch)}
}

// get returns the string of a span after finish.
func (s *summarizer) get(sp span) string {
	if !sp.ok() {
		return ""
	}
	return s.strv[sp.a:sp.b]
}

// walk summarizes the compact resource b (a JSON object).
func (s *summarizer) walk(b []byte) typeState {
	s.b, s.i = b, 0
	if len(b) == 0 || b[0] != '{' {
		return typeAbsent
	}
	s.top()
	s.b = nil
	return s.typState
}

// finish builds info from what walk captured.
func (s *summarizer) finish(info *Info) {
	// Build the display name into scratch before converting it.
	name := s.nameStr
	if !name.ok() && s.humanName {
		name = s.humanNameSpan()
	}
	s.strv = string(s.scratch)

	info.Type = s.get(s.typ)
	info.ID = s.get(s.id)
	info.VersionID = s.get(s.vid)
	info.LastUpdated = s.get(s.lu)
	info.BirthDate = s.get(s.birth)
	info.Name = s.get(name)
	prio, ok := datePriority[info.Type]
	if !ok {
		prio = genericDates
	}
	for _, f := range prio {
		if s.dates[f].ok() {
			info.Date = s.get(s.dates[f])
			break
		}
	}
	if n := len(s.refs); n > 0 {
		refs := takeRefs(&s.refArena, n, s.chunk)
		for i, r := range s.refs {
			refs[i] = Ref{Element: s.get(r.elem), Reference: s.get(r.ref)}
		}
		info.Refs = refs
	}
	if n := len(s.idents); n > 0 {
		ids := takeIdents(&s.identArena, n, s.chunk)
		for i, r := range s.idents {
			ids[i] = Identifier{System: s.get(r.a), Value: s.get(r.b)}
		}
		info.Identifiers = ids
	}
	ncomp := 0
	if info.Type == "Observation" {
		ncomp = len(s.comps)
	}
	if n := len(s.codes) + ncomp; n > 0 {
		cs := takeCodes(&s.codeArena, n, s.chunk)
		for i, r := range s.codes {
			cs[i] = Coding{System: s.get(r.a), Code: s.get(r.b)}
		}
		for i, r := range s.comps[:ncomp] {
			cs[len(s.codes)+i] = Coding{System: s.get(r.a), Code: s.get(r.b)}
		}
		info.Codes = cs
	}
}

// takeRefs returns a slice of n elements, cut from a shared chunk if chunk > 0.
// A cut slice has its capacity limited to n so appends by the caller cannot
// reach another resource's elements.
func takeRefs(arena *[]Ref, n, chunk int) []Ref {
	if chunk <= 0 {
		return make([]Ref, n)
	}
	if cap(*arena)-len(*arena) < n {
		*arena = make([]Ref, 0, max(n, chunk))
	}
	a := len(*arena)
	*arena = (*arena)[:a+n]
	return (*arena)[a : a+n : a+n]
}

func takeIdents(arena *[]Identifier, n, chunk int) []Identifier {
	if chunk <= 0 {
		return make([]Identifier, n)
	}
	if cap(*arena)-len(*arena) < n {
		*arena = make([]Identifier, 0, max(n, chunk))
	}
	a := len(*arena)
	*arena = (*arena)[:a+n]
	return (*arena)[a : a+n : a+n]
}

func takeCodes(arena *[]Coding, n, chunk int) []Coding {
	if chunk <= 0 {
		return make([]Coding, n)
	}
	if cap(*arena)-len(*arena) < n {
		*arena = make([]Coding, 0, max(n, chunk))
	}
	a := len(*arena)
	*arena = (*arena)[:a+n]
	return (*arena)[a : a+n : a+n]
}

// ---- the walker. Input is compact valid JSON; it still never indexes out of
// range and always makes progress, whatever the input.

func (s *summarizer) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// hasQuoteOrBackslash reports whether any of the 8 bytes in x may be '"' or '\\'.
func hasQuoteOrBackslash(x uint64) bool { return quotesOrBackslashes(x) != 0 }

// quotesOrBackslashes flags (the high bit of) each of the 8 bytes of x (little-endian: the
// first byte lowest) that may be '"' or '\\'; as in strStops, the lowest flag is always right.
func quotesOrBackslashes(x uint64) uint64 {
	q := x ^ (swarLo * '"')
	q = (q - swarLo) &^ q
	b := x ^ (swarLo * '\\')
	b = (b - swarLo) &^ b
	return (q | b) & swarHi
}

// skipPlain returns the index of the first '"' or '\\' in b at or after i, or len(b).
func skipPlain(b []byte, i int) int {
	for i+8 <= len(b) {
		if m := quotesOrBackslashes(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(b) && b[i] != '"' && b[i] != '\\' {
		i++
	}
	return i
}

// readString skips the string at s.i and returns its content span and whether
// it has escapes.
func (s *summarizer) readString() (a, e int, esc bool) {
	b := s.b
	a = s.i + 1
	i := a
	for {
		i = skipPlain(b, i)
		if i >= len(b) {
			s.i = len(b)
			return a, len(b), esc
		}
		if b[i] == '"' {
			s.i = i + 1
			return a, i, esc
		}
		esc = true
		i += 2
		if i > len(b) {
			i = len(b)
		}
	}
}

// capture decodes the string at s.i into scratch.
func (s *summarizer) capture() span {
	a, e, esc := s.readString()
	st := len(s.scratch)
	if esc {
		s.scratch = appendUnquoted(s.scratch, s.b[a:e])
	} else {
		s.scratch = append(s.scratch, s.b[a:e]...)
	}
	return span{st, len(s.scratch)}
}

// key reads an object key and the colon after it.
func (s *summarizer) key() (k []byte, esc bool) {
	a, e, esc := s.readString()
	if s.i < len(s.b) {
		s.i++ // ':'
	}
	if esc {
		s.keyBuf = appendUnquoted(s.keyBuf[:0], s.b[a:e])
		return s.keyBuf, true
	}
	return s.b[a:e], false
}

// more consumes the byte after a member or element: true if it was ','.
func (s *summarizer) more() bool {
	if s.i < len(s.b) {
		c := s.b[s.i]
		s.i++
		return c == ','
	}
	return false
}

func (s *summarizer) value() {
	if s.i >= len(s.b) {
		return
	}
	switch s.b[s.i] {
	case '{':
		s.object()
	case '[':
		s.array()
	case '"':
		s.readString()
	default:
		i := s.i + 1
		for i < len(s.b) {
			if c := s.b[i]; c == ',' || c == '}' || c == ']' {
				break
			}
			i++
		}
		s.i = i
	}
}

// member handles the value of a member with key k that needs no special
// treatment: a "reference" string is recorded, anything else is walked.
func (s *summarizer) member(k []byte) {
	if len(k) == 9 && string(k) == "reference" && s.peek() == '"' {
		r := s.capture()
		if !s.elemSp.ok() {
			a := len(s.scratch)
			s.scratch = append(s.scratch, s.elem...)
			s.elemSp = span{a, len(s.scratch)}
		}
		s.refs = append(s.refs, refSpan{s.elemSp, r})
		return
	}
	s.value()
}

func (s *summarizer) object() {
	if !s.enterObj() {
		return
	}
	for {
		k, _ := s.key()
		s.member(k)
		if !s.more() {
			return
		}
	}
}

func (s *summarizer) array() {
	if !s.enterArr() {
		return
	}
	for {
		s.value()
		if !s.more() {
			return
		}
	}
}

// enterObj enters a non-empty object at s.i; otherwise it walks whatever is
// there and returns false.
func (s *summarizer) enterObj() bool {
	if s.peek() != '{' {
		s.value()
		return false
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		return false
	}
	return true
}

func (s *summarizer) enterArr() bool {
	if s.peek() != '[' {
		s.value()
		return false
	}
	s.i++
	if s.peek() == ']' {
		s.i++
		return false
	}
	return true
}

// str captures a string value into *dst; other values are walked.
func (s *summarizer) str(dst *span) {
	if s.peek() == '"' {
		*dst = s.capture()
		return
	}
	s.value()
}

func (s *summarizer) date(f dateField) {
	if s.peek() == '"' {
		sp := s.capture()
		if !s.dates[f].ok() && sp.b > sp.a {
			s.dates[f] = sp
		}
		return
	}
	s.value()
}

func (s *summarizer) top() {
	if !s.enterObj() {
		return
	}
	for {
		k, esc := s.key()
		s.elem, s.elemSp = k, noSpan
		if esc { // keyBuf is reused by nested keys: keep a copy
			a := len(s.scratch)
			s.scratch = append(s.scratch, k...)
			s.elemSp = span{a, len(s.scratch)}
		}
		switch string(k) {
		case "resourceType":
			if s.peek() == '"' {
				s.typ, s.typState = s.capture(), typeString
			} else {
				s.typ, s.typState = noSpan, typeNotString
				s.value()
			}
		case "id":
			s.str(&s.id)
		case "meta":
			s.meta()
		case "identifier":
			s.identifiers()
		case "code", "medicationCodeableConcept", "vaccineCode":
			s.codeableConcept(&s.codes)
		case "component":
			s.components()
		case "name":
			s.name()
		case "birthDate":
			s.str(&s.birth)
		case "context":
			s.docContext()
		default:
			if f, ok := topDateKeys[string(k)]; ok {
				s.date(f)
			} else if f, ok := topPeriodKeys[string(k)]; ok {
				s.period(f)
			} else {
				s.member(k)
			}
		}
		if !s.more() {
			return
		}
	}
}

func (s *summarizer) meta() {
	if !s.enterObj() {
		return
	}
	for {
		k, _ := s.key()
		switch string(k) {
		case "versionId":
			s.str(&s.vid)
		case "lastUpdated":
			s.str(&s.lu)
		default:
			s.member(k)
		}
		if !s.more() {
			return
		}
	}
}

func (s *summarizer) identifiers() {
	switch s.peek() {
	case '{':
		s.identifier()
	case '[':
		if !s.enterArr() {
			return
		}
		for {
			if s.peek() == '{' {
				s.identifier()
			} else {
				s.value()
			}
			if !s.more() {
				return
			}
		}
	default:
		s.value()
	}
}

func (s *summarizer) identifier() {
	if !s.enterObj() {
		return
	}
	sys, val := noSpan, noSpan
	for {
		k, _ := s.key()
		switch string(k) {
		case "system":
			s.str(&sys)
		case "value":
			s.str(&val)
		default:
			s.member(k)
		}
		if !s.more() {
			break
		}
	}
	if sys.ok() || val.ok() {
		s.idents = append(s.idents, pairSpan{sys, val})
	}
}

func (s *summarizer) codeableConcept(dst *[]pairSpan) {
	if !s.enterObj() {
		return
	}
	for {
		k, _ := s.key()
		if string(k) == "coding" && s.peek() == '[' {
			s.codings(dst)
		} else {
			s.member(k)
		}
		if !s.more() {
			return
		}
	}
}

func (s *summarizer) codings(dst *[]pairSpan) {
	if !s.enterArr() {
		return
	}
	for {
		if s.peek() == '{' {
			s.coding(dst)
		} else {
			s.value()
		}
		if !s.more() {
			return
		}
	}
}

func (s *summarizer) coding(dst *[]pairSpan) {
	if !s.enterObj() {
		return
	}
	sys, code := noSpan, noSpan
	for {
		k, _ := s.key()
		switch string(k) {
		case "system":
			s.str(&sys)
		case "code":
			s.str(&code)
		default:
			s.member(k)
		}
		if !s.more() {
			break
		}
	}
	if sys.ok() || code.ok() {
		*dst = append(*dst, pairSpan{sys, code})
	}
}

func (s *summarizer) components() {
	if !s.enterArr() {
		return
	}
	for {
		if s.enterObj() {
			for {
				k, _ := s.key()
				if string(k) == "code" {
					s.codeableConcept(&s.comps)
				} else {
					s.member(k)
				}
				if !s.more() {
					break
				}
			}
		}
		if !s.more() {
			return
		}
	}
}

func (s *summarizer) name() {
	switch s.peek() {
	case '"':
		s.nameStr = s.capture()
	case '[':
		if !s.enterArr() {
			return
		}
		first := true
		for {
			if first && s.peek() == '{' {
				s.humanNameObj()
			} else {
				s.value()
			}
			first = false
			if !s.more() {
				return
			}
		}
	default:
		s.value()
	}
}

// humanNameSpan is the display name of the HumanName humanNameObj read, built into scratch:
// its text, else its parts (in FamilyFirst order for CJK names).
func (s *summarizer) humanNameSpan() span {
	if s.text.ok() && len(bytes.TrimSpace(s.scratch[s.text.a:s.text.b])) > 0 {
		return s.text
	}
	var family []byte
	if s.family.ok() {
		family = s.scratch[s.family.a:s.family.b]
	}
	familyFirst := isCJK(family)
	for _, g := range s.given {
		familyFirst = familyFirst && (g.b == g.a || isCJK(s.scratch[g.a:g.b]))
	}
	a := len(s.scratch)
	add := func(part []byte) {
		if len(part) == 0 {
			return
		}
		if len(s.scratch) > a && !familyFirst {
			s.scratch = append(s.scratch, ' ')
		}
		s.scratch = append(s.scratch, part...)
	}
	if familyFirst {
		add(family)
	}
	for _, g := range s.given {
		add(s.scratch[g.a:g.b])
	}
	if !familyFirst {
		add(family)
	}
	if len(s.scratch) > a {
		return span{a, len(s.scratch)}
	}
	return s.text
}

// FamilyFirst reports whether a HumanName's family and given names are written in Chinese,
// Japanese or Korean script (every part has letters, all Han, kana or Hangul): such a name is
// shown family name first with no space ("王小明", not "小明 王").
func FamilyFirst(family string, given []string) bool {
	if !isCJK([]byte(family)) {
		return false
	}
	for _, g := range given {
		if g != "" && !isCJK([]byte(g)) {
			return false
		}
	}
	return true
}

// isCJK reports whether b has letters and all of them are Han, Hiragana, Katakana or Hangul.
func isCJK(b []byte) bool {
	letters := false
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		if !unicode.IsLetter(r) {
			continue
		}
		if !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return false
		}
		letters = true
	}
	return letters
}

func (s *summarizer) humanNameObj() {
	s.humanName = true
	if !s.enterObj() {
		return
	}
	for {
		k, _ := s.key()
		switch string(k) {
		case "family":
			s.str(&s.family)
		case "text":
			s.str(&s.text)
		case "given":
			if s.enterArr() {
				for {
					if s.peek() == '"' {
						s.given = append(s.given, s.capture())
					} else {
						s.value()
					}
					if !s.more() {
						break
					}
				}
			}
		default:
			s.member(k)
		}
		if !s.more() {
			return
		}
	}
}

func (s *summarizer) period(f dateField) {
	if !s.enterObj() {
		return
	}
	for {
		k, _ := s.key()
		if string(k) == "start" {
			s.date(f)
		} else {
			s.member(k)
		}
		if !s.more() {
			return
		}
	}
}

// docContext handles a top-level "context": DocumentReference.context.period.start.
// For other types (e.g. a Reference) the references in it are still found.
func (s *summarizer) docContext() {
	if !s.enterObj() {
		return
	}
	for {
		k, _ := s.key()
		if string(k) == "period" {
			s.period(dContextPeriodStart)
		} else {
			s.member(k)
		}
		if !s.more() {
			return
		}
	}
}
