package intake

import (
	"strings"
	"testing"

	"carekeeper/internal/journey"
	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// F195: a C-CDA weight written "108,863" (a comma that may be a decimal point or separate
// thousands) or "NaN" was kept as text, and Results — which lists no vital sign written as
// text — left it out without a word; one of -108.863 kg was shown as the person's weight. Such
// a measurement is left out and the import says why, in words and without the value; a decimal
// comma that cannot separate thousands ("72,5") is read as the number it is.
func TestMeasurementLeftOutSaid(t *testing.T) {
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	const weight = `value="108.863" unit="kg"`
	if !strings.Contains(string(doc), weight) {
		t.Fatal("the fixture's weight is not where it was")
	}
	cases := []struct {
		name, value string
		says        string // "" when nothing is left out
		weight      string // the weight Results shows, "" for none
	}{
		{"as written", "108.863", "", "108.9 kg"},
		{"decimal comma", "72,5", "", "72.5 kg"},
		{"comma or thousands", "108,863", "1 measurement left out (its number cannot be read: not a number, or written with a comma that may be a decimal point or separate thousands); the document keeps it as written", ""},
		{"not a number", "NaN", "1 measurement left out (its number cannot be read", ""},
		{"below zero", "-108.863", "1 measurement left out (a value no measurement of its kind can have: zero or below, a percentage over 100, or over a million million); the document keeps it as written", ""},
		{"zero", "0", "1 measurement left out (a value no measurement of its kind can have", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := newVault(t)
			data := strings.Replace(string(doc), weight, `value="`+c.value+`" unit="kg"`, 1)
			s, err := importPath(t, v, write(t, "ccd.xml", []byte(data)), Options{Options: cksync.Options{Now: clock}})
			if err != nil {
				t.Fatal(err)
			}
			d := s.Describe()
			if c.says == "" && strings.Contains(d, "left out") || !strings.Contains(d, c.says) {
				t.Errorf("Describe() = %q, want it to say %q", d, c.says)
			}
			if strings.Contains(d, "108") {
				t.Errorf("Describe() says the value: %q", d)
			}
			rs, err := journey.Results(ctx, v, s.People[0])
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, se := range rs[0].Series {
				if se.Code == "http://loinc.org|3141-9" || se.Code == "http://loinc.org|29463-7" {
					got = se.ReadingWords(se.Latest())
				}
			}
			if c.weight == "" && got != "" || c.weight != "" && !strings.HasPrefix(got, c.weight) {
				t.Errorf("Results' weight %q, want %q", got, c.weight)
			}
			if rs[0].Unreadable != 0 {
				t.Errorf("%d results could not be read", rs[0].Unreadable)
			}
		})
	}
}
