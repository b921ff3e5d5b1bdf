package health

import "testing"

// F141: a record's own words as a test's name — a code system's name ('LOINC Code') is no
// name, and a name in capitals ('BLOOD OXYGEN SATURATION') reads as a sentence. F143: the
// teens' PHQ-9 has a plain name like the other scores.
func TestPlainNameOfRecordWords(t *testing.T) {
	for _, tc := range []struct{ code, name, want string }{
		{"http://loinc.org|5085AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "LOINC Code", "A measurement the record does not name"},
		{"", "loinc code", "A measurement the record does not name"},
		{"http://loinc.org|5092AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "BLOOD OXYGEN SATURATION", "Blood oxygen saturation"},
		{"http://loinc.org|5087AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "PULSE", "Pulse"},
		{"", "HEART RATE", "Heart rate"},
		{"", "HIV DNA POLYMERASE CHAIN REACTION, QUALITATIVE", "HIV DNA polymerase chain reaction, qualitative"},
		{"", "REVIEW OF TUBERCULOSIS SCREENING QUESTIONS", "Review of tuberculosis screening questions"},
		{"", "LDL CHOLESTEROL", "LDL cholesterol"},
		{"", "TSH", "TSH"},
		{"", "HIV RAPID TEST, QUALITATIVE", "HIV rapid test, qualitative"},
		{"", "Weight", "Weight"},
		{"http://loinc.org|89204-2", "Patient Health Questionnaire-9: Modified for Teens total score [Reported.PHQ.Teen]", "Depression score for teens (PHQ-9)"},
	} {
		if got := PlainName(tc.code, tc.name); got != tc.want {
			t.Errorf("PlainName(%q, %q) = %q, want %q", tc.code, tc.name, got, tc.want)
		}
	}
}
