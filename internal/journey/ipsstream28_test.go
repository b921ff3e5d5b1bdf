package journey

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"carekeeper/storage"
)

// The IPS Bundle of BuildSummary reads the readings it lists a window at a time, in the
// vault's order, and resolves references from their keys (ipsobs.go): with more readings than
// one window, two series whose readings interleave, ids that two sources share, a reading
// deleted at its source and references of every form, it is byte for byte the Bundle of the
// summary of a whole Load, and it lists every reading of the period (none thinned).
func TestSummaryBundleOfManyReadings(t *testing.T) {
	ctx := context.Background()
	v, p := newPerson(t, "Watch Wearer")
	const watch, lab, other = "carekeeper-test-watch", "https://lab.example.org/fhir", "https://other.example.org/fhir"
	start := utc("2025-01-01T00:00:00Z")
	n := obsWindow + 700
	var batch []string
	for i := range n {
		at := start.Add(time.Duration(i) * 5 * time.Minute).Format(time.RFC3339)
		batch = append(batch, observation(fmt.Sprintf("hr-%d", i), "8867-4", "Heart rate", float64(60+i%40), "/min", at, ""))
		if i%3 == 0 { // a second series, its readings between the heart rates
			batch = append(batch, observation(fmt.Sprintf("spo2-%d", i), "59408-5", "Oxygen saturation", float64(94+i%5), "%", at, ""))
		}
		if len(batch) >= 1000 {
			writeAt(t, v, p, watch, start, batch...)
			batch = nil
		}
	}
	writeAt(t, v, p, watch, start, batch...)
	// "same" at two sources, one of them after the period; a panel referring to readings by
	// every form of reference; a condition whose evidence is a reading; one deleted.
	writeAt(t, v, p, lab, start,
		observation("same", "2339-0", "Glucose", 99, "mg/dL", "2025-01-02T09:00:00Z", ""),
		observation("gone", "2339-0", "Glucose", 250, "mg/dL", "2025-01-02T10:00:00Z", ""),
		observation("panel", "24323-8", "Panel", 1, "1", "2025-01-03T09:00:00Z",
			`,"hasMember":[{"reference":"Observation/same"},{"reference":"urn:uuid:same"},{"reference":"Observation/hr-7"},{"reference":"`+watch+`/Observation/hr-8/_history/2"},{"reference":"Observation/gone"},{"reference":"Observation/spo2-3"}]`),
		`{"resourceType":"Condition","id":"tachy","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"3424008","display":"Tachycardia"}]},"onsetDateTime":"2025-01-02","evidence":[{"detail":[{"reference":"Observation/hr-9"},{"reference":"urn:uuid:same"},{"reference":"Observation/same"}]}]}`)
	// A reference finds the record of its own source first (the later "same", not listed).
	writeAt(t, v, p, other, start, observation("same", "2339-0", "Glucose", 101, "mg/dL", "2026-01-02T09:00:00Z", ""),
		observation("panel2", "24323-8", "Panel", 1, "1", "2025-01-04T09:00:00Z", `,"hasMember":[{"reference":"Observation/same"},{"reference":"Observation/hr-10"}]`))
	if _, err := v.Write(ctx, &storage.Batch{Now: start, Deleted: []storage.ID{{Source: lab, Type: "Observation", ID: "gone"}}}); err != nil {
		t.Fatal(err)
	}
	now := utc("2026-03-01T12:00:00Z")
	opt := LoadOptions{Device: time.UTC}
	for _, period := range [][2]time.Time{
		{utc("2024-01-01T00:00:00Z"), utc("2025-06-01T00:00:00Z")}, // every reading, not the second "same"
		{utc("2025-01-03T00:00:00Z"), utc("2025-01-05T00:00:00Z")}, // a part of them
	} {
		streamed, err := BuildSummary(ctx, v, p, period[0], period[1], now, opt)
		if err != nil {
			t.Fatal(err)
		}
		if streamed.observations == nil {
			t.Fatal("BuildSummary kept the observations")
		}
		d, err := Load(ctx, v, p, now, opt)
		if err != nil {
			t.Fatal(err)
		}
		sb, err := streamed.Bundle()
		if err != nil {
			t.Fatal(err)
		}
		lb, err := d.Summary(period[0], period[1]).Bundle()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(sb, lb) {
			t.Errorf("%v: the Bundles differ (%d and %d bytes)", period, len(sb), len(lb))
		}
		var b struct {
			Entry []struct {
				Resource struct{ ResourceType string } `json:"resource"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(sb, &b); err != nil {
			t.Fatal(err)
		}
		listed, points := 0, 0
		for _, e := range b.Entry {
			if e.Resource.ResourceType == "Observation" {
				listed++
			}
		}
		for _, se := range streamed.Results {
			points += se.Points.Len()
		}
		for _, st := range streamed.TextResults {
			points += len(st.Keys)
		}
		if listed != points || points == 0 {
			t.Errorf("%v: the Bundle lists %d observations, the summary has %d readings", period, listed, points)
		}
		if period[0].Year() == 2024 && points < n {
			t.Errorf("%v: %d readings in the summary, %d written", period, points, n)
		}
	}
}
