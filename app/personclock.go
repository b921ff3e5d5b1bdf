package app

import (
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// personZone is the clock a person's records are shown on (F78: one rule everywhere): their
// home zone, or this computer's while they follow it (remind.Settings.Location), as Today
// and Appointments show them. Records of no one person (the shared ones) are on this
// computer's.
func personZone(v *storage.Vault, profile string, dev *time.Location, now time.Time) remind.Zone {
	z := remind.Zone{Loc: dev, Device: dev}
	if v == nil || profile == "" || profile == storage.SharedProfile {
		return z
	}
	if st, err := remind.LoadSettings(v, profile); err == nil {
		z.Loc, _ = st.Location(dev, now)
	}
	return z
}

// zonesOf are the clocks of the people shown (every one of them for everyone), by profile,
// read on the vault goroutine.
func zonesOf(d *pageData, dev *time.Location) map[string]remind.Zone {
	zones := map[string]remind.Zone{}
	for _, pr := range d.people {
		if d.profile == "" || pr.ID == d.profile {
			zones[pr.ID] = personZone(d.v, pr.ID, dev, d.now)
		}
	}
	if d.profile != "" {
		if _, ok := zones[d.profile]; !ok {
			zones[d.profile] = personZone(d.v, d.profile, dev, d.now)
		}
	}
	return zones
}

// zoneIn is the clock of profile in zones, else this computer's.
func zoneIn(zones map[string]remind.Zone, profile string, dev *time.Location) remind.Zone {
	if z, ok := zones[profile]; ok {
		return z
	}
	return remind.Zone{Loc: dev, Device: dev}
}

// fieldClock is the clock a record's details say its dates on: the person's days, and an
// appointment's or visit's time of day named while it is not this computer's ("10:30
// Dublin time (11:30 here)", as Appointments says it; F66b).
func fieldClock(z remind.Zone) health.Clock {
	return health.Clock{Loc: z.Loc,
		Name: func(t time.Time) string {
			if z.Differs(t) {
				return z.Name(t)
			}
			return ""
		},
		Here: z.Here}
}
