package health

import (
	"encoding/json"
	"testing"
)

// F471 item 3: a baby weighed in ounces read "328 oz (20.5 lb)". A weight in ounces of a pound
// or more is said in pounds and ounces, as parents say it, wherever a value is put in words:
// a reading, a change, a converted reading beside its series' unit, a record's fields.
func TestOuncesOverAPoundAreLbAndOz(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Value("", 328, "[oz_av]"), "20 lb 8 oz"},
		{Value("", 116.5, "oz"), "7 lb 4.5 oz"},
		{Value("", 32, "[oz_av]"), "2 lb"},
		{Value("", 16, "[oz_av]"), "1 lb"},
		{Value("", 15.96, "[oz_av]"), "1 lb"},
		{Value("", 15.9, "[oz_av]"), "15.9 oz"},
		{Value("", 12.5, "[oz_av]"), "12.5 oz"},
		{Value(">", 328, "[oz_av]"), ">20 lb 8 oz"},
		{Value("", 255.98, "[oz_av]"), "16 lb"},
		{ValueOf("29463-7", "", 328, "[oz_av]"), "20 lb 8 oz"},
		{Value("", 20.5, "[lb_av]"), "20.5 lb"}, // a weight in pounds as written
		{valueWords(json.RawMessage(`{"value":328,"unit":"oz","system":"http://unitsofmeasure.org","code":"[oz_av]"}`), "29463-7"), "20 lb 8 oz"},
		{valueWords(json.RawMessage(`{"value":8,"unit":"oz"}`), "29463-7"), "8 oz"},
	} {
		if tc.got != tc.want {
			t.Errorf("%q, want %q", tc.got, tc.want)
		}
	}
	// a reading in ounces in a series in pounds, and a change in a series in ounces
	s := NewSet([]Resource{
		obsQ("a", "29463-7", "Body weight", "2026-10-01", "19.5", "lb", "[lb_av]", ""),
		obsQ("b", "29463-7", "Body weight", "2026-11-01", "20", "lb", "[lb_av]", ""),
		obsQ("c", "29463-7", "Body weight", "2026-12-01", "328", "oz", "[oz_av]", ""),
	}, nil)
	se := BodyWeight(Results(s))
	if se == nil || se.Len() != 3 {
		t.Fatalf("no series of 3 readings")
	}
	if got := se.ReadingWords(se.At(2)); got != "20 lb 8 oz (20.5 lb)" {
		t.Errorf("reading %q, want %q", got, "20 lb 8 oz (20.5 lb)")
	}
	oz := NewSet([]Resource{
		obsQ("a", "29463-7", "Body weight", "2026-10-01", "300", "oz", "[oz_av]", ""),
		obsQ("b", "29463-7", "Body weight", "2026-12-01", "328", "oz", "[oz_av]", ""),
	}, nil)
	se = BodyWeight(Results(oz))
	if got := se.ReadingWords(se.At(1)); got != "20 lb 8 oz" {
		t.Errorf("reading %q, want %q", got, "20 lb 8 oz")
	}
	if got, want := ChangeWords(se, se.At(1).T), "+1 lb 12 oz since 1 Oct 2026"; got != want {
		t.Errorf("change %q, want %q", got, want)
	}
}
