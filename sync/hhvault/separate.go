package hhvault

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/household"
)

// Records mixed before the import and the household refused to mix them (F455: a twins' clinic
// file imported into Rose moved Lily's own Patient record and readings to Rose; F464: 'household
// same-person' joined the twins) stayed mixed: Rose's charts held Lily's peak flows, and nothing
// could take them out. FindMixed finds a person holding the Patient records of another person
// (TwoPeople: another given name, or another birth date and record number) with the records
// that are theirs; SeparatePeople moves them to that person, or to a new one, in one write.

// Mixed is a person holding the records of another person.
type Mixed struct {
	Person, PersonName string
	// Other is who the other person's Patient records say they are (the name in use, the
	// birth date).
	Other health.Identity
	// To is the person here who is the other one (their name and birth date), "" when there
	// is none, or more than one: the records then go to a new person, Other.
	To, ToName string
	// Counts are the records to move by kind ("Results", "Personal details"), Records all.
	Counts  map[string]int
	Records int
	// Behind are the household's devices that hold Person but not To: there the records stay
	// with Person until To is shared with them (a device never learns of a person not shared
	// with it).
	Behind []string

	move     []storage.ID // the records to move, Patients first
	patients []storage.ID // the other's Patient records
}

// OtherWords name the other person with their whole birth date: "Lily Lindqvist (born 3 May
// 2019)" (twins share a year).
func (m Mixed) OtherWords() string {
	s := m.Other.Name
	if s == "" {
		s = "someone without a name"
	}
	if m.Other.BirthDate != "" {
		s += " (born " + health.DayWords(m.Other.BirthDate) + ")"
	}
	return s
}

// CountWords are the counts by kind: "Personal details: 1, Results: 12, Medicines: 1".
func (m Mixed) CountWords() string {
	kinds := make([]string, 0, len(m.Counts))
	for k := range m.Counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for i, k := range kinds {
		kinds[i] = fmt.Sprintf("%s: %d", k, m.Counts[k])
	}
	return strings.Join(kinds, ", ")
}

// Question is what the app and the CLI ask: "Rose Lindqvist holds records of another person,
// Lily Lindqvist (born 3 May 2019): 14 records. Move them to Lily Lindqvist, or to a new
// person?"; without a person here who is them: "… Move them to a new person, Lily Lindqvist?"
func (m Mixed) Question() string {
	s := fmt.Sprintf("%s holds records of another person, %s: %s.", m.PersonName, m.OtherWords(), plural(m.Records, "record"))
	if m.To != "" {
		return s + fmt.Sprintf(" Move them to %s, or to a new person?", m.ToName)
	}
	return s + fmt.Sprintf(" Move them to a new person, %s?", firstNonEmpty(m.Other.Name, "without a name"))
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// kindWord is the kind a record is counted under (as the new-records card says them); the
// doses answered in CareKeeper are counted apart from the medicines they are of.
func kindWord(id storage.ID) string {
	switch {
	case id.Type == "Patient":
		return "Personal details"
	case id.Type == "MedicationAdministration" && id.Source == storage.AppSource:
		return "Doses taken or skipped"
	}
	return health.KindOf(id.Type).String()
}

// doseMedicine is the medicine a dose answered in CareKeeper (remind.RecordDose) is of: its
// reminder extension names it by reference and source.
func doseMedicine(r *storage.Record) (storage.ID, bool) {
	if r.ID.Source != storage.AppSource || r.ID.Type != "MedicationAdministration" {
		return storage.ID{}, false
	}
	var res struct {
		Extension []struct {
			URL       string `json:"url"`
			Extension []struct {
				URL            string `json:"url"`
				ValueString    string `json:"valueString"`
				ValueReference *struct {
					Reference string `json:"reference"`
				} `json:"valueReference"`
			} `json:"extension"`
		} `json:"extension"`
	}
	if json.Unmarshal(r.Resource, &res) != nil {
		return storage.ID{}, false
	}
	for _, e := range res.Extension {
		if e.URL != remind.ExtReminder {
			continue
		}
		var id storage.ID
		for _, x := range e.Extension {
			switch x.URL {
			case "medicine":
				if x.ValueReference != nil {
					id.Type, id.ID, _ = strings.Cut(x.ValueReference.Reference, "/")
				}
			case "source":
				id.Source = x.ValueString
			}
		}
		return id, id.Source != "" && id.Type != "" && id.ID != ""
	}
	return storage.ID{}, false
}

// FindMixed finds the people of the vault who hold records of another person (Mixed), each
// other person once. h may be nil (no household): Behind is then empty. Only a person holding
// Patient records of two people is read whole.
func FindMixed(ctx context.Context, v *storage.Vault, h *household.Household) ([]Mixed, error) {
	profiles, err := v.Profiles()
	if err != nil {
		return nil, err
	}
	var out []Mixed
	for i := range profiles {
		ms, err := mixedOf(ctx, v, h, &profiles[i], profiles)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	return out, nil
}

// FindMixedOf is FindMixed for one person.
func FindMixedOf(ctx context.Context, v *storage.Vault, h *household.Household, person string) ([]Mixed, error) {
	profiles, err := v.Profiles()
	if err != nil {
		return nil, err
	}
	for i := range profiles {
		if profiles[i].ID == person {
			return mixedOf(ctx, v, h, &profiles[i], profiles)
		}
	}
	return nil, fmt.Errorf("no person %s here: %w", person, storage.ErrNotFound)
}

func mixedOf(ctx context.Context, v *storage.Vault, h *household.Household, prof *storage.Profile, all []storage.Profile) ([]Mixed, error) {
	var pats []*storage.Record
	err := v.Records(ctx, storage.Query{Profile: prof.ID, Type: "Patient"}, func(r *storage.Record) error {
		cp := *r
		pats = append(pats, &cp)
		return nil
	})
	if err != nil || len(pats) < 2 {
		return nil, err
	}
	// A Patient whose name and birth date are another person's here, exactly, beside one of
	// another birth date: two people even under one record number (the son's summary with his
	// late father's number, filed under the father, F466).
	ids := make([]health.Identity, len(pats))
	elsewhere := make([]bool, len(pats))
	for i, r := range pats {
		ids[i], _ = health.PatientIdentity(r.Resource)
		for j := range all {
			q := &all[j]
			if q.ID != prof.ID && ids[i].BirthDate != "" && q.BirthDate == ids[i].BirthDate && ids[i].Name != "" &&
				cksync.NamesOfOnePerson(q.Name, ids[i].Name) && cksync.PatientOfPerson(q, r.Resource) {
				elsewhere[i] = true
			}
		}
	}
	// The names the person was joined by (profile join --other-names, F554): a Patient of such a
	// name and one of the person's own names (or another joined) are one person, where their
	// birth dates agree; not with a third name.
	joined, err := cksync.JoinedNames(ctx, v, prof.ID)
	if err != nil {
		return nil, err
	}
	byJoined := make([]bool, len(pats))
	ownName := make([]bool, len(pats))
	for i, r := range pats {
		byJoined[i] = cksync.JoinedName(joined, ids[i].Name)
		ownName[i] = byJoined[i] || cksync.PatientOfPerson(prof, r.Resource)
	}
	twoPeople := func(i, j int) bool {
		bi, bj := ids[i].BirthDate, ids[j].BirthDate
		if cksync.TwoPeople(pats[i].Resource, pats[j].Resource) {
			oneByName := (byJoined[i] && ownName[j]) || (byJoined[j] && ownName[i])
			return !oneByName || bi != "" && bj != "" && !strings.HasPrefix(bi, bj) && !strings.HasPrefix(bj, bi)
		}
		return (elsewhere[i] || elsewhere[j]) && bi != "" && bj != "" && !strings.HasPrefix(bi, bj) && !strings.HasPrefix(bj, bi)
	}
	// Groups: Patients joined when they may be one person; a group holding two that are two
	// people (joined through a third that says nothing) is not told apart.
	group := make([]int, len(pats))
	for i := range group {
		group[i] = i
	}
	find := func(i int) int {
		for group[i] != i {
			i = group[i]
		}
		return i
	}
	for i := range pats {
		for j := i + 1; j < len(pats); j++ {
			if !twoPeople(i, j) {
				group[find(j)] = find(i)
			}
		}
	}
	members := map[int][]int{}
	var roots []int
	for i := range pats {
		r := find(i)
		if _, ok := members[r]; !ok {
			roots = append(roots, r)
		}
		members[r] = append(members[r], i)
	}
	if len(roots) < 2 {
		return nil, nil
	}
	for _, r := range roots {
		for _, i := range members[r] {
			for _, j := range members[r] {
				if i < j && twoPeople(i, j) {
					return nil, nil // not told apart: left as it is
				}
			}
		}
	}
	// The person's own group: the one agreeing with their name and birth date, else the one
	// holding their first Patient record.
	own := -1
	for _, r := range roots {
		if slices.ContainsFunc(members[r], func(i int) bool { return cksync.PatientOfPerson(prof, pats[i].Resource) }) {
			if own >= 0 {
				own = -2
				break
			}
			own = r
		}
	}
	if own < 0 && len(prof.Patients) > 0 {
		own = -1
		for _, r := range roots {
			if slices.ContainsFunc(members[r], func(i int) bool { return pats[i].ID == prof.Patients[0] }) {
				own = r
			}
		}
	}
	if own < 0 {
		return nil, nil
	}
	// Every record of the person, with its links, to tell whose it is.
	type item struct {
		id    storage.ID
		links []storage.ID
		whose int // a root of groups; -1 not known
	}
	var items []item
	at := map[storage.ID]int{}
	patientGroup := map[storage.ID]int{}
	for _, r := range roots {
		for _, i := range members[r] {
			patientGroup[pats[i].ID] = r
		}
	}
	err = v.Records(ctx, storage.Query{Profile: prof.ID}, func(r *storage.Record) error {
		it := item{id: r.ID, whose: -1}
		if g, ok := patientGroup[r.ID]; ok {
			it.whose = g
		} else {
			it.links = slices.Clone(r.Meta.Links)
			if med, ok := doseMedicine(r); ok {
				// A dose answered here names its medicine in an extension, not a link: it
				// goes with the medicine (its answers on the person's Today).
				it.links = append(it.links, med)
			}
			whose := -1
			for _, l := range r.Meta.Links {
				if g, ok := patientGroup[l]; ok {
					if whose >= 0 && whose != g {
						whose = -2 // names both: stays
						break
					}
					whose = g
				}
			}
			if whose == -2 {
				whose = own
			}
			it.whose = whose
		}
		at[r.ID] = len(items)
		items = append(items, it)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A record naming no Patient goes with the records it names, or that name it, when they
	// are all one person's (a report's results, a dose of a medicine of theirs).
	for changed := true; changed; {
		changed = false
		for i := range items {
			if items[i].whose != -1 {
				continue
			}
			whose := -1
			for _, l := range items[i].links {
				if j, ok := at[l]; ok && items[j].whose >= 0 {
					if whose >= 0 && whose != items[j].whose {
						whose = own
						break
					}
					whose = items[j].whose
				}
			}
			if whose >= 0 {
				items[i].whose, changed = whose, true
			}
		}
		for i := range items {
			if items[i].whose < 0 || items[i].whose == own {
				continue
			}
			for _, l := range items[i].links {
				if j, ok := at[l]; ok && items[j].whose == -1 {
					items[j].whose, changed = items[i].whose, true
				}
			}
		}
	}
	nameOf := namesApart(all)
	var out []Mixed
	for _, r := range roots {
		if r == own {
			continue
		}
		m := Mixed{Person: prof.ID, PersonName: nameOf(prof.ID), Counts: map[string]int{}}
		first := pats[members[r][0]]
		m.Other, _ = health.PatientIdentity(first.Resource)
		if name, _ := cksync.PersonName(cksync.NameInUse(first.Resource, time.Now())); name != "" {
			m.Other.Name = name
		}
		for _, i := range members[r] {
			m.patients = append(m.patients, pats[i].ID)
		}
		m.move = append(m.move, m.patients...)
		for _, it := range items {
			if it.whose == r && !slices.Contains(m.patients, it.id) {
				m.move = append(m.move, it.id)
			}
		}
		for _, id := range m.move {
			m.Counts[kindWord(id)]++
		}
		m.Records = len(m.move)
		// The person here who is them: every one of their Patients may be that person's.
		// Those of their very birth date first: a person of the name with no birth date known
		// beside the son of that name and birth date left the son unoffered (F474).
		var to, exact []*storage.Profile
		for i := range all {
			q := &all[i]
			if q.ID == prof.ID || q.Name == "" {
				continue
			}
			if !slices.ContainsFunc(members[r], func(i int) bool { return !cksync.PatientOfPerson(q, pats[i].Resource) }) &&
				(q.BirthDate == "" || m.Other.BirthDate == "" || q.BirthDate == m.Other.BirthDate) &&
				cksync.NamesOfOnePerson(q.Name, m.Other.Name) {
				to = append(to, q)
				if q.BirthDate != "" && q.BirthDate == m.Other.BirthDate {
					exact = append(exact, q)
				}
			}
		}
		if len(exact) > 0 {
			to = exact
		}
		if len(to) == 1 {
			m.To, m.ToName = to[0].ID, nameOf(to[0].ID)
			m.Behind = behind(h, prof.ID, m.To)
		}
		out = append(out, m)
	}
	return out, nil
}

// behind are the names of the devices holding person but not to.
func behind(h *household.Household, person, to string) []string {
	if h == nil {
		return nil
	}
	holds := map[string]bool{}
	for _, r := range h.Readers(to) {
		holds[r.ID] = true
	}
	var out []string
	for _, r := range h.Readers(person) {
		if !holds[r.ID] {
			out = append(out, firstNonEmpty(r.Name, "the device "+r.ID))
		}
	}
	return out
}

// ErrNotSeparated wraps every refusal of SeparatePeople (nothing was changed). Its errors name
// no one (an error line reaches logs and scrollback): the question and the result say who.
var ErrNotSeparated = errors.New("the records were not moved")

// errNotTheirs refuses a person chosen whom the records' Patients do not agree with.
var errNotTheirs = errors.New("these records are of someone else than the person chosen: their name or birth date differs")

// Separated is what SeparatePeople did.
type Separated struct {
	From, FromName string // the person who held them
	To, ToName     string // the person who holds them now
	New            bool   // To was made for them
	Records        int    // records moved (a copy To held already is removed, counted too)
	undo           *separateUndo
}

// separateUndo is what UndoSeparate needs: the two people as they were, and each record as it
// was (its identity and person).
type separateUndo struct {
	from, to storage.Profile // to: zero when made
	records  []storage.Record
	now      []storage.ID // the identity each of records has now ("" Type: removed, a copy)
	state    []stateMove
}

// stateMove is one state entry of the holder's that went with the records: its key there and
// value, and its key with the person it went to ("" when they had their own already).
type stateMove struct {
	from, to string
	value    []byte
	copied   bool // kept by the holder too (a choice of a reference they keep a record of)
}

// Undoable says whether UndoSeparate can undo it: on a computer in no household, right after.
func (s Separated) Undoable() bool { return s.undo != nil }

// SeparatePeople moves the records of m (FindMixed) from m.Person to the person to (m.To, or
// another person here who may be them), or, when to is "", to a new person named as the
// records name them: all in one write, each record keeping where it came from and when. A
// household learns each record's move as a change of its person (the others move it too),
// and a new person is shared with the devices that hold m.Person, as they were. This device
// must manage both people. On a computer in no household UndoSeparate undoes it.
func SeparatePeople(ctx context.Context, v *storage.Vault, h *household.Household, m Mixed, to string, now time.Time) (Separated, error) {
	s := Separated{From: m.Person, FromName: m.PersonName}
	from, err := v.Profile(m.Person)
	if err != nil {
		return s, fmt.Errorf("%w: no person %s here: %w", ErrNotSeparated, m.Person, err)
	}
	if to == m.Person {
		return s, fmt.Errorf("%w: that is the person who holds them", ErrNotSeparated)
	}
	var target *storage.Profile
	if to != "" {
		if target, err = v.Profile(to); err != nil {
			return s, fmt.Errorf("%w: no person %s here: %w", ErrNotSeparated, to, err)
		}
		// Never another person's: the records' Patients must agree with them.
		for _, pid := range m.patients {
			r, err := v.Get(pid)
			if err != nil {
				continue
			}
			if !cksync.PatientOfPerson(target, r.Resource) {
				return s, fmt.Errorf("%w: %w", ErrNotSeparated, errNotTheirs)
			}
			for _, tid := range target.Patients {
				if tr, err := v.Get(tid); err == nil && tr.Profile == target.ID && cksync.TwoPeople(r.Resource, tr.Resource) {
					return s, fmt.Errorf("%w: %w", ErrNotSeparated, errNotTheirs)
				}
			}
		}
	} else {
		name := firstNonEmpty(m.Other.Name, "Unnamed person")
		target = &storage.Profile{ID: storage.NewProfileID(), Name: name, BirthDate: m.Other.BirthDate, Created: now.UTC()}
		s.New = true
	}
	s.To, s.ToName = target.ID, target.Name
	if h != nil {
		people := []string{from.ID}
		if !s.New {
			people = append(people, target.ID)
		}
		for _, id := range people {
			if h.Role(id) != household.RoleManage && !v.ViewOnly(id) {
				if _, err := h.Claim(ctx, id, now); err != nil {
					return s, fmt.Errorf("%w: %w", ErrNotSeparated, err)
				}
			}
			if h.Role(id) != household.RoleManage || v.ViewOnly(id) {
				return s, fmt.Errorf("%w: this computer does not manage the person %s, so it may not change their records; do it on a computer that manages them", ErrNotSeparated, id)
			}
			if _, gone := v.NotShared(id); gone {
				return s, fmt.Errorf("%w: the person %s is no longer shared with this computer", ErrNotSeparated, id)
			}
		}
	}
	undo := &separateUndo{from: *from}
	if !s.New {
		undo.to = *target
	}
	// The records: a copy kept apart for one person (a file's own ids) is given the new
	// person's own identity, the old one removed; a copy the person holds already is removed.
	toSource := cksync.PersonSource(target.ID)
	renamed := map[storage.ID]storage.ID{}
	became := map[storage.ID]storage.ID{} // each record moved → its identity with the person now
	var recs []storage.Record
	var remove []storage.ID
	for _, id := range m.move {
		r, err := v.Get(id)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return s, err
		}
		if r.Profile != from.ID {
			continue // moved since
		}
		undo.records = append(undo.records, *r)
		rec := *r
		rec.Profile = target.ID
		rec.Meta.Hash = nil
		if _, scoped := cksync.IsPersonSource(id.Source); scoped && id.Source != toSource {
			nid := storage.ID{Source: toSource, Type: id.Type, ID: id.ID}
			remove = append(remove, id)
			local := storage.ID{Source: cksync.LocalSource, Type: id.Type, ID: id.ID}
			if !s.New && (heldBy(v, nid, target.ID) || heldBy(v, local, target.ID)) {
				undo.now = append(undo.now, storage.ID{})
				s.Records++
				became[id] = nid
				if !heldBy(v, nid, target.ID) {
					became[id] = local
				}
				continue // the same file's record, theirs already
			}
			rec.ID = nid
			renamed[id] = nid
		}
		became[id] = rec.ID
		undo.now = append(undo.now, rec.ID)
		recs = append(recs, rec)
	}
	if len(recs)+len(remove) == 0 {
		return s, fmt.Errorf("%w: the person who held them holds none of them now", ErrNotSeparated)
	}
	// The doses answered here name their medicine by its source: a medicine given another
	// identity is named by it.
	for i := range recs {
		if med, ok := doseMedicine(&recs[i]); ok && became[med] != (storage.ID{}) && became[med].Source != med.Source {
			res, err := renameDoseSource(recs[i].Resource, became[med].Source)
			if err != nil {
				return s, fmt.Errorf("%w: a dose of theirs could not be read: %w", ErrNotSeparated, err)
			}
			recs[i].Resource = res
		}
	}
	// What was answered and set for their medicines (and appointments) while they sat with
	// the holder goes with them: the doses' answers, the times set, the choices.
	state, err := movedState(ctx, v, from.ID, target.ID, became)
	if err != nil {
		return s, fmt.Errorf("%w: %w", ErrNotSeparated, err)
	}
	undo.state = state
	for i := range recs {
		recs[i].Meta.Links = slices.Clone(recs[i].Meta.Links)
		for j, l := range recs[i].Meta.Links {
			if n, ok := renamed[l]; ok {
				recs[i].Meta.Links[j] = n
			}
		}
	}
	// The people: the Patients (and their record numbers) go with the records.
	moved := map[storage.ID]bool{}
	for _, id := range m.patients {
		moved[id] = true
	}
	nf := *from
	nf.Patients, nf.Identifiers = nil, nil
	keptIdents := map[string]bool{}
	for _, pid := range from.Patients {
		if moved[pid] {
			continue
		}
		nf.Patients = append(nf.Patients, pid)
		if r, err := v.Get(pid); err == nil {
			for _, i := range r.Meta.Identifiers {
				keptIdents[i] = true
			}
		}
	}
	movedIdents := map[string]bool{}
	nt := *target
	nt.Patients, nt.Identifiers = slices.Clone(target.Patients), slices.Clone(target.Identifiers)
	for _, r := range undo.records {
		if !moved[r.ID] {
			continue
		}
		pid := r.ID
		if n, ok := renamed[pid]; ok {
			pid = n
		}
		if !slices.Contains(nt.Patients, pid) {
			nt.Patients = append(nt.Patients, pid)
		}
		for _, i := range r.Meta.Identifiers {
			movedIdents[i] = true
			if !slices.Contains(nt.Identifiers, i) {
				nt.Identifiers = append(nt.Identifiers, i)
			}
		}
	}
	for _, i := range from.Identifiers {
		if keptIdents[i] || !movedIdents[i] {
			nf.Identifiers = append(nf.Identifiers, i)
		}
	}
	if nt.BirthDate == "" {
		nt.BirthDate = m.Other.BirthDate
	}
	b := &storage.Batch{Move: true, Now: now, Profiles: []storage.Profile{nf, nt}, Records: recs, Remove: remove, Durable: true}
	for _, st := range state {
		if !st.copied {
			b.State = append(b.State, storage.StateOp{Key: st.from, Delete: true})
		}
		if st.to != "" {
			b.State = append(b.State, storage.StateOp{Key: st.to, Value: st.value})
		}
	}
	if _, err := v.Write(ctx, b); err != nil {
		return s, fmt.Errorf("moving the records: %w", err)
	}
	s.Records += len(recs)
	if all, err := v.Profiles(); err == nil {
		nameOf := namesApart(all)
		s.FromName, s.ToName = firstNonEmpty(nameOf(from.ID), from.Name), firstNonEmpty(nameOf(target.ID), target.Name)
	}
	if h != nil && s.New {
		// The new person goes where the person who held them goes, with the same roles.
		rs := h.Readers(from.ID)
		if len(rs) == 0 {
			if _, err := h.Claim(ctx, target.ID, now); err != nil {
				return s, fmt.Errorf("the records were moved; making the new person the household's: %w", err)
			}
		}
		for _, r := range rs {
			if err := h.Share(ctx, target.ID, r.ID, r.Role, now); err != nil {
				return s, fmt.Errorf("the records were moved; sharing the new person with the device %s: %w", r.ID, err)
			}
		}
	}
	if h == nil && v.Device() == "" {
		s.undo = undo
	}
	return s, nil
}

// UndoSeparate undoes a SeparatePeople made on a computer in no household (Separated.Undoable):
// the records still with the person they went to go back, as they were, and a person made for
// them is deleted once empty.
func UndoSeparate(ctx context.Context, v *storage.Vault, s Separated) error {
	u := s.undo
	if u == nil {
		return ErrNoUndo
	}
	if v.Device() != "" {
		return fmt.Errorf("%w: this computer has joined a household since", ErrNoUndo)
	}
	var recs []storage.Record
	var remove []storage.ID
	for i, was := range u.records {
		now := u.now[i]
		if now != (storage.ID{}) {
			cur, err := v.Get(now)
			if errors.Is(err, storage.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if cur.Profile != s.To {
				continue
			}
			if now != was.ID {
				remove = append(remove, now)
			}
		}
		rec := was
		rec.Meta.Hash = nil
		recs = append(recs, rec)
	}
	profiles := []storage.Profile{u.from}
	if !s.New {
		profiles = append(profiles, u.to)
	}
	// The answers and settings that went with them come back, unless changed since (then
	// they are the person's own now).
	var state []storage.StateOp
	for _, st := range u.state {
		if st.to != "" {
			cur, err := v.GetState(st.to)
			if errors.Is(err, storage.ErrNotFound) || (err == nil && !bytes.Equal(cur, st.value)) {
				continue
			}
			if err != nil {
				return err
			}
			state = append(state, storage.StateOp{Key: st.to, Delete: true})
		}
		if !st.copied {
			state = append(state, storage.StateOp{Key: st.from, Value: st.value})
		}
	}
	if _, err := v.Write(ctx, &storage.Batch{Move: true, Profiles: profiles, Records: recs, Remove: remove, State: state, Durable: true}); err != nil {
		return fmt.Errorf("moving the records back: %w", err)
	}
	if s.New {
		// The person made for them goes when nothing is left with them. A read that failed is
		// not taken for "nothing left": the person would go with any record still theirs.
		n := 0
		if err := v.Records(ctx, storage.Query{Profile: s.To}, func(*storage.Record) error { n++; return nil }); err != nil {
			return fmt.Errorf("the records were moved back; reading what the new person holds: %w", err)
		}
		if n == 0 {
			if _, err := v.DeleteProfile(ctx, s.To); err != nil && !errors.Is(err, storage.ErrNotFound) {
				return err
			}
		}
	}
	return nil
}

// heldBy reports whether the person holds the record id.
func heldBy(v *storage.Vault, id storage.ID, person string) bool {
	p, ok := v.ProfileOf(id)
	return ok && p == person
}

// namesApart names people as the person choices and 'profile list' do: two of one name told
// apart by their birth year or date ("Kenji Nakamura (born 1946)").
func namesApart(all []storage.Profile) func(string) string {
	named := make([]health.NamedPerson, len(all))
	for i, p := range all {
		named[i] = health.NamedPerson{ID: p.ID, Name: p.Name, BirthDate: p.BirthDate}
	}
	return health.NamesApart(named)
}

// PeopleNames names the vault's people as 'profile list' and People do: two of one name told
// apart ("Kenji Nakamura (born 1946)", "Kenji Nakamura (born 1974)"); a person it cannot read
// is their id. The household's lines name people by it (F469: the invitation said "Kenji
// Nakamura will be shared with the new device only." twice, one to manage, one to view).
func PeopleNames(v *storage.Vault) func(id string) string {
	all, err := v.Profiles()
	if err != nil {
		return func(id string) string { return id }
	}
	nameOf := namesApart(all)
	return func(id string) string {
		if n := nameOf(id); n != "" {
			return n
		}
		return id
	}
}

// personWords is how a household line names a person: the reminder name they chose, else
// their name told apart from another's of one name.
func personWords(per *remind.Person, apart func(string) string) string {
	if per.Settings.Label != "" {
		return per.Name
	}
	if n := apart(per.Profile); n != "" && n != per.Profile {
		return n
	}
	return per.Name
}

// recordStateKinds are the kinds of reminder state kept for one record of a person (a
// medicine, an appointment): remind/<kind>/<person>/<record key>[/<more>] (remind's keys).
var recordStateKinds = []string{"plan", "seen", "occ", "refill", "appt"}

// movedState is the state of the person from kept for the records moved (became: each
// record's identity → its identity with to), to go to the person to: each entry taken where to
// has none of their own, and gone from from. A choice about a medicine (health.ChoiceKey names
// it by reference alone) stays with from too when from keeps a record of that reference.
func movedState(ctx context.Context, v *storage.Vault, from, to string, became map[storage.ID]storage.ID) ([]stateMove, error) {
	keys := map[string]string{} // record key with from → with to
	refs := map[string]bool{}   // the medicines' references
	for was, now := range became {
		keys[(&remind.Medicine{ID: was}).Key()] = (&remind.Medicine{ID: now}).Key()
		if was.Type == "MedicationRequest" || was.Type == "MedicationStatement" {
			refs[was.Type+"/"+was.ID] = true
		}
	}
	var out []stateMove
	add := func(k, nk string, val []byte) error {
		st := stateMove{from: k, value: append([]byte(nil), val...)}
		if _, err := v.GetState(nk); errors.Is(err, storage.ErrNotFound) {
			st.to = nk
		} else if err != nil {
			return err
		}
		out = append(out, st)
		return nil
	}
	for _, kind := range recordStateKinds {
		pfx := "remind/" + kind + "/" + from + "/"
		err := v.ScanState(ctx, pfx, func(k string, val []byte) error {
			parts := strings.SplitN(strings.TrimPrefix(k, pfx), "/", 4)
			if len(parts) < 3 {
				return nil
			}
			nk, ok := keys[strings.Join(parts[:3], "/")]
			if !ok {
				return nil
			}
			if len(parts) == 4 {
				nk += "/" + parts[3]
			}
			return add(k, "remind/"+kind+"/"+to+"/"+nk, val)
		})
		if err != nil {
			return nil, fmt.Errorf("reading the reminder settings: %w", err)
		}
	}
	if len(refs) == 0 {
		return out, nil
	}
	// The references from keeps a record of.
	kept := map[string]bool{}
	for _, typ := range []string{"MedicationRequest", "MedicationStatement"} {
		err := v.Records(ctx, storage.Query{Profile: from, Type: typ}, func(r *storage.Record) error {
			if _, moved := became[r.ID]; !moved {
				kept[r.ID.Type+"/"+r.ID.ID] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sorted := make([]string, 0, len(refs))
	for ref := range refs {
		sorted = append(sorted, ref)
	}
	sort.Strings(sorted)
	for _, ref := range sorted {
		k := health.ChoiceKey(from, ref)
		val, err := v.GetState(k)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if kept[ref] {
			if _, err := v.GetState(health.ChoiceKey(to, ref)); errors.Is(err, storage.ErrNotFound) {
				out = append(out, stateMove{from: k, to: health.ChoiceKey(to, ref), value: val, copied: true})
			}
			continue
		}
		if err := add(k, health.ChoiceKey(to, ref), val); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// renameDoseSource gives a dose answered here (remind.RecordDose) its medicine's new source.
func renameDoseSource(res []byte, source string) ([]byte, error) {
	var r map[string]json.RawMessage
	if err := json.Unmarshal(res, &r); err != nil {
		return nil, err
	}
	var exts []map[string]any
	dec := json.NewDecoder(bytes.NewReader(r["extension"]))
	dec.UseNumber()
	if err := dec.Decode(&exts); err != nil {
		return nil, err
	}
	for _, e := range exts {
		if e["url"] != remind.ExtReminder {
			continue
		}
		subs, _ := e["extension"].([]any)
		for _, x := range subs {
			if sub, ok := x.(map[string]any); ok && sub["url"] == "source" {
				sub["valueString"] = source
			}
		}
	}
	b, err := json.Marshal(exts)
	if err != nil {
		return nil, err
	}
	r["extension"] = b
	return json.Marshal(r)
}
