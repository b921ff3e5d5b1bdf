package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"carekeeper/internal/keycache"
	"carekeeper/storage"
)

func init() {
	register(
		&command{name: "unlock", args: "[--for 15m]", summary: "keep the vault unlocked for a while in this login session", run: runUnlock,
			detail: "Asks for the passphrase once (as every command does) and keeps the vault's key in the kernel's keyring of this\n" +
				"login session, never on disk: until the time is up (15 minutes unless --for says, from 1m to 12h), the commands run\n" +
				"in this session open the vault without asking. 'carekeeper lock' forgets it at once, as do passwd, recover and\n" +
				"recovery-code. A command given a passphrase ($CAREKEEPER_PASSPHRASE, --passphrase-file) uses that one.\n" +
				"--json prints {\"unlockedUntil\": \"RFC 3339 time\"}."},
		&command{name: "lock", summary: "forget the key 'unlock' kept: commands ask for the passphrase again", run: runLock,
			detail: "Says whether the vault was unlocked. Nothing else changes."},
	)
}

func runUnlock(_ context.Context, c *call) error {
	ttl := keycache.Default
	if err := c.bind(func(fs *flag.FlagSet) { fs.DurationVar(&ttl, "for", ttl, "how long (1m to 12h)") }); err != nil {
		return err
	}
	if err := c.noArgs(); err != nil {
		return err
	}
	if ttl < keycache.Shortest || ttl > keycache.Longest {
		return usagef("--for %v: the vault can stay unlocked from 1 minute to 12 hours (e.g. --for 30m, --for 2h)", ttl)
	}
	ttl = ttl.Round(time.Minute)
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if !storage.Exists(dir) {
		return storage.ErrNoVault
	}
	id, err := storage.KeptKeyID(dir)
	if err != nil {
		return err
	}
	pass, err := c.passphrase(false)
	if err != nil {
		return err
	}
	key, err := storage.UnwrapKey(dir, pass)
	if err != nil {
		return err
	}
	defer clear(key)
	until := time.Now().Add(ttl).In(c.device()) // said on this computer's clock, as the command was given (F531)
	if err := keycache.Put(id, key, ttl); err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]string{"unlockedUntil": until.Format(time.RFC3339)})
	}
	_, err = textf(c.env.Stdout, "Unlocked until %s (%s): the commands you run in this login session will not ask for the passphrase until then.\n"+
		"Any program running in this session could open the vault in that time. 'carekeeper lock' locks it now.\n",
		until.Format("15:04"), durationWords(ttl))
	return err
}

func runLock(_ context.Context, c *call) error {
	dir, err := c.existingVault()
	if err != nil {
		return err
	}
	id, err := storage.KeptKeyID(dir)
	if err != nil {
		return err
	}
	was, err := keycache.Drop(id)
	if errors.Is(err, keycache.ErrUnavailable) {
		was, err = false, nil // nothing can have been kept
	}
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]bool{"wasUnlocked": was})
	}
	if was {
		_, err = textln(c.env.Stdout, "Locked: commands will ask for the passphrase again.")
	} else {
		_, err = textln(c.env.Stdout, "It was not unlocked: commands ask for the passphrase.")
	}
	return err
}

// keptKey is the vault key 'unlock' kept for the vault in dir, when no passphrase was given to
// this command ($CAREKEEPER_PASSPHRASE or --passphrase-file: a passphrase given is used, and
// checked); nil when there is none.
func (c *call) keptKey(dir string) []byte {
	if c.env.Getenv("CAREKEEPER_PASSPHRASE") != "" || c.passFile != "" {
		return nil
	}
	id, err := storage.KeptKeyID(dir)
	if err != nil {
		return nil // the open that follows says what is wrong with the key file
	}
	key, err := keycache.Get(id)
	if err != nil {
		return nil // not unlocked (or no keyring): the passphrase is asked for
	}
	return key
}

// changingKey runs change, which writes the vault in dir a new key file (a new passphrase or
// recovery code), then forgets what 'unlock' kept for the old one: the new passphrase locks it.
// A change that fails leaves it kept.
func changingKey(dir string, change func() error) error {
	id, err := storage.KeptKeyID(dir)
	if err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	return storage.ForgetKept(id)
}

// durationWords is "15 minutes", "2 hours", "1 hour 30 minutes".
func durationWords(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	plural := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	switch {
	case h == 0:
		return plural(m, "minute")
	case m == 0:
		return plural(h, "hour")
	}
	return plural(h, "hour") + " " + plural(m, "minute")
}
