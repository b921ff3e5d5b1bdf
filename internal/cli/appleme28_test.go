package cli_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// F200: an Apple Health export of Dad's iPhone (<Me> born 2 Mar 1941, male) imported into
// Adaeze (born 14 Aug 1972) said '11 added; for Adaeze Okafor' without a word; a FHIR file or a
// C-CDA of another birth date is refused without --force. The export's owner is compared the
// same way; an export whose owner is her is imported.
func TestImportAppleExportOfSomeoneElse(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	out := r.run(t, "profile", "add", "--name", "Adaeze Okafor", "--birth-date", "1972-08-14", "--json").ok(t).stdout
	var p struct{ ID string }
	if err := json.Unmarshal([]byte(out), &p); err != nil || p.ID == "" {
		t.Fatalf("profile add: %q %v", out, err)
	}
	export := func(name, born string) string {
		var z bytes.Buffer
		w := zip.NewWriter(&z)
		f, _ := w.Create("apple_health_export/export.xml")
		f.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_GB">
 <ExportDate value="2026-12-05 08:00:00 +0000"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="` + born + `" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexMale"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" startDate="2026-12-01 08:00:00 +0000" endDate="2026-12-01 08:00:00 +0000" value="61"/>
</HealthData>
`))
		w.Close()
		path := filepath.Join(t.TempDir(), name)
		os.WriteFile(path, z.Bytes(), 0o600)
		return path
	}
	dads := export("dad.zip", "1941-03-02")
	r.run(t, "import", "--profile", p.ID, dads).fails(t, 1, "dad.zip: not imported: the person in this file has a different birth date", "add --force")
	r.run(t, "import", "--profile", p.ID, export("mine.zip", "1972-08-14")).ok(t)
	r.run(t, "import", "--profile", p.ID, "--force", dads).ok(t)
}
