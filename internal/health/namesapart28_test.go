package health

import "testing"

// TestNamesApart: the one rule for naming people everywhere (F122). Two of one name and one
// birth date — one hospital's two record numbers for Mary Smith, 1 May 1980 — were both "Mary
// Smith (born 1 May 1980)"; they are "Mary Smith (1)" and "Mary Smith (2)" in the order of
// the person choices, and the private names (locked notifications) give the same numbers.
func TestNamesApart(t *testing.T) {
	for _, tc := range []struct {
		name          string
		people        []NamedPerson
		want, private []string
	}{
		{"one name, one birth date",
			[]NamedPerson{{"a", "Mary Smith", "1980-05-01"}, {"b", "Mary Smith", "1980-05-01"}, {"c", "Bob Y", "1970-01-01"}},
			[]string{"Mary Smith (1)", "Mary Smith (2)", "Bob Y"}, []string{"Mary Smith (1)", "Mary Smith (2)", "Bob Y"}},
		{"mother and daughter",
			[]NamedPerson{{"a", "Ann X", "1950-01-01"}, {"b", "Ann X", "1980-06-01"}},
			[]string{"Ann X (born 1950)", "Ann X (born 1980)"}, []string{"Ann X (born 1950)", "Ann X (born 1980)"}},
		{"one birth year",
			[]NamedPerson{{"a", "Eve B", "1975-05-01"}, {"b", "Eve B", "1975-05-02"}, {"c", "Eve B", "1980-01-01"}},
			[]string{"Eve B (born 1 May 1975)", "Eve B (born 2 May 1975)", "Eve B (born 1980)"},
			[]string{"Eve B (1)", "Eve B (2)", "Eve B (born 1980)"}},
		{"a mother and twins of her name",
			[]NamedPerson{{"m", "Ann X", "1950-01-01"}, {"a", "Ann X", "1980-06-01"}, {"b", "Ann X", "1980-06-01"}},
			[]string{"Ann X (born 1950)", "Ann X (1)", "Ann X (2)"}, []string{"Ann X (born 1950)", "Ann X (1)", "Ann X (2)"}},
		{"no birth dates",
			[]NamedPerson{{"a", "Sam", ""}, {"b", "Sam", ""}},
			[]string{"Sam (1)", "Sam (2)"}, []string{"Sam (1)", "Sam (2)"}},
		{"one without a birth date",
			[]NamedPerson{{"a", "Sam", "1990-01-01"}, {"b", "Sam", ""}},
			[]string{"Sam (born 1990)", "Sam"}, []string{"Sam (born 1990)", "Sam"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			apart, private := NamesApart(tc.people), NamesApartPrivately(tc.people)
			for i, p := range tc.people {
				if got := apart(p.ID); got != tc.want[i] {
					t.Errorf("%s: %q, want %q", p.ID, got, tc.want[i])
				}
				if got := private(p.ID); got != tc.private[i] {
					t.Errorf("%s privately: %q, want %q", p.ID, got, tc.private[i])
				}
			}
			if apart("nobody") != "" {
				t.Error("a name for someone not given")
			}
		})
	}
}
