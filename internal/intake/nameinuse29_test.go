package intake

import (
	"testing"

	cksync "carekeeper/sync"
)

// F192: a new person was named by the Patient's first name entry, even her old or maiden
// name: 'Adaeze Bello' for Dr Adaeze Chioma Okafor. The name in use names her: official (else
// usual) whose period has not ended, never an old, maiden or ended name when another is there.
func TestNewPersonNamedByTheNameInUse(t *testing.T) {
	cases := []struct{ name, names, want string }{
		{"old name first", `[{"use":"old","family":"Bello","given":["Adaeze"],"period":{"end":"2000"}},{"use":"official","family":"Okafor","given":["Adaeze"]}]`, "Adaeze Okafor"},
		{"maiden, usual, official", `[{"use":"maiden","family":"Bello","given":["Adaeze"]},{"use":"usual","family":"Okafor","given":["Ada"]},{"use":"official","family":"Okafor","given":["Adaeze","Chioma"],"prefix":["Dr"]}]`, "Adaeze Chioma Okafor"},
		{"married", `[{"family":"Okafor","given":["Adaeze"],"period":{"end":"2020-01-01"}},{"family":"Smith","given":["Adaeze"],"period":{"start":"2020-01-01"}}]`, "Adaeze Smith"},
		{"one name", `[{"use":"maiden","family":"Bello","given":["Adaeze"]}]`, "Adaeze Bello"},
		{"first is in use", `[{"use":"official","family":"Okafor","given":["Adaeze"]},{"use":"nickname","given":["Ada"]}]`, "Adaeze Okafor"},
		{"a period ending later", `[{"use":"old","family":"Bello","given":["Adaeze"]},{"use":"official","family":"Okafor","given":["Adaeze"],"period":{"end":"2030"}}]`, "Adaeze Okafor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := newVault(t)
			file := `{"resourceType":"Patient","id":"ada","birthDate":"1980-04-02","name":` + c.names + `}`
			s, err := importPath(t, v, write(t, "ada.json", []byte(file)), Options{Options: cksync.Options{Now: clock}})
			if err != nil {
				t.Fatal(err)
			}
			p, err := v.Profile(s.People[0])
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != c.want {
				t.Errorf("named %q, want %q", p.Name, c.want)
			}
		})
	}
}
