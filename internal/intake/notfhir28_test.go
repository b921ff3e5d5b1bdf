package intake

import (
	"errors"
	"strings"
	"testing"
)

// F236: a JSON file that is not a health record (a key set, a settings file) was refused in
// FHIR's words: 'keys.json: Resource has no resourceType at line 1, column 1.' It is said as
// the other files that hold no records are; a FHIR file with a bad entry keeps its own words.
func TestJSONThatIsNotHealthRecords(t *testing.T) {
	for _, name := range []string{"keys.json", "settings.json"} {
		data := `{"keys":[{"kty":"EC","crv":"P-256"}]}`
		if name == "settings.json" {
			data = "{\n  \"theme\": \"dark\",\n  \"zoom\": 1.5\n}\n"
		}
		p := write(t, name, []byte(data))
		_, err := Read(ctx, p, Options{})
		want := p + ": not a file of health records CareKeeper reads: it is JSON, but not health records" +
			" (CareKeeper reads the files that patient portals and health apps give you: a portal's download of your records, a SMART Health Card or its QR code, an Apple Health export)"
		if err == nil || err.Error() != want || !errors.Is(err, ErrNotRecords) {
			t.Errorf("%s: %v\nwant %s", name, err, want)
		}
	}
	bad := write(t, "bundle.json", []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"id":"x"}}]}`))
	if _, err := Read(ctx, bad, Options{}); err == nil || errors.Is(err, ErrNotRecords) || !strings.Contains(err.Error(), "entry 1") {
		t.Errorf("a Bundle whose entry has no resourceType: %v", err)
	}
}
