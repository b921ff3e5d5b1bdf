package health

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
)

func TestDescribe(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"observation with a quantity": {
			`{"resourceType":"Observation","id":"o1","code":{"coding":[{"display":"Body Weight"}],"text":"Body Weight"},"valueQuantity":{"value":86.83489335670869,"unit":"kg"}}`,
			"Body Weight: 86.8 kg"},
		"blood pressure panel": {
			`{"resourceType":"Observation","id":"o2","code":{"text":"Blood pressure"},"component":[{"code":{"coding":[{"code":"8480-6"}]},"valueQuantity":{"value":123,"unit":"mm[Hg]"}},{"code":{"coding":[{"code":"8462-4"}]},"valueQuantity":{"value":89.03,"unit":"mm[Hg]"}}]}`,
			"Blood pressure: 123/89 mmHg"},
		"components with different units": {
			`{"resourceType":"Observation","id":"o3","code":{"text":"Panel"},"component":[{"valueQuantity":{"value":1,"unit":"kg"}},{"valueQuantity":{"value":2,"code":"Cel"}}]}`,
			"Panel: 1 kg, 2°C"},
		"small values keep three significant digits": {
			`{"resourceType":"Observation","id":"o4","code":{"text":"X"},"valueQuantity":{"value":0.0123456,"comparator":"<","unit":"mg"}}`,
			"X: <0.0123 mg"},
		"UCUM unit in people's form": {
			`{"resourceType":"Observation","id":"o6","code":{"text":"Red blood cells"},"valueQuantity":{"value":4.562,"unit":"10*6/uL"}}`,
			"Red blood cells: 4.56 million/µL"},
		"a value no one can read": {
			`{"resourceType":"Observation","id":"o7","code":{"text":"Glucose"},"valueQuantity":{"value":1.7e308,"unit":"mg/dL"}}`,
			"Glucose: value not readable"},
		"coded value, display when no text": {
			`{"resourceType":"Observation","id":"o5","code":{"coding":[{"code":"72166-2","display":"Tobacco smoking status"}]},"valueCodeableConcept":{"coding":[{"display":"Never smoker"}]}}`,
			"Tobacco smoking status: Never smoker"},
		"family history (C-CDA family history section)": {
			`{"resourceType":"FamilyMemberHistory","id":"f1","status":"completed","relationship":{"coding":[{"code":"FTH","display":"Father"}]},"condition":[{"code":{"text":"Diabetes"}},{"code":{"coding":[{"display":"Stroke"}]}}]}`,
			"Family history, father: Diabetes, Stroke"},
		"device in use (C-CDA medical equipment)": {
			`{"resourceType":"DeviceUseStatement","id":"d1","status":"active","device":{"reference":"Device/x","display":"Cardiac pacemaker"}}`,
			"Uses Cardiac pacemaker"},
		"planned item (C-CDA plan of treatment)": {
			`{"resourceType":"ServiceRequest","id":"s1","status":"active","intent":"plan","code":{"text":"Colonoscopy"}}`,
			"Planned: Colonoscopy"},
		"cancelled plan": {
			`{"resourceType":"ServiceRequest","id":"s2","status":"revoked","intent":"order","code":{"text":"Chest X-ray"}}`,
			"Cancelled plan: Chest X-ray"},
		"an allergy resolved": {
			`{"resourceType":"AllergyIntolerance","id":"a9","code":{"text":"Latex"},"clinicalStatus":{"coding":[{"code":"resolved"}]}}`,
			"Latex (no longer active)"},
		"goal": {
			`{"resourceType":"Goal","id":"g1","lifecycleStatus":"active","description":{"text":"Walk 30 minutes a day"}}`,
			"Walk 30 minutes a day"},
		"condition without its semantic tag": {
			`{"resourceType":"Condition","id":"c1","code":{"text":"Acute bronchitis (disorder)"}}`,
			"Acute bronchitis"},
		"no known allergies (C-CDA: Substance, refuted)": {
			`{"resourceType":"AllergyIntolerance","id":"a1","code":{"coding":[{"system":"http://snomed.info/sct","code":"105590001","display":"Substance"}],"text":"Substance"},"verificationStatus":{"coding":[{"code":"refuted"}]}}`,
			"No known allergies"},
		"an allergy ruled out": {
			`{"resourceType":"AllergyIntolerance","id":"a3","code":{"text":"Penicillin"},"verificationStatus":{"coding":[{"code":"refuted"}]}}`,
			"Not allergic to Penicillin"},
		"an allergy": {
			`{"resourceType":"AllergyIntolerance","id":"a4","code":{"text":"Penicillin"},"verificationStatus":{"coding":[{"code":"confirmed"}]}}`,
			"Penicillin"},
		"immunization": {
			`{"resourceType":"Immunization","id":"i1","vaccineCode":{"text":"Influenza, seasonal"}}`,
			"Influenza, seasonal"},
		"patient name": {
			`{"resourceType":"Patient","id":"p1","name":[{"prefix":["Mr."],"given":["Clemente"],"family":"Kreiger"}]}`,
			"Mr. Clemente Kreiger"},
		"organization name": {`{"resourceType":"Organization","id":"org","name":"General Hospital"}`, "General Hospital"},
		"encounter type array": {
			`{"resourceType":"Encounter","id":"e1","class":{"code":"AMB"},"type":[{"text":"Encounter for check up (procedure)"}]}`,
			"Encounter for check up"},
		"encounter class only": {`{"resourceType":"Encounter","id":"e2","class":{"code":"AMB"}}`, "Outpatient visit"},
		"claim: service and total": {
			`{"resourceType":"Claim","id":"cl","type":{"coding":[{"code":"institutional"}]},"item":[{"productOrService":{"text":"Check up"}}],"total":{"value":129.16,"currency":"USD"}}`,
			"Check up: $129.16"},
		"explanation of benefit total array": {
			`{"resourceType":"ExplanationOfBenefit","id":"eob","item":[{"productOrService":{"coding":[{"display":"Check up"}]}}],"total":[{"amount":{"value":12.5,"currency":"USD"}}]}`,
			"Check up: $12.50"},
		"medicine started": {
			`{"resourceType":"MedicationRequest","id":"m1","status":"active","medicationCodeableConcept":{"text":"Vitamin D"}}`,
			"Medicine started: Vitamin D"},
		// F371: prescribed on 5 Dec, its course from 8 Dec: not "started" on 5 Dec
		"medicine prescribed to start later": {
			`{"resourceType":"MedicationRequest","id":"mm2","status":"active","authoredOn":"2026-12-05","medicationCodeableConcept":{"text":"Amoxicillin 500 MG Oral Capsule"},"dosageInstruction":[{"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d","boundsPeriod":{"start":"2026-12-08","end":"2026-12-14"}}}}]}`,
			"Medicine prescribed, to start 8 Dec 2026: Amoxicillin 500 mg capsule"},
		"medicine started the day it was prescribed": {
			`{"resourceType":"MedicationRequest","id":"mm3","status":"active","authoredOn":"2026-12-05","medicationCodeableConcept":{"text":"Amoxicillin 500 MG Oral Capsule"},"dosageInstruction":[{"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d","boundsPeriod":{"start":"2026-12-05"}}}}]}`,
			"Medicine started: Amoxicillin 500 mg capsule"},
		"medicine stopped": {
			`{"resourceType":"MedicationRequest","id":"m2","status":"stopped","medicationCodeableConcept":{"text":"Vitamin D"}}`,
			"Medicine started, since stopped: Vitamin D"},
		// F483: dated by when it was prescribed (or began), not by when it stopped
		"medicine stopped, dated by its prescription": {
			`{"resourceType":"MedicationRequest","id":"m5","status":"stopped","authoredOn":"2021-06-10","medicationCodeableConcept":{"text":"Warfarin sodium 5 MG Oral Tablet"}}`,
			"Medicine started, since stopped: Warfarin sodium 5 mg tablet"},
		"medicine taken, since stopped": {
			`{"resourceType":"MedicationStatement","id":"m6","status":"stopped","effectivePeriod":{"start":"2021-06-10"},"medicationCodeableConcept":{"text":"Warfarin"}}`,
			"Medicine started, since stopped: Warfarin"},
		"medicine course finished": {
			`{"resourceType":"MedicationRequest","id":"m7","status":"completed","authoredOn":"2019-10-26","medicationCodeableConcept":{"text":"Amoxicillin"}}`,
			"Medicine started, since finished: Amoxicillin"},
		"medicine cancelled": {
			`{"resourceType":"MedicationRequest","id":"m8","status":"cancelled","medicationCodeableConcept":{"text":"Amoxicillin"}}`,
			"Medicine prescribed, since cancelled: Amoxicillin"},
		"medicine recorded in error": {
			`{"resourceType":"MedicationRequest","id":"m9","status":"entered-in-error","medicationCodeableConcept":{"text":"Amoxicillin"}}`,
			"Entered in error: Amoxicillin"},
		"dose taken": {
			`{"resourceType":"MedicationAdministration","id":"d1","status":"completed","medicationCodeableConcept":{"text":"Vitamin D"}}`,
			"Dose taken: Vitamin D"},
		// F489: the amount given, for an insulin the point
		"dose taken with its amount": {
			`{"resourceType":"MedicationAdministration","id":"d3","status":"completed","medicationCodeableConcept":{"text":"Insulin aspart 100 UNT/ML Pen"},"dosage":{"dose":{"value":2,"unit":"U","system":"http://unitsofmeasure.org","code":"U"}}}`,
			"Dose taken: Insulin aspart 100 units/mL pen (2 units)"},
		// F490: CareKeeper's own doses keep what was given as text
		"dose taken, its amount as text": {
			`{"resourceType":"MedicationAdministration","id":"d4","status":"completed","medicationCodeableConcept":{"text":"Metformin 500 mg tablet"},"dosage":{"text":"2 tablet"}}`,
			"Dose taken: Metformin 500 mg tablet (2 tablets)"},
		// F489: a panel whose readings are rows of their own says what it holds
		"vital signs panel": {
			`{"resourceType":"Observation","id":"vs","status":"final","code":{"text":"Vital signs"},"hasMember":[{"reference":"Observation/w"},{"reference":"Observation/h"}]}`,
			"Vital signs: 2 measurements"},
		"dose skipped": {
			`{"resourceType":"MedicationAdministration","id":"d2","status":"not-done","medicationCodeableConcept":{"text":"Vitamin D"}}`,
			"Dose skipped: Vitamin D"},
		"dispensed, by reference display": {
			`{"resourceType":"MedicationDispense","id":"x","status":"completed","medicationReference":{"display":"Vitamin D"}}`,
			"Medicine dispensed: Vitamin D"},
		// An imaging study and a care team are named by what they are, not by their ids.
		"imaging study": {`{"resourceType":"ImagingStudy","id":"i1","series":[{"modality":{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"DX","display":"Digital Radiography"},"bodySite":{"system":"http://snomed.info/sct","code":"8205005","display":"Wrist"}}]}`,
			"Digital Radiography of the wrist"},
		"care team":                              {`{"resourceType":"CareTeam","id":"ct","reasonCode":[{"text":"Prediabetes"}]}`, "Care team for Prediabetes"},
		"nothing to say: its kind, never its id": {`{"resourceType":"RiskAssessment","id":"ra1"}`, "Risk assessment"},
		"record source: never its id":            {`{"resourceType":"Provenance","id":"pv1"}`, "Record source"},
		"newlines collapse":                      {`{"resourceType":"Goal","id":"g","title":"Lose\nweight  now"}`, "Lose weight now"},
		"element of an odd shape":                {`{"resourceType":"Condition","id":"c","code":"oops","description":"Asthma"}`, "Asthma"},
		"not JSON":                               {`{"resourceType":`, "(unreadable record)"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var h struct{ ResourceType string }
			_ = jsonUnmarshalLoose(tc.in, &h)
			if got := Describe(h.ResourceType, []byte(tc.in)); got != tc.want {
				t.Errorf("Describe = %q, want %q", got, tc.want)
			}
		})
	}
	long := strings.Repeat("é", 500)
	if got := Describe("Condition", []byte(`{"resourceType":"Condition","code":{"text":"`+long+`"}}`)); len([]rune(got)) != MaxDescribe || !strings.HasSuffix(got, "…") {
		t.Errorf("long title: %d runes", len([]rune(got)))
	}
}

func jsonUnmarshalLoose(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func TestOneLinePerEvent(t *testing.T) {
	titles := map[string]string{"a": "Medicine started: Vitamin D", "b": "Medicine started: Vitamin D", "c": "Medicine started: Vitamin D",
		"d": "Dose taken: Vitamin D", "e": "Body weight: 80 kg", "f": "Body weight: 80 kg"}
	ev := func(id, profile, date string, k Kind) Event {
		return Event{Date: date, Kind: k, Key: Key{ID: id}, Profile: profile}
	}
	events := []Event{
		ev("a", "me", "2026-01-02T10:00:00Z", KindMedicine),
		ev("b", "me", "2026-01-02T00:00:00Z", KindMedicine),  // the same event from a statement
		ev("c", "mum", "2026-01-02T00:00:00Z", KindMedicine), // another person's: kept
		ev("d", "me", "2026-01-02T00:00:00Z", KindMedicine),  // another event: kept
		ev("e", "me", "2026-01-02T00:00:00Z", KindResult),
		ev("f", "me", "2026-01-02T00:00:00Z", KindResult), // results not compared here
	}
	calls := 0
	got := OneLinePerEvent(events, func(e *Event) string { calls++; return titles[e.Key.ID] }, KindMedicine)
	var ids []string
	for _, e := range got {
		ids = append(ids, e.Key.ID)
	}
	if strings.Join(ids, "") != "acdef" || calls != 4 {
		t.Errorf("kept %v after %d title calls", ids, calls)
	}
	if len(events) != 6 || events[1].Key.ID != "b" {
		t.Error("the input was changed")
	}
}

func TestBillsByYear(t *testing.T) {
	eob := func(id, date string, total, paid float64, cur string) Resource {
		return Resource{Key: Key{LocalSource, "ExplanationOfBenefit", id}, JSON: []byte(`{"resourceType":"ExplanationOfBenefit","billablePeriod":{"start":"` + date +
			`"},"item":[{"productOrService":{"text":"Check up (procedure)"}}],"total":[{"category":{"coding":[{"code":"submitted"}]},"amount":{"value":` +
			strconv.FormatFloat(total, 'f', -1, 64) + `,"currency":"` + cur + `"}},{"category":{"coding":[{"code":"benefit"}]},"amount":{"value":` + strconv.FormatFloat(paid, 'f', -1, 64) + `,"currency":"` + cur + `"}}]}`)}
	}
	b := Bills(NewSet([]Resource{eob("1", "2025-03-01", 1200, 1000, "USD"), eob("2", "2025-07-09", 100.5, 80, "USD"),
		eob("3", "2024-01-05", 50, 0, "EUR"), eob("4", "2024-02-05", 10, 0, "USD")}, nil), nil)
	years := b.ByYear()
	if len(years) != 2 || years[0].Year != "2025" || years[1].Year != "2024" {
		t.Fatalf("years %+v", years)
	}
	y := years[0]
	// The statements give no share of the person's: it is not made up as total less paid (F114).
	if y.Count != "2 bills" || y.Total != "$1,300.50" || y.Paid != "$1,080.00" || y.Share != "not stated" {
		t.Errorf("2025 totals %+v", y)
	}
	if r := y.Rows[0]; r.Date != "9 Jul 2025" || r.Visit != "Check up" || r.Total != "$100.50" || r.Paid != "$80.00" || r.Share != "not stated" {
		t.Errorf("row %+v", r)
	}
	// Two currencies in a year are not added up.
	if years[1].Total != "" || years[1].Rows[1].Total != "€50.00" {
		t.Errorf("2024 %+v", years[1])
	}
}

// A date-only record belongs to its own calendar day in every zone: west of UTC it used to
// show a day early (its midnight UTC is the evening before there). A timed one belongs to
// the day of its wall clock in the zone.
func TestEventDay_DateOnlyInEveryZone(t *testing.T) {
	for _, zone := range []string{"America/Los_Angeles", "Pacific/Auckland", "UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatalf("zone %s: %v", zone, err)
		}
		dateOnly := Event{Date: "2020-03-04T00:00:00Z"}
		if d, c := dateOnly.Day(loc), dateOnly.Clock(loc); d != "2020-03-04" || c != "" {
			t.Errorf("%s: date-only event on %s at %q", zone, d, c)
		}
		p := Point{T: time.Date(2020, 3, 4, 0, 0, 0, 0, time.UTC), DateOnly: true}
		if got := DateWords(p.In(loc)); got != "4 Mar 2020" {
			t.Errorf("%s: date-only reading shown on %s", zone, got)
		}
		tr := TextResult{T: p.T, DateOnly: true}
		if got := DateWords(tr.In(loc)); got != "4 Mar 2020" {
			t.Errorf("%s: date-only text result shown on %s", zone, got)
		}
	}
	la, _ := time.LoadLocation("America/Los_Angeles")
	akl, _ := time.LoadLocation("Pacific/Auckland")
	timed := Event{Date: "2020-03-04T05:30:00Z"} // 21:30 on the 3rd in Los Angeles, 18:30 on the 4th in Auckland
	for _, tc := range []struct {
		loc       *time.Location
		day, time string
	}{{la, "2020-03-03", "21:30"}, {akl, "2020-03-04", "18:30"}, {time.UTC, "2020-03-04", "05:30"}} {
		if d, c := timed.Day(tc.loc), timed.Clock(tc.loc); d != tc.day || c != tc.time {
			t.Errorf("%s: timed event on %s at %s, want %s at %s", tc.loc, d, c, tc.day, tc.time)
		}
	}
	// A timed reading keeps its wall clock in the zone.
	p := Point{T: time.Date(2020, 3, 4, 5, 30, 0, 0, time.UTC)}
	if got := DateTimeWords(p.In(la)); got != "3 Mar 2020, 21:30" {
		t.Errorf("timed reading in Los Angeles: %s", got)
	}
	if (&Event{Date: "2020-03"}).Day(la) != "2020-03" {
		t.Error("an unreadable date is given back")
	}
}

// A record dated by its month or year alone is of that month or year, not of its first day
// ("1 Nov 1999" and "1 Jan 1999" before the precision was kept), and a reading taken at
// exactly midnight UTC keeps its time (it was shown as a date alone). Records stored before
// the precision was kept (PrecisionUnknown) read midnight UTC as a date alone, as before.
func TestIndexDatePrecision(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	for _, c := range []struct {
		sortable          string
		p                 fhirjson.Precision
		words, day, clock string
	}{
		{"1999-01-01T00:00:00Z", fhirjson.PrecisionYear, "1999", "1999", ""},
		{"1999-11-01T00:00:00Z", fhirjson.PrecisionMonth, "November 1999", "1999-11", ""},
		{"1999-11-04T00:00:00Z", fhirjson.PrecisionDay, "4 Nov 1999", "1999-11-04", ""},
		{"2020-03-04T00:00:00Z", fhirjson.PrecisionTime, "3 Mar 2020", "2020-03-03", "16:00"},
		{"2020-03-04T00:00:00Z", fhirjson.PrecisionUnknown, "4 Mar 2020", "2020-03-04", ""},
		{"2020-03-04T05:30:00Z", fhirjson.PrecisionUnknown, "3 Mar 2020", "2020-03-03", "21:30"},
		{"", fhirjson.PrecisionUnknown, "", "", ""},
	} {
		e := Event{Date: c.sortable, Precision: c.p}
		if got := IndexDate(c.sortable, c.p, la); got != c.words {
			t.Errorf("IndexDate(%s, %d) = %q, want %q", c.sortable, c.p, got, c.words)
		}
		if d, clock := e.Day(la), e.Clock(la); d != c.day || clock != c.clock {
			t.Errorf("%s (%d): day %q at %q, want %q at %q", c.sortable, c.p, d, clock, c.day, c.clock)
		}
	}
	// In UTC a midnight reading shows its midnight.
	if c := (&Event{Date: "2020-03-04T00:00:00Z", Precision: fhirjson.PrecisionTime}).Clock(time.UTC); c != "00:00" {
		t.Errorf("a reading at midnight UTC: clock %q, want 00:00", c)
	}
}
