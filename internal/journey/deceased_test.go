package journey

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// Fletcher Hyatt died on 21 Jan 1996: the summary says so, and his medicines ended then.
func TestSummaryOfDeceasedPerson(t *testing.T) {
	v, ps := vault(t)
	now := utc("2026-12-03T12:00:00Z")
	s, err := BuildSummary(context.Background(), v, ps["fletcher"], utc("1995-01-01T00:00:00Z"), utc("1996-02-01T00:00:00Z"), now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Death.Deceased || s.Death.Date != "1996-01-21" {
		t.Errorf("death %+v", s.Death)
	}
	ended := 0
	for _, m := range s.Medicines {
		if m.State != health.MedPast {
			t.Errorf("%s is %s after death", m.Name, m.State)
		}
		if m.Active {
			ended++
		}
	}
	if ended == 0 {
		t.Error("no medicine still active in the records: the test no longer covers ending at death")
	}
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	var bundle struct {
		Entry []struct {
			Resource struct {
				ResourceType, DeceasedDateTime string
			}
		}
	}
	if err := json.Unmarshal(b, &bundle); err != nil {
		t.Fatal(err)
	}
	deceased := ""
	for _, e := range bundle.Entry {
		if e.Resource.ResourceType == "Patient" {
			deceased = e.Resource.DeceasedDateTime
		}
	}
	if !strings.HasPrefix(deceased, "1996-01-21") || !bytes.Contains(b, []byte("ended at death, 21 Jan 1996")) {
		t.Errorf("the IPS Bundle's Patient died %q; medicines ended at death: %v", deceased, bytes.Contains(b, []byte("ended at death")))
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{"Died 21 Jan 1996", "(ended at death, 21 Jan 1996)", "Born 3 Jul 1915", "(until death)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	// His problems were his until his death, not "current" (as the app's Conditions says).
	if strings.Contains(text, "(current)") || bytes.Contains(b, []byte("(current)")) {
		t.Error("the summary calls a problem of a person who died current")
	}
}

// A result of ±1.7e308 used to put NaN into the PDF's chart; results that cannot be read
// used to vanish without a word.
func TestSummaryUnreadableResults(t *testing.T) {
	v, p := newPerson(t, "Unreadable")
	now := utc("2026-03-10T12:00:00Z")
	obs := func(id, value, when string) string {
		return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"` + when + `","valueQuantity":{"value":` + value + `,"unit":"mg/dL"}}`
	}
	writeAt(t, v, p, storage.AppSource, now, obs("g1", "95", "2026-01-10T08:00:00Z"), obs("g2", "1.7e308", "2026-02-10T08:00:00Z"),
		obs("g3", "-1.7e308", "2026-02-11T08:00:00Z"), obs("g4", "101", "2026-03-01T08:00:00Z"), obs("g5", "99", "sometime"))
	s, err := BuildSummary(context.Background(), v, p, utc("2026-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if s.Unreadable != 3 {
		t.Errorf("Unreadable = %d, want 3", s.Unreadable)
	}
	if len(s.Home) != 1 || s.Home[0].Points.Len() != 2 { // the person's own readings
		t.Fatalf("home measurements %+v", s.Home)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("NaN")) {
		t.Error("the PDF holds NaN")
	}
	text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	if !strings.Contains(text, "3 results could not be read (no usable value or date) and are not shown.") {
		t.Errorf("no note about the unreadable results:\n%s", text)
	}
}
