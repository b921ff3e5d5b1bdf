package remind

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F507: Rafael's amlodipine, its record giving no times (07:30 is CareKeeper's), was imported
// at 08:21: `today` at 08:25 offered "07:30 due" with Taken/Skip/Snooze, and at 08:31 the dose
// was gone, neither overdue nor missed — a carer who saw it due finds it vanished unanswered.
// A picked time still due when the medicine came in is a dose to answer (F46: "just passed, is
// still due"): due, then overdue until answered. One whose window had closed before was never
// asked for (F421): not listed. A time the record gives is listed due, then overdue, as before.
func TestPickedTimeDueAtTheImportStaysToAnswer(t *testing.T) {
	madrid := mustLoc(t, "Europe/Madrid")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 7, h, m, 0, 0, madrid) }
	picked := `{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}` // 07:30, CareKeeper's
	for _, tc := range []struct {
		name, timing string
		imported     time.Time
		want         map[string]string // now → the morning dose's state, "" none
	}{
		{"CareKeeper's 07:30, imported at 08:21", picked, at(8, 21),
			map[string]string{"08:25": "due", "08:31": "overdue", "09:10": "overdue"}},
		{"CareKeeper's 07:30, imported at 08:45 (its window closed)", picked, at(8, 45),
			map[string]string{"08:50": "", "09:10": ""}},
		{"the record's 08:00, imported at 08:21", `{"repeat":{"timeOfDay":["08:00:00"]}}`, at(8, 21),
			map[string]string{"08:25": "due", "08:31": "due", "09:10": "overdue"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			v := openVault(t)
			pid := addPerson(t, v, "Rafael")
			rec, err := storage.NewRecord(pid, storage.ID{Source: "rafael-alta-12oct.xml", Type: "MedicationRequest", ID: "aml"}, []byte(
				`{"resourceType":"MedicationRequest","id":"aml","status":"active","intent":"plan","authoredOn":"2026-12-03","medicationCodeableConcept":{"text":"Amlodipine 5 mg tablet"},`+
					`"dosageInstruction":[{"timing":`+tc.timing+`,"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}`))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Write(ctx, &storage.Batch{Now: tc.imported, Records: []storage.Record{rec}}); err != nil {
				t.Fatal(err)
			}
			var nows []string
			for k := range tc.want {
				nows = append(nows, k)
			}
			sort.Strings(nows)
			for _, hm := range nows {
				var h, mi int
				if _, err := fmt.Sscanf(hm, "%d:%d", &h, &mi); err != nil {
					t.Fatal(err)
				}
				now := at(h, mi)
				m, err := Load(ctx, v, LoadOptions{Device: madrid, Now: now})
				if err != nil {
					t.Fatal(err)
				}
				got := ""
				for _, ds := range m.DoseStates(pid, at(0, 0), at(23, 59), now) {
					if ds.Due.Before(at(12, 0)) && !ds.PickedBeforeImport() { // as Today lists them
						got = strings.TrimSpace(got + " " + string(ds.State))
					}
				}
				if got != tc.want[hm] {
					t.Errorf("at %s: %q, want %q", hm, got, tc.want[hm])
				}
			}
		})
	}
}
