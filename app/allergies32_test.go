package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/health"
	"carekeeper/storage"

	"fyne.io/fyne/v2/theme"
)

// F403: a child's confirmed peanut allergy with anaphylaxis, of high risk, was on no screen
// but a Timeline row with a question-mark icon. Conditions now lists allergies first, with
// the reaction and the risk, the high-risk one marked; Timeline gives allergies a warning
// icon.
func TestConditions_AllergiesListedWithReactionAndRisk(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Lily", "m1", "Paracetamol 120 mg/5 mL", twiceDaily})
	u, lily := rig.u, rig.people["Lily"]
	var recs []storage.Record
	for id, js := range map[string]string{
		"peanut": `{"resourceType":"AllergyIntolerance","id":"peanut","code":{"coding":[{"system":"http://snomed.info/sct","code":"91935009","display":"Peanut"}]},"criticality":"high","verificationStatus":{"coding":[{"code":"confirmed"}]},"clinicalStatus":{"coding":[{"code":"active"}]},"onsetDateTime":"2021-06-01","reaction":[{"manifestation":[{"coding":[{"display":"Anaphylaxis"}]}],"severity":"severe"}]}`,
		"ear":    `{"resourceType":"Condition","id":"ear","code":{"text":"Ear infection"},"clinicalStatus":{"coding":[{"code":"active"}]},"onsetDateTime":"2026-02-20"}`,
	} {
		typ := "AllergyIntolerance"
		if id == "ear" {
			typ = "Condition"
		}
		r, err := storage.NewRecord(lily, storage.ID{Source: "clinic", Type: typ, ID: id}, []byte(js))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.choose(lily)
	s.load()
	u.idle()
	s.restale()
	s.show(scConditions)
	u.idle()
	cp := s.pages[scConditions].(*conditionsPage)
	var got []string
	for _, r := range cp.rows {
		got = append(got, r.Title+" | "+r.Sub)
	}
	want := []string{
		"Allergies | 1 allergy, of high risk",
		"Peanut — anaphylaxis; high risk | Current · since 1 Jun 2021 · from clinic",
		"Conditions | 1 current, 0 past",
	}
	if len(got) < 4 || strings.Join(got[:3], "\n") != strings.Join(want, "\n") || !strings.HasPrefix(got[3], "Ear infection") {
		t.Errorf("Conditions rows:\n%s\nwant first:\n%s\nthen Ear infection", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(cp.rows) > 1 && !cp.rows[1].Warn {
		t.Error("the high-risk allergy is not marked")
	}
	if !strings.Contains(cp.frame.sub.Text, "1 allergy, of high risk") {
		t.Errorf("header %q does not count the allergy", cp.frame.sub.Text)
	}
	if ic := kindIcon(health.KindAllergy); ic.Name() == theme.QuestionIcon().Name() {
		t.Error("Timeline gives an allergy the question-mark icon")
	}
}
