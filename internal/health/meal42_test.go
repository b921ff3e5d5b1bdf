package health

import "testing"

// F547: a meter's readings say in their own words when they were taken beside a meal; a
// reading is never fasting unless its record says so.
func TestMealOfAReadingByItsWords(t *testing.T) {
	for _, c := range []struct {
		name, code string
		want       Meal
	}{
		{"Glikemia na czczo", "41653-7", MealFasting},
		{"Glikemia 1 h po śniadaniu", "41653-7", MealOneHour},
		{"Glikemia 1 h po obiedzie", "41653-7", MealOneHour},
		{"Glikemia 2 godz. po kolacji", "41653-7", MealTwoHours},
		{"Blood glucose 1 hour after breakfast", "14743-9", MealOneHour},
		{"Glucose 2 hours post meal", "14743-9", MealTwoHours},
		{"Glucose after lunch", "14743-9", MealAfter},
		{"Fasting blood sugar", "14743-9", MealFasting},
		{"Glycémie à jeun", "14743-9", MealFasting},
		{"Blutzucker nüchtern", "14743-9", MealFasting},
		{"Glucose [Mass/volume] in Serum or Plasma", "1558-6", MealFasting},
		{"Glucose [Mass/volume] in Serum or Plasma --2 hours post meal", "1521-4", MealTwoHours},
		{"Glucose [Mass/volume] in Capillary blood by Glucometer", "41653-7", MealNotSaid},
		{"Glukometr przed śniadaniem", "41653-7", MealNotSaid}, // before breakfast: not said fasting
		{"Breakfast fasting test", "41653-7", MealFasting},
		{"fasting or 1 h after a meal", "41653-7", MealNotSaid},
	} {
		if got := MealOf(c.name, c.code); got != c.want {
			t.Errorf("MealOf(%q, %s) = %q, want %q", c.name, c.code, got.Words(), c.want.Words())
		}
	}
}
