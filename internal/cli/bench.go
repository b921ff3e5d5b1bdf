package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"carekeeper/internal/bench"
)

func runBench(ctx context.Context, c *call) error {
	var fixtures, reading, watch, only, readings string
	var resources, runs int
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&fixtures, "fixtures", "", "the shared fixtures directory")
		fs.IntVar(&resources, "resources", 100_000, "size of the synthetic history")
		fs.IntVar(&runs, "runs", 5, "repetitions per figure (medians are reported)")
		fs.StringVar(&reading, "reading", "", "measure only the reading figures, on the vault kept in DIR (built first if missing)")
		fs.StringVar(&watch, "watch", "", "measure only summary, summary --fhir, results, results --json, export and records --json of one person's 100,000 and 300,000 watch readings, on vaults kept in DIR (built first if missing)")
		fs.StringVar(&readings, "readings", "100000,300000", "with --watch: the vaults' numbers of readings")
		fs.StringVar(&only, "commands", "", "with --reading or --watch: only the commands containing this text")
	}); err != nil {
		return err
	}
	if fixtures == "" {
		fixtures = c.env.Getenv("CAREKEEPER_FIXTURES")
	}
	if fixtures == "" {
		fixtures = filepath.Join("..", "shared", "fixtures")
	}
	opt := bench.Options{Fixtures: fixtures, Resources: resources, Runs: runs, Commands: only,
		Progress: func(f string, a ...any) { textf(c.env.Stderr, "bench: "+f+"\n", a...) }}
	if reading != "" {
		return benchReading(ctx, c, reading, opt)
	}
	if watch != "" {
		var ns []int
		for _, f := range strings.Split(readings, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n <= 0 {
				return usagef("--readings: numbers of readings, comma-separated")
			}
			ns = append(ns, n)
		}
		return benchWatch(ctx, c, watch, ns, opt)
	}
	rep, err := bench.Run(ctx, opt)
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(rep)
	}
	tw := newTabs(c.env.Stdout)
	row := func(name string, g bench.Goal) {
		status := ""
		if g.Met != nil {
			status = fmt.Sprintf("goal ≤ %g %s: ", g.Goal, g.Unit)
			if *g.Met {
				status += "met"
			} else {
				status += "NOT met"
			}
		}
		textf(tw, "%s\t%g %s\t%s\n", name, g.Value, g.Unit, status)
	}
	row("import largest ÷ json.Unmarshal", rep.ImportVsUnmarshal)
	row("  import largest", rep.ImportLargestMs)
	row("  json.Unmarshal into any", rep.UnmarshalLargestMs)
	row("encrypted ÷ plaintext import", rep.EncryptedVsPlain)
	row("import per resource at 1k", rep.ImportPerResource1kUs)
	row("import per resource at 100k", rep.ImportPerResource100kUs)
	row("  at 100k ÷ at 1k", rep.ImportScaling)
	row("  … the imports and flushes only, without compactions", rep.ImportScalingWritten)
	row("vault size ÷ raw JSON", rep.VaultSizeRatio)
	row("  one small patient ("+rep.SmallPatient+")", rep.SmallPatientRatio)
	row("list one year of one person (resources decoded)", rep.ListOneYearMs)
	row("  metadata only", rep.ListOneYearMetaMs)
	row("  from the timeline index", rep.ListOneYearTimelineMs)
	row(fmt.Sprintf("timeline of the 100k person (%d events)", rep.TimelineRecords), rep.TimelineMs)
	for _, c := range rep.ReadCommands {
		row(fmt.Sprintf("%s %s (%d resources), whole command", c.Binary, c.Command, rep.HistoryResources), c.WallMs)
		row("  peak RSS", c.PeakRSSMB)
	}
	row("open vault (no KDF)", rep.OpenMs)
	row("peak RSS of the 100k import", rep.PeakRSSMB)
	row("unlock ("+rep.KDF+")", rep.UnlockMs)
	return tw.Flush()
}

// benchReading prints the reading figures on the kept vault in dir (`bench --reading DIR`).
func benchReading(ctx context.Context, c *call, dir string, opt bench.Options) error {
	rep, err := bench.Reading(ctx, dir, opt)
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(rep)
	}
	tw := newTabs(c.env.Stdout)
	row := func(name string, g bench.Goal, rng [2]float64) {
		textf(tw, "%s\t%g %s\t[%g–%g]\n", name, g.Value, g.Unit, rng[0], rng[1])
	}
	textf(tw, "%d resources in %s; medians of %d runs [min–max]\n", rep.Resources, rep.Vault, opt.Runs)
	row(fmt.Sprintf("one year (%d records), resources decoded", rep.ListOneYearRecords), rep.ListOneYearMs, rep.ListOneYearRange)
	row("  metadata only", rep.ListOneYearMetaMs, rep.ListOneYearMetaRange)
	textf(tw, "  from the timeline index\t%g ms\t\n", rep.ListOneYearTimelineMs.Value)
	textf(tw, "timeline (%d events)\t%g ms\t\n", rep.TimelineRecords, rep.TimelineMs.Value)
	for _, cc := range rep.ReadCommands {
		textf(tw, "%s %s\t\t\n", cc.Binary, cc.Command)
		row("  CPU", cc.CPUMs, cc.CPURange)
		row("  wall", cc.WallMs, cc.WallRange)
		row("  peak RSS", cc.RSSMedianMB, cc.RSSRange)
	}
	return tw.Flush()
}

// benchWatch prints what the commands that read a person's watch readings cost (`bench --watch
// DIR`).
func benchWatch(ctx context.Context, c *call, dir string, readings []int, opt bench.Options) error {
	vaults, err := bench.Watch(ctx, dir, readings, opt)
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(vaults)
	}
	tw := newTabs(c.env.Stdout)
	row := func(name string, g bench.Goal, rng [2]float64) {
		textf(tw, "%s\t%g %s\t[%g–%g]\n", name, g.Value, g.Unit, rng[0], rng[1])
	}
	for _, v := range vaults {
		textf(tw, "%d watch readings in %s; medians of %d runs [min–max]\n", v.Readings, v.Vault, opt.Runs)
		for _, cc := range v.Commands {
			textf(tw, "%s %s\t\t\n", cc.Binary, cc.Command)
			row("  CPU", cc.CPUMs, cc.CPURange)
			row("  wall", cc.WallMs, cc.WallRange)
			status := "goal ≤ 90 MB: met"
			if cc.PeakRSSMB.Met != nil && !*cc.PeakRSSMB.Met {
				status = "goal ≤ 90 MB in every run: NOT met"
			}
			textf(tw, "  peak RSS\t%g %s\t[%g–%g] %s\n", cc.RSSMedianMB.Value, cc.RSSMedianMB.Unit, cc.RSSRange[0], cc.RSSRange[1], status)
		}
	}
	return tw.Flush()
}

// RunHidden handles the hidden child-process entry points; ok is false for normal arguments.
func RunHidden(ctx context.Context, args []string) (code int, ok bool) {
	if len(args) != 4 || args[0] != bench.HistoryArg {
		return 0, false
	}
	var resources, runs int
	fmt.Sscan(args[2], &resources)
	fmt.Sscan(args[3], &runs)
	out, err := bench.History(ctx, args[1], resources, runs)
	if err != nil {
		textf(os.Stderr, "carekeeper bench: %v\n", err)
		return 1, true
	}
	os.Stdout.Write(append(out, '\n'))
	return 0, true
}
