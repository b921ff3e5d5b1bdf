package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"carekeeper/internal/ccda"
	"carekeeper/internal/health"
	"carekeeper/internal/inputfile"
	"carekeeper/internal/measure"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// sniffCCDA reports whether XML text is a C-CDA document (its root is ClinicalDocument).
func sniffCCDA(head []byte) bool { return ccda.Sniff(head) }

// maxCCDAFile bounds a single C-CDA file before the converter's own limits apply.
const maxCCDAFile = 64 << 20

// readCCDA converts a C-CDA document, or every document of an XDM zip into one import (all of
// them or none).
func readCCDA(ctx context.Context, path string, format Format, opt Options) (*Input, error) {
	if format == XDM {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return nil, errors.New("the zip cannot be read (damaged or not a zip)")
		}
		defer zr.Close()
		return convertCCDA(ctx, path, XDM, func(copt ccda.Options) ([]*ccda.Result, error) {
			return ccda.ConvertXDM(ctx, &zr.Reader, copt)
		}, opt)
	}
	return convertCCDA(ctx, path, format, func(copt ccda.Options) ([]*ccda.Result, error) {
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
		return []*ccda.Result{res}, nil
	}, opt)
}

// convertCCDA makes the Input of the documents convert gives (several are combined into one).
func convertCCDA(ctx context.Context, path string, format Format, convert func(ccda.Options) ([]*ccda.Result, error), opt Options) (*Input, error) {
	return convertCCDAWith(ctx, path, format, convert, opt, false)
}

// convertCCDAWith is convertCCDA, with the ids an older CareKeeper gave a document keyed by a
// social security number no one can have (placeholderKeys; ccda.Options.PlaceholderKeys).
// Without them, such a document's Input also holds its conversion with them (F488).
func convertCCDAWith(ctx context.Context, path string, format Format, convert func(ccda.Options) ([]*ccda.Result, error), opt Options, placeholderKeys bool) (*Input, error) {
	results, err := convert(ccda.Options{Now: opt.Now, PlaceholderKeys: placeholderKeys})
	if err != nil {
		return nil, err
	}
	res := results[0]
	if len(results) > 1 {
		if res, err = ccda.Combine(results); err != nil {
			return nil, err
		}
	}
	in := &Input{Format: format, made: res.Made, textOnly: res.TextOnly}
	skips := map[[2]string]int{}
	for _, s := range res.Skipped {
		skips[[2]string{s.Section, s.Reason}]++
	}
	if n := len(res.Missing); n > 0 {
		skips[[2]string{missingWhat, missingReason}] += n
	}
	if res.BadDates > 0 {
		skips[[2]string{badDateWhat, badDateReason}] += res.BadDates
	}
	if res.BadValues > 0 {
		skips[[2]string{badValueWhat, badValueReason}] += res.BadValues
	}
	if res.Impossible > 0 {
		skips[[2]string{badValueWhat, impossibleReason}] += res.Impossible
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
	in.fhir, in.patients, in.ccdaBundle = fin, fin.Patients(), res.Bundle
	if len(res.PlaceholderPatients) > 0 && !placeholderKeys {
		if in.placeholderKeyed, err = convertCCDAWith(ctx, path, format, convert, opt, true); err != nil {
			return nil, err
		}
		in.placeholderPatients = res.PlaceholderPatients
	}
	return in, nil
}

// placeholderKeyedHere reports whether the vault holds a Patient an older CareKeeper made of a
// document keyed by a social security number no one can have (ids, ccda.Result's
// PlaceholderPatients), as the file's own or a person's copy, of the same person as the
// document's (patients, converted so: the same name and birth date, health.CompareIdentity).
// Another person's document that gives the same placeholder is not theirs: it gets the new ids.
func placeholderKeyedHere(v *storage.Vault, ids []string, patients [][]byte) (bool, error) {
	people, err := v.Profiles()
	if err != nil {
		return false, err
	}
	for _, id := range ids {
		sources := []string{cksync.LocalSource}
		for _, p := range people {
			sources = append(sources, cksync.PersonSource(p.ID))
		}
		for _, src := range sources {
			rec, err := v.Get(storage.ID{Source: src, Type: "Patient", ID: id})
			if errors.Is(err, storage.ErrNotFound) {
				continue
			}
			if err != nil {
				return false, err
			}
			stored, ok := health.PatientIdentity(rec.Resource)
			if !ok {
				continue
			}
			stored.Identifiers = nil // the placeholder both give says nothing
			for _, p := range patients {
				if file, ok := health.PatientIdentity(p); ok && !health.CompareIdentity(health.Identity{Name: file.Name, BirthDate: file.BirthDate}, stored).Differs() {
					return true, nil
				}
			}
		}
	}
	return false, nil
}

// A document an XDM package's METADATA.XML lists that the zip does not hold is a Skip of its
// own: said in words ("1 document listed in the package was not in it"), not among the entries
// kept as text.
const (
	missingWhat   = "document"
	missingReason = "listed in the package's METADATA.XML but not in the zip"
)

// A timestamp naming no real day or time (20261345) is left out of its entry, which is kept:
// said in words ("1 date naming no real day or time left out"), not among the entries kept as
// text.
const (
	badDateWhat   = "date"
	badDateReason = "names no real day or time: left out, its entry kept"
)

// A measurement whose number cannot be read ("NaN", "108,863": a comma that may be a decimal
// point or separate thousands), or that no measurement of its kind can have (a weight of zero
// or below), is left out; the document keeps it as written. Said in words (F195: such a
// weight vanished from Results without a word, or was shown as -108.9 kg).
const (
	badValueWhat     = "measurement"
	badValueReason   = "its number cannot be read: not a number, or written with a comma that may be a decimal point or separate thousands"
	impossibleReason = measure.Reason
)

// keepNewer leaves out the converted resources whose stored versions come from a newer
// document (ccda.KeepNewer) and reparses what is left; kept counts them by type. Only the
// records of the person the document goes to (the one chosen, else the one the import files it
// under) and shared ones are compared: another person's record of the same id is not theirs
// (sync.PersonSource), and a new person has none yet. Only a document that names no person
// is compared against whoever holds the ids.
//
// relinked counts, by type, the records whose only change is which document carried them
// (ccda.Relinked): said as unchanged.
func (in *Input) keepNewer(v *storage.Vault, opt cksync.Options) (_ *cksync.Input, kept, relinked map[string]int, _ error) {
	profile := opt.Profile
	if profile == "" {
		who, isNew, err := in.fhir.Person(v, opt)
		if err != nil || isNew {
			return in.fhir, nil, nil, err
		}
		profile = who
	}
	stored := func(typ, id string) []byte {
		if profile != "" {
			if rec, err := v.Get(storage.ID{Source: cksync.PersonSource(profile), Type: typ, ID: id}); err == nil && rec != nil {
				return rec.Resource
			}
		}
		rec, err := v.Get(storage.ID{Source: cksync.LocalSource, Type: typ, ID: id})
		if err != nil || rec == nil || (profile != "" && rec.Profile != profile && rec.Profile != storage.SharedProfile) {
			return nil
		}
		return rec.Resource
	}
	bundle, kept, err := ccda.KeepNewer(in.ccdaBundle, stored)
	if err != nil {
		return in.fhir, nil, nil, err
	}
	if relinked, err = ccda.Relinked(bundle, stored); err != nil {
		return in.fhir, nil, nil, err
	}
	bundle, dead, err := keepDeath(bundle, stored)
	if err != nil || len(kept) == 0 && !dead {
		return in.fhir, nil, relinked, err
	}
	fin, err := cksync.ParseInput(in.Path, bundle)
	return fin, kept, relinked, err
}

// keepDeath gives a converted document's Patient the death its stored record states (deceased
// true or a date) when the document says nothing of one: C-CDA's sdtc:deceasedInd is optional,
// and a document without it (a lab's report, another clinic's summary) is silent, not a
// statement that the person is alive. It brought a person who had died back to life without a
// word, her reminders back (F252). A document that says she is living (deceasedInd false)
// still says so.
func keepDeath(bundle []byte, stored func(typ, id string) []byte) ([]byte, bool, error) {
	var b struct {
		ResourceType string                       `json:"resourceType"`
		Type         string                       `json:"type"`
		Entry        []map[string]json.RawMessage `json:"entry"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		return nil, false, fmt.Errorf("reading a converted document: %w", err)
	}
	changed := false
	for _, e := range b.Entry {
		var res map[string]json.RawMessage
		if json.Unmarshal(e["resource"], &res) != nil || string(res["resourceType"]) != `"Patient"` ||
			res["deceasedBoolean"] != nil || res["deceasedDateTime"] != nil {
			continue
		}
		var id string
		json.Unmarshal(res["id"], &id)
		var old map[string]json.RawMessage
		if r := stored("Patient", id); r == nil || json.Unmarshal(r, &old) != nil {
			continue
		}
		switch {
		case old["deceasedDateTime"] != nil:
			res["deceasedDateTime"] = old["deceasedDateTime"]
		case string(old["deceasedBoolean"]) == "true":
			res["deceasedBoolean"] = old["deceasedBoolean"]
		default:
			continue
		}
		raw, err := marshalJSON(res)
		if err != nil {
			return nil, false, err
		}
		e["resource"], changed = raw, true
	}
	if !changed {
		return bundle, false, nil
	}
	out, err := marshalJSON(b)
	return out, true, err
}

// marshalJSON is json.Marshal without HTML escaping (a narrative's "<div>" stays as converted).
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
