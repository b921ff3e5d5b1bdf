// Package bench measures CareKeeper's storage figures side by side in one run: import speed
// against plain JSON decoding, scaling to a 100,000-resource history, vault size, listing,
// open and unlock costs, and the price of encryption. `carekeeper bench` prints them.
package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/secret"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// Goal is a figure with its target.
type Goal struct {
	Value float64 `json:"value"`
	Goal  float64 `json:"goal,omitempty"`
	Unit  string  `json:"unit"`
	Met   *bool   `json:"met,omitempty"`
}

func goal(v, g float64, unit string) Goal {
	met := v <= g
	return Goal{Value: round(v), Goal: g, Unit: unit, Met: &met}
}

func report(v float64, unit string) Goal { return Goal{Value: round(v), Unit: unit} }

func round(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }

// Report holds every figure.
type Report struct {
	LargestFixture          string `json:"largestFixture"`
	LargestFixtureEntries   int    `json:"largestFixtureEntries"`
	ImportVsUnmarshal       Goal   `json:"importVsUnmarshal"`
	ImportLargestMs         Goal   `json:"importLargestMs"`
	UnmarshalLargestMs      Goal   `json:"unmarshalLargestMs"`
	EncryptedVsPlain        Goal   `json:"encryptedVsPlain"`
	HistoryResources        int    `json:"historyResources"`
	ImportPerResource1kUs   Goal   `json:"importPerResourceAt1kUs"`
	ImportPerResource100kUs Goal   `json:"importPerResourceAt100kUs"`
	ImportScaling           Goal   `json:"importScaling100kOver1k"`
	// ImportScalingWritten is the same ratio for the imports and their flushes only, the
	// compactions they made due left out (what the bench measured before 2026-12-05).
	ImportScalingWritten Goal  `json:"importScaling100kOver1kWithoutCompactions"`
	VaultSizeRatio       Goal  `json:"vaultSizeOverRawJSON"`
	VaultBytes           int64 `json:"vaultBytes"`
	RawJSONBytes         int64 `json:"rawJSONBytes"`
	ListOneYearMs        Goal  `json:"listOneYearMs"`
	ListOneYearRecords   int   `json:"listOneYearRecords"`
	// ListOneYearMetaMs is the same year listed with Query.MetaOnly (what list screens need:
	// dates, types, ids, codes, links; no resource read or decompressed).
	ListOneYearMetaMs Goal `json:"listOneYearMetaOnlyMs"`
	// ListOneYearTimelineMs is the same year read with Vault.Timeline (the timeline index).
	ListOneYearTimelineMs Goal `json:"listOneYearTimelineMs"`
	// TimelineMs is the app's timeline opening: every dated record of the 100k person, read
	// with Vault.Timeline.
	TimelineMs      Goal `json:"timelineMetaOnlyMs"`
	TimelineRecords int  `json:"timelineRecords"`
	// ReadCommands are the CLI's reading commands run on the 100k vault, each in its own
	// process (unlock included).
	ReadCommands []CommandCost `json:"readCommands"`
	OpenMs       Goal          `json:"openVaultExcludingKDFMs"`
	PeakRSSMB    Goal          `json:"peakRSSOf100kImportMB"`
	// SmallPatientRatio is the vault of one small patient (the smallest Synthea bundle
	// imported into a new vault, then closed) ÷ the bundle's bytes.
	SmallPatientRatio Goal   `json:"vaultSizeOverRawJSONSmallPatient"`
	SmallPatient      string `json:"smallPatient"`
	UnlockMs          Goal   `json:"unlockKDFMs"`
	KDF               string `json:"kdf"`
}

// Options for Run.
type Options struct {
	Fixtures  string // the shared fixtures directory
	Resources int    // size of the synthetic history (default 100,000)
	Runs      int    // repetitions for medians (default 5)
	Progress  func(format string, a ...any)
	// Commands: Reading runs only the reading commands containing it ("" for all).
	Commands string
}

func (o *Options) defaults() {
	if o.Resources == 0 {
		o.Resources = 100_000
	}
	if o.Runs == 0 {
		o.Runs = 5
	}
	if o.Progress == nil {
		o.Progress = func(string, ...any) {}
	}
}

// Run measures everything. The 100k history runs in a child process (self, with
// HistoryArg) so that its peak RSS is its own.
func Run(ctx context.Context, opt Options) (*Report, error) {
	opt.defaults()
	synthea := filepath.Join(opt.Fixtures, "synthea")
	if _, err := os.Stat(synthea); err != nil {
		return nil, fmt.Errorf("no fixtures at %s (use --fixtures DIR)", opt.Fixtures)
	}
	rep := &Report{}
	if err := largest(ctx, synthea, opt, rep); err != nil {
		return nil, err
	}
	if err := unlockCost(opt, rep); err != nil {
		return nil, err
	}
	if err := smallPatient(ctx, synthea, rep); err != nil {
		return nil, err
	}
	opt.Progress("building and importing a %d-resource history in a child process", opt.Resources)
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, HistoryArg, opt.Fixtures, fmt.Sprint(opt.Resources), fmt.Sprint(opt.Runs))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("history benchmark: %w", err)
	}
	var h historyReport
	if err := json.Unmarshal(out, &h); err != nil {
		return nil, fmt.Errorf("history benchmark output: %w", err)
	}
	rep.HistoryResources = h.Resources
	rep.ImportPerResource1kUs = report(h.PerResource1k*1e6, "µs")
	rep.ImportPerResource100kUs = report(h.PerResource100k*1e6, "µs")
	rep.ImportScaling = goal(h.PerResource100k/h.PerResource1k, 1.1, "×")
	rep.ImportScalingWritten = report(h.Written100k/h.Written1k, "×")
	rep.VaultBytes, rep.RawJSONBytes = h.VaultBytes, h.RawBytes
	rep.VaultSizeRatio = goal(float64(h.VaultBytes)/float64(h.RawBytes), 0.18, "×")
	rep.ListOneYearMs = goal(h.ListYear*1e3, 20, "ms")
	rep.ListOneYearRecords = h.ListYearRecords
	rep.ListOneYearMetaMs = goal(h.ListYearMeta*1e3, 20, "ms")
	rep.ListOneYearTimelineMs = goal(h.ListYearTimeline*1e3, 20, "ms")
	rep.TimelineMs = goal(h.Timeline*1e3, 200, "ms")
	rep.TimelineRecords = h.TimelineRecords
	rep.ReadCommands = h.ReadCommands
	rep.OpenMs = goal(h.Open*1e3, 50, "ms")
	rep.PeakRSSMB = goal(float64(h.MaxRSSKiB)/1024, 150, "MB")
	return rep, nil
}

// cycleCost is what one import probe cost: CPU seconds of the imports, of their flushes and
// of the compactions they made due, bytes allocated, bytes of tables written, and resources
// imported. The bytes do not move with the machine's load as CPU time does.
type cycleCost struct {
	imp, flush, compact, alloc float64
	n                          int
	written                    int64 // bytes of tables written (flushes and compactions)
}

func (c cycleCost) perResource() float64 { return (c.imp + c.flush + c.compact) / float64(c.n) }

// medianCycle is the median CPU per resource of cycles, with their compactions or (the
// import and its flush only) without.
func medianCycle(cs []cycleCost, compactions bool) float64 {
	xs := make([]float64, len(cs))
	for i, c := range cs {
		xs[i] = c.perResource()
		if !compactions {
			xs[i] = (c.imp + c.flush) / float64(c.n)
		}
	}
	return median(xs)
}

// fmtCycles is every cycle's CPU µs per resource (import + flush + compaction) and the
// median, then the pooled parts and allocation per resource, for a progress line.
func fmtCycles(cs []cycleCost) string {
	var all cycleCost
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.1f", c.perResource()*1e6)
		all.imp, all.flush, all.compact, all.alloc, all.n = all.imp+c.imp, all.flush+c.flush, all.compact+c.compact, all.alloc+c.alloc, all.n+c.n
		all.written += c.written
	}
	n := float64(all.n)
	fmt.Fprintf(&b, " (median %.1f; all cycles %.1f = import %.1f + flush %.1f + compaction %.1f; per resource %.0f KB allocated, %.1f KB of tables written)",
		medianCycle(cs, true)*1e6, all.perResource()*1e6, all.imp/n*1e6, all.flush/n*1e6, all.compact/n*1e6, all.alloc/n/1e3, float64(all.written)/n/1e3)
	return b.String()
}

// cycleStart and cycleEnd mark an import cycle for valgrind: run the history child under
// `valgrind --tool=callgrind --dump-before='*bench.cycleStart' --dump-before='*bench.cycleEnd'`
// and every dump made at a cycleEnd holds the instructions of one cycle (every thread: the
// compactions it waited for included), in the order of the progress lines (the untimed cycle
// first). Instruction counts move far less with the machine's load than CPU time does.
//
//go:noinline
func cycleStart() {}

//go:noinline
func cycleEnd() {}

// CPUProfileEnv names a folder: when set, the history child writes a CPU profile (pprof) of
// each import cycle there, cycle-SIZE-N.pprof (SIZE 1k, 100k or warm, N the cycle's number), so
// that the cycles of one size can be merged (`go tool pprof -proto cycle-100k-*.pprof`) and
// compared with the other's. Every goroutine is sampled: Badger's flushes and compactions too.
const CPUProfileEnv = "CAREKEEPER_BENCH_CPUPROFILE"

func cycleProfile(size string, n int) (stop func(), err error) {
	dir := os.Getenv(CPUProfileEnv)
	if dir == "" {
		return func() {}, nil
	}
	f, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("cycle-%s-%d.pprof", size, n)), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// tableCounter finds the tables a vault's database wrote since it last looked (Badger numbers
// its table files in order of creation). A table written and compacted away between two looks
// is not seen, so what it counts is a lower bound.
type tableCounter struct {
	dir  string
	last int
}

func newTableCounter(vaultDir string) *tableCounter {
	t := &tableCounter{dir: filepath.Join(vaultDir, "db")}
	t.written()
	return t
}

// written is the bytes of the tables written since the last call.
func (t *tableCounter) written() int64 {
	entries, _ := os.ReadDir(t.dir)
	var n int64
	last := t.last
	for _, e := range entries {
		var id int
		if _, err := fmt.Sscanf(e.Name(), "%d.sst", &id); err != nil || id <= t.last {
			continue
		}
		if info, err := e.Info(); err == nil {
			n += info.Size()
		}
		last = max(last, id)
	}
	t.last = last
	return n
}

// allocBytes is every byte the Go heap has allocated so far.
func allocBytes() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// HistoryArg is the hidden first argument that runs the history phase in a child process.
const HistoryArg = "__bench-history"

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	sort.Float64s(s)
	return s[len(s)/2]
}

// cpuIt is the median CPU time (seconds, every thread of the process) of f, each run after a
// garbage collection so that no run pays for an earlier one's garbage. CPU time, unlike wall
// time, does not change with what else the machine runs. Where the CPU time is not measured
// (Windows) it is wall time.
func cpuIt(runs int, f func() error) (float64, error) {
	var ds []float64
	for range runs {
		runtime.GC()
		c0, start := cpuTime(), time.Now()
		if err := f(); err != nil {
			return 0, err
		}
		d := cpuTime() - c0
		if c0 == 0 {
			d = time.Since(start)
		}
		ds = append(ds, d.Seconds())
	}
	return median(ds), nil
}

func timeIt(runs int, f func() error) (float64, error) {
	var ds []float64
	for range runs {
		start := time.Now()
		if err := f(); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(start).Seconds())
	}
	return median(ds), nil
}

// newVault makes a vault in a temp dir and returns it open (with its key, for reopening).
func newVault(plain bool) (v *storage.Vault, key []byte, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "carekeeper-bench-*")
	if err != nil {
		return nil, nil, nil, err
	}
	removeDir := func() { os.RemoveAll(dir) }
	cleanup = removeDir
	pass := []byte("bench passphrase")
	if _, err := storage.Init(dir, pass, storage.Options{}); err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	key, err = storage.UnwrapKey(dir, pass)
	if err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	if plain {
		os.RemoveAll(filepath.Join(dir, "db"))
	}
	v, err = storage.OpenWithKey(dir, key, storage.Options{Plaintext: plain})
	if err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	return v, key, func() { v.Close(); removeDir() }, nil
}

func largestFixture(dir string) (string, error) {
	var best string
	var size int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		info, err := d.Info()
		if err == nil && info.Size() > size {
			best, size = p, info.Size()
		}
		return err
	})
	if best == "" && err == nil {
		err = errors.New("no fixtures found")
	}
	return best, err
}

func largest(ctx context.Context, synthea string, opt Options, rep *Report) error {
	path, err := largestFixture(synthea)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rep.LargestFixture = filepath.Base(path)
	opt.Progress("importing %s (%d KB) %d times", rep.LargestFixture, len(data)>>10, opt.Runs)
	// CPU time of the same bytes decoded by encoding/json, and imported (vault open and
	// unlock excluded; Badger's own goroutines included).
	unmarshal, err := cpuIt(opt.Runs*2, func() error {
		var v any
		return json.Unmarshal(data, &v)
	})
	if err != nil {
		return err
	}
	importInto := func(plain bool) (float64, error) {
		var ds []float64
		for range opt.Runs {
			v, _, cleanup, err := newVault(plain)
			if err != nil {
				return 0, err
			}
			var s *cksync.Summary
			d, err := cpuIt(1, func() error {
				var err error
				s, err = cksync.Import(ctx, v, rep.LargestFixture, data, cksync.Options{})
				return err
			})
			cleanup()
			if err != nil {
				return 0, err
			}
			rep.LargestFixtureEntries = s.Unchanged
			for _, n := range s.Added {
				rep.LargestFixtureEntries += n
			}
			ds = append(ds, d)
		}
		return median(ds), nil
	}
	enc, err := importInto(false)
	if err != nil {
		return err
	}
	plain, err := importInto(true)
	if err != nil {
		return err
	}
	rep.ImportLargestMs = report(enc*1e3, "ms CPU")
	rep.UnmarshalLargestMs = report(unmarshal*1e3, "ms CPU")
	rep.ImportVsUnmarshal = goal(enc/unmarshal, 1.5, "×")
	rep.EncryptedVsPlain = report(enc/plain, "×")
	return nil
}

// smallPatient imports the smallest Synthea bundle into a new vault, closes it and compares
// the database's size on disk with the bundle's.
func smallPatient(ctx context.Context, synthea string, rep *Report) error {
	var best string
	var size int64
	entries, err := os.ReadDir(synthea)
	if err != nil {
		return err
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !strings.HasSuffix(e.Name(), ".json") || strings.Contains(e.Name(), "Information") {
			continue
		}
		if best == "" || info.Size() < size {
			best, size = e.Name(), info.Size()
		}
	}
	if best == "" {
		return errors.New("no fixtures found")
	}
	data, err := os.ReadFile(filepath.Join(synthea, best))
	if err != nil {
		return err
	}
	v, _, cleanup, err := newVault(false)
	if err != nil {
		return err
	}
	defer cleanup()
	if _, err := cksync.Import(ctx, v, best, data, cksync.Options{}); err != nil {
		return err
	}
	if err := v.Close(); err != nil {
		return err
	}
	rep.SmallPatient = best
	rep.SmallPatientRatio = goal(float64(diskUsage(filepath.Join(v.Dir(), "db")))/float64(len(data)), 0.25, "×")
	return nil
}

func unlockCost(opt Options, rep *Report) error {
	dir, err := os.MkdirTemp("", "carekeeper-bench-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	pass := []byte("bench passphrase")
	path := filepath.Join(dir, "vault.key")
	if _, _, err := secret.Create(path, pass, secret.DefaultParams); err != nil {
		return err
	}
	d, err := timeIt(opt.Runs, func() error { _, err := secret.Unlock(path, pass); return err })
	if err != nil {
		return err
	}
	p := secret.DefaultParams
	rep.UnlockMs = report(d*1e3, "ms")
	rep.KDF = fmt.Sprintf("Argon2id t=%d m=%d MiB p=%d", p.Time, p.MemoryKiB/1024, p.Threads)
	return nil
}

type historyReport struct {
	Resources        int           `json:"resources"`
	PerResource1k    float64       `json:"perResource1k"`
	PerResource100k  float64       `json:"perResource100k"`
	Written1k        float64       `json:"written1k"` // the same without compactions
	Written100k      float64       `json:"written100k"`
	VaultBytes       int64         `json:"vaultBytes"`
	RawBytes         int64         `json:"rawBytes"`
	ListYear         float64       `json:"listYear"`
	ListYearRecords  int           `json:"listYearRecords"`
	ListYearMeta     float64       `json:"listYearMeta"`
	ListYearTimeline float64       `json:"listYearTimeline"`
	Timeline         float64       `json:"timeline"`
	TimelineRecords  int           `json:"timelineRecords"`
	Open             float64       `json:"open"`
	ReadCommands     []CommandCost `json:"readCommands"`
	MaxRSSKiB        int64         `json:"maxRSSKiB"`
}

var uuidRe = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// reidentify gives every UUID in a bundle a new one derived from it and the round, so the
// copy is a new person's history with consistent references.
func reidentify(data []byte, round int) []byte {
	return uuidRe.ReplaceAllFunc(data, func(u []byte) []byte {
		sum := sha256.Sum256(append([]byte(fmt.Sprintf("%d:", round)), u...))
		h := hex.EncodeToString(sum[:16])
		return []byte(h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32])
	})
}

// History runs the 100k phase and prints its JSON report (child process side).
func History(ctx context.Context, fixtures string, resources, runs int) ([]byte, error) {
	synthea := filepath.Join(fixtures, "synthea")
	entries, err := os.ReadDir(synthea)
	if err != nil {
		return nil, err
	}
	// Sources are read from disk for each import (the page cache keeps that cheap) so that the
	// peak RSS measured is the import's, not 29 MB of fixtures held by the benchmark.
	var sources []string
	var probe []byte
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".json") || strings.Contains(n, "Information") {
			continue
		}
		sources = append(sources, filepath.Join(synthea, n))
		if strings.HasPrefix(n, "Byron202") { // 1102 entries: the 1k probe
			if probe, err = os.ReadFile(filepath.Join(synthea, n)); err != nil {
				return nil, err
			}
		}
	}
	if len(sources) == 0 || probe == nil {
		return nil, errors.New("synthea fixtures missing")
	}
	v, key, cleanup, err := newVault(false)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	person, err := v.AddProfile("Benchmark Person", "1950-01-01")
	if err != nil {
		return nil, err
	}
	round := 0
	// reid makes the next round's copy of a bundle; importing it is what the probes time.
	reid := func(data []byte) []byte { round++; return reidentify(data, round) }
	imports := 0 // each import's file name is its own
	importInto := func(v *storage.Vault, profile string, data []byte) (int, error) {
		imports++
		s, err := cksync.Import(ctx, v, fmt.Sprintf("synthetic-%d.json", imports), data, cksync.Options{Profile: profile})
		if err != nil {
			return 0, err
		}
		n := 0
		for _, c := range s.Added {
			n += c
		}
		return n, nil
	}
	impFile := func(path string) (n int, size int64, err error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return 0, 0, err
		}
		n, err = importInto(v, person.ID, reid(data))
		return n, int64(len(data)), err
	}
	// The import probes (see cycle below): runs cycles at each size, each cycle
	// FlushesPerCompaction imports of a 1,102-resource copy, and one untimed cycle first. The
	// history is built so that the timed cycles are centred on resources: "at 100k" is the
	// import of resources 100k less half of them to 100k plus half.
	perCycle := v.FlushesPerCompaction()
	built := resources - runs*perCycle*1102/2 - perCycle*1102
	total := 0
	h := historyReport{}
	var raw int64
	for i := 0; total < built; i++ {
		n, size, err := impFile(sources[i%len(sources)])
		if err != nil {
			return nil, err
		}
		total += n
		raw += size
	}
	h.MaxRSSKiB = maxRSS() // the 100k import's peak, before the probes add theirs
	// smallVault is a new vault holding one bundle (238 resources): the 1k probes' vault.
	type smallV struct {
		v       *storage.Vault
		profile string
		close   func()
	}
	smallVault := func() (*smallV, error) {
		sv, _, cleanup, err := newVault(false)
		if err != nil {
			return nil, err
		}
		p, err := sv.AddProfile("Benchmark Person", "1950-01-01")
		if err == nil {
			var data []byte
			if data, err = os.ReadFile(sources[0]); err == nil {
				_, err = importInto(sv, p.ID, reid(data))
			}
		}
		if err != nil {
			cleanup()
			return nil, err
		}
		return &smallV{sv, p.ID, cleanup}, nil
	}
	small, err := smallVault()
	if err != nil {
		return nil, err
	}
	// cycle is one probe: the CPU time per resource of importing perCycle copies of the probe
	// bundle into vault, each import followed by the flush of the memtable that holds what it
	// wrote and by every compaction that became due, waited for (Vault.Settle). A level-0
	// compaction is due once level 0 holds FlushesPerCompaction tables, so every cycle pays
	// exactly one, with its share of the compactions below it that the one makes due: a
	// probe of one import paid it (or the start of it, in its flush) in one probe out of four
	// and nothing in the others, or, timed without compactions, left out the work a large
	// vault does that a small one does not (rewriting its base level, ~10 MB at 100k).
	// The cycle starts after a garbage collection; the collections it makes are its own.
	// The copies are made before the cycle: the regular expression that re-identifies them
	// cost as much as a third of an import.
	cycles := 0
	cycle := func(vault *storage.Vault, profile string, c *cycleCost, size string) error {
		copies := make([][]byte, perCycle)
		for i := range copies {
			copies[i] = reid(probe)
		}
		if err := vault.Settle(ctx); err != nil {
			return err
		}
		runtime.GC()
		cycles++
		stop, err := cycleProfile(size, cycles)
		if err != nil {
			return err
		}
		defer stop()
		cycleStart()
		defer cycleEnd()
		a0 := allocBytes()
		tables := newTableCounter(vault.Dir())
		for _, data := range copies {
			t0 := cpuTime()
			n, err := importInto(vault, profile, data)
			if err != nil {
				return err
			}
			t1 := cpuTime()
			if err := vault.Flush(); err != nil {
				return err
			}
			t2 := cpuTime()
			c.written += tables.written()
			if err := vault.Settle(ctx); err != nil {
				return err
			}
			t3 := cpuTime()
			c.written += tables.written()
			c.n += n
			c.imp += (t1 - t0).Seconds()
			c.flush += (t2 - t1).Seconds()
			c.compact += (t3 - t2).Seconds()
		}
		c.alloc = float64(allocBytes() - a0)
		return nil
	}
	// One cycle, untimed, in the large vault first: the level-0 tables the build left (up to
	// three of a full memtable each) go in its compaction, and the caches load the tables the
	// build's last compactions wrote; after it, level 0 holds only the probes' small tables.
	var warm cycleCost
	if err := cycle(v, person.ID, &warm, "warm"); err != nil {
		return nil, err
	}
	total += warm.n
	raw += int64(perCycle * len(probe)) // the vault holds them: counted in its size
	var at1k, at100k []cycleCost
	for i := range runs {
		// In turn, and which goes first alternates, so that both see the machine as it is
		// then (on a shared machine CPU time moves by ±30 % from one minute to the next).
		for j := range 2 {
			var c cycleCost
			if big := (i+j)%2 == 1; big {
				err = cycle(v, person.ID, &c, "100k")
				at100k = append(at100k, c)
				total += c.n
			} else {
				// A new small vault for each cycle (one bundle, 238 resources, before it), so
				// that every 1k cycle starts from the same vault.
				if i > 0 {
					small.close()
					if small, err = smallVault(); err != nil {
						return nil, err
					}
				}
				err = cycle(small.v, small.profile, &c, "1k")
				at1k = append(at1k, c)
			}
			if err != nil {
				return nil, err
			}
		}
	}
	small.close()
	fmt.Fprintf(os.Stderr, "import probes: cycles of %d imports of %d resources, each flushed and its compactions waited for; CPU µs per resource:\n", perCycle, at1k[0].n/perCycle)
	fmt.Fprintf(os.Stderr, "  at 1k (a new vault of 238):  %s\n  at %dk–%dk: %s\n", fmtCycles(at1k),
		(total-runs*at100k[0].n+500)/1000, (total+500)/1000, fmtCycles(at100k))
	h.PerResource1k, h.PerResource100k = medianCycle(at1k, true), medianCycle(at100k, true)
	h.Written1k, h.Written100k = medianCycle(at1k, false), medianCycle(at100k, false)
	h.Resources = total
	// Raw size: every byte imported into the large vault (its probes included).
	raw += int64(runs * perCycle * len(probe))
	h.RawBytes = raw

	if err := yearFigures(ctx, v, person.ID, runs, &h); err != nil {
		return nil, err
	}
	dir := v.Dir()
	if err := v.Close(); err != nil {
		return nil, err
	}
	h.VaultBytes = diskUsage(filepath.Join(dir, "db"))
	h.Open, err = timeIt(runs, func() error {
		var err error
		v, err = storage.OpenWithKey(dir, key, storage.Options{})
		if err != nil {
			return err
		}
		return v.Close()
	})
	if err != nil {
		return nil, err
	}
	if h.ReadCommands, err = readCommands(ctx, dir, person.ID, "", runs); err != nil {
		return nil, err
	}
	v, err = storage.OpenWithKey(dir, key, storage.Options{}) // for cleanup's Close
	if err != nil {
		return nil, err
	}
	return json.Marshal(h)
}

// yearFigures measures listing the busiest year of the person's history (decoded, metadata
// only, from the timeline index) and the whole timeline into h.
func yearFigures(ctx context.Context, v *storage.Vault, profile string, runs int, h *historyReport) error {
	year, err := busiestYear(ctx, v, profile)
	if err != nil {
		return err
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	h.ListYear, err = timeIt(runs, func() error {
		h.ListYearRecords = 0
		return v.Records(ctx, storage.Query{Profile: profile, From: from, To: from.AddDate(1, 0, 0)}, func(*storage.Record) error {
			h.ListYearRecords++
			return nil
		})
	})
	if err != nil {
		return err
	}
	year1 := storage.Query{Profile: profile, From: from, To: from.AddDate(1, 0, 0), MetaOnly: true}
	if h.ListYearMeta, err = timeIt(runs, func() error {
		return v.Records(ctx, year1, func(*storage.Record) error { return nil })
	}); err != nil {
		return err
	}
	year1.MetaOnly = false
	if h.ListYearTimeline, err = timeIt(runs, func() error {
		return v.Timeline(ctx, year1, func(*storage.Entry) error { return nil })
	}); err != nil {
		return err
	}
	// The timeline: every dated record of the person, newest first, as the app's timeline
	// reads it (Vault.Timeline: the timeline index only).
	if h.Timeline, err = timeIt(runs, func() error {
		h.TimelineRecords = 0
		return v.Timeline(ctx, storage.Query{Profile: profile}, func(*storage.Entry) error {
			h.TimelineRecords++
			return nil
		})
	}); err != nil {
		return err
	}
	return nil
}

func busiestYear(ctx context.Context, v *storage.Vault, profile string) (int, error) {
	years := map[int]int{}
	err := v.Records(ctx, storage.Query{Profile: profile, From: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), MetaOnly: true}, func(r *storage.Record) error {
		if len(r.Meta.Date) >= 4 {
			var y int
			fmt.Sscanf(r.Meta.Date[:4], "%d", &y)
			years[y]++
		}
		return nil
	})
	best, n := 0, -1
	for y, c := range years {
		if c > n {
			best, n = y, c
		}
	}
	return best, err
}

// diskUsage is the space files really take (allocated blocks, not sparse sizes).
func diskUsage(dir string) int64 {
	var total int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error { //nolint:errcheck
		if err != nil || d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		total += allocated(info)
		return nil
	})
	return total
}
