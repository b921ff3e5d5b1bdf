package app

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"carekeeper/internal/journey"

	"fyne.io/fyne/v2/widget"
)

// The asthma card "Keep track of your peak flow at home · Add a reading" led to Results, where
// Add measurement offered only blood pressure, weight and blood glucose; a parent could not log
// a feverish child's temperature either (F79, vapp26). Add measurement offers peak flow and body
// temperature, and the card's "Add a reading" opens it for that person with peak flow chosen.
func TestAddAReadingOpensPeakFlow(t *testing.T) {
	u := unlocked(t)
	if _, err := u.vault.AddProfile("Ann X", "1950-03-04"); err != nil {
		t.Fatal(err)
	}
	grace, err := u.vault.AddProfile("Grace O", "2019-05-01")
	if err != nil {
		t.Fatal(err)
	}
	ps, err := u.vault.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.setPeople(ps)
	u.idle()
	s.show(scToday)
	u.idle()
	today, ok := s.pages[scToday].(*todayPage)
	if !ok {
		t.Fatal("no Today page")
	}
	today.insights.act(&shownCard{profile: grace.ID},
		journey.Action{Kind: journey.ActionAddMeasurement, Label: "Add a reading", Measure: "peak-flow"})
	u.idle()
	pop, ok := u.win.Canvas().Overlays().Top().(*widget.PopUp)
	if !ok {
		t.Fatalf("Add a reading opened no dialog: %T", u.win.Canvas().Overlays().Top())
	}
	var selects []*widget.Select
	var labels []string
	walk(pop.Content, func(o any) {
		switch w := o.(type) {
		case *widget.Select:
			selects = append(selects, w)
		case *widget.Form:
			for _, it := range w.Items {
				labels = append(labels, it.Text)
			}
		}
	})
	if len(selects) < 2 {
		t.Fatalf("the dialog has %d choices, want the person and the measurement", len(selects))
	}
	if got := selects[0].Selected; got != "Grace O" && got != "Grace O (born 2019)" {
		t.Errorf("the dialog is for %q, want Grace O", got)
	}
	if got := selects[1].Selected; got != "Peak flow" {
		t.Errorf("the measurement chosen is %q, want Peak flow", got)
	}
	for _, want := range []string{"Peak flow", "Body temperature", "Blood pressure", "Weight", "Blood glucose"} {
		if !slices.Contains(selects[1].Options, want) {
			t.Errorf("Measurement offers %q, not %q", selects[1].Options, want)
		}
	}
	if !slices.Contains(labels, "Value (L/min)") {
		t.Errorf("the value is not labelled in L/min: %q", labels)
	}
}

// A peak flow and a body temperature are stored as the other kinds are: an Observation of the
// person with the LOINC code the guides track, the UCUM unit and the value.
func TestMeasurementStoredPeakFlowAndTemperature(t *testing.T) {
	u := unlocked(t)
	p, err := u.vault.AddProfile("Grace O", "2019-05-01")
	if err != nil {
		t.Fatal(err)
	}
	kind := func(kinds []measureKind, name string) measureKind {
		for _, k := range kinds {
			if k.kind == name {
				return k
			}
		}
		t.Fatalf("no kind %q", name)
		return measureKind{}
	}
	when := time.Date(2026, 12, 4, 18, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		locale, records, kind string
		value                 float64
		code, unit            string
		shown                 string
	}{
		{"en-GB", "", "peak-flow", 310, "19935-6", "L/min", "L/min"},
		{"en-GB", "", "temperature", 38.6, "8310-5", "Cel", "°C"},
		{"en-US", "", "temperature", 101.8, "8310-5", "[degF]", "°F"},
		{"de-DE", "", "temperature", 37.4, "8310-5", "Cel", "°C"},
		// The person's own temperatures decide over the locale.
		{"en-US", "Cel", "temperature", 37.4, "8310-5", "Cel", "°C"},
		{"en-GB", "[degF]", "temperature", 100.4, "8310-5", "[degF]", "°F"},
	} {
		k := kind(measureKindsFor(tt.locale, tt.records), tt.kind)
		id, err := saveMeasurement(context.Background(), u.vault, p.ID, k, tt.value, 0, when)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := u.vault.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		var obs struct {
			ResourceType string
			Code         struct {
				Coding []struct{ System, Code string }
			}
			ValueQuantity struct {
				Value              float64
				Unit, System, Code string
			}
		}
		if err := json.Unmarshal(rec.Resource, &obs); err != nil {
			t.Fatal(err)
		}
		if rec.Profile != p.ID || obs.ResourceType != "Observation" || len(obs.Code.Coding) != 1 ||
			obs.Code.Coding[0].System != loinc || obs.Code.Coding[0].Code != tt.code {
			t.Errorf("%s %s: stored %s for %q, want an Observation coded %s", tt.locale, tt.kind, rec.Resource, rec.Profile, tt.code)
		}
		if q := obs.ValueQuantity; q.Value != tt.value || q.Code != tt.unit || q.System != ucum || q.Unit != tt.shown {
			t.Errorf("%s %s: value %+v, want %g %s (%s)", tt.locale, tt.kind, q, tt.value, tt.unit, tt.shown)
		}
		if got := journey.HomeKind([]string{loinc + "|" + tt.code}); tt.kind == "peak-flow" && got != "peak-flow" {
			t.Errorf("the asthma card does not count a stored peak flow: HomeKind = %q", got)
		}
	}
}
