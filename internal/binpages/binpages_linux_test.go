package binpages

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"unsafe"
)

// mapFile maps the file at path privately with prot, reads every page of it (so that all are
// resident), and returns the mapping and the file's device and inode.
func mapFile(t *testing.T, path string, prot int) ([]byte, uint64, uint64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), prot, syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Munmap(b) })
	for i := 0; i < len(b); i += os.Getpagesize() {
		sink += b[i]
	}
	sys := st.Sys().(*syscall.Stat_t)
	return b, uint64(sys.Dev), sys.Ino
}

var sink byte // what mapFile reads goes here, so that the reads are not left out

// testFile writes size bytes of a known pattern to a new file and returns its path and contents.
func testFile(t *testing.T, size int) (string, []byte) {
	t.Helper()
	want := make([]byte, size)
	for i := range want {
		want[i] = byte(i*7 + i/4096)
	}
	path := filepath.Join(t.TempDir(), "pages")
	if err := os.WriteFile(path, want, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, want
}

// residentKB is the resident size of the mapping that starts at b, from /proc/self/smaps.
func residentKB(t *testing.T, b []byte) (rss, anon int64) {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	start := uintptr(unsafe.Pointer(&b[0]))
	for _, m := range parseSmaps(smaps) {
		if m.start == start {
			return m.rssKB, m.anonKB
		}
	}
	t.Fatalf("no mapping at %#x in /proc/self/smaps", start)
	return 0, 0
}

func TestReleaseUnmapsCleanReadOnlyPages(t *testing.T) {
	path, want := testFile(t, 1<<20)
	b, dev, ino := mapFile(t, path, syscall.PROT_READ)
	if rss, _ := residentKB(t, b); rss < 512 {
		t.Fatalf("before: %d kB resident of 1024, want the pages read to be resident", rss)
	}
	n, err := releaseFile(dev, ino)
	if err != nil {
		t.Fatal(err)
	}
	if n < 512<<10 {
		t.Errorf("released %d bytes, want the ~1 MiB resident", n)
	}
	if rss, _ := residentKB(t, b); rss != 0 {
		t.Errorf("after: %d kB still resident, want 0", rss)
	}
	// The pages come back from the page cache, unchanged.
	if !bytes.Equal(b, want) {
		t.Error("the mapping reads differently after the release")
	}
}

// A page written in a private mapping is a private copy: unmapping it would bring the file's
// contents back (a debugger's breakpoint in code, a relocated pointer in a PIE's read-only
// data). Such a mapping is left alone, read-only or not.
func TestReleaseKeepsPrivateCopies(t *testing.T) {
	path, want := testFile(t, 256<<10)
	for _, tc := range []struct {
		name     string
		readOnly bool // made read-only after the write, as ld.so does with RELRO
	}{{"read-only after a write (r--p)", true}, {"writable (rw-p)", false}} {
		t.Run(tc.name, func(t *testing.T) {
			b, dev, ino := mapFile(t, path, syscall.PROT_READ|syscall.PROT_WRITE)
			b[4096] = ^want[4096]
			if tc.readOnly {
				if err := syscall.Mprotect(b, syscall.PROT_READ); err != nil {
					t.Fatal(err)
				}
			}
			if _, anon := residentKB(t, b); anon == 0 {
				t.Fatal("the written page is not a private copy")
			}
			if _, err := releaseFile(dev, ino); err != nil {
				t.Fatal(err)
			}
			if b[4096] != ^want[4096] {
				t.Error("the written byte was lost: a mapping with a private copy was unmapped")
			}
			if rss, _ := residentKB(t, b); rss < 128 {
				t.Errorf("%d kB resident after, want the mapping left as it was", rss)
			}
		})
	}
}

// Release in a running binary (this test's): its code stays callable and the pages it
// unmapped were resident.
func TestReleaseOnTheRunningBinary(t *testing.T) {
	n := Release()
	if n <= 0 {
		t.Fatalf("Release() = %d, want the test binary's resident code and constants", n)
	}
	// Code and constants are mapped back as they are used.
	if got := bytes.ToUpper([]byte("still runs")); string(got) != "STILL RUNS" {
		t.Errorf("after Release: %q", got)
	}
	if n2 := Release(); n2 >= n {
		t.Logf("a second Release released %d bytes, the first %d", n2, n)
	}
}

func TestParseSmaps(t *testing.T) {
	const smaps = `00400000-00404000 r--p 00000000 fd:01 1234                               /usr/bin/carekeeper
Size:                 16 kB
Rss:                  16 kB
Anonymous:             0 kB
VmFlags: rd mr mw me
00404000-01311000 r-xp 00004000 fd:01 1234                               /usr/bin/carekeeper (deleted)
Size:              15412 kB
Rss:               10160 kB
Anonymous:             4 kB
VmFlags: rd ex mr mw me
7f0000000000-7f0000100000 rw-p 00000000 00:00 0
Size:               1024 kB
Rss:                 960 kB
Anonymous:           960 kB
7f0000200000-7f0000300000 r--p 00000000 103:0a 99 /home/a b/with spaces
Size:               1024 kB
Rss:                  64 kB
7f0000300000-7f0000200000 r--p 00000000 fd:01 5 /backwards
Rss:                  64 kB
Anonymous:             0 kB
garbage line
`
	ms := parseSmaps([]byte(smaps))
	want := []mapping{
		{start: 0x400000, end: 0x404000, perms: "r--p", major: 0xfd, minor: 1, ino: 1234, rssKB: 16, anonKB: 0},
		{start: 0x404000, end: 0x1311000, perms: "r-xp", major: 0xfd, minor: 1, ino: 1234, rssKB: 10160, anonKB: 4},
		{start: 0x7f0000000000, end: 0x7f0000100000, perms: "rw-p", ino: 0, rssKB: 960, anonKB: 960},
		{start: 0x7f0000200000, end: 0x7f0000300000, perms: "r--p", major: 0x103, minor: 0xa, ino: 99, rssKB: 64, anonKB: -1},
	}
	if len(ms) != len(want) {
		t.Fatalf("parsed %d mappings, want %d: %+v", len(ms), len(want), ms)
	}
	for i := range want {
		if ms[i] != want[i] {
			t.Errorf("mapping %d: %+v, want %+v", i, ms[i], want[i])
		}
	}
	for i, r := range []bool{true, false, false, false} {
		if releasable(ms[i]) != r {
			t.Errorf("releasable(mapping %d) = %v, want %v", i, !r, r)
		}
	}
}

func TestMajorMinor(t *testing.T) {
	// mkdev is the kernel's encoding (golang.org/x/sys/unix.Mkdev).
	mkdev := func(major, minor uint64) uint64 {
		return (major&0x00000fff)<<8 | (major&0xfffff000)<<32 | minor&0x000000ff | (minor&0xffffff00)<<12
	}
	for _, tc := range []struct{ major, minor uint64 }{
		{0xfd, 0x01}, {0x103, 0x0a}, {0, 0}, {0x1008, 0x103}, {0xfffff, 0xffffff}, {259, 65536},
	} {
		dev := mkdev(tc.major, tc.minor)
		if major(dev) != tc.major || minor(dev) != tc.minor {
			t.Errorf("%#x:%#x → %#x → %#x:%#x", tc.major, tc.minor, dev, major(dev), minor(dev))
		}
	}
	if dev := uint64(0xfd01); major(dev) != 0xfd || minor(dev) != 1 {
		t.Errorf("0xfd01: %#x:%#x, want fd:1", major(dev), minor(dev))
	}
}

func FuzzParseSmaps(f *testing.F) {
	f.Add([]byte("00400000-00404000 r--p 00000000 fd:01 1234 /bin/x\nRss: 16 kB\nAnonymous: 0 kB\n"))
	f.Add([]byte("a-b c d e:f 1\nRss: x kB\n: \n-\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, m := range parseSmaps(b) {
			if m.end <= m.start {
				t.Errorf("mapping %+v ends before it starts", m)
			}
			if releasable(m) && (m.anonKB != 0 || m.rssKB <= 0) {
				t.Errorf("mapping %+v releasable with private or no pages", m)
			}
		}
	})
}
