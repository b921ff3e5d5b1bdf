package hhvault

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// What F216's check (samePeople: is a record another device sends held here for another
// person?) costs an exchange that brings 1,000 records:
//
//	go test -run '^$' -bench 'SamePeople|ApplyIncoming' -benchtime 20x ./sync/hhvault
//
// "new": records this vault does not hold (a first exchange); "held": records it holds for the
// same person (a later exchange that updates them).
func incomingOps(b *testing.B, n int) []household.Op {
	ctx := context.Background()
	src := openVault(b)
	if err := src.StartChanges(ctx, "dev-a"); err != nil {
		b.Fatal(err)
	}
	p, err := src.AddProfile("Dad", "1950-02-03")
	if err != nil {
		b.Fatal(err)
	}
	recs := make([]storage.Record, n)
	for i := range recs {
		id := fmt.Sprintf("o%d", i)
		recs[i], err = storage.NewRecord(p.ID, storage.ID{Source: "clinic", Type: "Observation", ID: id},
			[]byte(`{"resourceType":"Observation","id":"`+id+`","status":"final","code":{"text":"Heart rate"},"effectiveDateTime":"2026-01-02T08:00:00Z","valueQuantity":{"value":`+fmt.Sprint(60+i%40)+`,"unit":"/min"}}`))
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := src.Write(ctx, &storage.Batch{Now: time.Now(), Records: recs}); err != nil {
		b.Fatal(err)
	}
	ops, _, err := Replica{V: src}.Changes(ctx, 0, 2*n)
	if err != nil {
		b.Fatal(err)
	}
	return ops
}

func BenchmarkSamePeople(b *testing.B) {
	ctx := context.Background()
	ops := incomingOps(b, 1000)
	for _, held := range []bool{false, true} {
		name := "new"
		if held {
			name = "held"
		}
		b.Run(name, func(b *testing.B) {
			dst := openVault(b)
			if err := dst.StartChanges(ctx, "dev-b"); err != nil {
				b.Fatal(err)
			}
			if held {
				if _, err := (Replica{V: dst}).Apply(ctx, ops); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			cpu0 := cpuTime()
			for range b.N {
				if _, err := (Replica{V: dst}).samePeople(ops); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time, steadier than the wall clock on a machine others load.
			b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkApplyIncoming is the whole apply of 1,000 new records, of which samePeople is a part.
func BenchmarkApplyIncoming(b *testing.B) {
	ctx := context.Background()
	ops := incomingOps(b, 1000)
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		dst := openVault(b)
		if err := dst.StartChanges(ctx, "dev-b"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu0 := cpuTime()
		if _, err := (Replica{V: dst}).Apply(ctx, ops); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - cpu0
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// cpuTime is the CPU time this process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
