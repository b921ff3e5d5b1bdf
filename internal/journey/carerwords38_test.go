package journey

import (
	"context"
	"strings"
	"testing"
	"time"
)

// F505 (domain words): a carer looking at Tobi's page was told "Your blood sugar was very low"
// and "Your condition: Diabetes mellitus type 1", as if they were Tobi. While the app's user
// may be someone else (LoadOptions.NameThePerson: a vault of several people, a household), the
// cards say the person's name; else they speak to the person, as before.
func TestCardsNameThePersonForACarer(t *testing.T) {
	ctx := context.Background()
	v, p := newPerson(t, "Tobi Okoye")
	now := utc("2026-12-07T07:00:00Z")
	writeAt(t, v, p, "clinic", now.Add(-time.Hour),
		condition("c-t1d", "46635009", "Diabetes mellitus type 1"),
		observation("g1", "14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer", 2.8, "mmol/L", "2026-12-07T04:50:00Z", ""))
	for _, tc := range []struct {
		carer       bool
		title, why  string
		notInTitles string
	}{
		{false, "Your blood sugar was very low: 2.8 mmol/L", "Your condition: Diabetes mellitus type 1", ""},
		{true, "Tobi Okoye's blood sugar was very low: 2.8 mmol/L", "Condition of Tobi Okoye: Diabetes mellitus type 1", "Your "},
	} {
		e := &Engine{Load: LoadOptions{Device: time.UTC, NameThePerson: tc.carer}}
		cs, err := e.Cards(ctx, v, p, now)
		if err != nil {
			t.Fatal(err)
		}
		low := byKind(cs, "low-glucose")
		if len(low) != 1 {
			t.Fatalf("carer %v: %d low-glucose cards:\n%s", tc.carer, len(low), dump(cs))
		}
		if !strings.HasPrefix(low[0].Title, tc.title) || !strings.Contains(strings.Join(low[0].Why, "\n"), tc.why) {
			t.Errorf("carer %v: %q, why %q; want %q, %q", tc.carer, low[0].Title, low[0].Why, tc.title, tc.why)
		}
		for _, c := range cs {
			if tc.notInTitles != "" && (strings.HasPrefix(c.Title, tc.notInTitles) || strings.HasPrefix(strings.Join(c.Why, "\n"), "Your condition")) {
				t.Errorf("carer: card %s says %q / %q", c.Kind, c.Title, c.Why)
			}
		}
		checkWording(t, cs)
	}
}
