package health

import (
	"strings"
	"testing"
)

// F146: a result whose test is named only in words ({"text":"Ferritin"}, no coding) is a series
// of that name, not left out without a word; a numeric result with no name at all is counted as
// not read.
func TestResultNamedOnlyInWords(t *testing.T) {
	obs := func(id, code, at string, v string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1", JSON: []byte(`{"resourceType":"Observation","status":"final",` +
			`"code":` + code + `,"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + v + `,"unit":"ng/mL"}}`)}
	}
	s := NewSet([]Resource{
		obs("a", `{"text":"Ferritin"}`, "2026-01-02", "40"),
		obs("b", `{"text":" ferritin "}`, "2026-02-02", "35"),
		obs("c", `{"coding":[{"system":"urn:local","code":"FER","display":"Ferritin (local)"}]}`, "2026-03-02", "41"),
		obs("d", `{}`, "2026-03-03", "7"),
	}, nil)
	var names []string
	var words *Series
	for _, se := range Results(s) {
		names = append(names, se.Name)
		if se.Name == "Ferritin" {
			words = se
		}
	}
	if words == nil || words.Len() != 2 || words.At(0).V != 40 || words.At(1).V != 35 {
		t.Fatalf("series %q: the two readings named 'Ferritin' in words are not one series (%+v)", names, words)
	}
	if len(names) != 2 || !strings.Contains(strings.Join(names, ","), "Ferritin (local)") {
		t.Errorf("series %q, want Ferritin and Ferritin (local)", names)
	}
	if n := Unreadable(s); n != 1 {
		t.Errorf("%d results could not be read, want 1 (the one with no name)", n)
	}
}
