package journey

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// The IPS Bundle of fixture patients, byte for byte as the summary writes it: the Bundle is
// written entry by entry (WriteBundle), and must stay what it was when it was built whole.
// UUIDs (some depend on the vault's random profile and check-in ids) are numbered in the order
// they first appear.
func TestSummaryBundleGolden(t *testing.T) {
	ctx := context.Background()
	v, ps := vault(t)
	for _, tc := range []struct {
		name, patient string
		years         int // the period: this many years before the patient's last record
	}{
		{"carl-4y", "carl", 4},
		{"courtney-all", "courtney", 200},
		{"clemente-2y", "clemente", 2},
		{"rich", "", 0}, // richSummary: medicines, home measurements, check-ins, questions, no Patient record
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s *Summary
			if tc.patient == "" {
				_, s = richSummary(t)
			} else {
				now := nowFor(t, tc.patient)
				var err error
				if s, err = BuildSummary(ctx, v, ps[tc.patient], now.AddDate(-tc.years, 0, 0), now, now, LoadOptions{Device: time.UTC}); err != nil {
					t.Fatal(err)
				}
			}
			b, err := s.Bundle()
			if err != nil {
				t.Fatal(err)
			}
			var w bytes.Buffer
			if err := s.WriteBundle(&w); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(w.Bytes(), b) {
				t.Error("WriteBundle and Bundle differ")
			}
			got := numberUUIDs(string(b))
			path := filepath.Join("testdata", "ips-"+tc.name+".json")
			if *updateGolden {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Errorf("the Bundle differs from %s at byte %d: %.80q", path, i, got[i:])
			}
		})
	}
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// numberUUIDs replaces each distinct UUID in s by "uuid-N", N in the order of first appearance.
func numberUUIDs(s string) string {
	seen := map[string]string{}
	return uuidRE.ReplaceAllStringFunc(s, func(u string) string {
		if n, ok := seen[u]; ok {
			return n
		}
		seen[u] = fmt.Sprintf("uuid-%d", len(seen)+1)
		return seen[u]
	})
}
