package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bundleFile writes a FHIR collection Bundle of a patient and resources (JSON objects) and
// returns its path.
func bundleFile(t *testing.T, resources ...string) string {
	t.Helper()
	entries := []string{`{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Tester","given":["Robin"]}],"birthDate":"1970-01-01"}}`}
	for i, r := range resources {
		entries = append(entries, `{"fullUrl":"urn:uuid:r`+string(rune('a'+i))+`","resource":`+r+`}`)
	}
	path := filepath.Join(t.TempDir(), "bundle.json")
	if err := os.WriteFile(path, []byte(`{"resourceType":"Bundle","type":"collection","entry":[`+strings.Join(entries, ",")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func observation(id, code, at, value string) string {
	return `{"resourceType":"Observation","id":"` + id + `","status":"final","subject":{"reference":"urn:uuid:p1"},` +
		`"code":{"coding":[{"system":"http://loinc.org","code":"` + code + `"}]},"effectiveDateTime":"` + at + `",` + value + `}`
}

type resultSeries struct {
	Code, Name, ShortName, Unit string
	Values                      []struct {
		At       string
		Value    float64
		Original *struct {
			Value float64
			Unit  string
		}
	}
	Text []struct{ At, Text, Flag string }
}

// results --profile ID --json: weights in lb and kg are one series in the newest unit, the
// converted reading keeping the value as written.
func TestResultsConvertedUnits(t *testing.T) {
	r := in(newVault(t))
	file := bundleFile(t,
		observation("w1", "29463-7", "2024-01-05", `"valueQuantity":{"value":172,"unit":"lb","system":"http://unitsofmeasure.org","code":"[lb_av]"}`),
		observation("w2", "29463-7", "2024-03-05", `"valueQuantity":{"value":77.9,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}`),
	)
	r.run(t, "import", file).ok(t)
	id := profileIDs(t, r)["Robin"]
	out := r.run(t, "results", "--json", "--profile", id).ok(t).stdout
	var series []resultSeries
	if err := json.Unmarshal([]byte(out), &series); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(series) != 1 || series[0].Unit != "kg" || len(series[0].Values) != 2 {
		t.Fatalf("series: %s", out)
	}
	v := series[0].Values
	if v[0].Value != 78.01788764 || v[0].Original == nil || v[0].Original.Value != 172 || v[0].Original.Unit != "lb" || v[1].Original != nil {
		t.Errorf("values: %s", out)
	}
	if text := r.run(t, "results", "--profile", id).ok(t).stdout; !strings.Contains(text, "77.9 kg") || !strings.Contains(text, "2 readings") {
		t.Errorf("text:\n%s", text)
	}
}

// medicines shows how much is taken, how and when (JSON "dose" and "schedule", both in the
// text listing); a medicine whose record gives no amount has no dose, never "0 mg".
func TestMedicinesDose(t *testing.T) {
	r := in(newVault(t))
	med := func(id, name, dosage string) string {
		return `{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","subject":{"reference":"urn:uuid:p1"},"authoredOn":"2026-11-20",` +
			`"medicationCodeableConcept":{"text":"` + name + `"},"dosageInstruction":[` + dosage + `]}`
	}
	file := bundleFile(t,
		med("m1", "Metformin 500 mg tablet", `{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"route":{"coding":[{"system":"http://snomed.info/sct","code":"26643006"}]},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}`),
		med("m2", "Cream", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":0,"unit":"mg"}}]}`),
	)
	r.run(t, "import", file).ok(t)
	id := profileIDs(t, r)["Robin"]
	out := r.run(t, "medicines", "--json", "--profile", id, "--at", "2026-12-01T09:00").ok(t).stdout
	var rows []struct {
		Name     string
		Dose     *string
		Schedule string
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	got := map[string]string{}
	for _, row := range rows {
		d := "(none)"
		if row.Dose != nil {
			d = *row.Dose
		}
		got[strings.Fields(row.Name)[0]] = d
	}
	if got["Metformin"] != "1 tablet by mouth" || got["Cream"] != "(none)" {
		t.Errorf("doses %v: %s", got, out)
	}
	text := r.run(t, "medicines", "--profile", id, "--at", "2026-12-01T09:00").ok(t).stdout
	if !strings.Contains(text, "1 tablet by mouth, ") || strings.Contains(text, " 0 mg") {
		t.Errorf("text:\n%s", text)
	}
}

// results --profile ID --json lists the results written only as text too (the app shows
// them): an entry with no values and the readings as written in "text"; --code finds them.
func TestResultsProfileJSONHasTextResults(t *testing.T) {
	r := in(newVault(t))
	lab := `"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],`
	file := bundleFile(t,
		observation("w1", "29463-7", "2024-01-05", `"valueQuantity":{"value":77.9,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}`),
		observation("k1", "2823-3", "2024-02-01", lab+`"valueString":"4.1 mmol/L"`),
		observation("k2", "2823-3", "2024-03-01", lab+`"valueString":"5.9 mmol/L","interpretation":[{"coding":[{"code":"H"}]}]`),
	)
	r.run(t, "import", file).ok(t)
	id := profileIDs(t, r)["Robin"]
	for _, args := range [][]string{{}, {"--code", "2823-3"}} {
		out := r.run(t, append([]string{"results", "--json", "--profile", id}, args...)...).ok(t).stdout
		var series []resultSeries
		if err := json.Unmarshal([]byte(out), &series); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		var text *resultSeries
		for i := range series {
			if series[i].Code == "http://loinc.org|2823-3" {
				text = &series[i]
			}
		}
		if text == nil || len(text.Values) != 0 || len(text.Text) != 2 || text.Text[0].Text != "4.1 mmol/L" || text.Text[1].Flag != "High" ||
			!strings.HasPrefix(text.Text[0].At, "2024-02-01") || text.ShortName != "Potassium" {
			t.Errorf("%v: text results: %s", args, out)
		}
		if want := map[bool]int{true: 1, false: 2}[len(args) > 0]; len(series) != want {
			t.Errorf("%v: %d entries, want %d: %s", args, len(series), want, out)
		}
	}
}
