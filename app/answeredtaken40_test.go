package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"

	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"
)

// F537: a dose given on another computer of the household said on Today only when it was
// answered there ("taken · answered by Anna's laptop at 15:31"): a carer read that as when it
// was taken. Today says the time taken and, apart, when it was answered, as `today` says it
// (remind.TakenWords).
func TestToday_AnsweredElsewhereSaysWhenTaken(t *testing.T) {
	rig := newRemindRig(t, at(8, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	cfg := hhvault.Config{Folder: t.TempDir()}
	hh, err := hhvault.Create(u.ctx, u.vault, cfg, nil, "Family", "Kitchen laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	odir, _ := newVault(t)
	other, err := storage.Open(odir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	code, _, err := hh.Invite(u.ctx, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	joined := make(chan error, 1)
	var oh *household.Household
	go func() {
		var err error
		oh, err = hhvault.Join(u.ctx, other, cfg, nil, code, "Anna's laptop", time.Minute, time.Now)
		joined <- err
	}()
	for done := false; !done; {
		if _, err := hhvault.Exchange(u.ctx, u.vault, hh, time.Now()); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-joined:
			if err != nil {
				t.Fatal(err)
			}
			done = true
		case <-time.After(100 * time.Millisecond):
		}
	}
	if _, err := hhvault.Exchange(u.ctx, other, oh, time.Now()); err != nil {
		t.Fatal(err)
	}
	// The 08:00 dose: skipped here at 08:02, given on Anna's laptop at 08:10.
	var dose remind.DoseStatus
	for _, ds := range u.rem.engine().DoseStates(mum, at(0, 0), at(24, 0)) {
		if ds.Due.Equal(at(8, 0)) {
			dose = ds
		}
	}
	if dose.Med == nil {
		t.Fatal("no 08:00 dose")
	}
	model, err := remind.Load(u.ctx, other, remind.LoadOptions{Device: time.UTC, Now: at(8, 10)})
	if err != nil {
		t.Fatal(err)
	}
	med := model.Medicine(mum, dose.Med.Ref)
	if med == nil {
		t.Fatal("Anna's laptop does not have Mum's Metformin")
	}
	if _, err := remind.RecordDose(u.ctx, other, med, remind.DoseAction{Profile: mum, Ref: med.Ref, Occurrence: dose.Occurrence,
		Scheduled: dose.Due, When: at(8, 10)}); err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(u.ctx, other, oh, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(u.ctx, u.vault, hh, time.Now()); err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)
	u.idle()
	u.rem.engine().Reload() // as after an exchange
	rig.advance(at(8, 30))
	u.rem.refresh()
	u.idle()
	var all []string
	forEachText(rig.showToday().view(), func(t *canvas.Text) { all = append(all, t.Text) })
	texts := strings.Join(strings.Fields(strings.Join(all, " ")), " ")
	// Given at 08:10 on Anna's laptop, answered there later: the time it was taken, not only
	// when it was answered (F537).
	want := "08:00 Metformin 500 mg: taken at 08:10 — answered on Anna's laptop at"
	if !strings.Contains(texts, want) {
		t.Errorf("Today does not say %q:\n%s", want, strings.Join(all, "\n"))
	}
}
