package intake

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/journey"
	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F171: the specification's example lab card (dr-bundle.json) names its results relative to
// its entries' fullUrls ("Observation/o1" in an entry of https://example.com/base/…): each
// resource gets a new id at import, and those references pointed at nothing, so the report
// and its panels named no stored result and 'results' said '(39 results could not be read)'.
// Resolved against the entry's fullUrl base (FHIR Bundle rules), they name the stored records.
// F251: imported as a person would, without --profile — the card holds no Patient, its records
// name "Patient/pat2" and wait in a new unnamed person — its panels, which name no one, went to
// the shared records, and the 39 results they list were still left unread.
func TestHealthCardRelativeReferences(t *testing.T) {
	for _, chosen := range []bool{true, false} {
		name := "into a person chosen"
		if !chosen {
			name = "as a new person"
		}
		t.Run(name, func(t *testing.T) { healthCardRelativeReferences(t, chosen) })
	}
}

func healthCardRelativeReferences(t *testing.T, chosen bool) {
	v := newVault(t)
	jws := shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "dr-bundle.json"),
		shctest.Claims{Nbf: now.Add(-time.Hour), Types: []string{shc.HealthCardType, "https://smarthealth.cards#laboratory"}})
	opt := Options{Options: cksync.Options{Now: clock}, Issuers: []shc.Issuer{shctest.Trusted(t)}}
	if chosen {
		p, err := v.AddProfile("Card Holder", "1960-05-01")
		if err != nil {
			t.Fatal(err)
		}
		opt.Profile = p.ID
	}
	s, err := importPath(t, v, write(t, "lab.smart-health-card", shctest.File(jws)), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.People) != 1 {
		t.Fatalf("the card's records went to %d people, want 1", len(s.People))
	}
	p, err := v.Profile(s.People[0])
	if err != nil {
		t.Fatal(err)
	}
	shared := 0
	err = v.Records(ctx, storage.Query{Profile: storage.SharedProfile}, func(r *storage.Record) error {
		shared++
		return nil
	})
	if err != nil || shared != 0 {
		t.Errorf("%d of the card's records kept as nobody's (%v), want all %s's", shared, err, p.Name)
	}

	stored := map[string]bool{}
	var refs []string // every reference of the card's resources to a resource the card holds
	err = v.Records(ctx, storage.Query{Profile: p.ID}, func(r *storage.Record) error {
		stored[r.ID.Type+"/"+r.ID.ID] = true
		var res struct {
			Result    []struct{ Reference string } `json:"result"`
			HasMember []struct{ Reference string } `json:"hasMember"`
			Specimen  json.RawMessage              `json:"specimen"`
		}
		if err := json.Unmarshal(r.Resource, &res); err != nil {
			return err
		}
		for _, x := range append(res.Result, res.HasMember...) {
			refs = append(refs, x.Reference)
		}
		var one struct{ Reference string }
		var many []struct{ Reference string }
		if json.Unmarshal(res.Specimen, &one) == nil && one.Reference != "" {
			refs = append(refs, one.Reference)
		} else if json.Unmarshal(res.Specimen, &many) == nil {
			for _, x := range many {
				refs = append(refs, x.Reference)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) < 40 {
		t.Fatalf("%d references to results and specimens; the card has more", len(refs))
	}
	for _, ref := range refs {
		if !stored[ref] {
			t.Errorf("reference %q names no stored record", ref)
		}
	}

	rs, err := journey.Results(ctx, v, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Unreadable != 0 || len(rs[0].Series) == 0 {
		t.Fatalf("results: %d people; want 1 with no result left unread, got %+v", len(rs), rs)
	}
	var hb string
	for _, s := range rs[0].Series {
		if s.Code == "http://loinc.org|718-7" {
			pt := s.Latest()
			hb = s.ReadingWords(pt) + " on " + pt.T.Format("2006-01-02")
		}
	}
	if !strings.HasPrefix(hb, "176 g/L on 2015-08-1") {
		t.Errorf("haemoglobin: %q, want 176 g/L dated by its report", hb)
	}
}
