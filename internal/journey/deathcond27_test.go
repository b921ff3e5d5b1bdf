package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F102: Jules135 died 27 Dec 2016; his sinusitis record says it abated on 29 Dec 2016. The
// visit summary and the IPS Bundle said 'resolved 29 Dec 2016' under 'Died 27 Dec 2016'; a
// resolution after a death is not one the person lived: '(until death)'.
func TestSummaryConditionResolvedAfterDeath(t *testing.T) {
	v, p := newPerson(t, "Resolved after death")
	now := utc("2026-12-05T12:00:00Z")
	writeAt(t, v, p, storage.AppSource, now,
		`{"resourceType":"Patient","id":"jules","birthDate":"1950-01-01","deceasedDateTime":"2016-12-27T10:00:00Z"}`,
		`{"resourceType":"Condition","id":"sinus","clinicalStatus":{"coding":[{"code":"resolved"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"444814009","display":"Viral sinusitis (disorder)"}]},"onsetDateTime":"2016-09-15T10:00:00Z","abatementDateTime":"2016-12-29T10:00:00Z"}`,
		`{"resourceType":"Condition","id":"cold","clinicalStatus":{"coding":[{"code":"resolved"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"82423001","display":"Chronic pain (finding)"}]},"onsetDateTime":"2016-01-05T10:00:00Z","abatementDateTime":"2016-02-01T10:00:00Z"}`)
	s, err := BuildSummary(context.Background(), v, p, utc("2015-01-01T00:00:00Z"), utc("2016-12-31T00:00:00Z"), now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		where, text, want string
		has               bool
	}{
		{"PDF", text, "Died 27 Dec 2016", true},
		{"PDF", text, "Viral sinusitis — since 15 Sep 2016 (until death)", true},
		{"PDF", text, "resolved 29 Dec 2016", false},
		{"PDF", text, "Chronic pain — since 5 Jan 2016 (resolved 1 Feb 2016)", true},
		{"IPS Bundle", string(b), "(until death)", true},
		{"IPS Bundle", string(b), "resolved 2016-12-29", false},
	} {
		if strings.Contains(tc.text, tc.want) != tc.has {
			t.Errorf("%s has %q: %v, want %v", tc.where, tc.want, !tc.has, tc.has)
		}
	}
}
