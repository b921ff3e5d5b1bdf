package hhvault

import (
	"context"
	"strings"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/household"
)

// PinZone gives a person shared in the household one clock: when their reminder settings name
// no home zone, it sets the zone of the device sharing them (dev), an IANA name, and the
// settings go to every device with the person. Without it each device read the person's
// 08:00 on its own clock: one dose given in Kolkata showed on a New York laptop as two doses
// taken, one of them ten hours before it was due (F263). It returns dev when it set it.
func PinZone(ctx context.Context, v *storage.Vault, profile string, dev *time.Location) (*time.Location, error) {
	if dev == nil || !strings.Contains(dev.String(), "/") || v.ViewOnly(profile) {
		return nil, nil // "Local" or "UTC" name no place; a viewer's settings stay on the viewer
	}
	s, err := remind.LoadSettings(v, profile)
	if err != nil || s.Zone != "" {
		return nil, err
	}
	s.Zone, s.ZoneTaken = dev.String(), true // the device's clock, not a choice: may be asked (F422)
	if err := remind.SaveSettings(ctx, v, profile, s); err != nil {
		return nil, err
	}
	return dev, nil
}

// PinZones pins the zone (PinZone) of each person an invitation names, and returns those it set
// it for (F571: an invitation is a sharing too). An invitation for everyone pins nobody here:
// the reminders of the devices that manage them take a clock for a person with none.
func PinZones(ctx context.Context, v *storage.Vault, grants []household.Grant, dev *time.Location) ([]string, error) {
	var profiles []string
	for _, g := range grants {
		profiles = append(profiles, g.Profile)
	}
	var pinned []string
	for _, profile := range profiles {
		zone, err := PinZone(ctx, v, profile, dev)
		if err != nil {
			return nil, err
		}
		if zone != nil {
			pinned = append(pinned, profile)
		}
	}
	return pinned, nil
}
