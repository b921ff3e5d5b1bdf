package app

import (
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/internal/testutil/engines"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"

	"fyne.io/fyne/v2/test"
)

// People → Sharing and alerts with the household's WebDAV server down: the app changed the
// other computer's role and closed as if done (the others learnt it whenever the server came
// back), while 'share' refuses. It refuses in the words 'share' uses, and changes nothing.
func TestHousehold_ShareWithTheServerDownRefusesAsTheCLI(t *testing.T) {
	dav := engines.StartRclone(t)
	u := unlocked(t)
	cfg := hhvault.Config{WebDAV: dav.URL, WebDAVUser: dav.User, WebDAVPassword: dav.Password}
	hh, err := hhvault.Create(u.ctx, u.vault, cfg, nil, "Family", "Kitchen laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(u.ctx, u.vault, hh, time.Now()); err != nil {
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
	joinHousehold(u.ctx, t, u.vault, hh, cfg, other, code, "Anna's laptop")
	if _, err := hhvault.Exchange(u.ctx, u.vault, hh, time.Now()); err != nil {
		t.Fatal(err)
	}
	p, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.main.loadPeople(p.ID)
	u.idle()
	s := u.shell
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	roleOf := func() household.Role {
		for _, d := range hh.Devices() {
			if !d.Self {
				return d.Roles[p.ID]
			}
		}
		return "?"
	}
	was := roleOf()

	dav.SetUp(t, false)
	test.Tap(people.shareBt)
	d := people.caregiver
	if len(d.roles) != 1 {
		t.Fatalf("the dialog offers %d other computers, want 1", len(d.roles))
	}
	for _, sel := range d.roles {
		sel.SetSelected("View")
	}
	d.delay.SetSelected("After 2 hours")
	d.dialog.Confirm()
	u.idle()
	host := strings.TrimSuffix(strings.TrimPrefix(dav.URL, "http://"), "/")
	want := "The WebDAV server " + host + " could not be reached (connection refused): nothing was changed; share once it is back."
	shown := strings.Join(strings.Fields(visibleTexts(u.win.Canvas().Overlays().Top())), " ")
	if !strings.Contains(shown, want) {
		t.Errorf("sharing with the server down says %q\nwant %q", shown, want)
	}
	if got := roleOf(); got != was {
		t.Errorf("Anna's role for Dad is %q after a refused share, was %q", got, was)
	}
	if st, _ := remind.LoadSettings(u.vault, p.ID); st.AlertAfterMinutes == 120 {
		t.Error("the alert delay was saved although the dialog said nothing was changed")
	}

	// With the server back, the same change is made.
	dav.SetUp(t, true)
	u.win.Canvas().Overlays().Top().Hide()
	test.Tap(people.shareBt)
	d = people.caregiver
	for _, sel := range d.roles {
		sel.SetSelected("View")
	}
	d.dialog.Confirm()
	u.idle()
	if got := roleOf(); got != household.RoleView {
		t.Errorf("Anna's role for Dad with the server back: %q", got)
	}
}
