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
	VaultSizeRatio          Goal   `json:"vaultSizeOverRawJSON"`
	VaultBytes              int64  `json:"vaultBytes"`
	RawJSONBytes            int64  `json:"rawJSONBytes"`
	ListOneYearMs           Goal   `json:"listOneYearMs"`
	ListOneYearRecords      int    `json:"listOneYearRecords"`
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

// fmtRuns is every run of xs scaled by unit, for a progress line.
func fmtRuns(xs []float64, unit float64) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.2f", x*unit)
	}
	return b.String()
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
	// The 1k probes import into a second, small vault holding one bundle, the 100k probes into
	// the large one; the two are probed in turn at the end, so that both see the machine as it
	// is then (on a shared machine a probe's CPU time moves by ±30 % from one minute to the next).
	small, _, cleanupSmall, err := newVault(false)
	if err != nil {
		return nil, err
	}
	defer cleanupSmall()
	smallPerson, err := small.AddProfile("Benchmark Person", "1950-01-01")
	if err != nil {
		return nil, err
	}
	round := 0
	// reid makes the next round's copy of a bundle; importing it is what the probes time.
	reid := func(data []byte) []byte { round++; return reidentify(data, round) }
	importInto := func(v *storage.Vault, profile string, data []byte) (int, error) {
		s, err := cksync.Import(ctx, v, fmt.Sprintf("synthetic-%d.json", round), data, cksync.Options{Profile: profile})
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
	// probe is the CPU time per resource of importing data into vault. The copies are made
	// before any measuring: the regular expression that re-identifies them cost as much as a
	// third of a probe and made the ratio flip. A probe is CPU time after a garbage collection
	// (cpuIt), so the benchmark's own garbage does not land in it.
	//
	// Each probe starts from settled vaults (memtables written to tables, no compaction running
	// or due, in both vaults) and is the import plus the flush of the memtable that holds what
	// it wrote: so the 1k and the 100k probe pay the same kind of work. Before, the 1k probes
	// fit in the first memtable and paid no flush (that came later, untimed), while a 100k
	// probe paid one whenever it filled a memtable and any compaction an earlier import had
	// left running. Compactions a probe makes due run after it, untimed, in both.
	probe1 := func(vault *storage.Vault, profile string, data []byte) (float64, error) {
		for _, s := range []*storage.Vault{v, small} {
			if err := s.Settle(ctx); err != nil {
				return 0, err
			}
		}
		var n int
		d, err := cpuIt(1, func() error {
			var err error
			if n, err = importInto(vault, profile, data); err != nil {
				return err
			}
			return vault.Flush()
		})
		return d / float64(n), err
	}
	total := 0
	h := historyReport{}
	// The small vault: one bundle (238 resources) before its probes.
	data, err := os.ReadFile(sources[0])
	if err != nil {
		return nil, err
	}
	if _, err := importInto(small, smallPerson.ID, reid(data)); err != nil {
		return nil, err
	}
	var raw int64
	for i := 0; total < resources-runs*1102; i++ {
		n, size, err := impFile(sources[i%len(sources)])
		if err != nil {
			return nil, err
		}
		total += n
		raw += size
	}
	h.MaxRSSKiB = maxRSS() // the 100k import's peak, before the small vault's probes add theirs
	copies := make([][]byte, 2*runs)
	for i := range copies {
		copies[i] = reid(probe)
	}
	var at1k, at100k []float64
	for i := range runs {
		// In turn, and which goes first alternates.
		for j := range 2 {
			big := (i+j)%2 == 1
			var d float64
			var err error
			if big {
				d, err = probe1(v, person.ID, copies[2*i+j])
				at100k = append(at100k, d)
			} else {
				d, err = probe1(small, smallPerson.ID, copies[2*i+j])
				at1k = append(at1k, d)
			}
			if err != nil {
				return nil, err
			}
		}
	}
	total += runs * 1102
	fmt.Fprintf(os.Stderr, "import probes, µs per resource: at 1k %s; at %d resources %s\n", fmtRuns(at1k, 1e6), total, fmtRuns(at100k, 1e6))
	h.PerResource1k, h.PerResource100k = median(at1k), median(at100k)
	h.Resources = total
	// Raw size: every byte imported into the large vault (its probes included).
	raw += int64(runs * len(probe))
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
