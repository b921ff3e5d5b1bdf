package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/health"
)

// F562: a Japanese name takes two columns a character in every aligned listing, not only in
// `records` and `household devices`: `profile list`'s BORN after "佐藤和子" started four columns
// right of the others', and `reminders`' KIND after her name likewise.
func TestListingsAlignJapaneseNames(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Asia/Tokyo")
	dir := t.TempDir()
	for _, p := range []struct{ file, name, born string }{
		{"kazuko.json", `"family":"佐藤","given":["和子"],"text":"佐藤和子"`, "1951-04-02"},
		{"kenichi.json", `"family":"SATO","given":["Kenichi"]`, "1948-09-14"},
	} {
		f := filepath.Join(dir, p.file)
		os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"resource:0","resource":{"resourceType":"Patient","name":[{`+p.name+`}],"birthDate":"`+p.born+`"}},
{"fullUrl":"resource:1","resource":{"resourceType":"MedicationRequest","status":"active","intent":"order","medicationCodeableConcept":{"text":"Warfarin 1 mg tablet"},"subject":{"reference":"resource:0"},"authoredOn":"2026-11-01","dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}}]}`), 0o600)
		r.run(t, "import", f).ok(t)
	}
	for _, tc := range []struct {
		args   []string
		column string // the heading of a column after the names
		after  func(line string) int
	}{
		{[]string{"profile", "list"}, "BORN", func(l string) int { return max(strings.Index(l, "14 Sep 1948"), strings.Index(l, "2 Apr 1951")) }},
		{[]string{"reminders", "--from", "2026-12-13", "--to", "2026-12-14"}, "KIND", func(l string) int { return strings.Index(l, "dose  Warfarin") }},
	} {
		out := r.run(t, tc.args...).ok(t).stdout
		var head = -1
		rows := 0
		for _, l := range strings.Split(out, "\n") {
			if i := strings.Index(l, tc.column); i >= 0 && head < 0 {
				head = health.DisplayWidth(l[:i])
				continue
			}
			if !strings.Contains(l, "佐藤和子") && !strings.Contains(l, "Kenichi SATO") {
				continue
			}
			i := tc.after(l)
			if i < 0 {
				t.Fatalf("%s: no %s cell in %q", tc.args[0], tc.column, l)
			}
			rows++
			if w := health.DisplayWidth(l[:i]); w != head {
				t.Errorf("%s: %s starts at column %d in %q, its heading at %d", tc.args[0], tc.column, w, l, head)
			}
		}
		if head < 0 || rows < 2 {
			t.Errorf("%v: heading at %d, %d rows of the two people:\n%s", tc.args, head, rows, out)
		}
	}
}
