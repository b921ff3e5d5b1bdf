package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
)

// agendaCommands may change what is reminded, or when: times set, doses answered, records,
// people, appointments and settings changed, a household's or a portal's changes taken in.
var agendaCommands = map[string]bool{
	"appointment": true, "dose": true, "household": true, "import": true, "medicines": true,
	"portal": true, "profile": true, "schedule": true, "share": true, "sync": true,
}

// refreshAgenda rewrites the lock-safe agenda (remind.AgendaFile) that the app and the daemon
// save when they stop, after a command that may have changed what is reminded: the app started
// at login reminds from that file until it is unlocked, and reminded Tobi's dose at 19:00 after
// 'schedule set' had moved it to 19:30 (F445). Where none was saved (the app and the daemon
// never ran with this vault) nothing is written; nor after a command that wrote nothing (a
// listing, a refused change, a file imported again): the agenda saved is still true, and
// working it out again loaded every person's medicines and dose log once more.
func (c *call) refreshAgenda(v *storage.Vault) error {
	if !v.WroteSinceOpen() {
		return nil
	}
	if _, err := os.Stat(filepath.Join(v.Dir(), remind.AgendaFile)); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("updating the saved reminders: %w", err)
	}
	ctx := context.Background()
	e := remind.New(v, silent{}, remind.Options{Device: c.device, Hold: hhvault.HoldCopied(ctx), HoldPeople: hhvault.HoldPeople})
	if err := e.Start(ctx); err != nil {
		return fmt.Errorf("updating the saved reminders: %w", err)
	}
	return remind.SaveAgenda(v.Dir(), e.LockSafeAgenda())
}

// silent is a notifier that shows nothing: a command only works out what is to come.
type silent struct{}

func (silent) Send(context.Context, remind.Message) error { return nil }
func (silent) Withdraw(context.Context, string) error     { return nil }
func (silent) Events() <-chan remind.Event                { return nil }
func (silent) Close() error                               { return nil }
