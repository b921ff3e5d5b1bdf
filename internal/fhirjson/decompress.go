package fhirjson

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
)

// maxDecompressed is MaxFileBytes; tests lower it.
var maxDecompressed = MaxFileBytes

// IsGzip reports whether data starts with the gzip magic bytes.
func IsGzip(data []byte) bool {
	return len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b
}

// Decompress returns data unchanged unless it starts with the gzip magic, in
// which case it returns the gunzipped data (concatenated members are joined).
// Output larger than MaxFileBytes is refused. Truncated or corrupt gzip data,
// and data after the last member that is not another gzip member, give an
// *Error.
func Decompress(data []byte) ([]byte, error) {
	if !IsGzip(data) {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, gzipError(err)
	}
	limit := maxDecompressed
	// The last member's trailer holds its size mod 2^32: a good first guess.
	hint := 0
	if len(data) >= 18 {
		hint = int(binary.LittleEndian.Uint32(data[len(data)-4:]))
	}
	if hint <= 0 || hint > limit {
		hint = min(4*len(data), limit)
	}
	out := make([]byte, 0, hint+1)
	for {
		if len(out) == cap(out) {
			if len(out) > limit {
				return nil, &Error{Msg: msgGzipTooLarge}
			}
			grown := make([]byte, len(out), min(2*cap(out)+4096, limit+1))
			copy(grown, out)
			out = grown
		}
		n, err := zr.Read(out[len(out):cap(out)])
		out = out[:len(out)+n]
		if len(out) > limit {
			return nil, &Error{Msg: msgGzipTooLarge}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, gzipError(err)
		}
	}
	if err := zr.Close(); err != nil {
		return nil, gzipError(err)
	}
	return out, nil
}

func gzipError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &Error{Msg: msgGzipTruncated}
	}
	return &Error{Msg: msgGzipCorrupt}
}
