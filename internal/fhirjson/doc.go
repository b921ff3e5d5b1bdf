// Package fhirjson reads FHIR R4 JSON files (Bundles of any type, single resources
// and NDJSON) into individual resources, and extracts from each resource the few
// fields that storage needs to index it.
//
// Everything here is a pure function over bytes: no I/O, no global state, no
// goroutines. Resources are never decoded into maps: a hand-written validating
// scanner checks and compacts the whole file in one pass, and a second
// hand-written scanner over the compact bytes of each resource computes its Info.
//
// Losslessness: Entry.Resource is the resource exactly as in the input minus
// insignificant whitespace (what json.Compact produces): key order, number text,
// string escapes, extensions, contained resources and narrative are kept byte for
// byte.
//
// Privacy: error messages never contain values from the data. They only name
// positions (line, column, byte offset, entry number) and what was expected.
package fhirjson
