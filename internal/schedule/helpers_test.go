package schedule

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func mustLoad(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("zone %s: %v", name, err)
	}
	return loc
}

// medReq wraps Dosage JSON objects into a MedicationRequest authored on authored.
func medReq(authored string, dosages ...string) []byte {
	a := ""
	if authored != "" {
		a = fmt.Sprintf(`"authoredOn":%q,`, authored)
	}
	return []byte(`{"resourceType":"MedicationRequest",` + a + `"status":"active","dosageInstruction":[` + strings.Join(dosages, ",") + `]}`)
}

// local parses "2006-01-02 15:04" in loc.
func local(tb testing.TB, loc *time.Location, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

const atLayout = "2006-01-02 15:04 -0700"

func fmtOcc(o []Occurrence) []string {
	s := make([]string, len(o))
	for i, x := range o {
		s[i] = x.At.Format(atLayout) + " " + x.Key
	}
	return s
}

func keysOf(o []Occurrence) []string {
	s := make([]string, len(o))
	for i, x := range o {
		s[i] = x.Key
	}
	return s
}
