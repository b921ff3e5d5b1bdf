package hhvault

import (
	"context"
	"errors"
	"strconv"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"
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
	// Into is the person they were joined into on that device (JoinPeople: their records went
	// to Into, who stays — one of the same name and birth date, and none of theirs is left
	// here when the deletion comes), "" for a person deleted.
	Into string `json:"into,omitempty"`
	// IntoID is the person of the same name and birth date they may have been joined into,
	// while their records have not come to them yet (the deletion came first).
	IntoID string `json:"intoID,omitempty"`
	// Said by 'household sync', shown by the app: each once (TakeDeleted).
	Said  bool `json:"said,omitempty"`
	Shown bool `json:"shown,omitempty"`
}

// DeletedShownFor is how long 'household status' says a person deleted on another device.
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
		n, left := 0, 0               // recorded here after the deletion; records of theirs still here
		movedOut := map[string]bool{} // records these ops give another person
		for _, x := range ops {
			if (x.Kind == storage.KindRecord || x.Kind == storage.KindDose) && !x.Deleted && x.Device == o.Device && x.Profile != o.Key {
				movedOut[x.Key] = true
			}
		}
		err = r.V.Snapshot(ctx, func(c storage.Change) error {
			if c.Profile == o.Key && c.Kind != storage.KindProfile && !c.Deleted && c.Device == self && o.Stamp.Compare(c.Stamp) < 0 {
				n++
			}
			if c.Profile == o.Key && (c.Kind == storage.KindRecord || c.Kind == storage.KindDose) && !c.Deleted && !movedOut[c.Key] {
				left++
			}
			return nil
		})
		if err != nil {
			return err
		}
		d := DeletedPerson{Name: p.Name, By: o.Device, At: time.UnixMilli(o.Stamp.Wall).UTC(), Learned: time.Now().UTC(), NotKept: n}
		// Joined into another person on that device (JoinPeople): their records came first,
		// moved to the person who stays, one of the same name and birth date.
		if p.BirthDate != "" {
			ps, err := r.V.Profiles()
			if err != nil {
				return err
			}
			for _, y := range ps {
				if y.ID != p.ID && y.BirthDate == p.BirthDate && cksync.NamesOfOnePerson(y.Name, p.Name) {
					if left == 0 {
						d.Into = y.Name
					} else {
						d.IntoID = y.ID // said joined once their records come to y (confirmJoined)
					}
					break
				}
			}
		}
		notes = append(notes, d)
	}
	if len(notes) == 0 {
		return nil
	}
	l := LoadLast(r.V)
	l.Deleted = append(pending(l.Deleted, time.Now(), deletedMarks), notes...)
	return saveLast(ctx, r.V, l)
}

// recentDeleted are the notes learned within DeletedShownFor of now ('household status').
func recentDeleted(ds []DeletedPerson, now time.Time) []DeletedPerson {
	var out []DeletedPerson
	for _, d := range ds {
		if now.Sub(d.Learned) < DeletedShownFor {
			out = append(out, d)
		}
	}
	return out
}

// deletedMarks gives a DeletedPerson's marks (marks).
func deletedMarks(n *DeletedPerson) (time.Time, *bool, *bool) { return n.Learned, &n.Said, &n.Shown }

// TakeDeleted returns the people deleted on another device not yet said by 'household sync'
// (said: true) or not yet shown by the app (said: false), and marks them so: each is told once
// by each, also one the daemon's exchange took (F131: the sync said only what it took itself,
// and the app said it on Today for a day).
func TakeDeleted(ctx context.Context, v *storage.Vault, said bool) ([]DeletedPerson, error) {
	return take(ctx, v, said, func(l *Last) *[]DeletedPerson { return &l.Deleted }, deletedMarks)
}

// DeletedWarnings are the status's lines for the people deleted on another device within the
// last day ('household status'; the app shows each once instead, TakeDeleted).
func DeletedWarnings(h *household.Household, last Last, now time.Time) []string {
	var out []string
	for _, dp := range recentDeleted(last.Deleted, now) {
		name := ""
		for _, d := range h.Devices() {
			if d.ID == dp.By {
				name = d.Name
			}
		}
		out = append(out, DeletedWords(dp, name, now.Location()))
	}
	return out
}

// DeletedWords: "Clemente Kreiger was deleted on C laptop on 5 Dec 2026 at 22:06, with
// everything recorded for them; 2 things recorded on this computer for them after that went
// with them" (device is the deleting device's name; times in here, this computer's zone,
// time.Local when nil).
func DeletedWords(d DeletedPerson, device string, here *time.Location) string {
	if device == "" {
		device = "another device of the household"
	}
	if here == nil {
		here = time.Local
	}
	at := d.At.In(here)
	if d.Into != "" { // joined into another person there: their records were not lost
		s := d.Name + " was joined into " + d.Into + " on " + device + " on " + at.Format("2 Jan 2006") + " at " + at.Format("15:04") + " (they were one person): " + d.Into + " has the records of both"
		if d.NotKept > 0 {
			s += "; " + countOf(d.NotKept, "thing", "things") + " recorded on this computer for " + d.Name + " after that went with them"
		}
		return s
	}
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

// joinWindow is how long before a person's deletion the records a join moved were written.
const joinWindow = 10 * time.Minute

// confirmJoined says a person deleted on another device was joined into one of the same name
// and birth date there (JoinPeople) once ops bring that person records the same device wrote
// just before the deletion: the deletion may come before the records it moved.
func (r Replica) confirmJoined(ctx context.Context, ops []household.Op) error {
	l := LoadLast(r.V)
	changed := false
	for i := range l.Deleted {
		d := &l.Deleted[i]
		if d.IntoID == "" || d.Into != "" {
			continue
		}
		for _, x := range ops {
			at := time.UnixMilli(x.Stamp.Wall)
			if (x.Kind == storage.KindRecord || x.Kind == storage.KindDose) && !x.Deleted && x.Device == d.By && x.Profile == d.IntoID &&
				!at.After(d.At) && d.At.Sub(at) < joinWindow {
				if p, err := r.V.Profile(d.IntoID); err == nil {
					d.Into, changed = p.Name, true
				}
				break
			}
		}
	}
	if !changed {
		return nil
	}
	return saveLast(ctx, r.V, l)
}

// marks gives a note's time learned and its two marks: told by 'household sync' (said) and
// shown by the app (shown).
type marks[T any] func(*T) (learned time.Time, said, shown *bool)

// untold returns the notes that 'household sync' (said) or the app (!said) has not told yet,
// and marks them told there: each note is told once by each.
func untold[T any](notes []T, said bool, m marks[T]) []T {
	var out []T
	for i := range notes {
		_, byCLI, byApp := m(&notes[i])
		told := byApp
		if said {
			told = byCLI
		}
		if *told {
			continue
		}
		out = append(out, notes[i])
		*told = true
	}
	return out
}

// pending keeps the notes the status still says (learned within DeletedShownFor), or not yet
// both said and shown, learned within ReplacedKeptFor.
func pending[T any](notes []T, now time.Time, m marks[T]) []T {
	var out []T
	for i := range notes {
		learned, said, shown := m(&notes[i])
		if age := now.Sub(learned); age < DeletedShownFor || (!(*said && *shown) && age < ReplacedKeptFor) {
			out = append(out, notes[i])
		}
	}
	return out
}

// take returns the notes of one kind (of Last, by kind) not yet said by 'household sync'
// (said: true) or not yet shown by the app (said: false), marks them so, and keeps those still
// pending.
func take[T any](ctx context.Context, v *storage.Vault, said bool, kind func(*Last) *[]T, m marks[T]) ([]T, error) {
	l := LoadLast(v)
	notes := kind(&l)
	out := untold(*notes, said, m)
	if len(out) == 0 {
		return nil, nil
	}
	*notes = pending(*notes, time.Now(), m)
	return out, saveLast(ctx, v, l)
}
