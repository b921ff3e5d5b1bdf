package intake

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/applehealth/ahtest"
	cksync "carekeeper/sync"
)

// TestExportXMLInPhoneLanguage: the Health app names export.xml in the phone's language
// (issue 15); the file is found by its content, in a zip and in the unzipped folder, and an
// export with no HealthData file, or two, is refused in one line.
func TestExportXMLInPhoneLanguage(t *testing.T) {
	var x bytes.Buffer
	if err := ahtest.Write(&x, ahtest.Options{Days: 2, PerDay: 2}); err != nil {
		t.Fatal(err)
	}
	export := x.Bytes()
	cda := []byte(`<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"/>`)
	other := []byte(`<?xml version="1.0"?><notes><note>not an export</note></notes>`)
	opt := Options{Options: cksync.Options{Now: clock, Profile: "person-1"}}

	tests := []struct {
		name  string
		files map[string][]byte // inside apple_health_export/ ("/" at the start: at the top of the zip)
		err   string            // "" when it is read as an Apple Health export
		dir   string            // the folder's error, when it differs
	}{
		{"export.xml", map[string][]byte{"export.xml": export, "export_cda.xml": cda}, "", ""},
		{"Export.xml", map[string][]byte{"Export.xml": export, "export_cda.xml": cda}, "", ""},
		{"exportar.xml (Spanish)", map[string][]byte{"exportar.xml": export, "export_cda.xml": cda}, "", ""},
		{"eksport.xml (Norwegian)", map[string][]byte{"eksport.xml": export, "export_cda.xml": cda, "notes.xml": other}, "", ""},
		{"vienti.xml (Finnish) at the top", map[string][]byte{"/vienti.xml": export}, "", ""},
		{"an unrelated xml only", map[string][]byte{"notes.xml": other, "export_cda.xml": cda}, "neither", "not a file"},
		{"two exports", map[string][]byte{"export.xml": export, "exportar.xml": export}, "two export.xml", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			zipFiles := map[string][]byte{}
			dir := filepath.Join(t.TempDir(), "apple_health_export")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			for name, data := range tc.files {
				if top, ok := strings.CutPrefix(name, "/"); ok {
					zipFiles[top] = data
					name = top
				} else {
					zipFiles["apple_health_export/"+name] = data
				}
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			for _, p := range []string{write(t, "export.zip", zipOf(t, zipFiles)), dir} {
				in, err := Read(ctx, p, opt)
				want := tc.err
				if p == dir && tc.dir != "" {
					want = tc.dir
				}
				if want != "" {
					if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
						t.Errorf("%s: want one line with %q, got %v", filepath.Base(p), want, err)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", filepath.Base(p), err)
					continue
				}
				if in.Format != AppleHealth || in.apple == nil || in.apple.stats.Samples() == 0 {
					t.Errorf("%s: read as %s without the samples", filepath.Base(p), in.Format)
				}
			}
			if want := tc.dir == ""; IsAppleHealthFolder(dir) != want {
				t.Errorf("IsAppleHealthFolder = %v, want %v", !want, want)
			}
		})
	}
}
