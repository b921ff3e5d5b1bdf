package sync_test

import (
	"testing"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A person is named by HumanName.text when there is one, a CJK name family first without a
// space; matching finds the same people as before: a re-import of the same file, another
// file with the same name, and a person named the old way ("小明 王", by hand or by an
// import before this change).
func TestImportNamesAndMatching(t *testing.T) {
	for _, tc := range []struct {
		name, shown, old string
		file             pat
	}{
		{"text", "محمد بن عبد الله", "محمد عبد الله",
			pat{text: "محمد بن عبد الله", given: []string{"محمد"}, family: "عبد الله", birth: "1970-05-06"}},
		{"CJK", "王小明", "小明 王", pat{given: []string{"小明"}, family: "王", birth: "1970-05-06"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := newVault(t)
			first := importData(t, v, "first.json", tc.file.json("p1"), cksync.Options{})
			ps, _ := v.Profiles()
			if len(ps) != 1 || ps[0].Name != tc.shown {
				t.Fatalf("people %+v, want one named %q", ps, tc.shown)
			}
			if again := importData(t, v, "first.json", tc.file.json("p1"), cksync.Options{}); again.Profile != first.Profile {
				t.Errorf("a re-import of the same file made another person")
			}
			if other := importData(t, v, "other.json", tc.file.json("p2"), cksync.Options{}); other.Profile != first.Profile {
				t.Errorf("another file with the same name and birth date made another person")
			}

			// A vault whose person was named the old way still finds them.
			v2, _ := newVault(t)
			old := storage.Profile{ID: storage.NewProfileID(), Name: tc.old, BirthDate: "1970-05-06", Created: time.Now().UTC()}
			if _, err := v2.Write(ctx, &storage.Batch{Profiles: []storage.Profile{old}, Now: time.Now()}); err != nil {
				t.Fatal(err)
			}
			if got := importData(t, v2, "first.json", tc.file.json("p1"), cksync.Options{}); got.Profile != old.ID {
				t.Errorf("the person named %q the old way was not found", tc.old)
			}
			if ps, _ := v2.Profiles(); len(ps) != 1 {
				t.Errorf("%d people, want 1", len(ps))
			}
		})
	}
}
