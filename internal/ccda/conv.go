package ccda

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/ssn"
)

type obj = map[string]any

// derivationURL is the FHIR core extension that points a resource at the document it was
// derived from (http://hl7.org/fhir/extensions/StructureDefinition-derivation-reference.html).
const derivationURL = "http://hl7.org/fhir/StructureDefinition/derivation-reference"

// conv holds the state of one conversion.
type conv struct {
	ctx  context.Context
	doc  *node
	data []byte
	now  time.Time

	docID    string // root^extension of the document
	docKey   string // the key other keys without an id of their own derive from
	docRef   string // "DocumentReference/<id>"
	patient  string // "Patient/<id>" or ""
	offset   string // the document's time zone offset ("-05:00"), used for times without one
	refs     map[string]*node
	idless   map[string]bool // provisional ids of entries without an id
	repeats  map[string]int  // how often an id was repeated with other content
	refCache map[string]string
	// patientKey is part of every entry's id, so an id reused by another person's document
	// never moves a record between people.
	patientKey string
	// placeholderKeys: a social security number no one can have still keys the patient
	// (Options.PlaceholderKeys); placeholderPatient is the Patient id it gave, when it no
	// longer does (Result.PlaceholderPatients).
	placeholderKeys    bool
	placeholderPatient string
	placeholderWho     string // placeholderWho's key, when it keys the patient

	out      []obj
	index    map[string]int // resourceType/id -> position in out
	made     map[string]int
	textOnly int
	skipped  []Skip
	badDates map[*node]bool // timestamps naming no real day or time, left out
	// badValues and impossible count the measurements left out for their number (leftOut).
	badValues, impossible int
	mark                  string // the placeholder of the document's base64 (dataMark)
	section               string // title of the section being mapped

	// plan collects what the Plan of Treatment section being mapped makes (its CarePlan's
	// activities and goals); nil outside one. plans counts the CarePlans made.
	plan  *planItems
	plans int

	// orgGroups are the document's named organization elements by the organization they
	// are (groupOrgs), made when first needed.
	orgGroups map[*node]*orgGroup
	orgRefs   map[*orgGroup]string // the Organization made of each group
}

func newConv(ctx context.Context, doc *node, data []byte, now time.Time) *conv {
	c := &conv{ctx: ctx, doc: doc, data: data, now: now, refs: map[string]*node{}, idless: map[string]bool{}, repeats: map[string]int{}, refCache: map[string]string{}, index: map[string]int{}, made: map[string]int{}}
	c.collectRefs(doc)
	return c
}

// collectRefs indexes every element with an ID attribute (narrative targets of references).
func (c *conv) collectRefs(n *node) {
	for _, k := range n.kids {
		if k.name == "" {
			continue
		}
		if id := k.attr("ID"); id != "" {
			if _, dup := c.refs[id]; !dup {
				c.refs[id] = k
			}
		}
		c.collectRefs(k)
	}
}

// iiKey is the key of an II: "root^extension" or "root"; "" for a null or rootless id.
func iiKey(id *node) string {
	if id == nil || id.attr("nullFlavor") != "" {
		return ""
	}
	root := strings.TrimSpace(id.attr("root"))
	if root == "" {
		return ""
	}
	if ext := strings.TrimSpace(id.attr("extension")); ext != "" {
		return root + "^" + ext
	}
	return strings.ToLower(root)
}

// patientIDs are the ids of a patientRole that identify the patient: a US social security
// number no one can have (000-00-0000, ssn.Placeholder) names nobody — it made every patient
// written with it one person, and one Eve Betterhalf two (F488) — unless the document is
// converted with the keys an older CareKeeper gave it (Options.PlaceholderKeys).
func (c *conv) patientIDs(role *node) []*node {
	ids := role.children("id")
	if c.placeholderKeys {
		return ids
	}
	var out []*node
	for _, id := range ids {
		if strings.TrimSpace(id.attr("root")) == ssn.Root && ssn.Placeholder(id.attr("extension")) {
			continue
		}
		out = append(out, id)
	}
	if old := firstKey(ids); old != "" && old != firstKey(out) {
		c.placeholderPatient = makeID("Patient", old)
		if firstKey(out) == "" {
			c.placeholderWho = placeholderWho(old, role)
		}
	}
	return out
}

// placeholderWho keys a patient whose only id is a social security number no one can have:
// the number with their names and birth time as written, so the same person's documents
// still share their records' ids and someone else's given the same number do not. Neither
// the document's id (the HL7 examples give ten documents one) nor the number alone tells
// them apart. "" when the document gives neither a name nor a birth time.
func placeholderWho(key string, role *node) string {
	p := role.child("patient")
	if p == nil {
		return ""
	}
	var words []string
	for _, n := range p.children("name") {
		words = append(words, strings.Fields(strings.ToLower(n.textContent()))...)
	}
	birth := strings.TrimSpace(p.child("birthTime").attr("value"))
	if len(words) == 0 && birth == "" {
		return ""
	}
	return key + "|" + strings.Join(words, " ") + "|" + birth
}

// firstKey is the key of the first usable id among ids.
func firstKey(ids []*node) string {
	for _, id := range ids {
		if k := iiKey(id); k != "" {
			return k
		}
	}
	return ""
}

// makeID derives a FHIR id from a key: the same key gives the same id in every document.
func makeID(typ, key string) string {
	sum := sha256.Sum256([]byte(typ + "\x00" + key))
	return "ccda-" + hex.EncodeToString(sum[:15])
}

// idFor is the id of a resource of type typ made from an element with these ids: the same
// C-CDA id of the same person gives the same resource in every document. An element without an
// id gets a provisional id from its place in the document; add replaces it by one from the
// resource's content (see contentKey).
func (c *conv) idFor(typ string, ids []*node, place string) string {
	if k := firstKey(ids); k != "" {
		return makeID(typ, c.patientKey+"|"+k)
	}
	id := makeID(typ, c.docKey+"#"+place)
	c.idless[id] = true
	return id
}

// add puts a resource in the bundle, marking it as derived from the document, and returns
// its reference. A resource made from an entry without an id takes an id from its content
// (its person, type, code and date), so the same entry in a later document updates it. When
// an id is already taken, a repeat with the same code and date (an entry in two sections, an
// author named twice) is the same resource, the first one kept; a different code or date under
// the same id (vendors, and HL7's own examples, reuse one id) is kept as a resource of its
// own, never dropped.
func (c *conv) add(res obj) string {
	ref := c.addOne(res)
	if c.plan != nil {
		c.plan.note(ref)
	}
	return ref
}

func (c *conv) addOne(res obj) string {
	typ, _ := res["resourceType"].(string)
	id, _ := res["id"].(string)
	if typ != "DocumentReference" && c.docRef != "" {
		ext, _ := res["extension"].([]any)
		res["extension"] = append(ext, obj{
			"url":       derivationURL,
			"extension": []any{obj{"url": "reference", "valueReference": obj{"reference": c.docRef}}},
		})
	}
	if c.idless[id] {
		if key := contentKey(res); key != "" {
			nid := makeID(typ, c.patientKey+"|content|"+key)
			if _, taken := c.index[typ+"/"+nid]; !taken {
				id = nid
			}
		}
	}
	res["id"] = id
	if i, dup := c.index[typ+"/"+id]; dup {
		switch typ {
		case "Patient", "Practitioner", "Organization", "Location", "DocumentReference":
			return typ + "/" + id
		}
		if contentKey(c.out[i]) == contentKey(res) || sameJSON(c.out[i], res) {
			return typ + "/" + id // the same entry again (in another section)
		}
		base := id
		for {
			c.repeats[base]++ // counted per id: a document repeating one id 100,000 times stays linear
			id = makeID(typ, base+"#"+strconv.Itoa(c.repeats[base]+1))
			if _, taken := c.index[typ+"/"+id]; !taken {
				break
			}
		}
		res["id"] = id
	}
	c.index[typ+"/"+id] = len(c.out)
	c.out = append(c.out, res)
	c.made[typ]++
	return typ + "/" + id
}

func sameJSON(a, b obj) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// contentKey identifies a resource made from an entry without an id by what it is about: its
// code (or text) and its clinical date. "" when it has no code.
func contentKey(res obj) string {
	code := ""
	for _, f := range []string{"code", "medicationCodeableConcept", "vaccineCode", "description", "type", "relationship"} {
		cc, ok := res[f].(obj)
		if !ok {
			continue
		}
		if cd := asList(cc["coding"]); len(cd) > 0 {
			first := cd[0].(obj)
			sys, _ := first["system"].(string)
			cv, _ := first["code"].(string)
			code = sys + "|" + cv
		} else if t, ok := cc["text"].(string); ok {
			code = "text|" + strings.ToLower(t)
		}
		break
	}
	if d, ok := res["device"].(obj); ok && code == "" { // a DeviceUseStatement is about its device
		ref, _ := d["reference"].(string)
		code = "device|" + ref
	}
	if code == "" {
		return ""
	}
	date := ""
	for _, f := range []string{"onsetDateTime", "effectiveDateTime", "performedDateTime", "occurrenceDateTime", "authoredOn", "recordedDate", "startDate", "timingDateTime", "date"} {
		if d, ok := res[f].(string); ok {
			date = d
			break
		}
	}
	if date == "" {
		for _, f := range []string{"effectivePeriod", "performedPeriod", "period", "occurrencePeriod", "timingPeriod"} {
			if p, ok := res[f].(obj); ok {
				date, _ = p["start"].(string)
				break
			}
		}
	}
	return code + "|" + date
}

// keep counts an entry that could not be mapped: it stays in the document's text.
func (c *conv) keep(reason string) {
	c.textOnly++
	c.skipped = append(c.skipped, Skip{Section: c.section, Reason: reason})
}

// --- identifiers ---

var idRoots = map[string]string{
	"2.16.840.1.113883.4.1": "http://hl7.org/fhir/sid/us-ssn",
	"2.16.840.1.113883.4.6": "http://hl7.org/fhir/sid/us-npi",
}

// identifier maps an II (C-CDA on FHIR "Mapping Guidance": root+extension → system+value;
// a root alone → urn:ietf:rfc:3986 with the root as a URN).
func identifier(id *node) obj {
	if id == nil || id.attr("nullFlavor") != "" {
		return nil
	}
	root := strings.TrimSpace(id.attr("root"))
	ext := strings.TrimSpace(id.attr("extension"))
	if root == "" {
		return nil
	}
	if ext == "" {
		return obj{"system": "urn:ietf:rfc:3986", "value": rootURN(root)}
	}
	sys, ok := idRoots[root]
	if !ok {
		sys = rootURN(root)
	}
	return obj{"system": sys, "value": ext}
}

func rootURN(root string) string {
	if isOID(root) {
		return "urn:oid:" + root
	}
	if len(root) == 36 && strings.Count(root, "-") == 4 {
		return "urn:uuid:" + strings.ToLower(root)
	}
	return root
}

func isOID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

func identifiers(ids []*node) []any {
	var out []any
	for _, id := range ids {
		if ident := identifier(id); ident != nil {
			out = append(out, ident)
		}
	}
	return out
}

// --- codes ---

var codeSystems = map[string]string{
	"2.16.840.1.113883.6.96":     "http://snomed.info/sct",
	"2.16.840.1.113883.6.1":      "http://loinc.org",
	"2.16.840.1.113883.6.88":     "http://www.nlm.nih.gov/research/umls/rxnorm",
	"2.16.840.1.113883.12.292":   "http://hl7.org/fhir/sid/cvx",
	"2.16.840.1.113883.6.59":     "http://hl7.org/fhir/sid/cvx",
	"2.16.840.1.113883.6.90":     "http://hl7.org/fhir/sid/icd-10-cm",
	"2.16.840.1.113883.6.3":      "http://hl7.org/fhir/sid/icd-10",
	"2.16.840.1.113883.6.103":    "http://hl7.org/fhir/sid/icd-9-cm",
	"2.16.840.1.113883.6.104":    "http://hl7.org/fhir/sid/icd-9-cm",
	"2.16.840.1.113883.6.69":     "http://hl7.org/fhir/sid/ndc",
	"2.16.840.1.113883.6.8":      "http://unitsofmeasure.org",
	"2.16.840.1.113883.6.12":     "http://www.ama-assn.org/go/cpt",
	"2.16.840.1.113883.4.9":      "http://fdasis.nlm.nih.gov",
	"2.16.840.1.113883.6.101":    "http://nucc.org/provider-taxonomy",
	"2.16.840.1.113883.6.238":    "urn:oid:2.16.840.1.113883.6.238",
	"2.16.840.1.113883.5.1":      "http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender",
	"2.16.840.1.113883.5.4":      "http://terminology.hl7.org/CodeSystem/v3-ActCode",
	"2.16.840.1.113883.5.83":     "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
	"2.16.840.1.113883.5.112":    "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration",
	"2.16.840.1.113883.3.26.1.1": "http://ncimeta.nci.nih.gov",
	"2.16.840.1.113883.5.2":      "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus",
	"2.16.840.1.113883.5.111":    "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
	"2.16.840.1.113883.6.13":     "http://ada.org/cdt",
	"2.16.840.1.113883.12.227":   "http://hl7.org/fhir/sid/mvx",
	"2.16.840.1.113883.6.285":    "urn:oid:2.16.840.1.113883.6.285",
}

// systemURI maps a code system OID to its FHIR URI; unknown OIDs (local or value-set OIDs used
// as code systems by some vendors) become urn:oid:.
func systemURI(oid string) string {
	oid = strings.TrimSpace(oid)
	if u, ok := codeSystems[oid]; ok {
		return u
	}
	if isOID(oid) {
		return "urn:oid:" + oid
	}
	if len(oid) == 36 && strings.Count(oid, "-") == 4 {
		return "urn:uuid:" + strings.ToLower(oid)
	}
	return ""
}

func coding(n *node) obj {
	code := strings.TrimSpace(n.attr("code"))
	switch strings.ToUpper(code) {
	case "", "UNKNOWN", "UNK", "NULL": // written by some producers where a nullFlavor belongs
		return nil
	}
	cd := obj{"code": code}
	if sys := systemURI(n.attr("codeSystem")); sys != "" {
		cd["system"] = sys
	}
	if d := strings.TrimSpace(n.attr("displayName")); d != "" {
		cd["display"] = d
	}
	return cd
}

// concept maps a CD/CE to a CodeableConcept: the code and each translation become codings,
// originalText (dereferenced when it points into the narrative) becomes text. nil when
// nothing is known.
func (c *conv) concept(n *node) obj {
	if n == nil {
		return nil
	}
	var codings []any
	if cd := coding(n); cd != nil {
		codings = append(codings, cd)
	}
	for _, t := range n.children("translation") {
		if cd := coding(t); cd != nil {
			codings = append(codings, cd)
		}
	}
	text := c.originalText(n)
	if text == "" && coding(n) == nil {
		// A code element with a name but no code (or a null one) names the thing itself.
		text = strings.Join(strings.Fields(n.attr("displayName")), " ")
	}
	if text == "" && len(codings) == 0 {
		return nil
	}
	out := obj{}
	if len(codings) > 0 {
		out["coding"] = codings
	}
	if text != "" {
		out["text"] = text
	} else if d, _ := codings[0].(obj)["display"].(string); d != "" {
		out["text"] = d
	}
	return out
}

// originalText is the plain text of n's originalText (or of the narrative it references).
func (c *conv) originalText(n *node) string {
	ot := n.child("originalText")
	if ot == nil {
		return ""
	}
	if t := c.refText(ot.child("reference")); t != "" {
		return t
	}
	var b strings.Builder
	for _, k := range ot.kids {
		if k.name == "" {
			b.WriteString(k.text)
		}
	}
	return clip(strings.Join(strings.Fields(b.String()), " "))
}

// refText resolves a <reference value="#id"/> into the narrative's plain text.
func (c *conv) refText(ref *node) string {
	if ref == nil {
		return ""
	}
	v := strings.TrimSpace(ref.attr("value"))
	if !strings.HasPrefix(v, "#") {
		return ""
	}
	// Cached: many entries may point at one (large) part of the narrative.
	if s, ok := c.refCache[v]; ok {
		return s
	}
	s := clip(c.refs[v[1:]].textContent())
	c.refCache[v] = s
	return s
}

// entryText is the narrative of an entry: its text/reference, or its own text.
func (c *conv) entryText(n *node) string {
	t := n.child("text")
	if t == nil {
		return ""
	}
	if s := c.refText(t.child("reference")); s != "" {
		return s
	}
	var b strings.Builder
	for _, k := range t.kids {
		if k.name == "" {
			b.WriteString(k.text)
		}
	}
	return clip(strings.Join(strings.Fields(b.String()), " "))
}

// narrate copies an entry's own narrative (its text/reference into the section's text, or its
// inline text) into the resource as its Narrative: plain text, escaped, in one div, so no markup,
// link, image or style of the document is carried over (status "additional": the narrative
// may say more than the mapped elements).
func (c *conv) narrate(res obj, n *node) {
	if _, ok := res["text"]; ok || n == nil {
		return
	}
	s := c.narrativeText(n)
	if s == "" {
		return
	}
	res["text"] = obj{"status": "additional", "div": `<div xmlns="http://www.w3.org/1999/xhtml">` + html.EscapeString(s) + `</div>`}
}

// narrativeText is the entry's narrative as narrative.go renders a section (inline markup
// without extra spaces, a table row's cells joined by " | "), on one line; else entryText.
func (c *conv) narrativeText(n *node) string {
	ref := strings.TrimSpace(n.child("text").child("reference").attr("value"))
	target := c.refs[strings.TrimPrefix(ref, "#")]
	if !strings.HasPrefix(ref, "#") || target == nil {
		return c.entryText(n)
	}
	var b strings.Builder
	if target.name == "tr" {
		var cells []string
		for _, td := range target.elems() {
			var cb strings.Builder
			renderText(&cb, td)
			if cell := strings.Join(strings.Fields(cb.String()), " "); cell != "" {
				cells = append(cells, cell)
			}
		}
		b.WriteString(strings.Join(cells, " | "))
	} else {
		renderText(&b, target)
	}
	if s := clip(strings.Join(strings.Fields(b.String()), " ")); s != "" {
		return s
	}
	return c.entryText(n)
}

// clip bounds a text copied into a resource.
func clip(s string) string {
	if len(s) > 4000 {
		s = s[:4000]
		for len(s) > 0 && !isRuneStart(s[len(s)-1]) {
			s = s[:len(s)-1]
		}
		if len(s) > 0 {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// --- dates ---

// dateTime converts a CDA TS to a FHIR date or dateTime, keeping its precision. A time
// without a zone offset takes the document's offset when the document has one; otherwise only
// its date is kept (an invented offset could move it to another day). "" for null or invalid.
func (c *conv) dateTime(n *node) string {
	if n == nil || n.attr("nullFlavor") != "" {
		return ""
	}
	v := n.attr("value")
	t := c.ts(v)
	if t == "" && strings.TrimSpace(v) != "" {
		if c.badDates == nil {
			c.badDates = map[*node]bool{}
		}
		c.badDates[n] = true
	}
	return t
}

func (c *conv) ts(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 10 && v[4] == '-' {
		v = isoToTS(v) // some producers write ISO 8601 where CDA wants a TS
		if v[4] == '-' {
			return "" // not a day that exists ("2026-13-45"), not the year before its dash
		}
	}
	digits, zone := v, ""
	if i := strings.IndexAny(v, "+-"); i >= 0 {
		digits, zone = v[:i], v[i:]
	}
	frac := ""
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		digits, frac = digits[:i], digits[i+1:]
	}
	for _, r := range digits + frac {
		if r < '0' || r > '9' {
			return ""
		}
	}
	if len(digits) < 4 {
		return ""
	}
	y := digits[:4]
	if y == "0000" {
		return "" // not a FHIR year: the entry is kept without it (it refused the document: F175)
	}
	if len(digits) < 6 {
		return y
	}
	// A part naming no real month, day or time makes the whole timestamp no date (not a
	// shorter one: "20261345" is not 2026); dateTime counts it, and the entry is kept without.
	mo := digits[4:6]
	if m, _ := strconv.Atoi(mo); m < 1 || m > 12 {
		return ""
	}
	if len(digits) < 8 {
		return y + "-" + mo
	}
	d := digits[6:8]
	date := y + "-" + mo + "-" + d
	if _, err := time.Parse("2006-01-02", date); err != nil {
		return ""
	}
	if len(digits) < 12 {
		return date
	}
	hh, mm, ss := digits[8:10], digits[10:12], "00"
	if len(digits) >= 14 {
		ss = digits[12:14]
	}
	if h, _ := strconv.Atoi(hh); h > 23 {
		return ""
	}
	if m, _ := strconv.Atoi(mm); m > 59 {
		return ""
	}
	if s, _ := strconv.Atoi(ss); s > 60 { // 60: a leap second
		return ""
	}
	if ss == "60" {
		ss = "59" // FHIR's pattern allows :60, Go's time package (and the vault's index) does not
	}
	off := fhirOffset(zone)
	if off == "" {
		off = c.offset
	}
	if off == "" {
		return date
	}
	t := date + "T" + hh + ":" + mm + ":" + ss
	if frac != "" && len(frac) <= 9 {
		t += "." + frac
	}
	return t + off
}

// isoToTS rewrites an ISO 8601 date or date-time ("2023-05-31", "2023-05-31T10:00:00-05:00",
// "2023-05-31T10:00:00Z") as a CDA TS; anything else is returned as it is (and refused).
func isoToTS(v string) string {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		t, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		switch layout {
		case "2006-01-02":
			return t.Format("20060102")
		case time.RFC3339Nano:
			return t.Format("20060102150405-0700")
		}
		return t.Format("20060102150405")
	}
	return v
}

// period maps an IVL_TS (or a TS) to start/end; a single value is the start.
func (c *conv) period(n *node) (start, end string) {
	if n == nil {
		return "", ""
	}
	if v := c.dateTime(n); v != "" {
		return v, ""
	}
	if ctr := n.child("center"); ctr != nil {
		if v := c.dateTime(ctr); v != "" {
			return v, ""
		}
	}
	return c.dateTime(n.child("low")), c.dateTime(n.child("high"))
}

// effective sets <prefix>DateTime or <prefix>Period on res from an effectiveTime; a low equal
// to its high is one dateTime.
func (c *conv) effective(res obj, prefix string, n *node) {
	s, e := c.period(n)
	switch {
	case s != "" && (e == "" || e == s):
		res[prefix+"DateTime"] = s
	case s != "" || e != "":
		p := obj{}
		if s != "" {
			p["start"] = s
		}
		if e != "" {
			p["end"] = e
		}
		res[prefix+"Period"] = p
	}
}

// documentOffset finds the zone offset of the document's own effectiveTime.
func documentOffset(v string) string {
	i := strings.LastIndexAny(v, "+-")
	if i < 0 || len(v)-i != 5 {
		return ""
	}
	return fhirOffset(v[i:])
}

// fhirOffset is a TS's zone ("+0530") as FHIR writes it ("+05:30"), or "" when it is not one
// FHIR has: FHIR's offsets stop at ±14:00 (+1430 and +9959 refused the whole document: F175).
func fhirOffset(z string) string {
	if len(z) != 5 || z[0] != '+' && z[0] != '-' {
		return ""
	}
	zh, err1 := strconv.Atoi(z[1:3])
	zm, err2 := strconv.Atoi(z[3:5])
	if err1 != nil || err2 != nil || z[1] == '+' || z[1] == '-' || z[3] == '+' || z[3] == '-' ||
		!(zh < 14 && zm < 60 || zh == 14 && zm == 0) {
		return ""
	}
	return z[:3] + ":" + z[3:]
}

// --- quantities ---

// quantity maps a PQ (or the value of an INT/REAL) to a Quantity; nil when it has no number.
func quantity(n *node) obj {
	if n == nil || n.attr("nullFlavor") != "" {
		return nil
	}
	v := strings.TrimSpace(n.attr("value"))
	if d, ok := decimalComma(v); ok {
		v = d
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || v == "" || strings.ContainsAny(v, "xXnN") {
		return nil
	}
	q := obj{"value": decimal(v, f)}
	if u := strings.TrimSpace(n.attr("unit")); u != "" && u != "1" {
		q["unit"] = u
		q["system"] = "http://unitsofmeasure.org"
		q["code"] = u
	}
	return q
}

// decimalComma reads a number written with a decimal comma ("5,4", "108,86", "0,863") as the
// decimal it is ("5.4"); false for anything else, and for a comma that may as well separate
// thousands ("108,863", "1,250": 108.863 or 108863), which is not guessed (F195).
func decimalComma(s string) (string, bool) {
	t := strings.TrimPrefix(s, "-")
	ip, fp, ok := strings.Cut(t, ",")
	if !ok || ip == "" || fp == "" || strings.Trim(ip+fp, "0123456789") != "" {
		return "", false
	}
	if len(fp) == 3 && len(ip) <= 3 && ip[0] != '0' {
		return "", false // thousands, or a decimal: either
	}
	return strings.Replace(s, ",", ".", 1), true
}

// notANumber reports whether a value written where a number belongs names no number
// CareKeeper can read, rather than saying something in words ("<5", "neg", "see note"):
// "NaN", an infinity, or digits with a comma that may be a decimal point or separate
// thousands ("108,863"), or with more than one point.
func notANumber(s string) bool {
	t := strings.TrimLeft(strings.TrimSpace(s), "+-")
	switch strings.ToLower(t) {
	case "nan", "inf", "infinity":
		return true
	}
	return t != "" && strings.Trim(t, "0123456789.,") == "" && strings.ContainsAny(t, "0123456789") &&
		(strings.Contains(t, ",") || strings.Count(t, ".") > 1)
}

// decimal keeps the decimal text of the source ("7.10" stays 7.10).
func decimal(text string, f float64) any {
	t := strings.TrimPrefix(text, "+")
	if strings.HasPrefix(t, ".") {
		t = "0" + t
	}
	if strings.HasPrefix(t, "-.") {
		t = "-0" + t[1:]
	}
	if strings.HasSuffix(t, ".") {
		t += "0"
	}
	if !plainDecimal(t) {
		return f
	}
	return jsonNumber(t)
}

// plainDecimal reports whether s is a JSON number without exponent: -?(0|[1-9]d*)(.d+)?
func plainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	ip, fp, hasFrac := strings.Cut(s, ".")
	if ip == "" || (len(ip) > 1 && ip[0] == '0') || (hasFrac && fp == "") {
		return false
	}
	for _, r := range ip + fp {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

type jsonNumber string

func (n jsonNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

func b64(data []byte) string { return base64.StdEncoding.EncodeToString(data) }

// dataMark is the placeholder the document's base64 takes in its DocumentReference until the
// bundle is written (spliceData): random, so no document's own text can be taken for it.
func (c *conv) dataMark() string {
	if c.mark == "" {
		var r [16]byte
		rand.Read(r[:])
		c.mark = "carekeeper-document-" + hex.EncodeToString(r[:])
	}
	return c.mark
}

// spliceData is the bundle written with data's base64 in the place of the JSON string mark
// (dataMark), in one buffer of the size it needs; the bundle as it is when mark is "" or not
// in it.
func spliceData(bundle []byte, mark string, data []byte) []byte {
	at := -1
	if mark != "" {
		at = bytes.Index(bundle, []byte(`"`+mark+`"`))
	}
	if at < 0 {
		return bytes.Clone(bundle)
	}
	rest := bundle[at+len(mark)+2:]
	n := base64.StdEncoding.EncodedLen(len(data))
	out := make([]byte, at+1+n+1+len(rest))
	copy(out, bundle[:at+1])
	base64.StdEncoding.Encode(out[at+1:], data)
	out[at+1+n] = '"'
	copy(out[at+2+n:], rest)
	return out
}

// nullFlavorReason maps a nullFlavor to a data-absent-reason code
// (C-CDA on FHIR ConceptMap CF-NullFlavorDataAbsentReason).
func nullFlavorReason(nf string) string {
	switch nf {
	case "ASKU":
		return "asked-unknown"
	case "NAV":
		return "temp-unknown"
	case "NASK":
		return "not-asked"
	case "MSK":
		return "masked"
	case "NA":
		return "not-applicable"
	case "NINF":
		return "negative-infinity"
	case "PINF":
		return "positive-infinity"
	case "OTH", "TRC":
		return "unsupported"
	case "":
		return ""
	}
	return "unknown"
}

func dataAbsent(nf string) obj {
	return obj{"coding": []any{obj{"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": nullFlavorReason(nf)}}}
}
