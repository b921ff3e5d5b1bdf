package intake

import (
	"errors"
	"strings"
	"testing"
)

// F427 (6): a CSV of weights from a scale app was refused as "not valid JSON (unexpected
// character) at line 1, column 1"; a file of plain text is said as what it is, as a PDF is.
func TestTextFileSaidAsWhatItIs(t *testing.T) {
	for _, tc := range []struct{ name, data, what string }{
		{"weights.csv", "weight,84.4,kg\nweight,84.9,kg\n", "a CSV (spreadsheet) file"},
		{"export.csv", "\xef\xbb\xbfDate;Systolic;Diastolic\r\n2026-12-01;132;84\r\n", "a CSV (spreadsheet) file"},
		{"notes.txt", "Mum's medicines: Metformin 500 mg twice a day\n", "a text file"},
	} {
		_, err := Read(ctx, write(t, tc.name, []byte(tc.data)), Options{})
		want := "not a file of health records CareKeeper reads: it is " + tc.what + " ("
		if err == nil || !errors.Is(err, ErrNotRecords) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v\nwant …%s…", tc.name, err, want)
		}
	}
	for _, ok := range []string{`{"resourceType":"Patient","id":"p"}`, "{\"resourceType\":\"Patient\",\"id\":\"p\"}\n{\"resourceType\":\"Patient\",\"id\":\"q\"}\n"} {
		if _, err := Read(ctx, write(t, "x.json", []byte(ok)), Options{}); err != nil {
			t.Errorf("a FHIR file: %v", err)
		}
	}
}
