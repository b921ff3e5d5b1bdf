package sync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	cksync "carekeeper/sync"
)

// F295 (F252 for FHIR): an older file of Mum that says nothing of a death, imported after the
// one recording her death, brought her back to life without a word ('1 updated', reminders
// on). The death is kept and said; a file saying she is living (deceasedBoolean false) is
// written as any update.
func TestSilentPatientKeepsTheDeath(t *testing.T) {
	v, _ := newVault(t)
	ctx := context.Background()
	patient := func(extra string) string {
		return `{"resourceType":"Patient","id":"mum","name":[{"family":"Smith","given":["Margaret"]}],"birthDate":"1950-01-01"` + extra + `}`
	}
	bundle := func(entries ...string) []byte {
		return []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + strings.Join(entries, `},{"resource":`) + `}]}`)
	}
	died, err := cksync.Import(ctx, v, "mumdied.json", bundle(patient(`,"deceasedDateTime":"2026-12-06T01:00:00Z"`)), cksync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rx := `{"resourceType":"MedicationRequest","id":"rx1","status":"active","intent":"order","subject":{"reference":"Patient/mum"},"medicationCodeableConcept":{"text":"Metformin 500 mg"}}`
	sum, err := cksync.Import(ctx, v, "mum.json", bundle(patient(""), rx), cksync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.KeptDeath != 1 || sum.Updated["Patient"] != 0 || !strings.Contains(sum.Describe(), "the death recorded before is kept: this file does not mention it") {
		t.Errorf("silent file: kept %d, updated %v, %q", sum.KeptDeath, sum.Updated, sum.Describe())
	}
	deathOf := func() health.Death {
		t.Helper()
		p, err := v.Profile(died.Profile)
		if err != nil || len(p.Patients) != 1 {
			t.Fatalf("profile %+v, %v", p, err)
		}
		r, err := v.Get(p.Patients[0])
		if err != nil {
			t.Fatal(err)
		}
		return health.PatientDeath(r.Resource, time.Now())
	}
	if !deathOf().Deceased {
		t.Fatal("the silent file brought her back to life")
	}
	// A file that says she is living is an update like any other.
	sum, err = cksync.Import(ctx, v, "alive.json", bundle(patient(`,"deceasedBoolean":false`)), cksync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.KeptDeath != 0 || sum.Updated["Patient"] != 1 || deathOf().Deceased {
		t.Errorf("a file saying she is living: kept %d, updated %v, deceased %v", sum.KeptDeath, sum.Updated, deathOf().Deceased)
	}
}
