package cli_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/cli"
)

// TestDaemonOpensSmallMemtable: the daemon's memtable is 4 MiB, as the app's (Badger's memtable
// log is twice the memtable: 8 MiB, not the 32 MiB of the desktop default's 16), so its arena
// cannot hold ~21 MB resident while it waits (it did in one start of five).
func TestDaemonOpensSmallMemtable(t *testing.T) {
	dir := newVault(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
		Getenv: func(k string) string { return in(dir).env[k] }}
	done := make(chan int, 1)
	go func() { done <- cli.Run(ctx, env, []string{"daemon"}) }()
	var size int64
	deadline := time.After(30 * time.Second)
	for size == 0 {
		mems, _ := filepath.Glob(filepath.Join(dir, "db", "*.mem"))
		for _, m := range mems {
			if fi, err := os.Stat(m); err == nil && fi.Size() > size {
				size = fi.Size()
			}
		}
		if size > 0 {
			break
		}
		select {
		case <-deadline:
			t.Fatal("the daemon opened no memtable")
		case code := <-done:
			t.Fatalf("the daemon ended (%d) before opening a memtable", code)
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	<-done
	if size != 8<<20 {
		t.Errorf("the daemon's memtable log is %d bytes, want %d (a 4 MiB memtable)", size, 8<<20)
	}
}
