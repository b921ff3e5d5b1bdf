package intake

import "encoding/json"

// jsonString is s as a JSON string.
func jsonString(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

// resourceType is the resourceType of a resource's JSON ("" when it has none).
func resourceType(r []byte) string {
	var t struct {
		ResourceType string `json:"resourceType"`
	}
	_ = json.Unmarshal(r, &t)
	return t.ResourceType
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
