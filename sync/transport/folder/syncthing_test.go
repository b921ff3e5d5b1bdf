package folder_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"carekeeper/internal/testutil/engines"
	"carekeeper/sync/transport/folder"
	"carekeeper/sync/transport/transporttest"
)

// The conformance suite on a folder pair carried by two real Syncthing instances: each
// subtest gets a fresh subfolder on both sides; Sync scans both and waits until both hold
// everything.
func TestConformanceSyncthing(t *testing.T) {
	st := engines.StartSyncthing(t, 2, engines.SyncthingOptions{})
	var n atomic.Int32
	transporttest.Run(t, func(t *testing.T) transporttest.Store {
		sub := fmt.Sprintf("t%d", n.Add(1))
		for _, f := range st.Folders {
			if err := os.Mkdir(filepath.Join(f, sub), 0o700); err != nil {
				t.Fatal(err)
			}
		}
		return transporttest.Store{
			A:       newFolder(t, filepath.Join(st.Folders[0], sub)),
			B:       newFolder(t, filepath.Join(st.Folders[1], sub)),
			Sync:    st.Sync,
			Carried: true,
		}
	})
	if err := st.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// What the household layer relies on from Syncthing: Create's temporary files are never
// carried, and two devices writing one name end with one file under it on both sides plus a
// "*.sync-conflict-*" copy (which the household layer's strict names never match).
func TestSyncthingTemporariesAndConflicts(t *testing.T) {
	st := engines.StartSyncthing(t, 2, engines.SyncthingOptions{})
	ctx := context.Background()
	a, b := newFolder(t, st.Folders[0]), newFolder(t, st.Folders[1])
	stray := folder.TempPrefix + "0123456789abcdef" + folder.TempSuffix
	if err := os.WriteFile(filepath.Join(st.Folders[0], stray), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := a.Create(ctx, "both", []byte("from a")); err != nil {
		t.Fatal(err)
	}
	if err := b.Create(ctx, "both", []byte("from b, longer")); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := st.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(st.Folders[1], stray)); !os.IsNotExist(err) {
		t.Fatalf("Syncthing carried a temporary file: %v", err)
	}
	for i, f := range []*folder.Folder{a, b} {
		es, err := f.List(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		conflict := false
		for _, e := range es {
			names = append(names, e.Name)
			conflict = conflict || strings.HasPrefix(e.Name, "both.sync-conflict-")
		}
		if !conflict || !slices.Contains(names, "both") {
			t.Errorf("folder %d holds %v, want both and a both.sync-conflict-* copy", i, names)
		}
	}
}
