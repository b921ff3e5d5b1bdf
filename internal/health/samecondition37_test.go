package health

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// F471: one type 2 diabetes, coded SNOMED 44054006 by one clinic and ICD-10-CM E11.9 by
// another (no code shared), was two conditions on the list, the visit summary and the Timeline.
// Codes known to mean one condition (conditionClasses) are one row — never two people's, two
// types of diabetes, a code saying more (E11.22), or records saying another onset or state.
func TestOneConditionCodedTwoWays(t *testing.T) {
	type rec struct {
		profile, system, code, display, extra string
	}
	cond := func(i int, r rec) Resource {
		return Resource{Key: Key{fmt.Sprintf("https://clinic%d.example", i), "Condition", fmt.Sprintf("c%d", i)}, Profile: r.profile,
			JSON: []byte(`{"resourceType":"Condition","code":{"coding":[{"system":"` + r.system + `","code":"` + r.code + `","display":"` + r.display + `"}]}` + r.extra + `}`)}
	}
	const (
		sct = "http://snomed.info/sct"
		cm  = "http://hl7.org/fhir/sid/icd-10-cm"
		who = "http://hl7.org/fhir/sid/icd-10"
	)
	active := `,"clinicalStatus":{"coding":[{"code":"active"}]}`
	onset := func(d string) string { return active + `,"onsetDateTime":"` + d + `"` }
	recorded := func(d string) string { return active + `,"recordedDate":"` + d + `"` }
	for _, tc := range []struct {
		name string
		a, b rec
		rows int
		want string // the one row's line, when one
		tl   int    // on the Timeline: 1 line, 2 lines, 0 not asked (no day)
	}{
		{"type 2 diabetes, SNOMED and ICD-10-CM", rec{"p", sct, "44054006", "Type 2 diabetes mellitus", onset("2015-03-01")}, rec{"p", cm, "E11.9", "Type 2 diabetes mellitus without complications", onset("2015-03-01")}, 1, "Type 2 diabetes mellitus · Current · since 1 Mar 2015", 1},
		{"an ICD code without its dot", rec{"p", sct, "44054006", "Type 2 diabetes mellitus", onset("2015-03-01")}, rec{"p", who, "e119", "NIDDM", onset("2015-03-01")}, 1, "", 1},
		{"the record giving the onset is the row", rec{"p", cm, "E11.9", "Type 2 diabetes mellitus without complications", recorded("2024-06-02")}, rec{"p", sct, "44054006", "Type 2 diabetes mellitus", onset("2015-03-01")}, 1, "Type 2 diabetes mellitus · Current · since 1 Mar 2015", 2},
		{"an onset to the year and to the day", rec{"p", sct, "38341003", "Hypertension", onset("2010")}, rec{"p", who, "I10", "Essential (primary) hypertension", onset("2010-05-04")}, 1, "", 0},
		{"asthma", rec{"p", sct, "195967001", "Asthma", active}, rec{"p", cm, "J45.909", "Unspecified asthma, uncomplicated", active}, 1, "", 0},
		{"COPD", rec{"p", sct, "13645005", "COPD", active}, rec{"p", who, "J44.9", "COPD, unspecified", active}, 1, "", 0},
		{"heart failure", rec{"p", sct, "84114007", "Heart failure", active}, rec{"p", cm, "I50.9", "Heart failure, unspecified", active}, 1, "", 0},
		{"atrial fibrillation", rec{"p", sct, "49436004", "Atrial fibrillation", active}, rec{"p", cm, "I48.91", "Unspecified atrial fibrillation", active}, 1, "", 0},
		{"hypothyroidism", rec{"p", sct, "40930008", "Hypothyroidism", active}, rec{"p", cm, "E03.9", "Hypothyroidism, unspecified", active}, 1, "", 0},
		{"CKD", rec{"p", sct, "709044004", "Chronic kidney disease", active}, rec{"p", who, "N18.9", "Chronic kidney disease, unspecified", active}, 1, "", 0},
		{"type 1 diabetes", rec{"p", sct, "46635009", "Type 1 diabetes mellitus", active}, rec{"p", cm, "E10.9", "Type 1 diabetes mellitus without complications", active}, 1, "", 0},
		// two
		{"two people", rec{"p", sct, "44054006", "Type 2 diabetes mellitus", onset("2015-03-01")}, rec{"q", cm, "E11.9", "Type 2 diabetes", onset("2015-03-01")}, 2, "", 0},
		{"type 1 and type 2", rec{"p", sct, "46635009", "Type 1 diabetes mellitus", active}, rec{"p", cm, "E11.9", "Type 2 diabetes", active}, 2, "", 0},
		{"a code saying more", rec{"p", sct, "44054006", "Type 2 diabetes mellitus", active}, rec{"p", cm, "E11.22", "Type 2 diabetes mellitus with diabetic chronic kidney disease", active}, 2, "", 0},
		{"another onset", rec{"p", sct, "44054006", "Type 2 diabetes mellitus", onset("2015-03-01")}, rec{"p", cm, "E11.9", "Type 2 diabetes", onset("2019-07-01")}, 2, "", 2},
		{"current and over", rec{"p", sct, "195967001", "Asthma", active}, rec{"p", cm, "J45.909", "Asthma", `,"clinicalStatus":{"coding":[{"code":"resolved"}]},"abatementDateTime":"2020-01-01"`}, 2, "", 0},
		{"confirmed and not", rec{"p", sct, "84114007", "Heart failure", active}, rec{"p", cm, "I50.9", "Heart failure", active + `,"verificationStatus":{"coding":[{"code":"provisional"}]}`}, 2, "", 0},
		{"current and over, one onset", rec{"p", sct, "195967001", "Asthma", onset("2020-01-01")}, rec{"p", cm, "J45.909", "Asthma", `,"clinicalStatus":{"coding":[{"code":"resolved"}]},"onsetDateTime":"2020-01-01","abatementDateTime":"2021-01-01"`}, 2, "", 2},
		{"a code saying more, one onset", rec{"p", sct, "44054006", "Type 2 diabetes mellitus", onset("2015-03-01")}, rec{"p", cm, "E11.22", "Type 2 diabetes mellitus with diabetic CKD", onset("2015-03-01")}, 2, "", 2},
		{"WHO's fibrillation and flutter", rec{"p", sct, "49436004", "Atrial fibrillation", active}, rec{"p", who, "I48.9", "Atrial fibrillation and atrial flutter, unspecified", active}, 2, "", 0},
	} {
		s := NewSet([]Resource{cond(1, tc.a), cond(2, tc.b)}, nil)
		cur, past := Conditions(s)
		all := append(cur, past...)
		if len(all) != tc.rows {
			t.Errorf("%s: %d rows, want %d", tc.name, len(all), tc.rows)
			continue
		}
		if tc.rows == 1 {
			if got := all[0].Name + " · " + all[0].Line(Death{}); tc.want != "" && got != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
			}
			if len(all[0].Sources) != 2 {
				t.Errorf("%s: from %v, want both clinics", tc.name, all[0].Sources)
			}
		}
		if tc.tl != 0 {
			if same := SameEvent("Condition", cond(1, tc.a).JSON, cond(2, tc.b).JSON, nil); same != (tc.tl == 1) {
				t.Errorf("%s: SameEvent = %v, want %v", tc.name, same, tc.tl == 1)
			}
		}
	}
}

// Every class names a SNOMED and an ICD-10-CM code; no code is in two classes; ICD codes are
// written as conditionClassOf compares them.
func TestConditionClassesAreExplicit(t *testing.T) {
	seen := map[string]string{}
	var classes []string
	for c := range conditionClasses {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	for _, class := range classes {
		systems := conditionClasses[class]
		if len(systems[sysSNOMED]) == 0 || len(systems[icd10CM]) == 0 {
			t.Errorf("%s: no SNOMED or no ICD-10-CM code", class)
		}
		for _, sys := range []string{sysSNOMED, icd10CM, icd10WHO} {
			for _, code := range systems[sys] {
				if sys != sysSNOMED && code != strings.ToUpper(strings.ReplaceAll(code, ".", "")) {
					t.Errorf("%s: %s written with a dot or in small letters", class, code)
				}
				if other := seen[sys+"|"+code]; other != "" {
					t.Errorf("%s|%s in %s and %s", sys, code, other, class)
				}
				seen[sys+"|"+code] = class
			}
		}
	}
}
