package hhvault_test

import (
	"testing"
	"time"

	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"
)

// F515: 'share --role none' withdrew Lucía from Javier's tablet and answered "Javier's tablet
// will only view Lucía Herrera Martín: see their records and get their alerts" — the opposite
// of what was done. Each role is said as what the device may do.
//
// F583 item 2: of a person who died (Þórunn, in 2024) an invitation said the new device would
// "see their records and get their alerts": there are none. It says so.
func TestDeviceRoleWordsSayEachRole(t *testing.T) {
	for _, c := range []struct {
		role household.Role
		died bool
		want string
	}{
		{household.RoleManage, false, "Javier's tablet will manage Lucía Herrera Martín: record their doses and change their reminders."},
		{household.RoleView, false, "Javier's tablet will only view Lucía Herrera Martín: see their records and get their alerts, not record doses or change reminders."},
		{household.RoleNone, false, "Javier's tablet will no longer get Lucía Herrera Martín's records or alerts: what it already has stays on it as it is, with their reminders and alerts off there."},
		{household.RoleView, true, "Javier's tablet will only view Lucía Herrera Martín's records. Their records say they have died: there are no reminders or alerts for them."},
		{household.RoleManage, true, "Javier's tablet will manage Lucía Herrera Martín's records. Their records say they have died: there are no reminders or alerts for them."},
		{household.RoleNone, true, "Javier's tablet will no longer get Lucía Herrera Martín's records or alerts: what it already has stays on it as it is, with their reminders and alerts off there."},
	} {
		if got := hhvault.DeviceRoleWords("Javier's tablet", "Lucía Herrera Martín", c.role, c.died); got != c.want {
			t.Errorf("%s: %q\nwant %q", c.role, got, c.want)
		}
	}
}

// F583 item 9: an invitation's code said "before 00:11", this computer's time alone, read to
// a son in Boston whose clock said 19:01. It says how long, and whose clock the time is.
func TestValidForWordsSayHowLongAndWhoseClock(t *testing.T) {
	rvk, _ := time.LoadLocation("Atlantic/Reykjavik")
	now := time.Date(2024, 12, 8, 0, 1, 0, 0, time.UTC)
	for _, c := range []struct {
		left time.Duration
		want string
	}{
		{10 * time.Minute, "10 minutes, until 00:11 on this computer's clock"},
		{50 * time.Second, "1 minute, until 00:01 on this computer's clock"},
	} {
		if got := hhvault.ValidForWords(now.Add(c.left), now, rvk); got != c.want {
			t.Errorf("%v left: %q, want %q", c.left, got, c.want)
		}
	}
}
