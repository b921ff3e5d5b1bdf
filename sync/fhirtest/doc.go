// Package fhirtest is a FHIR R4 + SMART App Launch v2 server for tests and demos: a test
// portal as strict as real ones, serving the patients of a folder (or list) of FHIR Bundles.
//
// # Use
//
//	ds, err := fhirtest.Load("../shared/fixtures/synthea") // once per test binary: it is immutable
//	srv := fhirtest.New(ds, fhirtest.Options{Patient: id, Faults: fhirtest.Faults{...}})
//	base, err := srv.Start(ctx) // "http://127.0.0.1:PORT/fhir", served until ctx is done
//
// Sign in with client id DefaultClientID and a redirect URI http://127.0.0.1:<any port>/callback.
// Edit the data between syncs with Update, Delete and Add; SetClock makes meta.lastUpdated,
// the Date header and token expiry deterministic; Counts tells how many requests of each kind
// (and per resource type) the server answered; Compartment and Referenced return what a
// complete sync of a patient must hold.
//
// # Data
//
// Load and ParseBundles act like a server processing the bundles as transactions: each
// resource keeps its id (or takes the uuid of its urn:uuid: fullUrl), references to urn:uuid:
// fullUrls and conditional references ("Practitioner?identifier=sys|val") become "Type/id",
// and meta.versionId "1" and meta.lastUpdated (the load time) are set. Ids are stable across
// restarts. A resource belongs to the compartment of every loaded Patient it references.
//
// # SMART and OAuth
//
//   - <base>/.well-known/smart-configuration and <base>/metadata (CapabilityStatement with the
//     oauth-uris extension and each type's search parameters) need no token.
//   - /oauth/authorize (GET) needs response_type=code, a registered client_id and redirect_uri
//     (loopback: any port unless Client.ExactPort; "localhost" is not loopback), state, aud equal
//     to the FHIR base, code_challenge with code_challenge_method=S256 (plain is refused), and a
//     scope with launch/patient and a patient-level read scope (v2 ".rs" or v1 ".read"; other
//     scopes are dropped from the grant). Client and redirect errors are shown, not redirected;
//     the others are redirected per RFC 6749 §4.1.2.1. It logs in Options.Patient at once, or
//     shows a consent page with a patient chooser when Options.Interactive or "?interactive".
//   - /oauth/token (POST, form) takes client_id in the body; an Authorization header or a
//     client_secret is invalid_client (public clients). Codes live CodeLifetime, are
//     single-use (any attempt consumes one) and a replayed code revokes every token issued
//     from it. Refresh tokens rotate on every use; presenting a rotated one revokes the login.
//     An RS256 id_token is issued for openid (keys at /oauth/jwks).
//
// # FHIR
//
// GET only, JSON only (406 otherwise), a Bearer token always (401 with WWW-Authenticate;
// 403 insufficient_scope when the scopes do not cover the type). Every error is an
// OperationOutcome. The Date header comes from the server clock.
//
//   - Read Type/id: another patient's resource is 404 (its existence is not revealed), a
//     deleted one 410. Resources outside every compartment (Practitioner, Organization,
//     Location, Medication, ...) are readable by any login.
//   - Search Type?patient=<id> (or subject=, with "id", "Patient/id" or an absolute URL) on
//     compartment types: the parameter is required (400 without) and must name the token's
//     patient (403 otherwise). Patient?_id= is filtered to the token's patient (another id
//     gives an empty result). Shared types are searchable by _id only. Also _id,
//     _lastUpdated (eq ne gt ge lt le sa eb on meta.lastUpdated; ANDed when repeated), _count
//     (default 50, capped at 100), _sort=_lastUpdated or -_lastUpdated. Unknown parameters are
//     a 400 unless "Prefer: handling=lenient", which ignores them. The self link lists only
//     the parameters actually applied.
//   - Paging: cursor next links (<base>?_getpages=...; a snapshot of the result list taken at
//     the first page, valid CursorTTL, bound to the login, 410 once expired) or, with
//     PagingOffset, the same search with _offset (results shift under edits; MaxOffset stops
//     it with 400 too-costly). Deleted resources drop out of later pages.
//
// # Faults
//
// Options.Faults (or SetFaults) injects, deterministically by request count, 429 with
// Retry-After, 503 with or without Retry-After, slow responses, hang-ups, connections dropped
// mid-body, truncated JSON pages, access tokens that expire after N requests, a silently
// ignored _lastUpdated, and next links that repeat, cycle or never end (Faults.NextLinks). Faults hit FHIR reads and searches only, never discovery, metadata or
// the OAuth endpoints.
package fhirtest
