package schedule

import "testing"

// F404: a taper given as lengths ("boundsDuration": 5 days a step) from a known start was said
// "8 tablets once a day at 08:00, for 5 days; then 4 tablets …, for 5 days; …": nobody could
// tell which step was today's. A step whose start is known now says its days, as a step given
// by dates does.
func TestDescribeSaysTheDaysOfAStepGivenAsALength(t *testing.T) {
	step := func(seq, n int, extra string) string {
		return `{"sequence":` + string(rune('0'+seq)) + `,"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]` + extra +
			`}},"doseAndRate":[{"doseQuantity":{"value":` + string(rune('0'+n)) + `,"unit":"tablet"}}]}`
	}
	for _, c := range []struct{ name, res, want string }{
		{"a taper from a start", `{"resourceType":"MedicationRequest","authoredOn":"2026-12-01","dosageInstruction":[` +
			step(1, 8, `,"boundsPeriod":{"start":"2026-12-03"},"boundsDuration":{"value":5,"unit":"d","code":"d"}`) + `,` +
			step(2, 4, `,"boundsDuration":{"value":5,"unit":"d","code":"d"}`) + `,` +
			step(3, 2, `,"boundsDuration":{"value":1,"unit":"wk","code":"wk"}`) + `]}`,
			"8 tablet once a day at 08:00, 3 Dec 2026 to 7 Dec 2026; then 4 tablet once a day at 08:00, 8 Dec 2026 to 12 Dec 2026; then 2 tablet once a day at 08:00, 13 Dec 2026 to 19 Dec 2026"},
		{"a course from its order day", `{"resourceType":"MedicationRequest","authoredOn":"2026-12-01","dosageInstruction":[` +
			step(1, 1, `,"boundsDuration":{"value":10,"unit":"d","code":"d"}`) + `]}`,
			"once a day at 08:00, 1 Dec 2026 to 10 Dec 2026"},
		{"dates given", `{"resourceType":"MedicationRequest","authoredOn":"2026-12-01","dosageInstruction":[` +
			step(1, 1, `,"boundsPeriod":{"start":"2026-12-02","end":"2026-12-04"}`) + `]}`,
			"once a day at 08:00, 2 Dec 2026 to 4 Dec 2026"},
	} {
		p, err := PlanFromResource([]byte(c.res))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Describe(DefaultRoutine()); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// F405: "30 minutes before breakfast" (when ACM, offset 30) was said "before breakfast (07:00
// is CareKeeper's time …)", the half hour left out; weekly methotrexate on Mondays was "Mon at
// 08:00". They say the minutes, and one day a week "once a week on Mon at 08:00"; several
// days, or several times on one day, as before.
func TestDescribeSaysTheMinutesBeforeAMealAndOnceAWeek(t *testing.T) {
	for _, c := range []struct{ name, dosage, want string }{
		{"30 minutes before breakfast", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["ACM"],"offset":30}}}`,
			"once a day 30 minutes before breakfast (07:00 is CareKeeper's time: change it)"},
		{"1 hour after dinner", `{"timing":{"repeat":{"when":["PCV"],"offset":60}}}`,
			"once a day 1 hour after dinner (19:30 is CareKeeper's time: change it)"},
		{"before lunch, no offset", `{"timing":{"repeat":{"when":["ACD"]}}}`,
			"once a day before lunch (12:30 is CareKeeper's time: change it)"},
		{"weekly methotrexate", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["mon"],"timeOfDay":["08:00:00"]}}}`,
			"once a week on Mon at 08:00"},
		{"once a week before breakfast", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["sun"],"when":["ACM"],"offset":30}}}`,
			"once a week on Sun 30 minutes before breakfast (07:00 is CareKeeper's time: change it)"},
		{"three days a week", `{"timing":{"repeat":{"dayOfWeek":["mon","wed","fri"],"timeOfDay":["09:00"]}}}`,
			"Mon, Wed, Fri at 09:00"},
		// F442: beside the other days' dosage, one day is a day like the others: "2 tablets Sun at
		// 09:00", not "2 tablets once a week on Sun at 09:00"
		{"the other days and Sunday", `{"sequence":1,"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["mon","tue","wed","thu","fri","sat"],"timeOfDay":["09:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]},` +
			`{"sequence":1,"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["sun"],"timeOfDay":["09:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}]}`,
			"1 tablet Mon, Tue, Wed, Thu, Fri, Sat at 09:00; and 2 tablet Sun at 09:00"},
	} {
		p, err := PlanFromResource([]byte(`{"resourceType":"MedicationRequest","authoredOn":"2026-11-01","dosageInstruction":[` + c.dosage + `]}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Describe(DefaultRoutine()); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
