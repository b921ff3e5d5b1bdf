package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/secret"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/fhir"
	"carekeeper/sync/household"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestPlainError(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	tests := []struct {
		name string
		err  error
		want string // a part of the plain words
	}{
		{"unreachable portal", fmt.Errorf("smart: discovery failed: %w", dial), "could not reach the portal. Check the address and your connection."},
		{"unreachable, type lost", errors.New("smart: discovery failed: dial tcp 10.0.0.1:443: connect: connection refused"), "could not reach the portal"},
		{"unknown host", fmt.Errorf("discover: %w", &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}), "could not find the portal"},
		{"server error", fmt.Errorf("sync: %w", &fhir.OutcomeError{Status: 503}), "problem of its own"},
		{"sign in again", fmt.Errorf("sync: %w", cksync.ErrSignInAgain), "sign in again"},
		{"wrong passphrase", fmt.Errorf("unlock: %w", storage.ErrWrongPassphrase), "Wrong passphrase"},
		{"not FHIR", &cksync.FileError{File: "a.json", Err: &fhirjson.Error{Msg: "not JSON"}}, "not a health record"},
		{"not JSON", &cksync.FileError{File: "a.json", Err: &json.SyntaxError{}}, "download my record"},
		{"missing file", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, "not there any more"},
		{"disk full", fmt.Errorf("write: %w", &os.SyscallError{Syscall: "write", Err: syscall.ENOSPC}), "disk is full"},
		// Refused by the household's roles: "Try again" never helps, so it is said why.
		{"view only", fmt.Errorf("deleting the person: %w", storage.ErrViewOnly), "may only view this person"},
		{"not a sharer", household.ErrNotSharer, "Only a computer that manages this person can share them"},
		{"not a manager", household.ErrNotManager, "can add or remove computers"},
		{"damaged key file", fmt.Errorf("unlock: %w", secret.ErrCorrupt), "key file is damaged"},
		{"unknown", errors.New("badger: something internal"), "Something went wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := plainError(tt.err)
			if !strings.Contains(got, tt.want) {
				t.Errorf("plainError = %q, want it to contain %q", got, tt.want)
			}
			for _, jargon := range []string{"dial tcp", "smart:", "fhir:", "badger"} {
				if strings.Contains(got, jargon) {
					t.Errorf("plainError = %q speaks jargon (%q)", got, jargon)
				}
			}
		})
	}
	// Inline, an unknown error keeps its detail (there is no Details button).
	if got := errorText(errors.New("badger: x")); !strings.Contains(got, "Details: Badger: x.") {
		t.Errorf("errorText(unknown) = %q, want the detail", got)
	}
	if got := errorText(context.Canceled); strings.Contains(got, "Details") {
		t.Errorf("errorText(cancelled) = %q", got)
	}
}

// The technical text is behind "Details", folded; the plain words come first.
func TestShowError_Details(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	w.Resize(fyne.NewSize(1024, 600))
	err := fmt.Errorf("smart: discovery failed: %w", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")})
	showError(w, "Could not sync", err)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	var texts []string
	var acc *widget.Accordion
	walk(top, func(o any) {
		switch o := o.(type) {
		case *widget.Label:
			if o.Visible() {
				texts = append(texts, o.Text)
			}
		case *widget.Accordion:
			acc = o
		}
	})
	all := strings.Join(texts, "\n")
	if !strings.Contains(all, "CareKeeper could not reach the portal. Check the address and your connection.") {
		t.Errorf("dialog shows %q, want the plain words", all)
	}
	if strings.Contains(all, "dial") {
		t.Errorf("the technical detail is shown before Details is opened: %q", all)
	}
	if acc == nil || len(acc.Items) != 1 || acc.Items[0].Title != "Details" || acc.Items[0].Open {
		t.Fatalf("want a folded Details item, got %#v", acc)
	}
	if d := acc.Items[0].Detail.(*widget.Label).Text; !strings.Contains(d, "dial tcp: connection refused") {
		t.Errorf("Details = %q, want the error's text", d)
	}
	showError(w, "Cancelled", context.Canceled)
	if w.Canvas().Overlays().Top() != top {
		t.Error("a cancelled job showed an error")
	}
}

// Counts use the plural forms of translations/en.json: never "1 people" or "1 check-ins".
func TestCount_Plurals(t *testing.T) {
	data, err := translations.ReadFile("translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var forms map[string]map[string]string
	if err := json.Unmarshal(data, &forms); err != nil {
		t.Fatal(err)
	}
	extra := map[string]any{"Date": "2 Jan 2006", "Severity": "mild", "File": "f.json", "Name": "Mum",
		"Upcoming": 0, "Shown": 1, "Done": 1, "OnTime": 1, "Percent": "100%", "Late": 0, "Skipped": 0, "Missed": 0}
	for key, f := range forms {
		if f["one"] == "" || f["other"] == "" {
			t.Errorf("%q lacks a one or other form", key)
			continue
		}
		if key != f["other"] {
			t.Errorf("%q: the key must be the English other form %q", key, f["other"])
		}
		one, two := count(1, key, extra), count(2, key, extra)
		if strings.Contains(one, "{{") {
			t.Errorf("count(1, %q) = %q", key, one)
		}
		if one == two {
			t.Errorf("count(1) and count(2) of %q are both %q", key, one)
		}
	}
	for _, tt := range []struct {
		n    int
		key  string
		want string
	}{
		{1, "{{.Count}} people", "1 person"},
		{2, "{{.Count}} people", "2 people"},
		{1, "{{.Count}} check-ins; the last on {{.Date}}: {{.Severity}}.", "1 check-in, on 2 Jan 2006: mild."},
		{3, "{{.Count}} check-ins; the last on {{.Date}}: {{.Severity}}.", "3 check-ins; the last on 2 Jan 2006: mild."},
		{0, "{{.Count}} records", "0 records"},
		{1, "{{.Count}} visits", "1 visit"},
		{1, "{{.Count}} bills. Choose one to see the statement.", "1 bill. Choose it to see the statement."},
		{1, "{{.Count}} contacts. Choose one for their phone, email and visits.", "1 contact. Choose them for their phone, email and visits."},
		{1, "{{.Count}} kinds of measurement", "1 kind of measurement"},
		{1, "{{.Count}} readings", "1 reading"},
		{2, "{{.Count}} readings", "2 readings"},
		{1, "{{.Upcoming}} upcoming, {{.Count}} past visits. Choose an appointment to edit or export it.", "0 upcoming, 1 past visit. Choose an appointment to edit or export it."},
		{1, "{{.Shown}} of {{.Count}} events", "1 of 1 event"},
		{1, "{{.Count}} appointments saved. Open the file with your calendar to add them.", "1 appointment saved. Open the file with your calendar to add it."},
	} {
		if got := count(tt.n, tt.key, extra); got != tt.want {
			t.Errorf("count(%d, %q) = %q, want %q", tt.n, tt.key, got, tt.want)
		}
	}
}

// walk calls fn for o and every object inside it, widgets by their renderers.
func walk(o fyne.CanvasObject, fn func(any)) {
	fn(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, ch := range c.Objects {
			walk(ch, fn)
		}
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			walk(ch, fn)
		}
	}
}

// The window opens at most 90 % of the screen, and at its default size on a large one.
func TestWindowSize(t *testing.T) {
	for _, tt := range []struct {
		screen, want fyne.Size
	}{
		{fyne.NewSize(1024, 600), fyne.NewSize(1024*0.9, 600*0.9)},
		{fyne.NewSize(1920, 1080), defaultSize},
		{fyne.NewSize(1280, 800), fyne.NewSize(1152, 720)},
	} {
		if got := windowSize(tt.screen); got != tt.want {
			t.Errorf("windowSize(%v) = %v, want %v", tt.screen, got, tt.want)
		}
	}
	dir, _ := newVault(t)
	u := newTestUI(t, dir)
	u.SetScreen(func() (fyne.Size, bool) { return fyne.NewSize(1024, 600), true })
	u.fitToScreen()
	if s := u.win.Canvas().Size(); s.Width > 1024*0.9 || s.Height > 600*0.9 {
		t.Errorf("window %v on a 1024×600 screen, want at most 90 %%", s)
	}
}

// Every count in the app's screens has its plural forms: each count() message is in
// translations/en.json, and no translated message puts a number before a noun with %d ("1
// people", "1 check-ins"), apart from the few whose words do not change with the number.
func TestCount_EveryMessageHasForms(t *testing.T) {
	data, err := translations.ReadFile("translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var forms map[string]map[string]string
	if err := json.Unmarshal(data, &forms); err != nil {
		t.Fatal(err)
	}
	invariant := map[string]bool{ // adjectives and "file N of M": the same for 1 and 2
		"%d being taken":            true,
		"%d to confirm":             true,
		"%d to start":               true,
		"%d stopped or in the past": true,
		"Importing file %d of %d":   true,
		"%d new, %d changed, %d deleted at the portal": true,
		"%d booked for after the death":                true,
		// percentages, and a count said only when more than four places match
		"Text size %d%% does not fit this screen: %d%% used.":                  true,
		"%d places match: type more of the name, or choose one from the list.": true,
		// said only past the list's 200 lines (maxReadingLines): always many
		"The %d newest of %d readings are listed: choose a shorter period to see the earlier ones.": true,
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	counts := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			lit := func(i int) (string, bool) {
				if len(call.Args) <= i {
					return "", false
				}
				b, ok := call.Args[i].(*ast.BasicLit)
				if !ok || b.Kind != token.STRING {
					return "", false
				}
				s, err := strconv.Unquote(b.Value)
				return s, err == nil
			}
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				if fn.Name == "count" {
					key, ok := lit(1)
					if !ok {
						t.Errorf("%s: count with a message that is not a literal", fset.Position(call.Pos()))
						break
					}
					counts++
					if forms[key]["one"] == "" {
						t.Errorf("%s: %q has no plural forms in translations/en.json", fset.Position(call.Pos()), key)
					}
				}
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "lang" && fn.Sel.Name == "L" {
					if s, ok := lit(0); ok && strings.Contains(s, "%d") && !invariant[s] {
						t.Errorf("%s: %q counts with %%d: use count() and its plural forms", fset.Position(call.Pos()), s)
					}
				}
			}
			return true
		})
	}
	if counts < 20 {
		t.Errorf("found %d count() calls: the scan is not reading the screens", counts)
	}
}
