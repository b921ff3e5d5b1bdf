package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// F216, the part left: Mum Smith (born 1 Jan 1950) made on two computers before the household
// shared her stayed two people on both, and nothing said so (the records of each were their
// own: no record in common). Now the sync says it on both computers, CareKeeper does not join
// them by itself (two people of one name and birth date exist, F122), and 'household
// same-person' joins them when the person says they are one: one Mum Smith on every device,
// with the appointments of both, and the other computer says she was joined, not deleted.
func TestHouseholdSamePersonMadeOnTwoComputers(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	ma := addedProfile(t, a, "--name", "Mum Smith", "--birth-date", "1950-01-01")
	mb := addedProfile(t, b, "--name", "Mum  smith", "--birth-date", "1950-01-01")
	a.run(t, "appointment", "add", "--profile", ma, "--start", "2030-03-04T15:00:00Z", "--title", "Eye test").ok(t)
	b.run(t, "appointment", "add", "--profile", mb, "--start", "2030-03-05T15:00:00Z", "--title", "Dentist").ok(t)
	a.run(t, "household", "sync").ok(t)
	outB := b.run(t, "household", "sync").ok(t).stdout
	outA := a.run(t, "household", "sync").ok(t).stdout
	for _, c := range []struct{ name, out, want string }{
		{"Anna's laptop", outB, "Mum Smith, shared by Dad's laptop, has the name and birth date of this computer's own Mum  smith (made on both computers before it was shared). Both are listed: CareKeeper does not join two people by itself (two people can have one name and birth date); if they are one person, join them on this computer: carekeeper household same-person --keep " + ma + " --from " + mb + " --yes"},
		{"Dad's laptop", outA, "Mum  smith, shared by Anna's laptop, has the name and birth date of this computer's own Mum Smith (made on both computers before it was shared)."},
	} {
		if !strings.Contains(c.out, c.want) {
			t.Errorf("household sync on %s: %q, want %q", c.name, c.out, c.want)
		}
	}
	if st := b.run(t, "household", "status").ok(t).stdout; !strings.Contains(st, "has the name and birth date of this computer's own Mum  smith") {
		t.Errorf("household status on Anna's laptop: %q", st)
	}
	// Not joined without --yes; a person born on another day is not joined at all.
	if res := b.run(t, "household", "same-person", "--keep", ma, "--from", mb); res.code != 2 {
		t.Errorf("same-person without --yes: %+v", res)
	}
	other := addedProfile(t, b, "--name", "Mum Smith", "--birth-date", "1951-01-01")
	if res := b.run(t, "household", "same-person", "--keep", ma, "--from", other, "--yes"); res.code == 0 || !strings.Contains(res.stderr, "born on different days") {
		t.Errorf("joining people born on different days: %+v", res)
	}
	out := b.run(t, "household", "same-person", "--keep", ma, "--from", mb, "--yes").ok(t).stdout
	if want := "Mum Smith and Mum  smith are one person now: 1 record moved to the one who stays (" + ma + ")"; !strings.HasPrefix(out, want) {
		t.Errorf("household same-person: %q, want %q…", out, want)
	}
	b.run(t, "household", "sync").ok(t)
	outA = a.run(t, "household", "sync").ok(t).stdout
	if want := "Mum  smith was joined into Mum Smith on Anna's laptop on "; !strings.Contains(outA, want) || strings.Contains(outA, "deleted") || strings.Contains(outA, "shared by") {
		t.Errorf("household sync on Dad's laptop after the join: %q, want %q", outA, want)
	}
	for _, c := range []struct {
		name string
		r    runner
	}{{"Dad's laptop", a}, {"Anna's laptop", b}} {
		var ps []struct{ ID, Name string }
		if err := json.Unmarshal([]byte(c.r.run(t, "profile", "list", "--json").ok(t).stdout), &ps); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range ps {
			if p.ID == mb {
				t.Errorf("%s still holds the person joined: %+v", c.name, ps)
			}
			if p.ID == ma {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: people %+v, want Mum Smith %s", c.name, ps, ma)
		}
		recs := c.r.run(t, "records", "--profile", ma, "--type", "Appointment").ok(t).stdout
		if !strings.Contains(recs, "4 Mar 2030") || !strings.Contains(recs, "5 Mar 2030") || strings.Count(recs, "\nAppointment ") != 2 {
			t.Errorf("%s: Mum Smith's appointments: %q", c.name, recs)
		}
	}
}
