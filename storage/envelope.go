package storage

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"carekeeper/internal/fhirjson"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
)

// A stored record value is an envelope: a version byte, the metadata in a compact binary
// form, then the resource compressed with zstd. Records are small and numerous, so both the
// metadata codec and the compression are chosen for speed.

// envelopeVersion 3: zstd with the FHIR dictionary fhir.dict (id 0x434b0001), built by
// cmd/mkdict from Apache-2.0 Synthea and CC0 HL7 examples. A released dictionary never changes.
// envelopeVersion 4 adds Meta.Deleted after the links; version 3 envelopes are still read.
// Version 5 adds Meta.Card (issuer, then a byte: 1 verified) after Meta.Deleted; it is written
// only for records that carry a card mark, so every other record is stored as before.
// Version 6 adds Meta.Precision (a byte) after Meta.Deleted, then a byte 1 and the card mark
// as in version 5, or 0 without one; it is written only for records whose date's precision is
// not what its sortable form says by itself (fhirjson.SortablePrecision: midnight UTC a day,
// else a time) — a year, a month, or a time at midnight UTC — so other records are stored as
// before; reading a version 3 to 5 envelope gives that implied precision.
// Version 7 is version 6 (the precision byte, PrecisionUnknown when implied, the card byte and
// mark) followed by Meta.Added (a varint of Unix nanoseconds); it is written only for a record
// written again after it first came in (Added set), so other records are stored as before.
//
// envelopeS2, set in the version byte of any version, says the resource follows the metadata
// as an S2 block (github.com/klauspost/compress/s2) matched against s2Dict, the same FHIR
// dictionary, instead of a zstd frame. A resource under s2ResourceMax is stored so: decoding an
// S2 block costs a fraction of a zstd frame's set-up, sequence decoding and checksum (which were
// about half the CPU of listing a year of records), encoding it half of the zstd encoder's
// work, and it leaves to Badger's block compressor (zstd over 64 KiB table blocks, with a
// checksum over each block) the entropy coding and the matches between records, where the
// records compress a little better than as zstd frames. Larger resources stay zstd frames: a
// value over Badger's value threshold (64 KiB, badgerOptions) goes to its value log, which
// neither compresses nor checks it. Envelopes without the bit, written before, read as before.
//
// envelopeHome, set in the version byte of any version, is Meta.Home (the record was measured
// at home); envelopes without it, all those written before, read as not.
const (
	envelopeVersion          = 4
	envelopeVersionCard      = 5
	envelopeVersionPrecision = 6
	envelopeVersionAdded     = 7

	envelopeS2    = 0x80
	envelopeHome  = 0x40
	s2ResourceMax = 32 << 10

	zstdEnvelopeWindow = 256 << 10
)

// s2Dict is the S2 dictionary of envelopeS2: fhir.dict's bytes, the first as the initial
// repeat offset. Like fhir.dict, it never changes once released.
var s2Dict = s2.MakeDictManual(fhirDict, 0)

// keptPrecision is the precision to write beside m.Date, or PrecisionUnknown when the
// sortable date implies it.
func keptPrecision(m *Meta) fhirjson.Precision {
	if m.Precision == fhirjson.PrecisionUnknown || m.Date == "" || m.Precision == fhirjson.SortablePrecision(m.Date) {
		return fhirjson.PrecisionUnknown
	}
	return m.Precision
}

//go:embed fhir.dict
var fhirDict []byte

var (
	zenc     *zstd.Encoder
	zdec     *zstd.Decoder
	zsetup   sync.Once
	zInitErr error
)

// The encoder finds a record's matches against the dictionary and itself but leaves its
// literals without entropy coding: Badger compresses every table block with zstd again, and
// coding the literals once, across the records of a block, both saves the work of coding each
// record's literals twice and stores less (literals such as ids repeat between the records of
// a block, not within one record). Measured: disk ÷ input 0.195 → 0.165 on the 13 Synthea
// bundles, 0.200 → 0.156 at 100,000 resources, 0.274 → 0.237 for one small patient; import
// CPU a little lower, and reading a record cheaper (no Huffman decoding). The frames are
// ordinary zstd frames: envelopes written before this read the same way.
func codecs() error {
	zsetup.Do(func() {
		zenc, zInitErr = newEnvelopeEncoder(true)
		if zInitErr == nil {
			zdec, zInitErr = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30), zstd.WithDecoderDicts(fhirDict))
		}
	})
	return zInitErr
}

var errBadEnvelope = errors.New("stored record is damaged")

// newEnvelopeEncoder is the envelopes' zstd encoder: the fastest level, literals left to the
// block compressor, the FHIR dictionary. With prevFirst (what the vault writes with) a
// record's sequences are coded with the dictionary's tables whenever they can code them,
// without building and estimating the record's own (WithPreviousTablesFirst, patched
// third_party/compress): the dictionary's were chosen for 94 % of the records' tables anyway,
// and building and estimating the others took ~3.5 % of an import's CPU. The frames stay
// ordinary zstd frames, read as before.
//
// Its history is zstdEnvelopeWindow plus a block (WithLowerEncoderMem), not the default 8 MiB
// window's: the encoder kept 4–8 MiB of history all through an import (a tenth of its live
// heap importing the 13 bundles), for records that are matched within themselves and the
// dictionary. Frames of resources up to the window are the same bytes (every fixture record
// and one of 64 KiB: TestEnvelopeZstdSameAsUpstream); larger ones find no match further back
// than the window.
func newEnvelopeEncoder(prevFirst bool) (*zstd.Encoder, error) {
	return zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1),
		zstd.WithNoEntropyCompression(true), zstd.WithEncoderDict(fhirDict), zstd.WithPreviousTablesFirst(prevFirst),
		zstd.WithWindowSize(zstdEnvelopeWindow), zstd.WithLowerEncoderMem(true))
}

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

// encodeEnvelope is the envelope of a record: its resource an S2 block when under
// s2ResourceMax, else a zstd frame (encodeEnvelopeZstd).
func encodeEnvelope(m *Meta, resource []byte) ([]byte, error) {
	if len(resource) >= s2ResourceMax {
		return encodeEnvelopeZstd(m, resource)
	}
	// Encoded into a scratch buffer of the worst case's size, then copied into one of the
	// envelope's: an import holds a part's envelopes until written, and a buffer of the worst
	// case's size each held ~4 times their bytes (peak RSS importing the 13 bundles +7 %).
	sp := s2Scratch.Get().(*[]byte)
	*sp = appendMeta((*sp)[:0], m)
	n := len(*sp)
	*sp = slices.Grow(*sp, s2.MaxEncodedLen(len(resource)))
	enc := s2Dict.Encode((*sp)[n:cap(*sp)], resource)
	b := make([]byte, n+len(enc))
	copy(b, (*sp)[:n])
	copy(b[n:], enc)
	b[0] |= envelopeS2
	s2Scratch.Put(sp)
	return b, nil
}

// s2Scratch holds buffers encodeEnvelope encodes into.
var s2Scratch = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// encodeEnvelopeZstd is the envelope of a record with its resource compressed, whatever its size.
func encodeEnvelopeZstd(m *Meta, resource []byte) ([]byte, error) {
	if err := codecs(); err != nil {
		return nil, fmt.Errorf("compression: %w", err)
	}
	b := appendMeta(make([]byte, 0, 128+len(resource)/3), m)
	return zenc.EncodeAll(resource, b), nil
}

// appendMeta appends the version byte and the metadata of an envelope to b.
func appendMeta(b []byte, m *Meta) []byte {
	prec := keptPrecision(m)
	added := !m.Added.IsZero()
	switch {
	case added:
		b = append(b, envelopeVersionAdded)
	case prec != fhirjson.PrecisionUnknown:
		b = append(b, envelopeVersionPrecision)
	case m.Card != nil:
		b = append(b, envelopeVersionCard)
	default:
		b = append(b, envelopeVersion)
	}
	if m.Home {
		b[len(b)-1] |= envelopeHome
	}
	b = appendString(b, m.FullURL)
	b = appendString(b, m.File)
	var imported int64 // 0: not known (a zero time's UnixNano is 1754's, F238)
	if !m.ImportedAt.IsZero() {
		imported = m.ImportedAt.UnixNano()
	}
	b = binary.AppendVarint(b, imported)
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
	if prec != fhirjson.PrecisionUnknown || added {
		hasCard := byte(0)
		if m.Card != nil {
			hasCard = 1
		}
		b = append(b, byte(prec), hasCard)
	}
	if m.Card != nil {
		b = appendString(b, m.Card.Issuer)
		verified := byte(0)
		if m.Card.Verified {
			verified = 1
		}
		b = append(b, verified)
	}
	if added {
		b = binary.AppendVarint(b, m.Added.UnixNano())
	}
	return b
}

// reader walks an envelope's metadata, recording where each string lies instead of copying
// it, so decodeMeta can copy the whole metadata once and slice every string out of that copy
// (a metadata-only timeline scan decodes 100,000 of these).
type reader struct {
	b   []byte
	off int
	err bool
}

type span struct{ a, b int }

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.err = true
		return 0
	}
	r.off += n
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 {
		r.err = true
		return 0
	}
	r.off += n
	return v
}

func (r *reader) span() span {
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)-r.off) {
		r.err = true
		return span{}
	}
	s := span{r.off, r.off + int(n)}
	r.off += int(n)
	return s
}

// count reads a list length, refusing lengths the remaining bytes cannot hold.
func (r *reader) count() int {
	n := r.uvarint()
	if r.err || n > uint64(len(r.b)-r.off) {
		r.err = true
		return 0
	}
	return int(n)
}

// metaLayout is where an envelope's metadata fields are (parseMeta).
type metaLayout struct {
	version    byte
	importedAt int64
	hash       span
	nc, ni, nl int // codes, identifiers, links
	deleted    int64
	added      int64 // Meta.Added (version 7), 0 without
	hasCard    bool
	card       span
	verified   byte
	prec       fhirjson.Precision
	end        int  // where the resource starts
	s2         bool // the resource is an S2 block (envelopeS2), else a zstd frame
	home       bool // Meta.Home (envelopeHome)
}

// parseMeta reads the metadata of the envelope b. With keep it appends the spans of the
// fullUrl, file, date, codes, identifiers and links (three each) to spans, in that order, and
// returns them; without, it only checks them and finds where the resource starts.
func parseMeta(b []byte, spans []span, keeping bool) (metaLayout, []span, bool) {
	var l metaLayout
	if len(b) < 1 {
		return l, spans, false
	}
	l.s2 = b[0]&envelopeS2 != 0
	l.home = b[0]&envelopeHome != 0
	l.version = b[0] &^ (envelopeS2 | envelopeHome)
	if l.version < 3 || l.version > envelopeVersionAdded {
		return l, spans, false
	}
	r := &reader{b: b, off: 1}
	keep := func(sp span) {
		if keeping {
			spans = append(spans, sp)
		}
	}
	keep(r.span()) // fullUrl
	keep(r.span()) // file
	l.importedAt = r.varint()
	l.hash = r.span()
	keep(r.span()) // date
	l.nc = r.count()
	for i := 0; i < l.nc && !r.err; i++ {
		keep(r.span())
	}
	l.ni = r.count()
	for i := 0; i < l.ni && !r.err; i++ {
		keep(r.span())
	}
	l.nl = r.count()
	for i := 0; i < 3*l.nl && !r.err; i++ {
		keep(r.span())
	}
	if l.version >= 4 {
		l.deleted = r.varint()
	}
	l.hasCard = l.version == envelopeVersionCard
	l.prec = fhirjson.PrecisionUnknown
	if l.version >= envelopeVersionPrecision {
		if r.off+2 <= len(r.b) && r.b[r.off] <= byte(fhirjson.PrecisionTime) && r.b[r.off+1] <= 1 {
			l.prec, l.hasCard = fhirjson.Precision(r.b[r.off]), r.b[r.off+1] == 1
			r.off += 2
		} else {
			r.err = true
		}
	}
	if l.hasCard && !r.err {
		l.card = r.span()
		if !r.err && r.off < len(r.b) && r.b[r.off] <= 1 {
			l.verified = r.b[r.off]
			r.off++
		} else {
			r.err = true
		}
	}
	if l.version >= envelopeVersionAdded && !r.err {
		l.added = r.varint()
	}
	l.end = r.off
	return l, spans, !r.err
}

// envelopeResource is the stored resource of the envelope b (an S2 block when isS2, else a
// zstd frame), its metadata checked but not decoded (a listing that writes resources out needs
// none of it).
func envelopeResource(b []byte) (z []byte, isS2 bool, err error) {
	l, _, ok := parseMeta(b, nil, false)
	if !ok {
		return nil, false, errBadEnvelope
	}
	return b[l.end:], l.s2, nil
}

// storedResource appends to dst the resource stored as z: an S2 block when isS2, else a zstd
// frame.
func storedResource(z []byte, isS2 bool, dst []byte) ([]byte, error) {
	if isS2 {
		n, err := s2.DecodedLen(z)
		if err != nil || n >= s2ResourceMax { // (only smaller ones are written so)
			return nil, errBadEnvelope
		}
		at := len(dst)
		if dst == nil {
			// A buffer of its own: every byte is written by the decoder, so it is not
			// cleared first (slices.Grow and make clear it: ~4 % of a year's decoding).
			dst = uncleared(n)[:0]
		} else {
			dst = slices.Grow(dst, n)
		}
		out, err := s2Dict.Decode(dst[at:at+n], z)
		if err != nil || len(out) != n {
			return nil, errBadEnvelope
		}
		return dst[:at+n], nil
	}
	if err := codecs(); err != nil {
		return nil, err
	}
	res, err := zdec.DecodeAll(z, dst)
	if err != nil {
		return nil, errBadEnvelope
	}
	return res, nil
}

// uncleared returns a new []byte of length n whose bytes are not cleared: for a buffer its
// caller writes whole (a decoded resource). strings.Builder's Grow allocates without clearing,
// and its String shares that allocation; nothing else ever sees the Builder or its string.
func uncleared(n int) []byte {
	if n == 0 {
		return []byte{}
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteByte(0)
	return unsafe.Slice(unsafe.StringData(b.String()), n)
}

// This fails to compile unless an ID is three strings and nothing else, so that
// decodeMeta may lay links out as strings.
var _ = [1]struct{}{}[unsafe.Sizeof(ID{})-3*unsafe.Sizeof("")+unsafe.Offsetof(ID{}.Type)-unsafe.Sizeof("")+unsafe.Offsetof(ID{}.ID)-2*unsafe.Sizeof("")]

// zeroUnixNano is what a zero time.Time's UnixNano gives (it overflows: 1754-08-30T22:43:41Z).
var zeroUnixNano = time.Time{}.UnixNano()

// decodeMeta decodes the metadata and returns the stored resource that follows it (a zstd
// frame, or an S2 block when b[0] has envelopeS2).
func decodeMeta(b []byte) (Meta, []byte, error) {
	var m Meta
	var buf [32]span
	l, spans, ok := parseMeta(b, buf[:0], true)
	if !ok {
		return m, nil, errBadEnvelope
	}
	// One copy of the metadata: every string is a slice of it, and so is the hash, which no
	// string overlaps (a []byte of its own, capped: appending to it copies). The copy is
	// written only here, so its strings never change.
	c := append([]byte(nil), b[1:l.end]...) // (not make and copy: make clears it first)
	s := unsafe.String(unsafe.SliceData(c), len(c))
	str := func(sp span) string { return s[sp.a-1 : sp.b-1] }
	m.FullURL, m.File = str(spans[0]), str(spans[1])
	if l.importedAt != 0 && l.importedAt != zeroUnixNano {
		// (zeroUnixNano: a zero time written before F238, which read back as 30 Aug 1754)
		m.ImportedAt = time.Unix(0, l.importedAt).UTC()
	}
	if l.hash.b > l.hash.a {
		m.Hash = c[l.hash.a-1 : l.hash.b-1 : l.hash.b-1]
	}
	m.Date = str(spans[2])
	nc, ni, nl := l.nc, l.ni, l.nl
	rest := spans[3:]
	// The codes, the identifiers and the links: one allocation of strings, a link being three
	// (an ID is laid out as [3]string: see the check above zeroUnixNano). Two allocations of pointers a record
	// were ~7 % of a year's decoding.
	var lists []string
	if n := nc + ni + 3*nl; n > 0 {
		lists = make([]string, n)
	}
	if nc > 0 {
		m.Codes = lists[:nc:nc]
		for i := range m.Codes {
			m.Codes[i] = str(rest[i])
		}
	}
	rest = rest[nc:]
	if ni > 0 {
		m.Identifiers = lists[nc : nc+ni : nc+ni]
		for i := range m.Identifiers {
			m.Identifiers[i] = str(rest[i])
		}
	}
	rest = rest[ni:]
	if nl > 0 {
		links := lists[nc+ni:]
		for i := range links {
			links[i] = str(rest[i])
		}
		m.Links = unsafe.Slice((*ID)(unsafe.Pointer(&links[0])), nl)
	}
	if l.deleted != 0 {
		m.Deleted = time.Unix(0, l.deleted).UTC()
	}
	if l.hasCard {
		m.Card = &CardMark{Issuer: str(l.card), Verified: l.verified == 1}
	}
	if l.added != 0 {
		m.Added = time.Unix(0, l.added).UTC()
	}
	m.Home = l.home
	m.Precision = l.prec
	if l.prec == fhirjson.PrecisionUnknown {
		m.Precision = fhirjson.SortablePrecision(m.Date)
	}
	return m, b[l.end:], nil
}

func decodeEnvelope(b []byte) (Meta, []byte, error) { return decodeEnvelopeInto(b, nil) }

// decodeEnvelopeInto decodes the resource into dst (appending; dst may be a reused buffer).
func decodeEnvelopeInto(b, dst []byte) (Meta, []byte, error) {
	m, z, err := decodeMeta(b)
	if err != nil {
		return m, nil, err
	}
	res, err := storedResource(z, b[0]&envelopeS2 != 0, dst)
	if err != nil {
		return m, nil, err
	}
	return m, res, nil
}

// decodeResourceInto decodes the resource of the envelope b into dst (appending), without
// decoding its metadata.
func decodeResourceInto(b, dst []byte) ([]byte, error) {
	z, isS2, err := envelopeResource(b)
	if err != nil {
		return nil, err
	}
	return storedResource(z, isS2, dst)
}

// resourceSize is the length of the resource stored as z in the envelope env: an S2 block
// begins with it; a zstd frame's header says it, except for resources under 256 bytes (zstd
// leaves the size out of their header), which are decompressed into scratch to learn it.
func resourceSize(env, z, scratch []byte) (int, []byte, error) {
	if env[0]&envelopeS2 != 0 {
		n, err := s2.DecodedLen(z)
		if err != nil {
			return 0, scratch, errBadEnvelope
		}
		return n, scratch, nil
	}
	var h zstd.Header
	if err := h.Decode(z); err != nil {
		return 0, scratch, errBadEnvelope
	}
	if h.HasFCS && h.FrameContentSize <= uint64(len(z))*1024 {
		return int(h.FrameContentSize), scratch, nil
	}
	if err := codecs(); err != nil {
		return 0, scratch, err
	}
	res, err := zdec.DecodeAll(z, scratch[:0])
	if err != nil {
		return 0, scratch, errBadEnvelope
	}
	return len(res), res, nil
}
