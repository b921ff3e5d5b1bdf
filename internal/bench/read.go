package bench

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// CommandCost is what one CLI command that reads the vault costs on the 100,000-resource
// vault, as a person runs it: a process of its own, unlock (the KDF) included.
type CommandCost struct {
	Binary    string `json:"binary"` // "carekeeper", or "carekeeper-cli" (the CLI without the app)
	Command   string `json:"command"`
	WallMs    Goal   `json:"wallMs"`    // median of the runs
	PeakRSSMB Goal   `json:"peakRSSMB"` // the largest of the runs
	// CPUMs is the median CPU time (user + system) of the runs; CPU, WallRange and RSSRange
	// are the [min, max] of the runs.
	CPUMs       Goal       `json:"cpuMs"`
	RSSMedianMB Goal       `json:"peakRSSMedianMB"`
	CPURange    [2]float64 `json:"cpuRangeMs"`
	WallRange   [2]float64 `json:"wallRangeMs"`
	RSSRange    [2]float64 `json:"peakRSSRangeMB"`
}

// readCommands runs each reading command runs times against the vault in dir (closed) and
// returns their costs, as `carekeeper COMMAND` and, when carekeeper-cli sits beside this
// binary (`make build` puts it there), as `carekeeper-cli COMMAND`. Goals: issue 13 §2 (every
// command that opens the vault ≤ 90 MB) and §4 (records --json ≤ 0.5 s, export ≤ 2 s at 100k).
// Only the commands containing filter run ("" for all); {profile} in a command is the
// vault's person.
func readCommands(ctx context.Context, dir, profile, filter string, runs int) ([]CommandCost, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	// `carekeeper bench` itself runs in carekeeper-cli when that sits beside the app binary
	// (main hands commands off to it), so both are looked up beside this one.
	bins := [][2]string{{"carekeeper", self}}
	if strings.TrimSuffix(filepath.Base(self), filepath.Ext(self)) == "carekeeper-cli" {
		bins = [][2]string{{"carekeeper", filepath.Join(filepath.Dir(self), "carekeeper"+filepath.Ext(self))}}
	}
	cli := filepath.Join(filepath.Dir(self), "carekeeper-cli"+filepath.Ext(self))
	if st, err := os.Stat(cli); err == nil && st.Mode().IsRegular() {
		bins = append(bins, [2]string{"carekeeper-cli", cli})
	}
	if st, err := os.Stat(bins[0][1]); err != nil || !st.Mode().IsRegular() {
		bins = bins[1:] // carekeeper-cli alone
	}
	var costs []CommandCost
	for _, b := range bins {
		c, err := commandCosts(ctx, b[0], b[1], dir, profile, filter, runs, readingCommands)
		if err != nil {
			return nil, err
		}
		costs = append(costs, c...)
	}
	return costs, nil
}

// benchCommand is a command the benchmark runs: its arguments, with {profile} for the vault's
// person and {out}, {pdf}, {ips} for the files it writes, and its wall-time goal (0: none).
type benchCommand struct {
	args   string
	wallMs float64
}

// readingCommands are the reading commands run on the 100k vault.
func readingCommands() []benchCommand {
	return []benchCommand{
		{"profile list", 0},
		{"records", 0},
		{"records --type Observation --json", 500},
		{"export --out {out}", 2000},
		{"today", 0},
		{"medicines", 0},
		{"results", 0},
		{"schedule list", 0},
		{"insights --profile {profile}", 0},
		{"summary --profile {profile} --from 1900-01-01 --to " + time.Now().Format("2006-01-02") + " --out {pdf}", 0},
		{"summary --profile {profile} --from 1900-01-01 --to " + time.Now().Format("2006-01-02") + " --out {pdf} --fhir {ips}", 0},
		{"reminders --from 2020-01-01 --to 2020-02-01", 0},
	}
}

// commandCosts runs each of the commands cmds gives (those containing filter) with the
// binary bin (named name) runs times.
func commandCosts(ctx context.Context, name, bin, dir, profile, filter string, runs int, cmds func() []benchCommand) ([]CommandCost, error) {
	out := filepath.Join(dir, "..", filepath.Base(dir)+"-export.json")
	pdf := filepath.Join(dir, "..", filepath.Base(dir)+"-summary.pdf")
	ips := filepath.Join(dir, "..", filepath.Base(dir)+"-summary.json")
	defer os.Remove(out)
	defer os.Remove(pdf)
	defer os.Remove(ips)
	env := append(os.Environ(), "CAREKEEPER_DATA="+dir, "CAREKEEPER_PASSPHRASE="+benchPassphrase)
	var costs []CommandCost
	for _, c := range cmds() {
		if !strings.Contains(c.args, filter) {
			continue
		}
		c.args = strings.NewReplacer("{profile}", profile, "{out}", out, "{pdf}", pdf, "{ips}", ips).Replace(c.args)
		var walls, cpus, rss []float64
		var peak int64
		for range runs {
			os.Remove(out)
			os.Remove(pdf)
			os.Remove(ips)
			cmd := exec.CommandContext(ctx, bin, strings.Fields(c.args)...)
			cmd.Env = env
			var buf tailWriter // a listing's output (records --json: 180 MB) is not kept
			cmd.Stdout, cmd.Stderr = &buf, &buf
			start := time.Now()
			if err := cmd.Start(); err != nil {
				return nil, err
			}
			hwm := watchPeak(cmd.Process.Pid)
			err := cmd.Wait()
			walls = append(walls, time.Since(start).Seconds()*1e3)
			if err != nil {
				return nil, fmt.Errorf("%s: %w: %s", c.args, err, lastLine([]byte(buf.String())))
			}
			hw := hwm()
			peak = max(peak, hw)
			rss = append(rss, float64(hw)/1024)
			cpus = append(cpus, childCPU(cmd.ProcessState).Seconds()*1e3)
		}
		cost := CommandCost{Binary: name, Command: strings.NewReplacer(out, "FILE", pdf, "FILE.pdf", ips, "FILE.json", profile, "ID").Replace(c.args), WallMs: report(median(walls), "ms"), PeakRSSMB: goal(float64(peak)/1024, 90, "MB"),
			CPUMs: report(median(cpus), "ms CPU"), CPURange: span(cpus), RSSMedianMB: goal(median(rss), 90, "MB"), WallRange: span(walls), RSSRange: span(rss)}
		if c.wallMs > 0 {
			cost.WallMs = goal(median(walls), c.wallMs, "ms")
		}
		costs = append(costs, cost)
	}
	return costs, nil
}

// tailWriter keeps the last 4 KiB written to it (a command's last line, for its error).
type tailWriter struct{ b []byte }

func (w *tailWriter) Write(p []byte) (int, error) {
	const keep = 4 << 10
	if len(p) >= keep {
		w.b = append(w.b[:0], p[len(p)-keep:]...)
		return len(p), nil
	}
	if len(w.b)+len(p) > keep {
		w.b = append(w.b[:0], w.b[len(w.b)+len(p)-keep:]...)
	}
	w.b = append(w.b, p...)
	return len(p), nil
}

func (w *tailWriter) String() string { return string(w.b) }

func lastLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// span is the [min, max] of xs.
func span(xs []float64) [2]float64 {
	return [2]float64{round(slices.Min(xs)), round(slices.Max(xs))}
}

// childCPU is a waited-for child's CPU time, user and system (0 where not known).
func childCPU(ps *os.ProcessState) time.Duration {
	if ps == nil {
		return 0
	}
	return ps.UserTime() + ps.SystemTime()
}

// ReadingReport holds the reading figures of issue 13 on a kept 100k vault (`carekeeper bench
// --reading DIR`): listing one year, the timeline and the CLI's reading commands.
type ReadingReport struct {
	Vault     string `json:"vault"`
	Resources int    `json:"resources"` // records in the vault
	// ListOneYear… are the busiest year of the person: every resource decoded, metadata
	// only, from the timeline index; Timeline every dated record. Medians, with the
	// [min, max] of the runs beside each.
	ListOneYearMs         Goal          `json:"listOneYearMs"`
	ListOneYearRange      [2]float64    `json:"listOneYearRangeMs"`
	ListOneYearRecords    int           `json:"listOneYearRecords"`
	ListOneYearMetaMs     Goal          `json:"listOneYearMetaOnlyMs"`
	ListOneYearMetaRange  [2]float64    `json:"listOneYearMetaOnlyRangeMs"`
	ListOneYearTimelineMs Goal          `json:"listOneYearTimelineMs"`
	TimelineMs            Goal          `json:"timelineMetaOnlyMs"`
	TimelineRecords       int           `json:"timelineRecords"`
	ReadCommands          []CommandCost `json:"readCommands"`
}

// benchPassphrase is the passphrase of every vault the benchmark makes.
const benchPassphrase = "bench passphrase"

// Reading measures the reading figures on the vault in dir: a single person's history of
// about opt.Resources records built from re-identified copies of the Synthea bundles (as the
// 100k phase of Run builds it, without its probes) when dir holds no vault yet, and kept
// there, so that changes to the read path can be measured again and again on the same vault.
func Reading(ctx context.Context, dir string, opt Options) (*ReadingReport, error) {
	opt.defaults()
	if _, err := os.Stat(storage.KeyFilePath(dir)); errors.Is(err, fs.ErrNotExist) {
		opt.Progress("building a %d-resource history in %s", opt.Resources, dir)
		if err := buildHistory(ctx, dir, opt.Fixtures, opt.Resources); err != nil {
			return nil, err
		}
	}
	key, err := storage.UnwrapKey(dir, []byte(benchPassphrase))
	if err != nil {
		return nil, err
	}
	v, err := storage.OpenWithKey(dir, key, storage.Options{})
	if err != nil {
		return nil, err
	}
	rep := &ReadingReport{Vault: dir}
	people, err := v.Profiles()
	if err != nil || len(people) != 1 {
		v.Close()
		return nil, fmt.Errorf("%s: not a benchmark vault (one person): %v", dir, err)
	}
	counts, err := v.TypeCounts(ctx, people[0].ID)
	for _, n := range counts {
		rep.Resources += n
	}
	var h historyReport
	var years, metas []float64
	if err == nil {
		opt.Progress("listing one year, %d runs", opt.Runs)
		years, metas, err = yearSamples(ctx, v, people[0].ID, opt.Runs, &h)
	}
	if cerr := v.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	rep.ListOneYearMs, rep.ListOneYearRange = goal(median(years)*1e3, 20, "ms"), span(scale(years, 1e3))
	rep.ListOneYearRecords = h.ListYearRecords
	rep.ListOneYearMetaMs, rep.ListOneYearMetaRange = report(median(metas)*1e3, "ms"), span(scale(metas, 1e3))
	rep.ListOneYearTimelineMs = report(h.ListYearTimeline*1e3, "ms")
	rep.TimelineMs, rep.TimelineRecords = goal(h.Timeline*1e3, 200, "ms"), h.TimelineRecords
	opt.Progress("running the reading commands, %d runs each", opt.Runs)
	if rep.ReadCommands, err = readCommands(ctx, dir, people[0].ID, opt.Commands, opt.Runs); err != nil {
		return nil, err
	}
	return rep, nil
}

func scale(xs []float64, k float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * k
	}
	return out
}

// yearSamples is yearFigures with every run of the two year listings kept (seconds).
func yearSamples(ctx context.Context, v *storage.Vault, profile string, runs int, h *historyReport) (years, metas []float64, err error) {
	for range runs {
		if err := yearFigures(ctx, v, profile, 1, h); err != nil {
			return nil, nil, err
		}
		years, metas = append(years, h.ListYear), append(metas, h.ListYearMeta)
	}
	return years, metas, nil
}

// buildHistory makes a vault in dir holding one person with about resources records.
func buildHistory(ctx context.Context, dir, fixtures string, resources int) error {
	synthea := filepath.Join(fixtures, "synthea")
	entries, err := os.ReadDir(synthea)
	if err != nil {
		return err
	}
	var sources []string
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".json") && !strings.Contains(n, "Information") {
			sources = append(sources, filepath.Join(synthea, n))
		}
	}
	if len(sources) == 0 {
		return errors.New("synthea fixtures missing")
	}
	pass := []byte(benchPassphrase)
	if _, err := storage.Init(dir, pass, storage.Options{}); err != nil {
		return err
	}
	key, err := storage.UnwrapKey(dir, pass)
	if err != nil {
		return err
	}
	v, err := storage.OpenWithKey(dir, key, storage.Options{})
	if err != nil {
		return err
	}
	person, err := v.AddProfile("Benchmark Person", "1950-01-01")
	if err != nil {
		v.Close()
		return err
	}
	for round, total := 1, 0; total < resources; round++ {
		data, err := os.ReadFile(sources[(round-1)%len(sources)])
		if err != nil {
			v.Close()
			return err
		}
		s, err := cksync.Import(ctx, v, fmt.Sprintf("synthetic-%d.json", round), reidentify(data, round), cksync.Options{Profile: person.ID})
		if err != nil {
			v.Close()
			return err
		}
		for _, n := range s.Added {
			total += n
		}
	}
	return v.Close()
}
