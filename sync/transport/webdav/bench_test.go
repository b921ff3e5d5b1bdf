package webdav_test

import (
	"context"
	"fmt"
	"testing"

	"carekeeper/internal/testutil/engines"
)

// BenchmarkRoundTrip: one small (1 KiB) Create, a List of its directory and a Read of it,
// against real servers on loopback. docs/household.md ("Transports") has the numbers:
//
//	go test -run '^$' -bench RoundTrip -benchtime 200x ./sync/transport/webdav/
func BenchmarkRoundTrip(b *testing.B) {
	for _, srv := range []struct {
		name  string
		start func(testing.TB) *engines.WebDAV
	}{{"rclone", engines.StartRclone}, {"apache", engines.StartApache}} {
		b.Run(srv.name, func(b *testing.B) {
			s := srv.start(b)
			c := client(b, s, "")
			ctx := context.Background()
			if err := c.MkdirAll(ctx, "d/0123456789abcdef"); err != nil {
				b.Fatal(err)
			}
			data := make([]byte, 1024)
			if err := c.Create(ctx, "d/0123456789abcdef/warm", data); err != nil { // learns the LOCK kind
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				name := fmt.Sprintf("d/0123456789abcdef/%08d.seg", i)
				if err := c.Create(ctx, name, data); err != nil {
					b.Fatal(err)
				}
				if _, err := c.List(ctx, "d/0123456789abcdef"); err != nil {
					b.Fatal(err)
				}
				if _, err := c.Read(ctx, name, 4096); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/roundtrip")
		})
	}
}
