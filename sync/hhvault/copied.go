package hhvault

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/machine"
	"carekeeper/storage"
	"carekeeper/sync/household"
)

// A household device's identity (its keys, its device id, the sequence of its segments) lives
// in its vault. A copy of the vault's directory (a backup restored beside it, the folder copied
// to a second computer) is therefore the same device a second time: both would write segments
// under one device id and sequence, and the household would refuse one or the other. So the
// vault records where it runs — a hash of the computer's machine id and the vault's path —
// under InstanceKey (device-local state, never exchanged), and Open refuses a vault found
// elsewhere with ErrCopied. A vault moved on the same computer (nothing left at the old path)
// is re-recorded silently; on another computer the person says it moved (ConfirmMoved).

// InstanceKey is the state key of where the vault runs.
const InstanceKey = "household/instance"

// ErrCopied means the vault is a copy of a household device's vault (CopiedError says how).
var ErrCopied = errors.New("this vault is a copy of a household device's vault")

// CopiedError is ErrCopied with the way forward in plain words.
type CopiedError struct {
	From string // the vault's directory it was copied from, on this computer ("" another computer)
}

func (e *CopiedError) Error() string {
	where := "made on another computer"
	if e.From != "" {
		where = "of the vault in " + e.From
	}
	return "this vault is a copy (" + where + ") of a household device's vault, so it does not take part in the household: " +
		"two copies of one device would spoil the exchange. To use this computer in the household, join it as a new device: " +
		"set up a new vault and use an invite code from a device of the household ('carekeeper household invite'). " +
		"If the vault was moved here and the old one is no longer used, run 'carekeeper household moved'"
}

func (e *CopiedError) Is(target error) bool { return target == ErrCopied }

// instance is where a vault runs.
type instance struct {
	Machine string `json:"machine"` // hash of the machine id
	Path    string `json:"path"`    // the vault's absolute directory
}

// machineID identifies this computer (machine.ID). A variable so tests can play a second
// computer.
var machineID = machine.ID

func here(v *storage.Vault) instance {
	sum := sha256.Sum256([]byte("carekeeper instance\x00" + machineID()))
	p, err := filepath.Abs(v.Dir())
	if err != nil {
		p = v.Dir()
	}
	return instance{Machine: hex.EncodeToString(sum[:16]), Path: filepath.Clean(p)}
}

func recordInstance(ctx context.Context, v *storage.Vault) error {
	b, _ := json.Marshal(here(v))
	if err := v.UpdateState(ctx, storage.StateOp{Key: InstanceKey, Value: b}); err != nil {
		return fmt.Errorf("recording where the vault runs: %w", err)
	}
	return nil
}

// CheckCopied returns a *CopiedError (errors.Is ErrCopied) when the vault, in a household, is
// a copy: recorded on another computer, or at another path of this one where a vault still
// is. The first check records where the vault runs; a vault moved on this computer is
// re-recorded. Outside a household it returns nil.
func CheckCopied(ctx context.Context, v *storage.Vault) error {
	if _, err := LoadConfig(v); err != nil {
		if errors.Is(err, ErrNoTransport) {
			return nil
		}
		return err
	}
	return checkCopied(ctx, v)
}

func checkCopied(ctx context.Context, v *storage.Vault) error {
	b, err := v.GetState(InstanceKey)
	if errors.Is(err, storage.ErrNotFound) {
		return recordInstance(ctx, v)
	}
	if err != nil {
		return err
	}
	var was instance
	if err := json.Unmarshal(b, &was); err != nil {
		return recordInstance(ctx, v)
	}
	now := here(v)
	switch {
	case was == now:
		return nil
	case was.Machine != now.Machine:
		return &CopiedError{}
	case storage.Exists(was.Path):
		return &CopiedError{From: was.Path}
	}
	return recordInstance(ctx, v) // moved on this computer: nothing is left where it was
}

// ConfirmMoved records that the vault now runs here: the person says it was moved (the copy
// it came from is no longer used), so it goes on as the same household device.
func ConfirmMoved(ctx context.Context, v *storage.Vault) error {
	if _, err := LoadConfig(v); err != nil {
		return err
	}
	// The place it was moved from is told to the household at the next open (tellMoved), so
	// the vault still there stops (F150).
	if b, err := v.GetState(InstanceKey); err == nil {
		var was instance
		if json.Unmarshal(b, &was) == nil && was != here(v) {
			if err := v.UpdateState(ctx, storage.StateOp{Key: MovedFromKey, Value: []byte(placeID(was))}); err != nil {
				return fmt.Errorf("recording where the vault was moved from: %w", err)
			}
		}
	}
	return recordInstance(ctx, v)
}

// HoldCopied is remind.Options.Hold for the vault: true while it is a copy (CheckCopied), asked
// by the engine at every wake-up from its first, so a copy never reminds, not even in the moment
// before anything else looked, and reminds once the person says it moved here (ConfirmMoved).
func HoldCopied(ctx context.Context) func(*storage.Vault) bool {
	return func(v *storage.Vault) bool { return errors.Is(CheckCopied(ctx, v), ErrCopied) }
}

// placeID is where a vault runs (instance) as the household's moved files name it: 32 hex
// digits of a hash, so no path is in the shared folder.
func placeID(in instance) string {
	sum := sha256.Sum256([]byte("carekeeper place\x00" + in.Machine + "\x00" + in.Path))
	return hex.EncodeToString(sum[:16])
}

// MovedFromKey holds the place this vault was moved from ('household moved'), to be said to
// the household by the next open (household.MarkMoved) when the folder could not be reached.
const MovedFromKey = "household/moved-from"

// SupersededKey records that this vault was moved elsewhere (the vault it went to said so):
// it takes no more part in the household.
const SupersededKey = "household/superseded"

// MovedAwayError: this vault was moved elsewhere and the vault it went to goes on as this
// household device (F150: the old one went on syncing without a word).
// Loc is the zone the date is said in (this computer's, as its command was given; time.Local
// when nil).
type MovedAwayError struct {
	At  time.Time
	Loc *time.Location
}

func (e *MovedAwayError) Error() string {
	loc := e.Loc
	if loc == nil {
		loc = time.Local
	}
	return "this vault was moved elsewhere on " + e.At.In(loc).Format("2 Jan 2006") +
		" ('household moved' there): it takes no more part in the household, nothing is exchanged, it gives no reminders or alerts (the vault it was moved to gives them) and what it has stays here; use the vault it was moved to"
}

// MovedAwayWords say, in 'carekeeper today', that a vault moved elsewhere reminds nobody:
// "This vault was moved to another computer on 6 Dec 2026 ('household moved' there): reminders
// and alerts for Mum and Dad are off here (the vault it was moved to reminds them); use that
// one." ("" with nobody named.)
func MovedAwayWords(at time.Time, names []string, loc *time.Location) string {
	if len(names) == 0 {
		return ""
	}
	who := names[len(names)-1]
	if len(names) > 1 {
		who = strings.Join(names[:len(names)-1], ", ") + " and " + who
	}
	return "This vault was moved to another computer on " + health.DateWords(at.In(loc)) + " ('household moved' there): reminders and alerts for " +
		who + " are off here (the vault it was moved to reminds them); use that one."
}

// MovedAway returns the *MovedAwayError this vault recorded ('household moved' on the vault it
// was moved to, learned by an exchange), nil when it was not moved away.
func MovedAway(v *storage.Vault) *MovedAwayError {
	if err := superseded(v); err != nil {
		return err.(*MovedAwayError)
	}
	return nil
}

// IsMovedAway reports whether err says this vault was moved elsewhere.
func IsMovedAway(err error) bool {
	var m *MovedAwayError
	return errors.As(err, &m)
}

// superseded is the MovedAwayError this vault recorded, nil when none.
func superseded(v *storage.Vault) error {
	b, err := v.GetState(SupersededKey)
	if err != nil {
		return nil
	}
	var at time.Time
	if json.Unmarshal(b, &at) != nil {
		return nil
	}
	return &MovedAwayError{At: at}
}

// checkMovedAway asks the household's folder whether the vault this one was moved to said so
// (household.MovedFrom naming this place), and records it.
func checkMovedAway(ctx context.Context, v *storage.Vault, h *household.Household) error {
	from, err := h.MovedFrom(ctx)
	if err != nil {
		return err
	}
	at, ok := from[placeID(here(v))]
	if !ok {
		return nil
	}
	b, _ := json.Marshal(at)
	if err := v.UpdateState(ctx, storage.StateOp{Key: SupersededKey, Value: b}); err != nil {
		return fmt.Errorf("recording that this vault was moved: %w", err)
	}
	return &MovedAwayError{At: at}
}

// tellMoved says to the household, once, the place this vault was moved from.
func tellMoved(ctx context.Context, v *storage.Vault, h *household.Household) error {
	b, err := v.GetState(MovedFromKey)
	if err != nil {
		return nil
	}
	if err := h.MarkMoved(ctx, string(b), time.Now()); err != nil {
		return err
	}
	return v.UpdateState(ctx, storage.StateOp{Key: MovedFromKey, Delete: true})
}
