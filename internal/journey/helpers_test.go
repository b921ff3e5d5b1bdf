package journey

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// One vault per test binary holds a few small Synthea patients (each its own profile);
// tests that write make their own profile, so they never see each other's data.

const testPass = "journey test passphrase"

// patients are the fixture patients imported once, by short name.
var patients = map[string]string{
	"clemente": "synthea/Clemente_Kreiger_*.json",  // obesity
	"buster":   "synthea/Buster_Hoeger_*.json",     // chronic sinusitis
	"gustavo":  "synthea/Gustavo_Mej*.json",        // nothing current with a guide
	"carl":     "synthea/synthea_Carl856_*.json",   // prediabetes, anemia, chronic sinusitis
	"courtney": "synthea/Courtney_Schinner_*.json", // hypertension, gout
	"fletcher": "synthea/Fletcher_Hyatt_*.json",    // the largest fixture (benchmark)
}

var shared struct {
	once     sync.Once
	dir      string
	v        *storage.Vault
	profiles map[string]string
	last     map[string]time.Time // newest record date of each patient
	err      error
	skip     string
}

// utc is a fixed test clock reading.
func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.v != nil {
		shared.v.Close()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	if synthetic.v != nil {
		synthetic.v.Close()
	}
	if synthetic.dir != "" {
		os.RemoveAll(synthetic.dir)
	}
	os.Exit(code)
}

// vault returns the shared vault with the fixture patients.
func vault(tb testing.TB) (*storage.Vault, map[string]string) {
	tb.Helper()
	fixtures := testutil.FixturesDir(tb) // skips without ../shared
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "ck-journey-")
		if err != nil {
			shared.err = err
			return
		}
		shared.dir = dir
		if _, err := storage.Init(dir, []byte(testPass), storage.Options{}); err != nil {
			shared.err = err
			return
		}
		if shared.v, err = storage.Open(dir, []byte(testPass), storage.Options{}); err != nil {
			shared.err = err
			return
		}
		shared.profiles, shared.last = map[string]string{}, map[string]time.Time{}
		names := make([]string, 0, len(patients))
		for n := range patients {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			matches, _ := filepath.Glob(filepath.Join(fixtures, patients[n]))
			if len(matches) != 1 {
				shared.err = os.ErrNotExist
				return
			}
			s, err := cksync.ImportFile(context.Background(), shared.v, matches[0], cksync.Options{Now: func() time.Time { return utc("2020-01-01T00:00:00Z") }})
			if err != nil {
				shared.err = err
				return
			}
			shared.profiles[n] = s.Profile
			var last string
			shared.v.Records(context.Background(), storage.Query{Profile: s.Profile, Type: "Observation"}, func(r *storage.Record) error {
				if r.Meta.Date > last {
					last = r.Meta.Date
				}
				return nil
			})
			shared.last[n], _ = time.Parse(time.RFC3339, last)
		}
	})
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.v, shared.profiles
}

// nowFor is a clock reading ten days after the patient's newest observation.
func nowFor(tb testing.TB, name string) time.Time {
	vault(tb)
	return shared.last[name].AddDate(0, 0, 10)
}

// synthetic is a vault for made-up people only: the tests of those need no fixtures.
var synthetic struct {
	once sync.Once
	dir  string
	v    *storage.Vault
	err  error
}

// newPerson adds a fresh profile to a vault of made-up people (no fixtures needed).
func newPerson(tb testing.TB, name string) (*storage.Vault, string) {
	tb.Helper()
	synthetic.once.Do(func() {
		dir, err := os.MkdirTemp("", "ck-journey-synthetic-")
		if err != nil {
			synthetic.err = err
			return
		}
		synthetic.dir = dir
		if _, err := storage.Init(dir, []byte(testPass), storage.Options{}); err != nil {
			synthetic.err = err
			return
		}
		synthetic.v, synthetic.err = storage.Open(dir, []byte(testPass), storage.Options{})
	})
	if synthetic.err != nil {
		tb.Fatal(synthetic.err)
	}
	v := synthetic.v
	p, err := v.AddProfile(name, "1960-05-01")
	if err != nil {
		tb.Fatal(err)
	}
	return v, p.ID
}

func cardsOf(tb testing.TB, v *storage.Vault, profile string, now time.Time) []Card {
	tb.Helper()
	e := &Engine{Load: LoadOptions{Device: time.UTC}}
	cs, err := e.Cards(context.Background(), v, profile, now)
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

func byKind(cs []Card, kind string) []Card {
	var out []Card
	for _, c := range cs {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}
