package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"carekeeper/internal/shc/shctest"
	"carekeeper/storage"
)

// F210: a vaccination from a health card whose signature was not checked (no issuer trusted
// here) read on the Timeline and in the record's Source as 'from a health card by
// spec.smarthealth.cards' — as a checked card reads. Both now say it was not checked, and that
// the issuer is only what the card says.
func TestUI_UncheckedCardSaysSoWhereShown(t *testing.T) {
	u := unlocked(t)
	m := u.main
	card := filepath.Join(t.TempDir(), "vaccines.smart-health-card")
	jws := shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: time.Now().Add(-time.Hour)})
	if err := os.WriteFile(card, shctest.File(jws), 0o600); err != nil {
		t.Fatal(err)
	}
	m.importFiles([]string{card})
	u.idle()
	if rs := m.results.results; len(rs) != 1 || rs[0].Err != nil || !rs[0].Summary.Unverified() {
		t.Fatalf("results %+v", rs)
	}
	m.results.dialog.Hide()
	const want = "from a health card, not checked (it says it is by spec.smarthealth.cards)"

	ps, _ := u.vault.Profiles()
	var id storage.ID
	_ = u.vault.Records(context.Background(), storage.Query{Profile: ps[0].ID, Type: "Immunization"}, func(r *storage.Record) error {
		id = r.ID
		return nil
	})
	d, err := loadRecord(u.vault, id, u.rem.device(), u.auto.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	tabs := recordView(d, newReadOnlyEntry(u.onShortcut))
	source := ""
	for _, it := range tabs.Items[0].Content.(*container.Scroll).Content.(*widget.Form).Items {
		if l, ok := it.Widget.(*widget.Label); ok && it.Text == "Source" {
			source = l.Text
		}
	}
	if source != want {
		t.Errorf("the record's Source: %q, want %q", source, want)
	}

	s := u.shell
	s.show(scTimeline)
	u.idle()
	n := 0
	for _, l := range timelineTexts(s.pages[scTimeline].(*timelinePage)) {
		if strings.Contains(l[1], "health card") {
			n++
			if !strings.HasSuffix(l[1], " · "+want) {
				t.Errorf("timeline %q: %q", l[0], l[1])
			}
		}
	}
	if n == 0 {
		t.Error("no timeline line says where the vaccinations came from")
	}
}
