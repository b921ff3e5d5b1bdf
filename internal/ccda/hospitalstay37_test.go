package ccda_test

import (
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/health"
)

// F484: the stay of a discharge summary whose encompassingEncounter has no code (HL7's own
// example, many hospitals' letters) was "unknown · Visit" on the Timeline: the Encounter's
// only words were the null flavour's display. It is a hospital stay.
func TestDischargeSummaryStayIsAHospitalStay(t *testing.T) {
	docs := documents(t)
	data := docs["Documents/Discharge Summary/Discharge_Summary.xml"]
	if data == nil {
		t.Fatal("no discharge summary fixture")
	}
	var stay map[string]any
	for _, e := range resources(t, convert(t, data).Bundle, "Encounter") {
		if ids, _ := e["identifier"].([]any); len(ids) > 0 && strings.Contains(toJSON(t, ids), "9937012") {
			stay = e
		}
	}
	if stay == nil {
		t.Fatal("no Encounter of the header's stay")
	}
	if got := health.Describe("Encounter", []byte(toJSON(t, stay))); got != "Hospital stay" {
		t.Errorf("the stay is titled %q, want Hospital stay: %s", got, toJSON(t, stay))
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
