package app

import (
	"context"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F471 item 4: Kenji's tablet, which holds his late father first, opened on the father —
// "Kenji Nakamura (born 1946, died 2026)", nothing to do — at every start. It opens on the
// first person living.
func TestStartOpensOnTheFirstPersonLiving(t *testing.T) {
	dir, _ := newVault(t)
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, f := range []string{
		`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"sr","name":[{"family":"Nakamura","given":["Kenji"]}],"birthDate":"1946-02-11","deceasedDateTime":"2026-09-14"}}]}`,
		`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"jr","name":[{"family":"Nakamura","given":["Kenji"]}],"birthDate":"1974-06-30"}}]}`,
	} {
		if _, err := cksync.Import(ctx, v, "k.json", []byte(f), cksync.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	ps, _ := v.Profiles()
	if len(ps) != 2 || ps[0].BirthDate != "1946-02-11" {
		t.Fatalf("people: %+v", ps)
	}
	son := ps[1].ID
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, dir)
	u.unlock.pass.SetText(testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatal("not unlocked")
	}
	if got := u.shell.profile; got != son {
		t.Errorf("opens on %q (%s), want the son %s", got, u.shell.person.Selected, son)
	}
}
