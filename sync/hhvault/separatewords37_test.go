package hhvault

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// SeparatePeople's refusals named the people ("these records are of Lily Lindqvist (born 3
// May 2019), not John Smith", "Rose Lindqvist holds none of them now"): an error line reaches
// logs and scrollback, and names no one (one rule for every error: no names, no health data).
func TestSeparateRefusalsNameNobody(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	const ehr, clinic = "https://ehr.example/fhir", "https://clinic.example/fhir"
	v := openVault(t)
	importInto(t, v, "lily-a.json", mixFile(clinic, "lily-a", "Lily", "Lindqvist", "2019-05-03", "LPFM-200872", "29463-7"), "")
	rose := importInto(t, v, "rose.json", mixFile(ehr, "rose-l", "Rose", "Lindqvist", "2019-05-03", "LPFM-200871", "2339-0"), "")
	importInto(t, v, "lily-b.json", mixFile(ehr, "lily-l", "Lily", "Lindqvist", "2019-05-03", "LPFM-200872", "33452-4"), rose)
	john := importInto(t, v, "john.json", mixFile(ehr, "js-1", "John", "Smith", "1958-02-11", "MRN-111", "29463-7"), "")
	ms, err := FindMixed(ctx, v, nil)
	if err != nil || len(ms) != 1 {
		t.Fatalf("FindMixed: %d (%v)", len(ms), err)
	}
	nameless := func(err error) {
		t.Helper()
		if !errors.Is(err, ErrNotSeparated) {
			t.Fatalf("%v, want ErrNotSeparated", err)
		}
		for _, w := range []string{"Lily", "Rose", "Lindqvist", "John", "Smith", "2019"} {
			if strings.Contains(err.Error(), w) {
				t.Errorf("the error names %q: %q", w, err)
			}
		}
	}
	_, err = SeparatePeople(ctx, v, nil, ms[0], john, now)
	nameless(err)
	if _, err := SeparatePeople(ctx, v, nil, ms[0], ms[0].To, now); err != nil {
		t.Fatal(err)
	}
	_, err = SeparatePeople(ctx, v, nil, ms[0], ms[0].To, now) // moved already
	nameless(err)
}
