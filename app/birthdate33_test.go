package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F397: Edit person changed the birth date on People alone; the person's Patient record
// (what an export, the IPS and the household's other devices read) kept the old one, and
// the two then disagreed. Save now changes both (cksync.SetBirthDate, as 'profile set
// --birth-date').
func TestEditPerson_BirthDateChangesThePatientRecordToo(t *testing.T) {
	u := unlocked(t)
	f := filepath.Join(t.TempDir(), "lily.json")
	if err := os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"http://example.org/fhir/Patient/lily","resource":{"resourceType":"Patient","id":"lily","name":[{"family":"Moreno","given":["Lily","Rose"]}],"birthDate":"2009-04-14"}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := cksync.ImportFile(context.Background(), u.vault, f, cksync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := u.vault.Profile(s.Profile)
	if err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(p.ID)
	u.idle()
	u.shell.show(scPeople)
	u.idle()
	pp := u.shell.pages[scPeople].(*peoplePage)
	pp.openEditor(p)
	u.idle()
	pp.edit.birth.SetText("14 Apr 2019")
	u.idle()
	pp.edit.dialog.Submit()
	u.idle()
	if got, err := u.vault.Profile(p.ID); err != nil || got.BirthDate != "2019-04-14" || got.Name != p.Name {
		t.Errorf("People: %+v (%v), want born 2019-04-14", got, err)
	}
	var born []string
	u.vault.Records(context.Background(), storage.Query{Type: "Patient"}, func(r *storage.Record) error {
		var res struct{ BirthDate string }
		json.Unmarshal(r.Resource, &res)
		born = append(born, res.BirthDate)
		return nil
	})
	if len(born) != 1 || born[0] != "2019-04-14" {
		t.Errorf("the Patient record says born %v, People 2019-04-14", born)
	}
}
