package fhirtest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// ErrNotFound is returned by the editing methods for a resource that does not exist (or was
// deleted).
var ErrNotFound = errors.New("fhirtest: no such resource")

// insert adds or replaces e (caller holds s.mu or is New).
func (s *Server) insert(e *entry) {
	if old, ok := s.byKey[e.key()]; ok {
		// Replace in place, keeping the search order.
		e.seq = old.seq
		list := s.byType[e.typ]
		for i, x := range list {
			if x == old {
				list[i] = e
			}
		}
		s.byKey[e.key()] = e
		return
	}
	s.seq++
	e.seq = s.seq
	s.byKey[e.key()] = e
	s.byType[e.typ] = append(s.byType[e.typ], e)
}

// Update edits a resource: fn changes the decoded JSON (numbers are json.Number); the server
// then sets meta.versionId to the next version and meta.lastUpdated to the clock, and
// recomputes the resource's patient compartment. fn must not change resourceType or id.
func (s *Server) Update(typ, id string, fn func(resource map[string]any)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.byKey[typ+"/"+id]
	if !ok || old.deleted {
		return ErrNotFound
	}
	res, err := decodeObject(old.body)
	if err != nil {
		return fmt.Errorf("fhirtest: %w", err)
	}
	fn(res)
	if res["resourceType"] != typ || res["id"] != id {
		return errors.New("fhirtest: Update must not change resourceType or id")
	}
	return s.store(typ, id, res, old.version+1)
}

// store encodes res as the given version (caller holds s.mu).
func (s *Server) store(typ, id string, res map[string]any, version int) error {
	at := s.clock().UTC().Truncate(1e6)
	setMeta(res, version, at)
	body, err := encode(res)
	if err != nil {
		return fmt.Errorf("fhirtest: %w", err)
	}
	known := map[string]bool{}
	for _, p := range s.patients {
		known[p] = true
	}
	if typ == "Patient" && !known[id] {
		s.patients = append(s.patients, id)
		known[id] = true
		if s.patient == "" {
			s.patient = id
		}
	}
	s.insert(&entry{typ: typ, id: id, version: version, lastUpdated: at, body: body,
		patients: compartments(typ, id, res, known)})
	return nil
}

// Add stores a new resource (a decoded FHIR resource with resourceType; without an id one is
// assigned) as version 1, or as the next version when the type and id exist (also after a
// delete). References must already be in "Type/id" form. It returns the id.
func (s *Server) Add(resource map[string]any) (string, error) {
	typ, _ := resource["resourceType"].(string)
	if !validType(typ) {
		return "", errors.New("fhirtest: Add needs a resourceType")
	}
	res := maps.Clone(resource) // meta is replaced below; the caller's nested values are not mutated
	if m, ok := res["meta"].(map[string]any); ok {
		res["meta"] = maps.Clone(m)
	}
	id, _ := res["id"].(string)
	if id == "" {
		var b [16]byte
		rand.Read(b[:])
		id = hex.EncodeToString(b[:])
		res["id"] = id
	}
	if !validID(id) {
		return "", errors.New("fhirtest: invalid id")
	}
	// Round-trip through JSON so that later edits see the same value types as loaded data.
	raw, err := encode(res)
	if err != nil {
		return "", fmt.Errorf("fhirtest: %w", err)
	}
	if res, err = decodeObject(raw); err != nil {
		return "", fmt.Errorf("fhirtest: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	version := 1
	if old, ok := s.byKey[typ+"/"+id]; ok {
		version = old.version + 1
	}
	return id, s.store(typ, id, res, version)
}

// Delete deletes a resource: reads answer 410 Gone and searches leave it out.
func (s *Server) Delete(typ, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.byKey[typ+"/"+id]
	if !ok || old.deleted {
		return ErrNotFound
	}
	e := *old
	e.deleted = true
	e.version++
	e.lastUpdated = s.clock().UTC().Truncate(1e6)
	s.insert(&e)
	return nil
}

// Get returns the current JSON of a resource (false when absent or deleted).
func (s *Server) Get(typ, id string) (json.RawMessage, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.byKey[typ+"/"+id]
	if !ok || e.deleted {
		return nil, false
	}
	return e.body, true
}

// Compartment returns every live resource in the patient's compartment, keyed "Type/id" —
// what a complete sync of that patient must hold (shared resources such as Practitioner or
// Organization are not included; see Referenced).
func (s *Server) Compartment(patient string) map[string]json.RawMessage {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[string]json.RawMessage{}
	for k, e := range s.byKey {
		if !e.deleted && slices.Contains(e.patients, patient) {
			out[k] = e.body
		}
	}
	return out
}

// Referenced returns the live resources outside any compartment ("Practitioner/..",
// "Organization/..", ...) that the patient's compartment references, keyed "Type/id".
func (s *Server) Referenced(patient string) map[string]json.RawMessage {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[string]json.RawMessage{}
	for _, e := range s.byKey {
		if e.deleted || !slices.Contains(e.patients, patient) {
			continue
		}
		res, err := decodeObject(e.body)
		if err != nil {
			continue
		}
		walkRefs(res, func(ref string) string {
			if t, ok := s.byKey[ref]; ok && !t.deleted && len(t.patients) == 0 {
				out[ref] = t.body
			}
			return ref
		})
	}
	return out
}

// TypeCounts returns the number of live resources per type in the patient's compartment.
func (s *Server) TypeCounts(patient string) map[string]int {
	out := map[string]int{}
	for k := range s.Compartment(patient) {
		typ, _, _ := cutSlash(k)
		out[typ]++
	}
	return out
}

func cutSlash(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
