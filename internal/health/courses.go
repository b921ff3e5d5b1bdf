package health

import "time"

// CourseGap is the longest time between two records of one medicine that are still one
// course: a prescription renewed every year (Simvastatin each May, 1992–2017) is one
// treatment; two antibiotic courses 2½ years apart are two (F177).
const CourseGap = 400 * 24 * time.Hour

// Course is one run of a medicine's records: From and To are its first and last record's
// days (equal for a single record), Record the newest record of it (what opens it).
type Course struct {
	From, To string
	Record   Key
}

// Words is the course's days: "28 Mar 2017", or "23 May 1992 – 17 May 2017".
func (c Course) Words() string {
	if c.From == c.To || c.To == "" {
		return DayWords(c.From)
	}
	return DayWords(c.From) + " – " + DayWords(c.To)
}

// Courses splits a medicine's records, newest course first, where two records in a row lie
// more than CourseGap apart: a medicine no longer taken is then said course by course, never
// as one range across years with no record ('28 Mar 2017 – 26 Oct 2019' for two 10-day
// antibiotic courses). A record without a day stays with the course after it.
// For a person who died, courses end at the death (Medication.UntilDeath): records dated after
// it are no days the person lived.
func (m *Medication) Courses() []Course {
	if len(m.Records) == 0 || len(m.Days) != len(m.Records) {
		to := m.Last
		if m.UntilDeath != "" && to > m.UntilDeath {
			to = m.UntilDeath
		}
		return []Course{{From: m.Started, To: to, Record: firstKey(m.Records)}}
	}
	all := m.courses()
	if m.UntilDeath == "" {
		return all
	}
	var out []Course
	for _, c := range all {
		if c.From > m.UntilDeath {
			continue // wholly after the death
		}
		if c.To > m.UntilDeath {
			c.To = m.UntilDeath
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return all
	}
	return out
}

// LastDay is the day of the medicine's last record (YYYY-MM-DD); for a person who died whose
// records of it go on past the death (UntilDeath), the last day of it they lived: the date of
// death, or the end of its last course before the death.
func (m *Medication) LastDay() string {
	if m.UntilDeath == "" || m.Last <= m.UntilDeath {
		return m.Last
	}
	return m.Courses()[0].To
}

func (m *Medication) courses() []Course {
	var out []Course
	cur := Course{From: m.Days[0], To: m.Days[0], Record: m.Records[0]}
	for i := 1; i < len(m.Days); i++ {
		d := m.Days[i]
		if d == "" {
			continue
		}
		if cur.From != "" && farApart(d, cur.From) {
			out = append(out, cur)
			cur = Course{From: d, To: d, Record: m.Records[i]}
			continue
		}
		cur.From = d
		if cur.To == "" {
			cur.To, cur.Record = d, m.Records[i]
		}
	}
	return append(out, cur)
}

// farApart reports whether day a (YYYY-MM-DD) is more than CourseGap before day b.
func farApart(a, b string) bool {
	ta, err1 := time.Parse(time.DateOnly, a)
	tb, err2 := time.Parse(time.DateOnly, b)
	return err1 == nil && err2 == nil && tb.Sub(ta) > CourseGap
}

func firstKey(ks []Key) Key {
	if len(ks) == 0 {
		return Key{}
	}
	return ks[0]
}
