package app

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/hhvault"
)

// F341: a medicine stopped on one computer while its times were set on another before they
// exchanged stayed stopped on both with no reminders, and the household line said nothing.
// Settings → Household says it once, as a dose skipped here and given there (F327).
func TestHousehold_SaysAMedicineStoppedWhileItsTimesWereSetElsewhere(t *testing.T) {
	u := unlocked(t)
	cfg := hhvault.Config{Folder: t.TempDir()}
	hh, err := hhvault.Create(u.ctx, u.vault, cfg, nil, "Family", "Kitchen", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	grace, err := u.vault.AddProfile("Grace Okafor", "1950-01-01")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	last := hhvault.LoadLast(u.vault)
	last.Stopped = []hhvault.StoppedWhileSet{{Person: "Grace Okafor", Profile: grace.ID, Medicine: "Warfarin 5 mg tablet", MedKey: "k",
		StoppedAt: now.Add(-time.Minute), TimesBy: "bedroom-device", TimesAt: now, Times: "once a day at 19:00", Learned: now}}
	b, _ := json.Marshal(last)
	if err := u.vault.UpdateState(u.ctx, storage.StateOp{Key: hhvault.LastKey, Value: b}); err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)
	u.idle()
	s := u.shell
	s.restale()
	s.show(scSettings)
	u.idle()
	shown := strings.Join(strings.Fields(strings.Join(shownTexts(u.win), " ")), " ")
	want := "Warfarin 5 mg tablet for Grace Okafor was stopped on this computer at " + now.Add(-time.Minute).Local().Format("15:04") +
		" and its times were set to once a day at 19:00 on another device of the household at " + now.Local().Format("15:04") + ", after the stop: it stays stopped, with no reminders"
	if !strings.Contains(shown, want) {
		t.Errorf("Settings says %q\nwant %q", shown, want)
	}
}
