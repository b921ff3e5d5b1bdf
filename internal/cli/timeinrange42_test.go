package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F521 (rest): Ren's sensor (CGM) series said only its latest reading and "8641 readings": not
// the time in range a diabetes clinic reads first, over the 14 days to the latest reading.
// 'results' says it beside the series and --json gives it, from journey.SensorTimeInRange (the
// app says the same words under the chart); readings before those 14 days are not counted.
func TestResultsSayASensorsTimeInRangeOver14Days(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	last := time.Now().UTC().Add(-time.Hour).Truncate(5 * time.Minute)
	var b strings.Builder
	b.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p","name":[{"given":["Ren"],"family":"Tanaka"}],"birthDate":"2010-04-02"}}`)
	// 20 days every 5 minutes; the 14 days to the last (4,032 readings) repeat, every 100:
	// 4 low (3.5), 1 very low (2.8), 25 high (11), 70 in range (6); the 6 days before, all 15.
	for k := 20*288 - 1; k >= 0; k-- {
		v := 15.0
		if k < 14*288 {
			switch m := k % 100; {
			case m < 4:
				v = 3.5
			case m == 4:
				v = 2.8
			case m < 30:
				v = 11
			default:
				v = 6
			}
		}
		fmt.Fprintf(&b, `,{"resource":{"resourceType":"Observation","id":"g%d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"105272-9","display":"Glucose [Moles/volume] in Interstitial fluid"}]},"effectiveDateTime":%q,"valueQuantity":{"value":%v,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}}`,
			k, last.Add(-time.Duration(k)*5*time.Minute).Format(time.RFC3339), v)
	}
	b.WriteString("]}")
	f := filepath.Join(t.TempDir(), "dexcom.json")
	if err := os.WriteFile(f, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	want := "time in range (3.9–10 mmol/L) over the 14 days to " + health.DayWords(last.Format("2006-01-02")) +
		": 69% of the readings, below 3.9 mmol/L 5% (under 3.0 mmol/L 1%), above 10 mmol/L 25%"
	if out := r.run(t, "results").ok(t).stdout; !strings.Contains(out, "5,760 readings; "+want) {
		t.Errorf("results: want %q beside the sensor's readings:\n%s", want, out)
	}
	var js []struct {
		Series []struct{ TimeInRange string }
	}
	if err := json.Unmarshal([]byte(r.run(t, "results", "--json").ok(t).stdout), &js); err != nil || len(js) != 1 || len(js[0].Series) != 1 {
		t.Fatalf("results --json: %v %+v", err, js)
	}
	if got := js[0].Series[0].TimeInRange; got != "T"+strings.TrimPrefix(want, "t") {
		t.Errorf("results --json timeInRange %q, want %q", got, want)
	}
}
