package intake

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/applehealth/ahtest"
	cksync "carekeeper/sync"
)

// BenchmarkAppleHealthExport imports a synthetic export.xml (ahtest: Apple's export format,
// made-up values) of CAREKEEPER_BENCH_APPLE_MB megabytes (default 500) into a fresh vault:
// the checking pass, then the streamed import in batches. It reports samples (Observations
// made) per second of the whole import, the export's records per second, and the peak Go heap
// and the process's peak RSS. The file is generated in a temporary folder and removed after.
func BenchmarkAppleHealthExport(b *testing.B) {
	mb := 500
	if s := os.Getenv("CAREKEEPER_BENCH_APPLE_MB"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			mb = n
		}
	}
	path := filepath.Join(b.TempDir(), "export.xml")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	// 48 heart rates and the daily vitals, steps and energy make about 25 KB of XML a day
	days := mb << 20 / 25600
	if err := ahtest.Write(f, ahtest.Options{Days: days, PerDay: 48, Clinical: nil}); err != nil {
		b.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		v := newVault(b)
		p, err := v.AddProfile("Bench Person", "1970-01-01")
		if err != nil {
			b.Fatal(err)
		}
		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			var ms runtime.MemStats
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-done:
					return
				case <-t.C:
				}
			}
		}()
		opt := Options{Options: cksync.Options{Profile: p.ID}}
		b.StartTimer()
		start, cpu0 := time.Now(), cpuSeconds()
		in, err := Read(ctx, path, opt)
		if err != nil {
			b.Fatal(err)
		}
		checked := time.Since(start).Seconds()
		s, err := in.Import(ctx, v, opt)
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start).Seconds()
		b.StopTimer()
		close(done)
		samples := s.Made["Observation"]
		b.ReportMetric(float64(samples)/elapsed, "samples/s")
		b.ReportMetric(checked, "check-pass-s") // the first pass over export.xml, nothing written
		b.ReportMetric(float64(in.apple.stats.Records)/elapsed, "records/s")
		b.ReportMetric(float64(samples), "samples")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		var ru syscall.Rusage
		if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
			b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
		}
		b.ReportMetric(float64(st.Size())/(1<<20), "export-MiB")
		b.ReportMetric(float64(samples)/(cpuSeconds()-cpu0), "samples/cpu-s") // steadier on a shared machine
		v.Close()
		b.StartTimer()
	}
}

// cpuSeconds is the CPU time (user and system) this process has used.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
