package sync

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"carekeeper/internal/fhirjson"
	"carekeeper/storage"
)

// A plain NDJSON file of at least streamMinBytes (a portal's bulk export) is not held in
// memory: it is read line by line, keeping only what finding each record's identity and
// person needs (ids, identifiers, the Patients, each line's offset), and read again by offset
// a part at a time as it is written (storage.Batch.Lazy). A variable for tests.
var streamMinBytes int64 = 16 << 20

// maxLineBytes is the longest line read line by line: a file with a longer line (a
// resource with a large attachment, a Bundle or one resource written on one line) goes to the
// whole-file path, which checks it in constant memory first. Growing the line's buffer up to
// the 32 MiB a resource may have, and then refusing the file, peaked at 151–196 MiB for one
// 40 MiB resource (TestProcessHostileInputs); bulk exports' lines are far shorter.
const maxLineBytes = 4 << 20

// readChunk is how much of the file is read at once when lines are read again.
const readChunk = 1 << 20

// ndjsonFile is a large NDJSON file read line by line: what planning needs, no resource but
// its Patients'.
type ndjsonFile struct {
	path  string
	size  int64
	lines []lineRef    // each resource (non-blank) line, in file order
	ids   []storage.ID // identity of each (as identities gives it): byID's
	// fileIDs are the identities of every line of the file, where newestLines left some
	// out (nil when it did not: ids).
	fileIDs []storage.ID

	byID     *idIndex       // identity -> first line (index in lines) with it
	byIdent  map[string]int // type 0 system|value -> first line with it
	patients []patientEntry // the Patient lines, whole

	// bundle: the "lines" are the entries of a large Bundle (bundlestream.go), each line's
	// number its entry's; byURL is their fullUrls (nil for NDJSON, which has none).
	bundle bool
	byURL  map[string]int
	page   *searchPage // a large searchset Bundle's page (F186)
	// obsDays counts the Observations by their day (YYYY-MM-DD, or YYYY-MM, YYYY, as
	// written): those after the day of the import are said (F175).
	obsDays map[string]int
	// doneDays counts doneTypes' records by type and day, as obsDays (F312).
	doneDays map[[2]string]int
}

// lineRef locates a resource line in the file; sum is a checksum of its bytes, so a line
// read again is known to be the one read first.
type lineRef struct {
	off  int64
	n    int32
	line int32
	sum  uint32
}

type patientEntry struct {
	i int // index in the file's entries
	e *fhirjson.Entry
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// readNDJSON reads f (of size bytes, at its start) line by line if it is an NDJSON file that
// ParseFile would accept. ok is false (and err nil) when it is not NDJSON or cannot be told
// line by line (its first value is not one JSON object on its line, a line is over
// maxLineBytes): the caller then reads it whole as before. An NDJSON file that would be
// refused is refused here, with the error reading it whole gives (fhirjson.Check's, else
// ParseFile's, else its identities'), holding nothing of it past the first bad line: a bad
// line in a 300 MB export went to the whole-file path only to be refused (293 MB peak).
func readNDJSON(path string, f io.Reader, size int64) (nd *ndjsonFile, ok bool, err error) {
	nd = &ndjsonFile{path: path, size: size, byID: newIDIndex(), byIdent: map[string]int{}}
	r := bufio.NewReaderSize(f, 1<<20)
	var lp fhirjson.LineParser
	var buf, res []byte
	types := map[string]string{}
	intern := func(s string) string {
		if t, ok := types[s]; ok {
			return t
		}
		s = strings.Clone(s)
		types[s] = s
		return s
	}
	// The refusal found so far, of the highest kind first found (fhirjson.LineRefusal; an
	// identity a key cannot hold ranks below them all, as ParseInput checks identities last).
	var refused error
	kind := -1
	refuse := func(err error, k int) {
		if k > kind {
			refused, kind = err, k
			nd = nil // nothing of the file is needed any more
		}
	}
	const byIdentity = int(fhirjson.LineAccepted)
	values := 0 // lines that are not blank
	var off int64
	for line := 1; ; line++ {
		b, err := readLine(r, &buf)
		if err == errLongLine {
			return nil, false, nil
		}
		if err != nil && err != io.EOF {
			return nil, false, fmt.Errorf("cannot read it: %w", err)
		}
		if len(b) == 0 && err == io.EOF {
			break
		}
		at, n := off, len(b)
		off += int64(n)
		start := 0
		if line == 1 && bytes.HasPrefix(b, utf8BOM) {
			start = len(utf8BOM)
		}
		if kind >= int(fhirjson.RefusedSyntax) {
			// Only invalid UTF-8 comes before a line that is not JSON.
			if !utf8.Valid(b) {
				e, _ := fhirjson.Refusal(b, start, line, at)
				return nil, false, checkWhole(f, size, e)
			}
		} else if err := nd.add(&lp, &res, b, start, line, at, &values, intern, refuse); err != nil {
			return nil, false, nil // the first value is not one JSON object on its line
		}
		if kind == int(fhirjson.RefusedUTF8) {
			return nil, false, checkWhole(f, size, refused)
		}
		if err == io.EOF {
			break
		}
	}
	if off != size || values < 2 {
		// It changed while it was read, or it is one resource: read whole.
		return nil, false, nil
	}
	if kind >= byIdentity {
		return nil, false, checkWhole(f, size, refused)
	}
	if !nd.byID.unique() {
		// A record given more than once: its newest version only, as reading it whole keeps.
		ra, isRA := f.(io.ReaderAt)
		if !isRA {
			return nil, false, nil
		}
		if err := nd.newestLines(ra); err != nil {
			return nil, false, err
		}
	}
	nd.lines = append(make([]lineRef, 0, len(nd.lines)), nd.lines...)
	nd.byID.clip()
	nd.ids = nd.byID.ids
	return nd, true, nil
}

// newestLines keeps one line of each record the file gives more than once, as newestVersions
// keeps one entry of a file read whole: the newest version (meta.lastUpdated, else
// meta.versionId), else the later line, and the same resource once. Only the lines of records
// given more than once are read again (f, the file), for their versions. Before, every line
// was written in file order, so the later line was stored even when it was the older version,
// where the same file read whole stored the newest.
func (nd *ndjsonFile) newestLines(f io.ReaderAt) error {
	repeated := map[int][]int{} // first line of an identity given more than once -> its lines
	for i, id := range nd.byID.ids {
		if first, _ := nd.byID.get(id); first != i {
			if repeated[first] == nil {
				repeated[first] = []int{first}
			}
			repeated[first] = append(repeated[first], i)
		}
	}
	versions := map[int]version{}
	sums := map[int][sha256Size]byte{}
	groups := map[recordKey][]int{} // the lines of one record (one person's, for a file's own id)
	var lp fhirjson.LineParser
	var buf, res []byte
	for _, lines := range repeated {
		for _, i := range lines {
			l := nd.lines[i]
			buf = slices.Grow(buf[:0], int(l.n))[:l.n]
			if _, err := f.ReadAt(buf, l.off); err != nil {
				return fmt.Errorf("cannot read it again: %w", err)
			}
			if crc32.Checksum(buf, castagnoli) != l.sum {
				return storage.ErrChangedSource
			}
			b := buf
			if l.line == 1 {
				b = bytes.TrimPrefix(b, utf8BOM)
			}
			var e fhirjson.Entry
			var ok bool
			var err error
			if res, e, ok, err = lp.Parse(res[:0], b, int(l.line)); err != nil || !ok {
				return storage.ErrChangedSource
			}
			versions[i] = versionFrom(&e.Info)
			sums[i] = sha256.Sum256(e.Resource)
			k := recordKey{id: nd.byID.ids[i], who: whose(nd.byID.ids[i], &e.Info)}
			groups[k] = append(groups[k], i)
		}
	}
	drop := make([]bool, len(nd.lines))
	first, later := -1, -1 // the contradicting lines told first in file order (map order is not)
	for _, lines := range groups {
		if len(lines) < 2 {
			continue
		}
		a, b := olderCopies(lines, func(i int) version { return versions[i] }, func(a, b int) bool { return sums[a] == sums[b] },
			false, nd.byID.ids[lines[0]].Type == "Patient", drop)
		if a >= 0 && (later < 0 || b < later) {
			first, later = a, b
		}
	}
	if first >= 0 {
		return contradictingCopies(nd.byID.ids[first].Type, int(nd.lines[first].line), int(nd.lines[later].line))
	}
	if !slices.Contains(drop, true) {
		return nil
	}
	// The lines kept, and every index to a line renumbered.
	at := make([]int, len(nd.lines)) // old line -> new, -1 if dropped
	old := nd.byID
	nd.byID = newIDIndex()
	lines := nd.lines[:0]
	for i, l := range nd.lines {
		at[i] = -1
		if !drop[i] {
			at[i] = len(lines)
			lines = append(lines, l)
			nd.byID.add(old.ids[i])
		}
	}
	nd.lines = lines
	nd.fileIDs = old.ids
	for k, j := range nd.byIdent {
		if at[j] < 0 {
			// Its record's line kept instead: the identity it names is the same.
			nd.byIdent[k], _ = nd.byID.get(old.ids[j])
		} else {
			nd.byIdent[k] = at[j]
		}
	}
	patients := nd.patients[:0]
	for _, pe := range nd.patients {
		if at[pe.i] >= 0 {
			pe.i = at[pe.i]
			patients = append(patients, pe)
		}
	}
	nd.patients = patients
	return nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

var errFirstValue = errors.New("the first value is not one JSON object on its line")

// add reads line number line (b, at byte at of the file; its text from start) into nd, or
// tells refuse why the file is refused for it (nd nil: the file is already refused, and the
// line is only checked). errFirstValue: the file must be read whole to know what it is.
func (nd *ndjsonFile) add(lp *fhirjson.LineParser, res *[]byte, b []byte, start, line int, at int64, values *int,
	intern func(string) string, refuse func(error, int)) error {
	var e fhirjson.Entry
	var isRes bool
	var perr error
	*res, e, isRes, perr = lp.Parse((*res)[:0], b[start:], line)
	if perr != nil {
		*values++
		ferr, k := fhirjson.Refusal(b, start, line, at)
		if k == fhirjson.RefusedSyntax && *values == 1 {
			return errFirstValue
		}
		refuse(ferr, int(k))
		return nil
	}
	if !isRes {
		return nil
	}
	*values++
	if nd == nil {
		return nil
	}
	if e.Info.Type == "Bundle" {
		// A file whose first value is a Bundle is a Bundle file unless more follows;
		// ParseFile decides. A line that is a Bundle is unpacked reading the file whole
		// (F190: it was stored whole, unread).
		return errFirstValue
	}
	id, ierr := checkedIdentity(&e)
	if ierr != nil {
		refuse(ierr, int(fhirjson.LineAccepted))
		return nil
	}
	i := len(nd.lines)
	id.Type, id.ID = intern(id.Type), strings.Clone(id.ID)
	if id.Source != LocalSource {
		id.Source = intern(id.Source)
	}
	nd.lines = append(nd.lines, lineRef{off: at, n: int32(len(b)), line: int32(line), sum: crc32.Checksum(b, castagnoli)})
	nd.byID.add(id)
	nd.indexEntry(i, e)
	return nil
}

// indexEntry indexes entry i's identifiers (the first entry of each wins) and keeps a Patient
// whole: the NDJSON reader and the large Bundle's entry-by-entry reader alike.
func (nd *ndjsonFile) indexEntry(i int, e fhirjson.Entry) {
	if e.Info.Type == "Observation" && len(e.Info.Date) >= 4 {
		if nd.obsDays == nil {
			nd.obsDays = map[string]int{}
		}
		d := e.Info.Date
		if len(d) > 10 {
			d = d[:10]
		}
		if _, ok := nd.obsDays[d]; !ok {
			d = strings.Clone(d)
		}
		nd.obsDays[d]++
	} else if _, done := doneTypes[e.Info.Type]; done && len(e.Info.Date) >= 4 {
		if nd.doneDays == nil {
			nd.doneDays = map[[2]string]int{}
		}
		d := e.Info.Date
		if len(d) > 10 {
			d = d[:10]
		}
		nd.doneDays[[2]string{e.Info.Type, strings.Clone(d)}]++
	}
	for _, ident := range e.Info.Identifiers {
		k := e.Info.Type + "\x00" + ident.System + "|" + ident.Value
		if _, dup := nd.byIdent[k]; !dup {
			nd.byIdent[k] = i
		}
	}
	if e.Info.Type == "Patient" {
		pe := e
		pe.Resource = bytes.Clone(e.Resource)
		nd.patients = append(nd.patients, patientEntry{i: i, e: &pe})
	}
}

// checkWhole is err, the error an NDJSON file is refused with, unless fhirjson.Check refuses
// the file (as reading it whole checks it first): Check's error then, as reading it whole
// gives. f is read again from its start, in constant memory.
func checkWhole(f io.Reader, size int64, err error) error {
	if ra, ok := f.(io.ReaderAt); ok {
		if cerr := fhirjson.Check(io.NewSectionReader(ra, 0, size)); cerr != nil {
			return cerr
		}
	}
	return err
}

var errLongLine = errors.New("line too long")

// readLine returns the next line of r with its line ending ("\n"), in *buf if it is longer
// than r's buffer; io.EOF with the last line if it has no line ending.
func readLine(r *bufio.Reader, buf *[]byte) ([]byte, error) {
	b, err := r.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return b, err
	}
	*buf = append((*buf)[:0], b...)
	for {
		b, err = r.ReadSlice('\n')
		if len(*buf)+len(b) > maxLineBytes {
			return nil, errLongLine
		}
		*buf = append(*buf, b...)
		if err != bufio.ErrBufferFull {
			return *buf, err
		}
	}
}

// lineReader reads lines of an ndjsonFile again, in ascending order, a chunk at a time.
type lineReader struct {
	nd      *ndjsonFile
	f       *os.File
	chunk   []byte
	at      int64 // file offset of chunk[0]
	lp      fhirjson.LineParser
	scratch []byte // a Bundle's entry as ParseFile reads it
}

func (nd *ndjsonFile) reopen() (*lineReader, error) {
	f, err := os.Open(nd.path)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || st.Size() != nd.size {
		f.Close()
		return nil, storage.ErrChangedSource
	}
	return &lineReader{nd: nd, f: f}, nil
}

func (lr *lineReader) Close() error { return lr.f.Close() }

// entry parses line i again, appending its resource to dst.
func (lr *lineReader) entry(dst []byte, i int) ([]byte, fhirjson.Entry, error) {
	l := lr.nd.lines[i]
	end := l.off + int64(l.n)
	if l.off < lr.at || end > lr.at+int64(len(lr.chunk)) {
		n := max(int64(l.n), min(readChunk, lr.nd.size-l.off))
		if int64(cap(lr.chunk)) < n {
			lr.chunk = make([]byte, n)
		}
		lr.chunk = lr.chunk[:n]
		if _, err := lr.f.ReadAt(lr.chunk, l.off); err != nil {
			return dst, fhirjson.Entry{}, fmt.Errorf("cannot read it again: %w", err)
		}
		lr.at = l.off
	}
	b := lr.chunk[l.off-lr.at : end-lr.at]
	if crc32.Checksum(b, castagnoli) != l.sum {
		return dst, fhirjson.Entry{}, storage.ErrChangedSource
	}
	if lr.nd.bundle {
		var e fhirjson.Entry
		var ok bool
		if dst, lr.scratch, e, ok = parseEntry(dst, lr.scratch, b, int(l.line)); !ok {
			return dst, e, storage.ErrChangedSource
		}
		return dst, e, nil
	}
	if l.line == 1 {
		b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	}
	dst, e, ok, err := lr.lp.Parse(dst, b, int(l.line))
	if err != nil || !ok {
		return dst, e, storage.ErrChangedSource
	}
	return dst, e, nil
}

// linePlan is the plan of a large NDJSON file's import: the batch's records are read again
// from the file as they are written (lineRecords).
type linePlan struct {
	p      *planner
	lr     *lineReader
	ids    []storage.ID       // each record's identity in the file
	scoped map[int]storage.ID // the records stored under another identity (scopeLocal)
	hashes [][sha256Size]byte
	precs  []fhirjson.Precision // each record's Meta.Precision
	moved  map[storage.ID]storage.ID
	unique bool // no identity given twice
}

const sha256Size = 32

// planLines plans the import of a large NDJSON file: identities and people from what was kept
// as the file was read, then each record's person and hash from the file read again. The
// batch's records are loaded from the file a part at a time as they are written; close the
// returned closer after the write.
func planLines(ctx context.Context, v *storage.Vault, nd *ndjsonFile, opt Options, now time.Time) (b *storage.Batch, owners []string, main string, closer io.Closer, err error) {
	p := newPlanner(v, nil, nd, opt, now)
	if err := p.start(); err != nil {
		return nil, nil, "", nil, err
	}
	lr, err := nd.reopen()
	if err != nil {
		return nil, nil, "", nil, err
	}
	defer func() {
		if err != nil {
			lr.Close()
		}
	}()
	n := len(nd.lines)
	lp := &linePlan{p: p, lr: lr, hashes: make([][sha256Size]byte, n), precs: make([]fhirjson.Precision, n)}
	owners = make([]string, n)
	names := map[string]string{}
	var buf []byte
	for i := range n {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, nil, "", nil, ctx.Err()
		}
		var e fhirjson.Entry
		if buf, e, err = lr.entry(buf[:0], i); err != nil {
			return nil, nil, "", nil, err
		}
		if id, err := identity(&e); err != nil || id != nd.ids[i] {
			return nil, nil, "", nil, storage.ErrChangedSource
		}
		rec := p.record(i, &e)
		o, ok := names[rec.Profile]
		if !ok {
			o = rec.Profile
			names[o] = o
		}
		owners[i] = o
		copy(lp.hashes[i][:], storage.RecordHash(rec.Profile, rec.Meta.FullURL, e.Resource))
		lp.precs[i] = rec.Meta.Precision
	}
	lp.ids = nd.ids
	sc, err := p.scopeLocal(lp.ids, owners)
	if err != nil {
		return nil, nil, "", nil, err
	}
	// The lookup is not handed to Write (Batch.Looked): it would hold every identity again.
	lp.scoped, lp.moved = sc.scoped, sc.moved
	// Scoped identities are the file's own in another source: they are unique when the
	// file's are (a PersonSource is no fullUrl's server).
	lp.unique = nd.byID.unique()
	b = &storage.Batch{Now: now, Profiles: p.changedProfiles(), Lazy: lp}
	return b, owners, p.main(), lr, nil
}

func (lp *linePlan) Len() int { return len(lp.ids) }

func (lp *linePlan) Key(i int) (storage.ID, []byte) { return lp.id(i), lp.hashes[i][:] }

func (lp *linePlan) Unique() bool { return lp.unique }

func (lp *linePlan) Precision(i int) fhirjson.Precision { return lp.precs[i] }

func (lp *linePlan) id(i int) storage.ID {
	if id, ok := lp.scoped[i]; ok {
		return id
	}
	return lp.ids[i]
}

// Load reads records idx from the file again, as planLines planned them.
func (lp *linePlan) Load(idx []int) ([]storage.Record, error) {
	size := 0
	for _, i := range idx {
		size += int(lp.lr.nd.lines[i].n)
	}
	buf := make([]byte, 0, size) // the records' resources: no more than their lines
	recs := make([]storage.Record, len(idx))
	for n, i := range idx {
		var e fhirjson.Entry
		var err error
		if buf, e, err = lp.lr.entry(buf, i); err != nil {
			return nil, err
		}
		rec := lp.p.record(i, &e)
		rec.ID = lp.id(i)
		moveLinks(rec.Meta.Links, lp.moved)
		recs[n] = rec
	}
	return recs, nil
}
