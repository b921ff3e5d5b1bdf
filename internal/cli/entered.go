package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/journey"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

type enteredJSON struct {
	Ref     string `json:"ref"`
	Name    string `json:"name"`
	Value   string `json:"value"`
	At      string `json:"at"`
	Deleted bool   `json:"deleted,omitempty"`
}

func toEnteredJSON(r journey.EnteredReading) enteredJSON {
	return enteredJSON{Ref: r.Ref, Name: r.Name, Value: r.Value, At: r.At.Format(time.RFC3339)}
}

// enteredOf is profile's readings entered by hand (journey.EnteredReadings), their times on
// the person's clock.
func (c *call) enteredOf(ctx context.Context, v *storage.Vault, profile string) ([]journey.EnteredReading, error) {
	people, err := journey.Results(ctx, v, profile)
	if err != nil {
		return nil, err
	}
	var out []journey.EnteredReading
	for _, pr := range people {
		out = append(out, journey.EnteredReadings(pr.Series, c.zoneFor(v, pr.Profile))...)
	}
	return out, nil
}

// runResultsEntered lists the readings profile entered by hand, as the app's Results → Show the
// readings → Readings entered in CareKeeper does, each with the ref 'results delete' takes (F400).
func runResultsEntered(ctx context.Context, c *call, profile string) error {
	if profile == "" {
		return usagef("--profile is required")
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	rs, err := c.enteredOf(ctx, v, profile)
	if err != nil {
		return err
	}
	if c.json {
		out := make([]enteredJSON, 0, len(rs))
		for _, r := range rs {
			out = append(out, toEnteredJSON(r))
		}
		return c.printJSON(out)
	}
	if len(rs) == 0 {
		textln(c.env.Stdout, "No readings entered by hand: the readings from records and files are their source's to correct.")
		return nil
	}
	tw := newTabs(c.env.Stdout)
	textf(tw, "REF\tMEASUREMENT\tVALUE\tTAKEN\n")
	for _, r := range rs {
		textf(tw, "%s\t%s\t%s\t%s\n", r.Ref, r.Name, r.Value, r.When)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	textln(c.env.Stdout, "To delete one: carekeeper results delete --profile "+profile+" --ref REF")
	return nil
}

// runResultsDelete deletes a reading the person entered by hand (journey.DeleteReading, the
// app's Delete… under Readings entered in CareKeeper), after asking on a terminal or with --yes; one from
// a provider, a file or a health card is refused with where it came from (F400).
func runResultsDelete(ctx context.Context, c *call, profile, ref string, yes bool) error {
	if profile == "" || ref == "" {
		return usagef("--profile and --ref are needed (results entered --profile ID lists the readings entered by hand)")
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	p, err := v.Profile(profile)
	if err != nil {
		return err
	}
	portals := map[string]string{}
	ps, err := cksync.Portals(ctx, v)
	if err != nil {
		return err
	}
	for _, pt := range ps {
		portals[pt.Source()] = pt.Name
	}
	rec, where, err := journey.FindReading(ctx, v, profile, ref, portals)
	if err != nil {
		return err
	}
	loc := c.zoneFor(v, profile)
	if !rec.Meta.Deleted.IsZero() {
		return fmt.Errorf("nothing deleted: %s/%s was deleted already", rec.ID.Type, rec.ID.ID)
	}
	var what *journey.EnteredReading
	if rec.ID.Source == storage.AppSource {
		rs, err := c.enteredOf(ctx, v, profile)
		if err != nil {
			return err
		}
		for i := range rs {
			if rs[i].Key.ID == rec.ID.ID {
				what = &rs[i]
			}
		}
	}
	now := time.Now()
	if rec.ID.Source != storage.AppSource {
		// refused with where it came from (journey.NotEnteredError)
		return journey.DeleteReading(ctx, v, rec.ID, where, now, loc)
	}
	if what == nil { // entered here, but no reading Results can show (no value or date it reads)
		what = &journey.EnteredReading{Ref: "Observation/" + rec.ID.ID, Name: "the reading", Value: "Observation/" + rec.ID.ID, When: "its date unreadable"}
	}
	if !yes {
		if c.env.ReadPassword == nil {
			return usagef("deleting a reading cannot be undone: add --yes (no terminal to ask on)")
		}
		textf(c.env.Stderr, "Delete %s, entered by you, for %s? It is taken off the chart and the records, and cannot be brought back.\nType yes to delete: ",
			what.Words(), p.Name)
		line, _ := bufio.NewReader(c.env.Stdin).ReadString('\n')
		if strings.TrimSpace(strings.ToLower(line)) != "yes" {
			return errors.New("nothing deleted")
		}
	}
	if err := journey.DeleteReading(ctx, v, rec.ID, where, now, loc); err != nil {
		return err
	}
	if c.json {
		j := toEnteredJSON(*what)
		j.Deleted = true
		return c.printJSON(j)
	}
	textf(c.env.Stdout, "Deleted %s, entered by you, for %s.\n", what.Words(), p.Name)
	return v.Close()
}
