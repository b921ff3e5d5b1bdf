package cli_test

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// F422's rest: June's home zone chosen on her parents' London PC before chosen zones were
// marked (1105ad7) was, being that computer's own zone, stored exactly as a zone the PC's
// reminders took from its clock: the daughter's laptop in Berlin still asked "Is June
// Pennington with this computer, on Berlin time, or at home on London time?". A zone from
// before the mark, held from another computer of the household, is read as where the person
// lives (that computer's place): not asked there. A zone the reminders take from a clock is
// now marked so (Settings.ZoneTaken): Walter's may still be asked.
func TestOldHomeZoneFromAnotherComputerIsNotAsked(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	for _, transport := range []string{"folder", "webdav"} {
		t.Run(transport, func(t *testing.T) {
			var june, walter string
			desk, laptop := joinedPair(t, transport, "Europe/London", "Europe/Berlin", func(desk runner) {
				june = addedProfile(t, desk, "--name", "June Pennington", "--birth-date", "1951-09-03")
				walter = addedProfile(t, desk, "--name", "Walter Pennington", "--birth-date", "1948-02-11")
			})
			// As 'profile set --zone Europe/London' on the London PC wrote it before 1105ad7.
			v := openVault(t, desk)
			if err := v.UpdateState(context.Background(), storage.StateOp{Key: "remind/settings/" + june, Value: []byte(`{"zone":"Europe/London","routine":{},"snoozeMinutes":10,"repeatEveryMinutes":15,"repeatMax":3,"onTimeMinutes":60,"refillLeadDays":7,"appointmentOffsets":[1440,120],"alertAfterMinutes":30}`)}); err != nil {
				t.Fatal(err)
			}
			v.Close()
			remindersRunAt(t, desk, time.Now(), london) // takes Walter's zone from the PC's clock
			desk.run(t, "household", "sync").ok(t)
			laptop.run(t, "household", "sync").ok(t)
			v = openVault(t, laptop)
			m, err := remind.Load(context.Background(), v, remind.LoadOptions{Device: berlin})
			v.Close()
			if err != nil {
				t.Fatal(err)
			}
			if p := m.Person(june); p == nil || p.AskTravel || p.Loc.String() != "Europe/London" {
				t.Errorf("Clare's laptop: June, whose zone was chosen on the PC before it was marked: %+v, want London time and no question", p)
			}
			if p := m.Person(walter); p == nil || !p.AskTravel || p.Loc.String() != "Europe/London" {
				t.Errorf("Clare's laptop: Walter, whose zone the PC's reminders took from its clock: %+v, want the question asked", p)
			}
		})
	}
}
