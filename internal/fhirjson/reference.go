package fhirjson

import "strings"

// Reference is a parsed Reference.reference string.
type Reference struct {
	Base    string // service base URL of an absolute reference, e.g. "http://example.org/fhir"
	Type    string // resource type, e.g. "Patient"
	ID      string // logical id; for a contained reference, the local id without '#'
	Version string // from ".../_history/<version>"
	URN     string // the whole reference if it is a "urn:uuid:..." or "urn:oid:..." (any urn:)
	// Contained is set for "#id" references to a contained resource ("#" alone
	// refers to the containing resource and gives an empty ID).
	Contained bool
	// Conditional is set for conditional references "Type?query"; Query is the
	// part after '?', e.g. "identifier=http://hl7.org/fhir/sid/us-npi|123".
	Conditional bool
	Query       string
}

// ParseReference parses a FHIR Reference.reference string:
// "Patient/123", "Patient/123/_history/2", "http://base/fhir/Patient/123",
// "urn:uuid:…", "urn:oid:…", "#contained", and the conditional
// "Practitioner?identifier=system|value". For anything else (e.g. a URL that
// does not end in Type/id) Type and ID are left empty.
func ParseReference(s string) Reference {
	var r Reference
	switch {
	case s == "":
		return r
	case s[0] == '#':
		r.Contained, r.ID = true, s[1:]
		return r
	case hasPrefixFold(s, "urn:"):
		r.URN = s
		return r
	}
	if q := strings.IndexByte(s, '?'); q >= 0 {
		r.Conditional, r.Query = true, s[q+1:]
		path := s[:q]
		slash := strings.LastIndexByte(path, '/')
		typ := path[slash+1:]
		if !isTypeName(typ) {
			return Reference{}
		}
		r.Type = typ
		if slash >= 0 {
			r.Base = path[:slash]
		}
		return r
	}
	path := s
	if h := strings.LastIndex(path, "/_history/"); h >= 0 {
		r.Version = path[h+len("/_history/"):]
		path = path[:h]
		if r.Version == "" || strings.IndexByte(r.Version, '/') >= 0 {
			return Reference{}
		}
	}
	slash := strings.LastIndexByte(path, '/')
	if slash < 0 {
		return Reference{}
	}
	id := path[slash+1:]
	rest := path[:slash]
	slash = strings.LastIndexByte(rest, '/')
	typ := rest[slash+1:]
	if id == "" || !isTypeName(typ) {
		return Reference{}
	}
	r.Type, r.ID = typ, id
	if slash >= 0 {
		r.Base = rest[:slash]
	}
	return r
}

// isTypeName reports whether s looks like a resource type name: an ASCII
// letter-only word starting with an upper-case letter. Known R4 types always
// do; unknown names (later FHIR versions, typos) are accepted too.
func isTypeName(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// SplitFullURL splits a RESTful Bundle.entry.fullUrl "http(s)://base/Type/id"
// into its base ("http(s)://base"), type and id. A trailing "/_history/v" is
// ignored. ok is false for urn: fullUrls, for URLs with a query or fragment, and
// for anything whose last two path segments are not an R4 resource type and a
// non-empty id.
func SplitFullURL(s string) (base, typ, id string, ok bool) {
	var rest string
	switch {
	case hasPrefixFold(s, "https://"):
		rest = s[len("https://"):]
	case hasPrefixFold(s, "http://"):
		rest = s[len("http://"):]
	default:
		return "", "", "", false
	}
	if strings.ContainsAny(rest, "?#") {
		return "", "", "", false
	}
	path := s
	if h := strings.LastIndex(path, "/_history/"); h >= 0 {
		path = path[:h]
	}
	i := strings.LastIndexByte(path, '/')
	id = path[i+1:]
	path = path[:i]
	j := strings.LastIndexByte(path, '/')
	typ = path[j+1:]
	base = path[:j]
	if id == "" || !IsResourceType(typ) || len(base) <= len(s)-len(rest) {
		return "", "", "", false
	}
	return base, typ, id, true
}
