// Command mkdict builds the zstd dictionary the vault compresses records with
// (storage/fhir.dict) from sample FHIR resources: the Apache-2.0 Synthea patients and the CC0
// HL7 R4 examples in the shared fixtures. The dictionary is part of the storage format: once
// released, a dictionary is never changed, only added to under a new id.
//
//	go run ./cmd/mkdict -fixtures ../shared/fixtures -out storage/fhir.dict
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/zstd"

	"carekeeper/internal/fhirjson"
)

func main() {
	fixtures := flag.String("fixtures", "../shared/fixtures", "shared fixtures directory")
	out := flag.String("out", "storage/fhir.dict", "dictionary file to write")
	id := flag.Uint("id", 0x434b0001, "zstd dictionary id")
	flag.Parse()
	var samples [][]byte
	files, _ := filepath.Glob(filepath.Join(*fixtures, "synthea", "*.json"))
	more, _ := filepath.Glob(filepath.Join(*fixtures, "hl7-examples", "*.json"))
	for _, f := range append(files, more...) {
		base := filepath.Base(f)
		// Only sources whose licence allows it (the fasten-sources files have none).
		if strings.HasPrefix(base, "synthea_") || strings.HasPrefix(base, "package") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			fail(err)
		}
		file, err := fhirjson.ParseFile(data)
		if err != nil {
			continue
		}
		for i, e := range file.Entries {
			if i%3 == 0 && len(e.Resource) < 16<<10 { // a sample of ordinary-sized resources
				samples = append(samples, e.Resource)
			}
		}
	}
	d, err := dict.BuildZstdDict(samples, dict.Options{MaxDictSize: 16 << 10, HashBytes: 6, ZstdDictID: uint32(*id), ZstdLevel: zstd.SpeedFastest})
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(*out, d, 0o644); err != nil {
		fail(err)
	}
	fmt.Printf("%d samples -> %d-byte dictionary %s\n", len(samples), len(d), *out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mkdict:", err)
	os.Exit(1)
}
