// CareKeeper patch test (README.carekeeper.md): a tap on a Select or SelectEntry that is in no
// window (a bar rebuilt while the old widget still took the tap) does nothing; it crashed in
// NewPopUpMenu with a nil canvas (F9).

package widget_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/internal/cache"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// desktopCanvases is the test driver answering CanvasForObject as the desktop driver does:
// the canvas the object was drawn in, or nil (the test driver always answers its last window).
type desktopCanvases struct{ fyne.Driver }

func (desktopCanvases) CanvasForObject(o fyne.CanvasObject) fyne.Canvas {
	return cache.GetCanvasForObject(o)
}

type desktopApp struct{ fyne.App }

func (a desktopApp) Driver() fyne.Driver { return desktopCanvases{a.App.Driver()} }

func TestTapOnSelectInNoWindow(t *testing.T) {
	a := test.NewTempApp(t)
	fyne.SetCurrentApp(desktopApp{a})
	t.Cleanup(func() { fyne.SetCurrentApp(a) })
	test.NewTempWindow(t, widget.NewLabel("the new bar")) // the driver has a window, as in the app

	s := widget.NewSelect([]string{"Today", "Timeline"}, nil)
	s.Resize(s.MinSize())
	test.Tap(s) // crashed: NewPopUpMenu(menu, nil)
	if s.Selected != "" {
		t.Errorf("selected %q", s.Selected)
	}

	e := widget.NewSelectEntry([]string{"Today", "Timeline"})
	e.Resize(e.MinSize())
	test.Tap(e.ActionItem.(*widget.Button)) // the drop-down button
	if e.Text != "" {
		t.Errorf("entry text %q", e.Text)
	}
}
