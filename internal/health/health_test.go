package health

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// loadBundle turns a Synthea transaction Bundle into a Set: the patient's records, and
// practitioners and organisations as shared ones (as the vault would file them).
func loadBundle(t testing.TB, path string) *Set {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatal(err)
		}
	}
	var b struct {
		Entry []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.NewDecoder(r).Decode(&b); err != nil {
		t.Fatal(err)
	}
	var recs, shared []Resource
	for _, e := range b.Entry {
		var h struct{ ResourceType, ID string }
		json.Unmarshal(e.Resource, &h)
		res := Resource{Key: Key{LocalSource, h.ResourceType, h.ID}, File: filepath.Base(path), JSON: e.Resource}
		switch h.ResourceType {
		case "Practitioner", "Organization", "Location", "Medication":
			res.Profile = "_"
			shared = append(shared, res)
		default:
			res.Profile = "p1"
			recs = append(recs, res)
		}
	}
	return NewSet(recs, shared)
}

func demoSet(t testing.TB) *Set {
	return loadBundle(t, filepath.Join("..", "..", "assets", "demo", "ned_hintz.json.gz"))
}

func TestResults_BloodPressureTogether(t *testing.T) {
	s := demoSet(t)
	series := Results(s)
	if len(series) == 0 || !series[0].Pair || series[0].Name != "Blood pressure" {
		t.Fatalf("first series %+v", series[0])
	}
	bp := series[0]
	if bp.Len() != 4 || bp.Unit != "mmHg" {
		t.Errorf("blood pressure: %d points, unit %q", bp.Len(), bp.Unit)
	}
	for i, p := range bp.Points().All() {
		if p.V <= p.V2 || p.V2 < 40 {
			t.Errorf("point %d: systolic %v diastolic %v", i, p.V, p.V2)
		}
		if i > 0 && p.T.Before(bp.At(i-1).T) {
			t.Error("points not oldest first")
		}
	}
	if !bp.Range.Typical || *bp.Range.High != 120 || *bp.Range2.High != 80 {
		t.Errorf("ranges %+v %+v", bp.Range, bp.Range2)
	}
	if _, _, ok := bp.Change(); !ok {
		t.Error("no change with four points")
	}
	names := map[string]bool{}
	for _, se := range series {
		names[se.Name] = true
		if se.Name == "Systolic Blood Pressure" || se.Name == "Diastolic Blood Pressure" {
			t.Errorf("blood pressure component listed on its own: %s", se.Name)
		}
	}
	if !names["Body Weight"] {
		t.Errorf("no weight series among %v", names)
	}
	if got := bp.Since(bp.Latest().T.Add(-24 * time.Hour)).Len(); got != 1 {
		t.Errorf("Since(last day) = %d points", got)
	}
}

func TestMedications_DifferBetweenSources(t *testing.T) {
	mkd := func(src, status, dosage string) Resource {
		j := `{"resourceType":"MedicationRequest","id":"m` + src + `","status":"` + status + `","authoredOn":"2024-01-0` + map[string]string{"a": "1", "b": "2"}[src] +
			`","medicationCodeableConcept":{"coding":[{"system":"rx","code":"1"}],"text":"Lisinopril 10 MG"},"dosageInstruction":[` + dosage + `]}`
		return Resource{Key: Key{"https://" + src + ".example/fhir", "MedicationRequest", "m" + src}, JSON: []byte(j)}
	}
	mk := func(src, status, dose string) Resource { return mkd(src, status, `{"text":"`+dose+`"}`) }
	// A C-CDA's sig text beside its structure, and a portal's structure alone (held-out check
	// of issue 15): the same dose.
	twice := `"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}}`
	sig := `"text":"Lisinopril 10 mg tablet, take 1 tablet by mouth twice daily",`
	tablets := func(n, unit string) string {
		return `"doseAndRate":[{"doseQuantity":{"value":` + n + `,"unit":"` + unit + `"}}]`
	}
	at := func(times ...string) string { // twice a day at the times
		return `"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["` + strings.Join(times, `","`) + `"]}}`
	}
	tests := map[string]struct {
		a, b       Resource
		differs    bool
		active     int
		difference string
	}{
		"same":                         {mk("a", "active", "1 daily"), mk("b", "active", "1 daily"), false, 1, ""},
		"dose differs":                 {mk("a", "active", "1 daily"), mk("b", "active", "2 daily"), true, 1, "Sources give different doses"},
		"status differs":               {mk("a", "active", "1 daily"), mk("b", "stopped", "1 daily"), true, 1, "Sources disagree whether it is still taken"},
		"sig text and structure agree": {mkd("a", "active", `{`+sig+twice+`,`+tablets("1", "Tablet")+`}`), mkd("b", "active", `{`+twice+`,`+tablets("1", "tablet")+`}`), false, 1, ""},
		"sig text, structure differs":  {mkd("a", "active", `{`+sig+twice+`,`+tablets("1", "Tablet")+`}`), mkd("b", "active", `{`+twice+`,`+tablets("2", "tablet")+`}`), true, 1, "Sources give different doses"},
		// F423: the order gives the times, a GP summary repeating it does not: one dose.
		"times in one source only":  {mkd("a", "active", `{`+sig+at("08:00:00", "20:00:00")+`,`+tablets("1", "tablet")+`}`), mkd("b", "active", `{`+twice+`,`+tablets("1", "tablet")+`}`), false, 1, ""},
		"times without a frequency": {mkd("a", "active", `{"timing":{"repeat":{"timeOfDay":["20:00:00","08:00:00"]}},`+tablets("1", "tablet")+`}`), mkd("b", "active", `{`+twice+`,`+tablets("1", "tablet")+`}`), false, 1, ""},
		"same times":                {mkd("a", "active", `{`+at("08:00:00", "20:00:00")+`,`+tablets("1", "tablet")+`}`), mkd("b", "active", `{`+at("08:00:00", "20:00:00")+`,`+tablets("1", "tablet")+`}`), false, 1, ""},
		"times differ":              {mkd("a", "active", `{`+at("08:00:00", "20:00:00")+`,`+tablets("1", "tablet")+`}`), mkd("b", "active", `{`+at("09:00:00", "21:00:00")+`,`+tablets("1", "tablet")+`}`), true, 1, "Sources give different times of day"},
		"times agree, dose differs": {mkd("a", "active", `{`+at("08:00:00", "20:00:00")+`,`+tablets("1", "tablet")+`}`), mkd("b", "active", `{`+twice+`,`+tablets("2", "tablet")+`}`), true, 1, "Sources give different doses"},
		"once a day against twice":  {mkd("a", "active", `{`+at("08:00:00", "20:00:00")+`,`+tablets("1", "tablet")+`}`), mkd("b", "active", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},`+tablets("1", "tablet")+`}`), true, 1, "Sources give different doses"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			active, past := Medications(NewSet([]Resource{tc.a, tc.b}, nil))
			if len(active) != tc.active || len(active)+len(past) != 1 {
				t.Fatalf("active %d past %d", len(active), len(past))
			}
			m := active[0]
			if m.Differs != tc.differs || m.Difference != tc.difference || len(m.Sources) != 2 {
				t.Errorf("%+v", m)
			}
		})
	}
}

func TestViews_DemoPatient(t *testing.T) {
	s := demoSet(t)
	active, past := Medications(s)
	if len(active) != 0 || len(past) != 1 || !strings.Contains(past[0].Name, "Amoxicillin") || past[0].Reason == "" {
		t.Errorf("medications: active %+v past %+v", active, past)
	}
	up, visits, _ := Appointments(s, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if len(up) != 0 || len(visits) != 6 || visits[0].Place == "" || visits[0].With == "" {
		t.Errorf("appointments: %d upcoming, visits %+v", len(up), visits)
	}
	cur, old := Conditions(s)
	if len(cur)+len(old) == 0 {
		t.Error("no conditions")
	}
	team := CareTeam(s, nil)
	if len(team) < 2 || team[0].Name == "" || len(team[0].Visits) == 0 {
		t.Errorf("care team %+v", team)
	}
	var org *Contact
	for i := range team {
		if team[i].Kind == "Organization" {
			org = &team[i]
		}
	}
	if org == nil || org.Phone == "" || org.Address == "" {
		t.Errorf("organisation without contact details: %+v", org)
	}
	b := Bills(s, nil)
	// 6 explanations of benefit, and 2 medication claims that have none.
	if len(b.Bills) != 8 || len(b.Years) == 0 {
		t.Fatalf("bills %d, years %d", len(b.Bills), len(b.Years))
	}
	claims := 0
	for _, bill := range b.Bills {
		if bill.Total <= 0 {
			t.Errorf("bill %+v", bill)
		}
		if bill.Claim {
			claims++
		}
	}
	if claims != 2 {
		t.Errorf("%d claims without a statement, want 2", claims)
	}
	if Describe("Observation", []byte(`{"resourceType":"Observation","code":{"text":"Body Weight"},"valueQuantity":{"value":83.5,"unit":"kg"}}`)) != "Body Weight: 83.5 kg" {
		t.Error("Describe observation")
	}
}

func TestLargestFixture(t *testing.T) {
	path := testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json")
	s := loadBundle(t, path)
	// Fletcher Hyatt died in 1996: every medicine ended then, none is being taken.
	active, past := Medications(s)
	if len(active) != 0 || len(past) == 0 {
		t.Errorf("active %d past %d", len(active), len(past))
	}
	se := Results(s)
	if len(se) == 0 {
		t.Fatal("no result series")
	}
	if !se[0].Pair || se[0].Len() != 10 {
		t.Errorf("blood pressure series: %+v", se[0])
	}
}

func FuzzDescribe(f *testing.F) {
	f.Add("QuestionnaireResponse", `{"resourceType":"QuestionnaireResponse","questionnaire":"urn:carekeeper:questionnaire:asthma","item":[{"linkId":"severity","answer":[{"valueInteger":4,"item":[{"answer":[{"valueCoding":{"display":"x"}}]}]}]}]}`)
	f.Add("Observation", `{"code":{"text":"x"},"valueQuantity":{"value":1}}`)
	f.Add("Encounter", `{"type":{"text":"x"}}`)
	f.Add("Observation", `{"resourceType":"Observation","code":{"coding":[{"code":"8480-6"}]},"effectiveDateTime":"2026","valueQuantity":{"value":-1e308}}`)
	f.Add("Patient", `{"resourceType":"Patient","deceasedDateTime":"2009"}`)
	f.Fuzz(func(t *testing.T, typ, js string) {
		_ = Describe(typ, []byte(js))
		r := Resource{Key: Key{Type: typ}, JSON: []byte(js)}
		s := NewSet([]Resource{r}, nil)
		Medications(s)
		Medicines(s, MedOptions{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		for _, se := range Results(s) {
			for _, p := range Periods() {
				BuildChart(se, p, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			}
		}
		Unreadable(s)
		DeathOf(s, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		Bills(s, nil).ByYear()
		Conditions(s)
		CareTeam(s, nil)
	})
}

// TestResults_SameReadingFromTwoSources: a result from a portal and the same result from a
// C-CDA document (the same instant written with another offset, the same value) is one point;
// a different value at the same time stays.
func TestResults_SameReadingFromTwoSources(t *testing.T) {
	obs := func(src, id, at, v string) Resource {
		j := `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}],"text":"HbA1c"},` +
			`"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + v + `,"unit":"%"}}`
		return Resource{Key: Key{src, "Observation", id}, JSON: []byte(j)}
	}
	s := NewSet([]Resource{
		obs("https://portal.example/fhir", "a", "2024-03-10T08:15:00-05:00", "6.1"),
		obs(LocalSource, "b", "2024-03-10T13:15:00Z", "6.10"),
		obs(LocalSource, "c", "2024-03-10T13:15:00Z", "6.4"),
		obs(LocalSource, "d", "2024-06-10T13:15:00Z", "6.1"),
	}, nil)
	series := Results(s)
	if len(series) != 1 || series[0].Len() != 3 {
		t.Fatalf("series %+v", series)
	}
}

// The same reading from a portal without a range and from a C-CDA document with its range
// and a High interpretation is one point that keeps the High flag and the range, whichever
// source comes first (held-out check of issue 15).
func TestResults_SameReadingKeepsFlag(t *testing.T) {
	obs := func(src, id, extra string) Resource {
		j := `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}],"text":"Glucose"},` +
			`"effectiveDateTime":"2023-03-10T08:15:00-05:00","valueQuantity":{"value":142,"unit":"mg/dL"}` + extra + `}`
		return Resource{Key: Key{src, "Observation", id}, JSON: []byte(j)}
	}
	plain := obs("https://portal.example/fhir", "a", "")
	flagged := obs(LocalSource, "b", `,"interpretation":[{"coding":[{"code":"H"}]}],"referenceRange":[{"low":{"value":70},"high":{"value":99}}]`)
	for _, order := range [][]Resource{{plain, flagged}, {flagged, plain}} {
		series := Results(NewSet(order, nil))
		if len(series) != 1 || series[0].Len() != 1 {
			t.Fatalf("series %+v", series)
		}
		p := series[0].At(0)
		if p.Flag != FlagHigh || p.Range.High == nil || *p.Range.High != 99 {
			t.Errorf("first %s: %+v", order[0].Key.ID, p)
		}
	}
}

// TestConditions_SameFromTwoSources: a problem from a C-CDA document (SNOMED, with an ICD-10
// translation) and the same condition from a portal (ICD-10 first) are one condition.
func TestConditions_SameFromTwoSources(t *testing.T) {
	cond := func(src, id, onset, codings string) Resource {
		j := `{"resourceType":"Condition","id":"` + id + `","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[` + codings + `]},"onsetDateTime":"` + onset + `"}`
		return Resource{Key: Key{src, "Condition", id}, JSON: []byte(j)}
	}
	snomed := `{"system":"http://snomed.info/sct","code":"44054006","display":"Diabetes mellitus type 2"}`
	icd := `{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9","display":"Type 2 diabetes mellitus without complications"}`
	s := NewSet([]Resource{
		cond(LocalSource, "a", "2015-01-01", snomed+","+icd),
		cond("https://portal.example/fhir", "b", "2015-02-01", icd),
		cond("https://portal.example/fhir", "c", "2016-01-01", `{"system":"http://snomed.info/sct","code":"38341003","display":"Hypertension"}`),
	}, nil)
	cur, past := Conditions(s)
	if len(cur) != 2 || len(past) != 0 || cur[1].Key.ID != "b" {
		t.Fatalf("current %+v, past %+v", cur, past)
	}
	if got := strings.Join(cur[1].Sources, ", "); got != "portal.example, file" {
		t.Errorf("sources %q", got)
	}
}

// A result written ">=60" (a C-CDA IVL_PQ with only a low, a lab's "eGFR >60") keeps its
// comparator: shown as "≥60", never as exactly 60 (held-out check of issue 15).
func TestResults_Comparator(t *testing.T) {
	j := `{"resourceType":"Observation","id":"e","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"33914-3"}],"text":"eGFR"},` +
		`"effectiveDateTime":"2023-03-10","valueQuantity":{"value":60,"comparator":">=","unit":"mL/min/{1.73_m2}"}}`
	series := Results(NewSet([]Resource{{Key: Key{LocalSource, "Observation", "e"}, JSON: []byte(j)}}, nil))
	if len(series) != 1 || series[0].Latest().Comparator != ">=" {
		t.Fatalf("series %+v", series)
	}
	if got := Value(series[0].Latest().Comparator, series[0].Latest().V, series[0].Unit); !strings.HasPrefix(got, ">=60 ") {
		t.Errorf("value %q", got)
	}
}

// A result from a portal with its time and the same result from a C-CDA document that gave
// only the date (no zone: the converter keeps the day) is one reading with the document's flag;
// another value that day stays (held-out check of issue 15).
func TestResults_SameReadingDateOnly(t *testing.T) {
	obs := func(src, id, at, v, extra string) Resource {
		j := `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}],"text":"Glucose"},` +
			`"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + v + `,"unit":"mg/dL"}` + extra + `}`
		return Resource{Key: Key{src, "Observation", id}, JSON: []byte(j)}
	}
	high := `,"interpretation":[{"coding":[{"code":"H"}]}]`
	series := Results(NewSet([]Resource{
		obs("https://portal.example/fhir", "a", "2023-03-10T21:15:00-05:00", "142", ""),
		obs(LocalSource, "b", "2023-03-10", "142", high),
		obs(LocalSource, "c", "2023-03-10", "150", ""),
		obs(LocalSource, "d", "2023-03-11", "142", ""),
	}, nil))
	if len(series) != 1 || series[0].Len() != 3 {
		t.Fatalf("series %+v", series)
	}
	for _, p := range series[0].Points().All() {
		if p.V == 142 && !p.DateOnly && p.Flag != FlagHigh {
			t.Errorf("the timed reading lost the document's flag: %+v", p)
		}
	}
}

// F21: the same appointment from a file and a portal was listed twice; it is one appointment.
// The same appointment text of two people stays each person's own.
func TestAppointmentsFromTwoSourcesOnce(t *testing.T) {
	body := `{"resourceType":"Appointment","id":"a0","status":"booked","description":"Endocrinology — insulin review","start":"2026-12-04T21:00:00Z","end":"2026-12-04T21:30:00Z"}`
	s := NewSet([]Resource{
		{Key: Key{LocalSource, "Appointment", "a0"}, Profile: "p1", JSON: []byte(body)},
		{Key: Key{"http://127.0.0.1:8765/fhir", "Appointment", "a0"}, Profile: "p1", JSON: []byte(body)},
		{Key: Key{LocalSource, "Appointment", "b0"}, Profile: "p2", JSON: []byte(body)},
	}, nil)
	up, _, _ := Appointments(s, time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC))
	if len(up) != 2 {
		t.Fatalf("%d upcoming appointments, want 2 (one per person): %+v", len(up), up)
	}
	_, past, _ := Appointments(s, time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC))
	if len(past) != 2 {
		t.Fatalf("%d past appointments, want 2: %+v", len(past), past)
	}
}
