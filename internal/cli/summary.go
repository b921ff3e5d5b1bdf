package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/guides"
	"carekeeper/internal/health"
	"carekeeper/internal/inputfile"
	"carekeeper/internal/journey"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
)

func init() {
	register(
		&command{name: "summary", args: "--profile ID --from DATE --to DATE --out FILE.pdf [--fhir FILE.json]", summary: "write the doctor-visit summary (PDF, and an IPS FHIR Bundle)", run: runSummary,
			detail: "The summary of a person for [from, to]: problems, medicines with adherence, allergies, immunizations,\n" +
				"results with trends and charts, home measurements, check-ins and the questions for the doctor. DATE is\n" +
				"YYYY-MM-DD (--to is included) or RFC 3339. --fhir also writes an International Patient Summary document\n" +
				"Bundle. Both files are plaintext health data, created with mode 0600. --json prints {\"pdf\",\"fhir\"}."},
		&command{name: "checkin", args: "add --profile ID --condition SLUG [--symptoms KEY,...] --severity N [--note TEXT] [--at TIME] | list --profile ID [--condition SLUG] | conditions", summary: "record or list symptom check-ins", run: runCheckin,
			detail: "checkin add stores a check-in for a condition guide (SLUG, e.g. type-2-diabetes) as a FHIR\n" +
				"QuestionnaireResponse: the symptoms noticed (the guide's keys), how much it bothers you from 0 to 10, and a\n" +
				"note; it says what was recorded in the guide's words. A time ahead (--at) or a person who died is refused.\n" +
				"checkin list prints them oldest first, in the guide's words (--json: [{\"id\",\"condition\",\"at\",\"symptoms\",\"severity\",\"note\"}]).\n" +
				"checkin conditions lists the guides and their symptom keys."},
		&command{name: "insights", args: "--profile ID [--at TIME]", summary: "show the insight cards for a person", run: runInsights,
			detail: "Computes the Today cards (results, appointments, refills, adherence, portals, home measurements,\n" +
				"check-ins, reminder times). --json prints the cards as [{\"id\",\"kind\",\"title\",\"body\",\"why\",\"severity\",...}]."},
	)
}

// parseDay reads YYYY-MM-DD (midnight in loc; endOfDay: the next midnight) or RFC 3339.
func parseDay(s string, loc *time.Location, endOfDay bool) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	return parseWhen(s, loc)
}

// checkOutputs refuses, before the vault is opened, an output path that exists and is not a
// regular file (a device, a FIFO, a folder): the writer refuses it too, and this way the
// vault is not even opened.
func (c *call) checkOutputs(paths ...string) error {
	// Where each file would land, through symbolic links: a file inside the vault's folder
	// would replace the vault's own files ('export --out DATA/vault.key' left a vault nobody
	// could open, not even with the recovery code) and put plaintext beside it; two outputs
	// of one command naming one file left a .pdf holding JSON (F159). Refused before anything
	// is written or the vault opened.
	vault := ""
	if d, err := c.dir(); err == nil {
		vault = d
	}
	seen := map[string]string{}
	for _, p := range paths {
		if p == "" {
			continue
		}
		if err := inputfile.Check(p); errors.Is(err, inputfile.ErrNotRegular) {
			return fmt.Errorf("%s: %w", p, err)
		}
		if err := hhvault.NotInVaultFolder(vault, p); err != nil {
			return err
		}
		at := resolvedPath(p)
		if q, ok := seen[at]; ok {
			return usagef("%s and %s are one file: give each output its own name", q, p)
		}
		seen[at] = p
	}
	return nil
}

// resolvedPath is hhvault.ResolvedPath: the absolute path p names, links resolved.
func resolvedPath(p string) string { return hhvault.ResolvedPath(p) }

func runSummary(ctx context.Context, c *call) error {
	var profile, from, to, out, fhirOut string
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "person")
		fs.StringVar(&from, "from", "", "start of the period")
		fs.StringVar(&to, "to", "", "end of the period (included)")
		fs.StringVar(&out, "out", "", "PDF file to write")
		fs.StringVar(&fhirOut, "fhir", "", "FHIR Bundle file to write")
	}); err != nil {
		return err
	}
	if profile == "" || from == "" || to == "" || out == "" {
		return usagef("--profile, --from, --to and --out are needed")
	}
	f, err := parseDay(from, time.UTC, false)
	if err != nil {
		return usagef("--from: %v", err)
	}
	t, err := parseDay(to, time.UTC, true)
	if err != nil {
		return usagef("--to: %v", err)
	}
	if err := checkWindow(f, t, maxSummaryYears, time.Now().AddDate(1, 0, 1)); err != nil {
		return err
	}
	if err := c.checkOutputs(out, fhirOut); err != nil {
		return err
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	if err := hhvault.NotInSharedFolder(v, out, fhirOut); err != nil {
		return err
	}
	loc := c.zoneFor(v, profile)
	f, _ = parseDay(from, loc, false)
	t, _ = parseDay(to, loc, true)
	s, err := journey.BuildSummary(ctx, v, profile, f, t, time.Now().In(loc), journey.LoadOptions{Device: c.device()})
	if err != nil {
		return err
	}
	// The PDF and the FHIR file are both written or neither (F77: on a full disk the FHIR file
	// failed and the plaintext PDF was left behind a command that said it failed).
	files := []*atomicfile.File{}
	defer func() {
		for _, f := range files {
			f.Abort()
		}
	}()
	pf, err := atomicfile.New(out)
	if err != nil {
		return fmt.Errorf("writing the output file: %w", err)
	}
	files = append(files, pf)
	if err := journey.WritePDF(pf, s); err != nil {
		return err
	}
	if fhirOut != "" {
		// written as it is made (WriteBundle): a summary of 40,000 results is not held whole
		jf, err := atomicfile.New(fhirOut)
		if err != nil {
			return fmt.Errorf("writing the output file: %w", err)
		}
		files = append(files, jf)
		if err := s.WriteBundle(jf); err != nil {
			return err
		}
	}
	if err := atomicfile.CommitAll(files...); err != nil {
		return fmt.Errorf("writing the output file: %w", err)
	}
	if c.json {
		return c.printJSON(map[string]string{"pdf": out, "fhir": fhirOut})
	}
	textf(c.env.Stdout, "wrote %s", out)
	if fhirOut != "" {
		textf(c.env.Stdout, " and %s", fhirOut)
	}
	textln(c.env.Stdout)
	return nil
}

type checkinJSON struct {
	ID        string   `json:"id"`
	Condition string   `json:"condition"`
	At        string   `json:"at"`
	Symptoms  []string `json:"symptoms"`
	Severity  int      `json:"severity"`
	Note      string   `json:"note,omitempty"`
}

func toCheckinJSON(ci journey.CheckIn, loc *time.Location) checkinJSON {
	syms := ci.Symptoms
	if syms == nil {
		syms = []string{}
	}
	return checkinJSON{ID: ci.ID.Type + "/" + ci.ID.ID, Condition: ci.Slug, At: ci.At.In(loc).Format(time.RFC3339),
		Symptoms: syms, Severity: ci.Severity, Note: ci.Note}
}

func runCheckin(ctx context.Context, c *call) error {
	var profile, slug, symptoms, note, at string
	severity := -1
	if err := c.bind(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "person")
		fs.StringVar(&slug, "condition", "", "condition guide")
		fs.StringVar(&symptoms, "symptoms", "", "symptom keys, comma-separated")
		fs.IntVar(&severity, "severity", -1, "0 to 10")
		fs.StringVar(&note, "note", "", "free note")
		fs.StringVar(&at, "at", "", "when (default now)")
	}); err != nil {
		return err
	}
	if len(c.args) == 0 {
		return usagef("say add, list or conditions")
	}
	sub := c.args[0]
	if len(c.args) > 1 {
		return usagef("unexpected argument %q", c.args[1])
	}
	if sub == "conditions" {
		return checkinConditions(c)
	}
	if sub != "add" && sub != "list" {
		return usagef("unknown checkin command %q", sub)
	}
	if profile == "" {
		return usagef("--profile is needed")
	}
	if sub == "add" {
		if slug == "" || severity < 0 {
			return usagef("--condition and --severity are needed")
		}
		if severity > 10 {
			return usagef("--severity must be between 0 and 10")
		}
	}
	v, err := c.openProfile(profile) // an unknown person is exit 1 for list too (F126)
	if err != nil {
		return err
	}
	defer v.Close()
	loc := c.zoneFor(v, profile)
	if sub == "list" {
		list, err := journey.CheckIns(ctx, v, profile, slug)
		if err != nil {
			return err
		}
		if c.json {
			out := []checkinJSON{}
			for _, ci := range list {
				out = append(out, toCheckinJSON(ci, loc))
			}
			return c.printJSON(out)
		}
		// In the Timeline's words, not the guide's slug and symptom keys (F126): "5 Dec 2026,
		// 21:57  Asthma  bothered 3 of 10  A whistling sound when breathing (wheezing)  note".
		tw := newTabs(c.env.Stdout)
		for _, ci := range list {
			title, syms := checkinWords(ci)
			textf(tw, "%s\t%s\tbothered %d of 10\t%s\t%s\n", health.DateTimeWords(ci.At.In(loc)), title, ci.Severity,
				strings.Join(syms, "; "), ci.Note)
		}
		return tw.Flush()
	}
	when, err := atOrNow(at, loc)
	if err != nil {
		return err
	}
	// How the person feels now or earlier: not a time ahead (a dose taken in the future is
	// refused too), and nothing for a person who died (the app offers them no check-in) — the
	// line names neither the person nor the date (F126).
	if when.After(time.Now().Add(time.Minute)) {
		return usagef("--at is in the future: a check-in says how the person feels now or felt earlier")
	}
	if d, err := journey.PersonDeath(ctx, v, profile, time.Now().In(c.zoneFor(v, profile))); err != nil {
		return err
	} else if d.Deceased {
		return errors.New("the records say this person has died: no check-in was added")
	}
	var keys []string
	if symptoms != "" {
		keys = strings.Split(symptoms, ",")
	}
	ci, err := journey.AddCheckIn(ctx, v, journey.NewCheckIn{Profile: profile, Slug: slug, At: when, Symptoms: keys, Severity: severity, Note: note})
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return errors.New("no such profile")
		}
		return err
	}
	if c.json {
		return c.printJSON(toCheckinJSON(ci, loc))
	}
	// What was recorded, in words, never the record's id (F126).
	title, syms := checkinWords(ci)
	line := fmt.Sprintf("Recorded: %s check-in, %s, bothered %d of 10", title, health.DateTimeWords(ci.At.In(loc)), ci.Severity)
	if len(syms) > 0 {
		line += ": " + strings.Join(syms, "; ")
	}
	textln(c.env.Stdout, line+".")
	return nil
}

// checkinWords is a check-in's guide and symptoms in the guide's words ("Asthma", "A whistling
// sound when breathing (wheezing)"), as the Timeline says them; a key no guide knows stays.
func checkinWords(ci journey.CheckIn) (string, []string) {
	g := guides.BySlug(ci.Slug)
	if g == nil {
		return ci.Slug, ci.Symptoms
	}
	text := map[string]string{}
	for _, s := range g.Symptoms {
		text[s.Key] = s.Text
	}
	syms := make([]string, 0, len(ci.Symptoms))
	for _, k := range ci.Symptoms {
		if t := text[k]; t != "" {
			k = t
		}
		syms = append(syms, k)
	}
	return g.Title, syms
}

func checkinConditions(c *call) error {
	all, err := journeyGuides()
	if err != nil {
		return err
	}
	if c.json {
		type sym struct{ Key, Text string }
		type g struct {
			Slug     string `json:"slug"`
			Title    string `json:"title"`
			Symptoms []sym  `json:"symptoms"`
		}
		out := []g{}
		for _, x := range all {
			item := g{Slug: x.Slug, Title: x.Title}
			for _, s := range x.Symptoms {
				item.Symptoms = append(item.Symptoms, sym{s.Key, s.Text})
			}
			out = append(out, item)
		}
		return c.printJSON(out)
	}
	for _, x := range all {
		var keys []string
		for _, s := range x.Symptoms {
			keys = append(keys, s.Key)
		}
		textf(c.env.Stdout, "%-24s %s\n", x.Slug, strings.Join(keys, ","))
	}
	return nil
}

func runInsights(ctx context.Context, c *call) error {
	var profile, at string
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "person")
		fs.StringVar(&at, "at", "", "as of (default now)")
	}); err != nil {
		return err
	}
	if profile == "" {
		return usagef("--profile is needed")
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	now, err := atOrNow(at, c.zoneFor(v, profile))
	if err != nil {
		return err
	}
	e := &journey.Engine{Load: journey.LoadOptions{Device: c.device()}}
	cards, err := e.Cards(ctx, v, profile, now)
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return errors.New("no such profile")
		}
		return err
	}
	if c.json {
		if cards == nil {
			cards = []journey.Card{}
		}
		return c.printJSON(cards)
	}
	if len(cards) == 0 {
		if d, err := journey.PersonDeath(ctx, v, profile, now); err == nil && d.Deceased {
			textln(c.env.Stdout, d.Words()+" — no reminders or cards.")
		} else {
			textln(c.env.Stdout, "Nothing to show now.")
		}
	}
	for _, cd := range cards {
		textf(c.env.Stdout, "[%s] %s\n  %s\n", cd.Severity, cd.Title, cd.Body)
		// Why the card is there, as the app's "Why am I seeing this?" says it (F167).
		for _, w := range cd.Why {
			textf(c.env.Stdout, "  · %s\n", w)
		}
	}
	return nil
}

func journeyGuides() ([]*guides.Guide, error) { return guides.All() }
