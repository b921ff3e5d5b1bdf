package health

import (
	"bytes"
	"encoding/json"
	"strings"
)

// DeviceName is the name an Observation's record gives the device it was measured with:
// its device's display ("オムロン 上腕式血圧計 HCR-7502T", "Omron HEM-7361T home monitor"),
// spaces made one; "" when the record names none (a reference alone gives no name) or is no
// Observation. Kazuko's 28 home readings named their monitor, and neither Results nor the
// summary said it (F567 item 6).
func DeviceName(js []byte) string {
	if !bytes.Contains(js, []byte(`"device"`)) {
		return ""
	}
	var o struct {
		ResourceType string `json:"resourceType"`
		Device       struct {
			Display string `json:"display"`
		} `json:"device"`
	}
	if json.Unmarshal(js, &o) != nil || o.ResourceType != "Observation" {
		return ""
	}
	return strings.Join(strings.Fields(o.Device.Display), " ")
}
