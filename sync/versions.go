package sync

import (
	"bytes"
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
// and a re-import "updated" the record (F29). Copies no date or version tells apart are kept
// as they were (Write keeps the later; a Patient given twice that way is still refused,
// patientsOnce), but for the same resource given again, kept once. In a history Bundle a record whose newest entry is a DELETE is not imported.
// It returns the identities of the entries kept, and leaves file.Entries holding them.
func newestVersions(file *fhirjson.File, ids []storage.ID) []storage.ID {
	history := file.BundleType == "history"
	type version struct {
		at    time.Time
		vid   int64
		hasAt bool
		hasV  bool
	}
	versions := make(map[int]version)
	versionOf := func(i int) version {
		if v, ok := versions[i]; ok {
			return v
		}
		var v version
		info := &file.Entries[i].Info
		if t, err := time.Parse(time.RFC3339Nano, info.LastUpdated); err == nil {
			v.at, v.hasAt = t, true
		}
		if n, err := strconv.ParseInt(info.VersionID, 10, 64); err == nil {
			v.vid, v.hasV = n, true
		}
		versions[i] = v
		return v
	}
	// newer reports whether entry a is a newer version than entry b by its date or number.
	newer := func(a, b int) (newer, told bool) {
		va, vb := versionOf(a), versionOf(b)
		switch {
		case va.hasAt && vb.hasAt && !va.at.Equal(vb.at):
			return va.at.After(vb.at), true
		case va.hasV && vb.hasV && va.vid != vb.vid:
			return va.vid > vb.vid, true
		}
		return false, false
	}
	byID := make(map[storage.ID][]int)
	for i, id := range ids {
		byID[id] = append(byID[id], i)
	}
	drop := make([]bool, len(ids))
	for _, copies := range byID {
		if len(copies) < 2 {
			continue
		}
		best := copies[0]
		for _, c := range copies[1:] {
			n, told := newer(c, best)
			if n || !told && !history {
				best = c // in file order, the later copy unless a history Bundle
			}
		}
		for _, c := range copies {
			// An older version, or the same resource again.
			if n, _ := newer(best, c); c != best && (n || history || bytes.Equal(file.Entries[c].Resource, file.Entries[best].Resource)) {
				drop[c] = true
			}
		}
	}
	if history {
		for _, d := range file.Deletes {
			del, ok := deletedID(&d)
			if !ok {
				continue
			}
			for id, copies := range byID {
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
		return ids
	}
	file.Entries = entries
	return kept
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
