/*
 * SPDX-FileCopyrightText: © 2017-2025 Istari Digital, Inc.
 * SPDX-License-Identifier: Apache-2.0
 */

package badger

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/dgraph-io/badger/v4/y"
	"github.com/dgraph-io/ristretto/v2/z"
)

// discardStats keeps track of the amount of data that could be discarded for
// a given logfile.
type discardStats struct {
	sync.Mutex

	*z.MmapFile
	opt           Options
	nextEmptySlot int
}

const discardFname string = "DISCARD"

// discardInitialSize is the DISCARD file's size at creation. CareKeeper: one page, 256
// entries (one per value log file), doubled as needed (Update). Upstream made it 1 MiB,
// sparse; now that its space is taken whole (reserveLogSpace), 1 MiB was most of a small
// person's vault on disk (a 224 KB patient's vault went from 53 KB to 1.1 MB).
const discardInitialSize = 4 << 10

func InitDiscardStats(opt Options) (*discardStats, error) {
	fname := filepath.Join(opt.ValueDir, discardFname)

	// Each entry is 16 bytes: a page holds 256.
	mf, err := z.OpenMmapFile(fname, os.O_CREATE|os.O_RDWR, discardInitialSize)
	if err != nil && err != z.NewFile {
		return nil, y.Wrapf(err, "while opening file: %s\n", discardFname)
	}
	lf := &discardStats{
		MmapFile: mf,
		opt:      opt,
	}
	if err != z.NewFile {
		// CareKeeper: a file larger than its entries need (upstream made every one 1 MiB) is
		// cut to the smallest size, discardInitialSize doubled, with a free slot after them:
		// its space is taken whole below. Reading a sparse file's holes is safe.
		lf.findEmptySlot()
		want := int64(discardInitialSize)
		for want < int64(16*(lf.nextEmptySlot+1)) {
			want *= 2
		}
		if want < int64(len(lf.Data)) {
			if terr := lf.Truncate(want); terr != nil {
				_ = mf.Close(-1)
				return nil, y.Wrapf(terr, "while shrinking file: %s", discardFname)
			}
		}
	}
	// CareKeeper: the file is created sparse and written through its map, so a page the disk
	// cannot supply was a SIGBUS (here in zeroOut, or later in a compaction's Update). Its
	// whole space is taken first, at every open (a file an earlier build left sparse too; a
	// no-op for one already allocated), and a full disk says ENOSPC.
	if rerr := reserveLogSpace(lf.Fd, int64(len(lf.Data))); rerr != nil {
		_ = mf.Close(-1)
		if err == z.NewFile {
			_ = os.Remove(fname)
		}
		return nil, fmt.Errorf("while opening file: %s: %w", discardFname, rerr)
	}
	if err == z.NewFile {
		// We don't need to zero out the entire file.
		lf.zeroOut()
	}
	lf.findEmptySlot()
	sort.Sort(lf)
	opt.Infof("Discard stats nextEmptySlot: %d\n", lf.nextEmptySlot)
	return lf, nil
}

func (lf *discardStats) Len() int {
	return lf.nextEmptySlot
}
func (lf *discardStats) Less(i, j int) bool {
	return lf.get(16*i) < lf.get(16*j)
}
func (lf *discardStats) Swap(i, j int) {
	left := lf.Data[16*i : 16*i+16]
	right := lf.Data[16*j : 16*j+16]
	var tmp [16]byte
	copy(tmp[:], left)
	copy(left, right)
	copy(right, tmp[:])
}

// offset is not slot.
func (lf *discardStats) get(offset int) uint64 {
	return binary.BigEndian.Uint64(lf.Data[offset : offset+8])
}
func (lf *discardStats) set(offset int, val uint64) {
	binary.BigEndian.PutUint64(lf.Data[offset:offset+8], val)
}

// zeroOut would zero out the next slot.
func (lf *discardStats) zeroOut() {
	lf.set(lf.nextEmptySlot*16, 0)
	lf.set(lf.nextEmptySlot*16+8, 0)
}

func (lf *discardStats) maxSlot() int {
	return len(lf.Data) / 16
}

// Update would update the discard stats for the given file id. If discard is
// 0, it would return the current value of discard for the file. If discard is
// < 0, it would set the current value of discard to zero for the file.
// findEmptySlot sets nextEmptySlot to the first slot without an entry.
func (lf *discardStats) findEmptySlot() {
	for slot := 0; slot < lf.maxSlot(); slot++ {
		if lf.get(16*slot) == 0 {
			lf.nextEmptySlot = slot
			break
		}
	}
}

func (lf *discardStats) Update(fidu uint32, discard int64) int64 {
	fid := uint64(fidu)
	lf.Lock()
	defer lf.Unlock()

	idx := sort.Search(lf.nextEmptySlot, func(slot int) bool {
		return lf.get(slot*16) >= fid
	})
	if idx < lf.nextEmptySlot && lf.get(idx*16) == fid {
		off := idx*16 + 8
		curDisc := lf.get(off)
		if discard == 0 {
			return int64(curDisc)
		}
		if discard < 0 {
			lf.set(off, 0)
			return 0
		}
		lf.set(off, curDisc+uint64(discard))
		return int64(curDisc + uint64(discard))
	}
	if discard <= 0 {
		// No need to add a new entry.
		return 0
	}

	// Could not find the fid. Add the entry.
	idx = lf.nextEmptySlot
	lf.set(idx*16, fid)
	lf.set(idx*16+8, uint64(discard))

	// Move to next slot.
	lf.nextEmptySlot++
	for lf.nextEmptySlot >= lf.maxSlot() {
		// CareKeeper: the grown part's space first (see InitDiscardStats). Upstream panicked
		// on a failed Truncate (y.Check), in a compaction goroutine; a disk without room now
		// drops this entry instead: discard stats only guide value-log GC.
		size := 2 * int64(len(lf.Data))
		if err := reserveLogSpace(lf.Fd, size); err != nil {
			lf.nextEmptySlot--
			lf.zeroOut()
			lf.opt.Warningf("not recording discard stats for value log %d: %v", fidu, err)
			return 0
		}
		y.Check(lf.Truncate(size))
	}
	lf.zeroOut()

	sort.Sort(lf)
	return discard
}

func (lf *discardStats) Iterate(f func(fid, stats uint64)) {
	for slot := 0; slot < lf.nextEmptySlot; slot++ {
		idx := 16 * slot
		f(lf.get(idx), lf.get(idx+8))
	}
}

// MaxDiscard returns the file id with maximum discard bytes.
func (lf *discardStats) MaxDiscard() (uint32, int64) {
	lf.Lock()
	defer lf.Unlock()

	var maxFid, maxVal uint64
	lf.Iterate(func(fid, val uint64) {
		if maxVal < val {
			maxVal = val
			maxFid = fid
		}
	})
	return uint32(maxFid), int64(maxVal)
}
