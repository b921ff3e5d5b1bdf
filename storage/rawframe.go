package storage

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
)

// The zstd frame format (RFC 8878 §3.1.1), for the frames of raw blocks that hold small
// resources (storedBelow).
const (
	zstdMagic     = 0xFD2FB528
	zstdMaxBlock  = 128 << 10 // the largest block
	zstdLastBlock = 1         // block header bit; block type 0 is raw
	zstdChecksum  = 1 << 2    // frame header descriptor: a content checksum follows the blocks
	zstdSingleSeg = 1 << 5    // … no window descriptor: the content size is the window
)

// appendRawFrame appends src to dst as a zstd frame of raw blocks: a single-segment frame
// with its content size and checksum (the low 32 bits of xxhash64, as zstd's own), which any
// zstd decoder reads and which costs a copy to write and, by readRawFrame, to read.
func appendRawFrame(dst, src []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, zstdMagic)
	switch n := len(src); {
	case n < 256: // a 1-byte content size
		dst = append(dst, zstdSingleSeg|zstdChecksum, byte(n))
	case n < 256+1<<16: // 2 bytes, less 256
		dst = append(dst, 1<<6|zstdSingleSeg|zstdChecksum)
		dst = binary.LittleEndian.AppendUint16(dst, uint16(n-256))
	default: // 4 bytes
		dst = append(dst, 2<<6|zstdSingleSeg|zstdChecksum)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(n))
	}
	rest := src
	for {
		blk, last := rest, uint32(zstdLastBlock)
		if len(blk) > zstdMaxBlock {
			blk, last = blk[:zstdMaxBlock], 0
		}
		h := uint32(len(blk))<<3 | last
		dst = append(dst, byte(h), byte(h>>8), byte(h>>16))
		dst = append(dst, blk...)
		rest = rest[len(blk):]
		if last != 0 {
			break
		}
	}
	return binary.LittleEndian.AppendUint32(dst, uint32(xxhash.Sum64(src)))
}

// readRawFrame reads z when it is a frame as appendRawFrame writes one of less than
// zstdMaxBlock bytes (one raw block), appending its content to dst after checking the
// checksum. ok is false for any other frame, which the zstd decoder then reads.
func readRawFrame(z, dst []byte) (res []byte, ok bool, err error) {
	if len(z) < 6 || binary.LittleEndian.Uint32(z) != zstdMagic {
		return nil, false, nil
	}
	var n, at int
	switch z[4] {
	case zstdSingleSeg | zstdChecksum:
		n, at = int(z[5]), 6
	case 1<<6 | zstdSingleSeg | zstdChecksum:
		if len(z) < 7 {
			return nil, false, nil
		}
		n, at = int(binary.LittleEndian.Uint16(z[5:]))+256, 7
	default:
		return nil, false, nil
	}
	if len(z) != at+3+n+4 {
		return nil, false, nil
	}
	if h := uint32(z[at]) | uint32(z[at+1])<<8 | uint32(z[at+2])<<16; h != uint32(n)<<3|zstdLastBlock {
		return nil, false, nil
	}
	content := z[at+3 : at+3+n]
	if uint32(xxhash.Sum64(content)) != binary.LittleEndian.Uint32(z[at+3+n:]) {
		return nil, true, errBadEnvelope
	}
	return append(dst, content...), true, nil
}
