package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"carekeeper/internal/testutil"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// isoDate is a date as a computer writes it.
var isoDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// tabsIn is the first AppTabs in o's tree.
func tabsIn(o fyne.CanvasObject) *container.AppTabs {
	if at, ok := o.(*container.AppTabs); ok {
		return at
	}
	for _, c := range childrenOf(o) {
		if at := tabsIn(c); at != nil {
			return at
		}
	}
	return nil
}

// openDocument imports the vendor C-CDA example and opens its document in the records browser.
func openDocument(t *testing.T, u *UI) *container.AppTabs {
	t.Helper()
	return openDocumentFile(t, u, filepath.Join("..", "internal", "ccda", "testdata", "vendor-r11.xml"))
}

// openDocumentFile imports a C-CDA document and opens it in the records browser.
func openDocumentFile(t *testing.T, u *UI, path string) *container.AppTabs {
	t.Helper()
	m := u.main
	m.importFiles([]string{path})
	u.idle()
	if m.results == nil || m.results.results[0].Err != nil {
		t.Fatalf("import: %+v", m.results)
	}
	m.results.dialog.Hide()
	if i := typeIndex(m, "DocumentReference"); i < 0 {
		t.Fatalf("no documents: %+v", m.typeRows)
	} else {
		m.typeList.Select(i)
	}
	u.idle()
	m.recordList.Select(0)
	u.idle()
	tabs := tabsIn(m.detailBody)
	if tabs == nil {
		t.Fatalf("the record is not shown: %q", labelsIn(m.detailBody))
	}
	return tabs
}

// The records browser shows a C-CDA document as a document: its title, when it was written
// and by whom in words, and its text as plain labels; the data as stored is a tab away, not
// the default (it showed the DocumentReference's raw JSON). Written at 09:30 in New York: 13
// Mar east of UTC+9:30, so the test is on UTC's clock (onUTCClock, F559).
func TestBrowser_CCDADocumentShownAsDocument(t *testing.T) {
	onUTCClock(t)
	u := unlocked(t)
	tabs := openDocument(t, u)
	if tabs.Selected() == nil || tabs.Selected().Text != "Document" {
		t.Fatalf("first tab %+v, want the document", tabs.Selected())
	}
	var names []string
	for _, it := range tabs.Items {
		names = append(names, it.Text)
	}
	if strings.Join(names, ",") != "Document,Details,Data as stored" {
		t.Errorf("tabs %q", names)
	}
	doc := labelsIn(tabs.Items[0].Content.(*container.Scroll).Content)
	all := strings.Join(doc, "\n")
	for _, want := range []string{"Visit summary", "Problems", "• Sugar diabetes, type 2\n• Old knee injury"} {
		if !strings.Contains(all, want) {
			t.Errorf("document lacks %q: %q", want, doc)
		}
	}
	for _, bad := range []string{"{", "resourceType", "2024-03-12", "javascript"} {
		if strings.Contains(all, bad) {
			t.Errorf("document shows %q: %q", bad, doc)
		}
	}
	form := tabs.Items[0].Content.(*container.Scroll).Content.(*fyne.Container).Objects[1].(*widget.Form)
	var labels []string
	values := map[string]string{}
	for _, it := range form.Items {
		labels = append(labels, it.Text)
		values[it.Text] = it.Widget.(*widget.Label).Text
	}
	if !slices.Contains(labels, "Written by") || !slices.Contains(labels, "Kept by") || values["Written"] != "12 Mar 2024" {
		t.Errorf("document header %q", values)
	}
	if raw := u.main.detail.Text; !strings.Contains(raw, "(the document, ") {
		t.Errorf("data as stored: %.200q", raw)
	}
}

// Record details name each date once, in words: no two "Date" rows, no ISO dates.
func TestRecordView_DatesInWords(t *testing.T) {
	u := unlocked(t)
	tabs := openDocument(t, u)
	form := tabs.Items[1].Content.(*container.Scroll).Content.(*widget.Form)
	seen := map[string]bool{}
	for _, it := range form.Items {
		if seen[it.Text] {
			t.Errorf("two %q rows", it.Text)
		}
		seen[it.Text] = true
		v := it.Widget.(*widget.Label).Text
		if isoDate.MatchString(v) {
			t.Errorf("%s: %q is not in words", it.Text, v)
		}
	}
	if !seen["Written"] || seen["Date"] {
		t.Errorf("rows %v", seen)
	}
}

// At 1024×600 with 200 % text a chosen record gets the room: it replaces the list, with a
// button back to it, and is tall enough to read (the detail pane was a few pixels tall).
func TestBrowser_DetailUsableAt200(t *testing.T) {
	for _, tc := range []struct {
		size fyne.Size
		text float64
	}{{walkSize, 2}, {walkSize, 1}, {fyne.NewSize(1200, 740), 1}} {
		t.Run(fmt.Sprintf("%vx%v@%v", tc.size.Width, tc.size.Height, tc.text*100), func(t *testing.T) {
			u := unlocked(t)
			u.app.Preferences().SetFloat(prefTextSize, tc.text)
			u.applyTheme()
			u.win.Resize(tc.size)
			u.shell.show(scFiles)
			u.idle()
			u.shell.portalsPage().tabs.SelectIndex(1)
			openDocument(t, u)
			m := u.main
			u.win.Resize(tc.size.SubtractWidthHeight(1, 1))
			u.win.Resize(tc.size)
			var out []misplaced
			walkBounds(u.win.Canvas().Content(), "records and files", &out)
			for _, mp := range out {
				t.Errorf("%s %s", mp.path, mp.what)
			}
			h := m.detailBody.Size().Height
			if min := 10 * theme.TextSize(); h < min {
				t.Errorf("the chosen record is %v high, want at least %v", h, min)
			}
			if m.detailBack.Visible() {
				if m.browser.Objects[1].Visible() {
					t.Error("back button beside the list")
				}
				test.Tap(m.detailBack)
				u.idle()
				if !m.browser.Objects[1].Visible() || m.browser.Objects[2].Visible() {
					t.Error("back did not show the list")
				}
				u.win.Resize(tc.size.SubtractWidthHeight(1, 1))
				u.win.Resize(tc.size)
				out = nil
				walkBounds(u.win.Canvas().Content(), "records and files, the list", &out)
				for _, mp := range out {
					t.Errorf("%s %s", mp.path, mp.what)
				}
			} else if tc.text == 2 {
				t.Error("at 200 % text the record is squeezed under the list")
			}
		})
	}
}

// A document written in the evening west of UTC, for a person on that clock (this computer's,
// in New York): its line in the list and the title over it say the day the document says, as
// its Written line does (they said the next day, the day of the sortable UTC index). The day
// is the person's (F78): TestPersonsClock_NearMidnightEverywhere has people on other clocks.
func TestBrowser_DocumentTitleDateIsItsOwnDay(t *testing.T) {
	t.Setenv("TZ", "America/New_York")
	u := unlocked(t)
	data := testutil.ReadFile(t, filepath.Join("..", "internal", "ccda", "testdata", "vendor-r11.xml"))
	data = bytes.Replace(data, []byte(`<effectiveTime value="20240312093000-0500"/>`), []byte(`<effectiveTime value="20240312223000-0500"/>`), 1)
	path := filepath.Join(t.TempDir(), "evening.xml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	openDocumentFile(t, u, path)
	if title := u.main.detailTitle.Text; !strings.HasPrefix(title, "12 Mar 2024 · ") {
		t.Errorf("title %q, want the document's own day, 12 Mar 2024", title)
	}
	if row := u.main.recordRows[0]; row.Date != "12 Mar 2024" {
		t.Errorf("list row %+v, want the document's own day", row)
	}
}

// New records arriving (a sync, an import, a household exchange reloads the people) leave the
// record being read open; it closed, and in a small window the list came back mid-reading.
func TestBrowser_RecordStaysOpenOnReload(t *testing.T) {
	u := unlocked(t)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(walkSize)
	openDocument(t, u)
	m := u.main
	open := m.selectedRec
	m.loadPeople("")
	u.idle()
	if m.selectedRec != open || !m.showDetail || tabsIn(m.detailBody) == nil {
		t.Errorf("after a reload: open %v (was %v), shown %v, %q", m.selectedRec, open, m.showDetail, labelsIn(m.detailBody))
	}
	if !strings.HasPrefix(m.recordsHead.Text, "Documents (") {
		t.Errorf("records heading %q", m.recordsHead.Text)
	}
}
