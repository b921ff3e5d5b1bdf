package journey

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F525 item 12's rest: readings taken at home are marked when imported (storage.Meta.Home), so a
// vault whose files came in before the mark — or before the rule read French — kept Gérard's
// "Withings Body+ (pèse-personne)" weighings unmarked, and the cards went on offering "Keep
// track of your weight at home" until the file was imported again. Loading marks them.
func TestHomeReadingsOfAnOlderVaultAreMarkedWhenRead(t *testing.T) {
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, device string
		offered      bool
	}{
		{"a bathroom scale, in French", "Withings Body+ (pèse-personne)", false},
		{"the clinic's scale", "Seca 704 column scale", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			// a vault of its own: the marking is done once a vault (the shared one may be past it)
			dir := t.TempDir()
			if _, err := storage.Init(dir, []byte(testPass), storage.Options{}); err != nil {
				t.Fatal(err)
			}
			v, err := storage.Open(dir, []byte(testPass), storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			pr, err := v.AddProfile("Gérard Leblanc", "1947-06-03")
			if err != nil {
				t.Fatal(err)
			}
			p := pr.ID
			recs := []string{condition("hf", "84114007", "Heart failure")}
			for d := range 3 {
				at := now.AddDate(0, 0, d-3).Format(time.RFC3339)
				recs = append(recs, observation(fmt.Sprintf("w%d", d), "29463-7", "Body weight", 78.4+float64(d)/10, "kg", at,
					fmt.Sprintf(`,"device":{"display":%q}`, c.device)))
			}
			// written as an older CareKeeper wrote them: not marked
			writeAt(t, v, p, "gp", now.Add(-time.Hour), recs...)
			offered := false
			var titles []string
			for _, card := range cardsOf(t, v, p, now) {
				titles = append(titles, card.Title)
				if card.Kind == "home-measurement" && strings.Contains(card.Title, " at home") {
					offered = true
				}
			}
			if offered != c.offered {
				t.Errorf("Keep track of your weight at home offered: %v, want %v (cards %q)", offered, c.offered, titles)
			}
		})
	}
}
