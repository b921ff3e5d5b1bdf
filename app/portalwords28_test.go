package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// F250: 'Connect a portal…' asked someone who has never heard of FHIR for a 'FHIR address',
// a 'Client id' and a 'Redirect port'. The form asks, in plain words, for the clinic or portal
// and its address; the client id and redirect port are folded under Advanced, with defaults.
func TestConnectPortal_PlainWordsFirst(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	s.show(scFiles)
	u.idle()
	p := s.portalsPage()
	p.openConnect("")
	top := topDialog(t, u)
	f := p.flow
	if f == nil {
		t.Fatal("no connect dialog")
	}
	shown := visibleLabelTexts(top)
	for _, w := range []string{"FHIR address", "Client id", "Redirect port"} {
		if strings.Contains(shown, w) {
			t.Errorf("the dialog shows %q before Advanced is opened:\n%s", w, shown)
		}
	}
	for _, w := range []string{"Clinic or portal", "Portal address", "Advanced", "ask your clinic"} {
		if !strings.Contains(shown, w) {
			t.Errorf("the dialog does not say %q:\n%s", w, shown)
		}
	}
	f.advanced.Open(0)
	if shown := visibleLabelTexts(top); !strings.Contains(shown, "Client id") || !strings.Contains(shown, "Redirect port") {
		t.Errorf("Advanced opened does not show the client id and redirect port:\n%s", shown)
	}
}

// visibleLabelTexts is the text of every label shown under o (none inside a hidden object).
func visibleLabelTexts(o fyne.CanvasObject) string {
	var texts []string
	var walkShown func(o fyne.CanvasObject)
	walkShown = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
		switch x := o.(type) {
		case *widget.Button:
			texts = append(texts, x.Text)
		case *widget.RichText:
			texts = append(texts, x.String())
		case *canvas.Text:
			texts = append(texts, x.Text)
		}
		for _, c := range childrenOf(o) {
			walkShown(c)
		}
	}
	walkShown(o)
	return strings.Join(texts, "\n")
}
