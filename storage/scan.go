package storage

import (
	"context"
	"errors"
	"runtime"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
)

// A scan that decodes resources spends about half its CPU in Badger (walking the keys,
// decrypting and decompressing table blocks) and half decompressing the envelopes. decodeScan
// walks on the caller's goroutine and copies each selected envelope into a batch; a short
// scan decodes each batch there too, a long one hands its batches to workers that decode
// them while the walk goes on, and fn is called on the caller's goroutine with the records in
// the walk's order. At most scanBatches batches exist, so a scan of any length holds about
// scanBatches × (scanBatchBytes of envelopes + their resources), under a megabyte for
// Synthea's records.
const (
	scanBatches      = 4
	scanBatchRecords = 32
	scanBatchBytes   = 64 << 10
)

// scanBatch is a run of consecutive records of a scan.
type scanBatch struct {
	profiles []string
	ids      []ID
	ends     []int     // end of each envelope in envs
	envs     []byte    // the envelopes, end to end
	recs     []Record  // with reuse: lent to fn in turn
	kept     []*Record // without reuse: each fn's to keep (allocated once, not copied)
	res      []byte    // with reuse: the resources of recs, end to end
	resEnds  []int
	err      error // decoding recs[len(recs)] failed
	decoded  chan struct{}
}

func (b *scanBatch) reset() {
	b.profiles, b.ids, b.ends, b.envs = b.profiles[:0], b.ids[:0], b.ends[:0], b.envs[:0]
	clear(b.kept) // fn's now: the batch does not hold them
	b.recs, b.kept, b.res, b.resEnds, b.err = b.recs[:0], b.kept[:0], b.res[:0], b.resEnds[:0], nil
}

// scanMode is how a scan hands out its records (Query.Reuse, Query.ResourceOnly).
type scanMode struct{ reuse, resourceOnly bool }

// decode decodes the batch's envelopes: with reuse into recs, the resources into the batch's
// own buffer (valid until the batch is reused); else into kept, each Record and resource
// allocated for it.
func (b *scanBatch) decode(mode scanMode) {
	reuse := mode.reuse
	start := 0
	for i, end := range b.ends {
		env := b.envs[start:end]
		start = end
		// Without reuse the Record is allocated here, where it is filled, and handed out as
		// it is: a Record holds ~15 pointers, and copying it (into recs, then into a new
		// Record for fn) paid the collector's write barriers twice a record.
		var rec *Record
		if reuse {
			b.recs = append(b.recs, Record{})
			rec = &b.recs[len(b.recs)-1]
		} else {
			rec = new(Record)
		}
		if !mode.resourceOnly {
			rec.Profile, rec.ID = b.profiles[i], b.ids[i]
		}
		var dst []byte // without reuse, each resource gets a buffer of its own
		if reuse {
			dst = b.res
		}
		res, err := decodeInto(env, mode, rec, dst)
		if err != nil {
			if reuse {
				b.recs = b.recs[:len(b.recs)-1]
			}
			b.err = err
			break
		}
		if reuse {
			b.res = res
			b.resEnds = append(b.resEnds, len(res))
		} else {
			rec.Resource = res
			b.kept = append(b.kept, rec)
		}
	}
	if reuse {
		// The buffer may have moved while it grew: slice it only now.
		start := 0
		for i := range b.recs {
			b.recs[i].Resource = b.res[start:b.resEnds[i]:b.resEnds[i]]
			start = b.resEnds[i]
		}
	}
}

// decodeInto decodes env's resource, appended to dst, and with its metadata into rec unless
// mode.resourceOnly.
func decodeInto(env []byte, mode scanMode, rec *Record, dst []byte) (res []byte, err error) {
	if mode.resourceOnly {
		return decodeResourceInto(env, dst)
	}
	rec.Meta, res, err = decodeEnvelopeInto(env, dst)
	return res, err
}

// errScanStopped ends a walk whose consumer has stopped.
var errScanStopped = errors.New("scan stopped")

// scanInlineRecords is how many records a scan decodes on the caller's goroutine before it
// hands its batches to decoding goroutines. Handing a batch over costs a few thread wake-ups
// on each side, which on two cores cost about a fifth of a year's decoding (~8,000 records:
// 23.8 ms of CPU on two cores against 19.5 on one, perf41), for a few milliseconds of wall
// time a person does not see; a long listing (records --json, export: 100,000 records) keeps
// both cores busy. A variable for the tests, which run both paths.
var scanInlineRecords = 16384

// decodeScan calls walk with a visit function that queues each record in batches and calls
// fn with each record, in order, on this goroutine: the first scanInlineRecords records are
// decoded here, the rest on other goroutines while the walk goes on. With reuse, the Record
// and its Resource are valid only during fn; without, each Record is fn's to keep. It returns
// once walk and every worker have returned (walk's iterators closed), whatever fn did. A
// cancelled ctx ends it at the next batch.
func decodeScan(ctx context.Context, mode scanMode, walk func(visitFunc) error, fn func(*Record) error) (err error) {
	reuse := mode.reuse
	var (
		b        *scanBatch   // being filled
		free     []*scanBatch // decoded and handed out
		inflight []*scanBatch // with the workers, in the walk's order
		made     int
		inline   = scanInlineRecords // records still to decode here
		one      Record              // with reuse: lent to fn in turn
		oneRes   []byte              // with reuse: its resource
		work     chan *scanBatch
		wg       sync.WaitGroup
		fnErr    error
	)
	// However this returns (fn's error or panic included), the workers end before the
	// transaction does.
	defer func() {
		if work != nil {
			close(work)
			wg.Wait()
		}
	}()
	// deliver calls fn with a decoded batch's records and gives the batch back.
	deliver := func(d *scanBatch) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if reuse {
			for i := range d.recs {
				if err = fn(&d.recs[i]); err != nil {
					break
				}
			}
		} else {
			for _, r := range d.kept {
				if err = fn(r); err != nil {
					break
				}
			}
		}
		if err == nil {
			err = d.err
		}
		free = append(free, d)
		return err
	}
	// oldest waits for the first batch the workers hold and delivers it.
	oldest := func() error {
		d := inflight[0]
		inflight = inflight[1:]
		<-d.decoded
		return deliver(d)
	}
	queue := func() error {
		if work == nil {
			work = make(chan *scanBatch, scanBatches)
			for range min(runtime.GOMAXPROCS(0), 4) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for d := range work {
						d.decode(mode)
						d.decoded <- struct{}{}
					}
				}()
			}
		}
		work <- b
		inflight = append(inflight, b)
		b = nil
		return nil
	}
	walkErr := walk(func(profile string, id ID, item *badger.Item) error {
		if inline > 0 {
			// Decoded from Badger's copy of the envelope, without copying it into a batch.
			if inline--; inline%scanBatchRecords == 0 {
				if fnErr = ctx.Err(); fnErr != nil {
					return errScanStopped
				}
			}
			rec := &one
			var dst []byte // without reuse, each resource gets a buffer of its own
			if reuse {
				one, dst = Record{}, oneRes[:0]
			} else {
				rec = new(Record)
			}
			if !mode.resourceOnly {
				rec.Profile, rec.ID = profile, id
			}
			err := item.Value(func(env []byte) error {
				res, err := decodeInto(env, mode, rec, dst)
				rec.Resource = res[:len(res):len(res)]
				return err
			})
			if err != nil {
				fnErr = err
				return errScanStopped
			}
			if reuse {
				oneRes = rec.Resource
			}
			if fnErr = fn(rec); fnErr != nil {
				return errScanStopped
			}
			return nil
		}
		if b == nil {
			switch {
			case len(free) > 0:
				b = free[len(free)-1]
				free = free[:len(free)-1]
			case made < scanBatches:
				made++
				b = &scanBatch{decoded: make(chan struct{}, 1)}
			default:
				if fnErr = oldest(); fnErr != nil {
					return errScanStopped
				}
				b = free[len(free)-1]
				free = free[:len(free)-1]
			}
			b.reset()
		}
		err := item.Value(func(env []byte) error {
			b.envs = append(b.envs, env...)
			return nil
		})
		if err != nil {
			return err
		}
		if !mode.resourceOnly {
			b.profiles, b.ids = append(b.profiles, profile), append(b.ids, id)
		}
		b.ends = append(b.ends, len(b.envs))
		if len(b.ends) == scanBatchRecords || len(b.envs) >= scanBatchBytes {
			if fnErr = queue(); fnErr != nil {
				return errScanStopped
			}
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	// What the walk queued before it ended reaches fn, then the walk's error.
	if b != nil && len(b.ends) > 0 {
		if err := queue(); err != nil {
			return err
		}
	}
	for len(inflight) > 0 {
		if err := oldest(); err != nil {
			return err
		}
	}
	return walkErr
}
