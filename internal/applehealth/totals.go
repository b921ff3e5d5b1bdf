package applehealth

import (
	"bytes"
	"encoding/json"
	"strings"
)

// dailyTotal is what KeepStoredTotal reads of a daily total.
type dailyTotal struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Code         struct {
		Coding []struct {
			System string `json:"system"`
			Code   string `json:"code"`
		} `json:"coding"`
	} `json:"code"`
	ValueQuantity *struct {
		Value *float64 `json:"value"`
		Code  string   `json:"code"`
	} `json:"valueQuantity"`
}

// readTotal reads o as a daily total of steps or active energy made by Scan, or reports false.
func readTotal(o []byte) (dailyTotal, bool) {
	var t dailyTotal
	if json.Unmarshal(o, &t) != nil || t.ResourceType != "Observation" || !strings.HasPrefix(t.ID, "ah-") ||
		t.ValueQuantity == nil || t.ValueQuantity.Value == nil {
		return t, false
	}
	for _, c := range t.Code.Coding {
		if c.System == "http://loinc.org" && (c.Code == kinds["HKQuantityTypeIdentifierStepCount"].code || c.Code == kinds["HKQuantityTypeIdentifierActiveEnergyBurned"].code) {
			return t, true
		}
	}
	return t, false
}

// DailyTotalID is the id of o when it is a daily total (steps or active energy) Scan made:
// the same for the same person and day in every export (a hash of the person, its type and day).
func DailyTotalID(o []byte) (string, bool) {
	// Most of what Scan makes is not a daily total: a look for the codes before decoding.
	if !bytes.Contains(o, []byte(`"41950-7"`)) && !bytes.Contains(o, []byte(`"41981-2"`)) {
		return "", false
	}
	t, ok := readTotal(o)
	return t.ID, ok
}

// KeepStoredTotal reports whether the daily total stored under o's id (stored) is larger than
// o in the same unit, so o must not replace it. An older export imported after a newer one
// holds fewer of the day's samples: its total is lower, and a day's total never drops by
// importing again (22 Nov: 5400 steps stays 5400, not the older export's 4600). Anything
// else — no stored total, another unit, a larger o — lets o replace it.
func KeepStoredTotal(o, stored []byte) bool {
	n, ok := readTotal(o)
	if !ok || stored == nil {
		return false
	}
	s, ok := readTotal(stored)
	return ok && s.ID == n.ID && s.ValueQuantity.Code == n.ValueQuantity.Code && *s.ValueQuantity.Value > *n.ValueQuantity.Value
}
