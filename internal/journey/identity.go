package journey

import (
	"context"
	"fmt"
	"slices"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/storage"
)

// PersonIdentity is who a person of the vault is, for comparing with a file's Patient.
func PersonIdentity(p *storage.Profile) health.Identity {
	return health.Identity{Name: p.Name, BirthDate: p.BirthDate, Identifiers: p.Identifiers}
}

// PersonIdentityOf is PersonIdentity with the names the person's Patient records give (Names:
// a kana reading, the names of a person joined into them): a file of "Kenichi SATO" is for 佐藤
// 健一, whose clinic gives his reading サトウ ケンイチ (F561). A record that cannot be read says
// nothing.
func PersonIdentityOf(v *storage.Vault, p *storage.Profile) health.Identity {
	id := PersonIdentity(p)
	_ = v.Records(context.Background(), storage.Query{Profile: p.ID, Type: "Patient"}, func(r *storage.Record) error {
		if pi, ok := health.PatientIdentity(r.Resource); ok {
			for _, n := range append([]string{pi.Name}, pi.Names...) {
				if n != "" && !slices.Contains(id.Names, n) {
					id.Names = append(id.Names, n)
				}
			}
		}
		return nil
	})
	return id
}

// CheckImport compares the Patient of a file (its bytes, compressed or not, as Import takes
// them) with the person it is about to be imported into. The import should ask first (the
// app: as a new person / into this person anyway / cancel; the CLI: refuse without --force)
// when the result Differs. A file without a Patient, or one that cannot be parsed (the import
// itself reports that), gives no mismatch.
func CheckImport(v *storage.Vault, profile string, data []byte) (health.Mismatch, error) {
	p, err := checkProfile(v, profile)
	if err != nil {
		return health.Mismatch{}, err
	}
	return CompareFile(PersonIdentityOf(v, p), data), nil
}

// CompareFile compares the Patients of a file with a person's identity: the first Patient
// that differs (with the others that differ in Others), else no mismatch.
func CompareFile(person health.Identity, data []byte) health.Mismatch {
	data, err := fhirjson.Decompress(data)
	if err != nil {
		return health.Mismatch{}
	}
	file, err := fhirjson.ParseFile(data)
	if err != nil {
		return health.Mismatch{}
	}
	var first health.Mismatch
	same := false // a Patient of the file is the person
	for _, e := range file.Entries {
		if e.Info.Type != "Patient" {
			continue
		}
		id, ok := health.PatientIdentity(e.Resource)
		if !ok {
			continue
		}
		if m := health.CompareIdentity(id, person); m.Differs() {
			if first.Differs() {
				first.Others = append(first.Others, id)
			} else {
				first = m
			}
		} else {
			same = true
		}
	}
	first.Also = same && first.Differs()
	return first
}

// ErrOtherPerson is the error of an import refused because the file is for someone else.
type ErrOtherPerson struct {
	File     string
	Mismatch health.Mismatch
}

// Error says what differs without naming anyone or giving a birth date (an error line: F28,
// the coordinator's decision), that nothing was imported, and how to import it all the same:
// "FILE: not imported: the person in this file has a different name and birth date from the
// person chosen; add --force to import it into the person chosen anyway". The app's dialog (a
// screen) names them (health.Mismatch.Sentence).
func (e *ErrOtherPerson) Error() string {
	return fmt.Sprintf("%s: not imported: %s; add --force to import it into the person chosen anyway", e.File, e.Mismatch.Differences())
}
