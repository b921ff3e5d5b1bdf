package hhvault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// SamePerson: a person shared by another device holds records this vault already held for a
// person of its own — the same file was imported on both computers before the person was
// shared (F216: 'Rex Stone (1)' and 'Rex Stone (2)' were listed, and the sync said "received 7,
// applied 4" without a word on the 3 records not applied). A record is one item in the vault:
// it stays with the person whose change is the later; the people are not joined. Said once by
// 'household sync', and by the status for a day.
type SamePerson struct {
	Shared     string `json:"shared"`     // the shared person's id
	SharedName string `json:"sharedName"` // their name
	By         string `json:"by"`         // the device that shared them (id)
	Here       string `json:"here"`       // this vault's own person's id
	HereName   string `json:"hereName"`
	Kept       int    `json:"kept"`  // records kept for this vault's own person, not the shared one
	Moved      int    `json:"moved"` // records that went from this vault's own person to the shared one
	// Alike: the shared person came with the name and birth date of this vault's own person
	// (two people made on two devices before they were shared: no record in common).
	Alike   bool      `json:"alike,omitempty"`
	Learned time.Time `json:"learned"`
	Said    bool      `json:"said,omitempty"`
	Shown   bool      `json:"shown,omitempty"`
}

// samePeople counts, before ops are applied, each record another device sends for one person
// that this vault holds for another of its people.
func (r Replica) samePeople(ops []household.Op) ([]SamePerson, error) {
	self := r.V.Device()
	var out []SamePerson
	idx := map[[2]string]int{}
	gone := map[string]bool{} // people these ops delete: their records joined into another (JoinPeople)
	var here []storage.Profile
	for _, o := range ops {
		if o.Kind != storage.KindProfile || o.Device == self {
			continue
		}
		if o.Deleted {
			gone[o.Key] = true
			continue
		}
		if _, err := r.V.Profile(o.Key); !errors.Is(err, storage.ErrNotFound) {
			continue // held already (or unreadable: said elsewhere)
		}
		var p storage.Profile
		if json.Unmarshal(o.Value, &p) != nil || p.BirthDate == "" {
			continue
		}
		if here == nil {
			ps, err := r.V.Profiles()
			if err != nil {
				return nil, err
			}
			here = append(ps, storage.Profile{}) // not nil: read once
		}
		for _, h := range here {
			if h.ID == "" || h.ID == o.Key || h.BirthDate != p.BirthDate || !sameName(h.Name, p.Name) {
				continue
			}
			k := [2]string{o.Key, h.ID}
			if _, seen := idx[k]; !seen {
				idx[k] = len(out)
				out = append(out, SamePerson{Shared: o.Key, By: o.Device, Here: h.ID, Alike: true})
			}
		}
	}
	// Which person holds each record sent, all in one read; Held (the record's value read and
	// decoded) only for the few held by another person. A Held read of each cost 11–12 ms of
	// CPU for 1,000 records this vault holds (a later exchange updating them), now about 4 ms;
	// 3.3–3.9 ms for 1,000 new ones, now 4.2–4.5 (BenchmarkSamePeople, cpu-ns/op).
	var cand []household.Op
	var ids []storage.ID
	for _, o := range ops {
		if o.Kind != storage.KindRecord || o.Deleted || o.Device == self || o.Profile == "" {
			continue
		}
		if toChange(o).Profile == storage.SharedProfile {
			continue
		}
		id, ok := storage.ParseRecordKey(o.Key)
		if !ok {
			continue
		}
		cand, ids = append(cand, o), append(ids, id)
	}
	if len(cand) == 0 {
		return out, nil
	}
	holders, err := r.V.ProfilesOf(ids)
	if err != nil {
		return nil, err
	}
	for i, o := range cand {
		c := toChange(o)
		if h := holders[i]; h == "" || h == c.Profile || h == storage.SharedProfile || gone[h] {
			continue
		}
		held, ok, err := r.V.Held(storage.KindRecord, o.Key)
		if err != nil {
			return nil, err
		}
		if !ok || held.Deleted || held.Profile == c.Profile || held.Profile == storage.SharedProfile || held.Profile == "" || gone[held.Profile] {
			continue
		}
		// A person made on the sending device whose records it moves (JoinPeople there) is not
		// this computer's own.
		if dev, _, ok := r.V.Writer(storage.KindProfile, held.Profile); ok && dev == o.Device {
			continue
		}
		k := [2]string{c.Profile, held.Profile}
		i, seen := idx[k]
		if !seen {
			i = len(out)
			idx[k] = i
			out = append(out, SamePerson{Shared: c.Profile, By: o.Device, Here: held.Profile})
		}
		if household.Wins(o, toOp(held)) {
			out[i].Moved++
		} else {
			out[i].Kept++
		}
	}
	return out, nil
}

// noteSame names the people counted (after the ops were applied, so the shared person is
// here) and keeps them in Last.
func (r Replica) noteSame(ctx context.Context, same []SamePerson) error {
	if len(same) == 0 {
		return nil
	}
	now := time.Now().UTC()
	for i := range same {
		s := &same[i]
		s.Learned = now
		for _, p := range []struct{ id, name *string }{{&s.Shared, &s.SharedName}, {&s.Here, &s.HereName}} {
			pr, err := r.V.Profile(*p.id)
			if errors.Is(err, storage.ErrNotFound) {
				*p.name = "a person"
				continue
			}
			if err != nil {
				return err
			}
			*p.name = pr.Name
		}
	}
	l := LoadLast(r.V)
	l.Same = append(pending(l.Same, now, sameMarks), same...)
	return saveLast(ctx, r.V, l)
}

// TakeSame returns the notes not yet said by 'household sync' (said: true) or not yet shown by
// the app (said: false), and marks them so: each is told once by each.
func TakeSame(ctx context.Context, v *storage.Vault, said bool) ([]SamePerson, error) {
	l := LoadLast(v)
	out := untold(l.Same, said, sameMarks)
	if len(out) == 0 {
		return nil, nil
	}
	return out, saveLast(ctx, v, l)
}

// sameMarks gives a SamePerson's marks (marks).
func sameMarks(n *SamePerson) (time.Time, *bool, *bool) { return n.Learned, &n.Said, &n.Shown }

// SameWarnings are the status's lines for the notes learned within the last day, with the
// command that joins them.
func SameWarnings(h *household.Household, last Last, now time.Time) []string {
	var out []string
	for _, s := range last.Same {
		if now.Sub(s.Learned) >= DeletedShownFor {
			continue
		}
		name := ""
		for _, d := range h.Devices() {
			if d.ID == s.By {
				name = d.Name
			}
		}
		out = append(out, SameWords(s, name)+": "+SameHow(s))
	}
	return out
}

// SameWords: "Rex Stone, shared by Desk, has records this computer already held for its own
// Rex Stone (the same file imported on both computers): 3 records stay with this computer's
// Rex Stone and not with the shared one. Both are listed: CareKeeper does not join two people
// by itself (two people can have one name and birth date); if they are one person, join them
// on this computer". For two people made on two computers (Alike): "Mum Smith, shared by
// Dad's laptop, has the name and birth date of this computer's own Mum Smith (made on both
// computers before it was shared). Both are listed: …".
func SameWords(s SamePerson, device string) string {
	if device == "" {
		device = "another device of the household"
	}
	const end = ". Both are listed: CareKeeper does not join two people by itself (two people can have one name and birth date); if they are one person, join them on this computer"
	if s.Alike && s.Kept == 0 && s.Moved == 0 {
		return fmt.Sprintf("%s, shared by %s, has the name and birth date of this computer's own %s (made on both computers before it was shared)",
			s.SharedName, device, s.HereName) + end
	}
	line := fmt.Sprintf("%s, shared by %s, has records this computer already held for its own %s (the same file imported on both computers)",
		s.SharedName, device, s.HereName)
	if s.Kept > 0 {
		line += fmt.Sprintf(": %s stay with this computer's %s and not with the shared one", countOf(s.Kept, "record", "records"), s.HereName)
	}
	if s.Moved > 0 {
		sep := ": "
		if s.Kept > 0 {
			sep = "; "
		}
		line += fmt.Sprintf("%s%s went from this computer's %s to the shared one", sep, countOf(s.Moved, "record", "records"), s.HereName)
	}
	return line + end
}

// SameHow is what joins them on the command line.
func SameHow(s SamePerson) string {
	return "carekeeper household same-person --keep " + s.Shared + " --from " + s.Here + " --yes (this computer's " + s.HereName + " goes, with every record moved to the shared one; it cannot be undone)"
}

// sameName compares two names as a person reads them: case and spaces aside.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}
