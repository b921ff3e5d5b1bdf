package fhirjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The four wrong types the hostile run found, and more of the same kind: each refused with
// the element's path, in every file shape.
func TestWrongTypes(t *testing.T) {
	cases := []struct {
		name, res string
		msg       string // "" = accepted
	}{
		{"birth date a number", `{"resourceType":"Patient","birthDate":5}`, "wrong JSON type: Patient.birthDate must be a string"},
		{"name a string", `{"resourceType":"Patient","name":"x"}`, "wrong JSON type: Patient.name must be a JSON array"},
		{"quantity value a string", `{"resourceType":"Observation","status":"final","code":{"text":"t"},"valueQuantity":{"value":"12","unit":"mg"}}`, "wrong JSON type: Observation.valueQuantity.value must be a number"},
		{"status an array", `{"resourceType":"Observation","status":[],"code":{"text":"t"}}`, "wrong JSON type: Observation.status must be a string"},
		{"given not a list", `{"resourceType":"Patient","name":[{"given":"Ann"}]}`, "wrong JSON type: Patient.name.given must be a JSON array"},
		{"given element a number", `{"resourceType":"Patient","name":[{"given":["Ann",7]}]}`, "wrong JSON type: Patient.name.given must be a string"},
		{"frequency a string", `{"resourceType":"MedicationRequest","dosageInstruction":[{"timing":{"repeat":{"frequency":"2"}}}]}`, "wrong JSON type: MedicationRequest.dosageInstruction.timing.repeat.frequency must be a number"},
		{"as needed a string", `{"resourceType":"MedicationRequest","dosageInstruction":[{"asNeededBoolean":"yes"}]}`, "wrong JSON type: MedicationRequest.dosageInstruction.asNeededBoolean must be true or false"},
		{"coding an object", `{"resourceType":"Condition","code":{"coding":{"code":"1"}}}`, "wrong JSON type: Condition.code.coding must be a JSON array"},
		{"reference a number", `{"resourceType":"Observation","subject":{"reference":1}}`, "wrong JSON type: Observation.subject.reference must be a string"},
		{"subject a string", `{"resourceType":"Observation","subject":"Patient/1"}`, "wrong JSON type: Observation.subject must be a JSON object"},
		{"component value", `{"resourceType":"Observation","component":[{"code":{"text":"s"},"valueQuantity":{"value":"120"}}]}`, "wrong JSON type: Observation.component.valueQuantity.value must be a number"},
		{"date in any type", `{"resourceType":"Composition","date":5}`, "wrong JSON type: Composition.date must be a string"},
		{"meta last updated", `{"resourceType":"Basic","meta":{"lastUpdated":true}}`, "wrong JSON type: Basic.meta.lastUpdated must be a string"},
		{"id a number", `{"resourceType":"Basic","id":12}`, "wrong JSON type: Basic.id must be a string"},
		{"deceased boolean a string", `{"resourceType":"Patient","deceasedBoolean":"true"}`, "wrong JSON type: Patient.deceasedBoolean must be true or false"},
		{"money a string", `{"resourceType":"Claim","total":{"value":"10.00","currency":"USD"}}`, "wrong JSON type: Claim.total.value must be a number"},
		// A date naming no day or time that exists (FHIR: "Dates SHALL be valid dates").
		{"month 13", `{"resourceType":"Observation","effectiveDateTime":"2026-13-45"}`, notDate("Observation.effectiveDateTime")},
		{"30 February", `{"resourceType":"Observation","effectiveDateTime":"2026-02-30T10:00:00+01:00"}`, notDate("Observation.effectiveDateTime")},
		{"29 February of a common year", `{"resourceType":"Condition","recordedDate":"2023-02-29"}`, notDate("Condition.recordedDate")},
		{"hour 25", `{"resourceType":"Encounter","period":{"start":"2024-01-01T25:00:00Z"}}`, notDate("Encounter.period.start")},
		{"minute 60", `{"resourceType":"Condition","onsetDateTime":"2024-01-01T10:60:00Z"}`, notDate("Condition.onsetDateTime")},
		{"zone +15:00", `{"resourceType":"Procedure","performedDateTime":"2024-01-01T10:00:00+15:00"}`, notDate("Procedure.performedDateTime")},
		{"month 00", `{"resourceType":"Immunization","occurrenceDateTime":"2024-00"}`, notDate("Immunization.occurrenceDateTime")},
		{"day 00", `{"resourceType":"MedicationRequest","authoredOn":"2024-01-00"}`, notDate("MedicationRequest.authoredOn")},
		{"words", `{"resourceType":"Observation","effectiveDateTime":"yesterday"}`, notDate("Observation.effectiveDateTime")},
		{"slashes", `{"resourceType":"Observation","effectiveDateTime":"2024/01/05"}`, notDate("Observation.effectiveDateTime")},
		{"two-digit year", `{"resourceType":"Observation","effectiveDateTime":"24-01-05"}`, notDate("Observation.effectiveDateTime")},
		{"trailing text", `{"resourceType":"Observation","effectiveDateTime":"2024-01-05 or so"}`, notDate("Observation.effectiveDateTime")},
		{"date of death", `{"resourceType":"Patient","deceasedDateTime":"2020-04-31"}`, notDate("Patient.deceasedDateTime")},
		{"abatement", `{"resourceType":"Condition","abatementDateTime":"2020-13"}`, notDate("Condition.abatementDateTime")},
		{"value a date-time", `{"resourceType":"Observation","valueDateTime":"2020-01-32"}`, notDate("Observation.valueDateTime")},
		{"component value a date-time", `{"resourceType":"Observation","component":[{"valueDateTime":"2020-01-32"}]}`, notDate("Observation.component.valueDateTime")},
		{"timing event", `{"resourceType":"MedicationRequest","dosageInstruction":[{"timing":{"event":["2024-01-01","2024-13-01"]}}]}`, notDate("MedicationRequest.dosageInstruction.timing.event")},
		{"bounds period end", `{"resourceType":"MedicationRequest","dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"end":"2024-06-31"}}}}]}`, notDate("MedicationRequest.dosageInstruction.timing.repeat.boundsPeriod.end")},
		{"last updated", `{"resourceType":"Basic","meta":{"lastUpdated":"2024-01-01T24:00:00Z"}}`, notDate("Basic.meta.lastUpdated")},
		{"escaped, still not a date", `{"resourceType":"Observation","effectiveDateTime":"2026-1\u0033-01"}`, notDate("Observation.effectiveDateTime")},
		// A number too large to keep (F230): it replaced a stored reading and could not be read.
		{"value 1e999", `{"resourceType":"Observation","valueQuantity":{"value":1e999,"unit":"mg/dL"}}`, "number too large: Observation.valueQuantity.value is beyond the largest number CareKeeper can keep (about 1.8e308)"},
		{"component value -1e400", `{"resourceType":"Observation","component":[{"valueQuantity":{"value":-1e400}}]}`, "number too large: Observation.component.valueQuantity.value is beyond the largest number CareKeeper can keep (about 1.8e308)"},
		{"value -1.0E+245 (HL7's example)", `{"resourceType":"Observation","valueQuantity":{"value":-1.000000000000000000E+245}}`, ""},
		{"value of 30 digits", `{"resourceType":"Observation","valueQuantity":{"value":123456789012345678901234567890}}`, ""},
		// Accepted: right types, null, elements not read, the shapes FHIR allows.
		{"real dates in every precision", `{"resourceType":"Observation","effectiveDateTime":"2024-02-29T23:59:60.123-14:00","issued":"2024-02-29T10:00:00Z","meta":{"lastUpdated":"2000-02-29T00:00:00+14:00"}}`, ""},
		{"a year, a month", `{"resourceType":"Condition","onsetDateTime":"2024","recordedDate":"2024-12"}`, ""},
		{"a time without its zone or seconds, as real systems write", `{"resourceType":"Encounter","period":{"start":"2024-01-01T10:00:00","end":"2024-01-01T10:30"}}`, ""},
		{"escaped digits of a real date", `{"resourceType":"Observation","effectiveDateTime":"2026-1\u0032-01"}`, ""},
		{"an empty date is absent", `{"resourceType":"Observation","effectiveDateTime":""}`, ""},
		{"a birth date naming no day: imported and said (internal/intake)", `{"resourceType":"Patient","birthDate":"1914-02-29"}`, ""},
		{"all right", `{"resourceType":"Patient","id":"p","birthDate":"1970-01-01","name":[{"given":["Ann",null],"family":"S"}],"deceasedBoolean":false}`, ""},
		{"null means absent", `{"resourceType":"Patient","birthDate":null,"name":null}`, ""},
		{"not read, not checked", `{"resourceType":"Patient","x":5,"photo":"y","extension":[{"url":"u","valueString":5}]}`, ""},
		{"organization name a string", `{"resourceType":"Organization","name":"Clinic","address":[{"city":"C"}]}`, ""},
		{"location address one object", `{"resourceType":"Location","name":"Room","address":{"city":"C"}}`, ""},
		{"identifier one object", `{"resourceType":"Bundle","identifier":{"system":"s","value":"v"}}`, ""},
		{"identifier a list", `{"resourceType":"Patient","identifier":[{"system":"s","value":"v"}]}`, ""},
		{"issued as epoch milliseconds", `{"resourceType":"Observation","issued":1120521600000}`, ""},
		{"contained not checked", `{"resourceType":"Observation","contained":[{"resourceType":"Patient","birthDate":5}]}`, ""},
	}
	wrap := map[string]func(string) string{
		"alone": func(r string) string { return r },
		"bundle": func(r string) string {
			return `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic"}},{"resource":` + r + `}]}`
		},
		"ndjson": func(r string) string { return `{"resourceType":"Basic"}` + "\n" + r + "\n" },
	}
	for _, c := range cases {
		for shape, w := range wrap {
			t.Run(c.name+"/"+shape, func(t *testing.T) {
				_, err := ParseFile([]byte(w(c.res)))
				if c.msg == "" {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				var e *Error
				if !errors.As(err, &e) || e.Msg != c.msg {
					t.Fatalf("got %v, want %q", err, c.msg)
				}
				if shape != "alone" && e.Entry != 2 {
					t.Errorf("entry %d, want 2", e.Entry)
				}
			})
		}
		// Summarize also reads what a vault holds: a stored record whose date names no day
		// (stored before dates were checked) still reads; wrong types are refused.
		refused := c.msg != "" && !strings.HasPrefix(c.msg, "not a real date: ")
		if _, err := Summarize([]byte(c.res)); (err != nil) != refused {
			t.Errorf("%s: Summarize: %v", c.name, err)
		}
		// A portal's resource about to be stored is refused as a file's is, with its words.
		if _, err := SummarizeIncoming([]byte(c.res)); (err != nil) != (c.msg != "") {
			t.Errorf("%s: SummarizeIncoming: %v", c.name, err)
		} else if e := (*Error)(nil); err != nil && (!errors.As(err, &e) || e.Msg != c.msg) {
			t.Errorf("%s: SummarizeIncoming: %v, want %q", c.name, err, c.msg)
		}
	}
}

// typeRefused counts the documents checkFile saw refused for a wrong type.
var typeRefused int

// wrongTypes is the independent check: it decodes each resource with encoding/json and walks
// the shapes over the decoded values. It returns a description of the wrong elements ("" if
// none).
func wrongTypes(tb testing.TB, resources []json.RawMessage) string {
	var bad []string
	for _, r := range resources {
		m, ok := decodeAny(tb, r).(map[string]any)
		if !ok {
			continue
		}
		typ, _ := m["resourceType"].(string)
		f, ok := typeShapes[typ]
		if !ok {
			f = commonShapes
		}
		wrongFields(m, f, typ, &bad)
	}
	sort.Strings(bad)
	return strings.Join(bad, ", ")
}

func wrongFields(m map[string]any, f fields, path string, bad *[]string) {
	for k, sh := range f {
		if v, ok := m[k]; ok && v != nil {
			wrongElem(v, sh, path+"."+k, bad)
		}
	}
}

func wrongElem(v any, sh *shape, path string, bad *[]string) {
	if a, ok := v.([]any); ok && (sh.array || sh.either) {
		for _, x := range a {
			if x != nil {
				wrongSingle(x, sh, path, bad)
			}
		}
		return
	}
	if sh.array && !sh.either {
		*bad = append(*bad, path)
		return
	}
	wrongSingle(v, sh, path, bad)
}

func wrongSingle(v any, sh *shape, path string, bad *[]string) {
	ok := false
	switch sh.kind {
	case jString:
		_, ok = v.(string)
	case jNumber:
		_, ok = v.(float64)
		if !ok {
			_, ok = v.(json.Number)
		}
	case jBool:
		_, ok = v.(bool)
	case jDate:
		var d string
		d, ok = v.(string)
		ok = ok && realDateOracle(d)
	case jObject:
		var m map[string]any
		if m, ok = v.(map[string]any); ok {
			wrongFields(m, sh.sub, path, bad)
		}
	}
	if !ok {
		*bad = append(*bad, path)
	}
}

func notDate(path string) string {
	return "not a real date: " + path + " names no day or time that exists (FHIR writes YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+hh:mm)"
}

// FuzzCheckTypes: the type walker over compact bytes agrees with the independent walk over
// encoding/json's decoding, for any valid JSON object.
func FuzzCheckTypes(f *testing.F) {
	addSeeds(f, true)
	f.Add([]byte(`{"resourceType":"Patient","birthDate":5}`))
	f.Add([]byte(`{"resourceType":"Observation","valueQuantity":{"value":"12"},"status":[]}`))
	for _, d := range []string{"2026-13-45", "2023-02-29", "2024-02-29T23:59:60.5+14:00", "2024-01-01T24:00:00Z", "2024-01-01T10:00", "2024-01-01T10:00:00.Z", "1999", "2024-1-01", "2026-1\\u0032-01"} {
		f.Add([]byte(`{"resourceType":"Observation","effectiveDateTime":"` + d + `","component":[{"valueDateTime":"` + d + `"}]}`))
		f.Add([]byte(`{"resourceType":"Patient","birthDate":"` + d + `","meta":{"lastUpdated":"` + d + `"}}`))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) || hasDupKeys(data) {
			return
		}
		var c bytes.Buffer
		json.Compact(&c, data)
		m, ok := decodeAny(t, c.Bytes()).(map[string]any)
		if !ok {
			return
		}
		typ, _ := m["resourceType"].(string)
		got := checkTypes(typ, c.Bytes())
		want := wrongTypes(t, []json.RawMessage{c.Bytes()})
		if (got != "") != (want != "") {
			t.Fatalf("checkTypes says %q, encoding/json walk says %q", got, want)
		}
	})
}

var datePattern = regexp.MustCompile(`^(\d{4})(-(\d{2})(-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))?)?)?)?$`)

// realDateOracle is RealDate written another way: a pattern, then time.Parse for the day.
func realDateOracle(s string) bool {
	if s == "" {
		return true
	}
	m := datePattern.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	switch {
	case m[3] == "":
		return true
	case m[5] == "":
		_, err := time.Parse("2006-01", s)
		return err == nil
	}
	if _, err := time.Parse("2006-01-02", s[:10]); err != nil {
		return false
	}
	return n(7) <= 23 && n(8) <= 59 && n(10) <= 60 && n(13) <= 14 && n(14) <= 59
}

// FuzzLeapSecondAs59: every dateTime with seconds and a zone RealDate takes reads with Go's
// time package once a leap second is read as :59 (F40: 23:59:60 was taken and then unreadable).
func FuzzLeapSecondAs59(f *testing.F) {
	for _, s := range []string{"2016-12-31T23:59:60Z", "2016-12-31T23:59:60.5+13:00", "2024-01-01T10:00:00Z", "2024-02-29", "2023-06-30T23:59:60-07:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		zoned := strings.HasSuffix(s, "Z") || len(s) > 25 && (s[len(s)-6] == '+' || s[len(s)-6] == '-')
		if !RealDate([]byte(s)) || len(s) < 20 || s[16] != ':' || !zoned {
			if len(s) < 19 && LeapSecondAs59(s) != s {
				t.Fatalf("%q changed", s)
			}
			return
		}
		got := LeapSecondAs59(s)
		if _, err := time.Parse(time.RFC3339Nano, got); err != nil {
			t.Fatalf("%q (from %q): %v", got, s, err)
		}
		if got != s && (s[17:19] != "60" || got[17:19] != "59" || got[:17] != s[:17] || got[19:] != s[19:]) {
			t.Fatalf("%q -> %q", s, got)
		}
	})
}
