package app

import (
	"strings"
	"testing"

	"carekeeper/sync/hhvault"
)

// F469: Today on the late father's page showed the household box with his son's lines —
// "Lisinopril 10 mg tablet for Kenji Nakamura was skipped at 17:24 on Kenji's tablet and given
// at 08:10 on this computer …" — above "Kenji Nakamura (born 1946) · Died 14 Sep 2026". On a
// person's page the household box says the household's own lines and that person's only;
// Everyone's says them all.
func TestToday_HouseholdLinesOfAnotherPersonAreNotOnTheirPage(t *testing.T) {
	u := unlocked(t)
	dad, err := u.vault.AddProfile("Kenji Nakamura", "1946-02-11")
	if err != nil {
		t.Fatal(err)
	}
	son, err := u.vault.AddProfile("Kenji Nakamura", "1974-06-30")
	if err != nil {
		t.Fatal(err)
	}
	sonLine := "Lisinopril 10 mg tablet for Kenji Nakamura (born 1974) was skipped at 17:24 on Kenji's tablet and given at 08:10 on this computer"
	st := hhvault.Status{Line: "In step with 1 device, 1 minute ago", Warnings: []string{"Nothing from Kenji's tablet has reached this computer since 09:00", sonLine}}
	u.hh.replacedMu.Lock()
	u.hh.replaced, u.hh.replacedOf, u.hh.generalN = []string{sonLine}, []string{son.ID}, 1
	u.hh.replacedMu.Unlock()
	u.hh.status.Store(&st)
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	for _, c := range []struct {
		who     string
		profile string
		sonSaid bool
	}{{"the father", dad.ID, false}, {"the son", son.ID, true}, {"everyone", "", true}} {
		s.choose(c.profile)
		u.idle()
		s.restale()
		s.show(scToday)
		u.idle()
		got := strings.Join(strings.Fields(visibleTexts(s.views[scToday])), " ")
		if !strings.Contains(got, "Nothing from Kenji's tablet has reached this computer since 09:00") {
			t.Errorf("%s: the household's own line is not said: %q", c.who, got)
		}
		if strings.Contains(got, "Lisinopril 10 mg tablet for Kenji Nakamura (born 1974)") != c.sonSaid {
			t.Errorf("%s: the son's line said %v, want %v: %q", c.who, !c.sonSaid, c.sonSaid, got)
		}
	}
}
