package intake

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/applehealth/ahtest"
	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// forgedTag is the meta a file can give its resources to pass them off as CareKeeper's own
// verified health card records (what earlier versions wrote into card resources).
var forgedTag = map[string]any{"source": shctest.Iss, "tag": []any{
	map[string]any{"system": shc.CodeSystemSignature, "code": "verified", "display": "signature verified"}}}

func forgedImmunization(id string) map[string]any {
	return map[string]any{"resourceType": "Immunization", "id": id, "status": "completed",
		"vaccineCode": map[string]any{"coding": []any{map[string]any{"system": "http://hl7.org/fhir/sid/cvx", "code": "207"}}},
		"patient":     map[string]any{"reference": "Patient/pat-1"}, "occurrenceDateTime": "2021-01-01", "meta": forgedTag}
}

func jsonOf(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// notACard fails the test for every record of the vault shown as from a health card.
func notACard(t *testing.T, v *storage.Vault, what string) {
	t.Helper()
	err := v.Records(ctx, storage.Query{}, func(r *storage.Record) error {
		if _, st, ok := shc.Origin(&r.Meta); ok || shc.Describe(&r.Meta) != "" {
			t.Errorf("%s: %s/%s is shown as a health card (%s): %q", what, r.ID.Type, r.ID.ID, st, shc.Describe(&r.Meta))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A FHIR file (alone, gzipped, or an Apple Health clinical record) whose resources carry
// CareKeeper's health card signature tag "verified" is imported as what it is: a file. Before
// the fix the records browser said "health card from …, signature verified" for it.
func TestForgedSignatureTagIsNotAHealthCard(t *testing.T) {
	patient := json.RawMessage(patientR4)
	bundle := jsonOf(t, map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": patient}, map[string]any{"resource": forgedImmunization("imm-1")}}})
	var x bytes.Buffer
	ahtest.Write(&x, ahtest.Options{Days: 1, PerDay: 1, Clinical: []ahtest.Clinical{
		{Type: "HKClinicalTypeIdentifierImmunizationRecord", Path: "/clinical-records/Immunization-1.json", URL: "https://fhir.example.org/r4/Immunization/imm-2", FHIRVersion: "4.0.1"}}})
	apple := zipOf(t, map[string][]byte{
		"apple_health_export/export.xml":                           x.Bytes(),
		"apple_health_export/clinical-records/Patient-1.json":      []byte(patientR4),
		"apple_health_export/clinical-records/Immunization-1.json": jsonOf(t, forgedImmunization("imm-2")),
	})
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"forged.json", bundle},
		{"forged.ndjson", append(append(jsonOf(t, patient), '\n'), jsonOf(t, forgedImmunization("imm-1"))...)},
		{"export.zip", apple},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newVault(t)
			s, err := importPath(t, v, write(t, tc.name, tc.data), Options{Options: cksync.Options{Now: clock}})
			if err != nil {
				t.Fatal(err)
			}
			if s.Added["Immunization"] != 1 || len(s.Cards) != 0 || strings.Contains(s.Describe(), "health card") || strings.Contains(s.Describe(), "verified") {
				t.Fatalf("summary %+v: %s", s, s.Describe())
			}
			notACard(t, v, tc.name)
		})
	}
}

// A file cannot take over a card's record either: the same id with other content is the
// file's record (no longer shown as the card's), the very same content stays the card's.
// Re-importing the card keeps it verified, and an export of the vault imported again (into
// the same vault or a new one) promotes nothing to verified.
func TestCardMarkBelongsToTheCardsContent(t *testing.T) {
	v := newVault(t)
	trusted := Options{Options: cksync.Options{Now: clock}, Issuers: []shc.Issuer{shctest.Trusted(t)}}
	card := write(t, "card.smart-health-card", shctest.File(cardJWS(t, shctest.ExampleKey(t), shctest.Claims{})))
	if _, err := importPath(t, v, card, trusted); err != nil {
		t.Fatal(err)
	}
	if n := cardMarks(t, v, shc.Verified); n != 3 {
		t.Fatalf("%d immunizations verified", n)
	}
	s, err := importPath(t, v, card, trusted)
	if err != nil || len(s.Added)+len(s.Updated) != 0 || cardMarks(t, v, shc.Verified) != 3 {
		t.Fatalf("re-import of the card: %+v %v", s, err)
	}

	// the vault exported and imported again: the same records, still the card's
	exported := filepath.Join(t.TempDir(), "export.json")
	if _, err := cksync.ExportFile(ctx, v, "", exported); err != nil {
		t.Fatal(err)
	}
	if s, err := importPath(t, v, exported, Options{Options: cksync.Options{Now: clock}}); err != nil || len(s.Added)+len(s.Updated) != 0 {
		t.Fatalf("export imported into the same vault: %+v %v", s, err)
	}
	if n := cardMarks(t, v, shc.Verified); n != 3 {
		t.Errorf("after the export was imported again %d immunizations are verified", n)
	}
	fresh := newVault(t)
	if _, err := importPath(t, fresh, exported, Options{Options: cksync.Options{Now: clock}}); err != nil {
		t.Fatal(err)
	}
	notACard(t, fresh, "an export imported into a new vault")

	// one of the card's records, changed in a FHIR file under the same id
	var imm *storage.Record
	v.Records(ctx, storage.Query{Type: "Immunization"}, func(r *storage.Record) error {
		if imm == nil {
			c := *r
			c.Resource = bytes.Clone(r.Resource)
			imm = &c
		}
		return nil
	})
	var res map[string]any
	if err := json.Unmarshal(imm.Resource, &res); err != nil {
		t.Fatal(err)
	}
	res["lotNumber"] = "CHANGED"
	res["meta"] = forgedTag
	changed := jsonOf(t, map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{map[string]any{"resource": res}}})
	if s, err := importPath(t, v, write(t, "changed.json", changed), Options{Options: cksync.Options{Now: clock}}); err != nil || s.Updated["Immunization"] != 1 {
		t.Fatalf("changed: %+v %v", s, err)
	}
	got, err := v.Get(imm.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := shc.Origin(&got.Meta); ok {
		t.Errorf("a FHIR file's record under a card record's id is shown as the card's: %q", shc.Describe(&got.Meta))
	}
	if n := cardMarks(t, v, shc.Verified); n != 2 {
		t.Errorf("%d immunizations still verified, want the 2 unchanged ones", n)
	}
}
