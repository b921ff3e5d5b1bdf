package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/shc/shctest"
	"carekeeper/internal/testutil"
)

// The CLI's import line said what to do with the app's menus — "(to see them on New York time:
// People → Time zone and reminders…)", "Settings → Card issuers you trust" — which a headless
// machine does not have (F335). It gives the command instead, with the person's id and zone.
func TestImportLineGivesTheCLIsCommands(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Asia/Kolkata")
	out := r.run(t, "import", testutil.Fixture(t, "synthea/synthea_Donnette259_Sporer811_*.json")).ok(t).stdout
	var people []struct{ ID string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatalf("people: %v %v", people, err)
	}
	want := "(to see them on New York time: 'carekeeper profile set --profile " + people[0].ID + " --zone America/New_York')"
	if !strings.Contains(out, want) || strings.Contains(out, "People →") {
		t.Errorf("import line %q, want %q", out, want)
	}

	card := filepath.Join(t.TempDir(), "card.smart-health-card")
	jws := shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: time.Now().Add(-time.Hour)})
	os.WriteFile(card, shctest.File(jws), 0o600)
	out = r.run(t, "import", card).ok(t).stdout
	if !strings.Contains(out, "'carekeeper cards fetch --iss "+shctest.Iss+"'") || strings.Contains(out, "Settings →") {
		t.Errorf("card line %q names the app's Settings or no command", out)
	}
}
