package health

import "testing"

// F557 item 3: Zofia's estimated due date (an exam's Observation 11778-8 whose value is the
// date 2027-03-30) was on the Timeline only, not among her results. A result given as a date
// is a result in words, "30 Mar 2027", its kind "a date"; a due date whatever its category.
func TestDueDateIsAResult(t *testing.T) {
	s := NewSet([]Resource{{Key: Key{LocalSource, "Observation", "edd"}, Profile: "zofia", JSON: []byte(`{"resourceType":"Observation","id":"edd","status":"final","category":[{"coding":[{"code":"exam"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"11778-8","display":"Delivery date Estimated"}],"text":"Przewidywany termin porodu"},"effectiveDateTime":"2026-08-20T10:00:00+02:00","valueDateTime":"2027-03-30"}`)}}, nil)
	trs := TextResults(s)
	if len(trs) != 1 {
		t.Fatalf("%d results in words, want the due date: %+v", len(trs), trs)
	}
	tr := trs[0]
	if tr.Name != "Przewidywany termin porodu" || tr.Text != "30 Mar 2027" || tr.Kind() != "a date" || tr.Code != LOINC+"|11778-8" {
		t.Errorf("due date read as %+v (kind %q)", tr, tr.Kind())
	}
}
