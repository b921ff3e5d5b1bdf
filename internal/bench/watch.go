package bench

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"carekeeper/internal/applehealth/ahtest"
	"carekeeper/internal/intake"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// WatchVault is what the commands that read one person's watch readings cost.
type WatchVault struct {
	Vault    string        `json:"vault"`
	Readings int           `json:"readings"` // heart rates (besides each day's vitals)
	Commands []CommandCost `json:"commands"`
}

// watchCommands are the commands whose memory grew with a person's readings (F157, F174), and
// the listings of all of them (issue 13: every command that opens the vault ≤ 90 MB).
func watchCommands() []benchCommand {
	period := "--from 2020-01-01 --to " + time.Now().Format("2006-01-02")
	return []benchCommand{
		{"summary --profile {profile} " + period + " --out {pdf}", 0},
		{"summary --profile {profile} " + period + " --out {pdf} --fhir {ips}", 0},
		{"results --profile {profile}", 0},
		{"results --profile {profile} --json", 0},
		{"export --profile {profile} --out {out}", 0},
		{"records --profile {profile} --json", 0},
	}
}

// Watch measures the commands that read one person's watch readings (summary, summary --fhir,
// results, results --json, export, records --json: issue 13's ≤ 90 MB for every command that
// opens the vault) with carekeeper-cli
// (beside this binary, else this binary), runs times each, on vaults kept in dir/N for each N
// of readings. A missing vault is built first: a synthetic Apple Health export (ahtest: a
// heart rate every 5 minutes from the Watch, and each day's blood pressure, weight, glucose,
// oxygen, temperature, breathing, steps and energy) imported into one person as `import
// --profile` does; the export is removed after.
func Watch(ctx context.Context, dir string, readings []int, opt Options) ([]WatchVault, error) {
	opt.defaults()
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(filepath.Dir(self), "carekeeper-cli"+filepath.Ext(self))
	if st, err := os.Stat(bin); err != nil || !st.Mode().IsRegular() {
		bin = self
	}
	var out []WatchVault
	for _, n := range readings {
		vdir := filepath.Join(dir, strconv.Itoa(n))
		if _, err := os.Stat(storage.KeyFilePath(vdir)); errors.Is(err, fs.ErrNotExist) {
			opt.Progress("building a vault of %d watch readings in %s", n, vdir)
			if err := buildWatch(ctx, vdir, n); err != nil {
				return nil, err
			}
		}
		key, err := storage.UnwrapKey(vdir, []byte(benchPassphrase))
		if err != nil {
			return nil, err
		}
		v, err := storage.OpenWithKey(vdir, key, storage.Options{})
		if err != nil {
			return nil, err
		}
		people, err := v.Profiles()
		if cerr := v.Close(); err == nil {
			err = cerr
		}
		if err != nil || len(people) != 1 {
			return nil, fmt.Errorf("%s: not a benchmark vault (one person): %v", vdir, err)
		}
		opt.Progress("%d readings: summary, summary --fhir, results, results --json, export, records --json, %d runs each", n, opt.Runs)
		costs, err := commandCosts(ctx, filepath.Base(bin), bin, vdir, people[0].ID, opt.Commands, opt.Runs, watchCommands)
		if err != nil {
			return nil, err
		}
		out = append(out, WatchVault{Vault: vdir, Readings: n, Commands: costs})
	}
	return out, nil
}

// buildWatch makes a vault in dir holding one person with readings heart rates.
func buildWatch(ctx context.Context, dir string, readings int) error {
	const perDay = 288 // every 5 minutes
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return err
	}
	export := dir + "-export.xml"
	f, err := os.OpenFile(export, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(export)
	err = ahtest.Write(f, ahtest.Options{Days: (readings + perDay - 1) / perDay, PerDay: perDay})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
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
	person, err := v.AddProfile("Watch Wearer", "1970-01-01")
	if err == nil {
		opt := intake.Options{Options: cksync.Options{Profile: person.ID}}
		var in *intake.Input
		if in, err = intake.Read(ctx, export, opt); err == nil {
			_, err = in.Import(ctx, v, opt)
		}
	}
	if cerr := v.Close(); err == nil {
		err = cerr
	}
	return err
}
