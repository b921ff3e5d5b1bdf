package health

import (
	"strings"
	"testing"
	"time"
)

// F441, F427 (3): the rule that makes one Timeline row of one vaccination from a health card
// and the GP's file, and of a weighing keyed twice, is conservative: two doses, two days, two
// values, a day alone, a panel, a record entered in error are two.
func TestSameEventIsConservative(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	imm := func(code, when, more string) string {
		return `{"resourceType":"Immunization","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"` + code + `"}]},` +
			`"occurrenceDateTime":"` + when + `"` + more + `}`
	}
	obs := func(code, when, value string) string {
		return `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + code + `"}]},"effectiveDateTime":"` + when + `"` + value + `}`
	}
	kg := func(v string) string {
		return `,"valueQuantity":{"value":` + v + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}`
	}
	bp := func(sys, dia string) string {
		return `,"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":` + sys + `,"unit":"mm[Hg]"}},` +
			`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":` + dia + `,"unit":"mm[Hg]"}}]`
	}
	for _, c := range []struct {
		name, typ, a, b string
		same            bool
	}{
		{"card and GP: one code, one day", "Immunization", imm("94", "2025-09-02", `,"lotNumber":"MMRV0925"`), imm("94", "2025-09-02", ""), true},
		{"a day and a time that day on the person's clock", "Immunization", imm("111", "2026-10-14", ""), imm("111", "2026-10-14T10:00:00+01:00", ""), true},
		{"a time after midnight here, the day before in UTC", "Immunization", imm("111", "2026-10-14", ""), imm("111", "2026-10-13T23:30:00Z", ""), true},
		{"two days", "Immunization", imm("94", "2025-09-02", ""), imm("94", "2025-09-03", ""), false},
		{"two vaccines", "Immunization", imm("94", "2025-09-02", ""), imm("03", "2025-09-02", ""), false},
		{"two lots", "Immunization", imm("207", "2021-01-29", `,"lotNumber":"0000007"`), imm("207", "2021-01-29", `,"lotNumber":"0000099"`), false},
		{"two dose numbers", "Immunization", imm("207", "2021-01-29", `,"protocolApplied":[{"doseNumberPositiveInt":1}]`), imm("207", "2021-01-29", `,"protocolApplied":[{"doseNumberPositiveInt":2}]`), false},
		{"two amounts", "Immunization", imm("140", "2021-01-29", `,"doseQuantity":{"value":0.25,"unit":"mL"}`), imm("140", "2021-01-29", `,"doseQuantity":{"value":0.5,"unit":"mL"}`), false},
		{"one not given", "Immunization", imm("94", "2025-09-02", ""), strings.Replace(imm("94", "2025-09-02", ""), "completed", "not-done", 1), false},
		{"one entered in error", "Immunization", imm("94", "2025-09-02", ""), strings.Replace(imm("94", "2025-09-02", ""), "completed", "entered-in-error", 1), false},
		{"a month alone", "Immunization", imm("94", "2025-09", ""), imm("94", "2025-09", ""), false},
		{"no code", "Immunization", `{"resourceType":"Immunization","status":"completed","vaccineCode":{"text":"MMR"},"occurrenceDateTime":"2025-09-02"}`, `{"resourceType":"Immunization","status":"completed","vaccineCode":{"text":"MMR"},"occurrenceDateTime":"2025-09-02"}`, false},
		{"a weighing keyed twice", "Observation", obs("29463-7", "2026-12-06T07:15:00Z", kg("84.4")), obs("29463-7", "2026-12-06T07:15:00Z", kg("84.4")), true},
		{"one instant in two offsets", "Observation", obs("29463-7", "2026-12-06T07:15:00Z", kg("84.4")), obs("29463-7", "2026-12-06T08:15:00+01:00", kg("84.4")), true},
		{"another value", "Observation", obs("29463-7", "2026-12-06T07:15:00Z", kg("84.4")), obs("29463-7", "2026-12-06T07:15:00Z", kg("84.9")), false},
		{"another unit", "Observation", obs("29463-7", "2026-12-06T07:15:00Z", kg("84.4")), obs("29463-7", "2026-12-06T07:15:00Z", `,"valueQuantity":{"value":84.4,"unit":"lb"}`), false},
		{"another minute", "Observation", obs("29463-7", "2026-12-06T07:15:00Z", kg("84.4")), obs("29463-7", "2026-12-06T07:16:00Z", kg("84.4")), false},
		{"another code", "Observation", obs("29463-7", "2026-12-06T07:15:00Z", kg("84.4")), obs("3141-9", "2026-12-06T07:15:00Z", kg("84.4")), false},
		{"a day alone", "Observation", obs("29463-7", "2026-12-06", kg("84.4")), obs("29463-7", "2026-12-06", kg("84.4")), false},
		{"no value", "Observation", obs("85354-9", "2026-12-06T07:15:00Z", ""), obs("85354-9", "2026-12-06T07:15:00Z", ""), false},
		{"one blood pressure twice", "Observation", obs("85354-9", "2026-12-06T07:15:00Z", bp("128", "82")), obs("85354-9", "2026-12-06T07:15:00Z", bp("128", "82")), true},
		{"two blood pressures", "Observation", obs("85354-9", "2026-12-06T07:15:00Z", bp("128", "82")), obs("85354-9", "2026-12-06T07:15:00Z", bp("128", "84")), false},
		{"one below and one at", "Observation", obs("2339-0", "2026-12-06T07:15:00Z", `,"valueQuantity":{"value":3,"comparator":"<","unit":"mmol/L"}`), obs("2339-0", "2026-12-06T07:15:00Z", `,"valueQuantity":{"value":3,"unit":"mmol/L"}`), false},
		{"one cancelled", "Observation", obs("29463-7", "2026-12-06T07:15:00Z", kg("84.4")), strings.Replace(obs("29463-7", "2026-12-06T07:15:00Z", kg("84.4")), "final", "cancelled", 1), false},
		{"another type", "Condition", `{"resourceType":"Condition","code":{"text":"Asthma"}}`, `{"resourceType":"Condition","code":{"text":"Asthma"}}`, false},
	} {
		if got := SameEvent(c.typ, []byte(c.a), []byte(c.b), london); got != c.same {
			t.Errorf("%s: SameEvent %v, want %v", c.name, got, c.same)
		}
		if got := SameEvent(c.typ, []byte(c.b), []byte(c.a), london); got != c.same {
			t.Errorf("%s (the other way): SameEvent %v, want %v", c.name, got, c.same)
		}
	}
}

// The row's sources: each place once, the last after "and"; one place twice says so.
func TestOneThingWords(t *testing.T) {
	card := Where{Source: "shc", CardIssuer: "https://vaccines.example.nhs.uk/shc", CardChecked: true}
	gp := Where{Source: "https://gp.example.nhs.uk/fhir"}
	for _, c := range []struct {
		ws   []Where
		want string
	}{
		{[]Where{card, gp}, "from a health card by vaccines.example.nhs.uk and from gp.example.nhs.uk"},
		{[]Where{gp, gp}, "from gp.example.nhs.uk (recorded twice)"},
		{[]Where{{Source: AppSource}, {Source: AppSource}, gp}, "entered by you and from gp.example.nhs.uk (3 records)"},
		{[]Where{gp}, "from gp.example.nhs.uk"},
	} {
		if got := OneThingWords(c.ws, time.UTC); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
}
