//go:build unix

package storage

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/testutil"
)

// bundleResources are the resources of the Synthea fixture bundles.
func bundleResources(b testing.TB) [][]byte {
	dir := filepath.Dir(testutil.Fixture(b, "synthea/Fletcher_Hyatt_*.json"))
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		b.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		f, err := fhirjson.ParseFile(data)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range f.Entries {
			out = append(out, e.Resource)
		}
	}
	return out
}

// BenchmarkEnvelopeCodec encodes and decodes the envelope of every resource of the Synthea
// fixtures (ns/op is for all of them).
func BenchmarkEnvelopeCodec(b *testing.B) {
	res := bundleResources(b)
	m := &Meta{FullURL: "urn:uuid:x", File: "f.json", Hash: []byte("0123456789abcdef0123456789abcdef"), Date: "2020-01-01T00:00:00Z"}
	envs := make([][]byte, len(res))
	var in, stored int
	for i, r := range res {
		e, err := encodeEnvelope(m, r)
		if err != nil {
			b.Fatal(err)
		}
		envs[i] = e
		in += len(r)
		stored += len(e)
	}
	b.Run("encode", func(b *testing.B) {
		c0 := cpuTime()
		for b.Loop() {
			for _, r := range res {
				if _, err := encodeEnvelope(m, r); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(cpuTime()-c0)/float64(b.N*len(res)), "cpu-ns/record")
		b.ReportMetric(float64(stored)/float64(in), "stored/input")
		b.ReportMetric(float64(len(res)), "records")
	})
	b.Run("decode", func(b *testing.B) {
		var buf []byte
		c0 := cpuTime()
		for b.Loop() {
			for _, e := range envs {
				_, r, err := decodeEnvelopeInto(e, buf[:0])
				if err != nil {
					b.Fatal(err)
				}
				buf = r
			}
		}
		b.ReportMetric(float64(cpuTime()-c0)/float64(b.N*len(envs)), "cpu-ns/record")
	})
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
