package sync

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"carekeeper/internal/atomicfile"
	"carekeeper/storage"
)

// Export writes a FHIR R4 Bundle of type collection holding everything a person has (their
// records and the shared ones they refer to), or with profile "" everything in the vault.
// Entries are in a stable order (Patient first, then by type, id and source), with the
// fullUrl each record came with, so export -> import -> export gives the same bytes.
// It returns the number of entries written.
func Export(ctx context.Context, v *storage.Vault, profile string, w io.Writer) (int, error) {
	refs, err := exportSet(ctx, v, profile)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(bundleHead)
	n := 0
	var head []byte
	// ReadRefs reads the records in this order in windows, each read in the vault's key order:
	// one random read per record made a 100,000-record export take 4-6 s.
	err = v.ReadRefs(ctx, refs, func(rec *storage.Record) error {
		head = entryHead(head[:0], n == 0, rec.Meta.FullURL)
		n++
		bw.Write(head)
		bw.Write(rec.Resource)
		bw.WriteByte('}')
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("reading a record: %w", err)
	}
	bw.WriteString(bundleTail)
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("writing the export: %w", err)
	}
	return len(refs), nil
}

// The export's bytes: bundleHead, each entry (entryHead, the resource, "}"), bundleTail.
const (
	bundleHead = `{"resourceType":"Bundle","type":"collection","entry":[`
	bundleTail = "\n]}\n"
)

// entryHead appends what comes before an entry's resource.
func entryHead(b []byte, first bool, fullURL string) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, "\n{"...)
	if fullURL != "" {
		u, _ := json.Marshal(fullURL)
		b = append(b, `"fullUrl":`...)
		b = append(b, u...)
		b = append(b, ',')
	}
	return append(b, `"resource":`...)
}

// entryLen is the length of a first entry (no comma) of a resource of size bytes.
func entryLen(fullURL string, size int) int64 {
	var b [64]byte
	return int64(len(entryHead(b[:0], true, fullURL)) + size + 1)
}

// exportAt writes the export to f as Export does, with the same bytes, but reads the records
// once in the vault's order and writes each entry at its offset: the length of every entry
// is known before any is read (Query.Sizes), so no window of records is held in memory and
// the vault is read in one pass instead of one per window (a 100,000-record export held
// ~20 MB of records and read the vault seven times).
func exportAt(ctx context.Context, v *storage.Vault, profile string, f io.WriterAt) (int, error) {
	set, err := exportEntries(ctx, v, profile)
	if err != nil {
		return 0, err
	}
	// starts[p] is where the entry at place p begins (its comma included); tail the bundle's end.
	starts := make([]int64, len(set.ents))
	off := int64(len(bundleHead))
	for p, e := range set.ents {
		starts[p] = off
		off += e.size
		if p > 0 {
			off++ // the comma
		}
	}
	tail := off
	// place[k] is the place of the k'th record of the person's scan; shared[j]'s is sharedAt[j].
	place := make([]int32, set.own)
	sharedAt := make([]int32, len(set.shared))
	for p, e := range set.ents {
		if e.k >= 0 {
			place[e.k] = int32(p)
		} else {
			sharedAt[-e.k-1] = int32(p)
		}
	}
	set.ents = nil // the ids: the records are read in the scan's order again
	var buf []byte
	var werr error
	write := func(p int32, rec *storage.Record) error {
		buf = entryHead(buf[:0], p == 0, rec.Meta.FullURL)
		buf = append(buf, rec.Resource...)
		buf = append(buf, '}')
		end := tail
		if int(p)+1 < len(starts) {
			end = starts[p+1]
		}
		if int64(len(buf)) != end-starts[p] {
			return errors.New("a record changed while it was exported")
		}
		_, werr = f.WriteAt(buf, starts[p])
		return werr
	}
	k := 0
	err = v.Records(ctx, storage.Query{Profile: profile, Reuse: true}, func(rec *storage.Record) error {
		if deleted(rec) {
			return nil // as exportEntries left it out
		}
		if set.dropped[rec.ID] {
			k++ // scanned, and left out after the scan (droppedShared)
			return nil
		}
		if k >= len(place) {
			return errors.New("a record changed while it was exported")
		}
		p := place[k]
		k++
		return write(p, rec)
	})
	if err == nil && k != len(place) {
		err = errors.New("a record changed while it was exported")
	}
	for j := 0; err == nil && j < len(set.shared); j++ {
		var rec *storage.Record
		if rec, err = v.Get(set.shared[j].ID); err == nil {
			err = write(sharedAt[j], rec)
		}
	}
	if werr != nil {
		return 0, fmt.Errorf("writing the export: %w", werr)
	}
	if err != nil {
		return 0, fmt.Errorf("reading a record: %w", err)
	}
	if _, err := f.WriteAt([]byte(bundleHead), 0); err != nil {
		return 0, fmt.Errorf("writing the export: %w", err)
	}
	if _, err := f.WriteAt([]byte(bundleTail), tail); err != nil {
		return 0, fmt.Errorf("writing the export: %w", err)
	}
	return len(starts), nil
}

// deleted says a record is deleted — by the person (a reading entered by mistake) or at its
// source — and so not in an export: exported as it was, it came back alive wherever the file
// was imported (F416: a mistaken 100 lb, deleted, was the latest weight again on the new
// computer).
func deleted(r *storage.Record) bool { return !r.Meta.Deleted.IsZero() }

// exportEntry is a record of the export as exportAt orders it: its id (type and source as
// indexes of exportSetOf's names), its entry's length (entryLen), and which record it is: the
// k'th of the scan of the person's records, or (k < 0) shared[-k-1]. 32 bytes and the id,
// where a storage.Ref with its date and the length took 160 (a watch's 300,000 readings held
// 49 MB, and export peaked at 107 MB).
type exportEntry struct {
	id       string
	typ, src uint16
	k        int32
	size     int64
}

// exportEntries is the export's records in its order, as exportSet makes them.
type exportEntryList struct {
	ents   []exportEntry
	names  []string // the types and sources
	own    int      // records of the scan
	shared []storage.Ref
	// dropped are the shared records of the scan left out after it (droppedShared): their
	// place in the scan is counted in own, with no entry.
	dropped map[storage.ID]bool
}

func (l *exportEntryList) idOf(e *exportEntry) storage.ID {
	return storage.ID{Source: l.names[e.src], Type: l.names[e.typ], ID: e.id}
}

func (l *exportEntryList) Len() int      { return len(l.ents) }
func (l *exportEntryList) Swap(i, j int) { l.ents[i], l.ents[j] = l.ents[j], l.ents[i] }
func (l *exportEntryList) Less(i, j int) bool {
	return exportLess(l.idOf(&l.ents[i]), l.idOf(&l.ents[j]))
}

// exportEntries is exportSet kept compactly: the same records in the same order, with their
// entries' lengths.
func exportEntries(ctx context.Context, v *storage.Vault, profile string) (*exportEntryList, error) {
	counts, err := v.TypeCounts(ctx, profile)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, c := range counts {
		n += c
	}
	l := &exportEntryList{ents: make([]exportEntry, 0, n)}
	index := map[string]uint16{}
	name := func(s string) (uint16, error) {
		if i, ok := index[s]; ok {
			return i, nil
		}
		if len(l.names) >= 1<<16 {
			return 0, errors.New("too many record types and sources to export")
		}
		i := uint16(len(l.names))
		l.names = append(l.names, strings.Clone(s))
		index[l.names[i]] = i
		return i, nil
	}
	add := func(id storage.ID, k int32, size int64) error {
		t, err := name(id.Type)
		if err != nil {
			return err
		}
		s, err := name(id.Source)
		if err != nil {
			return err
		}
		l.ents = append(l.ents, exportEntry{id: id.ID, typ: t, src: s, k: k, size: size}) // the scan made the id: nothing else holds it
		return nil
	}
	var gone []storage.ID // what deleted records refer to (the whole vault's export)
	err = v.Records(ctx, storage.Query{Profile: profile, MetaOnly: true, Sizes: true}, func(r *storage.Record) error {
		if deleted(r) {
			if profile == "" {
				for _, lk := range r.Meta.Links {
					gone = append(gone, cloneID(lk))
				}
			}
			return nil
		}
		return add(r.ID, int32(len(l.ents)), entryLen(r.Meta.FullURL, r.Size))
	})
	if err != nil {
		return nil, err
	}
	l.own = len(l.ents)
	if l.dropped, err = droppedShared(ctx, v, gone); err != nil {
		return nil, err
	}
	if len(l.dropped) > 0 {
		l.ents = slices.DeleteFunc(l.ents, func(e exportEntry) bool { return l.dropped[l.idOf(&e)] })
	}
	sort.Sort(l)
	own := l.ents
	isOwn := func(id storage.ID) bool {
		i := sort.Search(len(own), func(i int) bool { return !exportLess(l.idOf(&own[i]), id) })
		return i < len(own) && l.idOf(&own[i]) == id
	}
	var shared []exportEntry
	err = linkedShared(ctx, v, profile, isOwn, cloneID, func(rec *storage.Record) error {
		if deleted(rec) {
			return nil
		}
		t, err := name(rec.ID.Type)
		if err != nil {
			return err
		}
		s, err := name(rec.ID.Source)
		if err != nil {
			return err
		}
		shared = append(shared, exportEntry{id: rec.ID.ID, typ: t, src: s, k: -int32(len(l.shared)) - 1, size: entryLen(rec.Meta.FullURL, len(rec.Resource))})
		l.shared = append(l.shared, rec.Ref())
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(shared) > 0 {
		l.ents = slices.Concat(l.ents, shared)
		sort.Sort(l)
	}
	return l, nil
}

// exportSet is the records of the export, in its order.
func exportSet(ctx context.Context, v *storage.Vault, profile string) ([]storage.Ref, error) {
	// The refs are most of what an export holds (~100 bytes a record): the slices are sized
	// from the type index (growing them by appending held the old and the new array at once),
	// and the profile, source and type strings, a handful for the whole export, are kept once.
	counts, err := v.TypeCounts(ctx, profile)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, c := range counts {
		n += c
	}
	refs := make([]storage.Ref, 0, n)
	names := map[string]string{}
	intern := func(s string) string {
		if t, ok := names[s]; ok {
			return t
		}
		s = strings.Clone(s) // it may be a slice of a record's metadata
		names[s] = s
		return s
	}
	// Identities only: the resources are read once, in the export's order.
	var gone []storage.ID // what deleted records refer to (the whole vault's export)
	err = v.Records(ctx, storage.Query{Profile: profile, MetaOnly: true}, func(r *storage.Record) error {
		if deleted(r) {
			if profile == "" {
				for _, lk := range r.Meta.Links {
					gone = append(gone, cloneID(lk))
				}
			}
			return nil
		}
		// A copy of the date: the record's metadata strings share one allocation per record,
		// which a slice of it would keep alive (26 MB at 100,000 records).
		ref := r.Ref()
		ref.Date = strings.Clone(ref.Date)
		ref.Profile, ref.ID.Source, ref.ID.Type = intern(ref.Profile), intern(ref.ID.Source), intern(ref.ID.Type)
		refs = append(refs, ref)
		return nil
	})
	if err != nil {
		return nil, err
	}
	dropped, err := droppedShared(ctx, v, gone)
	if err != nil {
		return nil, err
	}
	if len(dropped) > 0 {
		refs = slices.DeleteFunc(refs, func(r storage.Ref) bool { return dropped[r.ID] })
	}
	sort.Sort(exportOrder(refs))
	// The person's own records, in the export's order: a link to one of them is found there.
	own := refs
	isOwn := func(id storage.ID) bool {
		i := sort.Search(len(own), func(i int) bool { return !exportLess(own[i].ID, id) })
		return i < len(own) && own[i].ID == id
	}
	// A person's export also carries the shared records they refer to, transitively.
	var shared []storage.Ref
	keep := func(id storage.ID) storage.ID {
		return storage.ID{Source: intern(id.Source), Type: intern(id.Type), ID: strings.Clone(id.ID)}
	}
	err = linkedShared(ctx, v, profile, isOwn, keep, func(rec *storage.Record) error {
		if deleted(rec) {
			return nil
		}
		shared = append(shared, rec.Ref())
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(shared) > 0 {
		// Grown once, to the size needed (appending doubled the array while the old one,
		// own, was still in use).
		refs = slices.Concat(refs, shared)
		sort.Sort(exportOrder(refs))
	}
	return refs, nil
}

// exportOrder sorts refs in the export's order: Patient first, then by type, id and source.
type exportOrder []storage.Ref

func (o exportOrder) Len() int           { return len(o) }
func (o exportOrder) Swap(i, j int)      { o[i], o[j] = o[j], o[i] }
func (o exportOrder) Less(i, j int) bool { return exportLess(o[i].ID, o[j].ID) }

func exportLess(a, b storage.ID) bool {
	if (a.Type == "Patient") != (b.Type == "Patient") {
		return a.Type == "Patient"
	}
	if a.Type != b.Type {
		return a.Type < b.Type
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Source < b.Source
}

// ExportFile writes the export to path atomically (internal/atomicfile), mode 0600: the
// export is plaintext health data, so it is readable by its owner only. It writes the same
// bytes as Export, each entry at its offset (exportAt).
func ExportFile(ctx context.Context, v *storage.Vault, profile, path string) (int, error) {
	a, err := atomicfile.New(path)
	if err != nil {
		return 0, err
	}
	defer a.Abort()
	n, err := exportAt(ctx, v, profile, a)
	if err != nil {
		// Export's errors say "writing the export", atomicfile's name the file: no second prefix.
		return 0, err
	}
	if err := a.Commit(); err != nil {
		return 0, err
	}
	return n, nil
}

// linkedShared calls fn with each shared record a person's records refer to, each once: the
// targets of their links that are not their own records (isOwn), then the shared records
// those link to, transitively; another person's record or one not here is not part of it.
// The targets are read in a second pass over the metadata once the own records are known (a
// person's records link to tens of thousands of their own encounters, claims …, which the
// first pass held until the end), each kept with its own strings by keep: a link's strings
// are slices of its record's metadata, which keeping the link kept whole.
func linkedShared(ctx context.Context, v *storage.Vault, profile string, isOwn func(storage.ID) bool, keep func(storage.ID) storage.ID, fn func(*storage.Record) error) error {
	if profile == "" {
		return nil // the whole vault: every record is its own
	}
	linked := map[storage.ID]bool{}
	err := v.Records(ctx, storage.Query{Profile: profile, MetaOnly: true}, func(r *storage.Record) error {
		if deleted(r) {
			return nil // what only a deleted record refers to is not the person's any more (F416)
		}
		for _, lk := range r.Meta.Links {
			if !linked[lk] && !isOwn(lk) {
				linked[keep(lk)] = true
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	pending := make([]storage.ID, 0, len(linked))
	for id := range linked {
		pending = append(pending, id)
	}
	in := map[storage.ID]bool{}
	for len(pending) > 0 {
		id := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		if in[id] || isOwn(id) {
			continue
		}
		rec, err := v.Get(id)
		if errors.Is(err, storage.ErrNotFound) {
			continue // a link to nothing here
		}
		if err != nil {
			return err
		}
		if rec.Profile != storage.SharedProfile {
			continue // another person's: not part of this export
		}
		in[id] = true
		if deleted(rec) {
			continue // left out, and what it refers to is not kept by it
		}
		if err := fn(rec); err != nil {
			return err
		}
		pending = append(pending, rec.Meta.Links...)
	}
	return nil
}

// droppedShared are the shared records a whole-vault export leaves out with the deleted
// records: those the deleted records refer to (gone), directly or through other such shared
// records, that no record kept refers to — a medicine record that only a deleted prescription
// named (F416: the deleted records were left out, what only they named was still written). A
// shared record no record refers to (imported on its own) is not among them and stays, as
// storage's sharedOnlyOf keeps it when a person is deleted. The vault is read a second time
// only when a deleted record refers to a shared one.
func droppedShared(ctx context.Context, v *storage.Vault, gone []storage.ID) (map[storage.ID]bool, error) {
	cands := map[storage.ID][]storage.ID{} // candidate -> its links
	for len(gone) > 0 {
		id := gone[len(gone)-1]
		gone = gone[:len(gone)-1]
		if _, seen := cands[id]; seen {
			continue
		}
		rec, err := v.Get(id)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if rec.Profile != storage.SharedProfile || deleted(rec) {
			continue // a person's record, or one left out already
		}
		cands[id] = rec.Meta.Links
		gone = append(gone, rec.Meta.Links...)
	}
	if len(cands) == 0 {
		return nil, nil
	}
	kept := map[storage.ID]bool{}
	var queue []storage.ID
	err := v.Records(ctx, storage.Query{MetaOnly: true}, func(r *storage.Record) error {
		if deleted(r) {
			return nil
		}
		if _, cand := cands[r.ID]; cand && r.Profile == storage.SharedProfile {
			return nil // kept only if a kept record refers to it
		}
		for _, lk := range r.Meta.Links {
			if _, cand := cands[lk]; cand && !kept[lk] {
				kept[lk] = true
				queue = append(queue, cloneID(lk))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for len(queue) > 0 {
		id := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, lk := range cands[id] {
			if _, cand := cands[lk]; cand && !kept[lk] {
				kept[lk] = true
				queue = append(queue, lk)
			}
		}
	}
	dropped := map[storage.ID]bool{}
	for id := range cands {
		if !kept[id] {
			dropped[id] = true
		}
	}
	return dropped, nil
}

// cloneID is id with strings of its own.
func cloneID(id storage.ID) storage.ID {
	return storage.ID{Source: strings.Clone(id.Source), Type: strings.Clone(id.Type), ID: strings.Clone(id.ID)}
}
