package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"carekeeper/internal/ccda"
	"carekeeper/internal/inputfile"
	cksync "carekeeper/sync"
)

// sniffCCDA reports whether XML text is a C-CDA document (its root is ClinicalDocument).
func sniffCCDA(head []byte) bool { return ccda.Sniff(head) }

// maxCCDAFile bounds a single C-CDA file before the converter's own limits apply.
const maxCCDAFile = 64 << 20

// readCCDA converts a C-CDA document, or every document of an XDM zip into one import (all of
// them or none).
func readCCDA(ctx context.Context, path string, format Format, _ int64, opt Options) (*Input, error) {
	copt := ccda.Options{Now: opt.Now}
	var results []*ccda.Result
	if format == XDM {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return nil, errors.New("the zip cannot be read (damaged or not a zip)")
		}
		defer zr.Close()
		if results, err = ccda.ConvertXDM(ctx, &zr.Reader, copt); err != nil {
			return nil, err
		}
	} else {
		f, _, err := inputfile.Open(path, maxCCDAFile)
		if err != nil {
			var tl *inputfile.TooLargeError
			if errors.As(err, &tl) {
				return nil, fmt.Errorf("file is larger than %s", inputfile.Size(tl.Limit))
			}
			return nil, err
		}
		defer f.Close()
		res, err := ccda.Convert(ctx, f, copt)
		if err != nil {
			return nil, err
		}
		results = []*ccda.Result{res}
	}
	in := &Input{Format: format, made: map[string]int{}}
	skips := map[[2]string]int{}
	var entries []json.RawMessage
	for _, r := range results {
		var b struct {
			Entry []json.RawMessage `json:"entry"`
		}
		if err := json.Unmarshal(r.Bundle, &b); err != nil {
			return nil, fmt.Errorf("the converted document cannot be read: %w", err)
		}
		entries = append(entries, b.Entry...)
		for t, n := range r.Made {
			in.made[t] += n
		}
		in.textOnly += r.TextOnly
		for _, s := range r.Skipped {
			skips[[2]string{s.Section, s.Reason}]++
		}
	}
	in.skipped = sortedSkips(skips)
	var bundle bytes.Buffer
	bundle.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
	for i, e := range entries {
		if i > 0 {
			bundle.WriteByte(',')
		}
		bundle.Write(e)
	}
	bundle.WriteString(`]}`)
	fin, err := cksync.ParseInput(path, bundle.Bytes())
	if err != nil {
		var fe *cksync.FileError
		if errors.As(err, &fe) {
			return nil, fmt.Errorf("the converted document: %w", fe.Err)
		}
		return nil, err
	}
	in.fhir, in.patients = fin, fin.Patients()
	return in, nil
}
