package ccda_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/ccda"
	"carekeeper/internal/testutil"
)

// BenchmarkConvert converts the largest HL7 example document (the Transfer Summary, 249 KB)
// and reports documents per second and resources made per document.
func BenchmarkConvert(b *testing.B) {
	path := filepath.Join(testutil.FixturesDir(b), "ccda", "hl7-examples", "Documents", "Transfer Summary", "Transfer_Summary.xml")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	made := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := ccda.Convert(context.Background(), bytes.NewReader(data), ccda.Options{Now: fixedNow})
		if err != nil {
			b.Fatal(err)
		}
		made = total(res.Made)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(made), "resources/doc")
}
