package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/storage"
)

// F505 (cards): with Mum and Dad in CareKeeper, Mum's card said "Your hemoglobin is below its
// range" to whoever looks after her. While the vault holds more than one person (or is in a
// household) the app asks the cards to name the person (journey.LoadOptions.NameThePerson);
// with one person they still speak to them.
func TestInsights_CardsNameThePersonForACarer(t *testing.T) {
	for _, tc := range []struct {
		name string
		meds []medFixture
		want string
		not  string
	}{
		{"two people", []medFixture{{"Mum", "m1", "Metformin 500 mg", twiceDaily}, {"Dad", "m2", "Ramipril 5 mg", twiceDaily}}, "Mum's hemoglobin is below", "Your hemoglobin is below"},
		{"one person", []medFixture{{"Mum", "m1", "Metformin 500 mg", twiceDaily}}, "Your hemoglobin is below", "Mum's hemoglobin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newRemindRig(t, at(9, 0), tc.meds...)
			u := rig.u
			mum := rig.people["Mum"]
			var recs []storage.Record
			for _, o := range []struct {
				id, when, value string
			}{{"hb0", "2024-02-01T08:00:00Z", "13.5"}, {"hb1", at(7, 0).Format("2006-01-02T15:04:05Z07:00"), "9.1"}} {
				res := `{"resourceType":"Observation","id":"` + o.id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"718-7","display":"Hemoglobin [Mass/volume] in Blood"}]},` +
					`"subject":{"reference":"Patient/p1"},"effectiveDateTime":"` + o.when + `",` +
					`"valueQuantity":{"value":` + o.value + `,"unit":"g/dL","system":"http://unitsofmeasure.org","code":"g/dL"},` +
					`"referenceRange":[{"low":{"value":12,"unit":"g/dL"},"high":{"value":16,"unit":"g/dL"}}]}`
				rec, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: o.id}, []byte(res))
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, rec)
			}
			if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
				t.Fatal(err)
			}
			u.shell.choose(mum)
			u.idle()
			rig.showToday()
			all := strings.Join(shownTexts(u.win), "\n")
			if !strings.Contains(all, tc.want) || strings.Contains(all, tc.not) {
				t.Errorf("Mum's Today (%s): want %q, not %q:\n%s", tc.name, tc.want, tc.not, all)
			}
		})
	}
}
