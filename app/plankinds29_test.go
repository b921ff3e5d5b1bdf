package app

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"carekeeper/internal/ccda"
	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// F300: the HL7 Transfer Summary's care plan read 'TREATMENT PLAN · Other' on the Timeline,
// its planned colonoscopy 'Planned: Colonoscopy · Other'. The rows say what they are, the
// section title in words.
func TestTimeline_CarePlanAndPlannedItemsSayWhatTheyAre(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow}
	res, err := ccda.Convert(context.Background(), bytes.NewReader(testutil.ReadFile(t, fixture(t, "ccda/hl7-examples/Documents/Transfer Summary/Transfer_Summary.xml"))), ccda.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cksync.Import(context.Background(), u.vault, "Transfer_Summary.xml", res.Bundle, cksync.Options{}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	if len(s.people) > 0 {
		s.choose(s.people[0].ID)
		u.idle()
	}
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	seen := map[string]bool{}
	for n, l := range tl.lines {
		if l < 0 {
			continue
		}
		e := &tl.events[l]
		if e.Key.Type != "CarePlan" && e.Key.Type != "ServiceRequest" {
			continue
		}
		c := newRowItem().(*fyne.Container)
		tl.updateItem(n, c)
		title := c.Objects[0].(*fyne.Container).Objects[0].(*widget.Label).Text
		sub := c.Objects[0].(*fyne.Container).Objects[1].(*widget.Label).Text
		seen[e.Key.Type] = true
		if strings.HasPrefix(sub, "Other") || title == strings.ToUpper(title) {
			t.Errorf("%s row %q · %q", e.Key.Type, title, sub)
		}
		if e.Key.Type == "CarePlan" && (title != "Treatment plan" || !strings.HasPrefix(sub, "Care plan")) {
			t.Errorf("care plan row %q · %q, want 'Treatment plan · Care plan'", title, sub)
		}
	}
	if !seen["CarePlan"] || !seen["ServiceRequest"] {
		t.Fatalf("rows of %v, want a care plan and planned items", seen)
	}
}
