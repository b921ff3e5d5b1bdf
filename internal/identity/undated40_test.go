package identity

import "testing"

// F520: a person without a birth date may be one of the same names (word for word, or one
// leaving out a middle name of the other); another given name, another sex or two numbers of
// one hospital say two. Two dated people are MayBeOne's.
func TestMayBeOneUndated(t *testing.T) {
	margaret := Person{ID: "m", Name: "Margaret Mary O'Brien", BirthDate: "1942-08-14", Sexes: []string{"female"}, Identifiers: []string{"gp|1"}}
	for _, c := range []struct {
		b    Person
		want bool
	}{
		{Person{ID: "a", Name: "Margaret O'Brien", Sexes: []string{"female"}}, true},
		{Person{ID: "a", Name: "MARGARET MARY OBRIEN"}, true},
		{Person{ID: "a", Name: "Margaret Mary O'Brien", Identifiers: []string{"pharmacy|9"}}, true},
		{Person{ID: "a", Name: "Peggy O'Brien", Sexes: []string{"female"}}, false},
		{Person{ID: "a", Name: "Margaret O'Brien", Sexes: []string{"male"}}, false},
		{Person{ID: "a", Name: "Margaret O'Brien", Identifiers: []string{"gp|2"}}, false},
		{Person{ID: "a", Name: "Margaret"}, false},
		{Person{ID: "a", Name: "Margaret O'Brien", BirthDate: "1942-08-14"}, false}, // MayBeOne's
		{Person{ID: "m", Name: "Margaret O'Brien"}, false},                          // one person
	} {
		if got := MayBeOneUndated(margaret, c.b); got != c.want {
			t.Errorf("MayBeOneUndated(%q, %+v) = %v, want %v", margaret.Name, c.b, got, c.want)
		}
		if got := MayBeOneUndated(c.b, margaret); got != c.want {
			t.Errorf("MayBeOneUndated(%+v, %q) = %v, want %v", c.b, margaret.Name, got, c.want)
		}
	}
	ps := Pairs([]Person{{ID: "x", Name: "Margaret O'Brien"}, margaret})
	if len(ps) != 1 || ps[0].Keep.ID != "m" || ps[0].From.ID != "x" || !ps[0].Undated {
		t.Errorf("Pairs = %+v, want the one with a birth date kept", ps)
	}
}
