package intake

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
)

// zipEntries reads how many entries a zip's central directory declares, from its end records,
// before archive/zip reads them all into memory (about 200 bytes each; a 100 MB zip can declare
// millions). ok is false when the end records cannot be found (archive/zip then reports the zip
// as damaged).
func zipEntries(f *os.File, size int64) (n uint64, ok bool) {
	const eocdLen, maxComment = 22, 65535
	tail := min(size, eocdLen+maxComment)
	buf := make([]byte, tail)
	if _, err := f.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, false
	}
	i := bytes.LastIndex(buf, []byte("PK\x05\x06"))
	if i < 0 || len(buf)-i < eocdLen {
		return 0, false
	}
	eocd := buf[i:]
	n = uint64(binary.LittleEndian.Uint16(eocd[10:]))
	if n != 0xFFFF {
		return n, true
	}
	// zip64: the locator sits just before the end record and points at the zip64 end record
	at := size - tail + int64(i) - 20
	if at < 0 {
		return 0, false
	}
	loc := make([]byte, 20)
	if _, err := f.ReadAt(loc, at); err != nil || !bytes.HasPrefix(loc, []byte("PK\x06\x07")) {
		return 0, false
	}
	off := int64(binary.LittleEndian.Uint64(loc[8:]))
	rec := make([]byte, 56)
	if off < 0 || off > size-56 {
		return 0, false
	}
	if _, err := f.ReadAt(rec, off); err != nil || !bytes.HasPrefix(rec, []byte("PK\x06\x06")) {
		return 0, false
	}
	return binary.LittleEndian.Uint64(rec[32:]), true
}
