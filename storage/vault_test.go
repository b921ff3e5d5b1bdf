package storage

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"carekeeper/internal/secret"
	"carekeeper/internal/testutil"

	badger "github.com/dgraph-io/badger/v4"
)

// Every key derivation costs 0.15-0.7 s, so the tests derive one vault key once (keyTemplate)
// and open fresh vaults with OpenWithKey. Tests of the passphrase itself pay for their own.

const testPass = "correct horse battery staple"

var tmpl struct {
	once    sync.Once
	keyFile []byte
	key     []byte
	code    string
	err     error
}

func keyTemplate(tb testing.TB) ([]byte, []byte) {
	tb.Helper()
	tmpl.once.Do(func() {
		dir, err := os.MkdirTemp("", "ck-keytmpl-")
		if err != nil {
			tmpl.err = err
			return
		}
		defer os.RemoveAll(dir)
		if tmpl.code, tmpl.err = Init(dir, []byte(testPass), Options{}); tmpl.err != nil {
			return
		}
		if tmpl.key, tmpl.err = UnwrapKey(dir, []byte(testPass)); tmpl.err != nil {
			return
		}
		tmpl.keyFile, tmpl.err = os.ReadFile(KeyFilePath(dir))
	})
	if tmpl.err != nil {
		tb.Fatalf("making the key template: %v", tmpl.err)
	}
	return tmpl.keyFile, tmpl.key
}

// newVaultDir makes a vault directory holding only the template key file (the database is
// created at the first open).
func newVaultDir(tb testing.TB) string {
	tb.Helper()
	kf, _ := keyTemplate(tb)
	dir := tb.TempDir()
	if err := os.WriteFile(KeyFilePath(dir), kf, 0o600); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func openTestVault(tb testing.TB, dir string, opt Options) *Vault {
	tb.Helper()
	_, key := keyTemplate(tb)
	v, err := OpenWithKey(dir, key, opt)
	if err != nil {
		tb.Fatalf("opening %s: %v", dir, err)
	}
	tb.Cleanup(func() { v.Close() })
	return v
}

// doneTestVault closes a test vault and removes its directory now, before the test ends: a
// test opening vaults in a loop (each reserves its logs' space, 64 MiB) keeps one at a time.
// (Outside storage, internal/testutil/testvault.Done.)
func doneTestVault(tb testing.TB, v *Vault) {
	tb.Helper()
	_ = v.Close()
	if err := os.RemoveAll(v.Dir()); err != nil {
		tb.Errorf("removing a test vault: %v", err)
	}
}

func newTestVault(tb testing.TB, opt Options) *Vault {
	tb.Helper()
	return openTestVault(tb, newVaultDir(tb), opt)
}

// dumpDB returns every key and value in the database.
func dumpDB(tb testing.TB, v *Vault) map[string]string {
	tb.Helper()
	out := map[string]string{}
	err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			val, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().Key())] = string(val)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func diffDumps(a, b map[string]string) string {
	var out []string
	for k, va := range a {
		if vb, ok := b[k]; !ok {
			out = append(out, fmt.Sprintf("missing %q", k))
		} else if va != vb {
			out = append(out, fmt.Sprintf("changed %q", k))
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, fmt.Sprintf("extra %q", k))
		}
	}
	if len(out) > 10 {
		out = append(out[:10], fmt.Sprintf("... %d more", len(out)-10))
	}
	return strings.Join(out, "\n")
}

// checkConsistency verifies the key layout's invariants: every record has exactly its index
// entries and every index entry points at a record that agrees with it; no journal is left.
func checkConsistency(tb testing.TB, v *Vault) {
	tb.Helper()
	all := dumpDB(tb, v)
	type recInfo struct {
		profile string
		meta    Meta
	}
	recs := map[ID]recInfo{}
	want := map[string]string{} // index key -> value
	for k, val := range all {
		if !strings.HasPrefix(k, string(prefixRecord)) {
			continue
		}
		p := splitKey([]byte(k), prefixRecord)
		if len(p) != 5 {
			tb.Errorf("record key with %d parts: %q", len(p), k)
			continue
		}
		id := ID{p[2], p[3], p[4]}
		m, _, err := decodeEnvelope([]byte(val))
		if err != nil {
			tb.Errorf("record %v: %v", id, err)
			continue
		}
		if m.Date != p[1] {
			tb.Errorf("record %v: key date %q, meta date %q", id, p[1], m.Date)
		}
		if _, dup := recs[id]; dup {
			tb.Errorf("record %v stored twice", id)
		}
		recs[id] = recInfo{p[0], m}
		ks, vs := indexKeys(p[0], id, &m)
		for i := range ks {
			want[string(ks[i])] = string(vs[i])
		}
	}
	for k, val := range all {
		switch {
		case strings.HasPrefix(k, string(prefixIdentity)), strings.HasPrefix(k, string(prefixType)),
			strings.HasPrefix(k, string(prefixCode)), strings.HasPrefix(k, string(prefixIdent)),
			strings.HasPrefix(k, string(prefixTimeline)):
			w, ok := want[k]
			if !ok {
				tb.Errorf("stale index entry %q", k)
			} else if w != val {
				tb.Errorf("index entry %q = %q, want %q", k, val, w)
			}
			delete(want, k)
		case strings.HasPrefix(k, string(prefixFullURL)):
			p := bytes.Split([]byte(val), []byte{sep})
			if len(p) != 3 {
				tb.Errorf("fullUrl entry %q: bad value", k)
				continue
			}
			r, ok := recs[ID{string(p[0]), string(p[1]), string(p[2])}]
			if !ok {
				tb.Errorf("fullUrl entry %q points at no record", k)
			} else if "u\x00"+r.meta.FullURL != k {
				tb.Errorf("fullUrl entry %q points at a record with fullUrl %q", k, r.meta.FullURL)
			}
		case strings.HasPrefix(k, string(prefixJournal)), strings.HasPrefix(k, string(prefixUndo)):
			tb.Errorf("journal entry left: %q", k)
		}
	}
	for k := range want {
		tb.Errorf("missing index entry %q", k)
	}
}

func resource(typ, id string, extra string) []byte {
	return []byte(`{"resourceType":"` + typ + `","id":"` + id + `"` + extra + `}`)
}

// randomResource is a resource of about n bytes that does not compress.
func randomResource(typ, id string, n int) []byte {
	b := make([]byte, n/2)
	rand.Read(b)
	return resource(typ, id, `,"text":{"div":"`+hex.EncodeToString(b)+`"}`)
}

func TestInitOpenCloseReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	code, err := Init(dir, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if code == "" {
		t.Fatal("no recovery code")
	}
	if !Exists(dir) {
		t.Fatal("Exists is false after Init")
	}
	for _, p := range []string{dir, filepath.Join(dir, dbDirName)} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, %v; want 0700", p, st.Mode().Perm(), err)
		}
	}
	if _, err := Init(dir, []byte(testPass), Options{}); !errors.Is(err, ErrExists) {
		t.Errorf("second Init: %v, want ErrExists", err)
	}
	big := randomResource("Binary", "big", 200<<10) // above the value threshold: goes to the value log
	for round := 0; round < 3; round++ {
		v, err := Open(dir, []byte(testPass), Options{})
		if err != nil {
			t.Fatalf("round %d: open: %v", round, err)
		}
		if round > 0 {
			if n := countRecords(t, v, Query{}); n != round+1 {
				t.Errorf("round %d: %d records after reopen, want %d", round, n, round+1)
			}
			r, err := v.Get(ID{"local", "Binary", "big"})
			if err != nil || !bytes.Equal(r.Resource, big) {
				t.Errorf("round %d: big record: %v", round, err)
			}
		}
		b := &Batch{Now: time.Now(), Records: []Record{{Profile: SharedProfile, ID: ID{"local", "Basic", fmt.Sprint(round)}, Resource: resource("Basic", fmt.Sprint(round), "")}}}
		if round == 0 {
			b.Records = append(b.Records, Record{Profile: SharedProfile, ID: ID{"local", "Binary", "big"}, Resource: big})
		}
		if _, err := v.Write(context.Background(), b); err != nil {
			t.Fatal(err)
		}
		checkConsistency(t, v)
		if err := v.Close(); err != nil {
			t.Fatalf("round %d: close: %v", round, err)
		}
		if err := v.Close(); err != nil { // idempotent
			t.Errorf("second close: %v", err)
		}
	}
	v, err := OpenWithRecoveryCode(dir, code, Options{})
	if err != nil {
		t.Fatalf("open with the recovery code: %v", err)
	}
	if n := countRecords(t, v, Query{}); n != 4 {
		t.Errorf("%d records, want 4", n)
	}
	v.Close()
}

func TestInitRefusesStrayDatabase(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, dbDirName), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, dbDirName, "000001.sst"), []byte("x"), 0o600)
	if _, err := Init(dir, []byte(testPass), Options{}); !errors.Is(err, ErrExists) {
		t.Fatalf("Init over a database without key file: %v, want ErrExists", err)
	}
	if Exists(dir) {
		t.Error("a key file was left behind")
	}
}

func TestNoVault(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, []byte(testPass), Options{}); !errors.Is(err, ErrNoVault) {
		t.Errorf("Open: %v", err)
	}
	if err := ChangePassphrase(dir, []byte("a"), []byte("b"), Options{}); !errors.Is(err, ErrNoVault) {
		t.Errorf("ChangePassphrase: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("opening a directory without vault created %d entries", len(entries))
	}
}

// A wrong passphrase or recovery code must change not one byte on disk, including the
// directory listing, also for a vault restored from a backup without its lock file.
func TestWrongSecretChangesNothing(t *testing.T) {
	base := filepath.Join(t.TempDir(), "vault")
	code, err := Init(base, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Open(base, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &Batch{Now: time.Now(), Records: []Record{{Profile: SharedProfile, ID: ID{"local", "Basic", "1"}, Resource: resource("Basic", "1", "")}}}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	wrongCode := "0000-0000-0000-0000-0000-0000-0000"
	if code == wrongCode {
		t.Fatal("unlucky")
	}
	cases := []struct {
		name string
		do   func(dir string) error
		want error
	}{
		{"Open", func(d string) error { _, err := Open(d, []byte("wrong"), Options{}); return err }, ErrWrongPassphrase},
		{"Open empty", func(d string) error { _, err := Open(d, nil, Options{}); return err }, ErrWrongPassphrase},
		{"OpenWithRecoveryCode", func(d string) error { _, err := OpenWithRecoveryCode(d, wrongCode, Options{}); return err }, ErrWrongRecoveryCode},
		{"UnwrapKey", func(d string) error { _, err := UnwrapKey(d, []byte("wrong")); return err }, ErrWrongPassphrase},
		{"ChangePassphrase", func(d string) error { return ChangePassphrase(d, []byte("wrong"), []byte("new pass"), Options{}) }, ErrWrongPassphrase},
		{"Recover", func(d string) error { return Recover(d, wrongCode, []byte("new pass"), Options{}) }, ErrWrongRecoveryCode},
	}
	for _, withLock := range []bool{true, false} {
		for _, c := range cases {
			name := c.name
			if !withLock {
				name += " without lock file"
			}
			t.Run(name, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "vault")
				copyTree(t, base, dir)
				if !withLock {
					os.Remove(filepath.Join(dir, lockFileName))
				}
				before := testutil.SnapshotDir(t, dir)
				err := c.do(dir)
				if !errors.Is(err, c.want) {
					t.Fatalf("err = %v, want %v", err, c.want)
				}
				if d := before.Diff(testutil.SnapshotDir(t, dir)); d != "" {
					t.Errorf("the vault directory changed: %s", d)
				}
			})
		}
	}
}

func copyTree(tb testing.TB, src, dst string) {
	tb.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, info.Mode().Perm())
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestChangePassphraseAndRecover(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	code, err := Init(dir, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	onlyKeyFile := func(what string, before testutil.Snapshot) {
		t.Helper()
		d := before.Diff(testutil.SnapshotDir(t, dir))
		if !strings.HasPrefix(d, "changed "+keyFileName+" ") || strings.Contains(d, ";") {
			t.Errorf("%s changed more than the key file: %s", what, d)
		}
	}
	db := testutil.SnapshotDir(t, filepath.Join(dir, dbDirName))
	before := testutil.SnapshotDir(t, dir)
	if err := ChangePassphrase(dir, []byte(testPass), []byte("second pass"), Options{}); err != nil {
		t.Fatal(err)
	}
	onlyKeyFile("passwd", before)
	if _, err := UnwrapKey(dir, []byte(testPass)); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase after passwd: %v", err)
	}
	before = testutil.SnapshotDir(t, dir)
	if err := Recover(dir, code, []byte("third pass"), Options{}); err != nil {
		t.Fatal(err)
	}
	onlyKeyFile("recover", before)
	if d := db.Diff(testutil.SnapshotDir(t, filepath.Join(dir, dbDirName))); d != "" {
		t.Errorf("passwd and recover touched the database: %s", d)
	}
	for _, old := range []string{testPass, "second pass"} {
		if _, err := Open(dir, []byte(old), Options{}); !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("old passphrase %q after recover: %v", old, err)
		}
	}
	v, err := Open(dir, []byte("third pass"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Changing the passphrase of an open vault (the app's settings screen).
	if err := v.ChangePassphrase([]byte("third pass"), []byte("fourth pass"), secret.Params{}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, err := UnwrapKey(dir, []byte("fourth pass")); err != nil {
		t.Errorf("new passphrase: %v", err)
	}
	// The recovery code keeps working after both.
	if v, err := OpenWithRecoveryCode(dir, code, Options{}); err != nil {
		t.Errorf("recovery code after passwd: %v", err)
	} else {
		v.Close() // left open, its memtable stayed in the heap of the tests after it
	}
}

func TestSecondOpenIsInUse(t *testing.T) {
	dir := newVaultDir(t)
	_, key := keyTemplate(t)
	v, err := OpenWithKey(dir, key, Options{})
	if err != nil {
		t.Fatal(err)
	}
	attempts := map[string]func() error{
		"Open":                 func() error { _, err := Open(dir, []byte(testPass), Options{}); return err },
		"Open wrong":           func() error { _, err := Open(dir, []byte("wrong"), Options{}); return err },
		"OpenWithKey":          func() error { _, err := OpenWithKey(dir, key, Options{}); return err },
		"OpenWithRecoveryCode": func() error { _, err := OpenWithRecoveryCode(dir, tmpl.code, Options{}); return err },
		"ChangePassphrase":     func() error { return ChangePassphrase(dir, []byte(testPass), []byte("x"), Options{}) },
		"Recover":              func() error { return Recover(dir, tmpl.code, []byte("x"), Options{}) },
	}
	for name, do := range attempts {
		err := do()
		if name == "Open wrong" && errors.Is(err, ErrWrongPassphrase) {
			continue // checking the passphrase first is fine too
		}
		if !errors.Is(err, ErrInUse) || err.Error() != "this vault is open in another CareKeeper" {
			t.Errorf("%s while open: %v, want exactly %q", name, err, ErrInUse)
		}
		if err != nil && (strings.Contains(err.Error(), "adger") || strings.Contains(err.Error(), "LOCK")) {
			t.Errorf("%s: Badger's message leaked: %v", name, err)
		}
	}
	if n := countRecords(t, v, Query{}); n != 0 {
		t.Errorf("%d records", n)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v2, err := OpenWithKey(dir, key, Options{})
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	v2.Close()
}

func TestNewerSchema(t *testing.T) {
	for _, c := range []struct {
		stored string
		want   error
		msg    string
	}{
		{fmt.Sprint(SchemaVersion + 1), ErrNewerSchema, ""},
		{"99", ErrNewerSchema, ""},
		{"abc", nil, "damaged"},
		{"0", nil, "damaged"},
	} {
		t.Run(c.stored, func(t *testing.T) {
			dir := newVaultDir(t)
			_, key := keyTemplate(t)
			v, err := OpenWithKey(dir, key, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := v.db.Update(func(txn *badger.Txn) error { return txn.Set(prefixSchema, []byte(c.stored)) }); err != nil {
				t.Fatal(err)
			}
			v.Close()
			for i := 0; i < 2; i++ { // the second attempt shows the lock was released
				_, err = OpenWithKey(dir, key, Options{})
				if c.want != nil && !errors.Is(err, c.want) {
					t.Fatalf("attempt %d: %v, want %v", i, err, c.want)
				}
				if c.want == nil && (err == nil || !strings.Contains(err.Error(), c.msg)) {
					t.Fatalf("attempt %d: %v, want an error containing %q", i, err, c.msg)
				}
			}
		})
	}
	t.Run("current", func(t *testing.T) {
		v := newTestVault(t, Options{})
		if got := dumpDB(t, v)[string(prefixSchema)]; got != fmt.Sprint(SchemaVersion) {
			t.Errorf("schema version %q, want %d", got, SchemaVersion)
		}
	})
}

// journalBatch builds a batch big enough to go through the journal: n records of about
// 1.5 KB that do not compress, half of them updates of base (other content, date, profile,
// codes and identifiers) and half new.
func journalBatch(base *Batch, n int, tag string) *Batch {
	b := &Batch{File: tag + ".json", Now: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), Profiles: []Profile{{ID: "p2", Name: "Second"}}}
	for i := 0; i < n; i++ {
		var r Record
		if i < len(base.Records) && i%2 == 0 {
			r = base.Records[i]
			r.Meta = Meta{FullURL: "urn:uuid:moved-" + r.ID.ID, Date: "2030-01-01T00:00:00Z", Codes: []string{"http://loinc.org|" + tag}, Identifiers: []string{"sys|" + tag + r.ID.ID}}
			r.Profile = "p2"
		} else {
			id := fmt.Sprintf("%s-%05d", tag, i)
			r = Record{Profile: "p1", ID: ID{"local", "Observation", id}, Meta: Meta{FullURL: "urn:uuid:" + id, Date: fmt.Sprintf("2020-01-%02dT00:00:00Z", i%28+1), Codes: []string{"http://loinc.org|4548-4"}, Identifiers: []string{"sys|" + id}}}
		}
		r.Resource = randomResource(r.ID.Type, r.ID.ID, 1500)
		b.Records = append(b.Records, r)
	}
	return b
}

func baseBatch(n int) *Batch {
	b := &Batch{File: "base.json", Now: time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC), Profiles: []Profile{{ID: "p1", Name: "First"}}}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("base-%05d", i)
		b.Records = append(b.Records, Record{Profile: "p1", ID: ID{"local", "Observation", id}, Resource: randomResource("Observation", id, 1500),
			Meta: Meta{FullURL: "urn:uuid:" + id, Date: "2019-06-01T00:00:00Z", Codes: []string{"http://loinc.org|718-7"}, Identifiers: []string{"sys|" + id}}})
	}
	return b
}

var errCrash = errors.New("simulated crash")

// The journal makes a write all-or-nothing across a crash: a crash after any chunk (the hook
// fails or panics, and no rollback runs; the database is then closed as a dying process would
// leave it) must leave, after the next open, exactly the state before the write.
func TestJournalCrashRecovery(t *testing.T) {
	// Chunks, and the most one plain transaction writes, of 1/8 of their size: a write of 1/8
	// of the records (300 of 1.5 KB, not 2,400) is journaled in as many chunks, and the test
	// does 1/8 of the work — under -race on a loaded machine
	// it took 95 s of the race phase's 15 minutes (F434).
	defer func(b, s int) { testHookAfterChunk, chunkBytes, singleTxnBytes = nil, b, s }(chunkBytes, singleTxnBytes)
	chunkBytes, singleTxnBytes = chunkBytes/8, singleTxnBytes/8
	const nBase, nUpd = 150, 300 // the update: 75 records moved and changed, 225 new
	// Count the chunks of the update once.
	chunks := 0
	{
		v := newTestVault(t, Options{})
		base := baseBatch(nBase)
		if _, err := v.Write(context.Background(), base); err != nil {
			t.Fatal(err)
		}
		testHookAfterChunk = func(int) error { chunks++; return nil }
		res, err := v.Write(context.Background(), journalBatch(base, nUpd, "upd"))
		testHookAfterChunk = nil
		if err != nil {
			t.Fatal(err)
		}
		if res.Added["Observation"] != nUpd-nBase/2 || res.Updated["Observation"] != nBase/2 {
			t.Fatalf("result %+v", res)
		}
		checkConsistency(t, v)
	}
	if chunks < 3 {
		t.Fatalf("the update took %d journal chunks; the test needs a journaled write of several chunks", chunks)
	}
	t.Logf("the update is %d chunks", chunks)
	for _, k := range []int{0, 1, chunks / 2, chunks - 1} {
		for _, mode := range []string{"error", "panic"} {
			if mode == "panic" && k != chunks/2 {
				continue
			}
			t.Run(fmt.Sprintf("after chunk %d (%s)", k, mode), func(t *testing.T) {
				dir := newVaultDir(t)
				_, key := keyTemplate(t)
				v, err := OpenWithKey(dir, key, Options{})
				if err != nil {
					t.Fatal(err)
				}
				base := baseBatch(nBase)
				if _, err := v.Write(context.Background(), base); err != nil {
					t.Fatal(err)
				}
				before := dumpDB(t, v)
				upd := journalBatch(base, nUpd, "upd")
				testHookAfterChunk = func(c int) error {
					if c == k {
						if mode == "panic" {
							panic(errCrash)
						}
						return errCrash
					}
					return nil
				}
				func() {
					defer func() {
						if r := recover(); r != nil && r != errCrash {
							panic(r)
						}
					}()
					_, err = v.Write(context.Background(), upd)
				}()
				testHookAfterChunk = nil
				if mode == "error" && !errors.Is(err, errCrash) {
					t.Fatalf("write: %v, want the simulated crash", err)
				}
				mid := dumpDB(t, v)
				markers := 0
				for key := range mid {
					if strings.HasPrefix(key, string(prefixJournal)) {
						markers++
					}
				}
				if markers != 1 {
					t.Fatalf("%d journal markers after the crash, want 1", markers)
				}
				if diffDumps(before, mid) == "" {
					t.Fatal("the crash left no partial write: the test does not exercise recovery")
				}
				if k == chunks-1 && mode == "error" {
					// A second crash part way through the recovery: one undo entry was
					// replayed (as rollback does it: restore and delete in one transaction).
					replayNewestUndo(t, v)
				}
				// The process dies: close the database as it is, no rollback.
				if err := v.db.Close(); err != nil {
					t.Fatal(err)
				}
				v.lock.release()

				v, err = OpenWithKey(dir, key, Options{})
				if err != nil {
					t.Fatalf("reopen: %v", err)
				}
				defer v.Close()
				if d := diffDumps(before, dumpDB(t, v)); d != "" {
					t.Fatalf("after recovery the vault differs from before the write:\n%s", d)
				}
				checkConsistency(t, v)
				// The vault is usable: the same write now succeeds entirely.
				res, err := v.Write(context.Background(), journalBatch(base, nUpd, "upd"))
				if err != nil {
					t.Fatal(err)
				}
				if res.Added["Observation"] != nUpd-nBase/2 || res.Updated["Observation"] != nBase/2 {
					t.Errorf("result %+v", res)
				}
				checkConsistency(t, v)
			})
		}
	}
}

// replayNewestUndo replays and deletes the newest undo entry of the one journal, as one step
// of rollback would.
func replayNewestUndo(t *testing.T, v *Vault) {
	t.Helper()
	var uk, val []byte
	v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixUndo, Reverse: true})
		defer it.Close()
		it.Seek(append(append([]byte{}, prefixUndo...), 0xff))
		if it.Valid() {
			uk = it.Item().KeyCopy(nil)
			val, _ = it.Item().ValueCopy(nil)
		}
		return nil
	})
	undos, err := decodeUndo(val)
	if uk == nil || err != nil {
		t.Fatalf("no undo entry to replay (%v)", err)
	}
	err = v.db.Update(func(txn *badger.Txn) error {
		for i := len(undos) - 1; i >= 0; i-- {
			if undos[i].present {
				txn.Set(undos[i].key, undos[i].old)
			} else {
				txn.Delete(undos[i].key)
			}
		}
		return txn.Delete(uk)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Undo entries of a write that committed (marker gone) are swept at open, changing nothing.
func TestJournalLeftoversSwept(t *testing.T) {
	dir := newVaultDir(t)
	_, key := keyTemplate(t)
	v, err := OpenWithKey(dir, key, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), baseBatch(10)); err != nil {
		t.Fatal(err)
	}
	before := dumpDB(t, v)
	bogus := appendUndo(nil, []byte("r\x00p1\x00gone"), nil, false)
	if err := v.db.Update(func(txn *badger.Txn) error {
		return txn.Set(undoKey("0123456789abcdef", 0), bogus)
	}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v, err = OpenWithKey(dir, key, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if d := diffDumps(before, dumpDB(t, v)); d != "" {
		t.Errorf("after sweeping:\n%s", d)
	}
}

// The vault's files never hold a record's content in plaintext (while open and after
// closing); the plaintext option (benchmarks only) shows the scan works.
func TestNoPlaintextOnDisk(t *testing.T) {
	name := "Zebulon Quattlebaum"
	ident := "MRN-7731-XQ-99"
	for _, plain := range []bool{false, true} {
		t.Run(fmt.Sprintf("plaintext=%v", plain), func(t *testing.T) {
			dir := newVaultDir(t)
			v := openTestVault(t, dir, Options{Plaintext: plain})
			var recs []Record
			for i := 0; i < 50; i++ {
				id := fmt.Sprintf("patient-record-%04d", i)
				recs = append(recs, Record{Profile: "p1", ID: ID{"local", "Observation", id},
					Resource: resource("Observation", id, `,"note":[{"text":"`+name+`"}]`),
					Meta:     Meta{Identifiers: []string{"sys|" + ident}, FullURL: "urn:uuid:" + id}})
			}
			big := resource("Binary", "large-binary-1", `,"data":"`+strings.Repeat(name+" ", 10000)+`"`)
			recs = append(recs, Record{Profile: "p1", ID: ID{"local", "Binary", "large-binary-1"}, Resource: big})
			if _, err := v.Write(context.Background(), &Batch{Now: time.Now(), Records: recs, Profiles: []Profile{{ID: "p1", Name: name, BirthDate: "1977-04-05"}}}); err != nil {
				t.Fatal(err)
			}
			needles := []string{name, ident, "patient-record-0001", "large-binary-1", `"birthDate":"1977-04-05"`}
			open := testutil.ScanDir(t, dir, needles)
			v.Close()
			closed := testutil.ScanDir(t, dir, needles)
			if plain {
				if len(open)+len(closed) == 0 {
					t.Error("the plaintext vault shows none of its data: the scan is broken")
				}
				return
			}
			if len(open) > 0 {
				t.Errorf("plaintext while open: %v", open)
			}
			if len(closed) > 0 {
				t.Errorf("plaintext after close: %v", closed)
			}
		})
	}
}

// A crash between Badger creating a log file and sizing it leaves an empty file; the vault
// must still open, with everything it held (seen with kill -9 during an import).
func TestOpenAfterEmptyLogFiles(t *testing.T) {
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{})
	write(t, v, sample())
	want := dumpRecords(t, v, Query{})
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"00042.mem", "000042.vlog"} {
		if err := os.WriteFile(filepath.Join(dir, "db", name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	v = openTestVault(t, dir, Options{})
	if got := dumpRecords(t, v, Query{}); !reflect.DeepEqual(got, want) {
		t.Errorf("after reopening:\n got %v\nwant %v", got, want)
	}
}

// A batch of more than partRecords records is looked up, encoded and written a part at a
// time under one journal (F13: a 100,000-resource file held all its encoded records and index
// keys until the end of its write): the same result as one part, no part holding more than its
// records' operations, all or nothing on an error in a later part, and a crash after a chunk
// of a later part rolled back at the next open.
func TestWriteInParts(t *testing.T) {
	defer func(n int) { partRecords, testHookPart, testHookAfterChunk = n, nil, nil }(partRecords)
	partRecords = 500
	ctx := context.Background()

	v := newTestVault(t, Options{})
	base := baseBatch(1200)
	var parts []int
	testHookPart = func(ops int) { parts = append(parts, ops) }
	if res := write(t, v, base); res.Added["Observation"] != 1200 {
		t.Fatalf("result %+v", res)
	}
	if len(parts) != 3 { // 500, 500, 200 records
		t.Fatalf("%d parts written, want 3", len(parts))
	}
	for _, n := range parts {
		if n > 500*8 {
			t.Errorf("a part of 500 records wrote %d operations at once", n)
		}
	}
	parts = nil
	upd := journalBatch(base, 2400, "upd")
	res := write(t, v, upd)
	if res.Added["Observation"] != 1800 || res.Updated["Observation"] != 600 {
		t.Fatalf("update in parts: %+v, want 1800 added, 600 updated", res)
	}
	if len(parts) != 5 {
		t.Errorf("%d parts, want 5", len(parts))
	}
	checkConsistency(t, v)
	if res := write(t, v, upd); res.Unchanged != 2400 || res.Changed() {
		t.Errorf("the same batch again: %+v, want all unchanged", res)
	}

	// An error in the last part: nothing of the earlier parts stays.
	before := dumpDB(t, v)
	bad := baseBatch(1200)
	for i := range bad.Records {
		bad.Records[i].ID.ID = fmt.Sprintf("new-%05d", i)
		bad.Records[i].Meta.FullURL = ""
		bad.Records[i].Meta.Identifiers = nil
	}
	bad.Records[1100].Meta.Identifiers = []string{"sys|" + strings.Repeat("x", maxKeyBytes)}
	if _, err := v.Write(ctx, bad); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("write: %v, want ErrTooLarge", err)
	}
	if d := diffDumps(before, dumpDB(t, v)); d != "" {
		t.Fatalf("a refused batch left part of itself:\n%s", d)
	}

	// A crash after a chunk of the third part: rolled back at the next open.
	dir := newVaultDir(t)
	_, key := keyTemplate(t)
	w, err := OpenWithKey(dir, key, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, w, baseBatch(300))
	before = dumpDB(t, w)
	nparts := 0
	testHookPart = func(int) { nparts++ }
	testHookAfterChunk = func(int) error {
		if nparts == 3 {
			return errCrash
		}
		return nil
	}
	if _, err := w.Write(ctx, journalBatch(base, 2400, "crash")); !errors.Is(err, errCrash) {
		t.Fatalf("write: %v, want the simulated crash", err)
	}
	testHookAfterChunk, testHookPart = nil, nil
	if diffDumps(before, dumpDB(t, w)) == "" {
		t.Fatal("the crash left no partial write: the test does not exercise recovery")
	}
	if err := w.db.Close(); err != nil {
		t.Fatal(err)
	}
	w.lock.release()
	w, err = OpenWithKey(dir, key, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer w.Close()
	if d := diffDumps(before, dumpDB(t, w)); d != "" {
		t.Fatalf("after recovery the vault is not as before the write:\n%s", d)
	}
}
