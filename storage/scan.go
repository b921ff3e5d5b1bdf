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
// runs the two on different goroutines: the walk copies each selected envelope into a batch,
// workers decode the batches, and fn is called on the caller's goroutine with the records in
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
		var res []byte
		var err error
		if mode.resourceOnly {
			res, err = decodeResourceInto(env, dst)
		} else {
			rec.Meta, res, err = decodeEnvelopeInto(env, dst)
		}
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

// errScanStopped ends a walk whose consumer has stopped.
var errScanStopped = errors.New("scan stopped")

// decodeScan calls walk with a visit function that queues each record, decodes the queued
// records on other goroutines and calls fn with each, in order, on this goroutine. With reuse,
// the Record and its Resource are valid only during fn; without, each Record is fn's to keep.
// It returns once walk and every worker have returned (walk's iterators closed), whatever
// fn did. A cancelled ctx ends it at the next batch.
func decodeScan(ctx context.Context, mode scanMode, walk func(visitFunc) error, fn func(*Record) error) (err error) {
	reuse := mode.reuse
	free := make(chan *scanBatch, scanBatches)
	for range scanBatches {
		free <- &scanBatch{decoded: make(chan struct{}, 1)}
	}
	work := make(chan *scanBatch, scanBatches)
	ordered := make(chan *scanBatch, scanBatches) // a batch is in each channel at most once: sends never block
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var walkErr error

	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ordered)
		defer close(work)
		var b *scanBatch
		queue := func() {
			work <- b
			ordered <- b
			b = nil
		}
		walkErr = walk(func(profile string, id ID, item *badger.Item) error {
			if b == nil {
				select {
				case b = <-free:
					b.reset()
				case <-stop:
					return errScanStopped
				}
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
				queue()
			}
			return nil
		})
		if b != nil && len(b.ends) > 0 {
			queue()
		}
		if errors.Is(walkErr, errScanStopped) {
			walkErr = nil
		}
	}()
	workers := min(runtime.GOMAXPROCS(0), 4)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.decode(mode)
				b.decoded <- struct{}{}
			}
		}()
	}

	stopped := false
	halt := func() {
		if !stopped {
			stopped = true
			close(stop)
		}
	}
	// However this returns (fn's error or panic included), the walk stops and its
	// goroutines end before the transaction does.
	defer func() {
		halt()
		for b := range ordered {
			<-b.decoded
		}
		wg.Wait()
		if err == nil {
			err = walkErr // the walk has ended: ordered is closed after walkErr is set
		}
	}()
	for b := range ordered {
		<-b.decoded
		if err = ctx.Err(); err != nil {
			return err
		}
		if reuse {
			for i := range b.recs {
				if err = fn(&b.recs[i]); err != nil {
					break
				}
			}
		} else {
			for _, r := range b.kept {
				if err = fn(r); err != nil {
					break
				}
			}
		}
		if err == nil {
			err = b.err
		}
		free <- b
		if err != nil {
			return err
		}
	}
	return nil
}
