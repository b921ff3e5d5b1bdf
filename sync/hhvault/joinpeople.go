package hhvault

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/identity"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/household"
)

// JoinedPeople is what JoinPeople did.
type JoinedPeople struct {
	Keep, KeepName string // the person who stays
	From, FromName string // the person joined into them, now gone
	Records        int    // records moved from From to Keep
	// MadeOne are Keep's medicines whose rows hold records of both now; LeftTwo the pairs
	// of one ingredient, one of each, left two rows to confirm (MedicineWords, F536).
	MadeOne []MadeOne
	LeftTwo []LeftTwo
	// undo is what UndoJoin needs to make From a person again: set only for a join on a
	// computer in no household (F395).
	undo *joinUndo
}

// joinUndo is what a join changed, to undo it: the person joined (as they were), the records
// moved and the settings copied to Keep (their keys there and values).
type joinUndo struct {
	from  storage.Profile
	moved []storage.ID
	state []storage.StateOp
	names []storage.StateOp // the names joined by, kept with Keep (F554): forgotten
}

// Undoable says whether UndoJoin can undo the join: on a computer in no household, right
// after it. In a household it cannot be undone: the person joined is deleted on every device.
func (j JoinedPeople) Undoable() bool { return j.undo != nil }

// ErrNoUndo is returned by UndoJoin for a join that cannot be undone.
var ErrNoUndo = errors.New("this join cannot be undone")

// UndoJoin undoes a join made on a computer in no household (JoinedPeople.Undoable): the person
// joined is made again — their name, birth date and identifiers, under a new id — and the
// records moved and the settings copied take them back (those still with Keep as they were
// left). The Import screen's "Join them…" had no undo, only a confirmation (F395). It returns
// the person made again.
func UndoJoin(ctx context.Context, v *storage.Vault, j JoinedPeople) (*storage.Profile, error) {
	if j.undo == nil {
		return nil, ErrNoUndo
	}
	if v.Device() != "" {
		return nil, fmt.Errorf("%w: this computer has joined a household since", ErrNoUndo)
	}
	if _, err := v.Profile(j.Keep); err != nil {
		return nil, fmt.Errorf("%w: %s is no longer here", ErrNoUndo, j.KeepName)
	}
	p := j.undo.from
	p.ID, p.Created = storage.NewProfileID(), time.Now().UTC()
	if _, err := v.Write(ctx, &storage.Batch{Profiles: []storage.Profile{p}, Now: p.Created}); err != nil {
		return nil, fmt.Errorf("making %s again: %w", p.Name, err)
	}
	var batch []storage.Record
	var file string
	var at time.Time
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := v.Write(ctx, &storage.Batch{File: file, Now: at, Records: batch}); err != nil {
			return fmt.Errorf("moving the records back: %w", err)
		}
		batch = batch[:0]
		return nil
	}
	for _, id := range j.undo.moved {
		r, err := v.Get(id)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return &p, err
		}
		if r.Profile != j.Keep {
			continue
		}
		if len(batch) > 0 && (len(batch) >= 500 || r.Meta.File != file || !r.Meta.ImportedAt.Equal(at)) {
			if err := flush(); err != nil {
				return &p, err
			}
		}
		rec := *r
		rec.Profile = p.ID
		file, at = r.Meta.File, r.Meta.ImportedAt
		if at.IsZero() {
			at = time.Now()
		}
		batch = append(batch, rec)
	}
	if err := flush(); err != nil {
		return &p, err
	}
	var state []storage.StateOp
	for _, op := range j.undo.names { // two people again: not one by those names
		state = append(state, storage.StateOp{Key: op.Key, Delete: true})
	}
	for _, op := range j.undo.state {
		cur, err := v.GetState(op.Key)
		if err != nil || string(cur) != string(op.Value) {
			continue // changed since (or gone): Keep's own now
		}
		parts := strings.SplitN(op.Key, "/", 4)
		parts[2] = p.ID
		state = append(state, storage.StateOp{Key: op.Key, Delete: true}, storage.StateOp{Key: strings.Join(parts, "/"), Value: op.Value})
	}
	if len(state) > 0 {
		if err := v.UpdateState(ctx, state...); err != nil {
			return &p, fmt.Errorf("moving the reminder settings back: %w", err)
		}
	}
	return &p, nil
}

// ErrNotJoined wraps every refusal of JoinPeople (nothing was changed).
var ErrNotJoined = errors.New("the two people were not joined")

// JoinPeople makes two people of the vault one, when the person says they are (F216: a
// person shared by another device and this computer's own person of the same name and birth
// date stayed two, 'Mum Smith' twice; CareKeeper never joins them by itself — two people of one
// name and birth date exist, F122). Every record of from — and their reminder settings and
// plans, where keep has none of their own — goes to keep, then from is deleted: the household
// learns both at the next exchange, and each device then holds one person with the records of
// both. This device must manage both. In a household it cannot be undone (a deleted person
// stays deleted on every device); the records stay, with keep. On a computer in no household
// UndoJoin undoes it.
func JoinPeople(ctx context.Context, v *storage.Vault, h *household.Household, keep, from string) (JoinedPeople, error) {
	return JoinPeopleOf(ctx, v, h, keep, from, false)
}

// JoinPeopleOf is JoinPeople; otherNames says the person was asked about two people of other
// given names and answered they are one ("Peggy O'Brien" and "Margaret Mary O'Brien": the same
// family name, birth date and sex, identity.OtherGivenNames, F520): only such two are then
// joined, never two of other family names.
func JoinPeopleOf(ctx context.Context, v *storage.Vault, h *household.Household, keep, from string, otherNames bool) (JoinedPeople, error) {
	j := JoinedPeople{Keep: keep, From: from}
	if keep == from {
		return j, fmt.Errorf("%w: that is one person twice", ErrNotJoined)
	}
	pk, err := v.Profile(keep)
	if err != nil {
		return j, fmt.Errorf("%w: no person %s here: %w", ErrNotJoined, keep, err)
	}
	pf, err := v.Profile(from)
	if err != nil {
		return j, fmt.Errorf("%w: no person %s here: %w", ErrNotJoined, from, err)
	}
	j.KeepName, j.FromName = pk.Name, pf.Name
	var undo *joinUndo
	if h == nil && v.Device() == "" {
		undo = &joinUndo{from: *pf}
	}
	if pk.BirthDate != "" && pf.BirthDate != "" && pk.BirthDate != pf.BirthDate {
		return j, fmt.Errorf("%w: they were born on different days, so they are two people", ErrNotJoined)
	}
	// Twins of one birth date and family name are two people: 'same-person --keep <Rose> --from
	// <Lily>' moved Lily's records into Rose's charts (F464). Only one person recorded twice —
	// the same name, or one leaving out words of the other: a given name, or a second surname
	// ("Lucia Herrera" and "Lucía Herrera Martín", F513), or by a name their records give
	// (佐藤 健一, read サトウ ケンイチ, and Kenichi SATO, F561) — is joined.
	if !cksync.NamesOfOnePerson(pk.Name, pf.Name) && !identity.NamesAgree(pk.Name, pf.Name) && !(otherNames && sameFamilyName(pk.Name, pf.Name)) &&
		!cksync.NamesAgreeOf(v, keep, from) {
		return j, fmt.Errorf("%w: they have different names, so they are two people; CareKeeper joins only one person recorded twice (the same name, or one leaving out a middle name, an initial or a second surname of the other)", ErrNotJoined)
	}
	if h != nil {
		for _, id := range []string{keep, from} {
			if h.Role(id) != household.RoleManage && !v.ViewOnly(id) {
				// This computer's own person, whom the household knows nothing of: it made
				// them, so it manages them (F348: no device could join them).
				if _, err := h.Claim(ctx, id, time.Now()); err != nil {
					return j, fmt.Errorf("%w: %w", ErrNotJoined, err)
				}
			}
			if h.Role(id) != household.RoleManage || v.ViewOnly(id) {
				return j, fmt.Errorf("%w: this computer does not manage the person %s, so it may not change their records; join them on a computer that manages both", ErrNotJoined, id)
			}
			if _, gone := v.NotShared(id); gone {
				return j, fmt.Errorf("%w: the person %s is no longer shared with this computer", ErrNotJoined, id)
			}
		}
	}
	// The names the person joined goes by, kept with keep when joined by other names (F554).
	var fromNames []string
	if otherNames {
		fromNames = append(fromNames, pf.Name)
		err := v.Records(ctx, storage.Query{Profile: from, Type: "Patient"}, func(r *storage.Record) error {
			if id, ok := health.PatientIdentity(r.Resource); ok && id.Name != "" {
				fromNames = append(fromNames, id.Name)
			}
			return nil
		})
		if err != nil {
			return j, err
		}
	}
	// Each one's medicine rows before, to say which the join made one.
	now := time.Now()
	keptMeds, fromMeds := medicineSides(ctx, v, keep, now), medicineSides(ctx, v, from, now)
	// The records, a batch at a time, each batch keeping its records' file and import time.
	var batch []storage.Record
	var file string
	var at time.Time
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := v.Write(ctx, &storage.Batch{File: file, Now: at, Records: batch})
		if err != nil {
			return fmt.Errorf("moving the records: %w", err)
		}
		for _, n := range res.Updated {
			j.Records += n
		}
		batch = batch[:0]
		return nil
	}
	err = v.Records(ctx, storage.Query{Profile: from}, func(r *storage.Record) error {
		if len(batch) > 0 && (len(batch) >= 500 || r.Meta.File != file || !r.Meta.ImportedAt.Equal(at)) {
			if err := flush(); err != nil {
				return err
			}
		}
		rec := *r
		rec.Profile = keep
		if undo != nil {
			undo.moved = append(undo.moved, r.ID)
		}
		file, at = r.Meta.File, r.Meta.ImportedAt
		if at.IsZero() {
			at = time.Now()
		}
		batch = append(batch, rec)
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return j, err
	}
	// Their reminder settings, plans and the like: taken where keep has none of their own.
	var state []storage.StateOp
	for _, owner := range storage.PersonStateOwners {
		err := v.ScanState(ctx, owner+"/", func(k string, val []byte) error {
			if !storage.IsPersonStateKey(k, from) {
				return nil
			}
			parts := strings.SplitN(k, "/", 4)
			parts[2] = keep
			to := strings.Join(parts, "/")
			if _, err := v.GetState(to); errors.Is(err, storage.ErrNotFound) {
				state = append(state, storage.StateOp{Key: to, Value: append([]byte(nil), val...)})
			}
			return nil
		})
		if err != nil {
			return j, err
		}
	}
	// One person by the names joined: not offered apart again (F554).
	names := cksync.OneByOtherNames(keep, fromNames...)
	if len(state)+len(names) > 0 {
		if err := v.UpdateState(ctx, append(slices.Clone(state), names...)...); err != nil {
			return j, fmt.Errorf("moving the reminder settings: %w", err)
		}
	}
	if _, err := v.DeleteProfile(ctx, from); err != nil {
		return j, fmt.Errorf("deleting the person joined: %w", err)
	}
	if undo != nil {
		undo.state, undo.names = state, names
		j.undo = undo
	}
	j.MadeOne, j.LeftTwo = joinedMedicines(ctx, v, keep, keptMeds, fromMeds, now)
	return j, nil
}

// sameFamilyName: the last words of two names are the same (case and accents aside).
func sameFamilyName(a, b string) bool {
	_, fa := health.SplitName(a)
	_, fb := health.SplitName(b)
	return fa != "" && fa == fb
}
