package fhirjson

import (
	"bufio"
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
// *Error that says which.
func Decompress(data []byte) ([]byte, error) {
	if !IsGzip(data) {
		return data, nil
	}
	zr, err := newGunzip(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, err
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
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// gunzip reads concatenated gzip members one by one, so that what follows the last member
// is examined: another member is read on, anything else is an error that says so (a plain
// multistream gzip.Reader calls a single stray byte "unexpected EOF", i.e. truncated).
type gunzip struct {
	br *bufio.Reader
	zr *gzip.Reader
}

func newGunzip(br *bufio.Reader) (*gunzip, error) {
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, gzipError(err)
	}
	zr.Multistream(false)
	return &gunzip{br: br, zr: zr}, nil
}

// Read returns decompressed bytes; errors are *Error.
func (g *gunzip) Read(p []byte) (int, error) {
	for {
		n, err := g.zr.Read(p)
		if err == nil {
			return n, nil
		}
		if err != io.EOF {
			return n, gzipError(err)
		}
		// The end of a member: the end of the data, another member, or something else.
		next, _ := g.br.Peek(2)
		switch {
		case len(next) == 0:
			return n, io.EOF
		case !IsGzip(next):
			return n, &Error{Msg: msgGzipTrailing}
		}
		if err := g.zr.Reset(g.br); err != nil {
			return n, gzipError(err)
		}
		g.zr.Multistream(false)
		if n > 0 {
			return n, nil
		}
	}
}

func gzipError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &Error{Msg: msgGzipTruncated}
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Msg: msgGzipCorrupt}
}
