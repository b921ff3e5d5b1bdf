package folder_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"carekeeper/internal/testutil/engines"
	"carekeeper/sync/transport"
)

// BenchmarkSyncthingDelivery: the time from Create of a small (1 KiB) file in one
// Syncthing instance's folder to the complete file being readable in the other's, on
// loopback; "scan" triggers a scan through the REST API right after the Create (watcher
// off), "watcher" waits for the file system watcher alone (delay 1 s; Syncthing's default
// is 10 s). docs/household.md ("Transports") has the numbers:
//
//	go test -run '^$' -bench SyncthingDelivery -benchtime 20x ./sync/transport/folder/
func BenchmarkSyncthingDelivery(b *testing.B) {
	for _, tc := range []struct {
		name string
		opt  engines.SyncthingOptions
		scan bool
	}{
		{"scan", engines.SyncthingOptions{RescanS: 3600, NoWatcher: true}, true},
		{"watcher", engines.SyncthingOptions{RescanS: 3600, WatchDelayS: 1}, false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			st := engines.StartSyncthing(b, 2, tc.opt)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			a, to := newFolder(b, st.Folders[0]), newFolder(b, st.Folders[1])
			data := make([]byte, 1024)
			var worst time.Duration
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				name := fmt.Sprintf("%08d.seg", i)
				if err := a.Create(ctx, name, data); err != nil {
					b.Fatal(err)
				}
				if tc.scan {
					if err := st.Scan(ctx, 0); err != nil {
						b.Fatal(err)
					}
				}
				for {
					_, err := to.Read(ctx, name, 4096)
					if err == nil {
						break
					}
					if !errors.Is(err, transport.ErrNotExist) {
						b.Fatal(err)
					}
					if ctx.Err() != nil {
						b.Fatalf("%s never arrived in %s", name, filepath.Base(st.Folders[1]))
					}
					time.Sleep(2 * time.Millisecond)
				}
				worst = max(worst, time.Since(start))
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/delivery")
			b.ReportMetric(float64(worst.Milliseconds()), "ms-worst")
		})
	}
}
