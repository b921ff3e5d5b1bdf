package remind

import (
	"testing"
	"time"

	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// F478: two parents each gave Sofia her ibuprofen ("at least 6 hours apart") on their own
// device, at 16:00 on Maria's laptop and at 17:30 on Kenji's tablet, before the devices
// exchanged: neither could ask first, and after the exchange both said only "2 doses taken
// today, the last at 17:30". The pair is said, with where each was given.
func TestTooCloseWords(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, la) }
	every6h := schedule.Plan{AsNeeded: true, Phases: []schedule.Phase{{AsNeeded: true, Timing: schedule.Timing{Frequency: 1, Period: 6, PeriodUnit: "h"}}}}
	names := map[string]string{"laptop": "Maria's laptop", "tablet": "Kenji's tablet"}
	dose := func(when time.Time, device string) Dose {
		return Dose{Profile: "sofia", ID: storage.ID{Type: "MedicationAdministration", ID: when.String()}, When: when, Taken: true, Device: device}
	}
	for _, tc := range []struct {
		name  string
		self  string
		plan  schedule.Plan
		doses []Dose
		now   time.Time
		want  string
	}{
		{"two devices, 1 hour 30 minutes apart", "tablet", every6h, []Dose{dose(at(6, 16, 0), "laptop"), dose(at(6, 17, 30), "tablet")}, at(6, 19, 0),
			"Given at 16:00 on Maria's laptop and at 17:30 on this computer, 1 hour 30 minutes apart: this medicine says at least 6 hours between doses."},
		{"seen on the laptop, the tablet not named", "laptop", every6h, []Dose{dose(at(6, 16, 0), ""), dose(at(6, 17, 30), "tablet")}, at(6, 19, 0),
			"Given at 16:00 on this computer and at 17:30 on another computer, 1 hour 30 minutes apart: this medicine says at least 6 hours between doses."},
		{"the day before, said with its date", "tablet", every6h, []Dose{dose(at(5, 23, 0), "laptop"), dose(at(6, 1, 0), "tablet")}, at(6, 9, 0),
			"Given at 5 Dec 2026, 23:00 on Maria's laptop and at 01:00 on this computer, 2 hours apart: this medicine says at least 6 hours between doses."},
		{"6 hours apart", "tablet", every6h, []Dose{dose(at(6, 10, 0), "laptop"), dose(at(6, 16, 0), "tablet")}, at(6, 19, 0), ""},
		// One device asked first, but whoever reads Today there or elsewhere was not asked (F525
		// item 6: three logged at 22:02 read "3 doses taken today, the last at 22:02").
		{"one device", "tablet", every6h, []Dose{dose(at(6, 16, 0), "tablet"), dose(at(6, 17, 30), "tablet")}, at(6, 19, 0),
			"Given at 16:00 and at 17:30 on this computer, 1 hour 30 minutes apart: this medicine says at least 6 hours between doses."},
		{"three at one minute, read on another device", "tablet", every6h,
			[]Dose{dose(at(6, 22, 2), "laptop"), dose(at(6, 22, 2).Add(20*time.Second), "laptop"), dose(at(6, 22, 2).Add(40*time.Second), "laptop")}, at(6, 22, 30),
			"3 doses given at 22:02, 22:02 and 22:02 on Maria's laptop, within a minute: this medicine says at least 6 hours between doses."},
		{"two at one minute", "tablet", every6h, []Dose{dose(at(6, 22, 2), "laptop"), dose(at(6, 22, 2).Add(20*time.Second), "laptop")}, at(6, 22, 30),
			"Given at 22:02 and at 22:02 on Maria's laptop, less than a minute apart: this medicine says at least 6 hours between doses."},
		{"more than a day ago", "tablet", every6h, []Dose{dose(at(4, 16, 0), "laptop"), dose(at(4, 17, 30), "tablet")}, at(6, 19, 0), ""},
		{"no spacing in the record", "tablet", schedule.Plan{AsNeeded: true, Phases: []schedule.Phase{{AsNeeded: true}}},
			[]Dose{dose(at(6, 16, 0), "laptop"), dose(at(6, 17, 30), "tablet")}, at(6, 19, 0), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			med := &Medicine{Profile: "sofia", ID: storage.ID{Source: "peds", Type: "MedicationRequest", ID: "s-m1"}, Plan: tc.plan}
			m := &Model{Device: la, Doses: map[string][]Dose{med.Key(): tc.doses}}
			names := names
			if tc.self == "laptop" {
				names = map[string]string{"laptop": "Maria's laptop"}
			}
			if got := m.TooCloseWords(med, tc.now, names, tc.self); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
