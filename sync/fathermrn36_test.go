package sync_test

import (
	"errors"
	"fmt"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F466: a clinic summary of Kenji Nakamura, born 30 Jun 1974 — the son, a person here of that
// very name and birth date — carrying his late father's record number went into the father,
// who died in September: the father then "took" the son's metformin and had his HbA1c of
// December. A shared record number with another birth date no longer joins when someone else
// here has the file's name and birth date: the file is refused, nothing is written. Alone, a
// birth date corrected under one record number still joins.
func TestRecordNumberOfTheFatherWithTheSonsBirthDateRefused(t *testing.T) {
	const sys = "urn:oid:2.16.840.1.113883.3.8836"
	file := func(pid, given, family, birth, mrn, obsID, deceased string) []byte {
		return []byte(fmt.Sprintf(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":%q,"identifier":[{"system":%q,"value":%q}],"name":[{"family":%q,"given":[%q]}],"gender":"male","birthDate":%q%s}},
{"resource":{"resourceType":"Observation","id":%q,"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-12-02T10:00:00-08:00","valueQuantity":{"value":6.8,"unit":"%%"}}}]}`,
			pid, sys, mrn, family, given, birth, deceased, obsID, pid))
	}
	for _, c := range []struct {
		name    string
		son     bool // the son is here
		refused bool
	}{
		{"the son is here", true, true},
		{"no one here of the file's name and birth date: a birth date corrected", false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, _ := newVault(t)
			father := importData(t, v, "kenji-sr.json", file("sr", "Kenji", "Nakamura", "1946-02-11", "SFM-004417", "a1c-sr", `,"deceasedDateTime":"2026-09-14"`), cksync.Options{}).Profile
			if c.son {
				importData(t, v, "kenji-jr.json", file("jr", "Kenji", "Nakamura", "1974-06-30", "SFM-019562", "a1c-jr", ""), cksync.Options{})
			}
			before := len(allRecords(t, v, storage.Query{Profile: father}))
			s, err := cksync.Import(ctx, v, "mixup.json", file("mix", "Kenji", "Nakamura", "1974-06-30", "SFM-004417", "a1c-mix", ""), cksync.Options{})
			if !c.refused {
				if err != nil || s.Profile != father {
					t.Fatalf("a birth date corrected under the father's number: %v %+v, want it his", err, s)
				}
				return
			}
			if !errors.Is(err, cksync.ErrRecordNumberAnotherBirth) {
				t.Fatalf("imported: %+v %v, want ErrRecordNumberAnotherBirth", s, err)
			}
			if n := len(allRecords(t, v, storage.Query{Profile: father})); n != before {
				t.Errorf("the father holds %d records, %d before", n, before)
			}
			if got := allRecords(t, v, storage.Query{Type: "Observation"}); len(got) != 2 {
				t.Errorf("%d HbA1c readings, want the two of before", len(got))
			}
		})
	}
}
