package storage

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
)

// A stored record value is an envelope: a version byte, the metadata in a compact binary
// form, then the resource compressed with zstd. Records are small and numerous, so both the
// metadata codec and the compression are chosen for speed.

// envelopeVersion 3: zstd with the FHIR dictionary fhir.dict (id 0x434b0001), built by
// cmd/mkdict from Apache-2.0 Synthea and CC0 HL7 examples. A released dictionary never changes.
// envelopeVersion 4 adds Meta.Deleted after the links; version 3 envelopes are still read.
const envelopeVersion = 4

//go:embed fhir.dict
var fhirDict []byte

var (
	zenc     *zstd.Encoder
	zdec     *zstd.Decoder
	zsetup   sync.Once
	zInitErr error
)

func codecs() error {
	zsetup.Do(func() {
		zenc, zInitErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1), zstd.WithEncoderDict(fhirDict))
		if zInitErr == nil {
			zdec, zInitErr = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30), zstd.WithDecoderDicts(fhirDict))
		}
	})
	return zInitErr
}

var errBadEnvelope = errors.New("stored record is damaged")

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

func encodeEnvelope(m *Meta, resource []byte) ([]byte, error) {
	if err := codecs(); err != nil {
		return nil, fmt.Errorf("compression: %w", err)
	}
	b := make([]byte, 0, 128+len(resource)/3)
	b = append(b, envelopeVersion)
	b = appendString(b, m.FullURL)
	b = appendString(b, m.File)
	b = binary.AppendVarint(b, m.ImportedAt.UnixNano())
	b = appendString(b, string(m.Hash))
	b = appendString(b, m.Date)
	b = appendStrings(b, m.Codes)
	b = appendStrings(b, m.Identifiers)
	b = binary.AppendUvarint(b, uint64(len(m.Links)))
	for _, l := range m.Links {
		b = appendString(b, l.Source)
		b = appendString(b, l.Type)
		b = appendString(b, l.ID)
	}
	var deleted int64
	if !m.Deleted.IsZero() {
		deleted = m.Deleted.UnixNano()
	}
	b = binary.AppendVarint(b, deleted)
	return zenc.EncodeAll(resource, b), nil
}

type reader struct {
	b   []byte
	err bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) str() string {
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)) {
		r.err = true
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) strs() []string {
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)) {
		r.err = true
		return nil
	}
	var out []string
	for i := uint64(0); i < n && !r.err; i++ {
		out = append(out, r.str())
	}
	return out
}

// decodeMeta decodes the metadata and returns the compressed resource that follows it.
func decodeMeta(b []byte) (Meta, []byte, error) {
	var m Meta
	if len(b) < 1 || (b[0] != envelopeVersion && b[0] != 3) {
		return m, nil, errBadEnvelope
	}
	version := b[0]
	r := &reader{b: b[1:]}
	m.FullURL = r.str()
	m.File = r.str()
	ns, n := binary.Varint(r.b)
	if n <= 0 {
		return m, nil, errBadEnvelope
	}
	r.b = r.b[n:]
	m.ImportedAt = time.Unix(0, ns).UTC()
	if h := r.str(); h != "" {
		m.Hash = []byte(h)
	}
	m.Date = r.str()
	m.Codes = r.strs()
	m.Identifiers = r.strs()
	nl := r.uvarint()
	if r.err || nl > uint64(len(r.b)) {
		return m, nil, errBadEnvelope
	}
	for i := uint64(0); i < nl && !r.err; i++ {
		m.Links = append(m.Links, ID{Source: r.str(), Type: r.str(), ID: r.str()})
	}
	if version >= 4 && !r.err {
		ns, n := binary.Varint(r.b)
		if n <= 0 {
			return m, nil, errBadEnvelope
		}
		r.b = r.b[n:]
		if ns != 0 {
			m.Deleted = time.Unix(0, ns).UTC()
		}
	}
	if r.err {
		return m, nil, errBadEnvelope
	}
	return m, r.b, nil
}

func decodeEnvelope(b []byte) (Meta, []byte, error) {
	m, z, err := decodeMeta(b)
	if err != nil {
		return m, nil, err
	}
	if err := codecs(); err != nil {
		return m, nil, err
	}
	res, err := zdec.DecodeAll(z, nil)
	if err != nil {
		return m, nil, errBadEnvelope
	}
	return m, res, nil
}
