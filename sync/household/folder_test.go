package household_test

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/sync/household"
	"carekeeper/sync/transport/folder"
)

// copyTree carries the files of src missing in dst, like an engine between two devices' folders:
// each through a temporary name and a rename, some later, some also as a conflict copy. The
// transport's own temporary files are never carried.
func copyTree(t *testing.T, rng *rand.Rand, src, dst string) {
	filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), folder.TempPrefix) {
			return nil
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if _, err := os.Stat(to); err == nil || rng.IntN(3) == 0 {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(to), 0o700)
		tmp := filepath.Join(filepath.Dir(to), ".syncthing."+filepath.Base(to)+".tmp")
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if rng.IntN(8) == 0 {
			os.WriteFile(strings.TrimSuffix(to, ".seg")+".sync-conflict-20261203-081500-ABCDEFG.seg", data, 0o600)
		}
		if err := os.Rename(tmp, to); err != nil {
			t.Fatal(err)
		}
		return nil
	})
}

// TestConvergenceOverFolders: the same property over the real folder transport, each device
// with its own directory, an engine carrying files between them.
func TestConvergenceOverFolders(t *testing.T) {
	t.Parallel()
	s := seed(t)
	t.Logf("seed %d (HOUSEHOLD_SEED=%d replays it)", s, s)
	rng := rand.New(rand.NewPCG(s, 5))
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	const n = 3
	dirs := make([]string, n)
	for i := range dirs {
		dirs[i] = t.TempDir()
	}
	f0, err := folder.New(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	devs := []*device{}
	r0 := newReplica()
	h0, err := household.Create(ctx, snapReplica{r0}, f0, "Home", "laptop", clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	r0.dev = h0.DeviceID()
	devs = append(devs, &device{name: "laptop", r: r0, h: h0})
	for i := 1; i < n; i++ {
		d := join(t, devs[0], f0, fmt.Sprintf("device %d", i), clock)
		copyTree(t, rand.New(rand.NewPCG(0, 0)), dirs[0], dirs[i]) // (partial: fine)
		fi, err := folder.New(dirs[i])
		if err != nil {
			t.Fatal(err)
		}
		if d.h, err = household.Open(ctx, d.r, fi); err != nil {
			t.Fatal(err)
		}
		devs = append(devs, d)
	}
	for step := 0; step < 150; step++ {
		clock.Add(time.Duration(rng.IntN(20)) * time.Second)
		i := rng.IntN(n)
		d := devs[i]
		switch k := rng.IntN(6); {
		case k < 3:
			p := []string{"", "dad"}[rng.IntN(2)]
			d.r.put("record", p, fmt.Sprintf("%s/r%d", p, rng.IntN(6)), fmt.Sprintf("v%d", step), rng.IntN(6) == 0, clock.Now())
		case k < 5:
			d.exchange(t, clock.Now())
		default:
			a, b := rng.IntN(n), rng.IntN(n)
			if a != b {
				copyTree(t, rng, dirs[a], dirs[b])
			}
		}
	}
	all := rand.New(rand.NewPCG(1, 1))
	for round := 0; round < 6; round++ {
		for i := range devs {
			devs[i].exchange(t, clock.Now())
		}
		for a := range dirs {
			for b := range dirs {
				if a != b {
					for k := 0; k < 4; k++ {
						copyTree(t, all, dirs[a], dirs[b])
					}
				}
			}
		}
	}
	for i := range devs {
		devs[i].exchange(t, clock.Now())
	}
	for i, d := range devs[1:] {
		if d.r.export() != devs[0].r.export() {
			t.Fatalf("seed %d: device %d not in step over folders", s, i+1)
		}
	}
}
