package app

import (
	"time"

	"gonum.org/v1/plot"
)

// dateTicks labels a chart's time axis at whole days, months or years — the coarsest step
// that still gives several labels, and at most most labels (what the chart's width holds).
// gonum's TimeTicks put two labels at arbitrary instants a month apart: two temperatures on 1
// and 3 December read "18 Nov … 17 Dec" (F39, vapp25).
type dateTicks struct {
	loc  *time.Location
	most int
}

// tickSteps are the steps tried, finest first: a number of days, months or years.
var tickSteps = []struct{ days, months, years int }{
	{days: 1}, {days: 2}, {days: 7}, {days: 14},
	{months: 1}, {months: 2}, {months: 3}, {months: 6},
	{years: 1}, {years: 2}, {years: 5}, {years: 10}, {years: 20}, {years: 50}, {years: 100},
}

// Ticks implements plot.Ticker.
func (d dateTicks) Ticks(lo, hi float64) []plot.Tick {
	loc := d.loc
	if loc == nil {
		loc = time.Local
	}
	most := max(d.most, 2)
	from, to := time.Unix(int64(lo), 0).In(loc), time.Unix(int64(hi), 0).In(loc)
	for _, st := range tickSteps {
		ts := stepTimes(from, to, st.days, st.months, st.years)
		if len(ts) > most {
			continue
		}
		format := "2 Jan"
		switch {
		case st.years > 0:
			format = "2006"
		case st.months > 0:
			format = "Jan 2006"
		case from.Year() != to.Year():
			format = "2 Jan 2006"
		}
		out := make([]plot.Tick, len(ts))
		for i, t := range ts {
			out[i] = plot.Tick{Value: float64(t.Unix()), Label: t.Format(format)}
		}
		return out
	}
	return nil
}

// stepTimes are the starts of days, months or years from..to, every days, months or years
// (months and years aligned to the calendar: January, April, July, October for 3 months).
func stepTimes(from, to time.Time, days, months, years int) []time.Time {
	loc := from.Location()
	var t time.Time
	switch {
	case days > 0:
		t = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc)
	case months > 0:
		m := (int(from.Month()) - 1) / months * months
		t = time.Date(from.Year(), time.Month(m+1), 1, 0, 0, 0, 0, loc)
	default:
		t = time.Date(from.Year()/years*years, 1, 1, 0, 0, 0, 0, loc)
	}
	var out []time.Time
	for i := 0; !t.After(to) && i < 1000; i++ {
		if !t.Before(from) {
			out = append(out, t)
		}
		y, m, dd := t.Date()
		t = time.Date(y+years, m+time.Month(months), dd+days, 0, 0, 0, 0, loc)
	}
	return out
}
