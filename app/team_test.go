package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A pharmacy added by the person is on the care team with a readable phone number, and its
// page links the number (tel:) and the address (mailto:).
func TestTeam_AddOwnContact(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	s := u.shell
	s.show(scTeam)
	u.idle()
	p := s.pages[scTeam].(*teamPage)
	test.Tap(p.addBt)
	d := p.add
	if d == nil {
		t.Fatal("no contact form")
	}
	d.role.SetSelected("Pharmacy")
	test.Type(d.name, "Corner Pharmacy")
	test.Type(d.phone, "555 123 4567")
	test.Type(d.email, "desk@corner.example")
	d.dialog.Submit()
	u.idle()
	s.show(scTeam)
	u.idle()
	var found *row
	for i, r := range p.list.rows {
		if r.Title == "Corner Pharmacy" {
			found = &p.list.rows[i]
		}
	}
	if found == nil || !strings.Contains(found.Sub, "(555) 123-4567") || !strings.Contains(found.Sub, "Pharmacy") {
		t.Fatalf("rows %+v", p.list.rows)
	}
	found.OnTap()
	var links []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if h, ok := o.(*widget.Hyperlink); ok {
			links = append(links, h.URL.String())
		}
		for _, c := range childrenOf(o) {
			walk(c)
		}
	}
	walk(p.shown)
	if strings.Join(links, " ") != "tel:5551234567 mailto:desk@corner.example" {
		t.Errorf("links %q", links)
	}
}
