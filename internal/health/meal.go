package health

import (
	"regexp"
	"strings"
)

// Meal is when a blood sugar reading was taken beside a meal, as its record says it (its
// code's words or its LOINC code): fasting, 1 or 2 hours after a meal, after a meal at a time
// not said, or not said at all. Gestational diabetes has a target for each (NICE NG3: fasting
// under 5.3 mmol/L, 1 hour after a meal under 7.8, 2 hours after under 6.4): Zofia's meter
// readings were named "Glikemia na czczo" (fasting) and "Glikemia 1 h po obiedzie" (1 hour after
// dinner) and were read against none of them (F547).
type Meal uint8

const (
	MealNotSaid  Meal = iota // the record does not say: never taken for fasting
	MealFasting              // "fasting", "na czczo", "nüchtern", "à jeun", LOINC 1558-6
	MealOneHour              // "1 h after breakfast", "1 h po obiedzie"
	MealTwoHours             // "2 hours after a meal", LOINC 1521-4
	MealAfter                // after a meal, how long after not said
)

// Words says the reading's time beside a meal: "fasting", "1 hour after a meal", "2 hours
// after a meal", "after a meal"; "" when not said.
func (m Meal) Words() string {
	switch m {
	case MealFasting:
		return "fasting"
	case MealOneHour:
		return "1 hour after a meal"
	case MealTwoHours:
		return "2 hours after a meal"
	case MealAfter:
		return "after a meal"
	}
	return ""
}

// mealCodes are the LOINC codes that say it: fasting glucose in serum or plasma (mass and
// moles), glucose 2 hours after a meal. Codes of a glucose tolerance test's hours are not a
// meal's.
var mealCodes = map[string]Meal{"1558-6": MealFasting, "14771-0": MealFasting, "1521-4": MealTwoHours}

// wholeWords matches any of the alternatives as whole words (letters of any script: Go's \b is
// ASCII's, and "à jeun" or "godzinę" end or begin in other letters).
func wholeWords(alts string) *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^\p{L}\p{N}])(?:` + alts + `)(?:[^\p{L}\p{N}]|$)`)
}

var (
	fastingWords = wholeWords(`fasting|fasted|na czczo|nüchtern|nuechtern|à jeun|a jeun|en ayunas|a digiuno|nuchter`)
	afterMeal    = wholeWords(`po (?:śniadaniu|sniadaniu|obiedzie|kolacji|posiłku|posilku|jedzeniu)|after (?:a |the )?(?:meal|meals|breakfast|lunch|dinner|supper|eating|food)|post[- ]?(?:meal|prandial)|postprandial|nach dem (?:essen|frühstück|mittagessen|abendessen)|après (?:le )?(?:repas|petit[- ]déjeuner|déjeuner|dîner)|después de (?:la )?(?:comida|cena|desayuno)`)
	oneHour      = wholeWords(`1 ?(?:h|hr|hrs|hour|godz\.?|godzina|godzinę|std\.?|stunde|heure)|one hour|godzinę|60 ?min`)
	twoHours     = wholeWords(`2 ?(?:h|hr|hrs|hours|godz\.?|godziny|std\.?|stunden|heures)|two hours|120 ?min`)
)

// MealOf is when a blood sugar reading was taken beside a meal by its record's words (name:
// its code's text or display) or its LOINC code (code, bare); MealNotSaid when neither says,
// or they say both fasting and after a meal.
func MealOf(name, code string) Meal {
	if m, ok := mealCodes[code]; ok {
		return m
	}
	w := strings.ToLower(name)
	fasting, after := fastingWords.MatchString(w), afterMeal.MatchString(w)
	switch {
	case fasting && !after:
		return MealFasting
	case after && !fasting:
		one, two := oneHour.MatchString(w), twoHours.MatchString(w)
		switch {
		case one && !two:
			return MealOneHour
		case two && !one:
			return MealTwoHours
		}
		return MealAfter
	}
	return MealNotSaid
}
