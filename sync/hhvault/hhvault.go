// Package hhvault connects a vault to its household (issue 14): the vault as a
// household.Replica, the transport a device uses (kept in the vault, on this device only), and
// opening, creating and joining a household with it. The CLI, the daemon and the app all go
// through here, so they agree on what a household is.
package hhvault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/hlc"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/household"
	"carekeeper/sync/transport"
	"carekeeper/sync/transport/folder"
)

// Replica is a vault as the household sees it. Device is this computer's zone as the command
// or app that opened the household was given ($TZ of its environment; nil: the process's own,
// remind.SystemZone): the notes an exchange makes (a dose given twice, …) put the person's
// clock as that zone's when they follow this computer (F531). getenv, when set, gives it
// instead, read again at each use: the app runs for days, and the computer's zone may change
// meanwhile (a laptop taken to Perth).
type Replica struct {
	V      *storage.Vault
	Device *time.Location
	getenv func(string) string
}

// replicaOf is v's Replica with the zone getenv's $TZ gives (remind.SystemZone), read at each
// use.
func replicaOf(v *storage.Vault, getenv func(string) string) Replica {
	if getenv == nil {
		getenv = os.Getenv
	}
	return Replica{V: v, Device: remind.SystemZone(getenv), getenv: getenv}
}

// device is this computer's zone now (Device, or getenv's).
func (r Replica) device() *time.Location {
	if r.getenv != nil {
		return remind.SystemZone(r.getenv)
	}
	return r.Device
}

var (
	_ household.Replica       = Replica{}
	_ household.Snapshotter   = Replica{}
	_ household.Holder        = Replica{}
	_ household.ClockObserver = Replica{}
)

// Held is the item the vault holds for a key (household.Holder): the household re-writes it
// to undo a change some devices took before they learned it was not allowed.
func (r Replica) Held(ctx context.Context, kind, key string) (household.Op, bool, error) {
	c, ok, err := r.V.Held(kind, key)
	if err != nil || !ok {
		return household.Op{}, ok, err
	}
	return toOp(c), true, nil
}

// ObserveStamp moves the vault's clock past a stamp of the membership.
func (r Replica) ObserveStamp(ctx context.Context, s hlc.Stamp) error {
	return r.V.ObserveStamp(ctx, s)
}

// Changes returns the vault's logged changes; none while the vault is not yet in a household
// (the household is being created or joined: it logs from StartChanges on).
func (r Replica) Changes(ctx context.Context, cursor uint64, max int) ([]household.Op, uint64, error) {
	ch, next, err := r.V.Changes(ctx, cursor, max)
	if errors.Is(err, storage.ErrNoHousehold) {
		return nil, cursor, nil
	}
	if err != nil {
		return nil, cursor, err
	}
	ops, err := r.changes(ctx, ch, len(ch) < max)
	if err != nil {
		return nil, cursor, err
	}
	return ops, next, nil
}

// Apply applies remote ops that win over what the vault holds.
func (r Replica) Apply(ctx context.Context, ops []household.Op) (int, error) {
	sendCache.drop(r.V)
	if len(ops) == 0 {
		return 0, nil
	}
	if err := r.noteDeleted(ctx, ops); err != nil { // said by 'household sync' and the status (F131)
		return 0, err
	}
	if err := r.confirmJoined(ctx, ops); err != nil { // joined, not deleted (F216)
		return 0, err
	}
	merges, err := r.settingsMerges(ops) // settings changed apart: each keeps the other's (F524)
	if err != nil {
		return 0, err
	}
	if err := r.noteReplaced(ctx, ops); err != nil { // said by 'household sync' and the app (F149)
		return 0, err
	}
	same, err := r.samePeople(ops) // said by 'household sync' and the status (F216)
	if err != nil {
		return 0, err
	}
	doses, fresh, err := r.dosesIn(ops, r.V.Device()) // a dose given here and there: said (F221)
	if err != nil {
		return 0, err
	}
	stops := r.stopsIn(ops) // a medicine stopped on one device, its times set on another: said (F341)
	ch := make([]storage.Change, len(ops))
	for i, o := range ops {
		ch[i] = toChange(o)
	}
	n, err := r.V.ApplyChanges(ctx, ch, wins)
	if err != nil {
		return n, err
	}
	if err := r.writeMerges(ctx, merges); err != nil {
		return n, err
	}
	if err := r.noteSame(ctx, same); err != nil {
		return n, err
	}
	if err := r.noteStopped(ctx, stops); err != nil {
		return n, err
	}
	return n, r.noteTwice(ctx, ops, doses, fresh)
}

// Snapshot lists every item the vault holds with its winning op (household.Snapshotter), so
// this device can write snapshots and compact its old segments. A shared record goes in the
// stream of each person who refers to it (see shared.go).
func (r Replica) Snapshot(ctx context.Context, fn func(household.Op) error) error {
	who, err := findSharers(ctx, r.V)
	if err != nil {
		return err
	}
	return r.V.Snapshot(ctx, func(c storage.Change) error {
		var people []string
		if sharedRecord(c) {
			id, _ := storage.ParseRecordKey(c.Key)
			people = who[id]
		}
		for _, o := range fanOut(c, people) {
			if err := fn(o); err != nil {
				return err
			}
		}
		return nil
	})
}

// LoadState returns the household's state kept in the (encrypted) vault.
func (r Replica) LoadState(ctx context.Context) ([]byte, error) { return r.V.LoadState(ctx) }

// SaveState keeps the household's state in the vault.
func (r Replica) SaveState(ctx context.Context, state []byte) error {
	return r.V.SaveState(ctx, state)
}

func wins(a, b storage.Change) bool { return household.Wins(toOp(a), toOp(b)) }

// A shared record ("_") nobody refers to goes household-wide (""); fanOut puts the others in
// the streams of the people who refer to them.
func toOp(c storage.Change) household.Op {
	p := c.Profile
	if p == storage.SharedProfile {
		p = ""
	}
	o := household.Op{Kind: c.Kind, Profile: p, Key: c.Key, Deleted: c.Deleted, Value: c.Value, Stamp: c.Stamp, Device: c.Device}
	if c.After != nil {
		o.After = &household.OpID{Stamp: c.After.Stamp, Device: c.After.Device}
	}
	return o
}

// toChange gives a shared record back its pseudo-profile, whichever person's stream it came in.
func toChange(o household.Op) storage.Change {
	p := o.Profile
	if o.Kind == storage.KindRecord || o.Kind == storage.KindDose {
		switch {
		case p == "":
			p = storage.SharedProfile
		case !o.Deleted && valueProfile(o.Value) == storage.SharedProfile:
			p = storage.SharedProfile
		}
	}
	c := storage.Change{Kind: o.Kind, Profile: p, Key: o.Key, Deleted: o.Deleted, Value: o.Value, Stamp: o.Stamp, Device: o.Device}
	if o.After != nil {
		c.After = &storage.ChangeID{Stamp: o.After.Stamp, Device: o.After.Device}
	}
	return c
}

// valueProfile is the profile a record's value names.
func valueProfile(b []byte) string {
	var rv struct {
		Profile string `json:"p"`
	}
	if json.Unmarshal(b, &rv) != nil {
		return ""
	}
	return rv.Profile
}

// Config is the transport this device reaches the household through. It is kept in the
// vault's state under ConfigKey, on this device only (never exchanged).
type Config struct {
	Folder     string `json:"folder,omitempty"`
	WebDAV     string `json:"webdav,omitempty"`
	WebDAVUser string `json:"webdavUser,omitempty"`
	// WebDAVPassword is the app password, kept in the encrypted vault so the daemon and the
	// app can reach the server; $CAREKEEPER_WEBDAV_PASSWORD overrides it.
	WebDAVPassword string `json:"webdavPassword,omitempty"`
}

// ConfigKey is the state key of the transport configuration.
const ConfigKey = "household/transport"

// ErrNoTransport means the vault has no transport configured (it is in no household).
var ErrNoTransport = errors.New("this vault is not in a household: create one with 'carekeeper household create' or join one with 'carekeeper household join'")

// Describe names the transport in plain words (no password).
func (c Config) Describe() string {
	if c.Folder != "" {
		return "the folder " + c.Folder
	}
	if c.WebDAV != "" {
		return "the WebDAV server " + c.WebDAV
	}
	return "nothing"
}

// Check refuses a configuration that names no transport or two.
func (c Config) Check() error {
	switch {
	case c.Folder == "" && c.WebDAV == "":
		return errors.New("give a shared folder or a WebDAV server")
	case c.Folder != "" && c.WebDAV != "":
		return errors.New("give a shared folder or a WebDAV server, not both")
	case c.WebDAV != "" && c.WebDAVUser == "":
		return errors.New("a WebDAV server needs a user name")
	case c.WebDAV != "" && !strings.HasPrefix(c.WebDAV, "https://") && !strings.HasPrefix(c.WebDAV, "http://"):
		return errors.New("the WebDAV address must start with https://")
	}
	return nil
}

// Transport opens the configured transport. getenv gives $CAREKEEPER_WEBDAV_PASSWORD.
func (c Config) Transport(getenv func(string) string) (transport.Transport, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	if c.Folder != "" {
		return folder.New(c.Folder)
	}
	pass := c.WebDAVPassword
	if getenv != nil {
		if p := getenv("CAREKEEPER_WEBDAV_PASSWORD"); p != "" {
			pass = p
		}
	}
	return newWebDAV(c.WebDAV, c.WebDAVUser, pass)
}

// LoadConfig reads the vault's transport configuration; ErrNoTransport when there is none.
func LoadConfig(v *storage.Vault) (Config, error) {
	b, err := v.GetState(ConfigKey)
	if errors.Is(err, storage.ErrNotFound) {
		return Config{}, ErrNoTransport
	}
	if err != nil {
		return Config{}, err
	}
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		return Config{}, fmt.Errorf("reading the household's transport: %w", err)
	}
	return c, nil
}

func saveConfig(ctx context.Context, v *storage.Vault, c *Config) error {
	if c == nil {
		return v.UpdateState(ctx, storage.StateOp{Key: ConfigKey, Delete: true})
	}
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("saving the household's transport: %w", err)
	}
	return v.UpdateState(ctx, storage.StateOp{Key: ConfigKey, Value: b})
}

// Open opens the vault's household with its configured transport and makes sure the vault
// logs its changes as this device (a crash between creating or joining and starting the log
// is repaired here). A copy of a household device's vault is refused (ErrCopied, copied.go).
func Open(ctx context.Context, v *storage.Vault, getenv func(string) string) (*household.Household, Config, error) {
	return open(ctx, v, getenv, false)
}

// OpenAwaiting is Open for the background exchange (the daemon, the app): a shared folder
// that is not there (its drive not connected, moved) is waited for, not refused — each
// exchange fails saying so and is tried again, and the exchange works again by itself once the
// folder is back. (With Open the daemon said "the shared folder … does not exist" once and never
// exchanged until it was started again.)
func OpenAwaiting(ctx context.Context, v *storage.Vault, getenv func(string) string) (*household.Household, Config, error) {
	return open(ctx, v, getenv, true)
}

func open(ctx context.Context, v *storage.Vault, getenv func(string) string, await bool) (*household.Household, Config, error) {
	cfg, err := LoadConfig(v)
	if errors.Is(err, ErrNoTransport) {
		// A join that was never admitted and whose code has expired is forgotten here.
		if _, derr := household.DropExpiredJoin(ctx, Replica{V: v}, time.Now()); derr != nil {
			return nil, cfg, derr
		}
	}
	if err != nil {
		return nil, cfg, err
	}
	if err := checkCopied(ctx, v); err != nil {
		return nil, cfg, err
	}
	if err := superseded(v); err != nil { // moved elsewhere: said without the folder (F150)
		return nil, cfg, err
	}
	t, err := cfg.Transport(getenv)
	switch {
	case err != nil && await && cfg.Folder != "" && cfg.Check() == nil:
		t = awaitedFolder{cfg.Folder}
	case err != nil:
		return nil, cfg, &UnreachableError{err}
	}
	h, err := household.Open(ctx, replicaOf(v, getenv), t)
	if errors.Is(err, household.ErrNoHousehold) {
		return nil, cfg, ErrNoTransport
	}
	if err != nil {
		return nil, cfg, err
	}
	if err := v.StartChanges(ctx, h.DeviceID()); err != nil {
		return nil, cfg, err
	}
	if err := syncViewOnly(ctx, v, h); err != nil {
		return nil, cfg, err
	}
	if _, await := t.(awaitedFolder); !await {
		if err := tellMoved(ctx, v, h); err != nil {
			return nil, cfg, err
		}
	}
	return h, cfg, nil
}

// UnreachableError is why Open could not open the household's transport at all (the shared
// folder is not there, or not a folder): the household itself is fine, and OpenLocal opens it
// to say what this device knows of it.
type UnreachableError struct{ Err error }

func (e *UnreachableError) Error() string { return e.Err.Error() }
func (e *UnreachableError) Unwrap() error { return e.Err }

// IsUnreachable reports whether err is Open's *UnreachableError.
func IsUnreachable(err error) bool {
	var ue *UnreachableError
	return errors.As(err, &ue)
}

// OpenLocal opens the vault's household from what this device keeps, without its transport:
// for saying what this device knows (status, devices) when Open returns an *UnreachableError.
// The household it returns can be read, not exchanged with.
func OpenLocal(ctx context.Context, v *storage.Vault) (*household.Household, error) {
	h, err := household.Open(ctx, Replica{V: v}, nil)
	if errors.Is(err, household.ErrNoHousehold) {
		return nil, ErrNoTransport
	}
	return h, err
}

// syncViewOnly tells the vault which people this device may only view, and which the
// household no longer shares with it, so the CLI and the app refuse edits of them (the
// household would not take them from this device, or never hear of them).
func syncViewOnly(ctx context.Context, v *storage.Vault, h *household.Household) error {
	ps, err := v.Profiles()
	if err != nil {
		return err
	}
	var view []string
	gone := h.Withdrawn()
	// A device removed from the household no longer shares anyone with it either: a dose
	// answered or an appointment added here for a person the household shares stayed here,
	// said "Recorded", while the devices that remind them kept the dose due (F338).
	removal, _ := LoadRemoval(v)
	for _, id := range removal.People {
		if at, ok := gone[id]; !ok || removal.At.Before(at) {
			if gone == nil {
				gone = map[string]time.Time{}
			}
			gone[id] = removal.At
		}
	}
	notShared := map[string]time.Time{}
	for _, p := range ps {
		if h.Role(p.ID) == household.RoleView {
			view = append(view, p.ID)
		}
		if at, ok := gone[p.ID]; ok {
			if at.IsZero() { // no stamp says since when (F379): since this device first learned it
				at = time.Now().UTC()
				if was, ok := v.NotShared(p.ID); ok {
					at = was
				}
			}
			notShared[p.ID] = at
		}
	}
	if err := v.SetViewOnly(ctx, view); err != nil {
		return err
	}
	return v.SetNotShared(ctx, notShared)
}

// InHouseholdError says that the vault is already in a household (also one that removed this
// device), naming it; it wraps household.ErrHousehold.
type InHouseholdError struct{ Name string }

func (e *InHouseholdError) Error() string {
	which := "a household"
	if e.Name != "" {
		which = "the household " + strconv.Quote(e.Name)
	}
	return "this vault is already in " + which + ": to start or join another, leave it first with 'carekeeper household leave --yes' (the records stay)"
}

func (e *InHouseholdError) Unwrap() error { return household.ErrHousehold }

// AlreadyIn returns an *InHouseholdError when the vault is in a household (asked before the
// transport of a create or join is looked at), else nil.
func AlreadyIn(ctx context.Context, v *storage.Vault) error {
	if _, err := LoadConfig(v); err != nil {
		return nil
	}
	e := &InHouseholdError{}
	if h, err := household.Open(ctx, Replica{V: v}, nil); err == nil {
		e.Name = h.Name()
	}
	return e
}

// ErrFolderHoldsVault is wrapped by the refusal of a shared folder that is, holds or is
// inside the vault's folder (F240).
var ErrFolderHoldsVault = errors.New("the household's shared folder and the vault's folder must be apart")

// apart refuses a shared folder that is the vault's folder, is inside it or holds it: the sync
// program would copy the vault's own files — its key, and the reminders kept in plain text for
// a locked app — to every device and the cloud (F240: the app's Create a household took the
// vault's folder, where "the CareKeeper folder" leads).
func apart(v *storage.Vault, cfg Config) error {
	if cfg.Folder == "" {
		return nil
	}
	shared, vault := ResolvedPath(cfg.Folder), ResolvedPath(v.Dir())
	if Within(vault, shared) || Within(shared, vault) {
		return fmt.Errorf("%w: %s is where CareKeeper keeps this computer's vault, or holds it, and the sync program would copy the vault's own files to every device and the cloud; choose a folder your sync program shares outside the vault's folder (%s)", ErrFolderHoldsVault, cfg.Folder, v.Dir())
	}
	return nil
}

// Create starts a household with this vault as its first device.
func Create(ctx context.Context, v *storage.Vault, cfg Config, getenv func(string) string, name, deviceName string, now time.Time) (*household.Household, error) {
	if err := AlreadyIn(ctx, v); err != nil {
		return nil, err
	}
	if err := apart(v, cfg); err != nil {
		return nil, err
	}
	t, err := cfg.Transport(getenv)
	if err != nil {
		return nil, noFolder(err, cfg, "create the folder first")
	}
	h, err := household.Create(ctx, replicaOf(v, getenv), t, name, deviceName, now)
	if err != nil {
		return nil, noFolder(Plain(err), cfg, "create the folder first")
	}
	return h, started(ctx, v, cfg, h)
}

// Join joins a household with a pairing code, waiting up to wait to be admitted.
func Join(ctx context.Context, v *storage.Vault, cfg Config, getenv func(string) string, code, deviceName string, wait time.Duration, now func() time.Time) (*household.Household, error) {
	if err := AlreadyIn(ctx, v); err != nil {
		return nil, err
	}
	if err := apart(v, cfg); err != nil {
		return nil, err
	}
	t, err := cfg.Transport(getenv)
	if err != nil {
		return nil, noFolder(err, cfg, "give the folder the household's sync app keeps on this computer")
	}
	// A folder the WebDAV server does not have is said before anything about the code (F275:
	// "no invitation with this code on the server: check the words", and the code was right).
	if cfg.WebDAV != "" {
		if _, err := t.List(ctx, ""); errors.Is(err, transport.ErrNotExist) {
			return nil, noFolder(err, cfg, "check the address the household uses")
		}
	}
	h, err := household.Join(ctx, replicaOf(v, getenv), t, code, deviceName, wait, now)
	if err != nil {
		return nil, noFolder(Plain(err), cfg, "give the household's folder on that server")
	}
	if err := started(ctx, v, cfg, h); err != nil {
		return nil, err
	}
	// The join exchanged with the household (it read what the household holds): the status and
	// the devices say so, not "no exchange has run" and "never seen".
	at := now().UTC()
	return h, saveLast(ctx, v, Last{At: at, OK: at})
}

// SetupError is why a household could not be created or joined, already in plain words (a
// shared folder that does not exist is said with what to do, not as a folder that went away:
// "is its drive connected, or was it moved?" is for a household's folder, not a new one).
type SetupError struct {
	Words string
	Err   error
}

func (e *SetupError) Error() string { return e.Words }
func (e *SetupError) Unwrap() error { return e.Err }

func noFolder(err error, cfg Config, todo string) error {
	if cfg.Folder != "" && errors.Is(err, transport.ErrNotExist) {
		return &SetupError{"the shared folder " + cfg.Folder + " does not exist: " + todo, err}
	}
	// Over WebDAV the server says so at the first request (a new household's folder is not one
	// that went away: it said "is not there (removed or renamed?)").
	if cfg.WebDAV != "" && errors.Is(err, transport.ErrNotExist) {
		where := cfg.WebDAV
		if u, perr := url.Parse(cfg.WebDAV); perr == nil && u.Host != "" {
			where = "the folder " + u.Path + " on the WebDAV server " + u.Host
		}
		return &SetupError{where + " does not exist: " + todo, err}
	}
	return err
}

func started(ctx context.Context, v *storage.Vault, cfg Config, h *household.Household) error {
	if err := saveConfig(ctx, v, &cfg); err != nil {
		return err
	}
	if err := recordInstance(ctx, v); err != nil {
		return err
	}
	return v.StartChanges(ctx, h.DeviceID())
}
