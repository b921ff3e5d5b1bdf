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

// F383 (2), F327: Mum's 08:00 dose skipped at 08:02 on the kitchen laptop and given at 08:10 on
// Anna's laptop before they exchanged read on the kitchen laptop's Today as only "taken …
// answered by Anna's laptop"; `today` says both answers and which counts. Today says it too.
func TestToday_SaysADoseSkippedHereAndGivenElsewhere(t *testing.T) {
	texts, all := givenOnAnotherComputer(t, true)
	want := "08:00 Metformin 500 mg: skipped at 08:02 on this computer and given at 08:10 on Anna's laptop: it counts as given"
	if !strings.Contains(texts, want) {
		t.Errorf("Today does not say %q:\n%s", want, all)
	}
	if strings.Contains(texts, "08:00 · Metformin 500 mg · skipped") {
		t.Errorf("Today also lists the dose as skipped here:\n%s", all)
	}
}

// givenOnAnotherComputer is the kitchen laptop's Today at 08:30 (its words on one line, and
// one a line) after Mum's 08:00 Metformin was given at 08:10 on Anna's laptop, a computer of
// the same household, and the two exchanged; skippedHere: the kitchen laptop had answered
// Skip at 08:02, before they exchanged.
func givenOnAnotherComputer(t *testing.T, skippedHere bool) (texts, lines string) {
	t.Helper()
	return givenElsewhereAt(t, skippedHere, at(8, 0), at(8, 10))
}

// givenElsewhereAt is givenOnAnotherComputer with Mum's dose of due given at given on Anna's
// laptop; Today is seen at 08:30.
func givenElsewhereAt(t *testing.T, skippedHere bool, due, given time.Time) (texts, lines string) {
	t.Helper()
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
	t.Cleanup(func() { other.Close() })
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
	var dose remind.DoseStatus
	for _, ds := range u.rem.engine().DoseStates(mum, at(0, 0), at(24, 0)) {
		if ds.Due.Equal(due) {
			dose = ds
		}
	}
	if dose.Med == nil {
		t.Fatalf("no dose at %v", due)
	}
	if skippedHere {
		if _, err := remind.RecordDose(u.ctx, u.vault, dose.Med, remind.DoseAction{Profile: mum, Ref: dose.Med.Ref, Occurrence: dose.Occurrence,
			Scheduled: dose.Due, When: at(8, 2), Skip: true}); err != nil {
			t.Fatal(err)
		}
	}
	model, err := remind.Load(u.ctx, other, remind.LoadOptions{Device: time.UTC, Now: given})
	if err != nil {
		t.Fatal(err)
	}
	med := model.Medicine(mum, dose.Med.Ref)
	if med == nil {
		t.Fatal("Anna's laptop does not have Mum's Metformin")
	}
	if _, err := remind.RecordDose(u.ctx, other, med, remind.DoseAction{Profile: mum, Ref: med.Ref, Occurrence: dose.Occurrence,
		Scheduled: dose.Due, When: given}); err != nil {
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
	return strings.Join(strings.Fields(strings.Join(all, " ")), " "), strings.Join(all, "\n")
}
