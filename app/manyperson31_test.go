package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F346: a file of three people imported into the person shown is asked about in words true
// for three: it names them, says it adds that many people (or files into the one already
// here), and names whom the death it states is about; the answer adds each of them once (not
// all three into Fay Future, who is first in the file and already here).
//
// The death at 12:00 UTC is on 20 Nov on this computer's clock west of UTC+12 (21 Nov under
// TZ=Pacific/Chatham): the test is on UTC's clock.
func TestImport_ManyPersonFileQuestion(t *testing.T) {
	onUTCClock(t)
	const file = `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"f","gender":"female","birthDate":"1961-04-05","name":[{"family":"Future","given":["Fay"]}]}},
{"resource":{"resourceType":"Patient","id":"z","gender":"male","birthDate":"1940-02-03","deceasedDateTime":"2026-11-20T12:00:00Z","name":[{"family":"Gone","given":["Zed"]}]}},
{"resource":{"resourceType":"Patient","id":"b","gender":"female","birthDate":"2001-06-07","name":[{"family":"Born","given":["Bea"]}]}},
{"resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}],"text":"Body weight"},"subject":{"reference":"Patient/b"},"effectiveDateTime":"2026-10-01T09:00:00Z","valueQuantity":{"value":60,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}]}`
	for _, tc := range []struct {
		name          string
		fayHere       bool // Fay Future is already a person of the vault
		question, btn string
		people        int // people in the vault after the answer
	}{
		{"three new people", false,
			"Import this file as 3 new people (Fay Future, Zed Gone, Bea Born), or into Mum anyway?", "Import as 3 new people", 4},
		{"one of them already here", true,
			"Import this file into Fay Future and 2 new people (Zed Gone, Bea Born), or into Mum anyway?", "Import into Fay Future and 2 new people", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := unlocked(t)
			m := u.main
			mum, err := m.v.AddProfile("Mum", "1950-03-04")
			if err != nil {
				t.Fatal(err)
			}
			if tc.fayHere {
				if _, err := m.v.AddProfile("Fay Future", "1961-04-05"); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(t.TempDir(), "three.json")
			if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
				t.Fatal(err)
			}
			m.loadPeople(mum.ID)
			u.idle()
			m.importInto([]string{path}, mum.ID)
			u.idle()
			q := m.identity
			if q == nil {
				t.Fatal("not asked")
			}
			for _, want := range []string{
				"three.json is for Fay Future (born 1961), Zed Gone (born 1940) and Bea Born (born 2001), not Mum (born 1950).",
				"It says Zed Gone died on 20 Nov 2026: imported into Mum, who is living,",
				tc.question,
			} {
				if !strings.Contains(q.text.Text, want) {
					t.Errorf("question %q\nwant it to say %q", q.text.Text, want)
				}
			}
			if strings.Contains(q.text.Text, "that person") {
				t.Errorf("question %q says 'that person' of a file of three", q.text.Text)
			}
			if q.asNew.Text != tc.btn {
				t.Errorf("answer %q, want %q", q.asNew.Text, tc.btn)
			}
			q.asNew.OnTapped()
			u.idle()
			if m.results == nil || m.results.results[0].Err != nil {
				t.Fatalf("import did not run: %+v", m.results)
			}
			ps, err := m.v.Profiles()
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, p := range ps {
				names = append(names, p.Name)
			}
			if len(ps) != tc.people {
				t.Errorf("people after the import: %q, want %d", names, tc.people)
			}
		})
	}
}
