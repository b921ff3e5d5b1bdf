package clinic

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzParseKeys: Parse never panics, and what it accepts has every key exactly once, spelled as
// documented, so encoding/json's case-insensitive, last-wins matching cannot apply something a
// reviewer did not read.
func FuzzParseKeys(f *testing.F) {
	f.Add([]byte(validJSON))
	f.Add([]byte(strings.Replace(validJSON, `"serial":42`, `"serial":42,"SERIAL":43`, 1)))
	f.Add([]byte(strings.Replace(validJSON, `"auto_lock_minutes":5`, `"auto_lock_minutes":5,"auto_lock_minutes":6`, 1)))
	f.Add([]byte(`{"portals":[{"name":"a","Name":"b"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		if problem := keyProblem(data); problem != "" {
			t.Fatalf("accepted with %s: %s", problem, data)
		}
		// Accepted: a second strict decode agrees.
		var again Config
		if err := json.Unmarshal(data, &again); err != nil || again.Serial != c.Serial || again.ClinicID != c.ClinicID {
			t.Fatalf("decodes differently: %v", err)
		}
	})
}

// keyProblem walks data with encoding/json's tokenizer: a key twice in one object, or a key
// that is not a field name of the object it is in ("" if none). It only knows the field
// names, not the nesting, which is enough to find case variants.
func keyProblem(data []byte) string {
	known := map[string]bool{}
	for _, name := range []string{"schema", "clinic_id", "clinic_name", "serial", "not_after", "portals", "support", "branding", "policies",
		"name", "fhir_base_url", "client_id", "scopes", "redirect_port", "phone", "email", "url", "hours",
		"primary_color", "logo_sha256", "min_passphrase_score", "auto_lock_minutes", "private_notifications", "sync_interval_hours"} {
		known[name] = true
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		obj, wantKey bool
		keys         map[string]bool
	}
	var st []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		var top *frame
		if len(st) > 0 {
			top = st[len(st)-1]
		}
		if top != nil && top.obj && top.wantKey {
			if k, ok := tok.(string); ok {
				if top.keys[k] {
					return "a duplicate key"
				}
				if !known[k] {
					return "an unknown key"
				}
				top.keys[k], top.wantKey = true, false
				continue
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if top != nil && top.obj {
				top.wantKey = true
			}
			st = append(st, &frame{obj: tok == json.Delim('{'), wantKey: true, keys: map[string]bool{}})
		case json.Delim('}'), json.Delim(']'):
			st = st[:len(st)-1]
		default:
			if top != nil && top.obj {
				top.wantKey = true
			}
		}
	}
}
