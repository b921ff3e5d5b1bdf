package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/ccda"
	"carekeeper/internal/health"
	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2/widget"
)

// F268: a record opened with the keyboard starts with its Close button focused (Tab passed six
// invisible stops before reaching it), and Escape closes it (the dialog patch in
// third_party/fyne; the driver calls the top overlay's TypedEscape).
func TestShowRecord_KeyboardCloses(t *testing.T) {
	u := unlocked(t)
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
	u.vault.Records(context.Background(), storage.Query{Type: "Condition", MetaOnly: true}, func(r *storage.Record) error {
		key = health.Key{Source: r.ID.Source, Type: r.ID.Type, ID: r.ID.ID}
		return nil
	})
	u.main.loadPeople("")
	u.idle()
	u.shell.showRecord(key)
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no record dialog")
	}
	if b, ok := u.win.Canvas().Focused().(*widget.Button); !ok || b.Text != "Close" {
		t.Errorf("focus starts on %T, want the Close button", u.win.Canvas().Focused())
	}
	esc, ok := top.(interface{ TypedEscape() bool })
	if !ok || !esc.TypedEscape() {
		t.Fatal("the record dialog does not take Escape")
	}
	if u.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape left the record open")
	}
}
