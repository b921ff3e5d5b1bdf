package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F573: on her grandson's Boston laptop, 'today' for everyone said Þórunn "Died 16 Aug 2024"
// ("deceased":"2024-08-16") though she died at 03:40 on 17 Aug in Reykjavík, her clock, and
// 'today --profile', 'profile list' and the timeline said 17 Aug: the list for everyone read
// her death on this computer's clock (23:40 on 16 Aug in New York). Every way of asking now
// says the day on her clock.
func TestDeathDayOnThePersonsClockInTodayForEveryone(t *testing.T) {
	r := in(newVault(t)).with("TZ", "America/New_York")
	f := filepath.Join(t.TempDir(), "family.json")
	if err := os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"th","name":[{"given":["Þórunn"],"family":"Ólafsdóttir"}],"birthDate":"1938-01-09","deceasedDateTime":"2024-08-17T03:40:00Z"}},
{"resource":{"resourceType":"Patient","id":"gu","name":[{"given":["Guðrún"],"family":"Jónsdóttir"}],"birthDate":"1971-03-02"}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	ids := profileIDs(t, r)
	r.run(t, "profile", "set", "--profile", ids["Þórunn"], "--zone", "Atlantic/Reykjavik").ok(t)
	for _, args := range [][]string{{"today"}, {"today", "--profile", ids["Þórunn"]}} {
		out := r.run(t, args...).ok(t).stdout
		if !strings.Contains(out, "Died 17 Aug 2024") || strings.Contains(out, "16 Aug") {
			t.Errorf("%q says:\n%s\nwant 'Died 17 Aug 2024', her day", args, out)
		}
		var days []struct {
			Profile  string `json:"profile"`
			Deceased any    `json:"deceased"`
		}
		if err := json.Unmarshal([]byte(r.run(t, append(args, "--json")...).ok(t).stdout), &days); err != nil {
			t.Fatal(err)
		}
		for _, d := range days {
			if d.Profile == ids["Þórunn"] && d.Deceased != "2024-08-17" {
				t.Errorf("%q --json: deceased %v, want 2024-08-17", args, d.Deceased)
			}
		}
	}
}
