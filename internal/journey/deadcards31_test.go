package journey

import (
	"context"
	"testing"
	"time"
)

// A person who died gets no cards, as the app's Today shows her none: `insights` for Maria,
// who died this morning, said "Your hemoglobin is below its range … If you feel unwell or
// something worries you, contact your care team" (F373).
func TestNoCardsForAPersonWhoDied(t *testing.T) {
	now := utc("2026-12-06T12:00:00Z")
	rng := `,"referenceRange":[{"low":{"value":120,"unit":"g/L"},"high":{"value":160,"unit":"g/L"}}]`
	for _, c := range []struct {
		name    string
		patient string
		cards   bool
	}{
		{"living", `{"resourceType":"Patient","id":"maria","name":[{"given":["Maria"],"family":"Lopez"}],"birthDate":"1948-05-03"}`, true},
		{"died this morning", `{"resourceType":"Patient","id":"maria","name":[{"given":["Maria"],"family":"Lopez"}],"birthDate":"1948-05-03","deceasedDateTime":"2026-12-06T07:15:00Z"}`, false},
	} {
		v, p := newPerson(t, "Maria "+c.name)
		writeAt(t, v, p, "local", now, c.patient,
			observation("h1", "718-7", "Hemoglobin", 126, "g/L", "2026-09-20", rng),
			observation("h2", "718-7", "Hemoglobin", 118, "g/L", "2026-11-20", rng))
		cs, err := (&Engine{Load: LoadOptions{Device: time.UTC}}).Cards(context.Background(), v, p, now)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(byKind(cs, "result-change")) > 0; got != c.cards {
			t.Errorf("%s: result cards %v, want %v:\n%s", c.name, got, c.cards, dump(cs))
		}
		if !c.cards && len(cs) > 0 {
			t.Errorf("%s: %d cards, want none:\n%s", c.name, len(cs), dump(cs))
		}
	}
}
