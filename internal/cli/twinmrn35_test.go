package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// twinCCD is a made-up clinic summary (C-CDA) of one child with one weight: given name,
// record number, document id.
func twinCCD(given, mrn, docID, kg string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<templateId root="2.16.840.1.113883.10.20.22.1.1" extension="2015-08-01"/>
<id root="2.16.840.1.113883.19.5.99" extension="` + docID + `"/>
<code code="34133-9" codeSystem="2.16.840.1.113883.6.1"/>
<title>Clinic summary</title>
<effectiveTime value="20261204110000+0000"/>
<recordTarget><patientRole><id root="2.16.840.1.113883.3.7777" extension="` + mrn + `"/>
<patient><name><given>` + given + `</given><family>Lindqvist</family></name><administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/><birthTime value="20190503"/></patient>
</patientRole></recordTarget>
<component><structuredBody><component><section>
<templateId root="2.16.840.1.113883.10.20.22.2.4.1" extension="2015-08-01"/>
<code code="8716-3" codeSystem="2.16.840.1.113883.6.1"/><title>Vital signs</title><text>Weight</text>
<entry><organizer classCode="CLUSTER" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.26" extension="2015-08-01"/>
<id root="2.16.840.1.113883.19.5.99" extension="` + docID + `-vs"/><code code="46680005" codeSystem="2.16.840.1.113883.6.96"/><statusCode code="completed"/><effectiveTime value="20261204100000+0000"/>
<component><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.27" extension="2014-06-09"/>
<id root="2.16.840.1.113883.19.5.99" extension="` + docID + `-w"/><code code="29463-7" codeSystem="2.16.840.1.113883.6.1"/><statusCode code="completed"/>
<effectiveTime value="20261204100000+0000"/><value xsi:type="PQ" value="` + kg + `" unit="kg"/></observation></component>
</organizer></entry></section></component></structuredBody></component>
</ClinicalDocument>`
}

// F459: a C-CDA for Rose Lindqvist carrying her twin Lily's record number (a mix-up at the
// clinic) went into Lily without a word ("for Lily Lindqvist"): Lily's chart held Rose's
// weight beside her own. Without --profile it is refused and nothing is written; with
// --profile Lily it is refused as a file of someone with another name; with --profile Rose it
// is hers.
func TestTwinsRecordNumberDoesNotPutOneTwinsRecordsWithTheOther(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	tmp := t.TempDir()
	files := map[string]string{
		"lily.xml":          twinCCD("Lily", "LPFM-200872", "d1", "22.2"),
		"rose.xml":          twinCCD("Rose", "LPFM-200871", "d2", "23.6"),
		"rose-lily-mrn.xml": twinCCD("Rose", "LPFM-200872", "d3", "23.7"),
	}
	for name, b := range files {
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
	weights := func(pid string) string { return r.run(t, "results", "--profile", pid, "--json").ok(t).stdout }
	before := weights(lily)
	res := r.run(t, "import", filepath.Join(tmp, "rose-lily-mrn.xml"))
	if res.code == 0 || !strings.Contains(res.stdout+res.stderr, "same record number as a person here, but another first name") || strings.Contains(res.stdout+res.stderr, "Lily") {
		t.Errorf("import without --profile: exit %d, %q %q; want refused, naming nobody", res.code, res.stdout, res.stderr)
	}
	res = r.run(t, "import", "--profile", lily, filepath.Join(tmp, "rose-lily-mrn.xml"))
	if res.code == 0 || !strings.Contains(res.stdout+res.stderr, "different name") {
		t.Errorf("import --profile Lily: exit %d, %q %q; want refused: a different name", res.code, res.stdout, res.stderr)
	}
	if after := weights(lily); after != before || strings.Contains(after, "23.7") {
		t.Errorf("Lily's results changed:\n%s\nwas\n%s", after, before)
	}
	r.run(t, "import", "--profile", rose, filepath.Join(tmp, "rose-lily-mrn.xml")).ok(t)
	if got := weights(rose); !strings.Contains(got, "23.7") {
		t.Errorf("Rose's results: %s, want her 23.7 kg", got)
	}
}
