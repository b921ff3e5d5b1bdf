package fhirtest

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// compartmentTypes are resource types with a "patient" search parameter in FHIR R4 (the US
// Core set and a few more); they are always listed in the CapabilityStatement. A loaded type
// not listed here is a compartment type when its resources reference a Patient.
var compartmentTypes = []string{
	"AllergyIntolerance", "Appointment", "CarePlan", "CareTeam", "Claim", "Condition", "Coverage",
	"Device", "DiagnosticReport", "DocumentReference", "Encounter", "ExplanationOfBenefit",
	"FamilyMemberHistory", "Goal", "ImagingStudy", "Immunization", "MedicationAdministration",
	"MedicationDispense", "MedicationRequest", "MedicationStatement", "Observation", "Procedure",
	"Provenance", "QuestionnaireResponse", "ServiceRequest", "Specimen", "SupplyDelivery",
}

// subjectTypes also have a "subject" search parameter.
var subjectTypes = map[string]bool{
	"CarePlan": true, "CareTeam": true, "Condition": true, "DiagnosticReport": true,
	"DocumentReference": true, "Encounter": true, "Goal": true, "ImagingStudy": true,
	"MedicationAdministration": true, "MedicationDispense": true, "MedicationRequest": true,
	"MedicationStatement": true, "Observation": true, "Procedure": true,
	"QuestionnaireResponse": true, "ServiceRequest": true, "Specimen": true,
}

// sharedTypes are served by read and _id search only; they belong to no compartment.
var sharedTypes = []string{"Location", "Medication", "Organization", "Practitioner", "PractitionerRole"}

// typeKind: "patient" for Patient, "compartment", "shared", or "" for an unknown type.
func (s *Server) typeKind(typ string) string {
	if typ == "Patient" {
		return "patient"
	}
	if slices.Contains(compartmentTypes, typ) {
		return "compartment"
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	list, ok := s.byType[typ]
	if !ok {
		if slices.Contains(sharedTypes, typ) {
			return "shared"
		}
		return ""
	}
	for _, e := range list {
		if len(e.patients) > 0 {
			return "compartment"
		}
	}
	return "shared"
}

// types lists every served type, sorted.
func (s *Server) types() []string {
	set := map[string]bool{"Patient": true}
	for _, t := range compartmentTypes {
		set[t] = true
	}
	for _, t := range sharedTypes {
		set[t] = true
	}
	s.mu.RLock()
	for t := range s.byType {
		set[t] = true
	}
	s.mu.RUnlock()
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// searchParams are the parameters a type's searches accept (besides _count, _sort, _offset).
func (s *Server) searchParams(typ string) []string {
	var out []string
	switch s.typeKind(typ) {
	case "compartment":
		out = append(out, "patient")
		if subjectTypes[typ] {
			out = append(out, "subject")
		}
	case "":
		return nil
	}
	out = append(out, "_id")
	if !s.opts.NoLastUpdated {
		out = append(out, "_lastUpdated")
	}
	return out
}

func (s *Server) contentType() string {
	if s.opts.EpicContentType {
		return "application/json+fhir; charset=utf-8"
	}
	return "application/fhir+json; charset=utf-8"
}

// outcome writes an OperationOutcome error.
func (s *Server) outcome(w http.ResponseWriter, status int, code, diagnostics string) {
	w.Header().Set("Content-Type", s.contentType())
	w.WriteHeader(status)
	b, _ := encode(map[string]any{
		"resourceType": "OperationOutcome",
		"issue": []any{map[string]any{
			"severity": "error", "code": code, "diagnostics": diagnostics,
		}},
	})
	w.Write(b)
}

func (s *Server) writeJSON(w http.ResponseWriter, ct string, v any) {
	b, err := encode(v)
	if err != nil {
		s.outcome(w, http.StatusInternalServerError, "exception", "encoding failed")
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Write(b)
}

// acceptsJSON: no Accept, or one that allows a JSON answer.
func acceptsJSON(r *http.Request) bool {
	for _, a := range r.Header.Values("Accept") {
		ok := false
		for _, part := range strings.Split(a, ",") {
			mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
			switch strings.TrimSpace(mt) {
			case "*/*", "application/*", "application/json", "application/fhir+json", "application/json+fhir":
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	if f := r.URL.Query().Get("_format"); f != "" {
		switch f {
		case "json", "application/json", "application/fhir+json", "application/json+fhir":
		default:
			return false
		}
	}
	return true
}

// fhir serves everything under the FHIR base; rel is the path below it.
func (s *Server) fhir(w http.ResponseWriter, r *http.Request, rel string) {
	switch rel {
	case ".well-known/smart-configuration":
		s.count(func(c *Counts) { c.Discovery++ })
		s.smartConfiguration(w, r)
		return
	case "metadata":
		s.count(func(c *Counts) { c.Metadata++ })
		if r.Method != http.MethodGet {
			s.outcome(w, http.StatusMethodNotAllowed, "not-supported", "only GET is supported")
			return
		}
		s.writeJSON(w, s.contentType(), s.capabilityStatement(r))
		return
	}
	parts := strings.Split(rel, "/")
	kind, typ := "", ""
	switch {
	case rel == "" && r.URL.Query().Has("_getpages"):
		kind = "page"
	case len(parts) == 1 && rel != "":
		kind, typ = "search", parts[0]
	case len(parts) == 2:
		kind, typ = "read", parts[0]
	}
	if kind == "" {
		s.outcome(w, http.StatusNotFound, "not-supported", "unsupported FHIR operation")
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		s.outcome(w, http.StatusMethodNotAllowed, "not-supported", "this server is read-only: only GET is supported")
		return
	}
	var snap *snapshot
	if kind == "page" {
		snap = s.snapshot(r.URL.Query().Get("_getpages"))
		if snap != nil {
			typ = snap.typ
		}
	}
	fire := s.dataRequest(kind, typ)
	f := s.faults()
	if fire["slow"] {
		s.sleep(r.Context(), f.SlowDelay)
	}
	switch {
	case fire["hangup"]:
		hangup(w)
		return
	case fire["503"]:
		if f.UnavailableRetryAfter > 0 {
			w.Header().Set("Retry-After", retryAfterSeconds(f.UnavailableRetryAfter))
		}
		s.outcome(w, http.StatusServiceUnavailable, "transient", "service temporarily unavailable")
		return
	case fire["429"]:
		w.Header().Set("Retry-After", retryAfterSeconds(f.RetryAfter))
		s.outcome(w, http.StatusTooManyRequests, "throttled", "too many requests")
		return
	}
	buf := &bufferedResponse{header: http.Header{}}
	buf.header.Set("Date", w.Header().Get("Date"))
	s.data(buf, r, kind, typ, parts, snap)
	buf.flush(w, fire["malformed"], fire["drop"])
}

// data answers a FHIR read, search or page request into w.
func (s *Server) data(w http.ResponseWriter, r *http.Request, kind, typ string, parts []string, snap *snapshot) {
	if !acceptsJSON(r) {
		s.outcome(w, http.StatusNotAcceptable, "not-supported", "this server speaks JSON only")
		return
	}
	tok := s.checkToken(w, r)
	if tok == nil {
		return
	}
	if kind == "page" {
		s.page(w, r, tok, snap)
		return
	}
	if s.typeKind(typ) == "" {
		s.outcome(w, http.StatusNotFound, "not-supported", "unknown resource type")
		return
	}
	if kind == "read" {
		s.read(w, r, tok, typ, parts[1])
		return
	}
	s.search(w, r, tok, typ)
}

func (s *Server) read(w http.ResponseWriter, r *http.Request, tok *accessToken, typ, id string) {
	if !allows(tok.scopes, typ, 'r') {
		s.forbidden(w, "insufficient_scope", "the granted scopes do not allow reading this type")
		return
	}
	s.mu.RLock()
	e, ok := s.byKey[typ+"/"+id]
	s.mu.RUnlock()
	// Another patient's resource is "not found": its existence is not revealed.
	if !ok || (len(e.patients) > 0 && !slices.Contains(e.patients, tok.grant.patient)) {
		s.outcome(w, http.StatusNotFound, "not-found", "resource not found")
		return
	}
	if e.deleted {
		s.outcome(w, http.StatusGone, "deleted", "resource deleted")
		return
	}
	w.Header().Set("ETag", `W/"`+strconv.Itoa(e.version)+`"`)
	w.Header().Set("Last-Modified", e.lastUpdated.Format(http.TimeFormat))
	w.Header().Set("Content-Type", s.contentType())
	w.Write(e.body)
}

func (s *Server) forbidden(w http.ResponseWriter, code, desc string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="fhirtest", error="`+code+`", error_description="`+desc+`"`)
	s.outcome(w, http.StatusForbidden, "forbidden", desc)
}

func (s *Server) smartConfiguration(w http.ResponseWriter, r *http.Request) {
	o := origin(r)
	caps := []string{"launch-standalone", "client-public", "context-standalone-patient",
		"permission-patient", "permission-v2", "permission-v1", "sso-openid-connect"}
	scopes := []string{"openid", "fhirUser", "launch/patient", "patient/*.rs", "patient/*.read"}
	grants := []string{"authorization_code"}
	if !s.opts.NoRefreshTokens {
		caps = append(caps, "permission-offline")
		scopes = append(scopes, "offline_access")
		grants = append(grants, "refresh_token")
	}
	for _, t := range s.types() {
		scopes = append(scopes, "patient/"+t+".rs")
	}
	// JSON whatever the Accept header says (SMART App Launch 2.2, Conformance).
	s.writeJSON(w, "application/json", map[string]any{
		"issuer":                                s.base(r),
		"jwks_uri":                              o + "/oauth/jwks",
		"authorization_endpoint":                o + "/oauth/authorize",
		"token_endpoint":                        o + "/oauth/token",
		"token_endpoint_auth_methods_supported": []string{"none"},
		"grant_types_supported":                 grants,
		"response_types_supported":              []string{"code"},
		"scopes_supported":                      scopes,
		"capabilities":                          caps,
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (s *Server) capabilityStatement(r *http.Request) map[string]any {
	o := origin(r)
	var resources []any
	for _, t := range s.types() {
		var params []any
		for _, p := range s.searchParams(t) {
			pt := "reference"
			switch p {
			case "_id":
				pt = "token"
			case "_lastUpdated":
				pt = "date"
			}
			params = append(params, map[string]any{"name": p, "type": pt})
		}
		params = append(params, map[string]any{"name": "_count", "type": "number"})
		if !s.opts.NoSort {
			params = append(params, map[string]any{"name": "_sort", "type": "string",
				"documentation": "_lastUpdated or -_lastUpdated"})
		}
		resources = append(resources, map[string]any{
			"type":        t,
			"interaction": []any{map[string]any{"code": "read"}, map[string]any{"code": "search-type"}},
			"searchParam": params,
		})
	}
	return map[string]any{
		"resourceType": "CapabilityStatement",
		"status":       "active",
		"date":         formatInstant(s.now()),
		"kind":         "instance",
		"fhirVersion":  "4.0.1",
		"format":       []string{"json"},
		"software":     map[string]any{"name": "CareKeeper fhirtest"},
		"implementation": map[string]any{
			"description": "CareKeeper test portal", "url": s.base(r),
		},
		"rest": []any{map[string]any{
			"mode": "server",
			"security": map[string]any{
				"service": []any{map[string]any{"coding": []any{map[string]any{
					"system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
					"code":   "SMART-on-FHIR",
				}}}},
				"extension": []any{map[string]any{
					"url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
					"extension": []any{
						map[string]any{"url": "authorize", "valueUri": o + "/oauth/authorize"},
						map[string]any{"url": "token", "valueUri": o + "/oauth/token"},
					},
				}},
			},
			"resource": resources,
		}},
	}
}
