package cli

import (
	"context"
	"flag"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/hhvault"
)

func init() {
	register(&command{name: "timeline", args: "--profile ID [--from DATE] [--to DATE] [--at TIME]", summary: "show a person's Timeline: every record by its day, newest first", run: runTimeline,
		detail: "The same lines as the app's Timeline, on the person's clock: what each record is in words, its kind, \"planned\"\n" +
			"(or \"dated later today, not taken yet\", \"dated after the death\"), and where it came from; the start day of a\n" +
			"course prescribed on an earlier day is a line of its own (\"Medicine starts: …\"), and so is a death the records\n" +
			"date (\"Emeka Okafor died\", kind Death, no ref), between what is dated after it and the rest. Records still to come are\n" +
			"under Upcoming. --from/--to (YYYY-MM-DD, the person's days; --to inclusive) choose the days.\n" +
			"One thing two sources give (the same vaccine on the same day from a health card and a GP's file) or entered twice (a\n" +
			"reading of the same code, time, value and unit) is one line saying where each came from; --json lists the others in \"also\".\n" +
			"--json [{\"ref\",\"date\",\"precision\",\"time\",\"title\",\"kind\",\"plan\",\"from\",\"upcoming\",\"also\"}]."})
}

type timelineJSON struct {
	Ref       string `json:"ref"`
	Date      string `json:"date"`
	Precision string `json:"precision"`
	Time      string `json:"time,omitempty"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Plan      string `json:"plan,omitempty"`
	From      string `json:"from"`
	Upcoming  bool   `json:"upcoming,omitempty"`
	// Also are the other records of the one thing the row is (the same vaccination from a
	// health card and a GP's file, a weighing keyed twice): "Immunization/…" (F441, F427).
	Also []string `json:"also,omitempty"`
}

// runTimeline prints a person's Timeline (journey.Timeline, the app's view) (F371).
func runTimeline(ctx context.Context, c *call) error {
	var profile, from, to, at string
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "the person")
		fs.StringVar(&from, "from", "", "first day (YYYY-MM-DD)")
		fs.StringVar(&to, "to", "", "last day (YYYY-MM-DD)")
		fs.StringVar(&at, "at", "", "as of (default now)")
	}); err != nil {
		return err
	}
	if profile == "" {
		return usagef("--profile is required")
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	loc := c.zoneFor(v, profile)
	now, err := atOrNow(at, loc)
	if err != nil {
		return err
	}
	var opt journey.TimelineOptions
	day := func(s, name string, next bool) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return t, usagef("--%s %q is not a day: write it like 2026-12-06", name, s)
		}
		if next {
			t = t.AddDate(0, 0, 1)
		}
		// a day of the person's clock, and a record dated by that day alone (its UTC midnight)
		if u := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC); name == "from" && u.Before(t) || name == "to" && u.After(t) {
			t = u
		}
		return t, nil
	}
	if opt.From, err = day(from, "from", false); err != nil {
		return err
	}
	if opt.To, err = day(to, "to", true); err != nil {
		return err
	}
	opt.Portals = map[string]string{}
	ps, err := cksync.Portals(ctx, v)
	if err != nil {
		return err
	}
	for _, pt := range ps {
		opt.Portals[pt.Source()] = pt.Name
	}
	if names, self, err := hhvault.DeviceNames(ctx, v); err == nil && self != "" {
		opt.EnteredOn = func(id storage.ID) string { return hhvault.EnteredOn(v, names, self, id) }
	}
	rows, err := journey.Timeline(ctx, v, profile, now, loc, opt)
	if err != nil {
		return err
	}
	if c.json {
		out := make([]timelineJSON, 0, len(rows))
		for _, r := range rows {
			e := r.Event
			ref := e.Key.Type + "/" + e.Key.ID
			if r.Death {
				ref = "" // the line at the death: no record of its own
			}
			var also []string
			for _, o := range r.Also {
				also = append(also, o.Key.Type+"/"+o.Key.ID)
			}
			out = append(out, timelineJSON{Ref: ref, Date: e.Day(loc), Precision: precisionName(e), Time: r.Clock,
				Title: r.Title, Kind: r.Kind, Plan: r.Plan, From: r.Where, Upcoming: r.Upcoming, Also: also})
		}
		return c.printJSON(out)
	}
	if len(rows) == 0 {
		textln(c.env.Stdout, "Nothing on the Timeline for these days.")
		return nil
	}
	tw := newTabs(c.env.Stdout)
	heading := ""
	for _, r := range rows {
		h := "Past"
		if r.Upcoming {
			h = "Upcoming"
		}
		if h != heading {
			textf(tw, "%s\n", h)
			heading = h
		}
		// A title is at most health.MaxDescribe already; the row's kind and sources after it
		// are not cut with it ("… and from records.riverside-cl…" lost a source, F483's words).
		textf(tw, "  %s\t%s\t%s\n", r.Day, r.Clock, health.Fit(r.Words(), 2*health.MaxDescribe))
	}
	return tw.Flush()
}

// precisionName is how precisely the record dates the event: "year", "month", "day", "time".
func precisionName(e health.Event) string {
	p := e.Precision
	if p == fhirjson.PrecisionUnknown {
		p = fhirjson.SortablePrecision(e.Date)
	}
	switch p {
	case fhirjson.PrecisionYear:
		return "year"
	case fhirjson.PrecisionMonth:
		return "month"
	case fhirjson.PrecisionDay:
		return "day"
	}
	return "time"
}
