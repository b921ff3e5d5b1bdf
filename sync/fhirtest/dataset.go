package fhirtest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Dataset is a set of FHIR resources loaded from Bundles, with references resolved to the
// server's own "Type/id" form. It is immutable: load it once (per test binary) and give it to
// any number of servers with New; each server edits its own copy.
type Dataset struct {
	loadedAt time.Time
	entries  []*entry // load order
	patients []string // Patient ids, load order
}

// entry is one stored resource version.
type entry struct {
	typ, id     string
	seq         int // insertion order, the default search order
	version     int
	lastUpdated time.Time
	body        []byte   // compact JSON including meta.versionId and meta.lastUpdated; never mutated
	patients    []string // the Patient compartments it belongs to
	deleted     bool
}

func (e *entry) key() string { return e.typ + "/" + e.id }

// LoadedAt is the meta.lastUpdated every loaded resource starts with.
func (d *Dataset) LoadedAt() time.Time { return d.loadedAt }

// Patients returns the ids of the loaded Patient resources in load order (files in name order).
func (d *Dataset) Patients() []string { return append([]string(nil), d.patients...) }

// Counts returns, per resource type, how many resources are in the patient's compartment
// (the Patient itself included) — what a complete sync of that patient must fetch by search.
func (d *Dataset) Counts(patient string) map[string]int {
	out := map[string]int{}
	for _, e := range d.entries {
		if slices.Contains(e.patients, patient) {
			out[e.typ]++
		}
	}
	return out
}

// Len is the number of resources.
func (d *Dataset) Len() int { return len(d.entries) }

// Load reads FHIR Bundles (transaction, batch, collection or searchset; .json or .json.gz)
// from files or directories (every *.json and *.json.gz in them, in name order). Every resource
// gets versionId "1" and meta.lastUpdated = the time of loading, truncated to milliseconds.
// See ParseBundles for how ids and references are assigned.
func Load(paths ...string) (*Dataset, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("fhirtest: %w", err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		des, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("fhirtest: %w", err)
		}
		for _, de := range des {
			n := de.Name()
			if !de.IsDir() && (strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".json.gz")) {
				files = append(files, filepath.Join(p, n))
			}
		}
	}
	if len(files) == 0 {
		return nil, errors.New("fhirtest: no bundle files found")
	}
	bundles := make([][]byte, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("fhirtest: %w", err)
		}
		if b, err = gunzip(b); err != nil {
			return nil, fmt.Errorf("fhirtest: %s: %w", filepath.Base(f), err)
		}
		bundles = append(bundles, b)
	}
	return ParseBundles(time.Now().UTC().Truncate(time.Millisecond), bundles...)
}

func gunzip(b []byte) ([]byte, error) {
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

type rawBundle struct {
	ResourceType string     `json:"resourceType"`
	Entry        []rawEntry `json:"entry"`
}

type rawEntry struct {
	FullURL  string          `json:"fullUrl"`
	Resource json.RawMessage `json:"resource"`
	Request  *struct {
		Method string `json:"method"`
		URL    string `json:"url"`
	} `json:"request"`
}

// ParseBundles loads Bundles held in memory (a single non-Bundle resource is accepted too);
// at is the initial meta.lastUpdated. Like a real server processing transactions, it assigns
// each resource its id (Resource.id, else the uuid of a urn:uuid: fullUrl, else a hash of the
// content: stable across restarts), rewrites urn:uuid: references and conditional references
// ("Practitioner?identifier=system|value") to "Type/id", sets meta.versionId and
// meta.lastUpdated, and puts each resource that references a loaded Patient in that patient's
// compartment. A reference that cannot be resolved is an error (load the supporting
// hospitalInformation/practitionerInformation bundles with the patients that need them). A
// resource seen twice (same type and id, e.g. an Organization in two patients' bundles) is
// kept once.
func ParseBundles(at time.Time, bundles ...[]byte) (*Dataset, error) {
	at = at.UTC().Truncate(time.Millisecond)
	// Decode every bundle in parallel, index sequentially, then resolve and encode in parallel.
	decoded := make([][]pending, len(bundles))
	errs := make([]error, len(bundles))
	parallel(len(bundles), func(bi int) { decoded[bi], errs[bi] = decodeBundle(bi, bundles[bi]) })
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var all []pending
	seen := map[string]bool{}
	fullURLs := map[string]string{}    // fullUrl -> Type/id
	identifiers := map[string]string{} // Type|system|value -> Type/id
	for _, list := range decoded {
		for _, p := range list {
			key := p.typ + "/" + p.id
			if p.fullURL != "" {
				if _, dup := fullURLs[p.fullURL]; !dup {
					fullURLs[p.fullURL] = key
				}
			}
			for _, k := range p.identifiers {
				if _, dup := identifiers[k]; !dup {
					identifiers[k] = key
				}
			}
			if !seen[key] {
				seen[key] = true
				all = append(all, p)
			}
		}
	}
	d := &Dataset{loadedAt: at, entries: make([]*entry, len(all))}
	patients := map[string]bool{}
	for _, p := range all {
		if p.typ == "Patient" {
			patients[p.id] = true
			d.patients = append(d.patients, p.id)
		}
	}
	var unresolved atomic.Int64
	errs = make([]error, len(all))
	parallel(len(all), func(i int) {
		p := all[i]
		walkRefs(p.res, func(ref string) string {
			switch {
			case strings.HasPrefix(ref, "urn:uuid:") || strings.HasPrefix(ref, "urn:oid:"):
				if k, ok := fullURLs[ref]; ok {
					return k
				}
				unresolved.Add(1)
			case strings.Contains(ref, "?"):
				if k, ok := resolveConditional(ref, identifiers); ok {
					return k
				}
				unresolved.Add(1)
			}
			return ref
		})
		setMeta(p.res, 1, at)
		body, err := encode(p.res)
		if err != nil {
			errs[i] = fmt.Errorf("fhirtest: %w", err)
			return
		}
		d.entries[i] = &entry{
			typ: p.typ, id: p.id, seq: i, version: 1, lastUpdated: at, body: body,
			patients: compartments(p.typ, p.id, p.res, patients),
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if n := unresolved.Load(); n > 0 {
		return nil, fmt.Errorf("fhirtest: %d references could not be resolved (load the supporting hospital/practitioner bundles too)", n)
	}
	return d, nil
}

// pending is a decoded resource before its references are resolved.
type pending struct {
	typ, id, fullURL string
	identifiers      []string // Type|system|value
	res              map[string]any
}

// parallel runs fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// decodeBundle decodes one bundle's resources (or a single resource) and assigns their ids;
// the entries are decoded in parallel.
func decodeBundle(bi int, data []byte) ([]pending, error) {
	data = bytes.TrimPrefix(bytes.TrimSpace(data), []byte("\xef\xbb\xbf"))
	var head struct {
		ResourceType string `json:"resourceType"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("fhirtest: bundle %d: %w", bi, err)
	}
	var b rawBundle
	if head.ResourceType == "Bundle" {
		if err := json.Unmarshal(data, &b); err != nil {
			return nil, fmt.Errorf("fhirtest: bundle %d: %w", bi, err)
		}
	} else {
		b.Entry = append(b.Entry, rawEntry{Resource: data})
	}
	out := make([]pending, len(b.Entry))
	errs := make([]error, len(b.Entry))
	parallel(len(b.Entry), func(ei int) {
		out[ei], errs[ei] = decodeEntry(b.Entry[ei])
		if errs[ei] != nil {
			errs[ei] = fmt.Errorf("fhirtest: bundle %d entry %d: %w", bi, ei, errs[ei])
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Entries without a resource (e.g. DELETE requests) leave an empty slot.
	kept := out[:0]
	for _, p := range out {
		if p.typ != "" {
			kept = append(kept, p)
		}
	}
	return kept, nil
}

func decodeEntry(e rawEntry) (pending, error) {
	if len(e.Resource) == 0 || string(e.Resource) == "null" {
		return pending{}, nil
	}
	res, err := decodeObject(e.Resource)
	if err != nil {
		return pending{}, err
	}
	typ, _ := res["resourceType"].(string)
	if !validType(typ) {
		return pending{}, errors.New("no valid resourceType")
	}
	id, _ := res["id"].(string)
	if id == "" && e.Request != nil && e.Request.Method == "PUT" {
		if t, i, ok := strings.Cut(e.Request.URL, "/"); ok && t == typ {
			id = i
		}
	}
	if id == "" {
		if u, ok := strings.CutPrefix(e.FullURL, "urn:uuid:"); ok {
			id = u
		}
	}
	if id == "" {
		sum := sha256.Sum256(e.Resource)
		id = hex.EncodeToString(sum[:16])
	}
	if !validID(id) {
		return pending{}, errors.New("invalid id")
	}
	res["id"] = id
	p := pending{typ: typ, id: id, fullURL: e.FullURL, res: res}
	if ids, ok := res["identifier"].([]any); ok {
		for _, x := range ids {
			m, _ := x.(map[string]any)
			sys, _ := m["system"].(string)
			val, _ := m["value"].(string)
			if val != "" {
				p.identifiers = append(p.identifiers, typ+"|"+sys+"|"+val)
			}
		}
	}
	return p, nil
}

// resolveConditional resolves "Type?identifier=system|value".
func resolveConditional(ref string, identifiers map[string]string) (string, bool) {
	typ, q, _ := strings.Cut(ref, "?")
	v, err := url.ParseQuery(q)
	if err != nil || len(v) != 1 || len(v["identifier"]) != 1 {
		return "", false
	}
	sys, val, ok := strings.Cut(v["identifier"][0], "|")
	if !ok {
		val, sys = sys, ""
	}
	k, ok := identifiers[typ+"|"+sys+"|"+val]
	return k, ok
}

// compartments lists the loaded patients a resource belongs to: a Patient to its own, any
// other resource to every loaded Patient it references.
func compartments(typ, id string, res map[string]any, patients map[string]bool) []string {
	if typ == "Patient" {
		return []string{id}
	}
	var out []string
	walkRefs(res, func(ref string) string {
		if pid, ok := strings.CutPrefix(ref, "Patient/"); ok && patients[pid] && !slices.Contains(out, pid) {
			out = append(out, pid)
		}
		return ref
	})
	sort.Strings(out)
	return out
}

// walkRefs calls fn on every Reference.reference string in v and stores what it returns.
func walkRefs(v any, fn func(string) string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "reference" {
				v[k] = fn(s)
				continue
			}
			walkRefs(x, fn)
		}
	case []any:
		for _, x := range v {
			walkRefs(x, fn)
		}
	}
}

// setMeta sets meta.versionId and meta.lastUpdated, keeping the rest of meta.
func setMeta(res map[string]any, version int, at time.Time) {
	meta, _ := res["meta"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		res["meta"] = meta
	}
	meta["versionId"] = fmt.Sprint(version)
	meta["lastUpdated"] = formatInstant(at)
}

func formatInstant(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }

// decodeObject decodes a JSON object keeping numbers as written (FHIR decimals keep their
// precision).
func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("not a JSON object")
	}
	return m, nil
}

// encode writes compact JSON without HTML escaping.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func validType(t string) bool {
	if t == "" || len(t) > 64 || t[0] < 'A' || t[0] > 'Z' {
		return false
	}
	for _, c := range t {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// validID follows FHIR R4 id: [A-Za-z0-9\-\.]{1,64}.
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
