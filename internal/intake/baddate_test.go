package intake

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/shc/shctest"
	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// An impossible date (2026-13-45) in a file to import, by format: a FHIR file or a health
// card is refused with one line naming the element, the vault unchanged; a C-CDA document keeps
// its entry without the date and says so; an Apple Health sample is skipped and said.
func TestImpossibleDates(t *testing.T) {
	opt := Options{Options: cksync.Options{Now: clock}}
	bundle := func(birth, when string) []byte {
		return []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Quintero","given":["Rosa"]}],"birthDate":"` + birth + `"}},
{"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Heart rate"},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"` + when + `","valueQuantity":{"value":64,"unit":"/min"}}}]}`)
	}
	card := func(from, to string) []byte {
		b := bytes.Replace(shctest.Bundle(t, "covid-vaccines-bundle.json"), []byte(from), []byte(to), 1)
		return shctest.File(shctest.Sign(t, shctest.ExampleKey(t), b, shctest.Claims{Nbf: now.Add(-1e9)}))
	}
	refused := []struct {
		name, file string
		data       []byte
		says       string
	}{
		{"FHIR effectiveDateTime month 13", "obs.json", bundle("1957-06-14", "2026-13-45"), "Observation.effectiveDateTime"},
		{"FHIR 30 February with a time", "obs.json", bundle("1957-06-14", "2026-02-30T10:00:00+01:00"), "Observation.effectiveDateTime"},
		{"NDJSON", "obs.ndjson", []byte(`{"resourceType":"Patient","id":"p1","birthDate":"1957-06-14"}` + "\n" + `{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"},"onsetDateTime":"2024-04-31"}` + "\n"), "Condition.onsetDateTime"},
		{"health card", "card.smart-health-card", card(`"2021-01-29"`, `"2021-01-32"`), "Immunization.occurrenceDateTime"},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			v := newVault(t)
			if _, err := importPath(t, v, write(t, "ok.json", bundle("1957-06-14", "2026-01-05")), opt); err != nil {
				t.Fatal(err)
			}
			before := vaultRecords(t, v)
			_, err := importPath(t, v, write(t, c.file, c.data), opt)
			if err == nil {
				t.Fatal("imported")
			}
			msg := err.Error()
			if !strings.Contains(msg, "not a real date: "+c.says+" names no day or time that exists") || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line naming %s", msg, c.says)
			}
			for _, private := range []string{"2026-13-45", "1957", "Rosa", "Quintero", "2021-01-32"} {
				if strings.Contains(msg, private) {
					t.Errorf("the error says the file's %q: %s", private, msg)
				}
			}
			if after := vaultRecords(t, v); after != before {
				t.Errorf("the vault changed:\n%s\nwas\n%s", after, before)
			}
		})
	}

	t.Run("FHIR birth date", func(t *testing.T) {
		// Kept as the file gives it and said, as a birth date after today is; the people list
		// shows it as "not a real date (…)".
		s, err := importPath(t, newVault(t), write(t, "obs.json", bundle("1957-13-45", "2026-01-05")), opt)
		if err != nil {
			t.Fatal(err)
		}
		if d := s.Describe(); !strings.Contains(d, "the file's birth date (1957-13-45) names no real day: kept as the file gives it") {
			t.Errorf("Describe() = %q", d)
		}
		if b, _ := json.Marshal(s); !strings.Contains(string(b), `"birth_date_not_a_date":"1957-13-45"`) {
			t.Errorf("--json: %s", b)
		}
	})

	// Year 0000 (not a FHIR year) is no date either, and an offset past ±14:00 is no offset:
	// they refused the whole document once FHIR's reader refused them (F175).
	for _, spoilt := range []string{"20051345171504-0500", "00000329171504-0500", "20050329171504+1430"} {
		t.Run("C-CDA "+spoilt, func(t *testing.T) {
			doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/Progress Note/Progress_Note.xml"))
			bad := bytes.Replace(doc, []byte(`<effectiveTime value="20050329171504-0500"/>`), []byte(`<effectiveTime value="`+spoilt+`"/>`), 1)
			if bytes.Equal(bad, doc) {
				t.Fatal("the example changed: no date to spoil")
			}
			good, err := importPath(t, newVault(t), write(t, "ccd.xml", doc), opt)
			if err != nil {
				t.Fatal(err)
			}
			s, err := importPath(t, newVault(t), write(t, "ccd.xml", bad), opt)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(spoilt, "+1430") {
				// Not a FHIR offset: the time is read on the document's clock, as one without
				// its zone is.
				if s.Made["Observation"] != good.Made["Observation"] {
					t.Errorf("made %v, the good document %v", s.Made, good.Made)
				}
				return
			}
			if d := s.Describe(); !strings.Contains(d, "1 date naming no real day or time left out (the entry kept without it)") {
				t.Errorf("Describe() = %q", d)
			}
			if s.Made["Observation"]+s.Made["Condition"]+s.Made["Procedure"] != good.Made["Observation"]+good.Made["Condition"]+good.Made["Procedure"] {
				t.Errorf("made %v, the good document %v: an entry was lost", s.Made, good.Made)
			}
			b, _ := json.Marshal(s)
			if !strings.Contains(string(b), `{"what":"date","reason":"names no real day or time: left out, its entry kept","count":1}`) {
				t.Errorf("--json: %s", b)
			}
		})
	}

	t.Run("Apple Health", func(t *testing.T) {
		v := newVault(t)
		p, err := v.AddProfile("Rosa", "1957-06-14")
		if err != nil {
			t.Fatal(err)
		}
		xml := `<HealthData locale="en_NZ"><ExportDate value="2026-12-03 21:14:09 +1300"/><Me/>` +
			`<Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" startDate="2026-13-45 09:00:00 +1300" endDate="2026-13-45 09:00:00 +1300" value="64"/>` +
			`<Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" startDate="0000-12-02 09:00:00 +1300" endDate="0000-12-02 09:00:00 +1300" value="65"/>` +
			`<Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" startDate="2026-12-01 09:00:00 +1430" endDate="2026-12-01 09:00:00 +1430" value="67"/>` +
			`<Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" startDate="2026-12-02 09:00:00 +1300" endDate="2026-12-02 09:00:00 +1300" value="66"/></HealthData>`
		popt := opt
		popt.Profile = p.ID
		s, err := importPath(t, v, write(t, "export.xml", []byte(xml)), popt)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(s.Skipped)
		// Year 0000 and an offset past ±14:00 are no FHIR date: skipped the same way (F175).
		if s.Made["Observation"] != 1 || !strings.Contains(string(b), `"reason":"unreadable value, unit or date","count":3`) {
			t.Errorf("made %v, skipped %s", s.Made, b)
		}
	})
}

// vaultRecords is every record of the vault as --json lists them, one a line, sorted.
func vaultRecords(t *testing.T, v *storage.Vault) string {
	t.Helper()
	var lines []string
	err := v.Records(ctx, storage.Query{}, func(r *storage.Record) error {
		lines = append(lines, r.ID.String()+" "+string(r.Resource))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
