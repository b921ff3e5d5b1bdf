package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

func TestAppts_AddEditExport(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	s := u.shell
	s.show(scAppts)
	u.idle()
	p := s.pages[scAppts].(*apptsPage)
	if !p.frame.empty.Visible() || !p.exportBt.Disabled() {
		t.Fatal("no empty state, or export enabled without appointments")
	}
	p.openEditor(nil)
	e := p.edit
	if e == nil {
		t.Fatal("no editor")
	}
	setText(e.title, "Dentist")
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	e.date.SetDate(&day)     // as picked from the calendar
	e.clock.SetText("10:30") // as picked from the quarter hours
	if len(quarterHours) != 96 || quarterHours[38] != "09:30" {
		t.Errorf("times offered: %d, %q", len(quarterHours), quarterHours[38])
	}
	setText(e.minutes, "45")
	setText(e.place, "Main Street Clinic")
	e.note.SetText("No coffee before")
	e.offsets[0].SetChecked(true) // a week before, besides the defaults (a day and 2 hours)
	submit(e.title)
	u.idle()
	if len(p.list.rows) != 1 || p.list.rows[0].Title != "Dentist" || !strings.Contains(p.list.rows[0].Sub, "Main Street Clinic") {
		t.Fatalf("rows %+v", p.list.rows)
	}
	st, err := remind.LoadSettings(u.vault, mum)
	if err != nil || len(st.AppointmentOffsets) != 3 {
		t.Errorf("offsets %v, %v", st.AppointmentOffsets, err)
	}
	// Today shows it with its place and preparation.
	today := rig.showToday()
	var text []string
	forEachLabel(today.box, func(s string) { text = append(text, s) })
	forEachButton(today.box, func(b *widgetButton) { text = append(text, b.Text) })
	all := strings.Join(text, "\n")
	if !strings.Contains(all, "Dentist · Main Street Clinic") || !strings.Contains(all, "Preparation: No coffee before") {
		t.Errorf("Today:\n%s", all)
	}

	// Edit it: a new place.
	s.show(scAppts)
	u.idle()
	p.list.rows[0].OnTap()
	if p.edit == nil || p.edit.orig == nil {
		t.Fatal("no editor for the own appointment")
	}
	setText(p.edit.place, "Hill Road Clinic")
	submit(p.edit.title)
	u.idle()
	if len(p.list.rows) != 1 || !strings.Contains(p.list.rows[0].Sub, "Hill Road Clinic") {
		t.Fatalf("after editing: %+v", p.list.rows)
	}
	n := 0
	u.vault.Records(context.Background(), storage.Query{Profile: mum, Type: "Appointment"}, func(r *storage.Record) error {
		n++
		if r.ID.Source != storage.AppSource {
			t.Errorf("source %q", r.ID.Source)
		}
		return nil
	})
	if n != 1 {
		t.Errorf("%d appointment records after editing, want 1", n)
	}

	// Export the upcoming appointments as .ics.
	// Into an existing file of mode 0644 (as the save dialog leaves it): the result is 0600.
	path := filepath.Join(t.TempDir(), "appointments.ics")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o644)
	var count int
	var exportErr error
	// The export's save dialog says what it does (F58: it was "Import File" with an "Import" button).
	p.onExport("")
	u.idle()
	if u.fileDialog == nil {
		t.Fatal("Export upcoming… opened no dialog")
	}
	dlg := drawnText(u.win.Canvas().Overlays().Top())
	if !strings.Contains(dlg, "Save the appointments for your calendar") || !strings.Contains(dlg, "Save") || strings.Contains(dlg, "Import") {
		t.Errorf("the export's dialog says:\n%s", dlg)
	}
	u.fileDialog.Hide()
	u.idle()
	p.exportTo(path, "", func(n int, err error) { count, exportErr = n, err })
	u.idle()
	if exportErr != nil || count != 1 {
		t.Fatalf("export: %d, %v", count, exportErr)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the calendar file's mode: %v, %v; want 0600", info.Mode().Perm(), err)
	}
	b, _ := os.ReadFile(path)
	ics := string(b)
	for _, want := range []string{"BEGIN:VCALENDAR", "SUMMARY:Mum — Dentist", "LOCATION:Hill Road Clinic", "DTSTART:20260304T103000Z", "DTEND:20260304T111500Z"} {
		if !strings.Contains(ics, want) {
			t.Errorf("calendar lacks %q:\n%s", want, ics)
		}
	}
	if n := strings.Count(ics, "BEGIN:VALARM"); n != 3 {
		t.Errorf("%d alarms, want 3", n)
	}

	// The engine reminds a day before.
	rig.advance(time.Date(2026, 3, 3, 10, 30, 0, 0, time.UTC))
	got := false
	for _, m := range rig.n.messages() {
		got = got || strings.Contains(m.Title+m.Body, "Dentist")
	}
	if !got {
		t.Errorf("no appointment reminder: %+v", rig.n.messages())
	}
}
