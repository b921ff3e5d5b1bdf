package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F455/F464's records mixed before their fixes had no way out: a clinic summary of Lily
// imported into Rose with --force (as the old import question did) left Lily's weight in Rose's
// chart for good. 'profile separate' lists who holds whose records, by kind, and with --yes
// moves them to Lily; nothing is lost.
func TestSeparateTheOtherTwinsRecords(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	tmp := t.TempDir()
	for name, b := range map[string]string{
		"lily.xml":  twinCCD("Lily", "LPFM-200872", "d1", "22.2"),
		"rose.xml":  twinCCD("Rose", "LPFM-200871", "d2", "23.6"),
		"lily2.xml": twinCCD("Lily", "LPFM-200872", "d4", "21.9"),
	} {
		if err := os.WriteFile(filepath.Join(tmp, name), []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r.run(t, "import", filepath.Join(tmp, "lily.xml")).ok(t)
	r.run(t, "import", filepath.Join(tmp, "rose.xml")).ok(t)
	ids := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(r.run(t, "profile", "list").ok(t).stdout), "\n")[1:] {
		f := strings.Fields(l)
		ids[f[1]] = f[0]
	}
	lily, rose := ids["Lily"], ids["Rose"]
	if lily == "" || rose == "" || lily == rose {
		t.Fatalf("profile list: %v", ids)
	}
	if got := r.run(t, "profile", "separate").ok(t).stdout; got != "No person here holds the records of another person.\n" {
		t.Errorf("profile separate on the twins kept apart: %q", got)
	}
	// Mixed the old way: Lily's second summary into Rose, anyway.
	r.run(t, "import", "--profile", rose, "--force", filepath.Join(tmp, "lily2.xml")).ok(t)
	weights := func(pid string) string { return r.run(t, "results", "--profile", pid, "--json").ok(t).stdout }
	if !strings.Contains(weights(rose), "21.9") {
		t.Fatalf("not mixed: Rose's results %s", weights(rose))
	}
	count := func() int {
		var all []json.RawMessage
		json.Unmarshal([]byte(r.run(t, "records", "--json").ok(t).stdout), &all)
		return len(all)
	}
	n := count()
	out := r.run(t, "profile", "separate").ok(t).stdout
	want := "Rose Lindqvist holds records of another person, Lily Lindqvist (born 3 May 2019): "
	if !strings.HasPrefix(out, want) || !strings.Contains(out, "Move them to Lily Lindqvist, or to a new person?") ||
		!strings.Contains(out, "Personal details: 1") || !strings.Contains(out, "Results: ") ||
		!strings.Contains(out, "carekeeper profile separate --profile "+rose+" --yes") {
		t.Fatalf("profile separate (dry run):\n%s", out)
	}
	if !strings.Contains(weights(rose), "21.9") {
		t.Fatal("the dry run moved something")
	}
	out = r.run(t, "profile", "separate", "--profile", rose, "--yes").ok(t).stdout
	if !strings.HasPrefix(out, "Moved ") || !strings.Contains(out, " of Lily Lindqvist (born 3 May 2019) from Rose Lindqvist to Lily Lindqvist (") {
		t.Errorf("profile separate --yes: %q", out)
	}
	if got := weights(rose); strings.Contains(got, "21.9") || !strings.Contains(got, "23.6") {
		t.Errorf("Rose's results after: %s", got)
	}
	if got := weights(lily); !strings.Contains(got, "21.9") || !strings.Contains(got, "22.2") {
		t.Errorf("Lily's results after: %s", got)
	}
	if got := count(); got > n || got < n-3 {
		t.Errorf("%d records after, %d before", got, n)
	}
	if got := r.run(t, "profile", "separate").ok(t).stdout; got != "No person here holds the records of another person.\n" {
		t.Errorf("still mixed: %q", got)
	}
}

// F474: 'profile separate --new' (or two imports) made the son twice, "Kenji Nakamura (1)" and
// "(2)", on a computer in no household, and 'household same-person' refused there ("not in a
// household"): no way to make them one again. It joins them on a computer in no household too.
func TestSamePersonWithoutAHousehold(t *testing.T) {
	r := in(newVault(t))
	var a, b struct {
		ID string `json:"id"`
	}
	json.Unmarshal([]byte(r.run(t, "profile", "add", "--name", "Kenji Nakamura", "--birth-date", "1974-06-30", "--json").ok(t).stdout), &a)
	json.Unmarshal([]byte(r.run(t, "profile", "add", "--name", "Kenji Nakamura", "--birth-date", "1974-06-30", "--yes", "--json").ok(t).stdout), &b)
	if a.ID == "" || b.ID == "" || a.ID == b.ID {
		t.Fatalf("people %q %q", a.ID, b.ID)
	}
	out := r.run(t, "household", "same-person", "--keep", a.ID, "--from", b.ID, "--yes").ok(t).stdout
	if !strings.Contains(out, "are one person now") || strings.Contains(out, "household") {
		t.Errorf("same-person: %q", out)
	}
	if ps := r.run(t, "profile", "list").ok(t).stdout; strings.Count(ps, "Kenji Nakamura") != 1 {
		t.Errorf("profile list after: %q", ps)
	}
}
