package sync

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/storage"
)

// newestVersions keeps one copy of each record a file gives more than once (ids[i] is entry
// i's identity): its newest version, the one with the latest meta.lastUpdated, else the
// highest meta.versionId, else the one FHIR's order says is newest — a history Bundle lists a
// record's versions newest first (FHIR R4 http.html#history: "sorted with oldest versions
// last"), any other file is read in order (the later copy, as storage's Write keeps it).
// Before, every copy was written in file order, so a history Bundle stored the oldest version
// and a re-import "updated" the record (F29). The same resource given again is kept once. Two
// copies with other contents that no date or version tells apart, outside a history Bundle,
// refuse the file (contradicting, F501; a Patient's are refused by patientsOnce). In a history
// Bundle a record whose newest entry is a DELETE is not imported.
// It returns the identities of the entries kept, and leaves file.Entries holding them.
func newestVersions(file *fhirjson.File, ids []storage.ID) ([]storage.ID, error) {
	history := file.BundleType == "history"
	versions := make(map[int]version)
	versionOf := func(i int) version {
		v, ok := versions[i]
		if !ok {
			v = versionFrom(&file.Entries[i].Info)
			versions[i] = v
		}
		return v
	}
	byID := make(map[recordKey][]int)
	for i, id := range ids {
		k := recordKey{id: id, who: whose(id, &file.Entries[i].Info)}
		byID[k] = append(byID[k], i)
	}
	drop := make([]bool, len(ids))
	first, later := -1, -1 // the contradicting copies told first in file order (map order is not)
	for _, copies := range byID {
		if len(copies) < 2 {
			continue
		}
		a, b := olderCopies(copies, versionOf, func(a, b int) bool {
			return bytes.Equal(file.Entries[a].Resource, file.Entries[b].Resource)
		}, history, ids[copies[0]].Type == "Patient", drop)
		if a >= 0 && (later < 0 || b < later) {
			first, later = a, b
		}
	}
	if first >= 0 {
		return nil, contradictingCopies(ids[first].Type, file.Entries[first].Index, file.Entries[later].Index)
	}
	if history {
		for _, d := range file.Deletes {
			del, ok := deletedID(&d)
			if !ok {
				continue
			}
			for k, copies := range byID {
				id := k.id
				// A DELETE without a fullUrl names the record by type and id, of the one
				// server a history Bundle is from.
				if id != del && (d.FullURL != "" || id.Type != del.Type || id.ID != del.ID) {
					continue
				}
				// Newest first: a DELETE listed before every version of the record is its
				// newest entry.
				if file.Entries[copies[0]].Index > d.Index {
					for _, c := range copies {
						drop[c] = true
					}
				}
			}
		}
	}
	entries := file.Entries[:0:0]
	kept := ids[:0:0]
	for i := range ids {
		if !drop[i] {
			entries = append(entries, file.Entries[i])
			kept = append(kept, ids[i])
		}
	}
	if len(kept) == len(ids) {
		return ids, nil
	}
	file.Entries = entries
	return kept, nil
}

// contradictingCopies is the error of a file giving one record twice with other contents
// and nothing saying which is newer: entry (or line) later repeats first. It names the type
// and the entries, not the record's id or contents.
func contradictingCopies(typ string, first, later int) error {
	msg := fmt.Sprintf("a second %s with the id of entry %d, with other contents and no newer version (a file must give each record once)", typ, first)
	if later > 0 {
		return fmt.Errorf("entry %d: %s", later, msg)
	}
	return errors.New(msg)
}

// deletedID is the identity of the record a DELETE entry deletes: its fullUrl's, else its
// request url's ("Observation/o1", "Observation/o1/_history/2", or absolute).
func deletedID(d *fhirjson.Entry) (storage.ID, bool) {
	u := d.RequestURL
	if i := strings.Index(u, "/_history/"); i >= 0 {
		u = u[:i]
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u = strings.TrimRight(u, "/")
	parts := strings.Split(u, "/")
	if len(parts) < 2 {
		return storage.ID{}, false
	}
	typ, rid := parts[len(parts)-2], parts[len(parts)-1]
	if !fhirjson.IsResourceType(typ) || rid == "" {
		return storage.ID{}, false
	}
	e := fhirjson.Entry{FullURL: d.FullURL, Info: fhirjson.Info{Type: typ, ID: rid}}
	id, err := identity(&e)
	return id, err == nil
}

// version is what tells a record's versions apart: meta.lastUpdated, meta.versionId.
type version struct {
	at    time.Time
	vid   int64
	hasAt bool
	hasV  bool
}

func versionFrom(info *fhirjson.Info) version {
	var v version
	if t, err := time.Parse(time.RFC3339Nano, info.LastUpdated); err == nil {
		v.at, v.hasAt = t, true
	}
	if n, err := strconv.ParseInt(info.VersionID, 10, 64); err == nil {
		v.vid, v.hasV = n, true
	}
	return v
}

// newer reports whether a is a newer version than b by its date, else its number, and
// whether they tell it at all.
func (a version) newer(b version) (newer, told bool) {
	switch {
	case a.hasAt && b.hasAt && !a.at.Equal(b.at):
		return a.at.After(b.at), true
	case a.hasV && b.hasV && a.vid != b.vid:
		return a.vid > b.vid, true
	}
	return false, false
}

// olderCopies marks in drop the copies of one record (entry numbers, in file order) that are
// not imported: those older than its newest version, copies of the same resource (same) as the
// one kept, and copies nothing tells apart from it. The newest is the one whose version says
// so, else, in file order, the later copy (the earlier in a history Bundle, newest first), as
// storage's Write keeps the later. Before, copies nothing told apart were all written: the
// later was kept, but counted as "1 added, 1 updated", and every re-import "updated" it.
// A Patient's such copies are all kept, for patientsOnce to refuse them. Outside a history
// Bundle, a copy with other contents than the one kept that nothing tells apart from it makes
// the file contradict itself (F501: a broken export gave a glucose of 97 mg/dL again as 301,
// and the later was imported without a word): it returns the first such pair (the earlier
// copy first), -1, -1 if none.
func olderCopies(copies []int, versionOf func(int) version, same func(a, b int) bool, history, patient bool, drop []bool) (int, int) {
	best := copies[0]
	for _, c := range copies[1:] {
		n, told := versionOf(c).newer(versionOf(best))
		if n || !told && !history {
			best = c
		}
	}
	for _, c := range copies {
		if c == best {
			continue
		}
		n, told := versionOf(best).newer(versionOf(c))
		if !n && !told && !history && !patient && !same(c, best) {
			return min(c, best), max(c, best)
		}
		if n || history || same(c, best) || !told && !patient {
			drop[c] = true
		}
	}
	return -1, -1
}

// recordKey tells the records of a file apart: a file's own id (no server) is only a name
// within one person's records (docs/intake.md, "Identity of records from files"), so the copies
// of one that name different Patients are two people's records, not versions of one — an
// export of a vault where two people each have an Observation "x" gives both, and importing it
// kept only the later (a round trip lost the other).
type recordKey struct {
	id  storage.ID
	who string // whose(id, info)
}

// whose is the Patient a file's record of its own id names (the reference of its first patient
// compartment element that has one), "" for a server's record, a Patient, or one naming none.
func whose(id storage.ID, info *fhirjson.Info) string {
	if id.Source != LocalSource || info.Type == "Patient" {
		return ""
	}
	elements, ok := fhirjson.PatientCompartment(info.Type)
	if !ok {
		return ""
	}
	best, who := len(elements), ""
	for _, ref := range info.Refs {
		for r, el := range elements[:best] {
			if el == ref.Element {
				best, who = r, ref.Reference
				break
			}
		}
	}
	return who
}
