package health

import (
	"encoding/json"
	"strings"
)

// Contained is the resource a local reference ("#c1") names among the resource's own contained
// resources (res is the resource's JSON), or nil. FHIR R4 writes a Medication inside the
// MedicationRequest that orders it this way (Epic and Cerner exports often do); it is found in
// no Bundle and no vault, so Set.Resolve cannot find it.
func Contained(res []byte, ref string) json.RawMessage {
	id, ok := strings.CutPrefix(strings.TrimSpace(ref), "#")
	if !ok || id == "" {
		return nil
	}
	var r struct {
		Contained []json.RawMessage `json:"contained"`
	}
	if json.Unmarshal(res, &r) != nil {
		return nil
	}
	for _, c := range r.Contained {
		var x struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(c, &x) == nil && x.ID == id {
			return c
		}
	}
	return nil
}

// containedCode is the label of the code of the resource a "#id" reference names among res's
// contained resources ("" if none).
func containedCode(res []byte, ref string) string {
	var c struct {
		Code json.RawMessage `json:"code"`
	}
	if m := Contained(res, ref); m == nil || json.Unmarshal(m, &c) != nil || c.Code == nil {
		return ""
	}
	return conceptLabel(c.Code)
}
