package fhirjson

import (
	"encoding/json"
	"testing"

	"carekeeper/internal/testutil"
)

func largestFixture(tb testing.TB) []byte {
	tb.Helper()
	return readFile(tb, testutil.Fixture(tb, "synthea/Fletcher_Hyatt_*.json"))
}

// BenchmarkParseLargest: ParseFile of the 3.9 MB, 1111-entry Synthea Bundle,
// which includes validating, compacting and computing the Info of every entry
// (what an import needs). Compare with BenchmarkUnmarshalAny.
func BenchmarkParseLargest(b *testing.B) {
	data := largestFixture(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := ParseFile(data)
		if err != nil {
			b.Fatal(err)
		}
		if len(f.Entries) != 1111 {
			b.Fatal(len(f.Entries))
		}
	}
}

// BenchmarkParseLargestPlusSummarize is ParseFile plus a separate Summarize
// call for each entry (the worst case for a caller that ignores Entry.Info).
func BenchmarkParseLargestPlusSummarize(b *testing.B) {
	data := largestFixture(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := ParseFile(data)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range f.Entries {
			if _, err := Summarize(e.Resource); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkUnmarshalAny is the yardstick: json.Unmarshal of the same bytes into any.
func BenchmarkUnmarshalAny(b *testing.B) {
	data := largestFixture(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSummarizeLargestEntries(b *testing.B) {
	data := largestFixture(b)
	f, err := ParseFile(data)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var s summarizer
	s.chunk = 256
	for b.Loop() {
		for _, e := range f.Entries {
			s.begin()
			s.walk(e.Resource)
			var info Info
			s.finish(&info)
		}
	}
}
