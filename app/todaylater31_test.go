package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/storage"

	"fyne.io/fyne/v2/canvas"
)

// F352 (Today): a blood pressure dated 21:00 today, read at 09:00, was Today's "Latest blood
// pressure" ("130/85 mmHg · 2 Mar 2026") while Results' Latest was the one before it: Today
// says the latest taken, as Results does.
func TestToday_LatestBloodPressureNotLaterToday(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	mum := rig.people["Mum"]
	var recs []storage.Record
	for id, c := range map[string][3]string{"b1": {"2012-09-17T10:00:00Z", "107", "60"}, "b2": {"2026-03-02T21:00:00Z", "130", "85"}} {
		r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: id}, []byte(`{"resourceType":"Observation","id":"`+id+
			`","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}]},"effectiveDateTime":"`+c[0]+
			`","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":`+c[1]+`,"unit":"mm[Hg]","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},`+
			`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":`+c[2]+`,"unit":"mm[Hg]","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}`))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := rig.u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	u := rig.u
	u.shell.choose(mum)
	u.shell.load()
	u.idle()
	u.shell.restale()
	u.shell.show(scToday)
	u.idle()
	var all []string
	forEachText(u.shell.pages[scToday].view(), func(t *canvas.Text) { all = append(all, t.Text) })
	texts := strings.Join(all, "\n")
	if !strings.Contains(texts, "Latest blood pressure") {
		t.Fatalf("no latest blood pressure on Today:\n%s", texts)
	}
	if strings.Contains(texts, "130/85 mmHg · 2 Mar 2026") || !strings.Contains(texts, "107/60 mmHg · 17 Sep 2012") {
		t.Errorf("Today's latest blood pressure is not the one taken:\n%s", texts)
	}
}
