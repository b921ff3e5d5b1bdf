// Package household keeps the vaults of one household's devices in step through a transport the
// household already has (a synced folder or a WebDAV server), with nothing readable leaving a
// device. See docs/household.md for the design, the file formats and the threat model.
//
// Each device appends its changes to its own immutable, padded, encrypted and signed segment
// files; every device merges every segment it may read, deterministically (hybrid logical
// clocks, last writer wins per record, tombstones, dose answers as a set), so devices that
// have seen the same segments hold the same data whatever order they arrived in.
//
// Seam changes against HOUSEHOLD-CONTRACT.md §3 (the others rebase):
//   - Share takes (ctx, profile, device, role, now), like Revoke, since it writes a signed
//     membership change.
//   - Role, Grant, Device, Refusal and the errors below are spelled out; Household also has
//     ID, Name and DeviceID.
package household

import (
	"context"
	"errors"
	"strings"
	"time"

	"carekeeper/internal/hlc"
	"carekeeper/sync/transport"
)

// Op is one change of one item: an upsert or a tombstone, stamped by its writer.
type Op struct {
	Kind    string    // "record", "profile", "state", "dose", ... (the replica decides the kinds)
	Profile string    // the person it belongs to ("" = household-wide); sharing filters on it
	Key     string    // identity within Kind, e.g. "Observation/abc"
	Deleted bool      // tombstone
	Value   []byte    // opaque payload (nil when Deleted)
	Stamp   hlc.Stamp // the writer's hybrid logical time of the change
	Device  string    // device id of the writer
}

// Wins reports whether op a replaces b for the same (Kind, Key): the later (Stamp, Device)
// wins, so a tombstone wins only over older edits and an edit made after a deletion brings
// the item back. Equal (Stamp, Device) is the same op: it never replaces itself (applying twice
// changes nothing); should two different ops ever share it, a tombstone wins, then the larger
// Value, so the choice is still the same on every device.
//
// Kinds that are sets (dose answers) put what distinguishes the members into Key (for a dose
// answer: the dose, the device and the answer), so members never meet in Wins and all are
// kept: "taken" from one device and "skipped" from another are both shown.
func Wins(a, b Op) bool {
	if c := a.Stamp.Compare(b.Stamp); c != 0 {
		return c > 0
	}
	if c := strings.Compare(a.Device, b.Device); c != 0 {
		return c > 0
	}
	if a.Deleted != b.Deleted {
		return a.Deleted
	}
	return string(a.Value) > string(b.Value)
}

// Replica is one device's data as the household sees it. hhapp implements it over
// storage.Vault; the tests use an in-memory one.
type Replica interface {
	// Changes returns the local changes after cursor (in order, at most max) and the cursor
	// after the last one returned. Remote ops applied by Apply never come back from Changes.
	// Cursor 0 is the start of the log.
	Changes(ctx context.Context, cursor uint64, max int) ([]Op, uint64, error)
	// Apply applies the remote ops that win (Wins) over what the replica holds for their
	// (Kind, Key), atomically and idempotently, and returns how many changed something. It
	// must also observe every op's Stamp into the replica's hlc.Clock (which stamps local
	// changes), so a change made after seeing a remote one is stamped after it.
	Apply(ctx context.Context, ops []Op) (int, error)
	// LoadState returns the household state saved by SaveState (device keys, epoch keys,
	// clock, seen segments, cursors), nil, nil when there is none. The replica keeps it
	// encrypted at rest (it holds private keys).
	LoadState(ctx context.Context) ([]byte, error)
	SaveState(ctx context.Context, state []byte) error
}

// Role is what a device may do with one person's data.
type Role string

const (
	RoleManage Role = "manage" // see, answer doses, edit schedules
	RoleView   Role = "view"   // see and get alerts
	RoleNone   Role = "none"   // nothing of this person reaches the device
)

// AllProfiles as a Grant's Profile stands for every person without a grant of their own.
const AllProfiles = "*"

// Grant gives a device a role for one person (or AllProfiles).
type Grant struct {
	Profile string
	Role    Role
}

// Device is one member of the household as every device agrees on it.
type Device struct {
	ID       string
	Name     string
	LastSeen time.Time // HLC wall time of its latest segment seen here (zero: never)
	Revoked  bool
	Self     bool            // this device
	Roles    map[string]Role // profile (or AllProfiles) → role
}

// Report is what one Exchange did.
type Report struct {
	Sent     int       // local ops sent
	Received int       // remote ops read from new segments
	Applied  int       // remote ops that changed something here
	Admitted []string  // device ids admitted by this exchange
	Refused  []Refusal // files not applied, each with a reason that holds no health data
}

// Refusal is one file not applied and why.
type Refusal struct {
	File   string
	Reason string
}

// Errors callers test with errors.Is.
var (
	ErrNoHousehold   = errors.New("this vault is not part of a household")
	ErrHousehold     = errors.New("this vault is already part of a household")
	ErrBadCode       = errors.New("no invitation with this code: check the words, or wait for the folder to sync and try again")
	ErrCodeExpired   = errors.New("the invitation has expired: make a new one on a device of the household")
	ErrCodeUsed      = errors.New("the invitation was already used: make a new one on a device of the household")
	ErrNotAdmitted   = errors.New("no device of the household admitted this one in time: run an exchange on one of them while the code is valid")
	ErrRevoked       = errors.New("this device was removed from the household")
	ErrUnknownDevice = errors.New("no such device in this household")
	ErrNotAllowed    = errors.New("this device may not do that")
	errTODO          = errors.New("household: not implemented yet")
)

// InviteTTL is how long an invitation code is valid.
const InviteTTL = 10 * time.Minute

// Household is this device's membership of a household. Its methods are not safe for
// concurrent use: one exchange at a time (the daemon and the app hold a process lock).
type Household struct {
	_ struct{}
}

// Create starts a household named name with this device (called deviceName) as its first
// member, with manage on every person. ErrHousehold if the replica already has one.
func Create(ctx context.Context, r Replica, t transport.Transport, name, deviceName string, now time.Time) (*Household, error) {
	return nil, errTODO
}

// Open loads the household this replica belongs to; ErrNoHousehold if none.
func Open(ctx context.Context, r Replica, t transport.Transport) (*Household, error) {
	return nil, errTODO
}

// Invite makes a single-use code (words, also fit for a QR image) valid for InviteTTL. The
// device that joins with it gets grants (none given: manage on every person, i.e. another
// device of the same people). Any device of the household admits it in its next Exchange.
func (h *Household) Invite(ctx context.Context, grants []Grant, now time.Time) (code string, expires time.Time, err error) {
	return "", time.Time{}, errTODO
}

// Join asks to join with code and polls (every few seconds, until wait has passed by now())
// until a device of the household admits this one. ErrBadCode, ErrCodeExpired, ErrCodeUsed,
// ErrNotAdmitted.
func Join(ctx context.Context, r Replica, t transport.Transport, code, deviceName string, wait time.Duration, now func() time.Time) (*Household, error) {
	return nil, errTODO
}

// Exchange runs one round: admit pending invitations, send local changes, receive, verify and
// apply new segments, save the state. A bad file is reported in Report.Refused and does not
// stop the others; err is for what stops the round (transport or replica failures).
func (h *Household) Exchange(ctx context.Context, now time.Time) (Report, error) {
	return Report{}, errTODO
}

// Devices lists the members, this device included, sorted by name then id.
func (h *Household) Devices() []Device { return nil }

// Revoke removes a device: the keys are rotated to the remaining devices at once (sent with the
// next Exchange), so it reads nothing written afterwards, and its later segments are refused.
func (h *Household) Revoke(ctx context.Context, id string, now time.Time) error { return errTODO }

// Share sets device's role for profile (RoleNone removes it; a removal rotates that person's
// key). Sent with the next Exchange.
func (h *Household) Share(ctx context.Context, profile, device string, role Role, now time.Time) error {
	return errTODO
}

// ID is the household id; Name its name; DeviceID this device's id.
func (h *Household) ID() string       { return "" }
func (h *Household) Name() string     { return "" }
func (h *Household) DeviceID() string { return "" }
