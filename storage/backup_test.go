package storage

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"carekeeper/internal/secret"
)

func backupOf(t *testing.T, v *Vault) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := v.Backup(context.Background(), &buf, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	write(t, v, sample())
	if err := v.UpdateState(ctx, StateOp{Key: "remind/settings", Value: []byte("private")}); err != nil {
		t.Fatal(err)
	}
	// Enough data for many chunks.
	big := &Batch{Now: t0}
	for i := 0; i < 300; i++ {
		id := ID{"local", "Observation", "obs-" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26))}
		big.Records = append(big.Records, Record{Profile: "alice", ID: id, Resource: resource("Observation", id.ID, `,"note":[{"text":"`+strings.Repeat("n", 900)+`"}]`)})
	}
	write(t, v, big)
	data := backupOf(t, v)
	if bytes.Contains(data, []byte("General")) || bytes.Contains(data, []byte("hb-2020")) || bytes.Contains(data, []byte("private")) {
		t.Fatal("the backup holds plaintext")
	}
	want := dumpRecords(t, v, Query{})

	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(ctx, dir, bytes.NewReader(data), []byte(testPass), "", Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := Open(dir, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := dumpRecords(t, r, Query{}); !reflect.DeepEqual(got, want) {
		t.Errorf("restored records differ: %d vs %d", len(got), len(want))
	}
	if got, _ := r.GetState("remind/settings"); string(got) != "private" {
		t.Errorf("state: %q", got)
	}
	checkConsistency(t, r)

	// A second restore into the same place is refused.
	if err := Restore(ctx, dir, bytes.NewReader(data), []byte(testPass), "", Options{}); !errors.Is(err, ErrExists) {
		t.Errorf("restore over a vault: %v", err)
	}
}

func TestRestoreRefusesDamage(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	write(t, v, sample())
	data := backupOf(t, v)
	flip := func(i int) []byte {
		d := append([]byte(nil), data...)
		d[i] ^= 1
		return d
	}
	cases := []struct {
		name string
		data []byte
		pass string
		want error
	}{
		{"wrong passphrase", data, "wrong", secret.ErrWrongPassphrase},
		{"truncated", data[:len(data)-10], testPass, ErrBadBackup},
		{"last chunk dropped", data[:len(data)/2], testPass, ErrBadBackup},
		{"flipped byte at the end", flip(len(data) - 5), testPass, ErrBadBackup},
		{"flipped stream id", flip(len(backupMagic) + 2 + 252 + 3), testPass, ErrBadBackup},
		{"trailing data", append(append([]byte(nil), data...), 0), testPass, ErrBadBackup},
		{"not a backup", []byte("hello world, not a backup"), testPass, ErrBadBackup},
		{"empty", nil, testPass, ErrBadBackup},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "vault")
			err := Restore(ctx, dir, bytes.NewReader(c.data), []byte(c.pass), "", Options{})
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Errorf("a failed restore left %d entries behind", len(entries))
			}
		})
	}
}

func TestRestoreWithRecoveryCode(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	write(t, v, sample())
	data := backupOf(t, v)
	_, _ = keyTemplate(t)
	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(ctx, dir, bytes.NewReader(data), nil, tmpl.code, Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := OpenWithRecoveryCode(dir, tmpl.code, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := countRecords(t, r, Query{}); n != len(sample().Records) {
		t.Errorf("restored %d records", n)
	}
}
