// Package ccda converts C-CDA documents (HL7 Consolidated CDA R2.1 and R1.1, single XML files
// or IHE XDM zips) into FHIR R4 resources, following the HL7 C-CDA on FHIR mapping (STU2).
//
// One document becomes one Bundle of type "collection": the document itself in a
// DocumentReference (its XML, byte for byte, as the attachment's data), the Patient, the
// author and custodian, and one resource per entry that can be mapped. Every resource made
// carries the derivation-reference extension pointing at the DocumentReference, so nothing in
// the document is lost where the mapping is incomplete: an entry that cannot be mapped stays
// in the document and is counted (Result.TextOnly).
//
// Resource ids are stable: hashed from the person's and the entry's C-CDA ids (root and
// extension), so re-importing a document changes nothing and a later document from the same
// provider updates the same resources. An entry without an id gets one from its code and
// clinical date.
//
// Parsing is bounded (Limits): size, depth, tokens, attributes; entities are never expanded.
// Errors are one line saying what is wrong, never quoting the document. docs/intake.md
// describes the mapping.
package ccda

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/inputfile"
)

// Options tune a conversion.
type Options struct {
	Limits Limits
	Now    func() time.Time // clock; nil means time.Now
	// PlaceholderKeys converts as CareKeeper did before F488 was fixed: a US social security
	// number no one can have (ssn.Placeholder) counts as the patient's id, keying the Patient
	// and every entry's id, and is kept among the Patient's identifiers. Only for a document
	// whose records an older CareKeeper stored so (Result.PlaceholderPatient): imported again,
	// it updates them instead of making new copies.
	PlaceholderKeys bool
}

// Result is one converted document.
type Result struct {
	Bundle   []byte         // FHIR R4 Bundle, type collection, JSON
	Made     map[string]int // resources made, by type
	TextOnly int            // entries kept only in the document's text (not mapped)
	Skipped  []Skip         // why each of the TextOnly entries was not mapped (one per entry)
	// BadDates counts the timestamps naming no real day or time (20261345, 20230229,
	// 202401012500): each is left out, as a nullFlavor would be, and its entry kept.
	BadDates int
	// BadValues counts the observations left out because their number cannot be read ("NaN",
	// "108,863": a comma that may be a decimal point or separate thousands); Impossible those
	// whose number no measurement of their kind can have (a weight or glucose of zero or below,
	// an oxygen saturation over 100 %). Both stay in the document's text (F195: a weight of
	// '108,863' vanished from Results without a word, one of -108.9 kg was shown).
	BadValues  int
	Impossible int
	DocumentID string // the document's id as "root" or "root^extension"
	Date       string // the document's effectiveTime (FHIR date or dateTime), "" if none
	Name       string // the file inside an XDM zip ("" for a single document)
	// Missing are the files an XDM zip's METADATA.XML lists that the zip does not hold (the
	// first document's Result names them; Combine gathers them).
	Missing []string
	// PlaceholderPatient is set when the patient's first id is a social security number no one
	// can have (000-00-0000), which no longer keys the records: the id of the Patient an older
	// CareKeeper made of the document (Options.PlaceholderKeys gives its ids back). Combine
	// gathers them.
	PlaceholderPatients []string
}

// Skip is a section or entry that was not mapped into a resource (it stays in the document).
type Skip struct {
	Section string `json:"section"`
	Reason  string `json:"reason"`
}

// Convert reads one C-CDA document and converts it.
func Convert(ctx context.Context, r io.Reader, opt Options) (*Result, error) {
	lim := opt.Limits.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the document: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, fmt.Errorf("the document is larger than %s", inputfile.Size(lim.MaxBytes))
	}
	return convertBytes(ctx, data, opt, lim)
}

func convertBytes(ctx context.Context, data []byte, opt Options, lim Limits) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	root, err := parse(ctx, data, lim)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	c := newConv(ctx, root, data, now())
	c.placeholderKeys = opt.PlaceholderKeys
	if err := c.run(); err != nil {
		return nil, err
	}
	res := &Result{
		Made:       c.made,
		TextOnly:   c.textOnly,
		Skipped:    c.skipped,
		DocumentID: c.docID,
		Date:       c.dateTime(root.child("effectiveTime")),
		BadDates:   len(c.badDates),
		BadValues:  c.badValues,
		Impossible: c.impossible,
	}
	if c.placeholderPatient != "" {
		res.PlaceholderPatients = []string{c.placeholderPatient}
	}
	bundle := obj{"resourceType": "Bundle", "type": "collection"}
	entries := make([]any, len(c.out))
	for i, res := range c.out {
		entries[i] = obj{"resource": res}
	}
	bundle["entry"] = entries
	mark := c.mark
	// The document's tree is not needed any more: left to the collector while the bundle is
	// written (F178).
	c, root = nil, nil
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(bundle); err != nil {
		return nil, fmt.Errorf("writing the bundle: %w", err)
	}
	bundle, entries = nil, nil
	res.Bundle = spliceData(bytes.TrimRight(buf.Bytes(), "\n"), mark, data)
	return res, nil
}

// Combine makes one Result of several documents (the documents of one XDM zip), to import as
// one file: a resource made by more than one document (the same entry, author or person in
// each) appears once, as the newest document made it (by document date, then order), so
// importing the combined bundle twice changes nothing. Made counts the combined bundle;
// TextOnly and Skipped add up.
func Combine(results []*Result) (*Result, error) {
	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return results[order[a]].Date < results[order[b]].Date })
	type entry struct {
		key string
		raw json.RawMessage
	}
	var entries []entry
	at := map[string]int{}
	out := &Result{Made: map[string]int{}}
	var ids []string
	for _, i := range order {
		r := results[i]
		var b struct {
			Entry []struct {
				Resource json.RawMessage `json:"resource"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(r.Bundle, &b); err != nil {
			return nil, fmt.Errorf("reading a converted document: %w", err)
		}
		for _, e := range b.Entry {
			var head struct {
				ResourceType string `json:"resourceType"`
				ID           string `json:"id"`
			}
			if err := json.Unmarshal(e.Resource, &head); err != nil {
				return nil, fmt.Errorf("reading a converted document: %w", err)
			}
			k := head.ResourceType + "/" + head.ID
			if j, ok := at[k]; ok {
				entries[j].raw = e.Resource // the newer document's version, in the older one's place
				continue
			}
			at[k] = len(entries)
			entries = append(entries, entry{k, e.Resource})
			out.Made[head.ResourceType]++
		}
		out.TextOnly += r.TextOnly
		out.BadDates += r.BadDates
		out.BadValues += r.BadValues
		out.Impossible += r.Impossible
		out.Skipped = append(out.Skipped, r.Skipped...)
		out.Missing = append(out.Missing, r.Missing...)
		out.PlaceholderPatients = append(out.PlaceholderPatients, r.PlaceholderPatients...)
		ids = append(ids, r.DocumentID)
		if r.Date > out.Date {
			out.Date = r.Date
		}
	}
	var buf bytes.Buffer
	buf.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
	for i, e := range entries {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"resource":`)
		buf.Write(e.raw)
		buf.WriteByte('}')
	}
	buf.WriteString(`]}`)
	out.Bundle = buf.Bytes()
	out.DocumentID = strings.Join(ids, " ")
	return out, nil
}

// ErrNoDocuments is returned for an XDM zip that holds no C-CDA document.
var ErrNoDocuments = errors.New("the zip holds no C-CDA document")

// ConvertXDM converts every C-CDA document in an XDM zip (IHE ITI-32): the documents named in
// each IHE_XDM/<subset>/METADATA.XML, or failing that every XML file whose root is a
// ClinicalDocument. Names with ".." or absolute paths, zip bombs (entries over the size or
// compression ratio limits) and more entries than Limits.MaxEntries are refused as a whole. A
// file the metadata lists that the zip does not hold is named in the first Result's Missing.
func ConvertXDM(ctx context.Context, z *zip.Reader, opt Options) ([]*Result, error) {
	lim := opt.Limits.withDefaults()
	files, missing, err := xdmDocuments(z, lim)
	if err != nil {
		return nil, err
	}
	var out []*Result
	var total int64
	for _, f := range files {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		data, err := readZipEntry(f.file, lim, lim.MaxBytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		total += int64(len(data))
		if total > lim.MaxZipBytes {
			return nil, fmt.Errorf("the zip's documents are larger than %s together", inputfile.Size(lim.MaxZipBytes))
		}
		if !f.named && !Sniff(head(data)) {
			continue
		}
		res, err := convertBytes(ctx, data, opt, lim)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
		res.Name = f.name
		out = append(out, res)
	}
	if len(out) == 0 {
		return nil, ErrNoDocuments
	}
	out[0].Missing = missing
	return out, nil
}

func head(data []byte) []byte {
	if len(data) > 1<<20 {
		return data[:1<<20]
	}
	return data
}
