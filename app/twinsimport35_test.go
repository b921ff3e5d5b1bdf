package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"carekeeper/storage"
)

// F455: a clinic file holding both twins, Rose and Lily Lindqvist (one surname, birth date,
// address and GP), imported while Lily was shown, asked "Import this file into Rose Lindqvist,
// or into Lily Lindqvist anyway?" — and either answer put both girls' records into one person:
// Rose got Lily's peak flow, her weight chart jumped 49.6 → 52 lb in a minute, and Lily's own
// Patient record moved to Rose. A file that is the chosen person's too imports each person's
// records into their own, says so, and offers no answer that puts it all into one of them.
func TestImport_TwinsFileGoesToEachTwin(t *testing.T) {
	const patient = `{"fullUrl":"https://ehr.lincolnpark.example/fhir/Patient/%s","resource":{"resourceType":"Patient","id":"%s","identifier":[{"system":"urn:oid:2.16.840.1.113883.3.7777","value":"%s"}],"name":[{"family":"Lindqvist","given":["%s"]}],"gender":"female","birthDate":"2019-05-03","address":[{"line":["1420 W Wrightwood Ave"],"city":"Chicago","state":"IL"}],"generalPractitioner":[{"display":"Dr. Maria Okonkwo"}]}}`
	pat := func(id, mrn, given string) string {
		return strings.Replace(strings.Replace(strings.Replace(strings.Replace(patient, "%s", id, 1), "%s", id, 1), "%s", mrn, 1), "%s", given, 1)
	}
	obs := func(id, who, code, display, value, unit string) string {
		return `{"fullUrl":"https://ehr.lincolnpark.example/fhir/Observation/` + id + `","resource":{"resourceType":"Observation","id":"` + id + `","status":"final",` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"` + code + `","display":"` + display + `"}]},"subject":{"reference":"Patient/` + who + `"},` +
			`"effectiveDateTime":"2026-12-06T15:31:00-06:00","valueQuantity":{"value":` + value + `,"unit":"` + unit + `"}}}`
	}
	u := unlocked(t)
	m := u.main
	importBundle(t, u, "rose.json", pat("rose-l", "LPFM-200871", "Rose"))
	importBundle(t, u, "lily.json", pat("lily-l", "LPFM-200872", "Lily"))
	ps, _ := m.v.Profiles()
	ids := map[string]string{}
	for _, p := range ps {
		ids[p.Name] = p.ID
	}
	if len(ids) != 2 || ids["Rose Lindqvist"] == "" || ids["Lily Lindqvist"] == "" {
		t.Fatalf("people: %+v", ps)
	}
	path := filepath.Join(t.TempDir(), "twins2.json")
	file := `{"resourceType":"Bundle","type":"collection","entry":[` + pat("rose-l", "LPFM-200871", "Rose") + "," + pat("lily-l", "LPFM-200872", "Lily") + "," +
		obs("t2-r2", "rose-l", "29463-7", "Body weight", "52.0", "lb") + "," + obs("t2-l1", "lily-l", "19935-6", "Peak flow", "150", "L/min") + "," +
		obs("t2-l2", "lily-l", "29463-7", "Body weight", "49.6", "lb") + `]}`
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	m.loadPeople(ids["Lily Lindqvist"])
	u.idle()
	m.importInto([]string{path}, ids["Lily Lindqvist"])
	u.idle()
	q := m.identity
	if q == nil {
		t.Fatal("not asked")
	}
	if want := "Import this file for Rose Lindqvist and Lily Lindqvist, each person's records into their own?"; !strings.Contains(q.text.Text, want) {
		t.Errorf("question %q\nwant it to say %q", q.text.Text, want)
	}
	if want := "Import each into their own person"; q.asNew.Text != want {
		t.Errorf("answer %q, want %q", q.asNew.Text, want)
	}
	if q.into.Visible() || strings.Contains(q.text.Text, "anyway") {
		t.Errorf("offers to put both girls' records into one: %q, %q", q.text.Text, q.into.Text)
	}
	q.asNew.OnTapped()
	u.idle()
	if m.results == nil || m.results.results[0].Err != nil {
		t.Fatalf("import did not run: %+v", m.results)
	}
	whose := map[string][]string{}
	for name, id := range ids {
		m.v.Records(context.Background(), storage.Query{Profile: id}, func(r *storage.Record) error {
			whose[name] = append(whose[name], r.ID.Type+"/"+r.ID.ID)
			return nil
		})
		slices.Sort(whose[name])
	}
	want := map[string][]string{
		"Rose Lindqvist": {"Observation/t2-r2", "Patient/rose-l"},
		"Lily Lindqvist": {"Observation/t2-l1", "Observation/t2-l2", "Patient/lily-l"},
	}
	for name, w := range want {
		if !slices.Equal(whose[name], w) {
			t.Errorf("%s's records: %q, want %q", name, whose[name], w)
		}
	}
}
