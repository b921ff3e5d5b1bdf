package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F279: the Timeline listed a visit's claim and the insurer's statement of it as two rows
// 'Encounter for symptom: $85.55 · Bill' — read as billed twice. Each row says which paper it
// is: "Insurance claim" or "Insurer's statement".
func TestTimeline_ClaimAndStatementToldApart(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Ned_Hintz_*.json")
	s := u.shell
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	kinds := map[string]int{}
	for n, l := range tl.lines {
		if l < 0 {
			continue
		}
		e := &tl.events[l]
		if e.Key.Type != "Claim" && e.Key.Type != "ExplanationOfBenefit" {
			continue
		}
		c := newRowItem().(*fyne.Container)
		tl.updateItem(n, c)
		sub := c.Objects[0].(*fyne.Container).Objects[1].(*widget.Label).Text
		kind, _, _ := strings.Cut(sub, " · ")
		kinds[e.Key.Type+": "+kind]++
	}
	if len(kinds) != 2 || kinds["Claim: Insurance claim"] == 0 || kinds["ExplanationOfBenefit: Insurer's statement"] == 0 {
		t.Errorf("the bills' rows say %v, want 'Insurance claim' and 'Insurer's statement'", kinds)
	}
}
