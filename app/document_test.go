package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"carekeeper/internal/ccda"
	"carekeeper/internal/health"
	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// importVisitDocument imports the C-CDA example vendor-r11.xml into u's vault, shows its
// person, and returns the key of one of its records of type typ.
func importVisitDocument(t *testing.T, u *UI, typ string) health.Key {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "internal", "ccda", "testdata", "vendor-r11.xml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := ccda.Convert(context.Background(), bytes.NewReader(data), ccda.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cksync.Import(context.Background(), u.vault, "visit.xml", res.Bundle, cksync.Options{}); err != nil {
		t.Fatal(err)
	}
	var key health.Key
	u.vault.Records(context.Background(), storage.Query{Type: typ, MetaOnly: true}, func(r *storage.Record) error {
		key = health.Key{Source: r.ID.Source, Type: r.ID.Type, ID: r.ID.ID}
		return nil
	})
	u.main.loadPeople("")
	u.idle()
	return key
}

// A C-CDA document's record shows the document's text on a tab of its own, as plain labels,
// and its raw view leaves out the document's bytes.
func TestShowRecord_CCDADocument(t *testing.T) {
	u := unlocked(t)
	key := importVisitDocument(t, u, "DocumentReference")
	u.shell.showRecord(key)
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no record dialog")
	}
	var tabs *container.AppTabs
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if at, ok := o.(*container.AppTabs); ok {
			tabs = at
			return
		}
		for _, c := range childrenOf(o) {
			if tabs == nil {
				walk(c)
			}
		}
	}
	walk(top)
	if tabs == nil || len(tabs.Items) != 3 || tabs.Items[0].Text != "Document" || tabs.Selected() != tabs.Items[0] {
		t.Fatalf("tabs %+v", tabs)
	}
	labels := labelsIn(tabs.Items[0].Content.(*container.Scroll).Content)
	for _, want := range []string{"Problems", "• Sugar diabetes, type 2\n• Old knee injury", "Came in for a check-up.\nFeels well.\nclick"} {
		if !slices.Contains(labels, want) {
			t.Errorf("document tab lacks %q: %q", want, labels)
		}
	}
	for _, l := range labels {
		if strings.Contains(l, "javascript") {
			t.Errorf("a link's target is shown: %q", l)
		}
	}
	raw := tabs.Items[2].Content.(*readOnlyEntry)
	if len(raw.Text) > 8000 || !strings.Contains(raw.Text, "(the document, ") {
		t.Errorf("raw view of %d characters", len(raw.Text))
	}
}
