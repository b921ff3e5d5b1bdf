package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/internal/testutil/engines"
	"carekeeper/storage"
)

// joinedPair is a household of two computers, over a folder or over WebDAV (a real rclone
// server): desk made it, laptop joined it; each runner has its own time zone.
func joinedPair(t *testing.T, transport, deskZone, laptopZone string, beforeCreate func(desk runner)) (desk, laptop runner) {
	t.Helper()
	var where, env []string
	switch transport {
	case "folder":
		where = []string{"--folder", t.TempDir()}
	case "webdav":
		dav := engines.StartRclone(t)
		where, env = []string{"--webdav", dav.URL, "--webdav-user", dav.User}, []string{"CAREKEEPER_WEBDAV_PASSWORD", dav.Password}
	}
	desk = in(newVault(t)).with(append(env, "TZ", deskZone)...)
	laptop = in(newVault(t)).with(append(env, "TZ", laptopZone)...)
	if beforeCreate != nil {
		beforeCreate(desk)
	}
	desk.run(t, append([]string{"household", "create", "--name", "Pennington", "--device-name", "Walter's PC"}, where...)...).ok(t)
	desk.run(t, "household", "sync").ok(t)
	code := strings.TrimSpace(strings.SplitN(desk.run(t, "household", "invite").ok(t).stdout, "\n", 2)[0])
	joined := make(chan result, 1)
	go func() {
		joined <- laptop.run(t, append([]string{"household", "join", "--code", code, "--device-name", "Clare's laptop", "--wait", "60"}, where...)...)
	}()
	for done := false; !done; {
		desk.run(t, "household", "sync").ok(t)
		select {
		case res := <-joined:
			res.ok(t)
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	desk.run(t, "household", "sync").ok(t)
	laptop.run(t, "household", "sync").ok(t)
	return desk, laptop
}

// stillClock is a reminder engine's clock stopped at one instant.
type stillClock struct{ t time.Time }

func (c stillClock) Now() time.Time                              { return c.t }
func (c stillClock) NewTimer(time.Duration) remind.Timer         { return stillTimer{} }
func (stillTimer) C() <-chan time.Time                           { return nil }
func (stillTimer) Stop() bool                                    { return true }
func (quietNotifier) Send(context.Context, remind.Message) error { return nil }
func (quietNotifier) Withdraw(context.Context, string) error     { return nil }
func (quietNotifier) Events() <-chan remind.Event                { return nil }
func (quietNotifier) Close() error                               { return nil }

type stillTimer struct{}
type quietNotifier struct{}

// openVault opens a runner's vault (no command may be running on it).
func openVault(t *testing.T, r runner) *storage.Vault {
	t.Helper()
	v, err := storage.Open(r.env["CAREKEEPER_DATA"], []byte(pass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// remindersRunAt starts a reminder engine on a runner's vault at `at` (the app opened then):
// it notes the medicines it sees for the first time.
func remindersRunAt(t *testing.T, r runner, at time.Time, zone *time.Location) {
	t.Helper()
	v := openVault(t, r)
	defer v.Close()
	e := remind.New(v, quietNotifier{}, remind.Options{Clock: stillClock{at}, Device: func() *time.Location { return zone }})
	if err := e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// F421: the insulin Walter's PC had reminded of since the morning was, on his daughter's laptop
// that joined the household later, "16:10 earlier … (its time had passed when the medicine was
// added)" once the reminders had run there: 'earlier' was judged by when that computer first
// saw the medicine. Whether a dose came before its medicine was added is now judged by when
// the household recorded it (the record's own time, carried with it): the same on both
// computers, before and after their reminders ran.
func TestHouseholdDevicesAgreeOnADoseBeforeTheMedicineWasAdded(t *testing.T) {
	for _, transport := range []string{"folder", "webdav"} {
		t.Run(transport, func(t *testing.T) {
			imported := time.Now().UTC()
			doseAt := imported.Add(time.Hour).Truncate(time.Minute)
			f := filepath.Join(t.TempDir(), "walter.json")
			os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"w","name":[{"given":["Walter"],"family":"Pennington"}],"birthDate":"1948-01-01"}},
{"resource":{"resourceType":"MedicationRequest","id":"glar","status":"active","intent":"order","subject":{"reference":"Patient/w"},
"authoredOn":"`+imported.AddDate(0, 0, -20).Format("2006-01-02")+`","medicationCodeableConcept":{"text":"Insulin glargine"},
"dosageInstruction":[{"timing":{"repeat":{"timeOfDay":["`+doseAt.Format("15:04")+`:00"]}},"doseAndRate":[{"doseQuantity":{"value":18,"unit":"units"}}]}]}}]}`), 0o600)
			desk, laptop := joinedPair(t, transport, "UTC", "UTC", func(desk runner) { desk.run(t, "import", f).ok(t) })
			// Walter's PC opened CareKeeper a minute after the import; his daughter's laptop,
			// which joined, three hours after it: the dose between was reminded on the PC.
			remindersRunAt(t, desk, imported.Add(time.Minute), time.UTC)
			remindersRunAt(t, laptop, imported.Add(3*time.Hour), time.UTC)
			now := imported.Add(4 * time.Hour)
			type seen struct {
				early bool
				state string
			}
			says := map[string]seen{}
			for name, r := range map[string]runner{"Walter's PC": desk, "Clare's laptop": laptop} {
				v := openVault(t, r)
				m, err := remind.Load(context.Background(), v, remind.LoadOptions{Device: time.UTC, Now: now})
				v.Close()
				if err != nil {
					t.Fatal(err)
				}
				if len(m.People) != 1 {
					t.Fatalf("%s holds %d people", name, len(m.People))
				}
				for _, ds := range m.DoseStates(m.People[0].Profile, imported, now, now) {
					if ds.Due.Equal(doseAt) {
						says[name] = seen{ds.Early, ds.State}
					}
				}
			}
			pc, lap := says["Walter's PC"], says["Clare's laptop"]
			if pc.state == "" || pc != lap {
				t.Errorf("the %s dose: Walter's PC says %+v, Clare's laptop %+v: one state on both", doseAt.Format("15:04"), pc, lap)
			}
			if lap.early {
				t.Errorf("Clare's laptop says the %s dose came before the medicine was added (it was imported at %s)", doseAt.Format("15:04"), imported.Format("15:04"))
			}
		})
	}
}

// F422: Walter and June's PC (London) set June's home zone ('profile set --zone
// Europe/London'); their daughter's laptop in Berlin, which joined the household, asked "Is June
// Pennington with this computer, on Berlin time, or at home on London time?" — and so did the
// PC's own vault opened on a Berlin clock. A home zone chosen on any device is where the person
// lives: no device asks. Walter, whose zone nobody chose (the PC's reminders took its own),
// may still be asked on a computer on another clock.
func TestHomeZoneChosenOnOneDeviceIsAskedNowhere(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	for _, transport := range []string{"folder", "webdav"} {
		t.Run(transport, func(t *testing.T) {
			var june, walter string
			desk, laptop := joinedPair(t, transport, "Europe/London", "Europe/Berlin", func(desk runner) {
				june = addedProfile(t, desk, "--name", "June Pennington", "--birth-date", "1951-09-03")
				walter = addedProfile(t, desk, "--name", "Walter Pennington", "--birth-date", "1948-02-11")
			})
			desk.run(t, "profile", "set", "--profile", june, "--zone", "Europe/London").ok(t)
			remindersRunAt(t, desk, time.Now(), london)
			desk.run(t, "household", "sync").ok(t)
			laptop.run(t, "household", "sync").ok(t)
			for _, c := range []struct {
				where string
				r     runner
			}{{"Clare's laptop", laptop}, {"Walter's PC opened on Berlin time", desk}} {
				v := openVault(t, c.r)
				m, err := remind.Load(context.Background(), v, remind.LoadOptions{Device: berlin})
				v.Close()
				if err != nil {
					t.Fatal(err)
				}
				if p := m.Person(june); p == nil || p.AskTravel || p.Loc.String() != "Europe/London" {
					t.Errorf("%s: June, whose home zone was chosen on the PC: %+v, want London time and no question", c.where, p)
				}
				if p := m.Person(walter); p == nil || !p.AskTravel || p.Loc.String() != "Europe/London" {
					t.Errorf("%s: Walter, whose zone nobody chose: %+v, want the question asked", c.where, p)
				}
			}
		})
	}
}

// F426: on Clare's laptop 'timeline' said "entered by you" of a weight and doses entered on
// Walter's PC in the household (the app's Timeline already named the device). It says
// "entered on Walter's PC", and "entered by you" of the laptop's own.
func TestTimelineSaysTheDeviceAnEntryWasMadeOn(t *testing.T) {
	var june string
	desk, laptop := joinedPair(t, "webdav", "Europe/London", "Europe/Berlin", func(desk runner) {
		june = addedProfile(t, desk, "--name", "June Pennington", "--birth-date", "1951-09-03")
	})
	// days after now, whenever the test runs (F444)
	eye, dentist := time.Now().UTC().AddDate(0, 0, 4).Format("2006-01-02")+"T10:20:00Z", time.Now().UTC().AddDate(0, 0, 5).Format("2006-01-02")+"T09:00:00Z"
	desk.run(t, "appointment", "add", "--profile", june, "--start", eye, "--title", "Eye clinic").ok(t)
	desk.run(t, "household", "sync").ok(t)
	laptop.run(t, "household", "sync").ok(t)
	laptop.run(t, "appointment", "add", "--profile", june, "--start", dentist, "--title", "Dentist").ok(t)
	out := laptop.run(t, "timeline", "--profile", june).ok(t).stdout
	for _, want := range []string{"Eye clinic · Visit · planned · entered on Walter's PC", "Dentist · Visit · planned · entered by you"} {
		found := false
		for _, l := range strings.Split(out, "\n") {
			if strings.HasSuffix(strings.Join(strings.Fields(l), " "), want) {
				found = true
			}
		}
		if !found {
			t.Errorf("Clare's laptop's timeline:\n%s\nwant a line ending %q", out, want)
		}
	}
}

// F426 (Medicines): a medicine added by hand on Walter's PC was listed on Clare's laptop by
// 'medicines' as "entered by you". It says "entered on Walter's PC" there, and "entered by you"
// on the PC.
func TestMedicinesSayTheDeviceAMedicineWasAddedOn(t *testing.T) {
	var june string
	desk, laptop := joinedPair(t, "folder", "Europe/London", "Europe/Berlin", func(desk runner) {
		june = addedProfile(t, desk, "--name", "June Pennington", "--birth-date", "1951-09-03")
	})
	v := openVault(t, desk)
	rec, err := storage.NewRecord(june, storage.ID{Source: storage.AppSource, Type: "MedicationRequest", ID: "drops"}, []byte(`{"resourceType":"MedicationRequest","id":"drops","status":"active","intent":"order","authoredOn":"`+
		time.Now().UTC().Format("2006-01-02")+`","medicationCodeableConcept":{"text":"Hypromellose eye drops"},"dosageInstruction":[{"timing":{"repeat":{"timeOfDay":["09:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"drop"}}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = v.Write(context.Background(), &storage.Batch{Now: time.Now(), Records: []storage.Record{rec}})
	v.Close()
	if err != nil {
		t.Fatal(err)
	}
	desk.run(t, "household", "sync").ok(t)
	laptop.run(t, "household", "sync").ok(t)
	for _, c := range []struct {
		who       string
		r         runner
		want, not string
	}{{"Clare's laptop", laptop, "entered on Walter's PC", "entered by you"}, {"Walter's PC", desk, "entered by you", "entered on"}} {
		out := c.r.run(t, "medicines", "--profile", june).ok(t).stdout
		if !strings.Contains(out, "Hypromellose") || !strings.Contains(out, c.want) || strings.Contains(out, c.not) {
			t.Errorf("%s: medicines\n%s\nwant the eye drops %q", c.who, out, c.want)
		}
	}
}

// otherDevice is the id of the one device of r's household that is not r's own.
func otherDevice(t *testing.T, r runner) string {
	t.Helper()
	var ds []struct {
		ID   string `json:"id"`
		Self bool   `json:"self"`
	}
	if err := json.Unmarshal([]byte(r.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil {
		t.Fatal(err)
	}
	other := ""
	for _, d := range ds {
		if !d.Self {
			other = d.ID
		}
	}
	return other
}

// importOnePerson writes bundle to a file, imports it into r's vault and returns the id of
// the one person there.
func importOnePerson(t *testing.T, r runner, bundle string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "person.json")
	if err := os.WriteFile(f, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	var ps []struct{ ID string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &ps); err != nil || len(ps) != 1 {
		t.Fatalf("profile list: %+v %v", ps, err)
	}
	return ps[0].ID
}
