package health

import "encoding/json"

// decodeAny converts an already-decoded JSON value into v.
func decodeAny(in any, v any) bool {
	b, err := json.Marshal(in)
	return err == nil && json.Unmarshal(b, v) == nil
}
