package ccda_test

import (
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/health"
)

// resultDoc is a document with one HbA1c result whose reference range is given as text only.
func resultDoc(value, rangeText string) []byte {
	return doc(section("30954-2", `<entry><organizer classCode="BATTERY" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.1" extension="2015-08-01"/><id root="1.2.3.4.5" extension="org1"/>
<code code="4548-4" codeSystem="2.16.840.1.113883.6.1" displayName="Hemoglobin A1c"/><statusCode code="completed"/>
<effectiveTime value="20241003"/>
<component><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.2" extension="2015-08-01"/>
<id root="1.2.3.4.5" extension="obs1"/><code code="4548-4" codeSystem="2.16.840.1.113883.6.1" displayName="Hemoglobin A1c"/>
<statusCode code="completed"/><effectiveTime value="20241003"/>`+value+`
<referenceRange><observationRange><text>`+rangeText+`</text></observationRange></referenceRange>
</observation></component></organizer></entry>`))
}

// Issue 15: a C-CDA reference range given only as text ("4.0-5.6") was ignored, so the
// summary and Results showed a general adult range instead of the lab's own. A simple
// "low-high", "<x" or ">x" in the result's unit becomes referenceRange low and high (the text
// kept); anything else stays text only.
func TestReferenceRangeText(t *testing.T) {
	const pq = `<value xsi:type="PQ" value="6.1" unit="%"/>`
	tests := []struct {
		name, value, text string
		low, high         string // the range's low and high as JSON, "" for none
	}{
		{"low-high", pq, "4.0-5.6", `{"code":"%","system":"http://unitsofmeasure.org","unit":"%","value":4}`, `{"code":"%","system":"http://unitsofmeasure.org","unit":"%","value":5.6}`},
		{"spaces, en dash and the unit", pq, " 4.0 – 5.6 % ", `{"code":"%","system":"http://unitsofmeasure.org","unit":"%","value":4}`, `{"code":"%","system":"http://unitsofmeasure.org","unit":"%","value":5.6}`},
		{"to", pq, "4 to 5.6", `{"code":"%","system":"http://unitsofmeasure.org","unit":"%","value":4}`, `{"code":"%","system":"http://unitsofmeasure.org","unit":"%","value":5.6}`},
		{"below", pq, "&lt;5.7", "", `{"code":"%","system":"http://unitsofmeasure.org","unit":"%","value":5.7}`},
		{"at most", pq, "&lt;=5.7", "", `{"code":"%","system":"http://unitsofmeasure.org","unit":"%","value":5.7}`},
		{"above", pq, "&gt;60", `{"code":"%","system":"http://unitsofmeasure.org","unit":"%","value":60}`, ""},
		{"negative low", `<value xsi:type="PQ" value="0.2" unit="mmol/L"/>`, "-2.0-3.0", `{"code":"mmol/L","system":"http://unitsofmeasure.org","unit":"mmol/L","value":-2}`, `{"code":"mmol/L","system":"http://unitsofmeasure.org","unit":"mmol/L","value":3}`},
		{"a number without a unit", `<value xsi:type="INT" value="3"/>`, "0-5", `{"value":0}`, `{"value":5}`},
		{"words", pq, "negative", "", ""},
		{"another unit", pq, "20-42 mmol/mol", "", ""},
		{"low above high", pq, "5.6-4.0", "", ""},
		{"a date, not a range", pq, "2024-10-03", "", ""},
		{"an exponent", pq, "1e3-2e3", "", ""},
		{"beside a text result", `<value xsi:type="ST">6.1 %</value>`, "4.0-5.6", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := convert(t, resultDoc(tc.value, tc.text))
			obs := resources(t, res.Bundle, "Observation")
			if len(obs) != 1 {
				t.Fatalf("%d observations", len(obs))
			}
			rr, _ := obs[0]["referenceRange"].([]any)
			if len(rr) != 1 {
				t.Fatalf("referenceRange %s", jsonOf(obs[0]["referenceRange"]))
			}
			r := rr[0].(map[string]any)
			if want := strings.TrimSpace(strings.NewReplacer("&lt;", "<", "&gt;", ">").Replace(tc.text)); r["text"] != want {
				t.Errorf("text %q, want %q", r["text"], want)
			}
			for _, part := range []struct{ name, want string }{{"low", tc.low}, {"high", tc.high}} {
				got := ""
				if r[part.name] != nil {
					got = jsonOf(r[part.name])
				}
				if got != part.want {
					t.Errorf("%s %s, want %s", part.name, got, part.want)
				}
			}
		})
	}
	// The lab's range is the one Results (and so the summary and the Results screen) use.
	res := convert(t, resultDoc(pq, "4.0-5.6"))
	var recs []health.Resource
	for i, o := range resources(t, res.Bundle, "Observation") {
		b, _ := json.Marshal(o)
		recs = append(recs, health.Resource{Key: health.Key{Source: "s", Type: "Observation", ID: string(rune('a' + i))}, Profile: "p", JSON: b})
	}
	series := health.Results(health.NewSet(recs, nil))
	if len(series) != 1 {
		t.Fatalf("%d series", len(series))
	}
	if r := series[0].Range; r.Typical || r.Low == nil || *r.Low != 4.0 || r.High == nil || *r.High != 5.6 {
		t.Errorf("range %+v, want the lab's 4.0-5.6", r)
	}
}
