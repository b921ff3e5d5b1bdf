package journey

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// TestCardsStreamedLikeLoaded: the cards read with the observations streamed (Engine.Cards)
// are the cards of the person's data loaded whole (Load, CardsFor): result changes, home
// measurements and new portal records included.
func TestCardsStreamedLikeLoaded(t *testing.T) {
	ctx := context.Background()
	r := richPerson(t)
	v, profiles := vault(t)
	type person struct {
		name, profile string
		nows          []time.Time
	}
	people := []person{{"rich", r.profile, []time.Time{richNow, richNow.AddDate(0, 0, 20)}}}
	for name, p := range profiles {
		now := nowFor(t, name)
		people = append(people, person{name, p, []time.Time{now, now.AddDate(0, 0, -400), now.AddDate(0, 0, 400)}})
	}
	kinds := map[string]bool{}
	for _, p := range people {
		vv, e := v, &Engine{Load: LoadOptions{Device: time.UTC}}
		if p.name == "rich" {
			vv, e = r.v, r.engine
		}
		for _, now := range p.nows {
			streamed, err := e.Cards(ctx, vv, p.profile, now)
			if err != nil {
				t.Fatal(err)
			}
			opt := e.Load
			opt.Types = CardTypes
			d, err := Load(ctx, vv, p.profile, now, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.OfType("Observation")) == 0 {
				t.Fatalf("%s: Load must keep the observations", p.name)
			}
			hidden, err := hiddenCards(ctx, vv, p.profile, now)
			if err != nil {
				t.Fatal(err)
			}
			if loaded := e.CardsFor(d, hidden); !reflect.DeepEqual(streamed, loaded) {
				t.Errorf("%s at %s: streamed cards\n%s\nloaded\n%s", p.name, now, dump(streamed), dump(loaded))
			}
			for _, c := range streamed {
				kinds[c.Kind] = true
			}
		}
	}
	for _, k := range []string{"result-change", "portal-new-records", "home-measurement"} {
		if !kinds[k] {
			t.Errorf("no %s card compared: %v", k, kinds)
		}
	}
}
