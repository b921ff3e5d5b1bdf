package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// impb42's note on F561: a home INR monitor that keeps 佐藤 健一's name in kana only
// ("サトウ ケンイチ", family and given), born the same day, was joined to him by his clinic
// record's reading without a word. A reading is not the written name: the file is a new person
// and the import asks, as for the hospital's "Kenichi SATO"; 'profile join' then joins them.
// Two people of one family name, address and birth date are never joined: twin sisters Anna
// and Maria Kowalska are asked about as two of other given names (one person by another name,
// or two), Icelandic twins Ólafur Sigurðsson and Sigríður Sigurðardóttir not at all; nor is a
// mother, Anna Kowalska born 1961, beside her daughter of her name.
func TestImportAsksAboutAReadingAndKeepsTwinsApart(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Asia/Tokyo")
	file := func(n string) string { return filepath.Join("testdata", n) }
	r.run(t, "import", file("sato-clinic.json")).ok(t)
	people := func() map[string][]string { // name → ids
		var ps []struct{ ID, Name string }
		if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &ps); err != nil {
			t.Fatal(err)
		}
		out := map[string][]string{}
		for _, p := range ps {
			out[p.Name] = append(out[p.Name], p.ID)
		}
		return out
	}
	clinic := people()["佐藤 健一"]
	if len(clinic) != 1 {
		t.Fatalf("after the clinic's file: %v", people())
	}
	line := r.run(t, "import", file("sato-kana-home.json")).ok(t).stdout
	kana := people()["サトウケンイチ"]
	if len(kana) != 1 {
		t.Fatalf("import of サトウ ケンイチ: %q; people %v, want a new person asked about", line, people())
	}
	if want := "サトウケンイチ (new, born 14 Sep 1948) may be 佐藤 健一, born the same day: kept apart, as CareKeeper does not join two people by itself; if they are one person: carekeeper profile join --keep " + clinic[0] + " --from " + kana[0] + " --yes"; !strings.Contains(line, want) {
		t.Errorf("import: %q\nwant %q", line, want)
	}
	r.run(t, "profile", "join", "--keep", clinic[0], "--from", kana[0], "--yes").ok(t)
	if inr := r.run(t, "results", "--profile", clinic[0]).ok(t).stdout; !strings.Contains(inr, "INR") || !strings.Contains(inr, "2 readings") {
		t.Errorf("results of 佐藤 健一 after the join:\n%s\nwant INR of 2 readings (the clinic's and the home monitor's)", inr)
	}
	// Joined, his records are one person's: 'profile separate' offered to move the hospital's
	// "Kenichi SATO" (the romaji of his reading) out of him again as another person's.
	r.run(t, "import", file("sato-hospital.xml")).ok(t)
	r.run(t, "profile", "join", "--keep", clinic[0], "--from", people()["Kenichi SATO"][0], "--yes").ok(t)
	if out := r.run(t, "profile", "separate").ok(t).stdout; !strings.Contains(out, "No person here holds the records of another person.") {
		t.Errorf("profile separate after the joins:\n%s", out)
	}

	lines := map[string]string{}
	for _, f := range []string{"kowalska-anna-1961.json", "kowalska-anna-1994.json", "kowalska-maria-1994.json", "sigurdsson-olafur.json", "sigurdardottir-sigridur.json"} {
		lines[f] = r.run(t, "import", file(f)).ok(t).stdout
	}
	ps := people()
	anna, maria := ps["Anna Kowalska"], ps["Maria Kowalska"]
	if len(anna) != 2 || len(maria) != 1 || len(ps["Ólafur Sigurðsson"]) != 1 || len(ps["Sigríður Sigurðardóttir"]) != 1 {
		t.Fatalf("people %v, want two Anna Kowalska (mother and daughter), Maria, Ólafur, Sigríður each their own", ps)
	}
	for f, l := range lines {
		if f != "kowalska-maria-1994.json" && strings.Contains(l, "kept apart") {
			t.Errorf("import %s asks: %q", f, l)
		}
	}
	daughter := anna[1] // listed in the order made
	if want := "Maria Kowalska (new, born 21 Jul 1994) has the birth date, sex and family name of Anna Kowalska, with other given names: kept apart, as CareKeeper does not join two people by itself; if they are one person by another name: carekeeper profile join --keep " + daughter + " --from " + maria[0] + " --other-names --yes; if two: carekeeper profile apart --profile " + daughter + " --other " + maria[0]; !strings.Contains(lines["kowalska-maria-1994.json"], want) {
		t.Errorf("import of Maria: %q\nwant %q", lines["kowalska-maria-1994.json"], want)
	}
	questions := func() []string {
		var out []string
		for _, l := range strings.Split(r.run(t, "profile", "list").ok(t).stdout, "\n") {
			if strings.Contains(l, "may be the same person") || strings.Contains(l, "or two (twins)?") {
				out = append(out, l)
			}
		}
		return out
	}
	if q := questions(); len(q) != 1 || !strings.HasPrefix(q[0], "Maria Kowalska and Anna Kowalska (born 1994) have one birth date (21 Jul 1994), sex and family name, and other given names: one person by another name, or two (twins)?") {
		t.Errorf("profile list's questions: %q\nwant one: Maria and her twin sister, none of her mother or the Icelandic twins", q)
	}
	r.run(t, "profile", "apart", "--profile", daughter, "--other", maria[0]).ok(t)
	if q := questions(); len(q) != 0 {
		t.Errorf("profile list's questions after 'apart': %q, want none", q)
	}
}
