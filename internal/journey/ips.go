package journey

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
)

// LOINC codes of the International Patient Summary document and its sections.
const (
	LOINCPatientSummary = "60591-5"
	LOINCProblems       = "11450-4"
	LOINCMedications    = "10160-0"
	LOINCAllergies      = "48765-2"
	LOINCImmunizations  = "11369-6"
	LOINCResults        = "30954-2"
	LOINCVitalSigns     = "8716-3"
	LOINCReviewSystems  = "10187-3" // the check-ins
	LOINCReasonForVisit = "29299-5" // the questions for the doctor
)

// uuidFrom is a name-based UUID (SHA-256, version 5 layout) of parts: the same record gets the
// same fullUrl in every summary, so importing two summaries does not duplicate it.
func uuidFrom(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	x := hex.EncodeToString(b)
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// listedRecords are the records other than observations the Bundle may list (their
// resources are what Bundle reads of them): the Patient, and the records of the problems,
// medicines (the first record of each and the Medications it links to), allergies,
// immunizations and check-ins. Bundle's sections must list no other.
func (s *Summary) listedRecords() []health.Key {
	var keys []health.Key
	if s.patient != nil {
		keys = append(keys, s.patient.Key)
	}
	for _, c := range s.Problems {
		keys = append(keys, c.Key)
	}
	for _, m := range s.Medicines {
		if len(m.Records) == 0 {
			continue
		}
		keys = append(keys, m.Records[0])
		if r := s.data.Set.Get(m.Records[0]); r != nil {
			for _, l := range r.Links {
				if l.Type == "Medication" {
					keys = append(keys, l)
				}
			}
		}
	}
	for _, list := range [][]SummaryItem{s.Allergies, s.Immunizations} {
		for _, it := range list {
			keys = append(keys, it.Key)
		}
	}
	for _, c := range s.CheckIns {
		keys = append(keys, key(c.ID))
	}
	return keys
}

type ipsEntry struct {
	FullURL  string `json:"fullUrl"`
	Resource any    `json:"resource"`
}

type bundler struct {
	s   *Summary
	set *health.Set
	// obs, when set has no observations (BuildSummary), are the observations the sections
	// list and those a reference may find instead (obsIndex); nil when set has them.
	obs  *obsIndex
	urls map[health.Key]string // included record of set -> fullUrl
	// order is the included records in order: i >= 0 is obs.list[i], i < 0 is setOrder[-i-1].
	order    []int32
	setOrder []health.Key
	patient  *ipsEntry // the Patient made from the profile, when the person has no Patient record
	// ended are the medicine records the summary says are no longer taken, with the status
	// their entry takes and why (medStatus): a record still "active" would tell the system
	// reading the Bundle the opposite of the section's own text (F359).
	ended map[health.Key]endedMed
}

// endedMed is what a medicine's entry says of a course the summary says ended.
type endedMed struct{ status, reason string }

// medStatus is the FHIR status of a medicine the summary says is no longer taken, and the
// reason in words (medicineNote's): "stopped" for one the person stopped or that ran until a
// death, "completed" for a course that ended; ok is false for one still taken or to confirm.
func medStatus(m health.Medication, death health.Death) (endedMed, bool) {
	note := strings.TrimSuffix(strings.TrimPrefix(medicineNote(m, death), " ("), ")")
	switch {
	case m.State == health.MedStopped:
		return endedMed{"stopped", "CareKeeper: " + note}, true
	case m.State != health.MedPast:
		return endedMed{}, false
	case m.AtDeath || strings.HasPrefix(note, "until death"):
		return endedMed{"stopped", "CareKeeper: " + note}, true
	}
	return endedMed{"completed", "CareKeeper: " + note}, true
}

// markEnded sets the status of a medicine record the summary says ended, when the record still
// says it is taken (active, on hold, intended), and says why in its statusReason — the record's
// own status otherwise stands.
func (b *bundler) markEnded(k health.Key, res map[string]any) {
	e, ok := b.ended[k]
	if !ok {
		return
	}
	switch res["status"] {
	case "active", "on-hold", "intended", "draft", "unknown", nil:
	default:
		return
	}
	res["status"] = e.status
	reason := map[string]any{"text": e.reason}
	if res["resourceType"] == "MedicationStatement" {
		res["statusReason"] = []any{reason} // 0..* there, 0..1 on a MedicationRequest
	} else {
		res["statusReason"] = reason
	}
}

func recordURL(k health.Key) string { return "urn:uuid:" + uuidFrom(k.Source, k.Type, k.ID) }

func (b *bundler) include(k health.Key) string {
	if b.obs != nil {
		if i := b.obs.find(k); i >= 0 {
			e := &b.obs.list[i]
			if !e.found() {
				return "" // not among the person's observations
			}
			if !e.in() {
				e.run |= entryIn
				b.order = append(b.order, int32(i))
			}
			return recordURL(k)
		}
	}
	if u, ok := b.urls[k]; ok {
		return u
	}
	if b.set.Get(k) == nil {
		return ""
	}
	u := recordURL(k)
	b.urls[k] = u
	b.order = append(b.order, -int32(len(b.setOrder))-1)
	b.setOrder = append(b.setOrder, k)
	return u
}

// url is the fullUrl of an included record, or "".
func (b *bundler) url(k health.Key) string {
	if b.obs != nil {
		if i := b.obs.find(k); i >= 0 && b.obs.list[i].in() {
			return recordURL(k)
		}
	}
	return b.urls[k]
}

// Bundle returns the summary as a FHIR R4 document Bundle in the shape of the International
// Patient Summary: a Composition (LOINC 60591-5) with its sections, the Patient, and every
// resource the sections list. Every reference inside points into the Bundle (urn:uuid
// fullUrls); references to records left out keep only their display text.
func (s *Summary) Bundle() ([]byte, error) {
	var buf bytes.Buffer
	if err := s.WriteBundle(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteBundle writes the summary's IPS Bundle (Bundle) to w.
func (s *Summary) WriteBundle(w io.Writer) error {
	b := &bundler{s: s, set: s.data.Set, urls: map[health.Key]string{}, ended: map[health.Key]endedMed{}}
	for _, m := range s.Medicines {
		if e, ok := medStatus(m.Medication, s.Death); ok && len(m.Records) > 0 {
			b.ended[m.Records[0]] = e
		}
	}
	if s.observations != nil {
		// The observations the sections list: their keys, not their resources, until each
		// is written.
		var err error
		if b.obs, err = s.observations.index(s); err != nil {
			return err
		}
	}
	// The Patient: the person's record, or one made from the profile.
	var patientURL string
	if s.patient != nil {
		patientURL = b.include(s.patient.Key)
	} else {
		id := uuidFrom("profile", s.Profile)
		patientURL = "urn:uuid:" + id
		p := map[string]any{"resourceType": "Patient", "id": id, "name": []map[string]string{{"text": s.Name}}}
		if s.BirthDate != "" {
			p["birthDate"] = s.BirthDate
		}
		b.patient = &ipsEntry{FullURL: patientURL, Resource: p}
	}
	type section struct {
		title, code string
		items       []string // narrative lines
		keys        iter.Seq[health.Key]
		refs        int // of keys, the included records (each time a key is given)
		required    bool
	}
	var secs []section
	addSeq := func(sec section, keys iter.Seq[health.Key]) {
		for k := range keys {
			if u := b.include(k); u != "" {
				sec.refs++
			}
		}
		sec.keys = keys
		if len(sec.items) > 0 || sec.required {
			secs = append(secs, sec)
		}
	}
	add := func(sec section, keys []health.Key) { addSeq(sec, slices.Values(keys)) }
	var keys []health.Key
	var lines []string
	for _, c := range s.Problems {
		keys = append(keys, c.Key)
		state := strings.ToLower(c.State(s.Death)) // "current", or "until death" (health.Condition.State)
		if state == "past" {                       // a resolution after a death is no resolution: "until death" (F102)
			state = strings.TrimSpace("resolved " + c.Abated)
			if c.EndsBeforeStart() {
				state = "resolved; the record's end, " + c.Abated + ", is before its start" // F205
			}
		}
		if c.Unconfirmed {
			state += ", not confirmed" // a diagnosis being looked into, as the PDF says (F160)
		}
		since := "since " + orDash(c.Onset)
		if c.OnsetWords != "" {
			since = c.Since() // "since age 7", "in childhood" (F229)
		}
		lines = append(lines, fmt.Sprintf("%s, %s (%s)", c.Name, since, state))
	}
	add(section{title: "Problems", code: LOINCProblems, items: lines, required: true}, keys)

	keys, lines = nil, nil
	for _, m := range s.Medicines {
		if len(m.Records) == 0 {
			continue
		}
		k := m.Records[0]
		keys = append(keys, k)
		if r := b.set.Get(k); r != nil {
			for _, l := range r.Links {
				if l.Type == "Medication" {
					keys = append(keys, l)
				}
			}
		}
		line := m.Name
		if w := m.HowWords(); w != "" {
			line += ": " + w
		}
		line += medicineNote(m.Medication, s.Death) + m.StartNote()
		if t := m.Adherence; t != nil {
			line += fmt.Sprintf(" (doses %s: %d of %d taken on time, %d late, %d skipped, %d not marked%s)", s.dosesCounted(t), t.OnTime, t.Scheduled, t.Late, t.Skipped, t.Missed, s.givenTwice(t, "; "))
		}
		lines = append(lines, line)
	}
	add(section{title: "Medicines", code: LOINCMedications, items: lines, required: true}, keys)

	keys, lines = nil, nil
	for _, a := range s.Allergies {
		keys = append(keys, a.Key)
		lines = append(lines, strings.TrimSuffix(a.Name+": "+a.Detail, ": "))
	}
	add(section{title: "Allergies and intolerances", code: LOINCAllergies, items: lines, required: true}, keys)

	keys, lines = nil, nil
	for _, im := range s.Immunizations {
		keys = append(keys, im.Key)
		day := im.Date
		if day == "" {
			day = dateUnknown
		}
		line := day + ": " + im.Name
		if im.Detail != "" {
			line += " (" + im.Detail + ")"
		}
		lines = append(lines, line)
	}
	add(section{title: "Immunizations", code: LOINCImmunizations, items: lines}, keys)

	seriesSection := func(title, code string, list []SummarySeries, text []SummaryText) {
		// The keys are not copied: a section may list 100,000 readings.
		keys := func(yield func(health.Key) bool) {
			for _, se := range list {
				for i := range se.Points.Len() {
					if !yield(se.Points.Key(i)) {
						return
					}
				}
			}
			for _, st := range text {
				for _, k := range st.Keys {
					if !yield(k) {
						return
					}
				}
			}
		}
		var lines []string
		for _, se := range list {
			last := se.Points.At(se.Points.Len() - 1)
			// dated as precisely as the record dates it: "in 2023-10", never a made-up day
			on := "on " + last.In(s.Loc).Format("2006-01-02")
			switch last.Precision {
			case fhirjson.PrecisionYear:
				on = "in " + last.T.UTC().Format("2006")
			case fhirjson.PrecisionMonth:
				on = "in " + last.T.UTC().Format("2006-01")
			}
			line := fmt.Sprintf("%s: %s %s", se.PlainName(), pointValue(se.Series, last), on)
			if t := se.Trend(s.Loc); t != "" {
				line += " (" + t + ")"
			}
			lines = append(lines, line)
		}
		for _, st := range text {
			lines = append(lines, textResultLine(st, s.Loc))
		}
		addSeq(section{title: title, code: code, items: lines}, keys)
	}
	seriesSection("Results", LOINCResults, s.Results, s.TextResults)
	seriesSection("Home measurements", LOINCVitalSigns, s.Home, nil)

	keys, lines = nil, nil
	for _, c := range s.CheckIns {
		keys = append(keys, key(c.ID))
		t := s.CheckInTitles[c.Slug]
		line := fmt.Sprintf("%s, %s: severity %d of 10", c.At.In(s.Loc).Format("2006-01-02"), orDash(t), c.Severity)
		if len(c.Symptoms) > 0 {
			line += "; " + strings.Join(c.Symptoms, ", ")
		}
		if c.Note != "" {
			line += "; note: " + c.Note
		}
		lines = append(lines, line)
	}
	add(section{title: "Symptom check-ins", code: LOINCReviewSystems, items: lines}, keys)
	add(section{title: "Questions for the doctor", code: LOINCReasonForVisit, items: s.Questions}, nil)

	compID := uuidFrom("composition", s.Profile, s.From.UTC().Format(time.RFC3339), s.To.UTC().Format(time.RFC3339), s.Generated.UTC().Format(time.RFC3339Nano))
	// A section's entries are written into the Composition as they are made (entryWriter.
	// composition): a marker stands for them in the map encoding/json writes.
	marker := "carekeeper-section-entries-" + rand.Text() + "-"
	var sections []map[string]any
	for i, sec := range secs {
		m := map[string]any{
			"title": sec.title,
			"code":  map[string]any{"coding": []map[string]string{{"system": health.LOINC, "code": sec.code}}},
			"text":  map[string]string{"status": "generated", "div": narrative(sec.items)},
		}
		if sec.refs > 0 {
			m["entry"] = marker + strconv.Itoa(i)
		} else if len(sec.items) == 0 {
			m["emptyReason"] = map[string]any{"coding": []map[string]string{{
				"system": "http://terminology.hl7.org/CodeSystem/list-empty-reason", "code": "unavailable", "display": "Unavailable"}}}
		}
		sections = append(sections, m)
	}
	comp := map[string]any{
		"resourceType": "Composition",
		"id":           compID,
		"status":       "final",
		"type":         map[string]any{"coding": []map[string]string{{"system": health.LOINC, "code": LOINCPatientSummary, "display": "Patient summary Document"}}},
		"subject":      map[string]string{"reference": patientURL},
		"date":         s.Generated.UTC().Format(time.RFC3339),
		"author":       []map[string]string{{"reference": patientURL}},
		"title":        "Patient summary",
		"event": []map[string]any{{
			"code":   []map[string]any{{"coding": []map[string]string{{"system": "http://terminology.hl7.org/CodeSystem/v3-ActClass", "code": "PCPR"}}}},
			"period": map[string]string{"start": s.From.Format(time.RFC3339), "end": s.To.Format(time.RFC3339)},
		}},
		"section": sections,
	}
	bundleID := uuidFrom("bundle", compID)
	// The Bundle is written as encoding/json writes it whole (keys in order, one space a
	// level), an entry at a time: each included record is read, rewritten and written before
	// the next, so that a summary listing tens of thousands of results holds one of them.
	bw := bufio.NewWriterSize(w, 64<<10)
	e := entryWriter{w: bw}
	bw.WriteString("{\n \"entry\": [\n  ")
	e.composition(ipsEntry{FullURL: "urn:uuid:" + compID, Resource: comp}, marker, func(i int, ref func(string)) {
		for k := range secs[i].keys {
			if u := b.url(k); u != "" {
				ref(u)
			}
		}
	})
	if b.patient != nil {
		e.write(*b.patient)
	}
	// The included records, with references rewritten into the Bundle.
	for i := 0; i < len(b.order) && e.err == nil; {
		if o := b.order[i]; o < 0 {
			k := b.setOrder[-o-1]
			res, err := b.rewrite(b.set.Get(k))
			if err != nil {
				return err
			}
			e.write(ipsEntry{FullURL: b.urls[k], Resource: res})
			i++
			continue
		}
		// A run of observations, read from the vault a window at a time.
		j := i
		for j < len(b.order) && b.order[j] >= 0 && j-i < obsWindow {
			j++
		}
		if err := s.observations.read(b.obs, b.order[i:j], func(r *health.Resource) error {
			res, err := b.rewrite(r)
			if err != nil {
				return err
			}
			e.write(ipsEntry{FullURL: recordURL(r.Key), Resource: res})
			return e.err
		}); err != nil && e.err == nil {
			return err
		}
		i = j
	}
	bw.WriteString("\n ],")
	e.rest(map[string]any{
		"id":           bundleID,
		"identifier":   map[string]string{"system": "urn:ietf:rfc:3986", "value": "urn:uuid:" + bundleID},
		"type":         "document",
		"timestamp":    s.Generated.UTC().Format(time.RFC3339),
		"resourceType": "Bundle",
	})
	if e.err == nil {
		e.err = bw.Flush()
	}
	if e.err != nil {
		return fmt.Errorf("writing the summary: %w", e.err)
	}
	return nil
}

// entryWriter writes a document Bundle's entries and then its other keys, byte for byte as
// encoding/json (no HTML escaping, indented by one space) writes the whole Bundle, whose keys
// come in order: "entry" first.
type entryWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	n   int // entries written
	err error
}

// write writes one entry of the "entry" array.
func (e *entryWriter) write(entry ipsEntry) {
	if e.err != nil {
		return
	}
	if e.n > 0 {
		e.w.WriteString(",\n  ")
	}
	e.n++
	e.buf.Reset()
	enc := json.NewEncoder(&e.buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", " ") // the entries are two levels in
	if e.err = enc.Encode(entry); e.err == nil {
		_, e.err = e.w.Write(bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")))
	}
}

// composition writes the Composition's entry (write) with each section's entries in place of
// its marker: the marker followed by the section's number stands for the section's "entry"
// array, whose references entries gives one at a time. Byte for byte what encoding/json writes
// of the sections with their arrays of {"reference": URL}.
func (e *entryWriter) composition(entry ipsEntry, marker string, entries func(section int, ref func(url string))) {
	if e.err != nil {
		return
	}
	if e.n > 0 {
		e.w.WriteString(",\n  ")
	}
	e.n++
	e.buf.Reset()
	enc := json.NewEncoder(&e.buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", " ")
	if e.err = enc.Encode(entry); e.err != nil {
		return
	}
	out := bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))
	for {
		at := bytes.Index(out, []byte(`"entry": "`+marker))
		if at < 0 {
			break
		}
		rest := out[at+len(`"entry": "`+marker):]
		end := bytes.IndexByte(rest, '"')
		sec := -1
		if end >= 0 {
			sec, _ = strconv.Atoi(string(rest[:end]))
		}
		if sec < 0 {
			e.err = fmt.Errorf("writing the summary: a section's entries are lost")
			return
		}
		indent := out[bytes.LastIndexByte(out[:at], '\n')+1 : at] // the key's line: its indent
		e.w.Write(out[:at])
		e.w.WriteString(`"entry": [`)
		n := 0
		entries(sec, func(u string) {
			if n > 0 {
				e.w.WriteByte(',')
			}
			n++
			e.w.WriteByte('\n')
			e.w.Write(indent)
			e.w.WriteString(" {\n")
			e.w.Write(indent)
			e.w.WriteString(`  "reference": `)
			e.w.Write(jsonString(u))
			e.w.WriteByte('\n')
			e.w.Write(indent)
			e.w.WriteString(" }")
		})
		e.w.WriteByte('\n')
		e.w.Write(indent)
		e.w.WriteByte(']')
		out = rest[end+1:]
	}
	_, e.err = e.w.Write(out)
}

// jsonString is s as encoding/json writes it without HTML escaping.
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// rest writes the Bundle's keys after "entry" (all of them sort after it) and closes it.
func (e *entryWriter) rest(keys map[string]any) {
	if e.err != nil {
		return
	}
	e.buf.Reset()
	enc := json.NewEncoder(&e.buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if e.err = enc.Encode(keys); e.err == nil {
		_, e.err = e.w.Write(bytes.TrimPrefix(e.buf.Bytes(), []byte("{")))
	}
}

func narrative(items []string) string {
	var sb strings.Builder
	sb.WriteString(`<div xmlns="http://www.w3.org/1999/xhtml">`)
	if len(items) == 0 {
		sb.WriteString("<p>No information.</p>")
	} else {
		sb.WriteString("<ul>")
		for _, it := range items {
			sb.WriteString("<li>" + html.EscapeString(it) + "</li>")
		}
		sb.WriteString("</ul>")
	}
	sb.WriteString("</div>")
	return sb.String()
}

// rewrite returns a record's resource with its id set to its Bundle uuid and every reference
// pointed into the Bundle (or, for records left out, reduced to its display).
func (b *bundler) rewrite(r *health.Resource) (any, error) {
	if r.JSON == nil {
		// BuildSummary let it go: listedRecords does not name it
		return nil, fmt.Errorf("writing the summary: a %s record is not at hand", r.Type)
	}
	dec := json.NewDecoder(bytes.NewReader(r.JSON))
	dec.UseNumber()
	var res map[string]any
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("reading a record for the summary: %w", err)
	}
	res["id"] = strings.TrimPrefix(b.url(r.Key), "urn:uuid:")
	delete(res, "meta")
	b.markEnded(r.Key, res)
	b.walk(r, res, true)
	return res, nil
}

func (b *bundler) walk(from *health.Resource, v any, top bool) {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["reference"].(string); ok && !top {
			switch {
			case strings.HasPrefix(ref, "#"):
			default:
				if target, ok := b.resolve(from, ref); ok {
					if u := b.url(target); u != "" {
						x["reference"] = u
						break
					}
				}
				delete(x, "reference")
				if _, ok := x["display"]; !ok {
					x["display"] = "not included in this summary"
				}
			}
		}
		for k, c := range x {
			if k == "contained" {
				continue // contained resources refer to each other with '#'
			}
			b.walk(from, c, false)
		}
	case []any:
		for _, c := range x {
			b.walk(from, c, false)
		}
	}
}
