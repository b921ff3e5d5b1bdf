//go:build unix

package sync_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// bundleFiles are the 13 Synthea patient bundles of the peer benchmark (bench/peer): not the
// hospital and practitioner files, not the synthea_ copies.
func bundleFiles(b *testing.B) []string {
	dir := filepath.Dir(testutil.Fixture(b, "synthea/Fletcher_Hyatt_*.json"))
	all, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, p := range all {
		n := filepath.Base(p)
		if strings.Contains(n, "Information") || strings.HasPrefix(n, "synthea_") {
			continue
		}
		out = append(out, p)
	}
	return out
}

// dirSize is the disk space the files under dir take (allocated blocks, as bench/peer counts).
func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			n += st.Blocks * 512
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkImportBundles imports the 13 Synthea bundles as `carekeeper import` does (each file
// read and checked, then written) into a fresh encrypted vault opened with its key, Close's
// flush included: the import command's figure in bench/peer without process start and
// unlock. Each iteration copies one empty vault made before timing, so no Argon2id runs in
// the loop (a CPU profile of it shows the import alone). cpu-ms/op is the process's CPU time
// (every thread: Badger's writers and flushes, the collector); unlock-cpu-ms/op is what the
// command's unlock (Argon2id) costs besides, measured on its own.
func BenchmarkImportBundles(b *testing.B) {
	files := bundleFiles(b)
	tmpl := filepath.Join(b.TempDir(), "vault")
	if _, err := storage.Init(tmpl, []byte("bench passphrase"), storage.Options{}); err != nil {
		b.Fatal(err)
	}
	key, err := storage.UnwrapKey(tmpl, []byte("bench passphrase"))
	if err != nil {
		b.Fatal(err)
	}
	var cpu, unlock time.Duration
	var disk int64
	for b.Loop() {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "vault")
		if err := os.CopyFS(dir, os.DirFS(tmpl)); err != nil {
			b.Fatal(err)
		}
		// What the command's unlock adds (Argon2id), measured apart: not in cpu-ms/op.
		u0 := processCPU()
		if _, err := storage.UnwrapKey(dir, []byte("bench passphrase")); err != nil {
			b.Fatal(err)
		}
		unlock += processCPU() - u0
		c0 := processCPU()
		b.StartTimer()
		v, err := storage.OpenWithKey(dir, key, storage.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			in, err := cksync.ReadInput(f)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := in.Import(context.Background(), v, cksync.Options{}); err != nil {
				b.Fatal(err)
			}
		}
		if err := v.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += processCPU() - c0
		disk = dirSize(b, dir)
		os.RemoveAll(dir) // each iteration's vault gone before the next (64 MiB of logs each)
		b.StartTimer()
	}
	var input int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		input += st.Size()
	}
	b.ReportMetric(float64(disk)/float64(input), "disk/input")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(unlock.Milliseconds())/float64(b.N), "unlock-cpu-ms/op")
}
