package hhvault

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/journey"
	"carekeeper/storage"
	"carekeeper/sync/household"
)

// NotReachedError is a change to the household refused because the others could not learn it
// now (the WebDAV server down, the shared folder gone): Words say why in FailureWords' clause
// ("the WebDAV server dav.example could not be reached (connection refused)"); nothing was
// changed.
type NotReachedError struct {
	Words string
	Err   error
}

func (e *NotReachedError) Error() string { return e.Words + ": nothing was changed" }
func (e *NotReachedError) Unwrap() error { return e.Err }

// Reached returns nil when the household's files can be reached now, else a
// *NotReachedError saying why.
func Reached(ctx context.Context, h *household.Household, cfg Config) error {
	if err := h.Reach(ctx); err != nil {
		return &NotReachedError{FailureWords(err, cfg), err}
	}
	return nil
}

// Share sets the roles of devices (by device id) for profile, only when the household's files
// can be reached now (Reached): a share made while they cannot be was said done, and the
// others learnt it whenever the server or folder came back. 'share' and the app's Sharing and
// alerts both change roles through it.
func Share(ctx context.Context, h *household.Household, cfg Config, profile string, roles map[string]household.Role, now time.Time) error {
	if err := Reached(ctx, h, cfg); err != nil {
		return err
	}
	ids := make([]string, 0, len(roles))
	for id := range roles {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := h.Share(ctx, profile, id, roles[id], now); err != nil {
			return err
		}
	}
	return nil
}

// SharedWithWords says which devices hold a person (name) now, from Readers: every one named,
// a role on everyone said ("Tom Baker is shared with Carer phone only.", "Grace Okafor is
// shared with Carer laptop and Dad desk (manages everyone) only."). joining: for an invitation,
// the device that joins with it is named first ("… will be shared with the new device only.").
// F379: a carer sharing her own father was not told who else would hold him.
func SharedWithWords(name string, rs []household.Reader, joining bool) string {
	var names []string
	if joining {
		names = append(names, "the new device")
	}
	for _, r := range rs {
		n := r.Name
		if n == "" {
			n = "the device " + r.ID
		}
		if r.Everyone {
			if r.Role == household.RoleManage {
				n += " (manages everyone)"
			} else {
				n += " (sees everyone)"
			}
		}
		names = append(names, n)
	}
	verb := "is shared with "
	if joining {
		verb = "will be shared with "
	}
	if len(names) == 0 {
		return name + " is on this computer only: shared with no other device."
	}
	return name + " " + verb + andList(names) + " only."
}

// HeldWords is SharedWithWords said on a device that holds the person (the app's Sharing on
// one of the household's computers): this computer named too, "Emeka Okafor is on this
// computer and shared with Ada's PC (manages everyone) only." — "is shared with Ada's PC …
// only", said on a laptop that holds him, was untrue there (F450).
func HeldWords(name string, rs []household.Reader) string {
	s := SharedWithWords(name, rs, false)
	if len(rs) == 0 {
		return s
	}
	return name + " is on this computer and " + strings.TrimPrefix(s, name+" is ")
}

// NotForNewDeviceWords: a person this computer holds whom an invitation for everyone does not
// give the new device (another device made them and shares them with the devices it chose:
// household.EveryoneCovers).
func NotForNewDeviceWords(name string, rs []household.Reader) string {
	s := SharedWithWords(name, rs, false)
	if len(rs) == 0 {
		return name + " will not be shared with the new device."
	}
	return name + " will not be shared with the new device (" + strings.TrimSuffix(strings.TrimPrefix(s, name+" is "), ".") + ")."
}

// InviteLines are what an invitation says beside its code ('household invite', the app's
// Invite a device…): each person it gives by a grant of their own, with every device that will
// hold them (SharedWithWords); for an invitation for everyone (no grants), each person this
// computer holds whom a role on everyone does not cover (another device made them and chose
// their devices, F379): given by a grant of their own when this computer manages them
// (Household.EveryoneGives, F392: a desk managing everyone gave a new computer every person
// but the one a carer had shared with it to manage), else not given, and why.
func InviteLines(ctx context.Context, v *storage.Vault, h *household.Household, grants []household.Grant) ([]string, error) {
	nameOf := PeopleNames(v) // father and son of one name told apart (F469)
	var out []string
	for _, g := range grants {
		name := nameOf(g.Profile)
		out = append(out, SharedWithWords(name, h.Readers(g.Profile), true)+" "+RoleWords(name, g.Role, Died(ctx, v, g.Profile)))
	}
	if len(grants) > 0 {
		return out, nil
	}
	// An invitation for everyone gives every person it gives to manage (everyoneGrants).
	out = append(out, "The new device will manage each person it is given: record their doses and change their reminders.")
	ps, err := v.Profiles()
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if h.Role(p.ID) == household.RoleNone || h.EveryoneCovers(p.ID) {
			continue
		}
		name := nameOf(p.ID)
		if h.EveryoneGives(p.ID) {
			out = append(out, SharedWithWords(name, h.Readers(p.ID), true)+" "+RoleWords(name, household.RoleManage, Died(ctx, v, p.ID)))
			continue
		}
		out = append(out, strings.TrimSuffix(NotForNewDeviceWords(name, h.Readers(p.ID)), ".")+
			": this computer may only view "+name+", and only a device that manages a person can share them.")
	}
	return out, nil
}

// RoleWords say what the new device may do with a person an invitation gives it, in a family's
// words (F469: the invitation named who was shared, not whether the new device would manage
// them or only view them): "The new device will manage Tom Baker: record their doses and change
// their reminders.", "The new device will only view Grace Okafor: see their records and get
// their alerts, not record doses or change reminders." (README's share: manage, view).
func RoleWords(name string, r household.Role, died bool) string {
	return DeviceRoleWords("The new device", name, r, died)
}

// Died says the person's records say they have died (journey.PersonDeath); unread: not.
func Died(ctx context.Context, v *storage.Vault, profile string) bool {
	d, err := journey.PersonDeath(ctx, v, profile, time.Now())
	return err == nil && d.Deceased
}

// DeviceRoleWords is RoleWords of a named device ('share' on a device of the household, F496:
// "--role view" and "--role manage" answered alike): "Emekas Tablet will only view Ingrid
// Schmidt: …".
//
// Of a person whose records say they died there are no doses, reminders or alerts: the device
// holds their records (F583 item 2: "… get their alerts" of a grandmother who died in 2024).
func DeviceRoleWords(device, name string, r household.Role, died bool) string {
	switch {
	case died && r == household.RoleManage:
		return device + " will manage " + name + "'s records. Their records say they have died: there are no reminders or alerts for them."
	case died && r == household.RoleView:
		return device + " will only view " + name + "'s records. Their records say they have died: there are no reminders or alerts for them."
	}
	switch r {
	case household.RoleManage:
		return device + " will manage " + name + ": record their doses and change their reminders."
	case household.RoleNone:
		// '--role none' withdraws the person: it was answered "will only view …, see their
		// records and get their alerts", the opposite of what was done (F515).
		return device + " will no longer get " + name + "'s records or alerts: what it already has stays on it as it is, with their reminders and alerts off there."
	}
	return device + " will only view " + name + ": see their records and get their alerts, not record doses or change reminders."
}

// ValidForWords says how long an invitation's code works, for whoever it is read to on
// another clock (F583 item 9: "before 00:11" was this computer's time alone, read to a son
// whose clock said 19:01): "10 minutes, until 00:11 on this computer's clock".
func ValidForWords(expires, now time.Time, here *time.Location) string {
	n := max(int(math.Round(expires.Sub(now).Minutes())), 1)
	mins := strconv.Itoa(n) + " minutes"
	if n == 1 {
		mins = "1 minute"
	}
	return mins + ", until " + expires.In(here).Format("15:04") + " on this computer's clock"
}
