package sync

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"

	"carekeeper/internal/fhirjson"
)

// A large Bundle (a plain file of at least streamMinBytes: a server's or CareKeeper's export
// of many records) is read entry by entry as a large NDJSON file is read line by line (F99):
// what finding identities and people needs is kept (each entry's place, identity, fullUrl and
// identifiers, the Patients), and the entries are read again by place as they are planned and
// written. Each entry is parsed alone exactly as ParseFile parses it in the whole file, and
// the rest of the file (the Bundle without its entries) is parsed as ParseFile parses it; a
// file this cannot read so — not one Bundle object, an entry that is not an object or is over
// maxLineBytes, an entry or the rest that ParseFile refuses, a history Bundle, a DELETE or
// an entry without a resource, a record given twice — is read whole as before, for the same
// result or error as ever.

// maxSkeletonBytes is the most a streamed Bundle may hold outside its entries.
const maxSkeletonBytes = 1 << 20

var errNotStreamable = errors.New("not a Bundle read entry by entry")

// bundleScanner follows a JSON file's strings and nesting to find the elements of its
// top-level object's "entry" array. It does not validate the JSON: ParseFile does, on each
// entry and on what is left (skel). Where it is unsure (a key written with escapes, a
// non-object entry, anything after the object) it gives up.
type bundleScanner struct {
	depth      int
	inStr, esc bool
	expectKey  bool // at depth 1, before a key
	capturing  bool // the string is a depth-1 key
	key        []byte
	keyEsc     bool
	keyEntry   bool // the last depth-1 key is "entry"
	inEntries  bool // inside the entry array
	sep        int  // in it, between entries: 0 after '[', 1 after an entry, 2 after a comma
	entryStart int64
	entry      []byte
	skel       []byte
	started    bool
	ended      bool
	entries    int
}

// scanBundle reads r (of size bytes) and calls fn with each entry's offset, its bytes (valid
// during the call) and its number (1-based). It returns the Bundle without its entries.
func scanBundle(r io.Reader, size int64, fn func(off int64, b []byte, n int) error) ([]byte, error) {
	s := &bundleScanner{entryStart: -1}
	br := bufio.NewReaderSize(r, 1<<20)
	var off int64
	buf := make([]byte, 1<<20)
	first := true
	for {
		n, err := br.Read(buf)
		b := buf[:n]
		if first && n > 0 {
			first = false
			if bytes.HasPrefix(b, utf8BOM) {
				s.skel = append(s.skel, utf8BOM...)
				b, off = b[len(utf8BOM):], int64(len(utf8BOM))
			}
		}
		if ferr := s.feed(b, off, fn); ferr != nil {
			return nil, ferr
		}
		off += int64(len(b))
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read it: %w", err)
		}
	}
	if !s.ended || off != size || s.entries == 0 {
		return nil, errNotStreamable
	}
	return s.skel, nil
}

func (s *bundleScanner) emit(c byte) error {
	switch {
	case s.entryStart >= 0:
		if len(s.entry) >= maxLineBytes {
			return errNotStreamable
		}
		s.entry = append(s.entry, c)
	case s.inEntries && s.depth == 2:
		// between entries: white space and commas, left out of the rest
	default:
		if len(s.skel) >= maxSkeletonBytes {
			return errNotStreamable
		}
		s.skel = append(s.skel, c)
	}
	return nil
}

func (s *bundleScanner) feed(b []byte, base int64, fn func(off int64, b []byte, n int) error) error {
	for i, c := range b {
		if s.ended {
			if !wsByte(c) {
				return errNotStreamable
			}
			if err := s.emit(c); err != nil {
				return err
			}
			continue
		}
		if s.inStr {
			switch {
			case s.esc:
				s.esc = false
			case c == '\\':
				s.esc = true
				if s.capturing {
					s.keyEsc = true
				}
			case c == '"':
				s.inStr = false
				if s.capturing {
					s.capturing = false
					if s.keyEsc {
						return errNotStreamable // a key written with escapes: not interpreted
					}
					s.keyEntry = string(s.key) == "entry"
				}
			default:
				if s.capturing && len(s.key) < 16 {
					s.key = append(s.key, c)
				}
			}
			if err := s.emit(c); err != nil {
				return err
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
		case '"':
			if s.depth == 0 || (s.inEntries && s.depth == 2) {
				return errNotStreamable
			}
			s.inStr = true
			if s.expectKey && s.depth == 1 {
				s.capturing, s.key, s.keyEsc, s.keyEntry = true, s.key[:0], false, false
			}
			s.expectKey = false
		case ':':
			s.expectKey = false
		case ',':
			s.expectKey = s.depth == 1
			if s.inEntries && s.depth == 2 {
				if s.sep != 1 {
					return errNotStreamable // not JSON: ParseFile says so
				}
				s.sep = 2
			}
		case '{', '[':
			if s.depth == 0 {
				if s.started || c != '{' {
					return errNotStreamable
				}
				s.started = true
			}
			s.depth++
			s.expectKey = s.depth == 1
			switch {
			case s.depth == 2 && c == '[' && s.keyEntry:
				s.keyEntry = false
				if err := s.emit(c); err != nil {
					return err
				}
				s.inEntries, s.sep = true, 0
				continue
			case s.depth == 3 && s.inEntries:
				if c != '{' || s.sep == 1 {
					return errNotStreamable
				}
				s.entryStart, s.entry = base+int64(i), s.entry[:0]
			}
		case '}', ']':
			if s.depth == 0 {
				return errNotStreamable
			}
			if s.depth == 3 && s.entryStart >= 0 {
				if err := s.emit(c); err != nil {
					return err
				}
				s.entries++
				if err := fn(s.entryStart, s.entry, s.entries); err != nil {
					return err
				}
				s.entryStart, s.sep = -1, 1
				s.depth--
				continue
			}
			if s.depth == 2 && s.inEntries {
				if s.sep == 2 {
					return errNotStreamable // a comma before ']'
				}
				s.inEntries = false
			}
			s.depth--
			if s.depth == 0 {
				s.ended = true
			}
		default:
			if s.depth == 0 || (s.inEntries && s.depth == 2) {
				return errNotStreamable // not an object, or an entry that is not one
			}
		}
		if err := s.emit(c); err != nil {
			return err
		}
	}
	return nil
}

func wsByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

var (
	miniHead = []byte(`{"resourceType":"Bundle","type":"collection","entry":[`)
	miniTail = []byte(`]}`)
)

// parseEntry parses one Bundle entry (its object's bytes) as ParseFile parses it in its file,
// appending its resource to dst. ok is false when ParseFile would refuse it, or it is not an
// entry holding a resource (a DELETE, an entry without a resource): the file is then read whole.
func parseEntry(dst, scratch, b []byte, n int) (out, scratchOut []byte, e fhirjson.Entry, ok bool) {
	scratch = append(append(append(scratch[:0], miniHead...), b...), miniTail...)
	f, err := fhirjson.ParseFile(scratch)
	if err != nil || f.Kind != fhirjson.KindBundle || len(f.Entries) != 1 || f.Skipped != 0 || len(f.Deletes) != 0 {
		return dst, scratch, fhirjson.Entry{}, false
	}
	e = f.Entries[0]
	e.Index = n
	a := len(dst)
	dst = append(dst, e.Resource...)
	e.Resource = dst[a:len(dst):len(dst)]
	return dst, scratch, e, true
}

// readBundle reads f (of size bytes, at its start) entry by entry if it is a Bundle that can
// be read so (above). ok is false (and err nil) when it cannot: the caller reads it whole.
func readBundle(path string, f io.Reader, size int64) (nd *ndjsonFile, ok bool, err error) {
	nd = &ndjsonFile{path: path, size: size, byID: newIDIndex(), byIdent: map[string]int{}, byURL: map[string]int{}, bundle: true}
	types := map[string]string{}
	intern := func(s string) string {
		if t, ok := types[s]; ok {
			return t
		}
		s = strings.Clone(s)
		types[s] = s
		return s
	}
	var res, scratch []byte
	outcomes := false // an OperationOutcome entry: read whole, which leaves a search's out
	skel, err := scanBundle(f, size, func(off int64, b []byte, n int) error {
		var e fhirjson.Entry
		var ok bool
		if res, scratch, e, ok = parseEntry(res[:0], scratch, b, n); !ok {
			return errNotStreamable
		}
		if e.Info.Type == "OperationOutcome" {
			outcomes = true
		}
		if e.Info.Type == "Bundle" {
			return errNotStreamable // unpacked reading it whole (F190)
		}
		id, err := checkedIdentity(&e)
		if err != nil {
			return errNotStreamable // refused reading it whole, with the file's own words
		}
		i := len(nd.lines)
		id.Type, id.ID = intern(id.Type), strings.Clone(id.ID)
		if id.Source != LocalSource {
			id.Source = intern(id.Source)
		}
		nd.lines = append(nd.lines, lineRef{off: off, n: int32(len(b)), line: int32(n), sum: crc32.Checksum(b, castagnoli)})
		nd.byID.add(id)
		if e.FullURL != "" {
			nd.byURL[strings.Clone(e.FullURL)] = i
		}
		nd.indexEntry(i, e)
		return nil
	})
	if errors.Is(err, errNotStreamable) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	top, perr := fhirjson.ParseFile(skel)
	if perr != nil || top.Kind != fhirjson.KindBundle || top.BundleType == "history" || len(top.Entries) != 0 ||
		top.Skipped != 0 || len(top.Deletes) != 0 || !nd.byID.unique() {
		// What ParseFile says of the whole file (or its versions of a record) decides.
		return nil, false, nil
	}
	if nd.page = readSearchPage(skel); nd.page != nil {
		if outcomes {
			return nil, false, nil // the server's messages are taken out reading it whole
		}
		nd.page.here = len(nd.lines)
	}
	nd.lines = append(make([]lineRef, 0, len(nd.lines)), nd.lines...)
	nd.byID.clip()
	nd.ids = nd.byID.ids
	return nd, true, nil
}
