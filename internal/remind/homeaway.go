package remind

import (
	"time"

	"carekeeper/storage"
)

// HomeAway is the person's home clock while they follow this computer's away from it (the
// travel question answered "with this computer"); nil otherwise.
func HomeAway(v *storage.Vault, profile string, dev *time.Location, now time.Time) *time.Location {
	if v == nil || profile == "" || profile == storage.SharedProfile {
		return nil
	}
	st, err := LoadSettings(v, profile)
	if err != nil || st.Zone == "" {
		return nil
	}
	loc, _ := st.Location(dev, now)
	home, err := time.LoadLocation(st.Zone)
	if err != nil || loc == nil || home.String() == loc.String() {
		return nil
	}
	return home
}

// AppointmentZone is the clock an appointment is said on: the person's (z), but while they follow
// this computer's clock away from home, their home clock, unless the record gives its time on
// the clock they follow (one made where they are). A clinic at home keeps its hours: Margaret
// visiting Perth read her Balmain INR check, 09:30 Sydney time, as "06:30" (F523); it is
// "09:30 Sydney time (06:30 here)".
func AppointmentZone(z Zone, home *time.Location, start time.Time) Zone {
	if home == nil || z.Loc == nil || home.String() == z.Loc.String() {
		return z
	}
	_, own := start.Zone()
	_, shown := start.In(z.Loc).Zone()
	if _, h := start.In(home).Zone(); own == shown && own != h {
		return z
	}
	return Zone{Loc: home, Device: z.Device}
}
