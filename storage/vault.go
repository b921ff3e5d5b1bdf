// Package storage is CareKeeper's encrypted vault: a key file holding the wrapped vault key
// (internal/secret) beside a Badger database encrypted at rest with that key.
//
// Layout of a vault directory:
//
//	vault.key        the key file (passphrase and recovery slots)
//	carekeeper.lock  our single-instance lock (flock / LockFileEx)
//	db/              the Badger database, encrypted with the vault key
//
// Every record is a FHIR R4 resource kept verbatim (compact JSON) together with a small
// envelope of metadata (where it came from, when, and what its indexes are). Writes that span
// more than one Badger transaction go through an undo journal (journal.go), so a file import is
// all-or-nothing even across a crash.
//
// Reading, from cheapest to dearest:
//
//   - Timeline(ctx, Query{Profile: p}, fn) walks a person's dated records newest first from a
//     small index (identity, date, source file, deleted mark): no record is read. It is what
//     the app's timeline and other long lists use; 100,000 records take about 100 ms.
//   - Records with Query.MetaOnly gives every record's full Meta (codes, links, identifiers,
//     ...) without reading or decompressing its resource.
//   - Records (and Get, for the few records shown) give the resources themselves, each
//     decompressed (a few µs a record).
//
// Memory: the Badger profile in badgerOptions is sized for a desktop, and while large batches
// are written the Go heap gets a soft limit (memory.go), which keeps a bulk import's peak RSS
// well below what Badger's compactions would otherwise leave to the collector.
package storage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/keycache"
	"carekeeper/internal/secret"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// SchemaVersion is the version of the key layout this build writes. Version 2 added the
// timeline index (timeline.go); version 1 vaults are upgraded when they are opened.
const SchemaVersion = 2

// Memtable sizes: the desktop's (the app, imports, sync), and the size a memtable log left
// by a process that did not close the vault is replayed with: the largest any build wrote.
const (
	desktopMemtable = 16 << 20
	replayMemtable  = 24 << 20
	briefMemtable   = 1 << 20 // Options.Brief
)

const (
	keyFileName  = "vault.key"
	lockFileName = "carekeeper.lock"
	dbDirName    = "db"
)

var (
	// ErrInUse means another CareKeeper process has this vault open.
	ErrInUse = errors.New("this vault is open in another CareKeeper")
	// ErrNoVault means the directory holds no vault.
	ErrNoVault = errors.New("no vault here: create one with 'carekeeper init'")
	// ErrExists means a vault already exists where one was to be created.
	ErrExists = errors.New("a vault already exists here")
	// ErrNewerSchema means the vault was written by a newer CareKeeper.
	ErrNewerSchema = errors.New("this vault was written by a newer CareKeeper; please update")
	// ErrNotFound is returned when a record or profile does not exist.
	ErrNotFound = errors.New("not found")
	// ErrWrongPassphrase and ErrWrongRecoveryCode are re-exported from internal/secret.
	ErrWrongPassphrase   = secret.ErrWrongPassphrase
	ErrWrongRecoveryCode = secret.ErrWrongRecoveryCode
)

// Options tune how a vault is opened. The zero value is right for the app.
type Options struct {
	// Logger receives Badger's warnings and errors and our own. Nil discards them.
	Logger *slog.Logger
	// Params are the key-derivation settings for new passphrase slots.
	Params secret.Params
	// Plaintext opens the database without encryption. Only benchmarks use it, to
	// measure the cost of encryption; no command or screen can set it.
	Plaintext bool
	// MemTableSize overrides the memtable size (bytes). Zero means the desktop default.
	MemTableSize int64
	// Quiet is for a long-running process that mostly waits (the reminder daemon, the app in
	// the tray): no background compactors, which wake 20 times a second each even with
	// nothing to do (an open vault idles at ~0.18 s of CPU a minute, a quiet one at ~7 ms).
	// Instead a write compacts the vault itself once level 0 holds as many tables as would
	// start a background compaction, so writes never stall; an import may take longer.
	Quiet bool
	// Brief is for a short command that reads what it shows and writes little (the CLI's
	// commands other than import and sync): a 1 MiB memtable instead of 16 and a 4 MiB block
	// cache instead of 16. Badger allocates the memtable's arena (~31 MiB with 24, 5.3 MiB
	// with 4, 1.3 MiB with 1) in full when it opens, and a command that reads writes nothing
	// into it, yet it is live heap for the whole run: with the soft memory limit such a
	// command runs under (memory.go), 4 MiB less room between collections; a scan reads each
	// block about once (type queries too: scanType), so a large cache only held blocks not
	// read again. Writes of any size still work (the journal's chunks follow Badger's
	// per-transaction limit, 15 % of the memtable); large ones flush more often.
	Brief bool
}

func (o Options) params() secret.Params {
	if o.Params == (secret.Params{}) {
		return secret.DefaultParams
	}
	return o.Params
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o.Logger
}

// Vault is an open, unlocked vault. Its methods are safe for concurrent use; writes are
// serialised.
type Vault struct {
	dir  string
	db   *badger.DB
	lock *lockFile
	log  *slog.Logger

	quiet    bool      // no background compactors: writes compact (compactIfQuiet)
	tables   tablePool // Badger's table-builder allocators (memory.go)
	maps     tableMaps // Badger's tables' memory maps (resident.go)
	readOnly bool      // opened read-only because the disk was full (space.go)
	reserve  uint64    // free space every write leaves (space.go)

	writeMu sync.Mutex // serialises journaled writes
	gc      gcSchedule // value-log GC (gc.go)

	household atomic.Bool                          // in a household: exchanged writes are logged (changes.go)
	device    atomic.Value                         // string: this device's id in the household
	changed   chan struct{}                        // signalled after a local change is logged (Changed)
	viewOnly  atomic.Pointer[map[string]bool]      // people this device may only view (SetViewOnly)
	notShared atomic.Pointer[map[string]time.Time] // people no longer shared with this device (SetNotShared)

	closeOnce sync.Once
	closeErr  error
	// beforeClose run first when the vault closes (BeforeClose)
	beforeClose []func() error
	// opened is the database's last commit once the vault had opened (after its recovery and
	// migrations): WroteSinceOpen compares with it.
	opened uint64
}

// KeyFilePath returns the key file's path for a vault directory.
func KeyFilePath(dir string) string { return filepath.Join(dir, keyFileName) }

// KeptKeyID names the vault in dir for the key 'carekeeper unlock' keeps in the session's
// keyring (keycache.ID of its key file: it changes with the passphrase or recovery code).
func KeptKeyID(dir string) (string, error) {
	b, err := os.ReadFile(KeyFilePath(dir))
	if err != nil {
		return "", fmt.Errorf("reading the vault's key file: %w", err)
	}
	return keycache.ID(b), nil
}

// ForgetKeptKey forgets the key 'carekeeper unlock' keeps for the vault in dir, if any (the
// app's Lock locks the command line too). Nothing kept, no vault or no keyring is not an error.
func ForgetKeptKey(dir string) error {
	id, err := KeptKeyID(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return ForgetKept(id)
}

// ForgetKept forgets the key kept under id (from KeptKeyID, read before the key file changed:
// a new passphrase or recovery code makes a new key file with another id). Nothing kept or no
// keyring is not an error.
func ForgetKept(id string) error {
	if _, err := keycache.Drop(id); err != nil && !errors.Is(err, keycache.ErrUnavailable) {
		return err
	}
	return nil
}

// Exists reports whether dir holds a vault.
func Exists(dir string) bool {
	_, err := os.Stat(KeyFilePath(dir))
	return err == nil
}

// Init creates a new vault in dir (created with mode 0700 if missing) protected by passphrase,
// and returns the recovery code, which is shown to the person once and never stored.
func Init(dir string, passphrase []byte, opt Options) (recoveryCode string, err error) {
	if Exists(dir) {
		return "", ErrExists
	}
	privateFiles()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the vault directory: %w", err)
	}
	lock, err := acquireLock(filepath.Join(dir, lockFileName), true)
	if err != nil {
		return "", err
	}
	defer lock.release()
	removeLeftovers(dir, opt.logger())
	if entries, _ := os.ReadDir(filepath.Join(dir, dbDirName)); len(entries) > 0 {
		return "", fmt.Errorf("%w (a database without a key file is in the way)", ErrExists)
	}
	key, code, err := secret.Create(KeyFilePath(dir), passphrase, opt.params())
	if err != nil {
		return "", diskFullError(err)
	}
	defer wipe(key)
	v, err := openDB(dir, key, lock, opt)
	if err != nil {
		os.Remove(KeyFilePath(dir))
		return "", err
	}
	v.lock = nil // the lock is released by the deferred call above
	if err := v.Close(); err != nil {
		return "", err
	}
	return code, nil
}

// Open unlocks the vault in dir with the passphrase. A wrong passphrase returns
// ErrWrongPassphrase and changes nothing on disk.
func Open(dir string, passphrase []byte, opt Options) (*Vault, error) {
	return openWith(dir, opt, func() ([]byte, error) { return secret.Unlock(KeyFilePath(dir), passphrase) })
}

// OpenWithRecoveryCode unlocks the vault with its recovery code.
func OpenWithRecoveryCode(dir, code string, opt Options) (*Vault, error) {
	return openWith(dir, opt, func() ([]byte, error) { return secret.UnlockWithRecovery(KeyFilePath(dir), code) })
}

// OpenWithKey opens the vault with an already unwrapped vault key (benchmarks measure the
// open cost without the key derivation this way).
func OpenWithKey(dir string, key []byte, opt Options) (*Vault, error) {
	return openWith(dir, opt, func() ([]byte, error) { return append([]byte(nil), key...), nil })
}

// UnwrapKey returns the vault key for the passphrase without opening the database.
func UnwrapKey(dir string, passphrase []byte) ([]byte, error) {
	if !Exists(dir) {
		return nil, ErrNoVault
	}
	return secret.Unlock(KeyFilePath(dir), passphrase)
}

func openWith(dir string, opt Options, unwrap func() ([]byte, error)) (*Vault, error) {
	if !Exists(dir) {
		// A restore killed part way leaves its folder beside dir.
		atomicfile.RemoveStale(filepath.Dir(filepath.Clean(dir))) //nolint:errcheck // best effort
		return nil, ErrNoVault
	}
	var key []byte
	lock, err := lockVault(dir, func() (err error) { key, err = unwrap(); return err })
	if err != nil {
		wipe(key)
		return nil, err
	}
	if key == nil {
		if key, err = unwrap(); err != nil {
			lock.release()
			return nil, err
		}
	}
	defer wipe(key)
	removeLeftovers(dir, opt.logger())
	v, err := openDB(dir, key, lock, opt)
	if err != nil {
		lock.release()
		return nil, diskFullError(err)
	}
	return v, nil
}

// ChangePassphrase re-wraps the vault key under a new passphrase. Only the key file is
// rewritten (atomically); the database is not touched. It fails with ErrInUse while another
// process has the vault open.
func ChangePassphrase(dir string, oldPass, newPass []byte, opt Options) error {
	check := func() error { _, err := secret.Unlock(KeyFilePath(dir), oldPass); return err }
	return withLock(dir, check, func() error {
		return secret.ChangePassphrase(KeyFilePath(dir), oldPass, newPass, opt.params())
	})
}

// Recover sets a new passphrase using the recovery code. Only the key file is rewritten.
func Recover(dir, code string, newPass []byte, opt Options) error {
	check := func() error { _, err := secret.UnlockWithRecovery(KeyFilePath(dir), code); return err }
	return withLock(dir, check, func() error {
		return secret.Recover(KeyFilePath(dir), code, newPass, opt.params())
	})
}

// NewRecoveryCode gives the vault in dir a new recovery code, checking the passphrase first,
// and returns it (show it once). The old code stops working. Only the key file is rewritten,
// atomically; a vault open elsewhere is refused (ErrInUse).
func NewRecoveryCode(dir string, passphrase []byte) (string, error) {
	check := func() error { _, err := secret.Unlock(KeyFilePath(dir), passphrase); return err }
	var code string
	err := withLock(dir, check, func() (err error) {
		code, err = secret.NewRecoveryCode(KeyFilePath(dir), passphrase)
		return err
	})
	return code, err
}

func withLock(dir string, check, fn func() error) error {
	if !Exists(dir) {
		return ErrNoVault
	}
	lock, err := lockVault(dir, check)
	if err != nil {
		return diskFullError(err)
	}
	defer lock.release()
	return diskFullError(fn()) // the key file's writer removes what a killed passwd or recover left

}

// lockVault takes the vault's single-instance lock. A vault without a lock file (restored
// from a backup) gets one only once check passes, so a wrong passphrase changes nothing on
// disk; check has then already run.
func lockVault(dir string, check func() error) (*lockFile, error) {
	path := filepath.Join(dir, lockFileName)
	lock, err := acquireLock(path, false)
	if errors.Is(err, fs.ErrNotExist) {
		if err := check(); err != nil {
			return nil, err
		}
		lock, err = acquireLock(path, true)
	}
	return lock, err
}

// ChangePassphrase changes the passphrase of an open vault.
func (v *Vault) ChangePassphrase(oldPass, newPass []byte, p secret.Params) error {
	if p == (secret.Params{}) {
		p = secret.DefaultParams
	}
	return secret.ChangePassphrase(KeyFilePath(v.dir), oldPass, newPass, p)
}

// badgerOptions is the desktop profile: small memtables and value-log files, bounded caches,
// ZSTD, and Badger's logger routed into ours.
func badgerOptions(dir string, key []byte, opt Options) badger.Options {
	mem, blockCache := opt.MemTableSize, int64(16<<20)
	if opt.Brief {
		blockCache = 4 << 20
	}
	switch {
	case mem != 0:
	case opt.Brief:
		mem = briefMemtable
	default:
		mem = desktopMemtable
	}
	// The write profile: 16 MiB memtables, at most one being written into a table while the
	// next fills (NumMemtables 1: a write waits for that flush rather than a third memtable
	// growing), and level-0 compactions from 4 tables (stall: below), about as many bytes per
	// compaction as 3 tables of 24 MiB. Badger builds a level-0 table from a whole memtable in
	// memory, uncompressed plus its compressed blocks (~90 MB of heap for a 24 MiB memtable in a
	// profile of the 100k import), so the memtable size sets a bulk write's peak. Measured on the
	// 100k import (1–3 runs each, after the changes of docs/footprint.md's "Memory of writes"):
	// 24 MiB × 2, L0 3/8: 193–218 MB, 9.6–9.9 s CPU; 16 MiB × 1, L0 4/12: 159–170 MB, 9.6–9.8 s;
	// 16 MiB × 2: 189 MB; 12 MiB: 158–171 MB but 11.2–11.4 s; 8 MiB: 169–180 MB, 15 s.
	//
	// While level 0 holds only small tables (flushes of a memtable under an eighth full: what a
	// command's import leaves at Close), a compaction is due at 16 of them instead of 4 (the
	// patched Badger's NumLevelZeroSmallTables): each level-0 compaction rewrites every
	// base-level table, as a record's keys fall in all of them (up to ~10 MB at 100,000
	// resources: all 16 base-level tables in every such compaction of the bench's probes), so
	// compacting 16 small tables at once rewrites it a quarter as often for the same records
	// as 4 did (8 halved it). Once level 0 holds a full table (a large import) it compacts at 4 tables
	// of any size, as without the option, so a large import's compactions and their memory are
	// the same (docs/footprint.md, "Small level-0 tables count half", "… small level-0 tables
	// again" and "Sixteen small level-0 tables"). The stall (20) must be above the 16; a large
	// import's level 0 held at most 4 tables (the 100k import, watched), so the higher stall
	// does not act there. Reading pays a bloom filter and a merge input for each small table
	// level 0 holds (`records --type Observation --json` at 100k: ~5 % more CPU with 15 of
	// them than with none).
	// A brief open (a command that reads) counts level 0 as the writer does, so that it does
	// not start a compaction of what an import left that the import itself would not have
	// started (a compaction's table builders in a command held to 90 MB).
	memtables, l0, l0Small, l0Stall := 1, 4, 16, 20
	if opt.Brief {
		memtables = 2 // a brief open reads (read path's profile)
	}
	o := badger.DefaultOptions(filepath.Join(dir, dbDirName)).
		WithMemTableSize(mem).
		WithNumMemtables(memtables).
		WithNumLevelZeroTables(l0).
		WithNumLevelZeroTablesStall(l0Stall).
		// 512 KiB tables: a compaction runs up to 18 table builders at once, each holding
		// its table in memory until written; smaller tables cut a bulk import's peak heap.
		WithBaseTableSize(512 << 10).
		// 64 KiB blocks: Badger compresses each block on its own, and the metadata, index keys
		// and values that records share (file names, people, codes, links) compress better in
		// larger blocks. Measured on the 13 Synthea bundles: disk ÷ input 0.214 with 16 KiB
		// blocks, 0.195 with 64 KiB (0.220 → 0.196 at 100,000 resources). Reading one record
		// decompresses its block (the block cache keeps the recent ones); scans gain.
		WithBlockSize(64 << 10).
		WithBlockCacheSize(blockCache).
		WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(16 << 20).
		WithValueThreshold(64 << 10).
		WithNumCompactors(2).
		WithNumGoroutines(2).
		// Badger's ZSTD is the only entropy coder of the stored records: the envelopes hold
		// each resource matched against the FHIR dictionary with its literals left uncoded
		// (envelope.go), and the block compressor codes them together with the metadata,
		// the index keys and what records share. Measured on the 13 Synthea bundles (25.1 MB)
		// before the literals were left to it: disk ÷ input 0.214 with it, 0.435 without,
		// 0.252 with Snappy instead; 0.342 with the envelopes in the value log.
		WithCompression(options.ZSTD).
		WithZSTDCompressionLevel(1).
		WithMetricsEnabled(false).
		WithDetectConflicts(false).
		WithLogger(badgerLogger{opt.logger()})
	// Tables of the same size at every level (Badger doubles them at each level below the base
	// level by default; there is no With option). A table builder holds its table uncompressed,
	// plus a compression buffer per block, until the table is written (ZSTD packs several
	// times the table's size into it), and a compaction runs up to 18 builders. With the
	// doubling, every level the vault grew doubled that memory, so a large import's peak heap
	// rose with the vault (611 MiB importing 688 k Apple Health samples, 252 MiB now with
	// 512 KiB tables; docs/intake.md). TestTableSizeSameAtEveryLevel keeps it so.
	o.TableSizeMultiplier = 1
	o.NumLevelZeroSmallTables = l0Small
	o.LevelZeroSmallTableSize = desktopMemtable / 8
	// A compaction below level 0 takes down the table that overlaps the fewest bytes of the
	// level below for its size, not the oldest (the patched Badger's PushDownLeastOverlap,
	// RocksDB's kMinOverlappingRatio). A record's keys fall all over the base level, so the
	// oldest table was as often one of a person's records, whose dates span the whole history
	// and so overlap every record table below it (~30 MB at 100,000 resources), as one of the
	// indexes, which overlap a few: the bench's probes at 100k wrote ~23 % fewer bytes of
	// tables a resource with it (docs/footprint.md, "Taking down the table that overlaps
	// least"). Which table goes down changes nothing that is read or kept.
	o.PushDownLeastOverlap = true
	// The tables a compaction writes into a level above the last are Snappy, not ZSTD (the
	// patched Badger's SnappyAboveLastLevel): those levels hold a few MB that every level-0
	// compaction of a large vault rewrites whole (a record's keys fall in all of their tables),
	// and Snappy costs less CPU per byte rewritten; the flushes (level 0) and the last level,
	// where most of a vault's bytes stay, keep ZSTD, so a small vault (level 0 and the last
	// level only) is as before. Each table's compression is kept in Badger's manifest: a vault
	// opens with any mix, in any build (docs/footprint.md, "Snappy above the last level, again").
	o.SnappyAboveLastLevel = true
	if opt.Quiet {
		// Badger's compactors wake every 50 ms each, even with nothing to do.
		o = o.WithNumCompactors(0)
		// compactIfQuiet's Flatten compacts level 0 from NumLevelZeroTables tables whatever
		// their size once a level below holds data: small tables count as whole ones here.
		o.NumLevelZeroSmallTables = 0
	}
	if !opt.Plaintext {
		o = o.WithEncryptionKey(key)
	}
	return o
}

func openDB(dir string, key []byte, lock *lockFile, opt Options) (v *Vault, err error) {
	privateFiles()   // Badger's files are created 0666 (private.go)
	narrowModes(dir) // what an earlier build left readable by others
	if err := removeEmptyLogs(filepath.Join(dir, dbDirName), opt.logger()); err != nil {
		return nil, err
	}
	// On a (nearly) full disk the database opens read-only: see space.go.
	readOnly := false
	if free, err := freeSpace(dir); err == nil && free < opt.openReserve() {
		if runtime.GOOS == "windows" {
			return nil, ErrDiskFull // Badger has no read-only mode on Windows
		}
		readOnly = true
		opt.logger().Warn("the disk is full: opening the vault read-only", "free", free)
	}
	left := leftMemtables(filepath.Join(dir, dbDirName))
	if left && opt.memTableSize() < replayMemtable {
		// A process that did not close the vault left memtables: Badger replays each into a
		// memtable of the size being opened, and one written with a larger memtable (24 MiB
		// before this build's 16) overflows a small one (Badger panics).
		opt.Brief = false
		opt.MemTableSize = replayMemtable
	}
	if opt.Quiet && left && !readOnly {
		// A quiet vault goes without Badger's allocator pool (caches.go), which it can only
		// leave while no table is being built: Badger flushes replayed memtables in the
		// background while it opens. Opening and closing once writes them into tables first
		// (an error shows in the open below).
		if db, err := openBadger(badgerOptions(dir, key, opt)); err == nil {
			db.Close()
			left = leftMemtables(filepath.Join(dir, dbDirName))
		}
	}
	db, err := openBadger(badgerOptions(dir, key, opt).WithReadOnly(readOnly))
	if err != nil {
		switch {
		case errors.Is(err, badger.ErrEncryptionKeyMismatch):
			return nil, fmt.Errorf("the database does not match this key file: %w", secret.ErrCorrupt)
		case errors.Is(err, ErrDiskFull), isDiskFull(err):
			return nil, ErrDiskFull
		case readOnly:
			// A vault left by a crash needs its logs truncated before it can be read.
			opt.logger().Warn("the vault cannot be opened read-only", "err", err)
			return nil, ErrDiskFull
		}
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	if opt.Quiet && !left {
		detachTablePool(db) // caches.go: the pool's 2-second ticker
	}
	v = &Vault{dir: dir, db: db, lock: lock, log: opt.logger(), quiet: opt.Quiet, readOnly: readOnly, reserve: opt.writeReserve(), changed: make(chan struct{}, 1), tables: allocPool(db), maps: findTableMaps(db)}
	stopCacheCleanup(db) // caches.go: ristretto's TTL sweeps, which find nothing, every 2.5 s
	ver, err := v.schemaVersion()
	if err != nil {
		db.Close()
		return nil, err
	}
	if readOnly && ver < SchemaVersion {
		db.Close()
		return nil, ErrDiskFull // the upgrade needs space
	}
	// An interrupted write is rolled back before any migration, so migrations see only
	// complete writes (the undo entries restore keys of the old schema only).
	if err := v.recoverJournal(); err != nil {
		db.Close()
		return nil, fmt.Errorf("finishing an interrupted write: %w", err)
	}
	if err := v.finishDeletes(); err != nil {
		db.Close()
		return nil, fmt.Errorf("finishing an interrupted deletion: %w", err)
	}
	if err := v.migrate(ver); err != nil {
		db.Close()
		return nil, err
	}
	if err := v.loadHousehold(); err != nil {
		db.Close()
		return nil, err
	}
	v.opened = db.MaxVersion()
	v.initGC()
	return v, nil
}

// leftMemtables reports whether the database directory holds memtable logs (".mem") with
// writes in them: a closed database has none (Close writes them into tables and deletes
// them). A log without entries, as a reading command killed part way leaves, is not counted:
// Badger drops it at the open, so it needs neither a replay memtable (which cost the first
// reading command after such a kill 3–8 MB more at 100k, 90–120 MB once: F63) nor the quiet
// open's extra open and close.
func leftMemtables(dbDir string) bool {
	m, _ := filepath.Glob(filepath.Join(dbDir, "*.mem"))
	for _, name := range m {
		if memtableLogHasEntries(name) {
			return true
		}
	}
	return false
}

// memtableLogHasEntries reports whether the memtable log holds an entry: its 20-byte header
// (key id and IV) is followed by the first entry's plaintext header, whose key length is never
// 0, or by zeros up to the end of the file's space (Badger stops its replay at an all-zero
// entry). A log that cannot be read counts as holding entries: the open decides then.
func memtableLogHasEntries(name string) bool {
	const logHeader = 20
	f, err := os.Open(name)
	if err != nil {
		return true
	}
	defer f.Close()
	var b [16]byte
	n, err := f.ReadAt(b[:], logHeader)
	if err != nil && !errors.Is(err, io.EOF) {
		return true
	}
	for _, c := range b[:n] {
		if c != 0 {
			return true
		}
	}
	return false
}

// removeEmptyLogs deletes zero-length memtable and value-log files. Badger creates such a
// file and then sizes it; a crash between the two leaves an empty file that Badger refuses to
// open ("Create a new file"). An empty log holds no writes, so removing it loses nothing.
func removeEmptyLogs(dbDir string, log *slog.Logger) error {
	entries, err := os.ReadDir(dbDir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("reading the database directory: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || (filepath.Ext(name) != ".mem" && filepath.Ext(name) != ".vlog") {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() != 0 {
			continue
		}
		log.Warn("removing an empty log file left by a crash", "file", name)
		if err := os.Remove(filepath.Join(dbDir, name)); err != nil {
			return fmt.Errorf("repairing the database: %w", err)
		}
	}
	return nil
}

// compactIfQuiet compacts a quiet vault (opened without background compactors) once level 0
// holds NumLevelZeroTables tables, the point where a background compactor would start; at
// NumLevelZeroTablesStall Badger would stop every write until a compaction that never comes.
// It runs after a write, with the write lock held, so only when there is work.
//
// Flatten gets one worker: its workers all take the same compaction priority, and a level-0
// compaction takes every overlapping level-0 table, so a second worker finds nothing left and
// Badger logs "Unable to fill tables" (harmless: Flatten succeeds when one worker did, and
// Badger's own Close hides that error for the same reason). With one worker and no background
// compactors nothing else holds tables, so that warning only appears for a real failure.
func (v *Vault) compactIfQuiet() {
	if !v.quiet || v.readOnly {
		return
	}
	lv := v.db.Levels()
	if len(lv) == 0 || lv[0].NumTables < v.db.Opts().NumLevelZeroTables {
		return
	}
	if err := v.db.Flatten(1); err != nil {
		v.log.Warn("compacting the vault", "err", err)
	}
}

// Close flushes and closes the database and releases the lock.
func (v *Vault) Close() error {
	v.closeOnce.Do(func() {
		var first []error
		for _, f := range v.beforeClose {
			first = append(first, f())
		}
		defer func() { v.closeErr = errors.Join(append(first, v.closeErr)...) }()
		v.stopGC()
		v.writeMu.Lock()
		defer v.writeMu.Unlock()
		v.closeErr = v.closeDB() // space.go: not on a disk without room for the flush
		if err := v.lock.release(); err != nil && v.closeErr == nil {
			v.closeErr = err
		}
	})
	return v.closeErr
}

// BeforeClose has f run when the vault closes, before its database does: a command's last
// word with the vault open (the CLI rewrites the saved reminder agenda after a change). Its
// error is Close's, and the vault still closes. Not safe to call while the vault closes.
func (v *Vault) BeforeClose(f func() error) { v.beforeClose = append(v.beforeClose, f) }

// WroteSinceOpen reports whether anything was committed since the vault opened (its own
// recovery and migrations at the open not counted): a command that changed nothing need not
// work out again what follows from the vault (the CLI's saved reminder agenda).
func (v *Vault) WroteSinceOpen() bool { return v.db.MaxVersion() > v.opened }

// ReadOnly reports whether the vault was opened read-only (the disk was full): nothing can be
// written to it.
func (v *Vault) ReadOnly() bool { return v.readOnly }

// Dir returns the vault directory.
func (v *Vault) Dir() string { return v.dir }

// Sync forces written data to stable storage (for safety-critical writes such as doses).
func (v *Vault) Sync() error { return v.db.Sync() }

// Size returns the bytes the database uses on disk (LSM and value log).
func (v *Vault) Size() (lsm, vlog int64) { return v.db.Size() }

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// badgerLogger routes Badger's log lines into our logger: warnings and errors only. Badger's
// messages carry file names and counts, never record contents.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any)   { b.l.Error("badger: " + fmt.Sprintf(f, a...)) }
func (b badgerLogger) Warningf(f string, a ...any) { b.l.Warn("badger: " + fmt.Sprintf(f, a...)) }
func (b badgerLogger) Infof(string, ...any)        {}
func (b badgerLogger) Debugf(string, ...any)       {}
