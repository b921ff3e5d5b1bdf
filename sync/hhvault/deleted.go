package hhvault

import (
	"context"
	"errors"
	"strconv"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// DeletedPerson is a person another device deleted, as this device learned it from the
// household (F131: the person vanished here without a word, with what was just recorded for
// them here). Kept in Last for a day: 'household sync' says it when it happens, the status for
// a day after.
type DeletedPerson struct {
	Name    string    `json:"name"`
	By      string    `json:"by"`      // the device that deleted them (id)
	At      time.Time `json:"at"`      // when it deleted them (its clock)
	Learned time.Time `json:"learned"` // when this device took the deletion
	// NotKept counts what this device had recorded for them after the deletion (records,
	// doses, their settings) that went with them.
	NotKept int `json:"notKept"`
}

// DeletedShownFor is how long the status says a person deleted on another device.
const DeletedShownFor = 24 * time.Hour

// noteDeleted records, before ops are applied, each person they delete whom this vault
// still holds: their name, who deleted them and when, and how many things recorded here after
// the deletion go with them.
func (r Replica) noteDeleted(ctx context.Context, ops []household.Op) error {
	var notes []DeletedPerson
	self := r.V.Device()
	for _, o := range ops {
		if o.Kind != storage.KindProfile || !o.Deleted || o.Device == self {
			continue
		}
		p, err := r.V.Profile(o.Key)
		if errors.Is(err, storage.ErrNotFound) {
			continue // not here, or deleted already
		}
		if err != nil {
			return err
		}
		n := 0
		err = r.V.Snapshot(ctx, func(c storage.Change) error {
			if c.Profile == o.Key && c.Kind != storage.KindProfile && !c.Deleted && c.Device == self && o.Stamp.Compare(c.Stamp) < 0 {
				n++
			}
			return nil
		})
		if err != nil {
			return err
		}
		notes = append(notes, DeletedPerson{Name: p.Name, By: o.Device, At: time.UnixMilli(o.Stamp.Wall).UTC(), Learned: time.Now().UTC(), NotKept: n})
	}
	if len(notes) == 0 {
		return nil
	}
	l := LoadLast(r.V)
	l.Deleted = append(recentDeleted(l.Deleted, time.Now()), notes...)
	return saveLast(ctx, r.V, l)
}

// recentDeleted keeps the notes learned within DeletedShownFor of now.
func recentDeleted(ds []DeletedPerson, now time.Time) []DeletedPerson {
	var out []DeletedPerson
	for _, d := range ds {
		if now.Sub(d.Learned) < DeletedShownFor {
			out = append(out, d)
		}
	}
	return out
}

// DeletedWords: "Clemente Kreiger was deleted on C laptop on 5 Dec 2026 at 22:06, with
// everything recorded for them; 2 things recorded on this computer for them after that went
// with them" (device is the deleting device's name).
func DeletedWords(d DeletedPerson, device string) string {
	if device == "" {
		device = "another device of the household"
	}
	at := d.At.Local()
	s := d.Name + " was deleted on " + device + " on " + at.Format("2 Jan 2006") + " at " + at.Format("15:04") + ", with everything recorded for them"
	switch d.NotKept {
	case 0:
	case 1:
		s += "; 1 thing recorded on this computer for them after that went with them"
	default:
		s += "; " + strconv.Itoa(d.NotKept) + " things recorded on this computer for them after that went with them"
	}
	return s
}
