// Package cli is CareKeeper's headless command line: the contract scripts, clinic IT and tests
// rely on. Run returns the process exit code: 0 on success, 1 on failure (one line on stderr,
// no health data in it), 2 on a usage error.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"golang.org/x/term"

	"carekeeper/internal/health"
	"carekeeper/internal/inputfile"
	"carekeeper/internal/passphrase"
	"carekeeper/internal/remind"
	"carekeeper/internal/secret"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/hhvault"
)

// Env is what a command may touch of the outside world; tests fill it in.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// ReadPassword reads a line without echo from the terminal; nil when there is none.
	ReadPassword func(prompt string) ([]byte, error)
}

// OSEnv is the real process environment.
func OSEnv() *Env {
	e := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	if term.IsTerminal(int(os.Stdin.Fd())) {
		e.ReadPassword = func(prompt string) ([]byte, error) {
			fmt.Fprint(os.Stderr, prompt)
			b, err := term.ReadPassword(int(os.Stdin.Fd()))
			fmt.Fprintln(os.Stderr)
			return b, err
		}
	}
	return e
}

// usageError is a mistake in how a command was called (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

type command struct {
	name, args, summary, detail string
	run                         func(ctx context.Context, c *call) error
}

var commands []*command

// register adds commands; each file of this package registers its own in an init function.
func register(cs ...*command) { commands = append(commands, cs...) }

func init() {
	register(
		&command{name: "init", summary: "create a new vault and print its recovery code once", run: runInit,
			detail: "Refuses if a vault exists. The passphrase comes from $CAREKEEPER_PASSPHRASE, --passphrase-file, or the\nterminal (asked twice). --json prints {\"recoveryCode\": \"...\"}."},
		&command{name: "passwd", summary: "change the passphrase", run: runPasswd,
			detail: "The current passphrase as for every command; the new one from $CAREKEEPER_NEW_PASSPHRASE or the terminal.\nOnly the key file is rewritten, atomically. The old passphrase stops working."},
		&command{name: "recover", summary: "set a new passphrase with the recovery code", run: runRecover,
			detail: "The recovery code from $CAREKEEPER_RECOVERY_CODE or the terminal; the new passphrase from\n$CAREKEEPER_NEW_PASSPHRASE or the terminal."},
		&command{name: "recovery-code", summary: "make a new recovery code (the old one stops working)", run: runRecoveryCode,
			detail: "For a recovery code that is lost or was seen by someone else. The passphrase as for every command; the new\ncode is printed once (--json: {\"recoveryCode\": \"...\"}). Only the key file is rewritten, atomically."},
		&command{name: "profile", args: "add --name NAME [--birth-date YYYY-MM-DD] [--yes] | list | set --profile ID --alert-after MINUTES|--zone ZONE|--birth-date YYYY-MM-DD | separate [--profile ID] [--to ID|--new] [--yes] | join --keep ID --from ID [--other-names] [--yes] | apart --profile ID --other ID | delete --profile ID [--yes]", summary: "add, list, join, separate or delete the people in the vault", run: runProfile,
			detail: "profile add says who was added and their id for --profile (--json: {\"id\",\"name\",\"birthDate\"}).\nprofile list prints one person a line (--json: [{\"id\",\"name\",\"birthDate\",\"deceased\",\"futureDeathDate\"}], \"deceased\" being\nthe date of death or true, present only for a person who died; \"futureDeathDate\" a date of death the records give\nthat is after today, not taken as a death; \"mayBeSameAs\" the ids of people who may be this one recorded twice).\nIt says two people who may be one person recorded twice (the same birth date, one name the other's with a middle\nname, an initial or a second surname left out, no sex or record number against it): \"Lucia Herrera may be the same\nperson as Lucía Herrera Martín (both born 19 Jul 1992): if so, join them with `carekeeper profile join …`\". Twins and\nother given names (\"Peggy\" and \"Margaret\") are not said \"may be the same\"; two of one birth date, sex and family name\nwith other given names are asked about: one person by another name (join them with --other-names) or two (twins:\n'profile apart --profile ID --other ID' remembers it on this computer, not asked again). CareKeeper never joins two\npeople by itself.\nprofile join --keep ID --from ID moves every record of --from (and their reminder settings where --keep has none) to\n--keep and deletes --from, in a household through it (a shared person goes on every device; this computer must\nmanage both); refused for other birth dates or names. It asks on a terminal, else needs --yes; it cannot be undone\n(--json: {\"keep\",\"from\",\"records\"}).\nprofile set --birth-date YYYY-MM-DD changes the person's birth date on People and in their Patient records at once\n(an import never changes one; --json: {\"id\",\"name\",\"was\",\"birthDate\",\"records\"}).\nprofile set --alert-after MINUTES: how long after a dose's time, unanswered, the household's caregiver\ndevices are alerted (1 to 1440, default 30; --json: {\"id\",\"alertAfter\"}).\nprofile separate finds a person holding the records of another person (another first name, or another birth date\nand record number: a file imported into the wrong person with --force, two people joined by hand) and lists them\nby kind: \"Rose Lindqvist holds records of another person, Lily Lindqvist (born 3 May 2019): 3 records. Move them\nto Lily Lindqvist, or to a new person?\"; with --yes it moves them, in one write, to that person (or --to ID, or\n--new: a new person of their name and birth date); nothing is deleted, the household learns each as a move\n(--json: [{\"person\",\"personName\",\"other\",\"otherBirthDate\",\"to\",\"toName\",\"records\",\"counts\"}], with --yes\n[{\"from\",\"to\",\"toName\",\"new\",\"records\"}]).\nprofile delete removes a person, all their records (with the shared ones only they refer to: their medicines,\nclinics, care team), their reminders and settings and the portals bound to them, for good (export first); it asks\non a terminal, else needs --yes (--json: {\"id\",\"records\",\"shared\"})."},
		&command{name: "import", args: "[--profile ID [--force [--yes]]] FILE...", summary: "import health record files: FHIR (.json, NDJSON, .gz), C-CDA and XDM, SMART Health Cards (file, QR image, shc:/ text), Apple Health export (zip or folder)", run: runImport,
			detail: "The file's content, not its name, says what it is (docs/intake.md). Each file is one transaction: all of it or\nnone of it (an Apple Health export's samples are written in batches after the whole export was checked).\nWithout --profile, the file's Patient is matched to a person by identifier, or by birth date and name (a missing\nmiddle name or initial ignored only when the sex is known and the same; never across two record numbers of one\nsystem), or a new person is created (docs/intake.md, \"Whose records\").\nWith --profile, a file whose Patient has another name or birth date is refused (\"FILE is for\n…, not …\"); --force imports it anyway, except a file saying its person (born on another day) died into a\nliving person: that needs --yes too (the import's line says when a file shows someone as having died). --json prints one object per file and line: {\"file\",\"profile\",\n\"added\":{TYPE:n},\"updated\":{TYPE:n},\"unchanged\":n,\"format\"} and, for converted files, \"made\":{TYPE:n},\n\"text_only\":n, \"skipped\":[{\"what\",\"reason\",\"count\"}], \"cards\":[{\"issuer\",\"issuer_name\",\"signature\"}]\n(\"verified\" or \"not-checked\"), \"measurements\":{KIND:n}. Exit 1 if any file failed; the good ones stay imported."},
		&command{name: "records", args: "[--profile ID] [--type TYPE]", summary: "list stored records", run: runRecords,
			detail: "--json prints a JSON array of the stored FHIR resources. Without --profile, every resource in the vault.\n" +
				"--type is a FHIR R4 resource type as FHIR spells it (Observation, MedicationRequest, …); another is exit 2."},
		&command{name: "export", args: "[--profile ID] --out FILE", summary: "write a FHIR R4 collection Bundle (plaintext!)", run: runExport,
			detail: "Writes everything a person has (or, without --profile, the whole vault) as a FHIR Bundle of type\ncollection. The file is plaintext health data, created with mode 0600."},
		&command{name: "bench", summary: "measure import, listing, open and unlock costs", run: runBench,
			detail: "Runs the benchmark suite against fixtures in --fixtures DIR (default ../shared/fixtures) in a temporary\nvault. --json prints the figures.\n--reading DIR measures only the reading figures, on a 100,000-resource vault kept in DIR (built there first\nif missing); --commands TEXT runs only the reading commands containing TEXT."},
		&command{name: "help", args: "[COMMAND]", summary: "show help", run: runHelp},
	)
}

func find(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// call is one invocation: its flags, positional arguments and environment.
type call struct {
	env      *Env
	fs       *flag.FlagSet
	args     []string
	data     string
	passFile string
	json     bool
	bulk     bool      // the command writes much (import, sync): the vault opens with the desktop sizes
	gcOld    int       // the collector's percentage before open lowered it; 0: not lowered
	memOld   func()    // restores the memory limit open set for a command that reads; nil: not set
	removed  time.Time // when this device was removed from its household (hhvault.LoadRemoval); zero: it was not
	agenda   bool      // the command may change what is reminded: the saved agenda is rewritten at close (agendaCommands)
}

func newFlagSet(name string, c *call) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.data, "data", c.data, "vault directory")
	fs.StringVar(&c.passFile, "passphrase-file", c.passFile, "file holding the passphrase")
	fs.BoolVar(&c.json, "json", c.json, "machine-readable output")
	return fs
}

// parse parses flags anywhere among the arguments (flags after file names too).
func (c *call) parse(args []string) error {
	var pos []string
	for {
		if err := c.fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return err // --help, -h: Run shows the command's help
		} else if err != nil {
			return usagef("%v", err)
		}
		rest := c.fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	c.args = pos
	return nil
}

// Run runs the command line args (without the program name) and returns the exit code.
func Run(ctx context.Context, env *Env, args []string) int {
	c := &call{env: env}
	// Global flags may come before the command.
	global := newFlagSet("carekeeper", c)
	if err := global.Parse(args); errors.Is(err, flag.ErrHelp) {
		return help(ctx, env) // --help, -h: the usage, as 'carekeeper help'
	} else if err != nil {
		textf(env.Stderr, "carekeeper: %v\n", err)
		return 2
	}
	args = global.Args()
	if len(args) == 0 {
		textln(env.Stderr, "carekeeper: no command given (try 'carekeeper help')")
		return 2
	}
	cmd := find(args[0])
	if cmd == nil {
		textf(env.Stderr, "carekeeper: unknown command %q (try 'carekeeper help')\n", args[0])
		return 2
	}
	c.fs = newFlagSet(cmd.name, c)
	sub := &call{env: env, fs: c.fs, data: c.data, passFile: c.passFile, json: c.json, args: args[1:], agenda: agendaCommands[cmd.name]}
	err := cmd.run(ctx, sub)
	if sub.gcOld != 0 {
		debug.SetGCPercent(sub.gcOld)
	}
	if sub.memOld != nil {
		sub.memOld()
	}
	var ue *usageError
	var se *silentError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp): // 'carekeeper COMMAND --help': as 'carekeeper help COMMAND'
		return help(ctx, env, cmd.name)
	case errors.As(err, &se): // already reported, one line per failed file
		return 1
	case errors.As(err, &ue):
		textf(env.Stderr, "carekeeper %s: %v (see 'carekeeper help %s')\n", cmd.name, err, cmd.name)
		return 2
	default:
		err = keyFileWords(sub, err)
		err = removedWords(sub, err)
		// A package's own prefix that repeats the command's name is said once
		// ("carekeeper household: listing …", not "carekeeper household: household: listing …").
		textf(env.Stderr, "carekeeper %s: %s\n", cmd.name, strings.TrimPrefix(oneLine(err), cmd.name+": "))
		return 1
	}
}

// keyFileWords says, for a vault whose key file is missing or damaged, what is the case and
// the way out (F291): the records cannot be opened without that file, not even with the
// recovery code (it is sealed in the same file), and 'init' must not be run over the vault.
// Other errors are returned as they are.
func keyFileWords(c *call, err error) error {
	dir, derr := c.dir()
	if derr != nil {
		return err
	}
	key := storage.KeyFilePath(dir)
	var what string
	switch {
	case errors.Is(err, secret.ErrUnsupportedVersion):
		return err
	case errors.Is(err, secret.ErrCorrupt):
		what = "is damaged"
	case errors.Is(err, storage.ErrNoVault), errors.Is(err, storage.ErrExists):
		if storage.Exists(dir) {
			return err
		}
		if entries, _ := os.ReadDir(filepath.Join(dir, "db")); len(entries) == 0 {
			return err // no vault at all: 'init' is the way
		}
		what = "is missing"
	default:
		return err
	}
	return keyFileError{fmt.Sprintf("the key file %s %s: the records in %s cannot be opened without it, not even with the recovery code; "+
		"nothing was changed. Restore a backup into a new folder ('carekeeper --data NEW-FOLDER restore BACKUP-FILE'), "+
		"or put the vault's own key file back; do not run 'init' here", key, what, dir), err}
}

// keyFileError is keyFileWords' line; errors.Is still finds what it says.
type keyFileError struct {
	msg string
	err error
}

func (e keyFileError) Error() string { return e.msg }
func (e keyFileError) Unwrap() error { return e.err }

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// bind re-creates the flag set on c (keeping the global values) and parses the arguments.
func (c *call) bind(define func(fs *flag.FlagSet)) error {
	c.fs = newFlagSet(c.fs.Name(), c)
	if define != nil {
		define(c.fs)
	}
	return c.parse(c.args)
}

// bindNoArgs is bind for a command that takes flags only.
func (c *call) bindNoArgs(define func(fs *flag.FlagSet)) error {
	if err := c.bind(define); err != nil {
		return err
	}
	return c.noArgs()
}

// dir is the vault directory: --data, $CAREKEEPER_DATA, or the per-user data directory.
func (c *call) dir() (string, error) {
	if c.data != "" {
		return c.data, nil
	}
	if d := c.env.Getenv("CAREKEEPER_DATA"); d != "" {
		return d, nil
	}
	return storage.DefaultDir()
}

// maxPassphraseFile is the largest --passphrase-file read.
const maxPassphraseFile = 4 << 10

// passphrase is $CAREKEEPER_PASSPHRASE, the --passphrase-file, or asked on the terminal.
func (c *call) passphrase(confirm bool) ([]byte, error) {
	if p := c.env.Getenv("CAREKEEPER_PASSPHRASE"); p != "" {
		return []byte(p), nil
	}
	if c.passFile != "" {
		b, err := inputfile.Read(c.passFile, maxPassphraseFile)
		var tl *inputfile.TooLargeError
		switch {
		case errors.As(err, &tl):
			return nil, fmt.Errorf("the passphrase file is %w (a passphrase is one line)", err)
		case err != nil:
			return nil, fmt.Errorf("reading the passphrase file: %w", err)
		}
		p := []byte(strings.TrimRight(string(b), "\r\n"))
		if len(p) == 0 {
			return nil, errors.New("the passphrase file is empty")
		}
		return p, nil
	}
	return c.ask("Passphrase: ", confirm, "no passphrase: set CAREKEEPER_PASSPHRASE, use --passphrase-file, or run in a terminal")
}

// ask reads a secret on the terminal; without one, it fails saying missing (what to set).
func (c *call) ask(prompt string, confirm bool, missing string) ([]byte, error) {
	if c.env.ReadPassword == nil {
		return nil, errors.New(missing)
	}
	p, err := c.env.ReadPassword(prompt)
	if err != nil {
		return nil, fmt.Errorf("reading the passphrase: %w", err)
	}
	if len(p) == 0 {
		return nil, errors.New("the passphrase must not be empty")
	}
	if confirm {
		again, err := c.env.ReadPassword("Again: ")
		if err != nil {
			return nil, fmt.Errorf("reading the passphrase: %w", err)
		}
		if string(again) != string(p) {
			return nil, errors.New("the two passphrases differ")
		}
	}
	return p, nil
}

// newPassphrase is the new passphrase of passwd and recover, checked as init's is.
func (c *call) newPassphrase() ([]byte, error) {
	p := []byte(c.env.Getenv("CAREKEEPER_NEW_PASSPHRASE"))
	if len(p) == 0 {
		var err error
		if p, err = c.ask("New passphrase: ", true, "no new passphrase: set CAREKEEPER_NEW_PASSPHRASE, or run in a terminal"); err != nil {
			return nil, err
		}
	}
	return p, c.checkNewPassphrase(p)
}

// checkNewPassphrase applies the rule the app's passphrase dialogs apply: a passphrase below the
// clinic's min_passphrase_score is refused before anything is written.
func (c *call) checkNewPassphrase(p []byte) error {
	minScore := 0
	if cfg := clinicConfig(); cfg != nil {
		minScore = cfg.Policies.MinPassphraseScore
	}
	return passphrase.Check(string(p), minScore)
}

// sayIfWeak adds to the answer of init, passwd and recover a line saying the passphrase they
// set is weak (the app shows "very weak" under the field); nothing when it is not.
func (c *call) sayIfWeak(p []byte) {
	s := passphrase.Score(string(p))
	if s > passphrase.Weak {
		return
	}
	textf(c.env.Stdout, "\nThis passphrase is %s: someone who gets a copy of the vault could guess it quickly. "+
		"A longer one, such as four unrelated words, is much harder to guess ('carekeeper passwd' changes it).\n", passphrase.StrengthName(s))
}

// open unlocks the vault. A command that reads what it shows and writes little gets a small
// memtable and caches (storage.Options.Brief); import and sync set c.bulk first.
//
// Such a command also collects garbage when its heap has grown by half (GOGC=50) rather than
// doubled, unless $GOGC says otherwise; Run restores the setting. On the 100,000-resource
// vault: `results` 207 → 176 MB peak, `export` 197 → 174, `records` 118 → 104, `medicines`
// 97 → 90, for 0–11 % more CPU (docs/footprint.md). The unlock comes first and is not
// affected: its 64 MiB are one allocation.
//
// Once unlocked, such a command also runs under a soft memory limit (storage.LimitReadingMemory,
// unless $GOMEMLIMIT says otherwise), so what it holds stays below the unlock's peak in every
// run: `summary --fhir` at 100,000 resources peaked at 84–105 MB over runs with the
// percentage alone, at the unlock's ~81.5 MB with the limit.
func (c *call) open() (*storage.Vault, error) {
	v, err := c.openWith(storage.Options{Brief: !c.bulk})
	if err == nil && !c.bulk && c.gcOld == 0 && c.env.Getenv("GOGC") == "" {
		c.gcOld = debug.SetGCPercent(50)
	}
	if err == nil && !c.bulk && c.memOld == nil && c.env.Getenv("GOMEMLIMIT") == "" {
		c.memOld = storage.LimitReadingMemory()
	}
	return v, err
}

// openProfile unlocks the vault and, when profile is not empty, checks that it names a person.
func (c *call) openProfile(profile string) (*storage.Vault, error) {
	v, err := c.open()
	if err != nil {
		return nil, err
	}
	if profile != "" {
		if _, err := v.Profile(profile); err != nil {
			v.Close()
			return nil, fmt.Errorf("--profile %s: %w", profile, cksync.ErrUnknownProfile)
		}
	}
	return v, nil
}

// noPeopleLine is what a reading command says of a vault with nobody in it yet, as
// 'profile list' (F283).
const noPeopleLine = "No people yet: 'carekeeper profile add --name NAME' or import a file."

// nobodyYet says noPeopleLine and returns true when the vault holds nobody and no person was
// named (text output only: --json keeps each command's own empty answer).
func (c *call) nobodyYet(v *storage.Vault, profile string) (bool, error) {
	if c.json || profile != "" {
		return false, nil
	}
	ps, err := v.Profiles()
	if err != nil || len(ps) > 0 {
		return false, err
	}
	textln(c.env.Stdout, noPeopleLine)
	return true, nil
}

// openModel unlocks the vault, checks profile (when not empty) and loads the reminder model of
// that person (everyone when empty). The caller closes the vault.
func (c *call) openModel(ctx context.Context, profile string) (*storage.Vault, *remind.Model, error) {
	v, err := c.openProfile(profile)
	if err != nil {
		return nil, nil, err
	}
	m, err := remind.Load(ctx, v, remind.LoadOptions{Device: c.device(), Profile: profile})
	if err != nil {
		v.Close()
		return nil, nil, err
	}
	return v, m, nil
}

// openWith unlocks the vault with options. An unknown $TZ is refused first, by every command
// that opens the vault, before anything is read or written: times would be read and shown in
// a zone not asked for (Go silently takes UTC).
func (c *call) openWith(opt storage.Options) (*storage.Vault, error) {
	if err := remind.CheckTZ(c.env.Getenv); err != nil {
		return nil, err
	}
	dir, err := c.dir()
	if err != nil {
		return nil, err
	}
	if !storage.Exists(dir) {
		return nil, storage.ErrNoVault
	}
	var v *storage.Vault
	if key := c.keptKey(dir); key != nil {
		v, err = storage.OpenWithKey(dir, key, opt) // 'carekeeper unlock': no key derivation
		clear(key)
	} else {
		var pass []byte
		if pass, err = c.passphrase(false); err != nil {
			return nil, err
		}
		v, err = storage.Open(dir, pass, opt)
	}
	if err != nil {
		return nil, err
	}
	if c.agenda {
		v.BeforeClose(func() error { return c.refreshAgenda(v) })
	}
	c.warnIfCopied(v)
	if r, ok := hhvault.LoadRemoval(v); ok {
		c.removed = r.At
	}
	return v, nil
}

// removedWords says, on a device removed from its household, why a change of a person the
// household shares is refused (storage.ErrNotShared): it would stay on this computer, and the
// devices that remind them would never hear of it (F338: 'dose take' said "Recorded: … taken",
// exit 0, and they kept the dose due and alerted). Other errors are returned as they are.
func removedWords(c *call, err error) error {
	if c.removed.IsZero() || !errors.Is(err, storage.ErrNotShared) {
		return err
	}
	return &sayErr{"this device was removed from the household on " + health.DateWords(c.removed.In(c.device())) +
		": a change of a person the household shares would stay on this computer and never reach the devices that remind them, so nothing was recorded; make it on one of the household's devices", err}
}

// warnIfCopied says on stderr, in one line, when the vault is a copy of a household device's
// vault (hhvault.CheckCopied), or was moved elsewhere (hhvault.MovedAway); the household and daemon commands say it themselves (the
// household refuses the copy there).
func (c *call) warnIfCopied(v *storage.Vault) {
	if name := c.fs.Name(); name == "household" || name == "daemon" {
		return
	}
	if err := hhvault.CheckCopied(context.Background(), v); errors.Is(err, hhvault.ErrCopied) {
		textf(c.env.Stderr, "carekeeper: warning: %v\n", err)
	} else if ma := hhvault.MovedAway(v); ma != nil { // its reminders are held (F150)
		textf(c.env.Stderr, "carekeeper: warning: %v\n", ma)
	}
}

func (c *call) printJSON(v any) error {
	enc := json.NewEncoder(c.env.Stdout)
	return enc.Encode(v)
}

// subcommand takes the first argument as the subcommand; usage is the error without one.
func (c *call) subcommand(usage string) (string, error) {
	if len(c.args) == 0 {
		return "", usagef("%s", usage)
	}
	sub := c.args[0]
	c.args = c.args[1:]
	switch sub {
	case "-h", "-help", "--help":
		return "", flag.ErrHelp // 'carekeeper household --help': the command's help
	}
	return sub, nil
}

func (c *call) noArgs() error {
	if len(c.args) > 0 {
		return usagef("unexpected argument %q", c.args[0])
	}
	return nil
}

// help prints the help ('carekeeper help [COMMAND]') for --help and -h, and exits 0.
func help(ctx context.Context, env *Env, args ...string) int {
	c := &call{env: env, args: args}
	c.fs = newFlagSet("help", c)
	if err := runHelp(ctx, c); err != nil {
		textf(env.Stderr, "carekeeper: %v\n", err)
		return 2
	}
	return 0
}

func runHelp(_ context.Context, c *call) error {
	if err := c.bind(nil); err != nil {
		return err
	}
	w := c.env.Stdout
	if len(c.args) > 0 {
		cmd := find(c.args[0])
		if cmd == nil {
			return usagef("unknown command %q", c.args[0])
		}
		fmt.Fprintf(w, "usage: carekeeper %s %s\n\n%s.\n", cmd.name, cmd.args, cmd.summary)
		if cmd.detail != "" {
			fmt.Fprintf(w, "\n%s\n", cmd.detail)
		}
		fmt.Fprint(w, commonHelp)
		return nil
	}
	fmt.Fprint(w, "CareKeeper keeps your health records encrypted on this computer.\n\n"+
		"usage: carekeeper               open the desktop app\n"+
		"       carekeeper COMMAND ...   work headless\n\ncommands:\n")
	names := make([]string, 0, len(commands))
	for _, cmd := range commands {
		names = append(names, cmd.name)
	}
	sort.Strings(names)
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, find(n).summary)
	}
	fmt.Fprint(w, commonHelp)
	return nil
}

const commonHelp = `
common flags:
  --data DIR              vault directory (else $CAREKEEPER_DATA, else the per-user data directory)
  --passphrase-file FILE  read the passphrase from FILE (else $CAREKEEPER_PASSPHRASE, else the terminal)
  --json                  machine-readable output on stdout
exit status: 0 success, 1 failure (one line on stderr), 2 usage error
`
