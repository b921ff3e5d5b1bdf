package app

import (
	"strings"
	"testing"
)

func TestTypeLabelAndOrder(t *testing.T) {
	if got := typeLabel("RiskAssessment"); got != "Risk assessment" {
		t.Errorf("typeLabel = %q", got)
	}
	// the C-CDA planned items and equipment have plain names, not their FHIR type split in words
	for typ, want := range map[string]string{"ServiceRequest": "Planned care", "DeviceUseStatement": "Equipment in use"} {
		if got := typeLabel(typ); got != want {
			t.Errorf("typeLabel(%s) = %q, want %q", typ, got, want)
		}
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
