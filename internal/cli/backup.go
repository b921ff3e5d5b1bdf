package cli

import (
	"context"
	"flag"
	"fmt"

	"carekeeper/internal/inputfile"
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
	if err := checkOutputs(out); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	pass, err := c.passphrase(false)
	if err != nil {
		return err
	}
	if err := v.BackupFile(ctx, out, pass); err != nil {
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
	if err := storage.Restore(ctx, dir, f, pass, code, storage.Options{}); err != nil {
		return fmt.Errorf("%s: %w", c.args[0], err)
	}
	textf(c.env.Stdout, "Restored the vault into %s.\n", dir)
	return nil
}
