// Command peer runs CareKeeper's import beside a lower bound for Fasten Health's ingest
// (cmd/fastenlb) on the same files, in alternating rounds, and prints medians and ranges:
// CPU and peak RSS of the import command, disk ÷ input JSON on the 13 Synthea bundles, and peak
// RSS and wall time of importing a set of about 100,000 resources (re-identified copies of
// the same bundles). Every figure is of a whole child process (wait4's rusage), so the two
// are measured the same way. See README.md.
//
//	peer -carekeeper ./carekeeper -fastenlb ./fastenlb -fixtures ../shared/fixtures
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"
)

type run struct {
	cpu, wall time.Duration
	rssKiB    int64
	disk      int64
}

type tool struct {
	name string
	// importFiles imports files into a fresh store under dir and returns what it cost.
	importFiles func(dir string, files []string) (run, error)
}

func measure(cmd *exec.Cmd) (run, error) {
	var errOut strings.Builder
	cmd.Stderr = &errOut
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return run{}, fmt.Errorf("%s: %w: %s", filepath.Base(cmd.Path), err, strings.TrimSpace(errOut.String()))
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return run{cpu: cpu, wall: wall, rssKiB: ru.Maxrss}, nil
}

// allocated is the space the files under dir really take (allocated blocks).
func allocated(dir string) int64 {
	var total int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error { //nolint:errcheck
		if err != nil || d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			total += st.Blocks * 512
		}
		return nil
	})
	return total
}

func carekeeper(bin string) tool { return carekeeperNamed(bin, "CareKeeper", false) }

// carekeeperNamed imports with the passphrase in the environment (the import derives the key),
// or, unlocked, after 'carekeeper unlock' (not measured): the import then opens the vault with
// the key the session's keyring keeps, as the commands a person runs after unlocking do.
func carekeeperNamed(bin, name string, unlocked bool) tool {
	return tool{name: name, importFiles: func(dir string, files []string) (run, error) {
		env := append(os.Environ(), "CAREKEEPER_DATA="+filepath.Join(dir, "data"),
			"CAREKEEPER_PASSPHRASE=peer benchmark passphrase", "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
		steps := [][]string{{"init"}}
		if unlocked {
			steps = append(steps, []string{"unlock", "--for", "30m"})
		}
		for _, step := range steps {
			c := exec.Command(bin, step...)
			c.Env = env
			if out, err := c.CombinedOutput(); err != nil {
				return run{}, fmt.Errorf("carekeeper %s: %w: %s", step[0], err, out)
			}
		}
		cmd := exec.Command(bin, append([]string{"import"}, files...)...)
		cmd.Env = env
		if unlocked {
			cmd.Env = append(env, "CAREKEEPER_PASSPHRASE=") // empty: not given
			defer func() {
				lock := exec.Command(bin, "lock")
				lock.Env = env
				lock.Run() //nolint:errcheck // the key expires anyway
			}()
		}
		r, err := measure(cmd)
		r.disk = allocated(filepath.Join(dir, "data", "db"))
		return r, err
	}}
}

func fasten(bin string) tool {
	return tool{name: "Fasten lower bound", importFiles: func(dir string, files []string) (run, error) {
		r, err := measure(exec.Command(bin, append([]string{"-db", filepath.Join(dir, "fasten.db")}, files...)...))
		r.disk = allocated(dir)
		return r, err
	}}
}

// bundles are the 13 Synthea patient bundles (not the hospital and practitioner files).
func bundles(fixtures string) ([]string, error) {
	all, err := filepath.Glob(filepath.Join(fixtures, "synthea", "*.json"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range all {
		n := filepath.Base(p)
		if strings.Contains(n, "Information") || strings.HasPrefix(n, "synthea_") {
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no Synthea bundles in %s", fixtures)
	}
	return out, nil
}

func entries(data []byte) (int, error) {
	var b struct {
		Entry []json.RawMessage `json:"entry"`
	}
	err := json.Unmarshal(data, &b)
	return len(b.Entry), err
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

// history writes re-identified copies of the bundles into dir until they hold at least n
// resources, and returns the files, the resources and the bytes.
func history(dir string, src []string, n int) (files []string, resources int, size int64, err error) {
	for round := 1; resources < n; round++ {
		for _, p := range src {
			if resources >= n {
				break
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, 0, 0, err
			}
			c, err := entries(data)
			if err != nil {
				return nil, 0, 0, fmt.Errorf("%s: %w", p, err)
			}
			out := filepath.Join(dir, fmt.Sprintf("r%03d-%s", round, filepath.Base(p)))
			if err := os.WriteFile(out, reidentify(data, round), 0o600); err != nil {
				return nil, 0, 0, err
			}
			files = append(files, out)
			resources += c
			size += int64(len(data))
		}
	}
	return files, resources, size, nil
}

type series []float64

func (s series) stats() (median, lo, hi float64) {
	c := slices.Clone(s)
	slices.Sort(c)
	n := len(c)
	median = c[n/2]
	if n%2 == 0 {
		median = (c[n/2-1] + c[n/2]) / 2
	}
	return median, c[0], c[n-1]
}

func (s series) String() string {
	m, lo, hi := s.stats()
	return fmt.Sprintf("%s [%s–%s]", num(m), num(lo), num(hi))
}

func num(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

// rounds runs both tools on the same files, alternating which goes first.
func rounds(tools [2]tool, files []string, n int, progress string) ([2][]run, error) {
	var out [2][]run
	for r := range n {
		order := []int{0, 1}
		if r%2 == 1 {
			order = []int{1, 0}
		}
		for _, i := range order {
			dir, err := os.MkdirTemp("", "carekeeper-peer-*")
			if err != nil {
				return out, err
			}
			fmt.Fprintf(os.Stderr, "peer: %s round %d/%d: %s\n", progress, r+1, n, tools[i].name)
			res, err := tools[i].importFiles(dir, files)
			os.RemoveAll(dir)
			if err != nil {
				return out, err
			}
			out[i] = append(out[i], res)
		}
	}
	return out, nil
}

func pick(rs []run, f func(run) float64) series {
	var s series
	for _, r := range rs {
		s = append(s, f(r))
	}
	return s
}

// ratio is, per round, a[i] ÷ b[i].
func ratio(a, b series) series {
	var s series
	for i := range a {
		s = append(s, a[i]/b[i])
	}
	return s
}

func main() {
	ckBin := flag.String("carekeeper", "./carekeeper", "the carekeeper binary")
	lbBin := flag.String("fastenlb", "./fastenlb", "the Fasten lower-bound binary (cmd/fastenlb)")
	fixtures := flag.String("fixtures", "../shared/fixtures", "the shared fixtures directory")
	n := flag.Int("rounds", 5, "alternating rounds on the 13 bundles")
	n100k := flag.Int("rounds-100k", 5, "alternating rounds on the large set (0 skips it)")
	resources := flag.Int("resources", 100_000, "resources in the large set")
	against := flag.String("against", "", "another carekeeper binary to run instead of fastenlb (a before/after comparison)")
	unlocked := flag.Bool("unlocked", false, "CareKeeper imports after 'carekeeper unlock' (the key kept by the session's keyring: no key derivation in the import)")
	flag.Parse()
	if *n < 1 || *n100k < 0 || *resources < 1 {
		fmt.Fprintln(os.Stderr, "peer: -rounds must be 1 or more, -rounds-100k 0 or more and -resources 1 or more")
		os.Exit(2)
	}
	if *against != "" {
		*lbBin = *against
	}
	if err := run1(*ckBin, *lbBin, *fixtures, *n, *n100k, *resources, *against != "", *unlocked); err != nil {
		fmt.Fprintln(os.Stderr, "peer:", err)
		os.Exit(1)
	}
}

// loadavg is the machine's load average over the last 1, 5 and 15 minutes (/proc/loadavg), or
// "unknown": the figures of a shared machine are read with it.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if err != nil || len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// copyFile copies src to dst (a new file, executable).
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// copyBinary copies bin into a folder of its own under dir, with the carekeeper-cli that sits
// beside it (the app binary hands its commands to it), and returns the copy's path. Peak RSS
// counts the pages of the binary's own file: one the linker has just written is mapped with
// up to ~17 MB more of them than a copy of the same bytes (docs/footprint.md, "The app binary
// running a command itself"; F479), so the figures would depend on how recently each binary
// was built. Both sides run copies.
func copyBinary(dir, name, bin string) (string, error) {
	sub := filepath.Join(dir, name)
	if err := os.Mkdir(sub, 0o700); err != nil {
		return "", err
	}
	dst := filepath.Join(sub, filepath.Base(bin))
	if err := copyFile(dst, bin); err != nil {
		return "", err
	}
	cli := filepath.Join(filepath.Dir(bin), "carekeeper-cli"+filepath.Ext(bin))
	if cli != bin {
		if _, err := os.Stat(cli); err == nil {
			if err := copyFile(filepath.Join(sub, filepath.Base(cli)), cli); err != nil {
				return "", err
			}
		}
	}
	return dst, nil
}

func run1(ckBin, lbBin, fixtures string, n, n100k, resources int, against, unlocked bool) error {
	bins, err := os.MkdirTemp("", "carekeeper-peer-bin-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bins)
	for i, p := range []*string{&ckBin, &lbBin} {
		abs, err := filepath.Abs(*p)
		if err != nil {
			return err
		}
		if *p, err = copyBinary(bins, fmt.Sprint(i), abs); err != nil {
			return err
		}
	}
	tools := [2]tool{carekeeper(ckBin), fasten(lbBin)}
	ours := "CareKeeper"
	if unlocked {
		ours = "CareKeeper, unlocked"
		tools[0] = carekeeperNamed(ckBin, ours, true)
	}
	other := "Fasten lower bound"
	if against {
		// With -unlocked both builds import unlocked: a before/after of the import itself.
		other = "the other CareKeeper (" + filepath.Base(lbBin) + ")"
		tools[1] = carekeeperNamed(lbBin, other, unlocked)
	}
	files, err := bundles(fixtures)
	if err != nil {
		return err
	}
	var input int64
	count := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		c, err := entries(data)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		input += int64(len(data))
		count += c
	}
	loadStart := loadavg()
	small, err := rounds(tools, files, n, "13 bundles")
	if err != nil {
		return err
	}
	cpu := func(r run) float64 { return r.cpu.Seconds() }
	rss := func(r run) float64 { return float64(r.rssKiB) / 1024 }
	disk := func(r run) float64 { return float64(r.disk) / float64(input) }
	wall := func(r run) float64 { return r.wall.Seconds() }
	fmt.Printf("Peer benchmark: %d Synthea bundles (%.1f MB, %d resources), %d alternating rounds; medians [min–max]; load average %s at the start, %s at the end\n\n",
		len(files), float64(input)/1e6, count, n, loadStart, loadavg())
	header := func() {
		fmt.Printf("| figure | %s | %s | it ÷ CareKeeper (per round) |\n", ours, other)
		fmt.Println("|---|---|---|---|")
	}
	header()
	row := func(name string, f func(run) float64, rs [2][]run) {
		a, b := pick(rs[0], f), pick(rs[1], f)
		fmt.Printf("| %s | %s | %s | %s |\n", name, a, b, ratio(b, a))
	}
	row("CPU of the import command (s)", cpu, small)
	row("peak RSS of the import command (MB)", rss, small)
	row("disk ÷ input JSON", disk, small)
	row("wall time of the import command (s)", wall, small)
	if n100k == 0 {
		return nil
	}
	dir, err := os.MkdirTemp("", "carekeeper-peer-history-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	hist, count, size, err := history(dir, files, resources)
	if err != nil {
		return err
	}
	loadStart = loadavg()
	large, err := rounds(tools, hist, n100k, fmt.Sprintf("%d resources", count))
	if err != nil {
		return err
	}
	fmt.Printf("\n%d resources (%d re-identified copies of the bundles, %.0f MB), %d alternating rounds; load average %s at the start, %s at the end\n\n",
		count, len(hist), float64(size)/1e6, n100k, loadStart, loadavg())
	header()
	row("peak RSS of the whole command (MB)", rss, large)
	row("wall time (s)", wall, large)
	row("CPU (s)", cpu, large)
	diskLarge := func(r run) float64 { return float64(r.disk) / float64(size) }
	row("disk ÷ input JSON", diskLarge, large)
	return nil
}
