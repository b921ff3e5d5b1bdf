package journey

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
)

// forbidden are words cards must never use: alarm, diagnosis, dosing instructions, blame.
var forbidden = []string{
	"danger", "alarm", "warning", "critical", "abnormal", "immediately", "urgent!", "!",
	"diagnos", "you have ", "you are sick", "you suffer", "worse", "bad ", "failed to", "fail to",
	"increase your dose", "reduce your dose", "lower your dose", "raise your dose", "double",
	"stop taking", "skip your", "take more", "take less", "take an extra", "take another",
}

var doseAmount = regexp.MustCompile(`(?i)\b(take|taking)\s+\d`)

// checkWording scans every text of every card.
func checkWording(t *testing.T, cs []Card) {
	t.Helper()
	for _, c := range cs {
		texts := append([]string{c.Title, c.Body}, c.Why...)
		if c.Action != nil {
			texts = append(texts, c.Action.Label)
		}
		for _, s := range texts {
			l := strings.ToLower(s)
			for _, bad := range forbidden {
				if strings.Contains(l, bad) {
					t.Errorf("card %s says %q: %q", c.Kind, bad, s)
				}
			}
			if doseAmount.MatchString(s) {
				t.Errorf("card %s reads like a dosing instruction: %q", c.Kind, s)
			}
		}
		if c.Severity == SeverityAttention && !strings.Contains(c.Body, "care team") {
			t.Errorf("attention card %s does not point to the care team: %q", c.Kind, c.Body)
		}
		if c.Severity != SeverityInfo && c.Severity != SeverityAttention {
			t.Errorf("card %s severity %q", c.Kind, c.Severity)
		}
		if c.Title == "" || c.Body == "" || len(c.Why) == 0 {
			t.Errorf("card %s lacks a title, body or why: %+v", c.Kind, c)
		}
	}
}

// TestFixturePatients: which Synthea patients trigger which cards, ten days after their
// newest observation.
func TestFixturePatients(t *testing.T) {
	v, ps := vault(t)
	cases := []struct {
		name    string
		want    map[string][]string // kind -> texts one card of that kind must contain
		without []string            // kinds that must not appear
	}{
		{"clemente", map[string][]string{
			"home-measurement": {"Keep track of your weight at home", "obesity"},
			"check-in-due":     {"A short check-in for obesity"},
			// Readings three years apart are not compared; one outside its range is still news.
			"result-change": {"Your BMI is above its range", "30.5 kg/m² on 17 Sep 2018", "first reading in 3 years"},
		}, []string{"appointment-tomorrow", "refill-due", "adherence-drop", "adherence-streak", "portal-new-records", "portal-sign-in", "reminder-time", "snooze-pattern"}},
		{"buster", map[string][]string{
			"check-in-due": {"A short check-in for sinusitis"},
			// 136/80 in 2016, 124/75 in 2019: too far apart to say it went back within range.
		}, []string{"home-measurement", "refill-due", "portal-new-records", "result-change"}},
		{"gustavo", map[string][]string{
			"result-change": {"Your BMI is above its range", "first reading in 3 years"},
		}, []string{"home-measurement", "check-in-due", "appointment-tomorrow"}},
		{"carl", map[string][]string{
			"home-measurement": {"weight", "Prediabetes"},
			"result-change":    {"Your HbA1c is above its range", "6.4% on 6 May 2017"},
		}, []string{"portal-new-records", "reminder-time"}},
		{"courtney", map[string][]string{
			"home-measurement": {"Keep track of your blood pressure at home"},
			"check-in-due":     {"gout"},
		}, []string{"result-change", "refill-due"}},
		// Fletcher Hyatt died in 1996: no cards, as the app's Today shows him none (a result
		// card said "Your blood pressure is above its range … contact your care team": F373).
		{"fletcher", map[string][]string{}, []string{"result-change", "portal-new-records", "portal-sign-in", "home-measurement",
			"check-in-due", "appointment-tomorrow", "refill-due", "adherence-drop", "adherence-streak", "reminder-time", "snooze-pattern"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs := cardsOf(t, v, ps[tc.name], nowFor(t, tc.name))
			for kind, texts := range tc.want {
				one(t, cs, kind, texts...)
			}
			for _, kind := range tc.without {
				if got := byKind(cs, kind); len(got) > 0 {
					t.Errorf("unexpected %s cards:\n%s", kind, dump(got))
				}
			}
			checkWording(t, cs)
		})
	}
	// Months later nothing about results is recent any more.
	if got := byKind(cardsOf(t, v, ps["gustavo"], nowFor(t, "gustavo").AddDate(0, 3, 0)), "result-change"); len(got) > 0 {
		t.Errorf("old results still make cards:\n%s", dump(got))
	}
}

func TestDismissAndSnooze(t *testing.T) {
	ctx := context.Background()
	v, ps := vault(t)
	profile, now := ps["clemente"], nowFor(t, "clemente")
	before := cardsOf(t, v, profile, now)
	home := one(t, before, "home-measurement", "weight")
	checkin := one(t, before, "check-in-due", "obesity")
	if err := Dismiss(ctx, v, profile, home.ID); err != nil {
		t.Fatal(err)
	}
	if err := Snooze(ctx, v, profile, checkin.ID, now.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	defer Restore(ctx, v, profile, home.ID)
	defer Restore(ctx, v, profile, checkin.ID)
	after := cardsOf(t, v, profile, now)
	if len(after) != len(before)-2 || len(byKind(after, "home-measurement")) != 0 || len(byKind(after, "check-in-due")) != 0 {
		t.Fatalf("dismissed or snoozed cards still shown:\n%s", dump(after))
	}
	later := cardsOf(t, v, profile, now.Add(72*time.Hour))
	if len(byKind(later, "check-in-due")) != 1 || len(byKind(later, "home-measurement")) != 0 {
		t.Fatalf("after the snooze only the snoozed card comes back:\n%s", dump(later))
	}
	if err := Dismiss(ctx, v, profile, "bad\x00id"); err == nil {
		t.Error("a bad card id was accepted")
	}
}
