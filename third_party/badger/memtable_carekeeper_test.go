package badger

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"testing"

	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/y"
)

// CareKeeper's patch encrypts a log entry in place with a cipher made once per data key: the
// bytes must be exactly upstream's (header, AES-CTR of key and value with the entry's IV,
// CRC32C of both), so logs written by either build replay in the other, and decode back.
func TestEncodeEntrySameAsUpstream(t *testing.T) {
	key := make([]byte, 32)
	rand.Read(key)
	other := make([]byte, 32)
	rand.Read(other)
	lf := &logFile{dataKey: &pb.DataKey{KeyId: 7, Data: key}, baseIV: make([]byte, 12)}
	rand.Read(lf.baseIV)
	upstream := func(e *Entry, offset uint32) []byte {
		h := header{klen: uint32(len(e.Key)), vlen: uint32(len(e.Value)), expiresAt: e.ExpiresAt, meta: e.meta, userMeta: e.UserMeta}
		var hb [maxHeaderSize]byte
		out := append([]byte(nil), hb[:h.Encode(hb[:])]...)
		kv, err := y.XORBlockAllocate(append(append([]byte(nil), e.Key...), e.Value...), lf.dataKey.Data, lf.generateIV(offset))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, kv...)
		return binary.BigEndian.AppendUint32(out, crc32.Checksum(out, y.CastagnoliCrcTable))
	}
	var buf bytes.Buffer
	buf.WriteString("earlier entries")
	for i, e := range []*Entry{
		{Key: []byte("k1"), Value: []byte("a value"), meta: 2, UserMeta: 1},
		{Key: []byte("a longer key \x00 with bytes"), Value: bytes.Repeat([]byte("v"), 70000), ExpiresAt: 99},
		{Key: []byte("empty value")},
	} {
		if i == 2 {
			lf.dataKey = &pb.DataKey{KeyId: 8, Data: other} // a new data key: a new cipher
		}
		offset := uint32(20 + 1000*i)
		start := buf.Len()
		n, err := lf.encodeEntry(&buf, e, offset)
		if err != nil {
			t.Fatal(err)
		}
		got := buf.Bytes()[start:]
		if want := upstream(e, offset); n != len(want) || !bytes.Equal(got, want) {
			t.Fatalf("entry %d: encoded differently from upstream (%d bytes, want %d)", i, n, len(want))
		}
		d, err := lf.decodeEntry(got, offset)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(d.Key, e.Key) || !bytes.Equal(d.Value, e.Value) || d.meta != e.meta || d.UserMeta != e.UserMeta {
			t.Fatalf("entry %d decodes to something else", i)
		}
	}
	// Short entries take the block-by-block key stream, long ones a CTR stream: every length
	// around the AES block size and the threshold, at offsets whose counter carries into the
	// base IV's bytes (the whole IV counts, as in cipher.NewCTR).
	lf.baseIV = []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 0xff, 0xff, 0xff}
	for _, offset := range []uint32{0, 17, 1<<32 - 1, 1<<32 - 3, 1<<32 - 40} {
		for n := 0; n <= shortEntry+40; n++ {
			if n > 70 && n < shortEntry-40 && n%13 != 0 {
				continue
			}
			e := &Entry{Key: bytes.Repeat([]byte{'k'}, min(n, 5)), Value: make([]byte, n-min(n, 5))}
			rand.Read(e.Value)
			buf.Reset()
			if _, err := lf.encodeEntry(&buf, e, offset); err != nil {
				t.Fatal(err)
			}
			if want := upstream(e, offset); !bytes.Equal(buf.Bytes(), want) {
				t.Fatalf("%d bytes at offset %#x: encoded differently from upstream", n, offset)
			}
		}
	}
	buf.Reset()
	buf.WriteString("earlier entries")
	if !bytes.HasPrefix(buf.Bytes(), []byte("earlier entries")) {
		t.Fatal("what was in the buffer before changed")
	}
}

// BenchmarkEncodeEntry is the encoding of a log entry of an index key's size and of a
// record's, with the garbage it leaves.
func BenchmarkEncodeEntry(b *testing.B) {
	key := make([]byte, 32)
	rand.Read(key)
	lf := &logFile{dataKey: &pb.DataKey{KeyId: 7, Data: key}, baseIV: make([]byte, 12)}
	for _, n := range []int{64, 128, 256, 1024} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			e := &Entry{Key: make([]byte, 48), Value: make([]byte, n-48)}
			var buf bytes.Buffer
			b.ReportAllocs()
			b.SetBytes(int64(n))
			for i := 0; b.Loop(); i++ {
				buf.Reset()
				if _, err := lf.encodeEntry(&buf, e, uint32(i*100)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A short entry (an index key and its small value, most of a memtable's entries) is encoded
// and encrypted without an allocation (CareKeeper: its counter and key-stream blocks escaped
// to the heap, two allocations an entry).
func TestEncodeShortEntryAllocatesNothing(t *testing.T) {
	key := make([]byte, 32)
	rand.Read(key)
	lf := &logFile{dataKey: &pb.DataKey{KeyId: 7, Data: key}, baseIV: make([]byte, 12)}
	e := &Entry{Key: make([]byte, 60), Value: make([]byte, 40)}
	var buf bytes.Buffer
	buf.Grow(1 << 10)
	off := uint32(0)
	if n := testing.AllocsPerRun(100, func() {
		buf.Reset()
		off += 100
		if _, err := lf.encodeEntry(&buf, e, off); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations to encode a %d-byte entry, want none", n, len(e.Key)+len(e.Value))
	}
}
