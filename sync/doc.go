// Package sync moves FHIR records in and out of the vault: file import (Bundles of any type,
// single resources, NDJSON, each optionally gzipped) and export as a FHIR R4 collection Bundle.
// Portal sync (SMART on FHIR) lives in the subpackages.
//
// Identity. A record's identity is (source, type, id). Resources whose Bundle.entry.fullUrl is a
// RESTful URL ("https://server/fhir/Patient/123") take that server's base as their source, so
// the same id at two servers is two records; all other resources use the source "local",
// scoped by person: one another person already holds is stored under PersonSource(person), so
// an import never moves a record from one person to another (importer.go, scopeLocal). A
// resource without an id takes the id in its urn:uuid:/urn:oid: fullUrl, or failing that a hash
// of its content, so re-importing it finds it again. Resources are stored verbatim; references
// are resolved into links beside them, never rewritten inside them.
package sync
