package applehealth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"carekeeper/internal/applehealth"
	"carekeeper/internal/applehealth/ahtest"
)

func export(t testing.TB, o ahtest.Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := ahtest.Write(&b, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func scan(t *testing.T, data []byte) (*applehealth.Stats, []map[string]any) {
	t.Helper()
	var out []map[string]any
	st, err := applehealth.Scan(context.Background(), bytes.NewReader(data), applehealth.Options{Subject: "Patient/p1"}, func(o []byte) error {
		var m map[string]any
		if err := json.Unmarshal(o, &m); err != nil {
			t.Fatalf("not JSON: %s", o)
		}
		out = append(out, m)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, out
}

func TestScan(t *testing.T) {
	for _, o := range []ahtest.Options{
		{Days: 3, PerDay: 5},
		{Days: 3, PerDay: 5, BrokenDTD: true, VT: true}, // iOS 16's DTD and a U+000B
	} {
		st, obs := scan(t, export(t, o))
		want := map[string]int{"Heart rate": 15, "Blood pressure": 3, "Body weight": 3, "Blood glucose": 3,
			"Oxygen saturation": 3, "Body temperature": 3, "Respiratory rate": 3, "Body height": 1,
			"Steps (daily total)": 3, "Active energy (daily total)": 3}
		for k, n := range want {
			if st.Made[k] != n {
				t.Errorf("%s: %d made, want %d (%v)", k, st.Made[k], n, st.Made)
			}
		}
		if st.Samples() != len(obs) || len(obs) != 40 {
			t.Errorf("%d samples, %d emitted", st.Samples(), len(obs))
		}
		if st.Skipped["HKQuantityTypeIdentifierEnvironmentalAudioExposure"] != 3 || st.Skipped["Workout"] != 1 {
			t.Errorf("skipped %v", st.Skipped)
		}
		ids := map[string]bool{}
		byCode := map[string][]map[string]any{}
		for _, m := range obs {
			id := m["id"].(string)
			if ids[id] {
				t.Errorf("duplicate id %s", id)
			}
			ids[id] = true
			code := m["code"].(map[string]any)["coding"].([]any)[0].(map[string]any)["code"].(string)
			byCode[code] = append(byCode[code], m)
			if m["subject"].(map[string]any)["reference"] != "Patient/p1" {
				t.Errorf("subject %v", m["subject"])
			}
		}
		bp := byCode["85354-9"][0]
		comps := bp["component"].([]any)
		if len(comps) != 2 || bp["valueQuantity"] != nil {
			t.Errorf("blood pressure: %v", bp)
		}
		sys := comps[0].(map[string]any)["valueQuantity"].(map[string]any)
		if sys["value"] != 112.0 || sys["code"] != "mm[Hg]" {
			t.Errorf("systolic %v", sys)
		}
		spo2 := byCode["59408-5"][0]["valueQuantity"].(map[string]any)
		if spo2["value"] != 97.0 || spo2["code"] != "%" {
			t.Errorf("oxygen saturation %v", spo2)
		}
		if g := byCode["15074-8"]; len(g) != 3 || g[0]["valueQuantity"].(map[string]any)["code"] != "mmol/L" {
			t.Errorf("glucose in mmol/L: %v", g)
		}
		w := byCode["29463-7"][0]["valueQuantity"].(map[string]any)
		if w["code"] != "[lb_av]" || w["value"] != 150.0 {
			t.Errorf("weight %v", w)
		}
		steps := byCode["41950-7"][0]
		if v := steps["valueQuantity"].(map[string]any)["value"]; v != 4400.0 {
			t.Errorf("daily steps %v (the Watch's 4400, not the sum with the iPhone's 4000)", v)
		}
		if steps["effectiveDateTime"] != "2024-01-01" || !strings.Contains(steps["note"].([]any)[0].(map[string]any)["text"].(string), "4000") {
			t.Errorf("daily steps: %v", steps)
		}
		hr := byCode["8867-4"][0]
		if hr["device"].(map[string]any)["display"] != "Sam’s Apple Watch (Apple Watch)" || hr["effectiveDateTime"] != "2024-01-01T08:00:00-08:00" {
			t.Errorf("heart rate: %v", hr)
		}
	}
}

// A later export holds the earlier one's samples with the same ids: re-importing adds only the
// new ones.
func TestStableIDs(t *testing.T) {
	_, first := scan(t, export(t, ahtest.Options{Days: 2, PerDay: 3}))
	_, later := scan(t, export(t, ahtest.Options{Days: 4, PerDay: 3}))
	have := map[string]bool{}
	for _, m := range later {
		have[m["id"].(string)] = true
	}
	for _, m := range first {
		if !have[m["id"].(string)] {
			t.Errorf("sample %v of the first export has another id in the later one", m["code"])
		}
	}
}

func TestBadExports(t *testing.T) {
	good := string(export(t, ahtest.Options{Days: 1, PerDay: 1}))
	deep := `<HealthData>` + strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100) + `</HealthData>`
	cases := []struct{ name, data, want string }{
		{"cut off", good[:len(good)/2], "cut off"},
		{"not XML", "hello", "HealthData"},
		{"other root", `<?xml version="1.0"?><ClinicalDocument/>`, "HealthData"},
		{"billion laughs", `<?xml version="1.0"?><!DOCTYPE HealthData [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><HealthData><Record type="&b;"/></HealthData>`, "not well-formed"},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE HealthData [<!ENTITY x SYSTEM "file:///etc/passwd">]><HealthData><Record type="&x;"/></HealthData>`, "not well-formed"},
		{"deep", deep, "nested deeper"},
		{"huge attribute", `<HealthData><Record type="` + strings.Repeat("x", applehealth.MaxTokenBytes+10) + `"/></HealthData>`, "longer than"},
		{"huge text", `<HealthData>` + strings.Repeat("x", applehealth.MaxTokenBytes+10) + `</HealthData>`, "longer than"},
		{"mismatched tags", `<HealthData><Record></Correlation></HealthData>`, "not well-formed"},
		{"two roots", `<HealthData></HealthData><HealthData></HealthData>`, "not well-formed"},
		{"many attributes", `<HealthData><Record` + strings.Repeat(` a="1"`, 1) + manyAttrs() + `/></HealthData>`, "attributes"},
		{"prolog too long", `<?xml version="1.0"?>` + strings.Repeat("<!-- x -->", 200000) + `<HealthData/>`, "before its first element"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := applehealth.Scan(context.Background(), strings.NewReader(tc.data), applehealth.Options{}, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "xxxx") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one short line: %.100s", err)
			}
		})
	}
}

func manyAttrs() string {
	var b strings.Builder
	for i := 0; i < applehealth.MaxAttrs+1; i++ {
		b.WriteString(" b")
		b.WriteString(strings.Repeat("x", i%5+1))
		b.WriteString(string(rune('a' + i%26)))
		b.WriteString(string(rune('a' + i/26)))
		b.WriteString(`="1"`)
	}
	return b.String()
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := applehealth.Scan(ctx, bytes.NewReader(export(t, ahtest.Options{Days: 1})), applehealth.Options{}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled scan: %v", err)
	}
}

func FuzzScan(f *testing.F) {
	f.Add(export(f, ahtest.Options{Days: 1, PerDay: 2}))
	f.Add(export(f, ahtest.Options{Days: 1, PerDay: 1, BrokenDTD: true, VT: true}))
	f.Add([]byte(`<HealthData><Correlation type="HKCorrelationTypeIdentifierBloodPressure"><Record/></Correlation></HealthData>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = applehealth.Scan(context.Background(), bytes.NewReader(data), applehealth.Options{Subject: "Patient/x"}, func(o []byte) error {
			if !json.Valid(o) {
				t.Fatalf("invalid JSON made: %s", o)
			}
			return nil
		})
	})
}

// Blood pressure is read from its correlations; a systolic or diastolic Record that no
// correlation repeats (an app that wrote the values alone) is counted as skipped, not dropped
// without a word (finding F15).
func TestLoneBloodPressureSaid(t *testing.T) {
	rec := func(typ, at, v string) string {
		return `<Record type="HKQuantityTypeIdentifierBloodPressure` + typ + `" sourceName="Omron" unit="mmHg" startDate="` + at + `" endDate="` + at + `" value="` + v + `"/>`
	}
	corr := func(at, sys, dia string) string {
		return `<Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron" startDate="` + at + `" endDate="` + at + `">` +
			rec("Systolic", at, sys) + rec("Diastolic", at, dia) + `</Correlation>`
	}
	const a, b = "2026-12-02 09:00:00 +1300", "2026-12-03 09:00:00 +1300"
	for _, c := range []struct {
		name      string
		body      string
		made, bad int
	}{
		{"a pair without its correlation", rec("Systolic", a, "142") + rec("Diastolic", a, "91"), 0, 2},
		{"correlation after its repeated records", rec("Systolic", a, "142") + rec("Diastolic", a, "91") + corr(a, "142", "91"), 1, 0},
		{"correlation before its repeated records", corr(a, "142", "91") + rec("Systolic", a, "142") + rec("Diastolic", a, "91"), 1, 0},
		{"correlation not repeated at top level", corr(a, "142", "91"), 1, 0},
		{"a lone systolic beside a correlation", corr(a, "142", "91") + rec("Systolic", a, "142") + rec("Diastolic", a, "91") + rec("Systolic", b, "150"), 1, 1},
		{"the same values at another time", corr(a, "142", "91") + rec("Systolic", b, "142") + rec("Diastolic", b, "91"), 1, 2},
		{"two correlations, one repeated", corr(a, "142", "91") + corr(b, "150", "95") + rec("Systolic", b, "150") + rec("Diastolic", b, "95"), 2, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			xml := `<HealthData locale="en_NZ"><ExportDate value="2026-12-03 21:14:09 +1300"/><Me/>` + c.body + `</HealthData>`
			st, obs := scan(t, []byte(xml))
			if st.Made["Blood pressure"] != c.made || len(obs) != c.made {
				t.Errorf("%d blood pressure readings made (%d emitted), want %d", st.Made["Blood pressure"], len(obs), c.made)
			}
			if n := st.Skipped[applehealth.LoneBP]; n != c.bad {
				t.Errorf("%d lone values skipped, want %d (%v)", n, c.bad, st.Skipped)
			}
		})
	}
}

// A value no measurement can have is skipped and said, like an unreadable one: a body weight
// of -5 kg was imported and shown as the person's latest weight (finding F19).
func TestImpossibleValuesSkipped(t *testing.T) {
	const at = `startDate="2026-12-02 09:00:00 +1300" endDate="2026-12-02 09:00:00 +1300"`
	rec := func(typ, unit, v string) string {
		return `<Record type="HKQuantityTypeIdentifier` + typ + `" sourceName="S" unit="` + unit + `" ` + at + ` value="` + v + `"/>`
	}
	bp := func(sys, dia string) string {
		return `<Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="S" ` + at + `>` +
			rec("BloodPressureSystolic", "mmHg", sys) + rec("BloodPressureDiastolic", "mmHg", dia) + `</Correlation>`
	}
	for _, c := range []struct {
		name, body string
		made       int
	}{
		{"weight below zero", rec("BodyMass", "kg", "-5"), 0},
		{"weight zero", rec("BodyMass", "lb", "0"), 0},
		{"heart rate infinite", rec("HeartRate", "count/min", "Inf"), 0},
		{"oxygen saturation over 100 %", rec("OxygenSaturation", "%", "1.2"), 0},
		{"steps below zero", rec("StepCount", "count", "-100"), 0},
		{"blood pressure below zero", bp("-120", "80"), 0},
		{"blood pressure zero", bp("120", "0"), 0},
		// possible ones stay
		{"a weight", rec("BodyMass", "kg", "68.7"), 1},
		{"oxygen saturation 100 %", rec("OxygenSaturation", "%", "1"), 1},
		{"no steps that day", rec("StepCount", "count", "0"), 1},
		{"a blood pressure", bp("120", "80"), 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			xml := `<HealthData locale="en_NZ"><ExportDate value="2026-12-03 21:14:09 +1300"/><Me/>` + c.body + `</HealthData>`
			st, obs := scan(t, []byte(xml))
			if st.Samples() != c.made || len(obs) != c.made {
				t.Errorf("%d made (%d emitted), want %d", st.Samples(), len(obs), c.made)
			}
			n := 0
			for k, v := range st.Skipped {
				if strings.HasSuffix(k, "(a value no measurement can have: zero or below, infinite, or a percentage over 100)") {
					n += v
				}
			}
			if n != 1-c.made {
				t.Errorf("skipped %v", st.Skipped)
			}
		})
	}
}
