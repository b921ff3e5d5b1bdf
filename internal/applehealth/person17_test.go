package applehealth_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/applehealth"
)

// The ids name the person imported into: two people's identical samples and day totals are
// two records; an id made before that is kept when Known says the person has it.
func TestScanIDsNamePerson(t *testing.T) {
	const x = `<HealthData>
<Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" startDate="2025-11-22 07:00:00 -0800" endDate="2025-11-22 07:00:00 -0800" value="70"/>
<Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" startDate="2025-11-22 08:00:00 -0800" endDate="2025-11-22 08:10:00 -0800" value="3000"/>
</HealthData>`
	ids := func(opt applehealth.Options) []string {
		t.Helper()
		var out []string
		_, err := applehealth.Scan(context.Background(), strings.NewReader(x), opt, func(o []byte) error {
			var r struct{ ID string }
			if err := json.Unmarshal(o, &r); err != nil {
				return err
			}
			out = append(out, r.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != 2 {
			t.Fatalf("%d observations, want 2", len(out))
		}
		return out
	}
	old := ids(applehealth.Options{})
	a := ids(applehealth.Options{Person: "a"})
	b := ids(applehealth.Options{Person: "b"})
	known := ids(applehealth.Options{Person: "a", Known: func(id string) bool { return id == old[1] }})
	for i := range old {
		if a[i] == b[i] || a[i] == old[i] || b[i] == old[i] {
			t.Errorf("observation %d: ids %s (a), %s (b), %s (old) are not all different", i, a[i], b[i], old[i])
		}
		if !strings.HasPrefix(a[i], "ah-") {
			t.Errorf("id %s does not start ah-", a[i])
		}
	}
	if again := ids(applehealth.Options{Person: "a"}); again[0] != a[0] || again[1] != a[1] {
		t.Errorf("ids not stable: %v then %v", a, again)
	}
	if known[0] != a[0] || known[1] != old[1] {
		t.Errorf("with the old day total known: %v, want [%s %s]", known, a[0], old[1])
	}
}
