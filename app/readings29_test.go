package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
)

// F270: the chart's readings could be read only by pointing at them: with the keyboard there
// was no way to learn that Courtney's 2015 blood pressure was 150/105. Under the chart a
// button (a Tab stop) shows every reading of the period in words, newest first, as pointing at
// it says it.
func TestResults_ReadingsListedInWords(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	mum := rig.people["Mum"]
	var bundle struct {
		Entry []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(testutil.ReadFile(t, fixture(t, "synthea/Courtney_Schinner_*.json")), &bundle); err != nil {
		t.Fatal(err)
	}
	var recs []storage.Record
	for _, e := range bundle.Entry {
		var r struct {
			ResourceType, ID string
			Code             struct{ Coding []struct{ Code string } }
		}
		if json.Unmarshal(e.Resource, &r) != nil || r.ResourceType != "Observation" || len(r.Code.Coding) == 0 || r.Code.Coding[0].Code != "55284-4" {
			continue
		}
		rec, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: r.ID}, e.Resource)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if len(recs) != 3 {
		t.Fatalf("%d blood pressures in Courtney's file, want 3", len(recs))
	}
	if _, err := rig.u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	res := resultsOf(t, rig, mum)
	chosen := false
	for i, se := range res.series {
		if strings.Contains(se.ShortName(), "Blood pressure") {
			res.choose(i)
			chosen = true
		}
	}
	if !chosen {
		t.Fatal("no blood pressure series")
	}
	if !res.readingsBt.Visible() || res.readings.Visible() {
		t.Fatalf("button shown %v, readings shown %v: want the button, the readings folded", res.readingsBt.Visible(), res.readings.Visible())
	}
	res.readingsBt.OnTapped()
	if !res.readings.Visible() || res.readingsBt.Text != "Hide the readings" {
		t.Fatalf("after the button: readings shown %v, button %q", res.readings.Visible(), res.readingsBt.Text)
	}
	lines := strings.Split(res.readings.Text, "\n")
	if len(lines) != 3 {
		t.Fatalf("readings %q, want the 3 of the period", res.readings.Text)
	}
	for i, want := range []string{"14 Jun 2018, 19:41: 181/92 mmHg", "11 Jun 2015, 19:41: 150/105 mmHg", "7 Jun 2012, 19:41: 164/97 mmHg"} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("reading %d %q, want it to start %q", i+1, lines[i], want)
		}
	}
	res.readingsBt.OnTapped()
	if res.readings.Visible() || res.readingsBt.Text != "Show the readings" {
		t.Errorf("tapped again: readings shown %v, button %q", res.readings.Visible(), res.readingsBt.Text)
	}
}
