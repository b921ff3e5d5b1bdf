package health

import (
	"sort"
	"time"
)

// ListedAgain says which of one person's medicine records (their facts fs, FactsOf; facts of
// other records are skipped) list again a course already under way, and since when it is
// taken: for each, the day (YYYY-MM-DD) its course began, "" for a record that starts one.
//
// A hospital's discharge letter lists on 28 Nov 2026 the apixaban the GP ordered on 2 Apr
// 2024: nothing started on 28 Nov, and the Timeline said "Medicine started: Apixaban" on both
// days (F497). A record lists a course again when the latest earlier start of the same
// medicine (a code or a normalised name shared, so one strength) is of records all current —
// not stopped, finished or not taken, and not ended before its start — one of which gives the
// same dose (its times of day aside). A record that restarts a medicine stopped before, or
// gives another dose, starts a course of its own. A record listed again after one listed
// again is taken since the first's start (2 Apr 2024, not the letter before). Records of one
// start day are one course from two sources (SameEvent), not listed again.
func ListedAgain(fs []EventFacts) []string {
	again, _ := coursesUnderWay(fs)
	return again
}

// NewDose says which of one person's medicine records (as ListedAgain's) prescribe again, at
// another dose, a course already under way: for each, the day its course began, "" for the
// others. Aoife's GP ordered her Keppra by weight on 20 Nov 2026, the school nurse's letter
// saying she had taken it since 1 Jun: the Timeline said "Medicine started: Keppra" on both
// days (F525 item 10). A record is so when the latest earlier start of the same medicine is of
// records all current, none of which gives its dose (ListedAgain's rule but for the dose).
func NewDose(fs []EventFacts) []string {
	_, changed := coursesUnderWay(fs)
	return changed
}

// coursesUnderWay is ListedAgain's and NewDose's days.
func coursesUnderWay(fs []EventFacts) (out, changed []string) {
	out = make([]string, len(fs))
	changed = make([]string, len(fs))
	var meds []int
	for i := range fs {
		if fs[i].typ == "medicine" && fs[i].lazy != nil {
			meds = append(meds, i)
		}
	}
	if len(meds) < 2 {
		return out, changed
	}
	// Only records sharing a code or a name with another are read further (course.read).
	parent := map[int]int{}
	var find func(int) int
	find = func(i int) int {
		p, ok := parent[i]
		if !ok || p == i {
			return i
		}
		r := find(p)
		parent[i] = r
		return r
	}
	owner := map[string]int{}
	for _, i := range meds {
		for _, k := range append(append([]string{}, fs[i].codes...), fs[i].names...) {
			if j, ok := owner[k]; ok {
				parent[find(i)] = find(j)
			} else {
				owner[k] = i
			}
		}
	}
	groups := map[int][]int{}
	var roots []int
	for _, i := range meds {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}
	for _, r := range roots {
		g := groups[r]
		if len(g) < 2 {
			continue
		}
		var read []int
		for _, i := range g {
			if fs[i].lazy.read() {
				read = append(read, i)
			}
		}
		sort.SliceStable(read, func(x, y int) bool { return fs[read[x]].lazy.start < fs[read[y]].lazy.start })
		for n, b := range read {
			fb := fs[b]
			if !fb.lazy.current() {
				continue
			}
			// the latest earlier start of the same medicine, and its records
			prev := ""
			for _, a := range read[:n] {
				if s := fs[a].lazy.start; s < fb.lazy.start && s > prev && fs[a].sameMedicine(fb) {
					prev = s
				}
			}
			if prev == "" {
				continue
			}
			since, began, stopped := "", "", false
			for _, a := range read[:n] {
				fa := fs[a]
				if fa.lazy.start != prev || !fa.sameMedicine(fb) {
					continue
				}
				if !fa.lazy.current() || fa.lazy.endedBefore(fb.lazy.start, fa.lazy.loc) {
					stopped = true
					break
				}
				from := prev
				if out[a] != "" {
					from = out[a]
				} else if changed[a] != "" {
					from = changed[a]
				}
				if began == "" {
					began = from
				}
				if since == "" && sameDose(fa.lazy.med, fb.lazy.med) {
					since = from
				}
			}
			switch {
			case stopped:
			case since != "":
				out[b] = since
			default:
				changed[b] = began
			}
		}
	}
	return out, changed
}

// sameMedicine says two records' facts name one medicine: a code or a normalised name shared.
func (a EventFacts) sameMedicine(b EventFacts) bool {
	return shareACode(a.codes, b.codes) || shareACode(a.names, b.names)
}

// current says the record's course is under way or to come: not stopped, cancelled,
// finished or not taken.
func (c *course) current() bool {
	return (c.line == "start" || c.line == "prescribed") && c.status != "not-taken"
}

// endedBefore says the record's course ended before day (YYYY-MM-DD on the clock loc): its
// end's last moment (a date ends at the next midnight) is on an earlier day.
func (c *course) endedBefore(day string, loc *time.Location) bool {
	if c.end.IsZero() {
		return false
	}
	last := c.end.Add(-time.Nanosecond).UTC()
	if c.endZoned && loc != nil {
		last = last.In(loc)
	}
	return last.Format(time.DateOnly) < day
}
