package app

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// F521's rest: Ren's sensor chart said its band and rings but not his time in range, the figure
// his diabetes clinic reads first; 'results' said it. It is now the first words under the chart.
func TestResults_SensorChartSaysTimeInRange(t *testing.T) {
	var readings []string
	for i := range 2 * 288 { // two days at 5 minutes: three quarters in range, a quarter above
		v := 7.0
		if i%4 == 0 {
			v = 12
		}
		readings = append(readings, sensorReading(fmt.Sprintf("g%d", i), time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC).Add(time.Duration(i)*5*time.Minute), v))
	}
	p := sensorResults(t, "46635009", "Diabetes mellitus type 1", readings)
	if said := p.rangeL.Text; !strings.HasPrefix(said, "Time in range (3.9–10 mmol/L) over the 14 days to ") || !strings.Contains(said, ": 75% of the readings") || !strings.Contains(said, "above 10 mmol/L 25%") {
		t.Errorf("under the sensor chart: %q", said)
	}
}
