//go:build unix

package remind

import (
	"context"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"carekeeper/storage"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIdleCPU measures the process CPU time of the engine idling for 60 s (or
// $CAREKEEPER_BENCH_IDLE seconds) with 50 schedules on the real clock (goal < 50 ms). It
// only runs when $CAREKEEPER_BENCH_IDLE is set: `CAREKEEPER_BENCH_IDLE=60 go test -run '^$'
// -bench IdleCPU -benchtime 1x ./internal/remind/`.
func BenchmarkIdleCPU(b *testing.B) {
	secs, _ := strconv.Atoi(os.Getenv("CAREKEEPER_BENCH_IDLE"))
	if secs <= 0 {
		b.Skip("set CAREKEEPER_BENCH_IDLE=60 to measure the idle CPU time over 60 s")
	}
	v := benchVault(b, 5, 10) // 50 schedules
	// Reopened as the daemon opens it: quiet, without background compaction.
	dir := v.Dir()
	if err := v.Close(); err != nil {
		b.Fatal(err)
	}
	v, err := storage.OpenWithKey(dir, keyTmpl.key, storage.Options{Quiet: true})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	// Nothing due during the measurement: every dose is at 03:00 local.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := newRecorder()
	e := New(v, n, Options{})
	if err := e.Start(ctx); err != nil {
		b.Fatal(err)
	}
	e.Step(ctx) // warm: first agenda
	done := make(chan error, 1)
	// Baseline: the open vault alone (Badger's own background goroutines), no engine.
	base := cpuTime()
	idle, stopIdle := context.WithTimeout(ctx, time.Duration(secs)*time.Second)
	<-idle.Done()
	stopIdle()
	vaultAlone := cpuTime() - base
	for b.Loop() {
		before := cpuTime()
		runCtx, stop := context.WithTimeout(ctx, time.Duration(secs)*time.Second)
		go func() { done <- e.Run(runCtx) }()
		<-done
		stop()
		used := cpuTime() - before
		b.ReportMetric(float64(used.Microseconds())/1000, "ms-cpu-with-engine")
		b.ReportMetric(float64(secs), "s-idle")
		b.ReportMetric(float64(vaultAlone.Microseconds())/1000, "ms-cpu-vault-alone")
		b.ReportMetric(float64((used-vaultAlone).Microseconds())/1000, "ms-cpu-engine")
		b.ReportMetric(float64(len(n.take())), "notifications")
	}
}
