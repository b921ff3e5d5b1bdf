package journey

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// EnteredReading is a reading the person entered here (Add measurement), as Results' "Readings
// you entered" and `results entered` list it, each of which may be deleted (DeleteReading).
type EnteredReading struct {
	Ref   string     // "Observation/<id>"
	Key   health.Key // its record
	Name  string     // the series' name: "Body weight"
	Value string     // "47 kg", "130/85 mmHg"
	At    time.Time
	// When is when it was taken, in words on the person's clock: "6 Dec 2026, 13:30".
	When string
}

// Words are the reading in words: "Body weight 47 kg, 6 Dec 2026, 13:30".
func (r EnteredReading) Words() string { return r.Name + " " + r.Value + ", " + r.When }

// EnteredReadings are the readings of series the person entered here (CareKeeper's own
// records), newest first, with their times in loc.
func EnteredReadings(series []*health.Series, loc *time.Location) []EnteredReading {
	var out []EnteredReading
	for _, se := range series {
		for _, pt := range se.Points().All() {
			if pt.Key.Source != storage.AppSource {
				continue
			}
			cp := health.ChartPoint{T: pt.T, Precision: pt.Precision, DateOnly: pt.DateOnly}
			out = append(out, EnteredReading{Ref: pt.Key.Type + "/" + pt.Key.ID, Key: pt.Key, Name: se.PlainName(),
				Value: se.ReadingWords(pt), At: pt.T, When: cp.WhenIn(loc)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out
}

// NotEnteredError refuses to delete a reading that came from a provider, a file or a health
// card: only one the person entered here may be deleted; the others are their source's to
// correct, and would come back at its next import or sync.
type NotEnteredError struct {
	Ref   string
	Where string // health.Where.Words: "from Riverside Clinic", "imported from a file on 3 Dec 2026"
}

func (e *NotEnteredError) Error() string {
	how := "it was " + e.Where
	if strings.HasPrefix(e.Where, "from ") {
		how = "it came " + e.Where
	}
	return fmt.Sprintf("not deleted: %s was not entered by hand here (%s); only a reading entered here can be deleted, "+
		"as one from a provider or a file is theirs to correct and would come back at the next import or sync", e.Ref, how)
}

// ErrNoSuchReading: the person has no reading of that reference.
var ErrNoSuchReading = errors.New("no such reading")

// FindReading is profile's stored Observation ref ("Observation/<id>", or the id alone) of any
// source, with where it came from (portals: source → portal name, for its words). A deleted
// one is found too (Meta.Deleted set).
func FindReading(ctx context.Context, v *storage.Vault, profile, ref string, portals map[string]string) (*storage.Record, health.Where, error) {
	id := strings.TrimPrefix(strings.TrimSpace(ref), "Observation/")
	if id == "" || strings.Contains(id, "/") {
		return nil, health.Where{}, fmt.Errorf("%q is not a reading: give it as Observation/<id> (results entered lists them): %w", ref, ErrNoSuchReading)
	}
	var found *storage.Record
	err := v.Records(ctx, storage.Query{Profile: profile, Type: "Observation", MetaOnly: true}, func(r *storage.Record) error {
		if r.ID.ID == id && (found == nil || r.ID.Source == storage.AppSource) {
			c := *r
			found = &c
		}
		return nil
	})
	if err != nil {
		return nil, health.Where{}, err
	}
	if found == nil {
		return nil, health.Where{}, fmt.Errorf("this person has no reading Observation/%s (results entered lists the readings entered here): %w", id, ErrNoSuchReading)
	}
	w := health.Where{Source: found.ID.Source, File: found.Meta.File, Imported: found.Meta.ImportedAt, Portal: portals[found.ID.Source]}
	if found.Meta.Card != nil {
		w.CardIssuer, w.CardChecked = found.Meta.Card.Issuer, found.Meta.Card.Verified
	}
	return found, w, nil
}

// DeleteReading deletes a reading profile entered here (id, CareKeeper's own Observation), as
// Results → Show the readings → Delete… does: it is marked deleted in the vault
// (storage.Batch.Deleted), so it leaves the chart, the latest, the Timeline, the visit summary
// and the exports, and goes so on the household's other devices. It cannot be brought back.
// A reading from anywhere else is refused (NotEnteredError, with where in loc's words).
func DeleteReading(ctx context.Context, v *storage.Vault, id storage.ID, where health.Where, now time.Time, loc *time.Location) error {
	if id.Source != storage.AppSource || id.Type != "Observation" {
		return &NotEnteredError{Ref: id.Type + "/" + id.ID, Where: where.Words(loc)}
	}
	if _, err := v.Write(ctx, &storage.Batch{Deleted: []storage.ID{id}, Now: now, Durable: true}); err != nil {
		return fmt.Errorf("deleting the reading: %w", err)
	}
	return nil
}
