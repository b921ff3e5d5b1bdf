package health

import (
	"iter"
	"time"
	"unsafe"
)

// A series keeps its readings compactly: each one's instant, value and record id in a cpoint
// (32 bytes), a second value (a blood pressure's diastolic) beside it only in a series that has
// one (cols), and what readings share (the record's source and type, the time's zone, ranges,
// flags, comparator, precision, a conversion) once in a pointTable, which also keeps the ids'
// bytes. A watch's 300,000 heart rates were 232-byte Points and a string each (85 MB); they
// are 32 bytes each, their ids' 36 and one shared entry, and each is made a Point only when
// asked for (Series.At, Points.At).
type cpoint struct {
	sec  int64   // the instant: Unix seconds
	v    float64 // the value
	nsec uint32  // the instant's nanoseconds
	det  uint32  // pointTable.det: everything else of the Point but its values and id
	id   uint32  // pointTable.id: Key.ID
	unit int32   // ObservationReader.units, while the reader groups them
}

// cols are compact readings, and their second values when one is not 0 (nil: all are 0).
type cols struct {
	pts []cpoint
	v2  []float64
}

func (c *cols) Len() int           { return len(c.pts) }
func (c *cols) Less(i, j int) bool { return c.pts[i].before(&c.pts[j]) }
func (c *cols) Swap(i, j int) {
	c.pts[i], c.pts[j] = c.pts[j], c.pts[i]
	if c.v2 != nil {
		c.v2[i], c.v2[j] = c.v2[j], c.v2[i]
	}
}

// second is the i'th reading's second value.
func (c *cols) second(i int) float64 {
	if c.v2 == nil {
		return 0
	}
	return c.v2[i]
}

// add adds a reading.
func (c *cols) add(p cpoint, v2 float64) {
	if v2 != 0 && c.v2 == nil {
		c.v2 = make([]float64, len(c.pts), cap(c.pts))
	}
	c.pts = append(c.pts, p)
	if c.v2 != nil {
		c.v2 = append(c.v2, v2)
	}
}

// set puts p (second value v2) at i.
func (c *cols) set(i int, p cpoint, v2 float64) {
	if v2 != 0 && c.v2 == nil {
		c.v2 = make([]float64, len(c.pts))
	}
	c.pts[i] = p
	if c.v2 != nil {
		c.v2[i] = v2
	}
}

// cut keeps the first n readings (the others' places cleared, the arrays kept).
func (c *cols) cut(n int) {
	clear(c.pts[n:])
	c.pts = c.pts[:n:n]
	if c.v2 != nil {
		c.v2 = c.v2[:n:n]
	}
}

// pointDetail is a Point without its instant, values and record id, with its time's zone.
type pointDetail struct {
	Point
	loc *time.Location
}

// pointTable holds what a series' readings share, and their ids. The table of the series one
// Results call made is shared by them (frozen: a series that is changed afterwards copies it
// first, sharing the blocks of ids already written).
type pointTable struct {
	det    []pointDetail
	idx    map[pointDetail]int32
	frozen bool
	// ids are blocks of idChunk bytes holding the readings' ids, each after a byte of its
	// length (a watch reading's: 36 bytes, where a string of its own took 64); an id of 255
	// bytes or more is in long, its block's bytes 255 and its index in long (4 bytes).
	ids    [][]byte
	long   []string
	sealed bool // the last block is shared with another table: write a new one
}

// idChunk is the size of the blocks ids are kept in; noID is the id of a reading without one.
const (
	idChunk = 1 << 16
	noID    = ^uint32(0)
)

// keepID keeps id in the table's blocks and returns where (cpoint.id).
func (t *pointTable) keepID(id string) uint32 {
	if id == "" {
		return noID
	}
	n := 1 + len(id)
	if len(id) >= 255 {
		n = 5
	}
	last := len(t.ids) - 1
	if last < 0 || t.sealed || cap(t.ids[last])-len(t.ids[last]) < n {
		t.ids = append(t.ids, make([]byte, 0, idChunk))
		t.sealed = false
		last++
	}
	b := t.ids[last]
	at := uint32(last)<<16 | uint32(len(b))
	if len(id) >= 255 {
		i := uint32(len(t.long))
		t.long = append(t.long, id)
		b = append(b, 255, byte(i), byte(i>>8), byte(i>>16), byte(i>>24))
	} else {
		b = append(b, byte(len(id)))
		b = append(b, id...)
	}
	t.ids[last] = b
	return at
}

// id is the id kept at.
func (t *pointTable) id(at uint32) string {
	if at == noID {
		return ""
	}
	b := t.ids[at>>16][at&0xffff:]
	if b[0] == 255 {
		return t.long[uint32(b[1])|uint32(b[2])<<8|uint32(b[3])<<16|uint32(b[4])<<24]
	}
	// The block's bytes are never written again (keepID appends after them; a table sharing
	// the block writes a new one): the string is made of them, not copied.
	return unsafe.String(&b[1], int(b[0]))
}

// detail is the index of d in the table, added if new. A detail with a range (pointers: lab
// results, a few) is not looked for: it is added as its own.
func (t *pointTable) detail(d pointDetail) uint32 {
	ranged := d.Range.Low != nil || d.Range.High != nil || d.Range2.Low != nil || d.Range2.High != nil
	if !ranged {
		if i, ok := t.idx[d]; ok {
			return uint32(i)
		}
	}
	i := int32(len(t.det))
	t.det = append(t.det, d)
	if !ranged {
		if t.idx == nil {
			t.idx = map[pointDetail]int32{}
		}
		t.idx[d] = i
	}
	return uint32(i)
}

// encode is p in compact form (its second value apart), its detail and id added to t.
func (t *pointTable) encode(p Point) cpoint {
	c := cpoint{sec: p.T.Unix(), nsec: uint32(p.T.Nanosecond()), v: p.V, id: t.keepID(p.Key.ID)}
	d := pointDetail{Point: p, loc: p.T.Location()}
	d.T, d.V, d.V2, d.Key.ID = time.Time{}, 0, 0, ""
	c.det = t.detail(d)
	return c
}

// reencode is p, a changed reading of c, in compact form: its id where c's is.
func (t *pointTable) reencode(c cpoint, p Point) cpoint {
	n := cpoint{sec: p.T.Unix(), nsec: uint32(p.T.Nanosecond()), v: p.V, id: c.id, unit: c.unit}
	if t.id(c.id) != p.Key.ID {
		n.id = t.keepID(p.Key.ID)
	}
	d := pointDetail{Point: p, loc: p.T.Location()}
	d.T, d.V, d.V2, d.Key.ID = time.Time{}, 0, 0, ""
	n.det = t.detail(d)
	return n
}

// decode is c (second value v2) as its Point.
func (t *pointTable) decode(c cpoint, v2 float64) Point {
	d := &t.det[c.det]
	p := d.Point
	p.T = time.Unix(c.sec, int64(c.nsec)).In(d.loc)
	p.V, p.V2, p.Key.ID = c.v, v2, t.id(c.id)
	return p
}

// before orders compact points by their instant.
func (c *cpoint) before(o *cpoint) bool {
	return c.sec < o.sec || c.sec == o.sec && c.nsec < o.nsec
}

// Len is the number of readings.
func (s *Series) Len() int { return len(s.r.pts) }

// At is the i'th reading, oldest first.
func (s *Series) At(i int) Point { return s.tab.decode(s.r.pts[i], s.r.second(i)) }

// Points are the series' readings, oldest first (a view: nothing is copied).
func (s *Series) Points() Points { return Points{s, 0, len(s.r.pts)} }

// Append adds readings at the end (a series made by hand, oldest first; Results orders its own).
func (s *Series) Append(pts ...Point) *Series {
	s.own()
	for _, p := range pts {
		s.r.add(s.tab.encode(p), p.V2)
	}
	return s
}

// own gives the series a table it may add to.
func (s *Series) own() {
	switch {
	case s.tab == nil:
		s.tab = &pointTable{}
	case s.tab.frozen:
		o := s.tab
		t := &pointTable{det: append([]pointDetail(nil), o.det...), ids: append([][]byte(nil), o.ids...),
			long: append([]string(nil), o.long...), sealed: true}
		for i, d := range t.det {
			if d.Range.Low == nil && d.Range.High == nil && d.Range2.Low == nil && d.Range2.High == nil {
				if t.idx == nil {
					t.idx = map[pointDetail]int32{}
				}
				t.idx[d] = int32(i)
			}
		}
		s.tab = t
	}
}

// set replaces the i'th reading.
func (s *Series) set(i int, p Point) {
	s.own()
	s.r.set(i, s.tab.reencode(s.r.pts[i], p), p.V2)
}

// Points is a run of a series' readings, oldest first: a view of the series, not a copy.
type Points struct {
	s    *Series
	i, j int
}

// Len is the number of readings.
func (ps Points) Len() int { return ps.j - ps.i }

// At is the k'th reading of the run.
func (ps Points) At(k int) Point {
	if k < 0 || k >= ps.Len() {
		panic("health: Points.At out of range")
	}
	return ps.s.At(ps.i + k)
}

// Key is the k'th reading's record (without making the reading).
func (ps Points) Key(k int) Key {
	if k < 0 || k >= ps.Len() {
		panic("health: Points.Key out of range")
	}
	c := &ps.s.r.pts[ps.i+k]
	d := &ps.s.tab.det[c.det]
	return Key{Source: d.Key.Source, Type: d.Key.Type, ID: ps.s.tab.id(c.id)}
}

// Slice is the readings k to l (l excluded) of the run.
func (ps Points) Slice(k, l int) Points {
	if k < 0 || l < k || l > ps.Len() {
		panic("health: Points.Slice out of range")
	}
	return Points{ps.s, ps.i + k, ps.i + l}
}

// Earlier is the run with the k readings of its series before it (as many as there are).
func (ps Points) Earlier(k int) Points {
	return Points{ps.s, max(ps.i-k, 0), ps.j}
}

// All yields each reading of the run with its index in it.
func (ps Points) All() iter.Seq2[int, Point] {
	return func(yield func(int, Point) bool) {
		for k := range ps.Len() {
			if !yield(k, ps.At(k)) {
				return
			}
		}
	}
}

// Search is the smallest index k at which f(At(k)) is true, Len() if none (f false, then true).
func (ps Points) Search(f func(Point) bool) int {
	lo, hi := 0, ps.Len()
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !f(ps.At(m)) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Clone is the run as Points (every one made: for a few readings, and tests).
func (ps Points) Clone() []Point {
	out := make([]Point, 0, ps.Len())
	for _, p := range ps.All() {
		out = append(out, p)
	}
	return out
}
