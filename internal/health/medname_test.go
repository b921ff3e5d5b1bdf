package health

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// F12: records name medicines as RxNorm does ("lisinopril 10 MG Oral Tablet"); the screens,
// reminders and printouts say them in plain words and keep every fact that matters.
func TestMedicineName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// the Synthea fixtures' RxNorm names
		{"Amoxicillin 250 MG/5 ML Oral Suspension", "Amoxicillin 250 mg/5 mL oral suspension"}, // F34 (vapp25)
		{"Ibuprofen 100 MG/5 ML Oral Suspension", "Ibuprofen 100 mg/5 mL oral suspension"},
		{"Amoxicillin 250 MG/5ML Oral Suspension", "Amoxicillin 250 mg/5 mL oral suspension"},
		{"lisinopril 10 MG Oral Tablet", "Lisinopril 10 mg tablet"},
		// F456: strengths under 1 mg as labels write them
		{"calcitriol 0.00025 MG Oral Capsule", "Calcitriol 0.25 mcg capsule"},
		{"albuterol 0.09 MG/ACTUAT Metered Dose Inhaler", "Albuterol 90 mcg per puff inhaler"},
		{"fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler", "Fluticasone propionate 44 mcg per puff inhaler"},
		{"fluticasone propionate 0.11 MG/ACTUAT Metered Dose Inhaler", "Fluticasone propionate 110 mcg per puff inhaler"},
		{"fluticasone propionate 0.05 MG/ACTUAT Nasal Spray", "Fluticasone propionate 50 mcg per spray nasal spray"},
		{"Levothyroxine Sodium 0.075 MG Oral Tablet", "Levothyroxine sodium 75 mcg tablet"},
		{"Levothyroxine Sodium 0.125 MG Oral Tablet", "Levothyroxine sodium 125 mcg tablet"},
		{"Norethindrone 1 MG / Ethinyl Estradiol 0.035 MG Oral Tablet", "Norethindrone 1 mg and ethinyl estradiol 35 mcg tablet"},
		{"LORazepam 0.5 MG Oral Tablet", "Lorazepam 0.5 mg tablet"},
		{"tamsulosin hydrochloride 0.4 MG Oral Capsule", "Tamsulosin hydrochloride 0.4 mg capsule"},
		{"Epinephrine 0.1 MG/ML Injectable Solution", "Epinephrine 0.1 mg/mL injection"},
		{"Epinephrine 0.15 MG/0.3 ML Auto-Injector", "Epinephrine 0.15 mg/0.3 mL auto-injector"},
		{"Hydrochlorothiazide 25 MG Oral Tablet", "Hydrochlorothiazide 25 mg tablet"},
		{"amLODIPine 2.5 MG Oral Tablet", "Amlodipine 2.5 mg tablet"},
		{"diphenhydrAMINE Hydrochloride 25 MG Oral Tablet", "Diphenhydramine hydrochloride 25 mg tablet"},
		{"atomoxetine 100 MG Oral Capsule", "Atomoxetine 100 mg capsule"},
		{"Acetaminophen 160 MG Chewable Tablet", "Acetaminophen 160 mg chewable tablet"},
		{"Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral Tablet", "Acetaminophen 325 mg and oxycodone hydrochloride 5 mg tablet"},
		{"Acetaminophen 21.7 MG/ML / Dextromethorphan Hydrobromide 1 MG/ML / doxylamine succinate 0.417 MG/ML Oral Solution",
			"Acetaminophen 21.7 mg/mL, dextromethorphan hydrobromide 1 mg/mL and doxylamine succinate 0.417 mg/mL oral solution"},
		{"Acetaminophen 300 MG / HYDROcodone Bitartrate 5 MG [Vicodin]", "Acetaminophen 300 mg and hydrocodone bitartrate 5 mg (Vicodin)"},
		{"24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]", "Metoprolol succinate 100 mg 24-hour extended-release tablet (Toprol)"},
		{"Abuse-Deterrent 12 HR Oxycodone Hydrochloride 15 MG Extended Release Oral Tablet", "Oxycodone hydrochloride 15 mg abuse-deterrent 12-hour extended-release tablet"},
		{"0.25 ML Leuprolide Acetate 30 MG/ML Prefilled Syringe", "Leuprolide acetate 30 mg/mL prefilled syringe, 0.25 mL"},
		{"1 ML DOCEtaxel 20 MG/ML Injection", "Docetaxel 20 mg/mL injection, 1 mL"},
		{"10 ML Furosemide 10 MG/ML Injection", "Furosemide 10 mg/mL injection, 10 mL"},
		{"NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector", "Epinephrine 1 mg/mL auto-injector, 0.3 mL"},
		{"Etonogestrel 68 MG Drug Implant", "Etonogestrel 68 mg implant"},
		{"Hydrocortisone 10 MG/ML Topical Cream", "Hydrocortisone 10 mg/mL cream"},
		{"Nystatin 100UNT/MG Topical Ointment", "Nystatin 100 units/mg ointment"},
		{"Nystex 100,000 UNT/GM Topical Ointment", "Nystex 100,000 units/g ointment"},
		{"NuvaRing 0.12/0.015 MG per 24HR 21 Day Vaginal Ring", "NuvaRing 0.12/0.015 mg per 24 hours 21-day vaginal ring"},
		{"Camila 28 Day Pack", "Camila 28-day pack"},
		{"Prednisone 5mg Oral Tablet 48 Count Pack", "Prednisone 5 mg tablet pack of 48"},
		{"Colchicine 0.6 MG [Colcrys]", "Colchicine 0.6 mg (Colcrys)"},
		{"Vitamin B 12 5 MG/ML Injectable Solution", "Vitamin B 12 5 mg/mL injection"},
		{"Lantus 100 unit/ml injectable solution", "Lantus 100 units/mL injection"},
		{"Lipitor 40 MG Tablet", "Lipitor 40 mg tablet"},
		{"sodium fluoride 0.0272 MG/MG Oral Gel", "Sodium fluoride 0.0272 mg/mg oral gel"},
		{"Proventil HFA 90mcg/actuat metered dose inhaler, 200 actuat", "Proventil HFA 90 mcg per puff inhaler, 200 puffs"},
		{"Nasonex 0.05mg/ACTUAT Nasal Inhaler", "Nasonex 50 mcg per spray nasal inhaler"},
		{"Amoxicillin 250mg/5ml Suspension", "Amoxicillin 250 mg/5 mL suspension"},
		{"Tylenol 500mg", "Tylenol 500 mg"},
		{"Azithromycin 500mg oral tablet (Zithromax)", "Azithromycin 500 mg tablet (Zithromax)"},
		// names already in words keep them
		{"Tylenol Extra Strength 500 mg oral powder", "Tylenol Extra Strength 500 mg oral powder"},
		{"Warfarin Sodium", "Warfarin Sodium"},
		{"DTaP-IPV injection", "DTaP-IPV injection"},
		{"Black Cohosh Extract herbal supplement", "Black Cohosh Extract herbal supplement"},
		{"Amoxicillin (product)", "Amoxicillin"},
		{"Vitamin D", "Vitamin D"},
		{"", ""},
	} {
		if got := MedicineName(tc.in); got != tc.want {
			t.Errorf("MedicineName(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// Every medicine name in the fixtures keeps its numbers (strengths, amounts, pack sizes) and
// loses RxNorm's capitals ("MG", "ML", "Oral Tablet").
func TestMedicineName_FixturesKeepTheirNumbers(t *testing.T) {
	names := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if rt, _ := v["resourceType"].(string); strings.HasPrefix(rt, "Medication") {
				for _, k := range []string{"medicationCodeableConcept", "code"} {
					if c, ok := v[k].(map[string]any); ok {
						if cs, ok := c["coding"].([]any); ok {
							for _, cd := range cs {
								if d, ok := cd.(map[string]any)["display"].(string); ok {
									names[d] = true
								}
							}
						}
					}
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	files := testutil.Fixtures(t, "synthea/*.json")
	more, _ := filepath.Glob(filepath.Join(testutil.FixturesDir(t), "*", "*", "*.json"))
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if json.Unmarshal(b, &v) == nil {
			walk(v)
		}
	}
	if len(names) < 40 {
		t.Fatalf("%d medicine names in the fixtures, want at least 40", len(names))
	}
	number := regexp.MustCompile(`[0-9]+(?:[.,][0-9]+)*`)
	coded := regexp.MustCompile(`\b(MG|ML|MCG|UNT|ACTUAT)\b|Oral Tablet`)
	for n := range names {
		got := MedicineName(n)
		if got == "" {
			t.Errorf("MedicineName(%q) is empty", n)
		}
		for _, num := range number.FindAllString(n, -1) {
			if strings.HasPrefix(n, "NDA") && strings.Contains(n, "NDA"+num) {
				continue // the application number is left out
			}
			// under 1 mg, the label's micrograms (F456): 0.09 → 90 mcg
			if v, err := strconv.ParseFloat(num, 64); err == nil && v < 1 && strings.Contains(got, strconv.FormatFloat(v*1000, 'f', -1, 64)+" mcg") {
				continue
			}
			if !strings.Contains(got, num) {
				t.Errorf("MedicineName(%q) = %q lost %q", n, got, num)
			}
		}
		if !strings.ContainsAny(n, "()") && coded.MatchString(got) {
			t.Errorf("MedicineName(%q) = %q keeps RxNorm's capitals", n, got)
		}
	}
}

// F12: a heart rate is "72 beats a minute", a breathing rate "16 breaths a minute", not "72/min".
func TestUnitOf_RatesSayWhatIsCounted(t *testing.T) {
	for _, tc := range []struct {
		code, unit string
		v          float64
		want       string
	}{
		{"http://loinc.org|8867-4", "/min", 72.4, "72 beats a minute"},
		{"8867-4", "{beats}/min", 60, "60 beats a minute"},
		{"8867-4", "bpm", 58, "58 beats a minute"},
		{"http://loinc.org|9279-1", "/min", 16, "16 breaths a minute"},
		{"", "/min", 16, "16 per minute"},
		{"", "{breaths}/min", 14, "14 breaths a minute"},
		{"http://loinc.org|8867-4", "kg", 3, "3 kg"}, // a heart-rate code with another unit keeps it
		{"29463-7", "kg", 82.75, "82.8 kg"},
		{"39156-5", "kg/m2", 26.47, "26.5 kg/m²"},
		{"8310-5", "Cel", 37.04, "37°C"},
		{"59408-5", "%", 97, "97%"},
	} {
		if got := ValueOf(tc.code, "", tc.v, tc.unit); got != tc.want {
			t.Errorf("ValueOf(%q, %v %q) = %q, want %q", tc.code, tc.v, tc.unit, got, tc.want)
		}
	}
	se := &Series{Code: "http://loinc.org|8867-4", Unit: "/min"}
	if se.UnitWords() != "beats a minute" || se.Value("", 72) != "72 beats a minute" {
		t.Errorf("heart rate series: %q, %q", se.UnitWords(), se.Value("", 72))
	}
}

// A birth date that cannot be one is said as the record's error, never as a day of birth.
func TestBornWords(t *testing.T) {
	now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ in, want, cell string }{
		{"1915-07-03", "born 3 Jul 1915", "3 Jul 1915"},
		{"1915", "born 1915", "1915"},
		{"2026-12-04", "born 4 Dec 2026", "4 Dec 2026"},
		{"2030-01-01", "birth date in the record is in the future (1 Jan 2030)", "in the future in the record (1 Jan 2030)"},
		{"2027", "birth date in the record is in the future (2027)", "in the future in the record (2027)"},
		{"1914-02-29", "birth date in the record is not a real date (1914-02-29)", "not a real date (1914-02-29)"},
		{"", "", ""},
	} {
		if got := BornWords(tc.in, now); got != tc.want {
			t.Errorf("BornWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := BirthWordsAt(tc.in, now); got != tc.cell {
			t.Errorf("BirthWordsAt(%q) = %q, want %q", tc.in, got, tc.cell)
		}
	}
}

// F25: a blood pressure panel's title was LOINC's name ("Blood pressure panel with all
// children optional: 1…" at 200 % text): it is "Blood pressure: 104/62 mmHg".
func TestDescribe_BloodPressurePanelInWords(t *testing.T) {
	obs := `{"resourceType":"Observation","id":"bp","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel with all children optional"}]},` +
		`"effectiveDateTime":"2026-12-03","component":[` +
		`{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":104,"unit":"mmHg","code":"mm[Hg]"}},` +
		`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":62,"unit":"mmHg","code":"mm[Hg]"}}]}`
	if got := Describe("Observation", []byte(obs)); got != "Blood pressure: 104/62 mmHg" {
		t.Errorf("Describe = %q", got)
	}
	hr := `{"resourceType":"Observation","id":"hr","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},"valueQuantity":{"value":72,"unit":"/min","code":"/min"}}`
	if got := Describe("Observation", []byte(hr)); got != "Heart rate: 72 beats a minute" {
		t.Errorf("Describe = %q", got)
	}
}
