package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// results --json writes each series' values as it encodes them (printValuesJSON): the bytes
// are the ones encoding/json gives for the whole list, with several series, a pair, a
// converted reading, a flag written with HTML characters, and a series of no values.
func TestResultsJSONValuesStreamedAsEncoded(t *testing.T) {
	lo := 3.9
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.FixedZone("", -8*3600))
	glucose := (&health.Series{Code: "http://loinc.org|2339-0", Name: "Glucose", Unit: "mg/dL", Range: health.Range{Low: &lo}}).Append(
		health.Point{T: t0, V: 99, Key: health.Key{ID: "a"}},
		health.Point{T: t0.Add(time.Hour), V: 99.09, Converted: true, Original: 5.5, OriginalUnit: "mmol/L", Comparator: "<", Flag: "<High>&"},
	)
	bp := (&health.Series{Code: "http://loinc.org|8480-6", Name: "Blood pressure", Unit: "mmHg", Pair: true}).Append(
		health.Point{T: t0, V: 120, V2: 95, Flag2: health.FlagHigh, DateOnly: true, Precision: 0})
	for _, name := range []string{"list", "people"} {
		t.Run(name, func(t *testing.T) {
			st, err := newValuesStream()
			if err != nil {
				t.Fatal(err)
			}
			streamed := []seriesJSON{toSeriesJSON(glucose, st), toSeriesJSON(bp, st), {Code: "x", Name: "Words only"}}
			// as the list was made before: every value in a slice, encoded at once
			type wholeSeries struct {
				Code      string          `json:"code"`
				Name      string          `json:"name"`
				ShortName string          `json:"shortName"`
				Unit      string          `json:"unit"`
				Range     rangeJSON       `json:"range"`
				Range2    *rangeJSON      `json:"range2,omitempty"`
				Values    []valueJSON     `json:"values"`
				Text      []textValueJSON `json:"text,omitempty"`
			}
			var whole []wholeSeries
			for _, s := range streamed {
				ws := wholeSeries{s.Code, s.Name, s.ShortName, s.Unit, s.Range, s.Range2, []valueJSON{}, s.Text}
				if s.Values.se != nil {
					for _, p := range s.Values.se.Points().All() {
						ws.Values = append(ws.Values, toValueJSON(s.Values.se, p))
					}
				}
				whole = append(whole, ws)
			}
			var v, w any = streamed, whole
			if name == "people" {
				type wholePerson struct {
					Profile    string           `json:"profile"`
					Person     string           `json:"person"`
					Series     []wholeSeries    `json:"series"`
					Unreadable int              `json:"unreadable,omitempty"`
					Text       []textResultJSON `json:"text,omitempty"`
				}
				v = []personResultsJSON{{Profile: "p", Person: "Ann", Series: streamed}}
				w = []wholePerson{{Profile: "p", Person: "Ann", Series: whole}}
			}
			var out, want bytes.Buffer
			c := &call{env: &Env{Stdout: &out}}
			if err := c.printValuesJSON(v, st); err != nil {
				t.Fatal(err)
			}
			if err := json.NewEncoder(&want).Encode(w); err != nil {
				t.Fatal(err)
			}
			if out.String() != want.String() {
				t.Errorf("streamed:\n%s\nwant:\n%s", out.String(), want.String())
			}
			if !strings.Contains(out.String(), `"values":[{"at":"2026-03-01T08:00:00-08:00","precision":"day","value":120,"value2":95,"flag":"High"}]`) ||
				!strings.Contains(out.String(), `"original":{"value":5.5,"unit":"mmol/L"}`) || !strings.Contains(out.String(), `"values":[]`) {
				t.Errorf("not the values expected: %s", out.String())
			}
		})
	}
}
