package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/testutil/engines"
)

// The household's numbers through the binary (docs/household.md, "Numbers through the
// binary"): run with
//
//	go test -run '^$' -bench Household -benchtime 1x .

// folderBytes is the total size of the files under dir.
func folderBytes(tb testing.TB, dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if info, err := e.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// timed runs the binary and returns its wall time, CPU time and peak RSS.
func timed(tb testing.TB, env []string, args ...string) (wall, cpu time.Duration, rssMB float64, out string) {
	tb.Helper()
	cmd := exec.Command(binaryB(tb), args...)
	cmd.Env = env
	var o, e strings.Builder
	cmd.Stdout, cmd.Stderr = &o, &e
	start := time.Now()
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s: %v %s", strings.Join(args, " "), err, e.String())
	}
	wall = time.Since(start)
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rssMB = float64(ru.Maxrss) / 1024
	}
	return wall, cpu, rssMB, o.String()
}

func binaryB(tb testing.TB) string { return binary(tb) }

func hhDeviceB(b *testing.B, name string) *hhDevice {
	dir, _ := newVault(b)
	return &hhDevice{name: name, dir: dir, env: childEnv(dir)}
}

func runB(b *testing.B, d *hhDevice, args ...string) string {
	b.Helper()
	_, _, _, out := timed(b, d.env, args...)
	return out
}

// joinB pairs d into a's household over where (a exchanges while d waits).
func joinB(b *testing.B, a, d *hhDevice, where []string, carry func()) {
	var inv struct{ Code string }
	json.Unmarshal([]byte(runB(b, a, "household", "invite", "--json")), &inv)
	cmd := exec.Command(binaryB(b), append([]string{"household", "join", "--code", inv.Code, "--wait", "300", "--json"}, where...)...)
	cmd.Env = d.env
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		carry()
		runB(b, a, "household", "sync")
		select {
		case err := <-done:
			if err != nil {
				b.Fatal(err)
			}
			return
		case <-time.After(300 * time.Millisecond):
		}
	}
}

type pair struct {
	a, b   *hhDevice
	wa, wb []string
	dir    string // where the household's files are
}

// doseDelivery measures a dose answered on a (`dose log`) until b holds it: the processes' own
// time (a's answer, a's exchange, b's exchange), the engine's carrying excluded.
func doseDelivery(b *testing.B, p pair, profile string) {
	before := folderBytes(b, p.dir)
	var total, exch time.Duration
	var wire int64
	n := 0
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		runB(b, p.a, "dose", "log", "--ref", "MedicationRequest/"+hhPRNID, "--profile", profile, "--when", time.Now().Format(time.RFC3339))
		t1 := time.Now()
		w1, _, _, _ := timed(b, p.a.env, "household", "sync", "--json")
		size := folderBytes(b, p.dir)
		w2, _, _, out := timed(b, p.b.env, "household", "sync", "--json")
		total += time.Since(t0)
		exch += w1 + w2
		_ = t1
		var r hhReport
		json.Unmarshal([]byte(out), &r)
		if r.Applied == 0 {
			b.Fatalf("the dose did not reach b: %s", out)
		}
		wire += size - before
		before = folderBytes(b, p.dir)
		n++
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(n), "ms/answer-to-applied")
	b.ReportMetric(float64(exch.Milliseconds())/float64(n), "ms/two-exchanges")
	b.ReportMetric(float64(wire)/float64(n), "bytes/answer")
}

func setupPair(b *testing.B, wa, wb []string, dir string, extraEnv string, carry func()) (pair, string) {
	p := pair{a: hhDeviceB(b, "a"), b: hhDeviceB(b, "b"), wa: wa, wb: wb, dir: dir}
	if extraEnv != "" {
		p.a.env = append(p.a.env, extraEnv)
		p.b.env = append(p.b.env, extraEnv)
	}
	f := filepath.Join(b.TempDir(), "harold.json")
	os.WriteFile(f, []byte(hhBundle()), 0o600)
	var imp struct{ Profile string }
	json.Unmarshal([]byte(runB(b, p.a, "import", "--json", f)), &imp)
	runB(b, p.a, append([]string{"household", "create", "--name", "Home"}, wa...)...)
	joinB(b, p.a, p.b, wb, carry)
	for i := 0; i < 3; i++ {
		carry()
		runB(b, p.a, "household", "sync")
		carry()
		runB(b, p.b, "household", "sync")
	}
	return p, imp.Profile
}

func BenchmarkHouseholdDoseFolder(b *testing.B) {
	dir := b.TempDir()
	p, profile := setupPair(b, []string{"--folder", dir}, []string{"--folder", dir}, dir, "", func() {})
	b.ResetTimer()
	doseDelivery(b, p, profile)
}

func BenchmarkHouseholdDoseWebDAV(b *testing.B) {
	w := engines.StartRclone(b)
	where := []string{"--webdav", w.URL, "--webdav-user", w.User}
	p, profile := setupPair(b, where, where, w.Dir, "CAREKEEPER_WEBDAV_PASSWORD="+w.Password, func() {})
	b.ResetTimer()
	doseDelivery(b, p, profile)
}

// BenchmarkHouseholdFirstSync100k: a device holding 100,000 records starts a household; a new
// device joins and its first exchange brings them all (time and peak RSS of each step).
func BenchmarkHouseholdFirstSync100k(b *testing.B) {
	dir := b.TempDir()
	a, nb := hhDeviceB(b, "a"), hhDeviceB(b, "b")
	f := filepath.Join(b.TempDir(), "big.ndjson")
	out, _ := os.Create(f)
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, `{"resourceType":"Patient","id":"p1","name":[{"text":"Big Testperson"}],"birthDate":"1950-01-01"}`+"\n")
	for i := 1; i < 100_000; i++ {
		fmt.Fprintf(w, `{"resourceType":"Observation","id":"o%d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2020-01-01T%02d:%02d:00Z","valueQuantity":{"value":%d,"unit":"/min"}}`+"\n", i, i/3600%24, i/60%60, 50+i%60)
	}
	w.Flush()
	out.Close()
	wall, _, rss, _ := timed(b, a.env, "import", f)
	b.ReportMetric(wall.Seconds(), "s-import")
	b.ReportMetric(rss, "MB-import-peak-RSS")
	wall, _, rss, _ = timed(b, a.env, "household", "create", "--name", "Home", "--folder", dir)
	b.ReportMetric(wall.Seconds(), "s-create(log-100k)")
	b.ReportMetric(rss, "MB-create-peak-RSS")
	wall, _, rss, _ = timed(b, a.env, "household", "sync")
	b.ReportMetric(wall.Seconds(), "s-first-send")
	b.ReportMetric(rss, "MB-send-peak-RSS")
	b.ReportMetric(float64(folderBytes(b, dir))/1e6, "MB-folder")
	joinB(b, a, nb, []string{"--folder", dir}, func() {})
	wall, cpu, rss, o := timed(b, nb.env, "household", "sync", "--json")
	var r hhReport
	json.Unmarshal([]byte(o), &r)
	b.ReportMetric(wall.Seconds(), "s-new-device-first-sync")
	b.ReportMetric(cpu.Seconds(), "s-cpu-new-device")
	b.ReportMetric(rss, "MB-new-device-peak-RSS")
	b.ReportMetric(float64(r.Applied), "applied")
}

// BenchmarkHouseholdDaemonIdle: CPU of `daemon` with the household on, over a quiet stretch,
// per hour.
func BenchmarkHouseholdDaemonIdle(b *testing.B) {
	dir := b.TempDir()
	p, _ := setupPair(b, []string{"--folder", dir}, []string{"--folder", dir}, dir, "", func() {})
	cmd := exec.Command(binaryB(b), "daemon")
	cmd.Env = p.a.env
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	cpuOf := func() time.Duration {
		s, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", cmd.Process.Pid))
		if err != nil {
			b.Fatal(err)
		}
		f := strings.Fields(string(s[strings.LastIndexByte(string(s), ')')+2:]))
		ut, _ := strconv.Atoi(f[11])
		st, _ := strconv.Atoi(f[12])
		return time.Duration(ut+st) * 10 * time.Millisecond
	}
	time.Sleep(20 * time.Second) // start-up and the first exchanges
	window := 150 * time.Second
	c0 := cpuOf()
	time.Sleep(window)
	used := cpuOf() - c0
	b.ReportMetric(used.Seconds()*float64(time.Hour/window), "s-cpu/idle-hour")
}
