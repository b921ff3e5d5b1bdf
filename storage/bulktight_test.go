package storage

import "testing"

// While a lazy batch (one large file) is written, the bulk limit is 16 MiB above the live heap,
// without the 30 %; afterwards as before.
func TestBulkLimitTightForLazyBatches(t *testing.T) {
	bulkTight.Add(1)
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, bulkMemoryFloor},
		{70 << 20, 86 << 20},
		{20 << 20, bulkMemoryFloor},
		{1 << 30, bulkMemoryLimit},
	} {
		if got := bulkLimitOver(c.live, bulkMemoryFloor); got != c.want {
			t.Errorf("lazy write, live heap %d MiB: limit %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
	}
	bulkTight.Add(-1)
	if got, want := bulkLimitOver(70<<20, bulkMemoryFloor), int64(70<<20*13/10+16<<20); got != want {
		t.Errorf("after it: limit %d MiB, want %d MiB", got>>20, want>>20)
	}
}
