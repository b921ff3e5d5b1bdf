package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
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

// FuzzReadGzipped: any gzipped content (a damaged gzip too) is read or refused in one line,
// never a panic.
func FuzzReadGzipped(f *testing.F) {
	for _, s := range []string{`{"verifiableCredential":["a.b.c"]}`, "shc:/56", "PK\x03\x04", `<?xml version="1.0"?><HealthData><Record/>`, `<ClinicalDocument xmlns="urn:hl7-org:v3"/>`, "<html/>"} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, raw bool) {
		if !raw {
			data = testutil.Gzip(data)
		} else {
			data = append([]byte{0x1f, 0x8b}, data...)
		}
		p := filepath.Join(t.TempDir(), "in.gz")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(context.Background(), p, Options{}); err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("error in more than one line: %v", err)
		}
	})
}
