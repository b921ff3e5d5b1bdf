package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"carekeeper/internal/bench"
)

func runBench(ctx context.Context, c *call) error {
	var fixtures string
	var resources, runs int
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&fixtures, "fixtures", "", "the shared fixtures directory")
		fs.IntVar(&resources, "resources", 100_000, "size of the synthetic history")
		fs.IntVar(&runs, "runs", 5, "repetitions per figure (medians are reported)")
	}); err != nil {
		return err
	}
	if fixtures == "" {
		fixtures = c.env.Getenv("CAREKEEPER_FIXTURES")
	}
	if fixtures == "" {
		fixtures = filepath.Join("..", "shared", "fixtures")
	}
	rep, err := bench.Run(ctx, bench.Options{Fixtures: fixtures, Resources: resources, Runs: runs,
		Progress: func(f string, a ...any) { textf(c.env.Stderr, "bench: "+f+"\n", a...) }})
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(rep)
	}
	tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
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
