package intake

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

const (
	closingReferral = "ccda/hl7-examples/Referrals - Planned and Completed/Close Referral with a Document/Consult Document Closing Referral(C-CDAR2.1).xml"
	ccd1            = "ccda/hl7-examples/Documents/CCD/CCD 1/CCD.XML"
)

// anotherWithTheSameNumber is another closing referral (another document id), of someone else,
// Adam Quincy, born the same day, whose form gave the same placeholder number.
func anotherWithTheSameNumber(t *testing.T) []byte {
	doc := testutil.ReadFile(t, testutil.Fixture(t, closingReferral))
	for _, r := range [][2]string{{"<given>Eve</given>", "<given>Adam</given>"}, {`<family qualifier="SP">Betterhalf</family>`, "<family>Quincy</family>"},
		{`<family qualifier="BR">Everywoman</family>`, "<family>Quincy</family>"}, {`<id extension="TT988"`, `<id extension="TT989"`}} {
		if !bytes.Contains(doc, []byte(r[0])) {
			t.Fatalf("the fixture has no %s", r[0])
		}
		doc = bytes.ReplaceAll(doc, []byte(r[0]), []byte(r[1]))
	}
	return doc
}

// peopleNamed lists the people of the vault by name and birth date.
func peopleNamed(t *testing.T, v *storage.Vault) map[string]int {
	t.Helper()
	ps, err := v.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, p := range ps {
		out[p.Name+", born "+p.BirthDate]++
	}
	return out
}

// F488 (3): importing the HL7 C-CDA examples made two "Eve Betterhalf, born 1 May 1975": the
// closing referral gives her the social security number 000-00-0000, which no one can have,
// and it counted as another number than CCD 1's 444222222. Such a number now names nobody:
// the referral is hers. It no longer keys the document's records either, so someone else
// whose form gave the same placeholder is another person (it made every such patient one
// Patient record).
func TestPlaceholderNumberIsNoOnesNumber(t *testing.T) {
	v := newVault(t)
	opt := Options{Options: cksync.Options{Now: clock}}
	for _, f := range []string{ccd1, closingReferral} {
		if _, err := importPath(t, v, write(t, "doc.xml", testutil.ReadFile(t, testutil.Fixture(t, f))), opt); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if got := peopleNamed(t, v); len(got) != 1 || got["Eve Betterhalf, born 1975-05-01"] != 1 {
		t.Fatalf("people after CCD 1 and the closing referral: %v, want Eve Betterhalf once", got)
	}
	s, err := importPath(t, v, write(t, "adam.xml", anotherWithTheSameNumber(t)), opt)
	if err != nil {
		t.Fatalf("Adam Quincy's referral: %v", err)
	}
	if got := peopleNamed(t, v); len(got) != 2 || got["Adam Quincy, born 1975-05-01"] != 1 {
		t.Errorf("people after Adam Quincy's referral (%s): %v", s.Describe(), got)
	}
	ps, _ := v.Profiles()
	for _, p := range ps {
		for _, ident := range p.Identifiers {
			if ident == "http://hl7.org/fhir/sid/us-ssn|000-00-0000" {
				t.Errorf("%s keeps 000-00-0000 as a record number", p.Name)
			}
		}
	}
}

// F488 (3) in a vault made by the older code (testdata/placeholder-ssn-vault: the closing
// referral imported by CareKeeper at 3018e46, its records keyed by 000-00-0000): imported
// again, the referral updates Eve's records, with no new copies and no second Eve; another
// person's referral with the same placeholder is not put with her.
func TestPlaceholderNumberVaultMadeByOlderCode(t *testing.T) {
	src := filepath.Join("testdata", "placeholder-ssn-vault")
	dir := filepath.Join(t.TempDir(), "vault")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o700)
		}
		if d.Name() == "README.md" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := storage.Open(dir, []byte("correct horse battery staple"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	before := counts(t, v)
	if before["Patient"] != 1 {
		t.Fatalf("the older vault holds %v", before)
	}
	opt := Options{Options: cksync.Options{Now: clock}}
	s, err := importPath(t, v, write(t, "doc.xml", testutil.ReadFile(t, testutil.Fixture(t, closingReferral))), opt)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, k := range s.Added {
		n += k
	}
	if after := counts(t, v); n != 0 || len(after) != len(before) || after["Patient"] != 1 || after["DocumentReference"] != before["DocumentReference"] {
		t.Errorf("imported again: %s; the vault holds %v, before %v", s.Describe(), after, before)
	}
	if got := peopleNamed(t, v); len(got) != 1 || got["Eve Betterhalf, born 1975-05-01"] != 1 {
		t.Errorf("people: %v", got)
	}
	if _, err := importPath(t, v, write(t, "adam.xml", anotherWithTheSameNumber(t)), opt); err != nil {
		t.Fatalf("Adam Quincy's referral: %v", err)
	}
	if got := peopleNamed(t, v); len(got) != 2 || got["Adam Quincy, born 1975-05-01"] != 1 {
		t.Errorf("people after Adam Quincy's referral: %v", got)
	}
}
