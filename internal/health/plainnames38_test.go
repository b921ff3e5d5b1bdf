package health

import (
	"testing"
	"time"
)

// F512 item 1: Lucía's glucose tolerance test was "Glucose (serum or plasma --1 hour post 100 g
// glucose …", cut on screen; Mateo's birth weight "Birth weight Measured". The time after the
// challenge is said in words, and the series no longer shares "Glucose" with the others.
func TestPlainNamesOfChallengeTestsAndBirthWeight(t *testing.T) {
	for _, c := range []struct{ code, name, want string }{
		{"1518-0", "Glucose [Mass/volume] in Serum or Plasma --1 hour post 100 g glucose PO", "Glucose 1 hour after 100 g of glucose"},
		{"1530-5", "Glucose [Mass/volume] in Serum or Plasma --3 hours post 100 g glucose PO", "Glucose 3 hours after 100 g of glucose"},
		{"1521-4", "Glucose [Mass/volume] in Serum or Plasma --2 hours post meal", "Glucose 2 hours after a meal"},
		{"1558-6", "Glucose [Mass/volume] in Serum or Plasma --fasting", "Glucose (fasting)"},
		{"8339-4", "Birth weight Measured", "Birth weight"},
		{"2345-7", "Glucose [Mass/volume] in Serum or Plasma", "Glucose"},
	} {
		if got := PlainName("http://loinc.org|"+c.code, c.name); got != c.want {
			t.Errorf("%s: %q, want %q", c.code, got, c.want)
		}
	}
}

// F512 item 4: Rafael's oxygen saturation went from 88 % to 93 %: "+5% since 5 Dec 2026" read
// as a relative change. It is said in percentage points.
func TestOxygenSaturationChangeInPoints(t *testing.T) {
	rs := []Resource{
		obsQ("a", "59408-5", "Oxygen saturation", "2026-12-05T20:00:00Z", "88", "%", "%", ""),
		obsQ("b", "59408-5", "Oxygen saturation", "2026-12-06T20:00:00Z", "93", "%", "%", ""),
	}
	se := Results(NewSet(rs, nil))[0]
	if got := ChangeWordsIn(se, se.Latest().T, time.UTC); got != "+5 percentage points since 5 Dec 2026" {
		t.Errorf("%q", got)
	}
}

// F512 item 10: Mateo's weighing of 5.12 kg read "Body weight: 5.1 kg" on the Timeline; for a
// baby 20 g is a day's gain. A weight under 10 kg keeps its tens of grams; an adult's as before.
func TestBabyWeightKeepsItsGrams(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{5.12, "5.12"}, {5.1, "5.1"}, {3.425, "3.43"}, {82.46, "82.5"}} {
		if got := Number(c.v, "kg"); got != c.want {
			t.Errorf("%v kg: %q, want %q", c.v, got, c.want)
		}
	}
}
