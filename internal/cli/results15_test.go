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
