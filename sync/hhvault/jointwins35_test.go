package hhvault

import (
	"context"
	"errors"
	"testing"
	"time"

	"carekeeper/storage"
)

// F464: `household same-person --keep <Rose> --from <Lily> --yes` joined twins — one birth date
// and family name, two given names — into one girl, Lily's weights and peak flows in Rose's
// charts. Only one person recorded twice is joined: the same name (case, spacing, accents
// aside), or one leaving out a given name of the other; two names are two people, and nothing
// moves.
func TestJoinRefusesTwoPeopleOfDifferentNames(t *testing.T) {
	for _, tc := range []struct {
		keep, from string
		joined     bool
	}{
		{"Rose Lindqvist", "Lily Lindqvist", false},
		{"Jo Smith", "Jo Smyth", false},
		{"Lily Rose Moreno", "Lily Moreno", true},
		{"Ada Ngozi Okafor", "ada  OKAFOR", true},
		{"José Núñez", "Jose Nunez", true},
	} {
		t.Run(tc.keep+"/"+tc.from, func(t *testing.T) {
			ctx := context.Background()
			v := openVault(t)
			keep, err := v.AddProfile(tc.keep, "2019-05-03")
			if err != nil {
				t.Fatal(err)
			}
			from, err := v.AddProfile(tc.from, "2019-05-03")
			if err != nil {
				t.Fatal(err)
			}
			r, err := storage.NewRecord(from.ID, storage.ID{Source: "https://clinic.example/fhir", Type: "Observation", ID: "w1"},
				[]byte(`{"resourceType":"Observation","id":"w1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2026-12-04T10:00:00Z","valueQuantity":{"value":48.9,"unit":"[lb_av]"}}`))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Write(ctx, &storage.Batch{Now: time.Now(), Records: []storage.Record{r}}); err != nil {
				t.Fatal(err)
			}
			_, err = JoinPeople(ctx, v, nil, keep.ID, from.ID)
			got, gerr := v.Get(r.ID)
			ps, _ := v.Profiles()
			if tc.joined {
				if err != nil || gerr != nil || got.Profile != keep.ID || len(ps) != 1 {
					t.Fatalf("not joined: %v; the reading is %+v (%v); %d people", err, got, gerr, len(ps))
				}
				return
			}
			if !errors.Is(err, ErrNotJoined) {
				t.Fatalf("joined two people of different names: %v", err)
			}
			if gerr != nil || got.Profile != from.ID || len(ps) != 2 {
				t.Errorf("something moved: the reading is %+v (%v); %d people", got, gerr, len(ps))
			}
		})
	}
}
