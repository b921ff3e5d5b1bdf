package intake

import (
	"archive/zip"
	"bytes"
	"testing"
)

// FuzzDetect: any first bytes get a format without panicking, and the zip entry check never
// accepts a name that leaves the folder.
func FuzzDetect(f *testing.F) {
	for _, s := range []string{`{"verifiableCredential":[]}`, "shc:/56", "PK\x03\x04", `<?xml version="1.0"?><HealthData>`, "<ClinicalDocument"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		_ = Detect(head)
		if name := zipName(string(head)); name != "" && (bytes.HasPrefix([]byte(name), []byte("/")) || name == ".." || bytes.HasPrefix([]byte(name), []byte("../"))) {
			t.Fatalf("zipName accepted %q", name)
		}
		if zr, err := zip.NewReader(bytes.NewReader(head), int64(len(head))); err == nil {
			_, _ = zipKind(zr)
		}
	})
}
