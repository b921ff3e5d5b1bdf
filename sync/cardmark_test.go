package sync_test

import (
	"testing"
	"time"

	"carekeeper/internal/shc"
	"carekeeper/storage"
)

// A portal's resource carrying CareKeeper's health card signature tag "verified" is synced as
// what it is, the portal's record: it is never shown as a verified health card.
func TestSyncedSignatureTagIsNotAHealthCard(t *testing.T) {
	v, _ := newVault(t)
	f := newFakePortal("https://a.example/fhir", "p1", t0)
	f.put("Observation", "forged", map[string]any{"status": "final", "subject": map[string]any{"reference": "Patient/p1"},
		"code":              map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": "94500-6"}}},
		"effectiveDateTime": "2021-01-01",
		"meta": map[string]any{"versionId": "1", "lastUpdated": t0.Format("2006-01-02T15:04:05.000Z"), "source": "https://spec.smarthealth.cards/examples/issuer",
			"tag": []any{map[string]any{"system": shc.CodeSystemSignature, "code": "verified", "display": "signature verified"}}}})
	f.advance(time.Hour)
	p := connect(t, v, f)
	syncOK(t, v, p.ID, fakeOptions(f, &clock{t0}))
	rec, err := v.Get(storage.ID{Source: f.base, Type: "Observation", ID: "forged"})
	if err != nil {
		t.Fatal(err)
	}
	if _, st, ok := shc.Origin(&rec.Meta); ok || shc.Describe(&rec.Meta) != "" {
		t.Errorf("a synced record is shown as a health card (%s): %q", st, shc.Describe(&rec.Meta))
	}
}
