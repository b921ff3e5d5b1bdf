package sync_test

import (
	"context"
	"os"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// BenchmarkImportLargest imports the largest Synthea fixture into a fresh encrypted vault.
func BenchmarkImportLargest(b *testing.B) {
	data, err := os.ReadFile(testutil.Fixture(b, "synthea/"+envOr("BENCH_FILE", "Fletcher_Hyatt_*.json")))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		if _, err := storage.Init(dir, []byte("bench passphrase"), storage.Options{}); err != nil {
			b.Fatal(err)
		}
		key, _ := storage.UnwrapKey(dir, []byte("bench passphrase"))
		v, err := storage.OpenWithKey(dir, key, storage.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := cksync.Import(context.Background(), v, "f.json", data, cksync.Options{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		v.Close()
		os.RemoveAll(dir) // each iteration's vault gone before the next (64 MiB of logs each)
		b.StartTimer()
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
