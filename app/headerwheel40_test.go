package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// F525 item 8: at large text on a 1024×600 screen (FYNE_SCALE=2, 512×300) the top bar takes two
// rows and a page's header (its title, tools and date line) most of what is left: the wheel
// over the header did nothing, the page moved only with the pointer over the last lines of
// its body. The wheel over the header scrolls the body as over the body: down folds the
// header away, up brings the page back to its top.
func TestFrame_WheelOverTheHeaderScrollsThePage(t *testing.T) {
	meds := []medFixture{}
	for i := range 6 {
		meds = append(meds, medFixture{"Mum", fmt.Sprintf("d%d", i), fmt.Sprintf("Daily medicine number %d 10 mg tablet", i), twiceDaily})
	}
	rig := newRemindRig(t, at(7, 0), meds...)
	u := rig.u
	rig.advance(at(14, 0))
	rig.showToday()
	for _, text := range []float64{1.5, 2} {
		t.Run(fmt.Sprintf("%.0f%%", text*100), func(t *testing.T) {
			u.app.Preferences().SetFloat(prefTextSize, text)
			u.applyTheme()
			u.win.Resize(fyne.NewSize(511, 299))
			u.idle()
			u.win.Resize(fyne.NewSize(512, 300))
			u.idle()
			tp := rig.today()
			body := tp.frame.body.(*container.Scroll)
			body.ScrollToOffset(fyne.Position{})
			tp.frame.scrolled()
			u.idle()
			if tp.frame.folded || !tp.frame.title.Visible() {
				t.Fatal("the header is folded away before the wheel")
			}
			d := fyne.CurrentApp().Driver()
			over := d.AbsolutePositionForObject(tp.frame.title).AddXY(8, 8)
			test.Scroll(u.win.Canvas(), over, 0, -30)
			u.idle()
			if body.Offset.Y <= 0 {
				t.Errorf("the wheel down over the title at %v did not scroll Today (offset %.0f, folded %v)", over, body.Offset.Y, tp.frame.folded)
			}
			// Back up, with the pointer where the title was: the page comes back to its top.
			for range 10 {
				test.Scroll(u.win.Canvas(), over, 0, 30)
				u.idle()
			}
			if body.Offset.Y != 0 || tp.frame.folded {
				t.Errorf("the wheel up did not bring Today back to its top: offset %.0f, folded %v", body.Offset.Y, tp.frame.folded)
			}
		})
	}
}
