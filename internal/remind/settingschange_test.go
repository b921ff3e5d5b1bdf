package remind

import (
	"context"
	"slices"
	"testing"
	"time"
)

// F533: a save from a copy read earlier changes only what was changed from that copy.
func TestSaveSettingsChangeKeepsWhatItDidNotChange(t *testing.T) {
	v := openVault(t)
	p, err := v.AddProfile("Margaret", "1942-08-14")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	london, _ := time.LoadLocation("Europe/London")
	for _, tc := range []struct {
		name  string
		there func(*Settings) // what another device changed after the copy was read
		here  func(*Settings) // what this page changed in its copy
		want  func(Settings) bool
	}{
		{"routine there, private here",
			func(s *Settings) { s.Routine.Bed = 21*60 + 30 },
			func(s *Settings) { s.Private = true },
			func(s Settings) bool { return s.Routine.Bed == 21*60+30 && s.Private }},
		{"offsets there, zone here",
			func(s *Settings) { s.AppointmentOffsets = []int{60} },
			func(s *Settings) {
				s.ChooseHomeZone("Australia/Perth", london, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
			},
			func(s Settings) bool {
				return slices.Equal(s.AppointmentOffsets, []int{60}) && s.Zone == "Australia/Perth" && s.HomeChosen && s.Travel != nil
			}},
		{"both changed the same setting: this save's",
			func(s *Settings) { s.SnoozeMinutes = 25 },
			func(s *Settings) { s.SnoozeMinutes = 5 },
			func(s Settings) bool { return s.SnoozeMinutes == 5 }},
		{"a setting changed only there stays",
			func(s *Settings) { s.AlertAfterMinutes = 90 },
			func(s *Settings) {},
			func(s Settings) bool { return s.AlertAfterMinutes == 90 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := SaveSettings(ctx, v, p.ID, DefaultSettings()); err != nil {
				t.Fatal(err)
			}
			was, err := LoadSettings(v, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			other := was
			other.AppointmentOffsets = slices.Clone(was.AppointmentOffsets)
			tc.there(&other)
			if err := SaveSettings(ctx, v, p.ID, other); err != nil {
				t.Fatal(err)
			}
			now := was
			now.AppointmentOffsets = slices.Clone(was.AppointmentOffsets)
			tc.here(&now)
			if err := SaveSettingsChange(ctx, v, p.ID, was, now); err != nil {
				t.Fatal(err)
			}
			got, err := LoadSettings(v, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.want(got) {
				t.Errorf("held %+v", got)
			}
		})
	}
}
