package applehealth

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// Clinical is one clinical-records file made ready for import.
type Clinical struct {
	Resource []byte // FHIR R4 JSON
	Type     string // its resourceType
	DSTU2    bool   // converted from DSTU2
}

// ErrSkipped is a clinical record that is not imported; the error says why.
var ErrSkipped = errors.New("skipped")

type skipError struct{ reason string }

func (e *skipError) Error() string { return e.reason }
func (e *skipError) Unwrap() error { return ErrSkipped }

// ConvertClinical readies one clinical-records JSON file: R4 is kept as it is (the importer
// checks it), DSTU2 (fhirVersion "1.0.2", or recognised by its shape when export.xml does not
// say) is converted for the types CareKeeper shows — Observation, Condition, MedicationOrder
// (to MedicationRequest), Immunization, AllergyIntolerance, Patient — and other DSTU2 types are
// skipped (errors.Is(err, ErrSkipped)).
func ConvertClinical(data []byte, fhirVersion string) (*Clinical, error) {
	var res map[string]any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&res); err != nil {
		return nil, errors.New("a clinical record is not JSON")
	}
	typ, _ := res["resourceType"].(string)
	if typ == "" {
		return nil, errors.New("a clinical record has no resourceType")
	}
	dstu2 := fhirVersion == "1.0.2" || (fhirVersion == "" && looksDSTU2(typ, res))
	if !dstu2 {
		return &Clinical{Resource: data, Type: typ}, nil
	}
	conv, ok := dstu2To4[typ]
	if !ok {
		return nil, &skipError{"a DSTU2 " + typ + " is not converted"}
	}
	out := conv(res)
	newType, _ := out["resourceType"].(string)
	data, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return &Clinical{Resource: data, Type: newType, DSTU2: true}, nil
}

// looksDSTU2 guesses the version of a resource export.xml says nothing about.
func looksDSTU2(typ string, r map[string]any) bool {
	has := func(k string) bool { _, ok := r[k]; return ok }
	switch typ {
	case "MedicationOrder":
		return true
	case "Condition":
		return has("patient") || isString(r["clinicalStatus"])
	case "AllergyIntolerance":
		return has("substance") || isString(r["status"])
	case "Immunization":
		return has("wasNotGiven") || has("date") && !has("occurrenceDateTime")
	case "Observation":
		_, obj := r["category"].(map[string]any)
		return obj
	case "Patient":
		return familyIsList(r)
	}
	return false
}

func isString(v any) bool { _, ok := v.(string); return ok }

var dstu2To4 = map[string]func(map[string]any) map[string]any{
	"Observation":        observation2,
	"Condition":          condition2,
	"MedicationOrder":    medicationOrder2,
	"Immunization":       immunization2,
	"AllergyIntolerance": allergy2,
	"Patient":            patient2,
}

func rename(r map[string]any, from, to string) {
	if v, ok := r[from]; ok {
		delete(r, from)
		r[to] = v
	}
}

// list makes a single value a one-element list.
func list(r map[string]any, k string) {
	if v, ok := r[k]; ok {
		if _, isList := v.([]any); !isList {
			r[k] = []any{v}
		}
	}
}

func concept(system, code string) map[string]any {
	return map[string]any{"coding": []any{map[string]any{"system": system, "code": code}}}
}

func observation2(r map[string]any) map[string]any {
	list(r, "category")
	list(r, "interpretation")
	rename(r, "comments", "note")
	if s, ok := r["note"].(string); ok {
		r["note"] = []any{map[string]any{"text": s}}
	}
	delete(r, "performer") // R4 allows fewer target types; kept in the provider's copy
	return r
}

func condition2(r map[string]any) map[string]any {
	rename(r, "patient", "subject")
	rename(r, "dateRecorded", "recordedDate")
	list(r, "category")
	if s, ok := r["clinicalStatus"].(string); ok {
		if s == "relapse" {
			s = "recurrence"
		}
		r["clinicalStatus"] = concept("http://terminology.hl7.org/CodeSystem/condition-clinical", s)
	}
	if s, ok := r["verificationStatus"].(string); ok {
		if s == "unknown" {
			delete(r, "verificationStatus")
		} else {
			r["verificationStatus"] = concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", s)
		}
	}
	delete(r, "encounter")
	return r
}

func medicationOrder2(r map[string]any) map[string]any {
	r["resourceType"] = "MedicationRequest"
	rename(r, "patient", "subject")
	rename(r, "dateWritten", "authoredOn")
	rename(r, "prescriber", "requester")
	delete(r, "encounter")
	delete(r, "dateEnded")
	delete(r, "reasonEnded")
	r["intent"] = "order"
	if _, ok := r["status"]; !ok {
		r["status"] = "unknown"
	}
	if rc, ok := r["reasonCodeableConcept"]; ok {
		delete(r, "reasonCodeableConcept")
		r["reasonCode"] = []any{rc}
	}
	if rr, ok := r["reasonReference"]; ok {
		r["reasonReference"] = []any{rr}
	}
	if n, ok := r["note"].(string); ok {
		r["note"] = []any{map[string]any{"text": n}}
	}
	if dis, ok := r["dosageInstruction"].([]any); ok {
		for _, x := range dis {
			di, ok := x.(map[string]any)
			if !ok {
				continue
			}
			dr := map[string]any{}
			for _, k := range []string{"doseQuantity", "doseRange"} {
				if v, ok := di[k]; ok {
					dr[k] = v
					delete(di, k)
				}
			}
			for _, k := range []string{"rateRatio", "rateRange"} {
				if v, ok := di[k]; ok {
					dr[k] = v
					delete(di, k)
				}
			}
			if len(dr) > 0 {
				di["doseAndRate"] = []any{dr}
			}
			if timing, ok := di["timing"].(map[string]any); ok {
				if rep, ok := timing["repeat"].(map[string]any); ok {
					list(rep, "when") // one code in DSTU2, a list in R4
					rename(rep, "periodUnits", "periodUnit")
					rename(rep, "durationUnits", "durationUnit")
				}
			}
			delete(di, "siteReference")
			rename(di, "siteCodeableConcept", "site")
		}
	}
	if dr, ok := r["dispenseRequest"].(map[string]any); ok {
		delete(dr, "medicationCodeableConcept")
		delete(dr, "medicationReference")
	}
	return r
}

func immunization2(r map[string]any) map[string]any {
	rename(r, "date", "occurrenceDateTime")
	if notGiven, _ := r["wasNotGiven"].(bool); notGiven {
		r["status"] = "not-done"
	} else if s, _ := r["status"].(string); s != "entered-in-error" {
		r["status"] = "completed"
	}
	delete(r, "wasNotGiven")
	if reported, ok := r["reported"].(bool); ok {
		r["primarySource"] = !reported
	}
	delete(r, "reported")
	delete(r, "requester")
	delete(r, "encounter")
	delete(r, "explanation")
	delete(r, "reaction")
	delete(r, "vaccinationProtocol")
	rename(r, "performer", "performer0")
	if p, ok := r["performer0"].(map[string]any); ok {
		r["performer"] = []any{map[string]any{"actor": p}}
	}
	delete(r, "performer0")
	return r
}

func allergy2(r map[string]any) map[string]any {
	rename(r, "substance", "code")
	rename(r, "onset", "onsetDateTime")
	delete(r, "reporter")
	delete(r, "lastOccurence")
	if s, ok := r["status"].(string); ok {
		delete(r, "status")
		switch s {
		case "active", "inactive", "resolved":
			r["clinicalStatus"] = concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", s)
		case "unconfirmed", "confirmed", "refuted", "entered-in-error":
			r["verificationStatus"] = concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", s)
			if s == "confirmed" || s == "unconfirmed" {
				r["clinicalStatus"] = concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active")
			}
		}
	}
	if c, ok := r["criticality"].(string); ok {
		switch c {
		case "CRITL", "low":
			r["criticality"] = "low"
		case "CRITH", "high":
			r["criticality"] = "high"
		default:
			r["criticality"] = "unable-to-assess"
		}
	}
	if c, ok := r["category"].(string); ok {
		if c == "other" {
			delete(r, "category")
		} else {
			r["category"] = []any{c}
		}
	}
	if t, ok := r["type"].(string); ok && t != "allergy" && t != "intolerance" {
		delete(r, "type")
	}
	if n, ok := r["note"].(map[string]any); ok {
		r["note"] = []any{n}
	}
	if rs, ok := r["reaction"].([]any); ok {
		for _, x := range rs {
			if re, ok := x.(map[string]any); ok {
				delete(re, "certainty")
				if n, ok := re["note"].(map[string]any); ok {
					re["note"] = []any{n}
				}
				if sev, ok := re["severity"].(string); ok && sev != "mild" && sev != "moderate" && sev != "severe" {
					delete(re, "severity")
				}
			}
		}
	}
	return r
}

func patient2(r map[string]any) map[string]any {
	rename(r, "careProvider", "generalPractitioner")
	delete(r, "animal")
	if names, ok := r["name"].([]any); ok {
		for _, n := range names {
			family2(n)
		}
	}
	if contacts, ok := r["contact"].([]any); ok {
		for _, c := range contacts {
			if c, ok := c.(map[string]any); ok {
				family2(c["name"])
			}
		}
	}
	return r
}

// family2 turns a DSTU2 HumanName's family (a list of parts) into R4's one string.
func family2(name any) {
	n, ok := name.(map[string]any)
	if !ok {
		return
	}
	parts, ok := n["family"].([]any)
	if !ok {
		return
	}
	var words []string
	for _, p := range parts {
		if s, ok := p.(string); ok && s != "" {
			words = append(words, s)
		}
	}
	if len(words) == 0 {
		delete(n, "family")
		return
	}
	n["family"] = strings.Join(words, " ")
}

// familyIsList reports whether a Patient's first name has DSTU2's list of family parts.
func familyIsList(r map[string]any) bool {
	names, _ := r["name"].([]any)
	for _, n := range names {
		if n, ok := n.(map[string]any); ok {
			_, list := n["family"].([]any)
			return list
		}
	}
	return false
}
