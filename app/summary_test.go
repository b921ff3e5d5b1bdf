package app

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"observation with a quantity": {
			`{"resourceType":"Observation","id":"o1","code":{"coding":[{"display":"Body Weight"}],"text":"Body Weight"},"valueQuantity":{"value":86.83489335670869,"unit":"kg"}}`,
			"Body Weight: 86.83 kg"},
		"blood pressure components share a unit": {
			`{"resourceType":"Observation","id":"o2","code":{"text":"Blood Pressure"},"component":[{"valueQuantity":{"value":80,"unit":"mm[Hg]"}},{"valueQuantity":{"value":120.5,"unit":"mm[Hg]"}}]}`,
			"Blood Pressure: 80 / 120.5 mm[Hg]"},
		"components with different units": {
			`{"resourceType":"Observation","id":"o3","code":{"text":"Panel"},"component":[{"valueQuantity":{"value":1,"unit":"a"}},{"valueQuantity":{"value":2,"code":"b"}}]}`,
			"Panel: 1 a, 2 b"},
		"small values keep three significant digits": {
			`{"resourceType":"Observation","id":"o4","code":{"text":"X"},"valueQuantity":{"value":0.0123456,"comparator":"<","unit":"mg"}}`,
			"X: <0.0123 mg"},
		"coded value, display when no text": {
			`{"resourceType":"Observation","id":"o5","code":{"coding":[{"code":"72166-2","display":"Tobacco smoking status"}]},"valueCodeableConcept":{"coding":[{"display":"Never smoker"}]}}`,
			"Tobacco smoking status: Never smoker"},
		"condition": {
			`{"resourceType":"Condition","id":"c1","code":{"text":"Acute bronchitis (disorder)"}}`,
			"Acute bronchitis (disorder)"},
		"immunization": {
			`{"resourceType":"Immunization","id":"i1","vaccineCode":{"text":"Influenza, seasonal"}}`,
			"Influenza, seasonal"},
		"patient name": {
			`{"resourceType":"Patient","id":"p1","name":[{"prefix":["Mr."],"given":["Clemente"],"family":"Kreiger"}]}`,
			"Mr. Clemente Kreiger"},
		"organization name": {
			`{"resourceType":"Organization","id":"org","name":"General Hospital"}`,
			"General Hospital"},
		"encounter type array": {
			`{"resourceType":"Encounter","id":"e1","class":{"code":"AMB"},"type":[{"text":"Encounter for check up"}]}`,
			"Encounter for check up"},
		"encounter class only": {
			`{"resourceType":"Encounter","id":"e2","class":{"code":"AMB"}}`,
			"AMB"},
		"claim: service and total": {
			`{"resourceType":"Claim","id":"cl","type":{"coding":[{"code":"institutional"}]},"item":[{"productOrService":{"text":"Check up"}}],"total":{"value":129.16,"currency":"USD"}}`,
			"Check up: 129.16 USD"},
		"explanation of benefit total array": {
			`{"resourceType":"ExplanationOfBenefit","id":"eob","item":[{"productOrService":{"coding":[{"display":"Check up"}]}}],"total":[{"amount":{"value":12.5,"currency":"USD"}}]}`,
			"Check up: 12.5 USD"},
		"nothing to say: type and id": {
			`{"resourceType":"Provenance","id":"pv1"}`,
			"Provenance/pv1"},
		"newlines collapse": {
			`{"resourceType":"Goal","id":"g","description":{"text":"x"},"title":"Lose\nweight  now"}`,
			"Lose weight now"},
		"not JSON": {`{"resourceType":`, "(unreadable record)"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := summarize([]byte(tc.in)); got != tc.want {
				t.Errorf("summarize = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSummarize_Long(t *testing.T) {
	long := strings.Repeat("é", 500)
	got := summarize([]byte(`{"resourceType":"Condition","id":"c","code":{"text":"` + long + `"}}`))
	if n := len([]rune(got)); n != maxSummary || !strings.HasSuffix(got, "…") {
		t.Errorf("len %d, %q", n, got[len(got)-8:])
	}
}

func TestRoundNumber(t *testing.T) {
	for in, want := range map[string]string{
		"72": "72", "72.5": "72.5", "72.25": "72.25", "72.256": "72.26", "5.001": "5",
		"0.5": "0.5", "0.12345": "0.123", "1e-7": "1e-7", "-3.14159": "-3.14",
	} {
		if got := roundNumber(json.Number(in)); got != want {
			t.Errorf("roundNumber(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestTypeLabelAndOrder(t *testing.T) {
	if got := typeLabel("RiskAssessment"); got != "Risk assessment" {
		t.Errorf("typeLabel = %q", got)
	}
	rows := []typeRow{{Type: "Claim"}, {Type: "RiskAssessment"}, {Type: "Observation"}, {Type: "Condition"}, {Type: "Patient"}}
	sortTypeRows(rows)
	var got []string
	for _, r := range rows {
		got = append(got, r.Type)
	}
	if want := "Condition Observation RiskAssessment Patient Claim"; strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
}

func TestPrettyJSON(t *testing.T) {
	if got := prettyJSON([]byte(`{"a":[1,2]}`)); got != "{\n  \"a\": [\n    1,\n    2\n  ]\n}" {
		t.Errorf("prettyJSON = %q", got)
	}
	big := `{"data":"` + strings.Repeat("A", maxDetail) + `","x":[` + strings.Repeat("1,", 10) + `1]}`
	got := prettyJSON([]byte(big))
	if len(got) > maxDetail+200 || !strings.HasSuffix(got, "only the beginning is shown)") {
		t.Errorf("long resource not cut: %d bytes", len(got))
	}
}

func TestPassphraseProblem(t *testing.T) {
	tests := []struct {
		pass, again, msg string
		final            bool
	}{
		{"", "", "Enter a passphrase.", false},
		{"", "x", "Enter a passphrase.", true},
		{"secret", "", "Type the passphrase again to confirm it.", false},
		{"secret", "sec", "Type the passphrase again to confirm it.", false},
		{"secret", "secrex", "The passphrases do not match.", true},
		{"secret", "secrets", "The passphrases do not match.", true},
		{"secret", "x", "The passphrases do not match.", true},
		{"secret", "secret", "", true},
	}
	for _, tc := range tests {
		msg, final := passphraseProblem(tc.pass, tc.again)
		if msg != tc.msg || final != tc.final {
			t.Errorf("(%q, %q) = %q %v, want %q %v", tc.pass, tc.again, msg, final, tc.msg, tc.final)
		}
	}
}

func TestSentenceAndErrors(t *testing.T) {
	if got := sentence("wrong recovery code: the code looks mistyped"); got != "Wrong recovery code: the code looks mistyped." {
		t.Errorf("sentence = %q", got)
	}
	if got := sentence("done."); got != "Done." {
		t.Errorf("sentence = %q", got)
	}
}
