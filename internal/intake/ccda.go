package intake

import (
	"archive/zip"
	"context"
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
	res := results[0]
	if len(results) > 1 {
		var err error
		if res, err = ccda.Combine(results); err != nil {
			return nil, err
		}
	}
	in := &Input{Format: format, made: res.Made, textOnly: res.TextOnly}
	skips := map[[2]string]int{}
	for _, s := range res.Skipped {
		skips[[2]string{s.Section, s.Reason}]++
	}
	in.skipped = sortedSkips(skips)
	fin, err := cksync.ParseInput(path, res.Bundle)
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
