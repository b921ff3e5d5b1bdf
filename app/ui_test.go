package app

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

func TestUI_CreateVault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	u := newTestUI(t, dir)
	s := u.create
	if s == nil {
		t.Fatal("no vault yet, but the create screen is not shown")
	}
	if !s.createBt.Disabled() {
		t.Error("create button enabled before a passphrase is typed")
	}

	// Typing the second copy: a hint while it is a prefix, an error once it differs.
	test.Type(s.fields.pass, testPass)
	test.Type(s.fields.again, "correct horse")
	if s.fields.message.isError() || !s.createBt.Disabled() {
		t.Errorf("half-typed confirmation: error=%v disabled=%v", s.fields.message.isError(), s.createBt.Disabled())
	}
	test.Type(s.fields.again, "X")
	if !s.fields.message.isError() || s.fields.message.Text != "The passphrases do not match." {
		t.Errorf("mismatch message = %q (error %v)", s.fields.message.Text, s.fields.message.isError())
	}
	if !s.createBt.Disabled() {
		t.Error("create button enabled with mismatching passphrases")
	}
	submit(s.fields.again) // Enter with a mismatch does nothing
	u.idle()
	if u.create != s || storage.Exists(dir) {
		t.Fatal("Enter created a vault with mismatching passphrases")
	}

	// Empty passphrase with something in the second field.
	s.fields.pass.SetText("")
	if !s.fields.message.isError() || s.fields.message.Text != "Enter a passphrase." {
		t.Errorf("empty message = %q (error %v)", s.fields.message.Text, s.fields.message.isError())
	}

	setText(s.fields.pass, testPass)
	setText(s.fields.again, testPass)
	if s.fields.message.isError() || s.createBt.Disabled() {
		t.Fatalf("matching passphrases: message %q, disabled %v", s.fields.message.Text, s.createBt.Disabled())
	}
	submit(s.fields.again) // Enter creates
	u.idle()
	if s.status.isError() {
		t.Fatalf("create failed: %s", s.status.Text)
	}
	r := u.recovery
	if r == nil {
		t.Fatal("the recovery code is not shown after creating the vault")
	}
	if s.fields.pass.Text != "" || s.fields.again.Text != "" {
		t.Error("passphrase left in the entries")
	}
	code := r.code.Text
	if !regexp.MustCompile(`^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$`).MatchString(code) {
		t.Errorf("recovery code %q is not in groups of four", code)
	}
	if !r.code.Selectable {
		t.Error("recovery code is not selectable")
	}
	test.Tap(r.copyBt)
	if got := u.app.Clipboard().Content(); got != code {
		t.Errorf("clipboard = %q, want the code", got)
	}

	// Continue is gated on the confirmation.
	if !r.continBt.Disabled() {
		t.Error("continue enabled before confirming the code was saved")
	}
	test.Tap(r.continBt)
	if u.recovery != r || u.main != nil {
		t.Fatal("continued without confirming the code was saved")
	}
	test.Tap(r.saved)
	if r.continBt.Disabled() {
		t.Fatal("continue still disabled after confirming")
	}
	test.Tap(r.continBt)
	u.idle()
	if u.main == nil {
		t.Fatal("records browser not shown after the recovery code")
	}
	if r.code.Text != "" {
		t.Error("recovery code left in the label")
	}
	if !u.main.empty.Visible() || u.main.browser.Visible() {
		t.Error("a new vault does not show the empty state")
	}

	// The code shown really opens the vault.
	if err := u.Close(); err != nil {
		t.Fatal(err)
	}
	v, err := storage.OpenWithRecoveryCode(dir, code, storage.Options{})
	if err != nil {
		t.Fatalf("the recovery code shown does not open the vault: %v", err)
	}
	v.Close()
}

func TestUI_Unlock(t *testing.T) {
	dir, _ := newVault(t)
	u := newTestUI(t, dir)
	s := u.unlock
	if s == nil {
		t.Fatal("a vault exists, but the unlock screen is not shown")
	}
	if !s.unlockBt.Disabled() {
		t.Error("unlock enabled with an empty passphrase")
	}
	submit(s.pass)
	if s.message.Text != "Enter your passphrase." {
		t.Errorf("empty Enter: message %q", s.message.Text)
	}

	test.Type(s.pass, "wrong passphrase")
	submit(s.pass)
	u.idle()
	if u.unlock != s || u.vault != nil {
		t.Fatal("unlocked with a wrong passphrase")
	}
	if !s.message.isError() || !strings.HasPrefix(s.message.Text, "Wrong passphrase.") {
		t.Errorf("wrong passphrase: message %q (error %v)", s.message.Text, s.message.isError())
	}
	if s.pass.Text != "" || s.pass.Disabled() {
		t.Errorf("after a wrong passphrase the entry should be empty and enabled: %q, disabled %v", s.pass.Text, s.pass.Disabled())
	}

	test.Type(s.pass, testPass)
	test.Tap(s.unlockBt)
	u.idle()
	if u.main == nil || u.vault == nil {
		t.Fatalf("right passphrase did not unlock: %q", s.message.Text)
	}
}

func TestUI_UnlockInUse(t *testing.T) {
	dir, _ := newVault(t)
	other, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	u := newTestUI(t, dir)
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.vault != nil {
		t.Fatal("opened a vault that is in use")
	}
	if got := u.unlock.message.Text; !strings.HasPrefix(got, "This vault is open in another CareKeeper") {
		t.Errorf("message %q", got)
	}
}

func TestUI_Recover(t *testing.T) {
	dir, code := newVault(t)
	u := newTestUI(t, dir)
	test.Tap(u.unlock.forgotBt)
	s := u.recover
	if s == nil {
		t.Fatal("recovery screen not shown")
	}
	const newPass = "a brand new passphrase"
	test.Type(s.code, "ABCD-EFGH")
	test.Type(s.fields.pass, newPass)
	test.Type(s.fields.again, newPass)
	if s.recoverBt.Disabled() {
		t.Fatal("recover button disabled with everything typed")
	}
	test.Tap(s.recoverBt)
	u.idle()
	if u.vault != nil {
		t.Fatal("a wrong recovery code opened the vault")
	}
	if !s.status.isError() || !strings.Contains(s.status.Text, "recovery code") {
		t.Errorf("wrong code: message %q", s.status.Text)
	}

	setText(s.code, strings.ToLower(code))
	setText(s.fields.pass, newPass)
	setText(s.fields.again, newPass)
	submit(s.fields.again)
	u.idle()
	if u.main == nil {
		t.Fatalf("recovery did not open the vault: %q", s.status.Text)
	}
	if err := u.Close(); err != nil {
		t.Fatal(err)
	}
	v, err := storage.Open(dir, []byte(newPass), storage.Options{})
	if err != nil {
		t.Fatalf("the new passphrase does not open the vault: %v", err)
	}
	v.Close()
}

func TestUI_RecoverBack(t *testing.T) {
	dir, _ := newVault(t)
	u := newTestUI(t, dir)
	test.Tap(u.unlock.forgotBt)
	test.Tap(u.recover.backBt)
	if u.unlock == nil {
		t.Fatal("Back does not return to the unlock screen")
	}
}

func TestUI_AddPerson(t *testing.T) {
	u := unlocked(t)
	m := u.main
	if len(m.people) != 1 || m.people[0].Name != "All people" {
		t.Fatalf("people of an empty vault: %+v", m.people)
	}
	if !m.empty.Visible() {
		t.Error("empty vault: no empty state")
	}
	test.Tap(m.addPersonBt)
	d := m.addPerson
	if d == nil {
		t.Fatal("add person dialog not shown")
	}
	test.Type(d.name, "Ada Lovelace")
	test.Type(d.birth, "1815-13-40")
	d.dialog.Submit() // invalid date: refused
	if m.addPerson != d {
		t.Fatal("submitted with an invalid birth date")
	}
	setText(d.birth, "1815-12-10")
	submit(d.birth) // Enter submits
	u.idle()
	if m.addPerson != nil {
		t.Fatal("dialog still open after submitting")
	}
	if len(m.people) != 2 || m.people[1].Name != "Ada Lovelace" || m.people[1].BirthDate != "1815-12-10" {
		t.Fatalf("people: %+v", m.people)
	}
	if m.selected != m.people[1].ID || m.heading.Text != "Ada Lovelace" {
		t.Errorf("new person not chosen: selected %q, heading %q", m.selected, m.heading.Text)
	}
	if !m.empty.Visible() || m.browser.Visible() {
		t.Error("a new person does not show the empty state")
	}
	if !strings.Contains(m.subheading.Text, "born 10 Dec 1815") {
		t.Errorf("subheading %q", m.subheading.Text)
	}
}

func TestUI_ImportAndBrowse(t *testing.T) {
	path := fixture(t, "synthea/Clemente_Kreiger_*.json")
	u := unlocked(t)
	m := u.main
	m.importFiles([]string{path})
	if m.importing == nil {
		t.Fatal("no import running")
	}
	u.idle()
	if m.importing != nil {
		t.Fatal("import still marked running")
	}
	if m.results == nil || len(m.results.results) != 1 {
		t.Fatal("no import results shown")
	}
	res := m.results.results[0]
	if res.Err != nil {
		t.Fatalf("import failed: %s", res.Line())
	}
	if !strings.Contains(res.Line(), "70 added") {
		t.Errorf("result line %q", res.Line())
	}
	if m.results.summary != "1 file imported." {
		t.Errorf("summary %q", m.results.summary)
	}

	// The person the file is about was created and chosen.
	if len(m.people) != 2 || !strings.Contains(m.people[1].Name, "Clemente") {
		t.Fatalf("people after import: %+v", m.people)
	}
	if m.selected != m.people[1].ID {
		t.Errorf("imported person not chosen")
	}
	if m.empty.Visible() || !m.browser.Visible() {
		t.Error("records imported, but the browser is not shown")
	}
	want := map[string]int{"Observation": 48, "Encounter": 3, "Immunization": 4, "Patient": 1, "Condition": 1}
	for typ, n := range want {
		if got := typeCount(m, typ); got != n {
			t.Errorf("%s: count %d, want %d", typ, got, n)
		}
	}

	// Browse the observations: newest first, each with a date and a summary.
	m.typeList.Select(typeIndex(m, "Observation"))
	u.idle()
	if m.selectedType != "Observation" || len(m.recordRows) != 48 {
		t.Fatalf("observations: type %q, %d rows", m.selectedType, len(m.recordRows))
	}
	for i, r := range m.recordRows {
		if r.Date == "" || r.Summary == "" || strings.HasPrefix(r.Summary, "Observation/") {
			t.Errorf("row %d: %+v", i, r)
		}
		if i > 0 && r.sortKey > m.recordRows[i-1].sortKey {
			t.Errorf("rows not newest first at %d", i)
		}
	}
	if m.recordsHead.Text != "Tests and measurements (48)" {
		t.Errorf("records heading %q", m.recordsHead.Text)
	}
	if labels := labelsIn(m.detailBody); len(labels) != 1 || labels[0] != detailPlaceholder {
		t.Errorf("detail before choosing: %q", labels)
	}
	m.recordList.Select(0)
	u.idle()
	if !strings.HasPrefix(m.detail.Text, "{\n  \"resourceType\": \"Observation\",") {
		t.Errorf("detail is not the pretty-printed resource: %.80q", m.detail.Text)
	}
	if !strings.Contains(m.detailTitle.Text, m.recordRows[0].Date) {
		t.Errorf("detail title %q", m.detailTitle.Text)
	}

	// The detail view cannot be edited.
	before := m.detail.Text
	test.Type(m.detail, "xyz")
	m.detail.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if m.detail.Text != before {
		t.Error("the detail view was edited")
	}

	// All people: everything, including the shared organization and practitioner.
	m.peopleList.Select(0)
	u.idle()
	if m.selected != "" || typeCount(m, "Observation") != 48 || typeCount(m, "Organization") != 1 {
		t.Errorf("all people: selected %q, types %+v", m.selected, m.typeRows)
	}

	// Importing the same file again changes nothing and keeps the choice.
	m.importFiles([]string{path})
	u.idle()
	if r := m.results.results[0]; r.Err != nil || !strings.HasPrefix(r.Summary.Describe(), "nothing new") {
		t.Errorf("re-import: %s", r.Line())
	}
	if m.selected != "" || len(m.people) != 2 {
		t.Errorf("re-import changed the choice or the people: %q %+v", m.selected, m.people)
	}
}

func TestUI_ImportErrors(t *testing.T) {
	u := unlocked(t)
	m := u.main
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"resourceType": "Patient", "id": `), 0o600); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(tmp, "good.json")
	if err := os.WriteFile(good, []byte(`{"resourceType":"Patient","id":"p1","name":[{"given":["Grace"],"family":"Hopper"}],"birthDate":"1906-12-09"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	m.importFiles([]string{bad, filepath.Join(tmp, "missing.json"), good})
	u.idle()
	rs := m.results.results
	if len(rs) != 3 {
		t.Fatalf("%d results", len(rs))
	}
	for i, wantErr := range []bool{true, true, false} {
		if (rs[i].Err != nil) != wantErr {
			t.Errorf("file %d: error %v", i, rs[i].Err)
		}
		if line := rs[i].Line(); strings.Contains(line, "\n") || strings.Contains(line, tmp) {
			t.Errorf("result line is not one short line: %q", line)
		}
	}
	if !strings.HasPrefix(rs[0].Line(), "bad.json: ") || rs[1].Line() != "missing.json: no such file" {
		t.Errorf("error lines: %q, %q", rs[0].Line(), rs[1].Line())
	}
	if want := "1 file imported; 2 files could not be imported. Nothing from a file that failed was saved."; m.results.summary != want {
		t.Errorf("summary %q", m.results.summary)
	}
	if len(m.people) != 2 || m.people[1].Name != "Grace Hopper" {
		t.Errorf("people: %+v", m.people)
	}
}

func TestUI_ImportFolder(t *testing.T) {
	tmp := t.TempDir()
	for _, n := range []string{"b.json", "a.ndjson", "c.json.gz", "notes.txt", ".hidden.json"} {
		if err := os.WriteFile(filepath.Join(tmp, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := importableFiles(tmp)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range got {
		names = append(names, filepath.Base(p))
	}
	if strings.Join(names, " ") != "a.ndjson b.json c.json.gz" {
		t.Errorf("importable files: %v", names)
	}

	// Dropping the folder and a file: the folder's FHIR files, then the file as it is.
	other := filepath.Join(t.TempDir(), "notes.txt")
	dropped := droppedFiles([]fyne.URI{fynestorage.NewFileURI(tmp), fynestorage.NewFileURI(other)})
	if len(dropped) != 4 || dropped[0] != filepath.Join(tmp, "a.ndjson") || dropped[3] != other {
		t.Errorf("dropped: %v", dropped)
	}
}

func TestUI_LockShortcut(t *testing.T) {
	u := unlocked(t)
	dir := u.dir
	// Ctrl+O opens the file dialog.
	u.win.Canvas().(fyne.Shortcutable).TypedShortcut(importShortcut)
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("Ctrl+O did not open the file dialog")
	}
	// Ctrl+L locks, even with the detail view focused, and closes the dialog.
	u.win.Canvas().Focus(u.main.detail)
	u.main.detail.TypedShortcut(lockShortcut)
	u.idle()
	if u.vault != nil || u.main != nil || u.unlock == nil {
		t.Fatal("Ctrl+L did not lock")
	}
	if u.win.Canvas().Overlays().Top() != nil {
		t.Error("a dialog stayed open over the unlock screen")
	}
	if u.app.Preferences().String(fileDialogFolderKey) != "" {
		t.Error("the file dialog's folder was left in the preferences")
	}
	// The vault is really closed: another process could open it now.
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatalf("vault still locked after Lock: %v", err)
	}
	v.Close()
	// And unlocking again works.
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.main == nil {
		t.Fatalf("unlock after lock failed: %q", u.unlock.message.Text)
	}
}

func TestUI_LockButton(t *testing.T) {
	u := unlocked(t)
	u.main.recordList.Select(0) // nothing there: no job
	test.Tap(u.main.lockBt)
	if u.vault != nil || u.unlock == nil {
		t.Fatal("Lock button did not lock")
	}
	// Unlock again at once, while the vault may still be closing.
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.main == nil {
		t.Fatalf("unlock right after lock failed: %q", u.unlock.message.Text)
	}
}

func TestUI_CloseWindowClosesVault(t *testing.T) {
	u := unlocked(t)
	u.onCloseRequested()
	u.idle()
	if u.vault != nil {
		t.Fatal("vault still held after closing the window")
	}
	v, err := storage.Open(u.dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatalf("vault not closed with the window: %v", err)
	}
	v.Close()
}

func TestUI_LockDuringImport(t *testing.T) {
	path := fixture(t, "synthea/Clemente_Kreiger_*.json")
	u := unlocked(t)
	u.main.importFiles([]string{path, path, path})
	u.lock() // cancels the import, whatever it has done so far
	u.idle()
	if u.vault != nil || u.unlock == nil {
		t.Fatal("not locked")
	}
	if u.win.Canvas().Overlays().Top() != nil {
		t.Error("the import dialog stayed over the unlock screen")
	}
	v, err := storage.Open(u.dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatalf("vault not closed after locking during an import: %v", err)
	}
	v.Close()
}

func TestImportErrorText(t *testing.T) {
	r := importResult{Name: "a.json", Err: &cksync.FileError{File: "/x/a.json", Err: context.Canceled}}
	if got := r.Line(); got != "a.json: cancelled; nothing from this file was saved" {
		t.Errorf("Line = %q", got)
	}
	s := &cksync.Summary{Added: map[string]int{"Observation": 2, "Patient": 1}, Updated: map[string]int{}, Unchanged: 4}
	if got := s.Describe(); got != "3 added, 4 unchanged" {
		t.Errorf("Describe = %q", got)
	}
}
