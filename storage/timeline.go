package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"

	badger "github.com/dgraph-io/badger/v4"
)

// The timeline index (schema 2) keeps one small entry per dated record, in the same order as
// the records themselves: t 0 profile 0 date 0 source 0 type 0 id -> file, deleted time.
// Scanning it reads only these entries (about 120 bytes a record) instead of every record's
// envelope, so a 100,000-record timeline opens without touching the resources.

// Entry is one line of a timeline: a dated record's identity, date and origin, read from the
// timeline index. It has no resource and not the full Meta (use Get for the records shown).
type Entry struct {
	Profile string
	ID      ID
	Date    string    // main clinical date in sortable UTC form; never ""
	File    string    // the file it was imported from ("" for records written by sync or the app)
	Deleted time.Time // zero unless the source deleted the record
	// Precision is how precisely the record wrote Date (Meta.Precision): a month's record is
	// of that month, not of its first day.
	Precision fhirjson.Precision
}

func timelineKey(profile, date string, id ID) []byte {
	return key(prefixTimeline, profile, date, id.Source, id.Type, id.ID)
}

// timelineValue is the index entry's value: the file name, then the deletion time (Unix
// nanoseconds, 0 when not deleted), then the date's precision as a byte when the sortable
// date does not imply it (as in the record's envelope).
func timelineValue(m *Meta) []byte {
	return appendTimelineValue(make([]byte, 0, len(m.File)+13), m)
}

// timelineValueMax is the most bytes appendTimelineValue appends.
func timelineValueMax(m *Meta) int { return len(m.File) + 2*binary.MaxVarintLen64 + 1 }

// timelineValue is timelineValue(m) cut from the slab.
func (s *keySlab) timelineValue(m *Meta) []byte {
	s.room(timelineValueMax(m))
	b := *s
	start := len(b)
	b = appendTimelineValue(b, m)
	*s = b
	return b[start:len(b):len(b)]
}

func appendTimelineValue(b []byte, m *Meta) []byte {
	b = appendString(b, m.File)
	var deleted int64
	if !m.Deleted.IsZero() {
		deleted = m.Deleted.UnixNano()
	}
	b = binary.AppendVarint(b, deleted)
	if p := keptPrecision(m); p != fhirjson.PrecisionUnknown {
		b = append(b, byte(p))
	}
	return b
}

// Timeline calls fn for every dated record that q selects, newest first, reading only the
// timeline index. q.Profile "" walks every profile (including shared), each newest first;
// q.Type, q.From and q.To filter as in Records; q.MetaOnly is ignored. fn may keep the Entry.
//
// The app's timeline calls it once per person:
//
//	v.Timeline(ctx, storage.Query{Profile: id}, func(e *storage.Entry) error { ... })
func (v *Vault) Timeline(ctx context.Context, q Query, fn func(*Entry) error) error {
	pfx := prefixTimeline
	if q.Profile != "" {
		pfx = prefixKey(prefixTimeline, q.Profile)
	}
	// Newest first: seek to the end of the range and walk backwards.
	seek := append(append([]byte{}, pfx...), 0xff)
	var low []byte // keys below this end the walk
	if q.Profile != "" {
		if !q.To.IsZero() {
			seek = append(append([]byte{}, pfx...), SortableTime(q.To)...)
		}
		if !q.From.IsZero() {
			low = append(append([]byte{}, pfx...), SortableTime(q.From)...)
		}
	}
	files := map[string]string{} // file names repeat: one string each
	return v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx, Reverse: true})
		defer it.Close()
		n := 0
		for it.Seek(seek); it.Valid(); it.Next() {
			if n++; n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			item := it.Item()
			k := item.Key()
			if low != nil && bytes.Compare(k, low) < 0 {
				return nil
			}
			e, ok := parseTimelineKey(k)
			if !ok {
				return errBadEnvelope
			}
			if q.Type != "" && e.ID.Type != q.Type {
				continue
			}
			err := item.Value(func(b []byte) error {
				r := &reader{b: b}
				f := r.span()
				deleted := r.varint()
				if r.err || len(b)-r.off > 1 || (r.off < len(b) && b[r.off] > byte(fhirjson.PrecisionTime)) {
					return errBadEnvelope
				}
				e.Precision = fhirjson.SortablePrecision(e.Date)
				if r.off < len(b) {
					e.Precision = fhirjson.Precision(b[r.off])
				}
				fb := b[f.a:f.b]
				file, ok := files[string(fb)]
				if !ok {
					file = string(fb)
					files[file] = file
				}
				e.File = file
				if deleted != 0 {
					e.Deleted = time.Unix(0, deleted).UTC()
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("reading the timeline: %w", err)
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// parseTimelineKey splits t 0 profile 0 date 0 source 0 type 0 id with one string copy.
func parseTimelineKey(k []byte) (*Entry, bool) {
	s := string(k[len(prefixTimeline):])
	var parts [5]string
	for i := 0; i < 4; i++ {
		j := strings.IndexByte(s, sep)
		if j < 0 {
			return nil, false
		}
		parts[i], s = s[:j], s[j+1:]
	}
	parts[4] = s
	return &Entry{Profile: parts[0], Date: parts[1], ID: ID{Source: parts[2], Type: parts[3], ID: parts[4]}}, true
}

// migrateTimeline (schema 1 -> 2) builds the timeline index from the records. It is
// idempotent: any partial index (a crash part way, or entries left by an older build that
// wrote records without maintaining it) is dropped first, and the schema version is raised
// only after the index is complete.
func migrateTimeline(ctx context.Context, v *Vault) error {
	if err := v.dropPrefix(prefixTimeline); err != nil {
		return err
	}
	wb := v.db.NewWriteBatch()
	defer wb.Cancel()
	err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixRecord})
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			parts := splitKey(it.Item().Key(), prefixRecord)
			if len(parts) != 5 || parts[1] == "" {
				continue
			}
			var m Meta
			if err := it.Item().Value(func(b []byte) error {
				var err error
				m, _, err = decodeMeta(b)
				return err
			}); err != nil {
				return err
			}
			id := ID{parts[2], parts[3], parts[4]}
			if err := wb.Set(timelineKey(parts[0], parts[1], id), timelineValue(&m)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return wb.Flush()
}
