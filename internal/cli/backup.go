package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"

	"carekeeper/internal/inputfile"
	"carekeeper/internal/remind"
	"carekeeper/storage"
)

func init() {
	register(
		&command{name: "backup", args: "--out FILE", summary: "write an encrypted backup of the whole vault", run: runBackup,
			detail: "The backup opens with the passphrase (or recovery code) that is current now. The file is created with\nmode 0600 and written atomically; it holds no plaintext. Every chunk is read back and checked before it is saved."},
		&command{name: "restore", args: "FILE", summary: "create the vault from an encrypted backup", run: runRestore,
			detail: "Restores into --data / $CAREKEEPER_DATA, which must not hold a vault. The passphrase is the one current when\nthe backup was made; with $CAREKEEPER_RECOVERY_CODE the recovery code is used instead. All or nothing."},
	)
}

func runBackup(ctx context.Context, c *call) error {
	var out string
	if err := c.bind(func(fs *flag.FlagSet) { fs.StringVar(&out, "out", "", "backup file to write") }); err != nil {
		return err
	}
	if out == "" {
		return usagef("backup needs --out FILE")
	}
	if err := c.noArgs(); err != nil {
		return err
	}
	if err := c.checkOutputs(out); err != nil {
		return err
	}
	v, key, err := c.openWithKey()
	if err != nil {
		return err
	}
	defer v.Close()
	defer wipe(key)
	if err := v.BackupFileWithKey(ctx, out, key); err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]string{"backup": out})
	}
	textf(c.env.Stdout, "Wrote an encrypted backup to %s.\n", out)
	return nil
}

func runRestore(ctx context.Context, c *call) error {
	if err := c.bind(nil); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("give one backup file")
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if err := storage.CheckRestoreTarget(dir); err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	f, _, err := inputfile.Open(c.args[0], 0) // a FIFO or a device is refused, not waited on
	if err != nil {
		return fmt.Errorf("%s: %w", c.args[0], err)
	}
	defer f.Close()
	var pass []byte
	code := c.env.Getenv("CAREKEEPER_RECOVERY_CODE")
	if code == "" {
		if pass, err = c.passphrase(false); err != nil {
			return err
		}
	}
	if c.gcOld == 0 && c.env.Getenv("GOGC") == "" {
		// As open does for the reading commands (Run restores it): the restore's heap is the
		// table builders' blocks, made and dropped all along; collected at half its growth
		// rather than at twice, the peak at 100,000 resources is 71 MB rather than 88.
		c.gcOld = debug.SetGCPercent(50)
	}
	if err := storage.Restore(ctx, dir, f, pass, code, storage.Options{}); err != nil {
		return fmt.Errorf("%s: %w", c.args[0], err)
	}
	textf(c.env.Stdout, "Restored the vault into %s.\n", dir)
	return nil
}

// openWithKey opens the vault as open does, and returns its vault key too. The backup needs
// the key; deriving it from the passphrase again (BackupFile) took the key derivation's
// memory, ~64 MB, a second and a third time on top of the open vault (125 MB of peak RSS at
// 100,000 resources; the goal is 90), and asked a terminal for the passphrase twice.
func (c *call) openWithKey() (*storage.Vault, []byte, error) {
	if err := remind.CheckTZ(c.env.Getenv); err != nil {
		return nil, nil, err
	}
	dir, err := c.dir()
	if err != nil {
		return nil, nil, err
	}
	key := c.keptKey(dir) // 'carekeeper unlock'
	if key == nil {
		pass, err := c.passphrase(false)
		if err != nil {
			return nil, nil, err
		}
		if key, err = storage.UnwrapKey(dir, pass); err != nil { // ErrNoVault without one
			return nil, nil, err
		}
	}
	v, err := storage.OpenWithKey(dir, key, storage.Options{Brief: true})
	if err != nil {
		wipe(key)
		return nil, nil, err
	}
	c.warnIfCopied(v)
	if c.gcOld == 0 && c.env.Getenv("GOGC") == "" {
		c.gcOld = debug.SetGCPercent(50) // as open does; Run restores it
	}
	return v, key, nil
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
