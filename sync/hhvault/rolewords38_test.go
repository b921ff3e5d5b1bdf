package hhvault_test

import (
	"testing"

	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"
)

// F515: 'share --role none' withdrew Lucía from Javier's tablet and answered "Javier's tablet
// will only view Lucía Herrera Martín: see their records and get their alerts" — the opposite
// of what was done. Each role is said as what the device may do.
func TestDeviceRoleWordsSayEachRole(t *testing.T) {
	for _, c := range []struct {
		role household.Role
		want string
	}{
		{household.RoleManage, "Javier's tablet will manage Lucía Herrera Martín: record their doses and change their reminders."},
		{household.RoleView, "Javier's tablet will only view Lucía Herrera Martín: see their records and get their alerts, not record doses or change reminders."},
		{household.RoleNone, "Javier's tablet will no longer get Lucía Herrera Martín's records or alerts: what it already has stays on it as it is, with their reminders and alerts off there."},
	} {
		if got := hhvault.DeviceRoleWords("Javier's tablet", "Lucía Herrera Martín", c.role); got != c.want {
			t.Errorf("%s: %q\nwant %q", c.role, got, c.want)
		}
	}
}
