package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// CommandCost is what one CLI command that reads the vault costs on the 100,000-resource
// vault, as a person runs it: a process of its own, unlock (the KDF) included.
type CommandCost struct {
	Binary    string `json:"binary"` // "carekeeper", or "carekeeper-cli" (the CLI without the app)
	Command   string `json:"command"`
	WallMs    Goal   `json:"wallMs"`    // median of the runs
	PeakRSSMB Goal   `json:"peakRSSMB"` // the largest of the runs
}

// readCommands runs each reading command runs times against the vault in dir (closed) and
// returns their costs, as `carekeeper COMMAND` and, when carekeeper-cli sits beside this
// binary (`make build` puts it there), as `carekeeper-cli COMMAND`. Goals: issue 13 §2 (every
// command that opens the vault ≤ 90 MB) and §4 (records --json ≤ 0.5 s, export ≤ 2 s at 100k).
func readCommands(ctx context.Context, dir string, runs int) ([]CommandCost, error) {
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
		c, err := commandCosts(ctx, b[0], b[1], dir, runs)
		if err != nil {
			return nil, err
		}
		costs = append(costs, c...)
	}
	return costs, nil
}

// commandCosts runs each reading command with the binary bin (named name) runs times.
func commandCosts(ctx context.Context, name, bin, dir string, runs int) ([]CommandCost, error) {
	out := filepath.Join(dir, "..", filepath.Base(dir)+"-export.json")
	defer os.Remove(out)
	cmds := []struct {
		args   string
		wallMs float64 // 0: no time goal
	}{
		{"profile list", 0},
		{"records", 0},
		{"records --type Observation --json", 500},
		{"export --out " + out, 2000},
		{"today", 0},
		{"medicines", 0},
		{"results", 0},
		{"schedule list", 0},
	}
	env := append(os.Environ(), "CAREKEEPER_DATA="+dir, "CAREKEEPER_PASSPHRASE=bench passphrase")
	var costs []CommandCost
	for _, c := range cmds {
		var walls []float64
		var peak int64
		for range runs {
			os.Remove(out)
			cmd := exec.CommandContext(ctx, bin, strings.Fields(c.args)...)
			cmd.Env = env
			var buf strings.Builder
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
			peak = max(peak, hwm())
		}
		cost := CommandCost{Binary: name, Command: strings.Replace(c.args, out, "FILE", 1), WallMs: report(median(walls), "ms"), PeakRSSMB: goal(float64(peak)/1024, 90, "MB")}
		if c.wallMs > 0 {
			cost.WallMs = goal(median(walls), c.wallMs, "ms")
		}
		costs = append(costs, cost)
	}
	return costs, nil
}

func lastLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}
