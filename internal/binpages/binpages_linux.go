package binpages

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

func release() int64 {
	var st syscall.Stat_t
	if err := syscall.Stat("/proc/self/exe", &st); err != nil {
		return 0
	}
	n, _ := releaseFile(uint64(st.Dev), st.Ino)
	return n
}

// mapping is one entry of /proc/self/smaps.
type mapping struct {
	start, end uintptr
	perms      string
	major      uint64
	minor      uint64
	ino        uint64
	rssKB      int64
	anonKB     int64
}

// releaseFile unmaps the mappings of the file (dev, ino) that Release may unmap, and returns
// the bytes that were resident in them.
func releaseFile(dev, ino uint64) (int64, error) {
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		return 0, err
	}
	var released int64
	for _, m := range parseSmaps(smaps) {
		if m.ino != ino || m.major != major(dev) || m.minor != minor(dev) || !releasable(m) {
			continue
		}
		_, _, e := syscall.Syscall(syscall.SYS_MADVISE, m.start, m.end-m.start, syscall.MADV_DONTNEED)
		if e != 0 {
			continue
		}
		released += m.rssKB << 10
	}
	return released, nil
}

// releasable: read-only and private (code, constants), and every resident page the file's
// own, so that unmapping loses nothing.
func releasable(m mapping) bool {
	return (m.perms == "r-xp" || m.perms == "r--p") && m.anonKB == 0 && m.rssKB > 0
}

// parseSmaps reads the mappings of an smaps file; an entry it cannot read is left out (and so
// never unmapped). A header is "start-end perms offset major:minor inode [path]" (hex, but the
// inode), then "Key: value kB" lines.
func parseSmaps(b []byte) []mapping {
	var ms []mapping
	var cur *mapping
	for line := range bytes.Lines(b) {
		f := bytes.Fields(line)
		if len(f) == 0 {
			continue
		}
		if key, ok := bytes.CutSuffix(f[0], []byte(":")); ok {
			if cur == nil || len(f) < 2 {
				continue
			}
			v, err := strconv.ParseInt(string(f[1]), 10, 64)
			if err != nil {
				continue
			}
			switch string(key) {
			case "Rss":
				cur.rssKB = v
			case "Anonymous":
				cur.anonKB = v
			}
			continue
		}
		cur = nil
		if len(f) < 5 {
			continue
		}
		lo, hi, ok := bytes.Cut(f[0], []byte("-"))
		if !ok {
			continue
		}
		ma, mi, ok := bytes.Cut(f[3], []byte(":"))
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(string(lo), 16, 64)
		end, err2 := strconv.ParseUint(string(hi), 16, 64)
		maj, err3 := strconv.ParseUint(string(ma), 16, 32)
		mnr, err4 := strconv.ParseUint(string(mi), 16, 32)
		ino, err5 := strconv.ParseUint(string(f[4]), 10, 64)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil || end <= start {
			continue
		}
		// Anonymous is unknown until its line is read: -1 keeps a mapping whose entry ends
		// early from being taken for one without private pages.
		ms = append(ms, mapping{start: uintptr(start), end: uintptr(end), perms: string(f[1]), major: maj, minor: mnr, ino: ino, anonKB: -1})
		cur = &ms[len(ms)-1]
	}
	return ms
}

// major and minor split a Linux dev_t as stat returns it (golang.org/x/sys/unix.Major, Minor).
func major(dev uint64) uint64 { return (dev&0x00000000000fff00)>>8 | (dev&0xfffff00000000000)>>32 }
func minor(dev uint64) uint64 { return dev&0x00000000000000ff | (dev&0x00000ffffff00000)>>12 }
