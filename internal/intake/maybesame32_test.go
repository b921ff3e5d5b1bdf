package intake

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"carekeeper/internal/shc/shctest"
	cksync "carekeeper/sync"
)

// F395: a health card for "Lily Moreno", born 14 Apr 2019, made a second child "Lily Moreno
// (new)" beside Lily Rose Moreno, born the same day, without a word: her vaccine was not on
// her record. The line now says the near match (same family name and birth date, the given
// names one the other's with some left out) and how to put them together; CareKeeper still
// does not join them by itself.
func TestCardOfANearlySameNameAndBirthDateSaysWhoItMayBe(t *testing.T) {
	card := func(t *testing.T, given []string, birth string) string {
		var b map[string]any
		if err := json.Unmarshal(shctest.Bundle(t, "covid-vaccines-bundle.json"), &b); err != nil {
			t.Fatal(err)
		}
		pat := b["entry"].([]any)[0].(map[string]any)["resource"].(map[string]any)
		pat["name"] = []any{map[string]any{"family": "Moreno", "given": given}}
		pat["birthDate"] = birth
		bundle, _ := json.Marshal(b)
		c := shctest.Claims{}
		c.Nbf = now.Add(-1e12)
		return write(t, "lily.smart-health-card", shctest.File(shctest.Sign(t, shctest.ExampleKey(t), bundle, c)))
	}
	opt := Options{Options: cksync.Options{Now: clock}}
	for _, c := range []struct {
		here  string // the given names of the person here, born 2019-04-14
		given []string
		birth string
		say   bool
	}{
		{`"Lily","Rose"`, []string{"Lily"}, "2019-04-14", true},
		{`"Lily"`, []string{"Lily", "Rose"}, "2019-04-14", true},
		{`"Lily","Rose"`, []string{"Lily"}, "2019-04-15", false},  // born another day
		{`"Rose"`, []string{"Lily", "Rose"}, "2019-04-14", false}, // another first name
	} {
		v := newVault(t)
		pat := fmt.Sprintf(`{"resourceType":"Patient","id":"lily","name":[{"family":"Moreno","given":[%s]}],"birthDate":"2019-04-14"}`, c.here)
		if _, err := importPath(t, v, write(t, "lily.json", []byte(pat)), opt); err != nil {
			t.Fatal(err)
		}
		ps, _ := v.Profiles()
		here := ps[0]
		file := card(t, c.given, c.birth)
		s, err := importPath(t, v, file, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.NewPeople) != 1 {
			t.Fatalf("%s into %s: %d new people", c.given, here.Name, len(s.NewPeople))
		}
		newName := "Lily Moreno"
		if len(c.given) == 2 {
			newName = "Lily Rose Moreno"
		}
		want := newName + " (new, born 14 Apr 2019) may be " + here.Name + ", born the same day: kept apart, as CareKeeper does not join two people by itself; " +
			"if they are one person: carekeeper profile join --keep " + here.ID + " --from " + s.NewPeople[0] + " --yes"
		line := s.DescribeForCLI(nil)
		if got := strings.Contains(line, want); got != c.say {
			t.Errorf("%s (born %s) beside %s: the line says %q; want the near match said: %v", c.given, c.birth, here.Name, line, c.say)
		}
		// The app's line says it without the commands: it offers Join them… (F395).
		app := s.Describe()
		wantApp := newName + " (new, born 14 Apr 2019) may be " + here.Name + ", born the same day: kept apart, as CareKeeper does not join two people by itself (if they are one person: Join them… below)"
		if got := strings.Contains(app, wantApp); got != c.say || strings.Contains(app, "carekeeper ") {
			t.Errorf("%s (born %s) beside %s: the app's line says %q; want the near match said: %v, with no command", c.given, c.birth, here.Name, app, c.say)
		}
		js, _ := json.Marshal(s)
		if got := strings.Contains(string(js), `"maybe_same":[{"new":"`+s.NewPeople[0]+`"`); got != c.say {
			t.Errorf("%s beside %s: --json %s", c.given, here.Name, js)
		}
	}
}
