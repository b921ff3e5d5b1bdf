package sync

import (
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/storage"
)

// planPage turns resources fetched from the FHIR server at base (a search page, a read) into a
// storage batch with the file importer's planner: each resource's identity is (base, type,
// id), its relative references become links to records of the same server, and its person is
// the one its Patient reference belongs to (or profile, when given). It returns the batch,
// the profile the planner chose for the first Patient (if any), and each resource's Info.
func planPage(v *storage.Vault, base string, resources [][]byte, profile string, now time.Time) (*storage.Batch, string, []fhirjson.Info, error) {
	base = strings.TrimRight(base, "/")
	file := &fhirjson.File{Kind: fhirjson.KindBundle, Entries: make([]fhirjson.Entry, 0, len(resources))}
	infos := make([]fhirjson.Info, 0, len(resources))
	for i, res := range resources {
		// A date naming no real day refuses the page, as it refuses a file (the page is
		// asked for again at the next sync, and the sync is incomplete until then).
		info, err := fhirjson.SummarizeIncoming(res)
		if err != nil {
			return nil, "", nil, fmt.Errorf("resource %d of the page is not valid FHIR: %w", i+1, err)
		}
		if info.ID == "" {
			return nil, "", nil, fmt.Errorf("resource %d of the page has no id", i+1)
		}
		file.Entries = append(file.Entries, fhirjson.Entry{
			Index:    i + 1,
			FullURL:  base + "/" + info.Type + "/" + info.ID,
			Resource: res,
			Info:     info,
		})
		infos = append(infos, info)
	}
	b, pl, err := plan(v, file, Options{Profile: profile, sameServer: true}, now) // a person is chosen: none joins
	if err != nil {
		return nil, "", nil, err
	}
	return b, pl.main, infos, nil
}
