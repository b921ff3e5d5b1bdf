package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"carekeeper/internal/binpages"
	"carekeeper/internal/clinic"
	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/internal/intake"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/internal/secret"
	"carekeeper/internal/shc"
	"carekeeper/internal/textline"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/hhvault"
)

func runInit(_ context.Context, c *call) error {
	if err := c.bindNoArgs(nil); err != nil {
		return err
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if storage.Exists(dir) {
		return storage.ErrExists
	}
	pass, err := c.passphrase(true)
	if err != nil {
		return err
	}
	if err := c.checkNewPassphrase(pass); err != nil {
		return err
	}
	code, err := storage.Init(dir, pass, storage.Options{})
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]string{"recoveryCode": code})
	}
	textf(c.env.Stdout, "Created a vault in %s.\n\nRecovery code (shown only now; write it down and keep it safe):\n\n    %s\n\n"+
		"With it you can set a new passphrase if you forget yours ('carekeeper recover').\n", dir, code)
	c.sayIfWeak(pass)
	return nil
}

// existingVault parses a command without arguments and returns its vault directory, which
// must hold a vault.
func (c *call) existingVault() (string, error) {
	if err := c.bind(nil); err != nil {
		return "", err
	}
	if err := c.noArgs(); err != nil {
		return "", err
	}
	dir, err := c.dir()
	if err != nil {
		return "", err
	}
	if !storage.Exists(dir) {
		return "", storage.ErrNoVault
	}
	return dir, nil
}

func runPasswd(_ context.Context, c *call) error {
	dir, err := c.existingVault()
	if err != nil {
		return err
	}
	old, err := c.passphrase(false)
	if err != nil {
		return err
	}
	// Check the current passphrase before asking for a new one.
	if _, err := storage.UnwrapKey(dir, old); err != nil {
		return err
	}
	pass, err := c.newPassphrase()
	if err != nil {
		return err
	}
	if err := changingKey(dir, func() error { return storage.ChangePassphrase(dir, old, pass, storage.Options{}) }); err != nil {
		return err
	}
	if !c.json {
		textln(c.env.Stdout, "Passphrase changed.")
		c.sayIfWeak(pass)
	}
	return nil
}

func runRecover(_ context.Context, c *call) error {
	dir, err := c.existingVault()
	if err != nil {
		return err
	}
	code := c.env.Getenv("CAREKEEPER_RECOVERY_CODE")
	if code == "" {
		b, err := c.ask("Recovery code: ", false, "no recovery code: set CAREKEEPER_RECOVERY_CODE, or run in a terminal")
		if err != nil {
			return err
		}
		code = string(b)
	}
	if _, err := secret.UnlockWithRecovery(storage.KeyFilePath(dir), code); err != nil {
		return err
	}
	pass, err := c.newPassphrase()
	if err != nil {
		return err
	}
	if err := changingKey(dir, func() error { return storage.Recover(dir, code, pass, storage.Options{}) }); err != nil {
		return err
	}
	if !c.json {
		textln(c.env.Stdout, "New passphrase set.")
		c.sayIfWeak(pass)
	}
	return nil
}

// runRecoveryCode makes a new recovery code, for a person whose code is lost or was seen by
// someone else (the app: Settings, "Make a new recovery code…").
func runRecoveryCode(_ context.Context, c *call) error {
	dir, err := c.existingVault()
	if err != nil {
		return err
	}
	pass, err := c.passphrase(false)
	if err != nil {
		return err
	}
	var code string
	if err := changingKey(dir, func() (err error) { code, err = storage.NewRecoveryCode(dir, pass); return err }); err != nil {
		return err
	}
	if c.json {
		err = c.printJSON(map[string]string{"recoveryCode": code})
	} else {
		_, err = textf(c.env.Stdout, "New recovery code (shown only now; write it down and keep it safe; the old one no longer works):\n\n    %s\n", code)
	}
	if err != nil {
		return err
	}
	// Shown: the app's next unlock need not make another (storage.RecoveryUnsaved).
	return storage.RecoverySaved(dir)
}

type profileJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	BirthDate string `json:"birthDate"`
	// Deceased is the date of death (YYYY-MM-DD), true when the records give no date, and
	// absent for a living person (profile list only).
	Deceased any `json:"deceased,omitempty"`
	// NotSharedSince: the household no longer shares this person with this computer, since
	// then (RFC 3339; profile list only).
	NotSharedSince string `json:"notSharedSince,omitempty"`
	// FutureDeathDate: the records date this living person's death after today (YYYY-MM-DD),
	// not taken as a death (profile list only; the text says it in words).
	FutureDeathDate string `json:"futureDeathDate,omitempty"`
	// MayBeSameAs are the people who may be this one recorded twice (profile list only: the
	// text says each with the 'profile join' that joins them).
	MayBeSameAs []string `json:"mayBeSameAs,omitempty"`
}

func runProfile(ctx context.Context, c *call) error {
	sub, err := c.subcommand("say 'profile add', 'profile list', 'profile set', 'profile separate', 'profile join' or 'profile delete'")
	if err != nil {
		return err
	}
	var name, birth string
	var again bool
	switch sub {
	case "separate":
		return runProfileSeparate(ctx, c)
	case "join":
		return runProfileJoin(ctx, c)
	case "apart":
		return runProfileApart(ctx, c)
	case "delete":
		return runProfileDelete(ctx, c)
	case "set":
		return runProfileSet(ctx, c)
	case "add":
		if err := c.bind(func(fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", "the person's name")
			fs.StringVar(&birth, "birth-date", "", "YYYY-MM-DD")
			fs.BoolVar(&again, "yes", false, "add them even if a person of that name and birth date is already here")
		}); err != nil {
			return err
		}
		if name == "" {
			return usagef("--name is required")
		}
		// A blank name is as missing as an empty one; a name is at most as long as one taken
		// from a record (F308).
		clean, cut := cksync.PersonName(name)
		if strings.TrimSpace(clean) == "" {
			return usagef("--name is blank: give the person's name")
		}
		if cut {
			return usagef("--name is %d characters long: at most %d", utf8.RuneCountInString(textline.Clean(name)), cksync.MaxPersonName)
		}
		switch health.CheckBirthDate(birth, time.Now().In(c.device())) {
		case health.ErrNotADate:
			return usagef("--birth-date must be a real date YYYY-MM-DD")
		case health.ErrFutureBirth:
			return usagef("--birth-date is after today")
		}
	case "list":
		if err := c.bind(nil); err != nil {
			return err
		}
	default:
		return usagef("unknown profile command %q", sub)
	}
	if err := c.noArgs(); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	if sub == "add" {
		// The same name and birth date again is most likely a slip (F308): the line names
		// neither (an error line reaches scrollback and logs), only the id.
		if !again {
			if same, err := samePerson(v, name, birth); err != nil {
				return err
			} else if same != "" {
				return fmt.Errorf("a person of this name and birth date is already here (--profile %s): nothing was added; add --yes to add another", same)
			}
		}
		p, err := v.AddProfile(name, birth)
		if err != nil {
			return err
		}
		if c.json {
			return c.printJSON(profileJSON{ID: p.ID, Name: p.Name, BirthDate: p.BirthDate})
		}
		// in words, as every command that records something (F187: it printed the id alone);
		// the id stays on the line, as --profile needs it
		born := ""
		if p.BirthDate != "" {
			born = " (born " + health.DayWords(p.BirthDate) + ")"
		}
		textf(c.env.Stdout, "Added %s%s. Use --profile %s for their records.\n", p.Name, born, p.ID)
		return v.Close()
	}
	ps, err := v.Profiles()
	if err != nil {
		return err
	}
	deaths := make([]health.Death, len(ps))
	for i, p := range ps {
		// the day of a death on the person's clock, as their records' days (F140)
		if deaths[i], err = journey.PersonDeath(ctx, v, p.ID, time.Now().In(c.zoneFor(v, p.ID))); err != nil {
			return err
		}
	}
	pairs := mayBeOnePairs(v)
	if c.json {
		maybe := mayBeOneOf(pairs)
		out := make([]profileJSON, 0, len(ps))
		for i, p := range ps {
			j := profileJSON{ID: p.ID, Name: p.Name, BirthDate: p.BirthDate, Deceased: deaths[i].JSONValue(), FutureDeathDate: deaths[i].FutureDate(), MayBeSameAs: maybe[p.ID]}
			if since, ok := v.NotShared(p.ID); ok {
				j.NotSharedSince = since.Format(time.RFC3339)
			}
			out = append(out, j)
		}
		return c.printJSON(out)
	}
	if len(ps) == 0 {
		textln(c.env.Stdout, noPeopleLine)
		return nil
	}
	// Two of one name are told apart as everywhere else ("Mary Smith (1)", "Mary Smith (2)":
	// health.NamesApart, F122); the list cuts a long name, not what tells it apart.
	named := make([]health.NamedPerson, len(ps))
	for i, p := range ps {
		named[i] = health.NamedPerson{ID: p.ID, Name: health.Fit(p.Name, health.MaxNameCols), BirthDate: p.BirthDate}
	}
	label := health.NamesApart(named)
	tw := newTabs(c.env.Stdout)
	textf(tw, "ID\tNAME\tBORN\tDIED\n")
	for i, p := range ps {
		died := health.DayWords(deaths[i].Date)
		if deaths[i].Deceased && died == "" {
			died = "yes (date not recorded)"
		}
		textf(tw, "%s\t%s\t%s\t%s\n", p.ID, label(p.ID), health.BirthWordsAt(p.BirthDate, time.Now().In(c.zoneFor(v, p.ID))), died)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for i, p := range ps {
		if note := deaths[i].FutureNote(); note != "" {
			textln(c.env.Stdout, label(p.ID)+": "+note)
		}
		if since, ok := v.NotShared(p.ID); ok {
			textln(c.env.Stdout, remind.NotSharedWords(label(p.ID), since, c.zoneFor(v, p.ID)))
		}
	}
	for _, p := range pairs {
		textln(c.env.Stdout, mayBeOneLine(p, label))
	}
	return nil
}

func runImport(ctx context.Context, c *call) error {
	c.bulk = true
	var profile string
	var force, yes bool
	if err := c.bind(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "person to import into")
		fs.BoolVar(&force, "force", false, "import into --profile even when the file is for someone else")
		fs.BoolVar(&yes, "yes", false, "with --force: import it even when its person, born on another day, has died and the person chosen is living")
	}); err != nil {
		return err
	}
	if len(c.args) == 0 {
		return usagef("name at least one file")
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if !storage.Exists(dir) {
		return storage.ErrNoVault
	}
	// Each file is read and checked before the vault is opened: a bad file (a FIFO, a device,
	// too large, not FHIR) never takes the vault's lock and leaves it as it was.
	var v *storage.Vault
	defer func() {
		if v != nil {
			v.Close()
		}
	}()
	failed := 0
	opt := intake.Options{Options: cksync.Options{Profile: profile}, Issuers: clinicCardIssuers(), Device: c.device}
	saidFull := false // a file was refused for a full disk: the vault's close failing for it is not news
	report := func(err error) {
		failed++
		saidFull = saidFull || errors.Is(err, storage.ErrDiskFull)
		textf(c.env.Stderr, "carekeeper import: %s\n", oneLine(err))
	}
	importOne := func(f string, in *intake.Input) error {
		if v == nil {
			if !readAhead(f) {
				// What reading a large file freed goes back to the system before the
				// unlock's Argon2id takes its 64 MiB: else both were held at once (a
				// 100,000-resource Bundle's re-import peaked at 270 MB, 221 with this, F61).
				debug.FreeOSMemory()
			}
			var err error
			if v, err = c.openProfile(profile); err != nil {
				return err
			}
			// The pages of the binary that the unlock and the open mapped (the keyring,
			// Badger's open and replay) are given back before the import: what the import
			// maps of it again is its own. The 13 Synthea bundles unlocked: ~1.2 MB less of
			// the binary resident at the peak (docs/footprint.md, session 34).
			binpages.Release()
		}
		if profile != "" && !force {
			if err := checkImportIdentity(v, profile, f, in.PatientFile()); err != nil {
				report(err)
				return nil
			}
		}
		if profile != "" && force && !yes {
			// A file saying its person died, forced into a living person of another birth
			// date, would make them shown as having died: asked first (F145).
			if a, err := intake.AskDeath(v, profile, in.PatientFile(), opt); err != nil {
				report(err)
				return nil
			} else if a != nil {
				report(&intake.ErrStatesDeath{File: f})
				return nil
			}
		}
		if !readAhead(f) {
			storage.BulkPlanning() // its planning, before the write sets the bulk limit
		}
		s, err := in.Import(ctx, v, opt)
		if err != nil {
			report(err)
			return nil
		}
		if c.json {
			return c.printJSON(s)
		}
		ps, _ := v.Profiles()
		textf(c.env.Stdout, "%s: %s\n", f, s.DescribeForCLI(intake.Names(ps)))
		return nil
	}
	// Each file is read and parsed (no vault needed) while the one before it is written: one
	// file ahead, handed over in order, so a second core does the reading (the 100,000-resource
	// import's wall time) and at most one parsed file waits. A large file is neither read
	// ahead nor has the next one read while it is written (readAhead): two parsed files of a
	// few hundred MB at once would double the import's peak memory. Nor are the files of a
	// small import (overlapReading): two parsed files at once were its peak.
	type read struct {
		in  *intake.Input
		err error
	}
	ahead := make(chan read)
	written := make(chan struct{}, len(c.args)) // one token as each file is done with
	readCtx, stop := context.WithCancel(ctx)
	defer stop()
	overlap := overlapReading(c.args)
	go func() {
		done := 0 // tokens taken from written
		for i, f := range c.args {
			if i > 0 && !(overlap && readAhead(c.args[i-1]) && readAhead(f)) {
				for ; done < i; done++ {
					select {
					case <-written:
					case <-readCtx.Done():
						return
					}
				}
			}
			if !readAhead(f) {
				storage.BulkPlanning() // a large file's reading is part of its import
			}
			in, err := intake.Read(readCtx, f, opt)
			select {
			case ahead <- read{in, err}:
			case <-readCtx.Done():
				return
			}
		}
	}()
	var parts intake.Parts // QR images of one multi-part health card, one part each
	for _, f := range c.args {
		r := <-ahead
		in, err := r.in, r.err
		if err != nil {
			if !parts.Add(f, err) {
				report(err)
			}
			written <- struct{}{}
			continue
		}
		err = importOne(f, in)
		written <- struct{}{}
		if err != nil {
			return err
		}
	}
	if in, err := parts.Join(); err != nil {
		for range parts.Paths()[1:] {
			failed++ // one line for the card, every part a failed file
		}
		report(err)
	} else if in != nil {
		if err := importOne(in.Path, in); err != nil {
			return err
		}
	}
	if v != nil {
		err := v.Close()
		v = nil
		if err != nil && !(saidFull && errors.Is(err, storage.ErrDiskFull)) {
			return err
		}
	}
	if failed > 0 {
		return &silentError{fmt.Errorf("%d of %d files failed", failed, len(c.args))}
	}
	return nil
}

// readAheadBytes is the largest file read ahead of the one being written, or read while it is.
const readAheadBytes = 16 << 20

// overlapMinBytes is the size of the files of an import from which each file is read while the
// one before it is written.
const overlapMinBytes = 64 << 20

// overlapReading reports whether the files at paths are read and parsed while the one before
// each is written: only for an import of more than overlapMinBytes, or of a folder. A smaller
// import reads each file once the one before it is written: overlapped, two parsed files were
// in memory at once, its peak (the 13 Synthea bundles, 25 MB: 53.8 MB of peak RSS unlocked
// without the overlap, ~5 MB more with it, for a second or less of wall time either way;
// docs/footprint.md, session 34). A large import gains the second core for its reading (the
// 100,000-resource import's wall time).
func overlapReading(paths []string) bool {
	var total int64
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			continue // said when it is read
		}
		if st.IsDir() {
			return true
		}
		if total += st.Size(); total > overlapMinBytes {
			return true
		}
	}
	return false
}

// readAhead reports whether the file at path is small enough to be read and parsed while
// another file is written (a folder: its export.xml is read in batches as it is written).
func readAhead(path string) bool {
	st, err := os.Stat(path)
	return err != nil || st.IsDir() || st.Size() <= readAheadBytes
}

// runProfileDelete removes a person with all their records, app state and the portals bound
// to them. Without --yes it asks on a terminal and refuses otherwise.
func runProfileDelete(ctx context.Context, c *call) error {
	// Deleting a person reads each of their records for the undo journal: with a brief open's
	// small block cache, 100,000 records took 58 s of CPU instead of 30.
	c.bulk = true
	var profile string
	var yes bool
	if err := c.bind(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "the person to delete")
		fs.BoolVar(&yes, "yes", false, "delete without asking")
	}); err != nil {
		return err
	}
	if err := c.noArgs(); err != nil {
		return err
	}
	if profile == "" {
		return usagef("--profile is required")
	}
	if !yes && c.env.ReadPassword == nil {
		return usagef("deleting a person cannot be undone: add --yes (no terminal to ask on)")
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	p, err := v.Profile(profile)
	if err != nil {
		return err
	}
	counts, err := v.TypeCounts(ctx, profile)
	if err != nil {
		return err
	}
	n := 0
	for _, k := range counts {
		n += k
	}
	if !yes {
		shared, err := v.SharedOnlyOf(ctx, profile)
		if err != nil {
			return err
		}
		also := ""
		if shared > 0 {
			also = ", and " + health.Count(shared, "shared record", "") + " only they refer to (medicines, clinics, care team),"
		}
		textf(c.env.Stderr, "Delete %s and their %s%s for good? Export them first with 'carekeeper export --profile %s --out FILE'.\nType yes to delete: ",
			p.Name, health.Count(n, "record", ""), also, p.ID)
		line, _ := bufio.NewReader(c.env.Stdin).ReadString('\n')
		if strings.TrimSpace(strings.ToLower(line)) != "yes" {
			return errors.New("nothing deleted")
		}
	}
	extra, err := cksync.ForgetPersonOps(ctx, v, profile)
	if err != nil {
		return err
	}
	removed, err := v.DeleteProfile(ctx, profile, extra...)
	if err != nil {
		return fmt.Errorf("deleting the person: %w", err)
	}
	if c.json {
		return c.printJSON(map[string]any{"id": profile, "records": removed.Records, "shared": removed.Shared})
	}
	if removed.Shared > 0 {
		textf(c.env.Stdout, "Deleted %s: %s, and %s only they referred to (medicines, clinics, care team).\n", p.Name,
			health.Count(removed.Records, "record", ""), health.Count(removed.Shared, "shared record", ""))
	} else {
		textf(c.env.Stdout, "Deleted %s: %s.\n", p.Name, health.Count(removed.Records, "record", ""))
	}
	return v.Close()
}

// checkImportIdentity refuses a file whose Patients (patients, a FHIR Bundle from
// intake.Input.PatientFile) are not the person named by --profile (a different name or birth
// date): journey.ErrOtherPerson.
func checkImportIdentity(v *storage.Vault, profile, path string, patients []byte) error {
	if patients == nil {
		return nil
	}
	m, err := journey.CheckImport(v, profile, patients)
	if err != nil {
		return err
	}
	if m.Differs() {
		return &journey.ErrOtherPerson{File: path, Mismatch: m}
	}
	return nil
}

// clinicCardIssuers are the health card issuers the clinic configuration in use trusts.
func clinicCardIssuers() []shc.Issuer {
	if cfg := clinicConfig(); cfg != nil {
		return intake.ClinicIssuers(cfg.HealthCardIssuers)
	}
	return nil
}

// clinicConfig is the clinic configuration in use, nil when there is none (or none that is
// valid: 'clinic show' says why).
func clinicConfig() *clinic.Config {
	l, err := clinic.NewLoader()
	if err != nil {
		return nil
	}
	f, _ := l.Load()
	if f == nil {
		return nil
	}
	return f.Config
}

// silentError has already been reported line by line; Run prints nothing more.
type silentError struct{ error }

// recordsJSONGCPercent is the collector's setting while records --json lists (runRecords).
const recordsJSONGCPercent = 200

func runRecords(ctx context.Context, c *call) error {
	var profile, typ string
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "only this person")
		fs.StringVar(&typ, "type", "", "only this resource type")
	}); err != nil {
		return err
	}
	if err := checkRecordType(typ); err != nil {
		return err
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	q := storage.Query{Profile: profile, Type: typ}
	if c.json {
		if c.gcOld != 0 {
			// The listing holds little (~17 MB live at 100k) but makes ~140 MB of garbage, most
			// of it Badger's table blocks: at open's 50 % the collector ran ~20 times, a tenth of
			// the command's instructions. At 200 % its heap stays under the unlock's 64 MiB peak
			// (83 MB peak RSS either way at 100k; 93–97 MB at 400 %). Run restores it.
			debug.SetGCPercent(recordsJSONGCPercent)
		}
		// Buffered: three writes a record to an unbuffered stdout were a tenth of the time of
		// a 100,000-record listing.
		w := bufio.NewWriterSize(c.env.Stdout, 256<<10)
		n := 0
		w.WriteString("[")
		q.Reuse = true        // each resource is written out before the next is read
		q.ResourceOnly = true // the resource is all that is written: no metadata is decoded
		err := v.Records(ctx, q, func(r *storage.Record) error {
			if n > 0 {
				w.WriteByte(',')
			}
			n++
			w.WriteByte('\n')
			_, err := w.Write(r.Resource)
			return err
		})
		if err != nil {
			return err
		}
		w.WriteString("\n]\n")
		return w.Flush()
	}
	// Aligned like tabwriter, in a fraction of its memory. STATUS says "deleted at the source"
	// of a record its source deleted (kept and marked, as the app shows it; --json lists
	// them too); the column is there only when a listed record has it.
	// The records are read twice, the rows measured then written, none held: a table of a
	// watch's 300,000 readings held 30 MB of cells (records peaked at 107 MB).
	t := table{lastOptional: true}
	heading := []string{"TYPE", "ID", "DATE", "PROFILE", "SOURCE", "STATUS"}
	t.measure(heading...)
	q.MetaOnly = true // the table shows no resource: none is decompressed
	zones := map[string]*time.Location{}
	rows := func(fn func(cells ...string)) error {
		return v.Records(ctx, q, func(r *storage.Record) error {
			loc := zones[r.Profile]
			if loc == nil {
				loc = c.zoneFor(v, r.Profile)
				zones[r.Profile] = loc
			}
			date := health.IndexDate(r.Meta.Date, r.Meta.Precision, loc)
			source := r.ID.Source
			if cksync.IsLocal(source) {
				source = cksync.LocalSource // a file's, whoever's scope it is stored in
			}
			status := ""
			if !r.Meta.Deleted.IsZero() {
				status = "deleted at the source"
			}
			fn(safe(r.ID.Type), safe(r.ID.ID), safe(date), safe(r.Profile), safe(source), status)
			return nil
		})
	}
	if err := rows(t.measure); err != nil {
		return err
	}
	listed := t.rows - 1
	if listed == 0 {
		// One line, not the column headings alone (F155).
		what := "records"
		if typ != "" {
			what = typ + " records"
		}
		whose := "in the vault"
		if profile != "" {
			whose = "for them"
			if p, err := v.Profile(profile); err == nil {
				whose = "for " + safe(personWords(v)(profile, p.Name))
			}
		}
		textf(c.env.Stdout, "No %s %s yet.\n", what, whose)
		return nil
	}
	bw := bufio.NewWriterSize(c.env.Stdout, 64<<10)
	t.writeRow(bw, heading...)
	written := 0
	err = rows(func(cells ...string) {
		if written < listed {
			t.writeRow(bw, cells...)
		}
		written++
	})
	if err == nil && written != listed {
		err = errors.New("the records changed while they were listed")
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func runExport(ctx context.Context, c *call) error {
	var profile, out string
	if err := c.bind(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "only this person")
		fs.StringVar(&out, "out", "", "file to write")
	}); err != nil {
		return err
	}
	if out == "" {
		return usagef("--out FILE is required")
	}
	if err := c.noArgs(); err != nil {
		return err
	}
	if err := c.checkOutputs(out); err != nil {
		return err
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	if err := hhvault.NotInSharedFolder(v, out); err != nil {
		return err
	}
	// A medicine added by hand before F363's fix named only "the person": it went to no one
	// from a whole-vault export. It names its person's Patient first.
	if _, err := remind.NameThePerson(ctx, v, profile); err != nil {
		return err
	}
	n, err := cksync.ExportFile(ctx, v, profile, out)
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]any{"file": out, "entries": n})
	}
	// The records and the doses answered travel; what was set in CareKeeper beside them does
	// not (F334): say so, as the person may be moving to a new computer.
	textf(c.env.Stdout, "Wrote %s to %s (plaintext: keep it safe). Doses answered are in it; reminder times set here, time zones and settings are not: a backup keeps everything.\n", health.Count(n, "record", ""), out)
	return nil
}

// checkRecordType refuses a --type that is no FHIR R4 resource type, before the vault is
// opened: "observation" or "Observations" listed nothing with exit 0, as if the person had no
// such records (F110). The name as FHIR spells it is suggested when only the case differs.
func checkRecordType(typ string) error {
	if typ == "" || fhirjson.IsResourceType(typ) {
		return nil
	}
	for _, t := range fhirjson.ResourceTypes() {
		if strings.EqualFold(t, typ) {
			return usagef("--type %q is not a record type: did you mean %s?", typ, t)
		}
	}
	return usagef("--type %q is not a record type (FHIR R4 names, e.g. Observation, MedicationRequest, Condition)", typ)
}

// samePerson is the id of a person in v of name (spaces and case aside) and birth date
// (both none counts as the same), or "".
func samePerson(v *storage.Vault, name, birth string) (string, error) {
	ps, err := v.Profiles()
	if err != nil {
		return "", err
	}
	key := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(textline.Clean(s)), " ")) }
	for _, p := range ps {
		if p.BirthDate == birth && key(p.Name) == key(name) {
			return p.ID, nil
		}
	}
	return "", nil
}
