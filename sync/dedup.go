package sync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"carekeeper/storage"
)

// Group is one record as seen at one or more sources (portals, files): the same lab result at
// two portals is one Group with two Records, shown once with both sources.
type Group struct {
	// Records are the copies, the first being the one to show; no two share a source.
	Records []*storage.Record
}

// Primary is the copy to show.
func (g *Group) Primary() *storage.Record { return g.Records[0] }

// Sources lists where the record was seen, in the order of Records (a file's record is
// LocalSource, also one kept in a person's own scope).
func (g *Group) Sources() []string {
	out := make([]string, len(g.Records))
	for i, r := range g.Records {
		out[i] = sourceOf(r)
	}
	return out
}

// sourceOf is where a record came from, as the duplicate finder compares sources: a portal's
// address, or LocalSource for every file's record (PersonSource is only where it is kept).
func sourceOf(r *storage.Record) string {
	if IsLocal(r.ID.Source) {
		return LocalSource
	}
	return r.ID.Source
}

// Merged returns a person's records of one type (every type when typ is ""), with the copies
// of the same record at different sources grouped, in the vault's date order. Records the
// source deleted are left out. Two records at different sources are the same record when:
//   - they share an identifier (system|value, with a system), or
//   - their content is the same apart from id, meta and narrative (a copy), or
//   - they have the same type, codes, clinical date and value (value[x], component values).
//
// Records at the same source are never merged (a source's ids are its own); when a source
// holds several records that match the same key, they pair up with the other source's in
// date order.
func Merged(ctx context.Context, v *storage.Vault, profile, typ string) ([]Group, error) {
	var recs []*storage.Record
	err := v.Records(ctx, storage.Query{Profile: profile, Type: typ}, func(r *storage.Record) error {
		if r.Meta.Deleted.IsZero() {
			cp := *r
			recs = append(recs, &cp)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return group(recs), nil
}

// Duplicates returns only the groups of Merged that hold more than one copy.
func Duplicates(ctx context.Context, v *storage.Vault, profile, typ string) ([]Group, error) {
	gs, err := Merged(ctx, v, profile, typ)
	if err != nil {
		return nil, err
	}
	out := gs[:0]
	for _, g := range gs {
		if len(g.Records) > 1 {
			out = append(out, g)
		}
	}
	return out, nil
}

func group(recs []*storage.Record) []Group {
	parent := make([]int, len(recs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	// sourcesOf[root] = the sources in that set, so a union never puts two records of one
	// source together.
	sourcesOf := make([][]string, len(recs))
	for i, r := range recs {
		sourcesOf[i] = []string{sourceOf(r)}
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		for _, s := range sourcesOf[rb] {
			if slices.Contains(sourcesOf[ra], s) {
				return
			}
		}
		if rb < ra {
			ra, rb = rb, ra
		}
		parent[rb] = ra
		sourcesOf[ra] = append(sourcesOf[ra], sourcesOf[rb]...)
		sourcesOf[rb] = nil
	}
	// Buckets: key -> source -> record indexes (date order).
	buckets := map[string]map[string][]int{}
	var keyOrder []string
	add := func(k string, i int) {
		b := buckets[k]
		if b == nil {
			b = map[string][]int{}
			buckets[k] = b
			keyOrder = append(keyOrder, k)
		}
		src := sourceOf(recs[i])
		b[src] = append(b[src], i)
	}
	for i, r := range recs {
		for _, k := range dedupKeys(r) {
			add(k, i)
		}
	}
	for _, k := range keyOrder {
		b := buckets[k]
		if len(b) < 2 {
			continue
		}
		srcs := make([]string, 0, len(b))
		for s := range b {
			srcs = append(srcs, s)
		}
		sort.Strings(srcs)
		first := b[srcs[0]]
		for _, s := range srcs[1:] {
			for j, i := range b[s] {
				if j < len(first) {
					union(first[j], i)
				}
			}
		}
	}
	groups := map[int]int{} // root -> index in out
	var out []Group
	for i, r := range recs {
		root := find(i)
		gi, ok := groups[root]
		if !ok {
			gi = len(out)
			groups[root] = gi
			out = append(out, Group{})
		}
		out[gi].Records = append(out[gi].Records, r)
	}
	return out
}

// dedupKeys are the keys under which a record matches copies at other sources.
func dedupKeys(r *storage.Record) []string {
	t := r.ID.Type
	var keys []string
	for _, ident := range r.Meta.Identifiers {
		if sys, val, ok := strings.Cut(ident, "|"); ok && sys != "" && val != "" && !noOnesNumber(sys, val) {
			keys = append(keys, "i\x00"+t+"\x00"+ident)
		}
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(r.Resource, &m) != nil {
		return keys
	}
	// A copy: everything but id, meta and narrative the same.
	delete(m, "id")
	delete(m, "meta")
	delete(m, "text")
	if b, err := json.Marshal(m); err == nil {
		sum := sha256.Sum256(b)
		keys = append(keys, "c\x00"+t+"\x00"+string(sum[:]))
	}
	// The same clinical fact: codes, date and value.
	if len(r.Meta.Codes) > 0 && r.Meta.Date != "" {
		codes := slices.Clone(r.Meta.Codes)
		sort.Strings(codes)
		var val bytes.Buffer
		for _, k := range sortedKeys(m) {
			if strings.HasPrefix(k, "value") || k == "component" {
				val.WriteString(k)
				val.Write(canonical(m[k]))
			}
		}
		keys = append(keys, "k\x00"+t+"\x00"+strings.Join(codes, ",")+"\x00"+r.Meta.Date+"\x00"+val.String())
	}
	return keys
}

func sortedKeys(m map[string]json.RawMessage) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// canonical re-encodes JSON with sorted keys (and numbers as written).
func canonical(raw json.RawMessage) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	if dec.Decode(&x) != nil {
		return raw
	}
	b, err := json.Marshal(x)
	if err != nil {
		return raw
	}
	return b
}

// MedicationConflict is a medicine one source lists as active and another does not.
type MedicationConflict struct {
	Medication  string   `json:"medication"` // system|code (or the text when uncoded)
	Name        string   `json:"name"`       // display name as the first source gives it
	ActiveAt    []string `json:"activeAt"`   // sources listing it as active
	NotActiveAt []string `json:"notActiveAt"`
}

// MedicationConflicts compares the active medication lists (MedicationRequest and
// MedicationStatement with status active) of a person's sources. Only sources that list any
// medication at all take part; a medicine active at one of them and not at another is a
// conflict to show the person ("your clinic lists X, the hospital does not").
func MedicationConflicts(ctx context.Context, v *storage.Vault, profile string) ([]MedicationConflict, error) {
	active := map[string]map[string]string{} // source -> med key -> name
	var sources []string
	var order []string
	names := map[string]string{}
	for _, typ := range []string{"MedicationRequest", "MedicationStatement"} {
		err := v.Records(ctx, storage.Query{Profile: profile, Type: typ}, func(r *storage.Record) error {
			if !r.Meta.Deleted.IsZero() {
				return nil
			}
			src := sourceOf(r)
			if active[src] == nil {
				active[src] = map[string]string{}
				sources = append(sources, src)
			}
			var m struct {
				Status    string       `json:"status"`
				Concept   *codeableish `json:"medicationCodeableConcept"`
				Reference *struct {
					Reference string `json:"reference"`
				} `json:"medicationReference"`
			}
			if json.Unmarshal(r.Resource, &m) != nil || m.Status != "active" {
				return nil
			}
			c := m.Concept
			if c == nil && m.Reference != nil {
				c = medicationCode(v, r)
			}
			key, name := c.key()
			if key == "" {
				return nil
			}
			if _, ok := names[key]; !ok {
				names[key] = name
				order = append(order, key)
			}
			active[src][key] = name
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(sources) < 2 {
		return nil, nil
	}
	sort.Strings(sources)
	var out []MedicationConflict
	for _, key := range order {
		c := MedicationConflict{Medication: key, Name: names[key]}
		for _, s := range sources {
			if _, ok := active[s][key]; ok {
				c.ActiveAt = append(c.ActiveAt, s)
			} else {
				c.NotActiveAt = append(c.NotActiveAt, s)
			}
		}
		if len(c.NotActiveAt) > 0 {
			out = append(out, c)
		}
	}
	return out, nil
}

type codeableish struct {
	Coding []struct {
		System  string `json:"system"`
		Code    string `json:"code"`
		Display string `json:"display"`
	} `json:"coding"`
	Text string `json:"text"`
}

const rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"

// key is the medicine's identity: its RxNorm code, else its first coding, else its text.
func (c *codeableish) key() (key, name string) {
	if c == nil {
		return "", ""
	}
	name = c.Text
	for _, cd := range c.Coding {
		if name == "" {
			name = cd.Display
		}
	}
	for _, cd := range c.Coding {
		if cd.System == rxnorm && cd.Code != "" {
			return cd.System + "|" + cd.Code, name
		}
	}
	for _, cd := range c.Coding {
		if cd.Code != "" {
			return cd.System + "|" + cd.Code, name
		}
	}
	if t := strings.ToLower(strings.Join(strings.Fields(c.Text), " ")); t != "" {
		return "text|" + t, name
	}
	return "", ""
}

// medicationCode reads the code of the Medication a record links to.
func medicationCode(v *storage.Vault, r *storage.Record) *codeableish {
	for _, l := range r.Meta.Links {
		if l.Type != "Medication" {
			continue
		}
		med, err := v.Get(l)
		if err != nil {
			continue
		}
		var m struct {
			Code *codeableish `json:"code"`
		}
		if json.Unmarshal(med.Resource, &m) == nil && m.Code != nil {
			return m.Code
		}
	}
	return nil
}
