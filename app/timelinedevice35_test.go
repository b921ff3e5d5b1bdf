package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"
)

// F426 (rest): on Walter's PC the Timeline's filter of sources put a weight his daughter
// entered on her own laptop under "Entered by you", with the PC's own entries. The filter
// has "Entered on Clare's laptop" for hers and keeps "Entered by you" for the PC's; each shows
// only its own.
func TestTimeline_FilterSaysTheDeviceAnEntryWasMadeOn(t *testing.T) {
	u := unlocked(t)
	ctx := context.Background()
	cfg := hhvault.Config{Folder: t.TempDir()}
	ha, err := hhvault.Create(ctx, u.vault, cfg, nil, "Penningtons", "Walter's PC", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := newVault(t) // Clare's computer
	clare, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer clare.Close()
	code, _, err := ha.Invite(ctx, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	joined := make(chan error, 1)
	var hc *household.Household
	go func() {
		h, err := hhvault.Join(ctx, clare, cfg, nil, code, "Clare's laptop", time.Minute, time.Now)
		hc = h
		joined <- err
	}()
	for done := false; !done; {
		if _, err := hhvault.Exchange(ctx, u.vault, ha, time.Now()); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-joined:
			if err != nil {
				t.Fatal(err)
			}
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	p, err := u.vault.AddProfile("Walter Pennington", "1948-02-17")
	if err != nil {
		t.Fatal(err)
	}
	exchange := func() {
		t.Helper()
		for _, x := range []func() error{
			func() error { _, err := ha.Exchange(ctx, time.Now()); return err },
			func() error { _, err := hc.Exchange(ctx, time.Now()); return err },
			func() error { _, err := ha.Exchange(ctx, time.Now()); return err },
		} {
			if err := x(); err != nil {
				t.Fatal(err)
			}
		}
	}
	exchange()
	weigh := func(v *storage.Vault, id, kg, at string) {
		t.Helper()
		rec, err := storage.NewRecord(p.ID, storage.ID{Source: storage.AppSource, Type: "Observation", ID: id}, []byte(`{"resourceType":"Observation","id":"`+id+`","status":"final",`+
			`"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}],"text":"Body weight"},"effectiveDateTime":"`+at+`","valueQuantity":{"value":`+kg+`,"unit":"kg"}}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Write(ctx, &storage.Batch{Now: time.Now(), Records: []storage.Record{rec}}); err != nil {
			t.Fatal(err)
		}
	}
	weigh(clare, "w-clare", "84.9", "2026-12-06T16:20:00Z")
	weigh(u.vault, "w-pc", "84.4", "2026-12-05T07:15:00Z")
	exchange()
	if _, err := u.vault.Get(storage.ID{Source: storage.AppSource, Type: "Observation", ID: "w-clare"}); err != nil {
		t.Fatalf("Clare's weight did not reach the PC: %v", err)
	}
	live := hhvault.NewLive(u.vault, ha)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)

	s := u.shell
	s.load()
	u.idle()
	s.choose(p.ID)
	u.idle()
	s.restale()
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	for _, want := range []string{"Entered by you", "Entered on Clare's laptop"} {
		if !slices.Contains(tl.provider.Options, want) {
			t.Errorf("the filter of sources has no %q: %q", want, tl.provider.Options)
		}
	}
	for _, c := range []struct{ source, row string }{
		{"Entered on Clare's laptop", "Body weight: 84.9 kg | Result · entered on Clare's laptop"},
		{"Entered by you", "Body weight: 84.4 kg | Result · entered by you"},
	} {
		tl.provider.SetSelected(c.source)
		var rows []string
		for _, l := range timelineTexts(tl) {
			if l[1] != "" {
				rows = append(rows, l[0]+" | "+l[1])
			}
		}
		if len(rows) != 1 || rows[0] != c.row {
			t.Errorf("%s: %q, want only %q", c.source, rows, c.row)
		}
	}
	// F498: Results' list of the readings entered in CareKeeper said "Readings you entered"
	// of Clare's weight on Walter's PC: each of another device's says where it was entered.
	s.show(scResults)
	u.idle()
	res := s.pages[scResults].(*resultsPage)
	res.choose(0)
	u.idle()
	res.toggleReadings()
	got := strings.Join(labelsIn(res.own), " | ")
	if !strings.Contains(got, "Readings entered in CareKeeper") || !strings.Contains(got, "84.9 kg · entered on Clare's laptop") ||
		!strings.Contains(got, "84.4 kg") || strings.Contains(got, "84.4 kg · entered on") || strings.Contains(got, "you entered") {
		t.Errorf("Results' readings entered: %q", got)
	}
}
