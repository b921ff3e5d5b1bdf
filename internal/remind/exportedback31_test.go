package remind

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync"
)

// A person's export imported back into the vault that wrote it holds each dose this vault
// recorded once: the file's copies of CareKeeper's own dose events are the records already
// here, said as unchanged, and the next export has each dose once. Before, the vault kept the
// file's copy beside its own ("2 added"), and the next export held each dose twice (F334).
func TestExportImportedBackKeepsEachDoseOnce(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	at := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	daily := `[{"timing":{"repeat":{"timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`

	a := openVault(t)
	pa := addPerson(t, a, "Grace")
	levo := addMed(t, a, pa, "m1", "Levothyroxine 50 mcg tablet", daily)
	m, err := Load(ctx, a, LoadOptions{Device: lon})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []DoseAction{
		{Occurrence: "2026-06-01T08:00", Scheduled: at(8, 0), When: at(8, 5)},
		{Occurrence: "2026-06-02T08:00", Scheduled: at(8, 0).AddDate(0, 0, 1), When: at(8, 1).AddDate(0, 0, 1), Skip: true},
	} {
		if _, err := RecordDose(ctx, a, m.Medicine(pa, levo), d); err != nil {
			t.Fatal(err)
		}
	}
	export := func() (file []byte, doses map[string]int) {
		t.Helper()
		var buf bytes.Buffer
		if _, err := sync.Export(ctx, a, pa, &buf); err != nil {
			t.Fatal(err)
		}
		var b struct {
			Entry []struct {
				Resource struct{ ResourceType, ID string }
			}
		}
		if err := json.Unmarshal(buf.Bytes(), &b); err != nil {
			t.Fatal(err)
		}
		doses = map[string]int{}
		for _, e := range b.Entry {
			if e.Resource.ResourceType == "MedicationAdministration" {
				doses[e.Resource.ID]++
			}
		}
		return buf.Bytes(), doses
	}
	file, before := export()
	if len(before) != 2 {
		t.Fatalf("the first export holds %v dose events, want 2", before)
	}
	sum, err := sync.Import(ctx, a, "grace.json", file, sync.Options{Profile: pa})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Added) != 0 {
		t.Errorf("imported back: %v added (%s), want none: every record of the file is here", sum.Added, sum.Describe())
	}
	stored := map[string]int{}
	if err := a.Records(ctx, storage.Query{Profile: pa, Type: "MedicationAdministration"}, func(r *storage.Record) error {
		stored[r.ID.ID]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for id, n := range stored {
		if n != 1 {
			t.Errorf("the vault holds dose %s %d times", id, n)
		}
	}
	if _, after := export(); len(after) != 2 || after[firstKey(before)] != 1 {
		t.Errorf("the next export holds %v, want each of %v once", after, before)
	}
}

func firstKey(m map[string]int) string {
	for k := range m {
		return k
	}
	return ""
}
