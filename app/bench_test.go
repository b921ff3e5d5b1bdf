package app

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// BenchmarkTimelineIndex100k measures opening the timeline of a 100,000-resource history:
// the vault scan and the sort, which is what stands between the tap and the first lines
// (a line's title is read when the line is shown).
func BenchmarkTimelineIndex100k(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "v")
	if _, err := storage.Init(dir, []byte(testPass), storage.Options{}); err != nil {
		b.Fatal(err)
	}
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { v.Close() }()
	p, err := v.AddProfile("Bench Person", "1950-01-01")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	t0 := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	const n, batch = 100000, 5000
	for i := 0; i < n; i += batch {
		var recs []storage.Record
		for j := i; j < i+batch; j++ {
			when := t0.Add(time.Duration(j) * 90 * time.Minute).Format(time.RFC3339)
			js := fmt.Sprintf(`{"resourceType":"Observation","id":"o%d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body Weight"}],"text":"Body Weight"},"subject":{"reference":"Patient/p"},"effectiveDateTime":%q,"valueQuantity":{"value":%d.5,"unit":"kg"}}`, j, when, 60+j%30)
			r, err := storage.NewRecord(p.ID, storage.ID{Source: "https://bench.example/fhir", Type: "Observation", ID: fmt.Sprint("o", j)}, []byte(js))
			if err != nil {
				b.Fatal(err)
			}
			recs = append(recs, r)
		}
		if _, err := v.Write(ctx, &storage.Batch{Records: recs, Now: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	// Measure as a person would meet it: the history was written earlier, the vault is opened
	// now (Badger's background work on the fresh writes is not part of opening the timeline).
	if err := v.Close(); err != nil {
		b.Fatal(err)
	}
	if v, err = storage.Open(dir, []byte(testPass), storage.Options{}); err != nil {
		b.Fatal(err)
	}
	people := []storage.Profile{*p}
	b.ResetTimer()
	for b.Loop() {
		ev, err := timelineIndex(ctx, v, p.ID, people, nil, nil)
		if err != nil || len(ev) != n {
			b.Fatalf("%d events, %v", len(ev), err)
		}
	}
}

// benchUI is an unlocked UI at 1024×600 with 200 % text over a vault holding the largest
// fixture (Fletcher Hyatt) and a second person (Courtney Schinner).
func benchUI(b *testing.B) *UI {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "v")
	if _, err := storage.Init(dir, []byte(testPass), storage.Options{}); err != nil {
		b.Fatal(err)
	}
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, glob := range []string{"synthea/Fletcher_Hyatt_*.json", "synthea/Courtney_Schinner_*.json"} {
		if _, err := cksync.ImportFile(context.Background(), v, fixture(b, glob), cksync.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	if err := v.Close(); err != nil {
		b.Fatal(err)
	}
	a := test.NewTempApp(b)
	a.Preferences().SetFloat(prefTextSize, 2)
	u := New(a, dir)
	u.runInTests()
	b.Cleanup(func() { u.Close() })
	u.win.Resize(fyne.NewSize(1024, 600))
	unlockUI(b, u)
	return u
}

// unlockUI types the passphrase and waits until the shell shows Today with its records.
func unlockUI(b *testing.B, u *UI) {
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil || u.shell.set == nil {
		b.Fatalf("not unlocked: %q", u.unlock.message.Text)
	}
}

// BenchmarkUnlockToToday measures unlock → Today laid out at 1024×600 with 200 % text, with
// the largest fixture: the key derivation, reading the records, computing and applying
// Today (the test driver lays it out; the GL painting is not included).
func BenchmarkUnlockToToday(b *testing.B) {
	u := benchUI(b)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		u.lock()
		u.idle()
		b.StartTimer()
		unlockUI(b, u)
		if u.shell.current != scToday {
			b.Fatalf("screen %d after unlock", u.shell.current)
		}
	}
}

// BenchmarkSwitchPerson measures choosing the other person on Today (reading their records,
// computing and applying Today).
func BenchmarkSwitchPerson(b *testing.B) {
	u := benchUI(b)
	s := u.shell
	if len(s.people) < 2 {
		b.Fatalf("%d people", len(s.people))
	}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i = 1 - i
		s.choose(s.people[i].ID)
		u.idle()
	}
}

// BenchmarkOpenResults200 measures opening Results at 200 % text in a 1024×600 window with
// the largest fixture: computing the series, applying the list, choosing the first series
// and rendering its chart at the size it is given.
func BenchmarkOpenResults200(b *testing.B) {
	u := benchUI(b)
	s := u.shell
	res := s.pages[scResults].(*resultsPage)
	b.ResetTimer()
	for b.Loop() {
		s.show(scToday)
		s.restale()
		s.show(scResults)
		u.idle()
		res.list.list.Select(0)
		sz := res.chart.Size()
		if sz.Width < 100 || sz.Height < 100 {
			b.Fatalf("chart %v", sz)
		}
		res.chart.draw(int(sz.Width), int(sz.Height))
	}
}

// BenchmarkOpenTimeline measures opening the Timeline at 200 % text in a 1024×600 window with
// the largest fixture (Fletcher Hyatt, 1111 entries) and Courtney Schinner: the index, the
// start days, the deaths, one row of each thing from two sources (F441, F427), the lines and
// the first rows' words.
func BenchmarkOpenTimeline(b *testing.B) {
	u := benchUI(b)
	s := u.shell
	for _, p := range s.people {
		if p.Name != "" && p.BirthDate == "1915-07-03" {
			s.choose(p.ID)
			u.idle()
		}
	}
	tl := s.pages[scTimeline].(*timelinePage)
	b.ResetTimer()
	for b.Loop() {
		s.show(scToday)
		s.restale()
		s.show(scTimeline)
		u.idle()
		if len(tl.lines) < 100 {
			b.Fatalf("%d lines", len(tl.lines))
		}
	}
}
