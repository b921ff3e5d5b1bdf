package health

import (
	"iter"
	"time"
	"unsafe"
)

// A series keeps its readings compactly: each one's instant, values and record id in a
// cpoint (48 bytes), and what readings share (the record's source and type, the time's zone,
// ranges, flags, comparator, precision, a conversion) once in a pointTable. A watch's 300,000
// heart rates were 232-byte Points (70 MB); they are now 48 bytes each and one shared entry,
// and each is made a Point only when asked for (Series.At, Points.At).
type cpoint struct {
	sec   int64 // the instant: Unix seconds
	nsec  int32 // and nanoseconds
	det   int32 // pointTable.det: everything else of the Point but its values and id
	v, v2 float64
	id    string // Key.ID
}

// pointDetail is a Point without its instant, values and record id, with its time's zone.
type pointDetail struct {
	Point
	loc *time.Location
}

// pointTable holds what a series' readings share. The table of the series one Results call
// made is shared by them (frozen: a series that is changed afterwards copies it first).
type pointTable struct {
	det    []pointDetail
	idx    map[pointDetail]int32
	frozen bool
	// ids holds the record ids of the readings read (keepID): 35 bytes of a watch reading's id
	// each, where a string of its own took 48.
	ids []byte
}

// idChunk is the size of the blocks ids are kept in.
const idChunk = 64 << 10

// keepID is id kept in the table's blocks of ids (id itself when long). The bytes of a block
// are never written again once a string is made of them.
func (t *pointTable) keepID(id string) string {
	if id == "" || len(id) > idChunk/64 {
		return id
	}
	if cap(t.ids)-len(t.ids) < len(id) {
		t.ids = make([]byte, 0, idChunk)
	}
	start := len(t.ids)
	t.ids = append(t.ids, id...)
	return unsafe.String(&t.ids[start], len(id))
}

// detail is the index of d in the table, added if new. A detail with a range (pointers: lab
// results, a few) is not looked for: it is added as its own.
func (t *pointTable) detail(d pointDetail) int32 {
	ranged := d.Range.Low != nil || d.Range.High != nil || d.Range2.Low != nil || d.Range2.High != nil
	if !ranged {
		if i, ok := t.idx[d]; ok {
			return i
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
	return i
}

// encode is p in compact form, its detail added to t.
func (t *pointTable) encode(p Point) cpoint {
	c := cpoint{sec: p.T.Unix(), nsec: int32(p.T.Nanosecond()), v: p.V, v2: p.V2, id: p.Key.ID}
	d := pointDetail{Point: p, loc: p.T.Location()}
	d.T, d.V, d.V2, d.Key.ID = time.Time{}, 0, 0, ""
	c.det = t.detail(d)
	return c
}

// decode is c as its Point.
func (t *pointTable) decode(c cpoint) Point {
	d := &t.det[c.det]
	p := d.Point
	p.T = time.Unix(c.sec, int64(c.nsec)).In(d.loc)
	p.V, p.V2, p.Key.ID = c.v, c.v2, c.id
	return p
}

// before orders compact points by their instant.
func (c *cpoint) before(o *cpoint) bool {
	return c.sec < o.sec || c.sec == o.sec && c.nsec < o.nsec
}

// Len is the number of readings.
func (s *Series) Len() int { return len(s.pts) }

// At is the i'th reading, oldest first.
func (s *Series) At(i int) Point { return s.tab.decode(s.pts[i]) }

// Points are the series' readings, oldest first (a view: nothing is copied).
func (s *Series) Points() Points { return Points{s, 0, len(s.pts)} }

// Append adds readings at the end (a series made by hand, oldest first; Results orders its own).
func (s *Series) Append(pts ...Point) *Series {
	s.own()
	for _, p := range pts {
		s.pts = append(s.pts, s.tab.encode(p))
	}
	return s
}

// own gives the series a table it may add to.
func (s *Series) own() {
	switch {
	case s.tab == nil:
		s.tab = &pointTable{}
	case s.tab.frozen:
		t := &pointTable{det: append([]pointDetail(nil), s.tab.det...)}
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
	s.pts[i] = s.tab.encode(p)
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
	c := &ps.s.pts[ps.i+k]
	d := &ps.s.tab.det[c.det]
	return Key{Source: d.Key.Source, Type: d.Key.Type, ID: c.id}
}

// Slice is the readings k to l (l excluded) of the run.
func (ps Points) Slice(k, l int) Points {
	if k < 0 || l < k || l > ps.Len() {
		panic("health: Points.Slice out of range")
	}
	return Points{ps.s, ps.i + k, ps.i + l}
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
