package ccda

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// KeepNewer leaves out of a converted bundle each resource whose stored version (stored gives
// the stored resource of a type and id, nil when there is none) was made from another document
// dated later than the one this resource comes from: importing an older document after a newer
// one must not bring back the older statuses. The resources left out are counted by type. A
// resource whose documents' dates cannot be compared is kept (the import wins, as before).
func KeepNewer(bundle []byte, stored func(typ, id string) []byte) ([]byte, map[string]int, error) {
	var b struct {
		Entry []json.RawMessage `json:"entry"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		return nil, nil, fmt.Errorf("reading a converted document: %w", err)
	}
	type head struct {
		derived
		Date    string `json:"date"`
		Content []struct {
			Attachment struct {
				Creation string `json:"creation"`
			} `json:"attachment"`
		} `json:"content"`
	}
	derivedFrom := func(h *head) string { return strings.TrimPrefix(h.from(), "DocumentReference/") }
	// when is a DocumentReference's date: its instant, else the day its attachment was made
	// (a document dated without a zone offset).
	when := func(h *head) string {
		if h.Date == "" && len(h.Content) > 0 {
			return h.Content[0].Attachment.Creation
		}
		return h.Date
	}
	heads := make([]head, len(b.Entry))
	docDates := map[string]string{}
	for i, raw := range b.Entry {
		var e struct {
			Resource json.RawMessage `json:"resource"`
		}
		if err := json.Unmarshal(raw, &e); err != nil || json.Unmarshal(e.Resource, &heads[i]) != nil {
			return nil, nil, fmt.Errorf("reading a converted document: %v", err)
		}
		if heads[i].ResourceType == "DocumentReference" {
			docDates[heads[i].ID] = when(&heads[i])
		}
	}
	docDate := func(id string) string {
		if d, ok := docDates[id]; ok {
			return d
		}
		var h head
		if r := stored("DocumentReference", id); r != nil && json.Unmarshal(r, &h) == nil {
			docDates[id] = when(&h)
			return docDates[id]
		}
		docDates[id] = ""
		return ""
	}
	kept := map[string]int{}
	out := b.Entry[:0:0]
	for i, raw := range b.Entry {
		h := &heads[i]
		from := derivedFrom(h)
		if h.ResourceType != "DocumentReference" && from != "" {
			if r := stored(h.ResourceType, h.ID); r != nil {
				var old head
				if json.Unmarshal(r, &old) == nil {
					if oldFrom := derivedFrom(&old); oldFrom != "" && oldFrom != from && laterThan(docDate(oldFrom), docDate(from)) {
						kept[h.ResourceType]++
						continue
					}
				}
			}
		}
		out = append(out, raw)
	}
	if len(kept) == 0 {
		return bundle, nil, nil
	}
	// As Convert writes it: "<", ">" and "&" kept as they are, so a resource left in is
	// stored byte for byte as a plain import of the same document stores it.
	var nb bytes.Buffer
	enc := json.NewEncoder(&nb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": out}); err != nil {
		return nil, nil, fmt.Errorf("writing the bundle: %w", err)
	}
	return nb.Bytes(), kept, nil
}

// derived is a converted resource's type, id and the derivation extension naming the
// document it was made from.
type derived struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Extension    []struct {
		URL       string `json:"url"`
		Extension []struct {
			URL            string `json:"url"`
			ValueReference struct {
				Reference string `json:"reference"`
			} `json:"valueReference"`
		} `json:"extension"`
	} `json:"extension"`
}

// from is the reference of the document the resource was made from
// ("DocumentReference/…"), "" if it names none.
func (d *derived) from() string {
	for _, e := range d.Extension {
		if e.URL != derivationURL {
			continue
		}
		for _, x := range e.Extension {
			if x.URL == "reference" {
				return x.ValueReference.Reference
			}
		}
	}
	return ""
}

// laterThan reports whether FHIR date or dateTime a is after b; false when either cannot be
// read. Dates of different precision compare by their first instant.
func laterThan(a, b string) bool {
	ta, okA := fhirInstant(a)
	tb, okB := fhirInstant(b)
	return okA && okB && ta.After(tb)
}

func fhirInstant(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Relinked counts, by type, the converted bundle's resources whose stored version differs
// only in which document carried it (the derivation reference): the import writes the link
// to the newer document, and says them unchanged, not updated (F302: a newer visit summary
// that repeats 5 medicines said "8 updated" when one changed).
func Relinked(bundle []byte, stored func(typ, id string) []byte) (map[string]int, error) {
	var b struct {
		Entry []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		return nil, fmt.Errorf("reading a converted document: %w", err)
	}
	from := func(res []byte) (typ, id, ref string) {
		var d derived
		if json.Unmarshal(res, &d) != nil {
			return "", "", ""
		}
		return d.ResourceType, d.ID, d.from()
	}
	var out map[string]int
	for _, e := range b.Entry {
		typ, id, ref := from(e.Resource)
		if ref == "" || typ == "DocumentReference" {
			continue
		}
		old := stored(typ, id)
		if old == nil {
			continue
		}
		if _, _, oldRef := from(old); oldRef != "" && oldRef != ref &&
			bytes.Equal(old, bytes.ReplaceAll(e.Resource, []byte(`"`+ref+`"`), []byte(`"`+oldRef+`"`))) {
			if out == nil {
				out = map[string]int{}
			}
			out[typ]++
		}
	}
	return out, nil
}
