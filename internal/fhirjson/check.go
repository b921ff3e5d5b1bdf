package fhirjson

import (
	"bufio"
	"io"
)

// Check reads a whole input file from r in constant memory (gunzipping it if it is gzip) and
// refuses, before anything is held in memory, what ParseFile and Decompress would refuse only
// after holding it all: a file or decompressed data larger than MaxFileBytes, gzip data that is
// truncated, corrupt or followed by something else, and a resource larger than
// MaxResourceBytes (a single resource, a Bundle entry's resource, an NDJSON line), and JSON
// that is cut off (ends inside a string, object or array). A nil error
// does not make the file valid: ParseFile decides that. Errors are *Error.
func Check(r io.Reader) error {
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, 64<<10)
	var src io.Reader = br
	limit := int64(maxFileBytes)
	tooLarge := msgTooLarge
	gzipped := false
	if magic, _ := br.Peek(2); IsGzip(magic) {
		g, err := newGunzip(br)
		if err != nil {
			return err
		}
		src, limit, tooLarge, gzipped = g, int64(maxDecompressed), msgGzipTooLarge, true
	}
	var z sizer
	z.begin()
	buf := make([]byte, 64<<10)
	for {
		n, err := src.Read(buf)
		if z.off+int64(n) > limit {
			return &Error{Msg: tooLarge}
		}
		// A gzip bomb: far more data than real FHIR JSON compresses to (about 10 to 30
		// times smaller), counted against the compressed bytes read so far.
		if gzipped && z.off+int64(n) > cr.n*MaxGzipRatio+1<<20 {
			return &Error{Msg: msgGzipBomb}
		}
		if e := z.feed(buf[:n]); e != nil {
			return e
		}
		if err == io.EOF {
			return z.end()
		}
		if err != nil {
			if _, ok := err.(*Error); ok {
				return err
			}
			return &Error{Msg: "cannot read the file"}
		}
	}
}

// Structural keys a sizer tells apart.
const (
	keyOther = iota
	keyEntry
	keyResourceType
	keyResource
	keyEscaped // a key written with escapes: not interpreted
)

// sizer measures the resources of a JSON stream without holding it: it follows strings and
// nesting, and the keys that locate resources (resourceType and entry at the top, resource in
// an entry). It is conservative: where it cannot be sure what is a resource (invalid JSON,
// keys written with escapes) it refuses nothing, and ParseFile's own checks decide.
type sizer struct {
	off    int64 // bytes fed so far
	line   int   // newlines so far (outside strings)
	lastNL int64 // offset just after the last of them
	depth  int
	kind   [5]byte // container at depths 1..4: '{' or '['

	inStr, esc bool
	expectKey  bool // in an object, before a key
	capture    int  // 0: not capturing; else the depth of the key (1, 3) or -1 for resourceType's value
	capBuf     [16]byte
	capLen     int
	capEsc     bool
	key1, key3 int // the last key at depth 1 and at depth 3

	unsure bool // stop judging (structure not understood)

	// The current top-level value.
	tops, topLine        int
	topStart, resStart   int64
	bundle               bool
	entry                int
	firstSize            int64 // the first top-level value, judged at the end
	firstBundle, firstOK bool
	firstLine            int
}

func (z *sizer) begin() { *z = sizer{} }

// feed consumes the next bytes of the stream.
func (z *sizer) feed(b []byte) *Error {
	base := z.off
	for i := 0; i < len(b); i++ {
		c := b[i]
		if z.inStr {
			if z.capture == 0 && !z.esc {
				// Fast path: skip plain string bytes.
				for i+8 <= len(b) && !hasQuoteOrBackslash(leUint64(b[i:])) {
					i += 8
				}
				for i < len(b) && b[i] != '"' && b[i] != '\\' {
					i++
				}
				if i >= len(b) {
					break
				}
				c = b[i]
			}
			switch {
			case z.esc:
				z.esc = false
				z.capEsc = true
			case c == '\\':
				z.esc = true
			case c == '"':
				z.inStr = false
				z.endCapture()
			case z.capture != 0:
				if z.capLen < len(z.capBuf) {
					z.capBuf[z.capLen] = c
				}
				z.capLen++
			}
			continue
		}
		switch c {
		case '\n':
			z.line++
			z.lastNL = base + int64(i) + 1
		case '"':
			z.inStr = true
			z.capture, z.capLen, z.capEsc = 0, 0, false
			switch {
			case z.expectKey && (z.depth == 1 || z.depth == 3):
				z.capture = z.depth
			case !z.expectKey && z.depth == 1 && z.key1 == keyResourceType:
				z.capture = -1
			}
			z.expectKey = false
		case ':':
			z.expectKey = false
		case ',':
			z.expectKey = z.depth >= 1 && z.depth < len(z.kind) && z.kind[z.depth] == '{'
		case '{', '[':
			z.depth++
			z.expectKey = c == '{'
			if z.depth < len(z.kind) {
				z.kind[z.depth] = c
			}
			off := base + int64(i)
			switch z.depth {
			case 1:
				z.startTop(off)
			case 3:
				if c == '{' && z.inEntries() {
					z.entry++
					z.key3 = keyOther
				}
			case 4:
				if c == '{' && z.inEntries() && z.kind[3] == '{' && z.key3 == keyResource {
					z.resStart = off
				}
			}
		case '}', ']':
			off := base + int64(i)
			switch z.depth {
			case 0:
				z.unsure = true // more closed than opened: not JSON
			case 4:
				if z.resStart >= 0 {
					size := off + 1 - z.resStart
					z.resStart = -1
					if size > int64(maxResourceBytes) && !z.unsure {
						return &Error{Entry: z.entry, Msg: msgResourceTooLarge}
					}
				}
			case 1:
				if e := z.endTop(off + 1); e != nil {
					return e
				}
			}
			if z.depth > 0 {
				z.depth--
			}
		}
	}
	z.off += int64(len(b))
	return nil
}

func leUint64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func (z *sizer) inEntries() bool {
	return z.kind[1] == '{' && z.key1 == keyEntry && z.kind[2] == '['
}

func (z *sizer) endCapture() {
	if z.capture == 0 {
		return
	}
	s := z.capBuf[:min(z.capLen, len(z.capBuf))]
	full := z.capLen <= len(z.capBuf)
	k := keyOther
	switch {
	case z.capEsc:
		k = keyEscaped
		z.unsure = true
	case !full:
	case string(s) == "entry":
		k = keyEntry
	case string(s) == "resourceType":
		k = keyResourceType
	case string(s) == "resource":
		k = keyResource
	}
	switch z.capture {
	case 1:
		z.key1 = k
	case 3:
		z.key3 = k
	case -1:
		z.bundle = full && !z.capEsc && string(s) == "Bundle"
	}
	z.capture = 0
}

func (z *sizer) startTop(off int64) {
	z.tops++
	z.topStart, z.topLine = off, z.line+1
	z.bundle, z.entry, z.resStart = false, 0, -1
	z.key1, z.key3 = keyOther, keyOther
}

// endTop judges a top-level value that ended at end (exclusive).
func (z *sizer) endTop(end int64) *Error {
	size := end - z.topStart
	if z.tops == 1 {
		// A single value: a resource, or a Bundle whose entries were measured. Judged at
		// the end, when it is known whether more values (NDJSON lines) follow.
		z.firstSize, z.firstBundle, z.firstLine, z.firstOK = size, z.bundle, z.topLine, true
		return nil
	}
	if z.unsure {
		return nil
	}
	if z.tops == 2 && z.firstOK && z.firstSize > int64(maxResourceBytes) {
		return &Error{Entry: z.firstLine, Msg: msgResourceTooLarge, ndjson: true}
	}
	if size > int64(maxResourceBytes) {
		return &Error{Entry: z.topLine, Msg: msgResourceTooLarge, ndjson: true}
	}
	return nil
}

func (z *sizer) end() error {
	if z.tops == 1 && (z.inStr || z.depth > 0) {
		// The file's one value is cut off inside a string or a container (a download that
		// stopped part way): refused here, without reading the file into memory. (An NDJSON
		// line left open is left to ParseFile, which names the line.)
		return &Error{Offset: z.off, Line: z.line + 1, Column: int(z.off-z.lastNL) + 1, Msg: msgEOF}
	}
	if z.unsure || z.tops != 1 || !z.firstOK {
		return nil
	}
	// A Bundle's entries were judged one by one; the Bundle itself is not a resource.
	if !z.firstBundle && z.firstSize > int64(maxResourceBytes) {
		return &Error{Msg: msgResourceTooLarge}
	}
	return nil
}

// MaxGzipRatio is the most a gzipped input may expand (decompressed / compressed, beyond its
// first MiB): real FHIR JSON, C-CDA XML and exports compress 5 to 30 times; a gzip bomb about
// 1000 times.
const MaxGzipRatio = 200

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
