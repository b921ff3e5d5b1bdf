package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/applehealth"
	"carekeeper/internal/ccda"
	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/internal/inputfile"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// Limits on Apple Health exports and zips.
const (
	maxExportXML     = 16 << 30 // export.xml, decompressed
	maxZipRatio      = 200      // decompressed / compressed for one entry (a zip bomb is ~1000)
	maxClinicalTotal = fhirjson.MaxFileBytes
)

// maxZipEntries is the most entries a zip may declare (a variable for tests).
var maxZipEntries uint64 = 200000

// batchSize is how many samples of export.xml go into one vault transaction.
var batchSize = 2000

// appleInput is the streamed part of an Apple Health export.
type appleInput struct {
	open  func() (io.ReadCloser, error) // export.xml; nil when the export has none
	stats *applehealth.Stats
	me    applehealth.Me // what export.xml's <Me> says of the phone's owner
	// subject of the samples when no --profile is given: the one Patient of the clinical records
	subject string
}

// IsAppleHealthFolder reports whether dir is an unzipped Apple Health export: it holds
// export.xml (named in the phone's language: see exportXMLName) or a clinical-records folder.
func IsAppleHealthFolder(dir string) bool {
	if name, err := folderExportXML(dir); err != nil || name != "" {
		return true // more than one export.xml is an export too, refused when it is read
	}
	st, err := os.Stat(filepath.Join(dir, "clinical-records"))
	return err == nil && st.IsDir()
}

// exportHead is how much of an .xml file is read to see whether it is an Apple Health
// export.xml: the HealthData DOCTYPE or root comes right after the XML declaration.
const exportHead = 4 << 10

// exportXMLName reports whether name (a file name, no folder) may be an Apple Health
// export.xml. The Health app names it in the phone's language (export.xml, Export.xml,
// exportar.xml, eksport.xml, vienti.xml …); only export_cda.xml keeps its English name, and it
// is not the export.xml. The content decides (isAppleExportXML on its first exportHead bytes).
func exportXMLName(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, ".xml") && !strings.HasSuffix(lower, "_cda.xml") && !strings.HasPrefix(name, ".")
}

// isExportHead reads the start of an .xml file and reports whether it is an Apple Health
// export.xml.
func isExportHead(open func() (io.ReadCloser, error)) (bool, error) {
	rc, err := open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	head := make([]byte, exportHead)
	n, err := io.ReadFull(rc, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return false, err
	}
	return isAppleExportXML(head[:n]), nil
}

// oneExportXML is the error for an export with two files that are each an export.xml.
func oneExportXML(a, b string) error {
	return fmt.Errorf("the Apple Health export holds two export.xml files (%s and %s): refused", a, b)
}

// folderExportXML is the name of the export.xml in an unzipped export folder ("" if none).
func folderExportXML(dir string) (string, error) {
	entries, _ := os.ReadDir(dir)
	found := ""
	for _, e := range entries {
		if !e.Type().IsRegular() || !exportXMLName(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		ok, err := isExportHead(func() (io.ReadCloser, error) {
			f, _, err := inputfile.Open(p, maxExportXML)
			return f, err
		})
		switch {
		case err != nil:
			return "", err
		case !ok:
			continue
		case found != "":
			return "", oneExportXML(found, e.Name())
		}
		found = e.Name()
	}
	return found, nil
}

// zipExportXML is the export.xml entry of a zip (nil if none): an .xml file at the top or one
// folder down (apple_health_export/) whose content starts an Apple Health export.xml.
func zipExportXML(zr *zip.Reader) (*zip.File, error) {
	var found *zip.File
	for _, f := range zr.File {
		name := zipName(f.Name)
		if name == "" || f.FileInfo().IsDir() || strings.Count(name, "/") > 1 || !exportXMLName(path.Base(name)) {
			continue
		}
		ok, err := isExportHead(func() (io.ReadCloser, error) { return entryReader(f, maxExportXML) })
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if found != nil {
			return nil, oneExportXML(path.Base(zipName(found.Name)), path.Base(name))
		}
		found = f
	}
	return found, nil
}

// isAppleExportXML reports whether XML text starts an Apple Health export.xml.
func isAppleExportXML(text []byte) bool {
	return bytes.Contains(text, []byte("<HealthData")) || bytes.Contains(text, []byte("DOCTYPE HealthData"))
}

// zipName is an entry name with backslashes as slashes, or "" if it would leave the folder.
func zipName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	clean := strings.TrimSuffix(name, "/")
	if clean == "" || !filepath.IsLocal(filepath.FromSlash(clean)) || strings.HasPrefix(name, "/") {
		return ""
	}
	return clean
}

// entryReader opens a zip entry read through a limit: its size must stay within limit and
// maxZipRatio times its compressed size.
func entryReader(f *zip.File, limit int64) (io.ReadCloser, error) {
	most := min(limit, int64(f.CompressedSize64)*maxZipRatio+1<<20)
	if f.UncompressedSize64 > uint64(most) {
		return nil, zipTooLarge(f, limit, most)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("the zip cannot be read: %w", err)
	}
	return &limitedEntry{rc: rc, left: most, err: zipTooLarge(f, limit, most)}, nil
}

func zipTooLarge(f *zip.File, limit, most int64) error {
	if most < limit {
		return errors.New("a file in the zip expands more than a real export could (a zip bomb?): refused")
	}
	return fmt.Errorf("%s in the zip is larger than %s", path.Base(zipName(f.Name)), inputfile.Size(limit))
}

type limitedEntry struct {
	rc   io.ReadCloser
	left int64
	err  error
}

func (l *limitedEntry) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// one byte more tells a file of exactly the limit from a longer one
		var one [1]byte
		if n, _ := l.rc.Read(one[:]); n > 0 {
			return 0, l.err
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	if err == zip.ErrChecksum {
		err = errors.New("the zip is damaged (a checksum does not match)")
	}
	return n, err
}

func (l *limitedEntry) Close() error { return l.rc.Close() }

// zipKind looks at a zip's entries: XDM or AppleHealth, refusing names that leave the folder.
func zipKind(zr *zip.Reader) (Format, error) {
	if uint64(len(zr.File)) > maxZipEntries {
		return "", fmt.Errorf("the zip holds more than %d files", maxZipEntries)
	}
	apple, xdm := false, false
	for _, f := range zr.File {
		name := zipName(f.Name)
		if name == "" {
			return "", errors.New("the zip names a file outside its own folder (like ../x or /x): refused")
		}
		upper := strings.ToUpper(name)
		switch {
		case strings.HasPrefix(upper, "IHE_XDM/") || path.Base(upper) == "METADATA.XML":
			xdm = true
		case path.Base(path.Dir(name)) == "clinical-records":
			apple = true
		}
	}
	if xdm {
		return XDM, nil
	}
	export, err := zipExportXML(zr)
	if err != nil {
		return "", err
	}
	if apple || export != nil {
		return AppleHealth, nil
	}
	// A zip of C-CDA documents without XDM's folders (a portal's "download my records"):
	// its documents, as ConvertXDM takes them from a package without METADATA.XML.
	office := false
	for _, f := range zr.File {
		name := zipName(f.Name)
		office = office || name == "[Content_Types].xml"
		upper := strings.ToUpper(name)
		if f.FileInfo().IsDir() || !strings.HasSuffix(upper, ".XML") ||
			strings.HasSuffix(upper, "_CDA.XML") || strings.HasPrefix(upper, "APPLE_HEALTH_EXPORT/") {
			// an Apple Health export's export_cda.xml (its measurements again, often not
			// valid XML) is not a document of the person's records
			continue
		}
		rc, err := entryReader(f, 1<<20)
		if err != nil {
			continue
		}
		head, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
		rc.Close()
		if sniffCCDA(head) {
			return CCDA, nil
		}
	}
	if office {
		return "", notRecords("an Office document (Word, Excel or PowerPoint)")
	}
	// A zip of FHIR files (a portal's or a bulk export's download) is not read whole: say what
	// it holds and what to do (F282). Counted only, never named (a file's name can say whose).
	if n := fhirFilesIn(zr); n > 0 {
		return "", &fhirZipError{n}
	}
	// A zip inside the zip (a download zipped again, or nested on purpose): said, so the person
	// knows to unzip it, not that it holds nothing CareKeeper reads (F567 item 4).
	if n := zipsIn(zr); n == 1 {
		return "", errors.New("the zip holds another zip and no health records of its own: unzip it and import what it gives")
	} else if n > 1 {
		return "", fmt.Errorf("the zip holds %d other zips and no health records of its own: unzip it and import what they give", n)
	}
	return "", errors.New("the zip is neither an Apple Health export nor a package of C-CDA documents")
}

// zipsIn counts the zip's files that are zips themselves (they begin as a zip does).
func zipsIn(zr *zip.Reader) int {
	n := 0
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		rc, err := entryReader(f, 1<<20)
		if err != nil {
			continue
		}
		var head [4]byte
		_, err = io.ReadFull(rc, head[:])
		rc.Close()
		if err == nil && string(head[:]) == "PK\x03\x04" {
			n++
		}
	}
	return n
}

// fhirZipError is a zip of FHIR files, which is not read whole: it says what it holds and what
// to do (gzipped says it was inside a gzip: decompressed first).
type fhirZipError struct{ n int }

func (e *fhirZipError) Error() string {
	return fmt.Sprintf("the zip holds %s of health records, which CareKeeper imports one by one: unzip it and import the files in it",
		map[bool]string{true: "1 file", false: fmt.Sprint(e.n) + " files"}[e.n == 1])
}

// gzipped is the words of a zip found inside a gzip file.
func (e *fhirZipError) gzipped() error {
	return fmt.Errorf("the gzip holds a zip of %s of health records, which CareKeeper imports one by one: decompress it, unzip what it gives and import the files in it",
		map[bool]string{true: "1 file", false: fmt.Sprint(e.n) + " files"}[e.n == 1])
}

// fhirFilesIn counts the zip's .json and .ndjson files that begin as FHIR does (a
// "resourceType" in their first 4 KiB).
func fhirFilesIn(zr *zip.Reader) int {
	n := 0
	for _, f := range zr.File {
		upper := strings.ToUpper(zipName(f.Name))
		if f.FileInfo().IsDir() || !(strings.HasSuffix(upper, ".JSON") || strings.HasSuffix(upper, ".NDJSON")) {
			continue
		}
		rc, err := entryReader(f, 1<<20)
		if err != nil {
			continue
		}
		head, _ := io.ReadAll(io.LimitReader(rc, 4<<10))
		rc.Close()
		if bytes.Contains(head, []byte(`"resourceType"`)) {
			n++
		}
	}
	return n
}

// readAppleFile reads an export.zip (or an XDM zip, handed on) or a bare export.xml.
func readAppleFile(ctx context.Context, p string, head []byte, size int64, opt Options) (*Input, error) {
	if !bytes.HasPrefix(head, []byte("PK")) {
		open := func() (io.ReadCloser, error) {
			f, _, err := inputfile.Open(p, maxExportXML)
			return f, err
		}
		return readApple(ctx, open, nil, nil, opt)
	}
	if f, _, err := inputfile.Open(p, 0); err == nil {
		n, ok := zipEntries(f, size)
		f.Close()
		if ok && n > maxZipEntries {
			return nil, fmt.Errorf("the zip holds more than %d files", maxZipEntries)
		}
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, errors.New("the zip cannot be read (damaged or not a zip)")
	}
	defer zr.Close()
	return readZip(ctx, p, &zr.Reader, func() (*zip.Reader, io.Closer, error) {
		z, err := zip.OpenReader(p)
		if err != nil {
			return nil, nil, errors.New("the zip cannot be read (damaged or not a zip)")
		}
		return &z.Reader, z, nil
	}, opt)
}

// readZip reads a zip: an XDM package or an Apple Health export. reopen opens the zip again
// for export.xml's samples at import.
func readZip(ctx context.Context, p string, zr *zip.Reader, reopen func() (*zip.Reader, io.Closer, error), opt Options) (*Input, error) {
	kind, err := zipKind(zr)
	if err != nil {
		return nil, err
	}
	if kind == XDM || kind == CCDA {
		return convertCCDA(ctx, p, kind, func(copt ccda.Options) ([]*ccda.Result, error) {
			return ccda.ConvertXDM(ctx, zr, copt)
		}, opt)
	}
	exportXML, err := zipExportXML(zr)
	if err != nil {
		return nil, err
	}
	var clinical []clinicalFile
	leftOut := map[[2]string]int{}
	for _, f := range zr.File {
		name := zipName(f.Name)
		if !f.FileInfo().IsDir() {
			appleLeftOut(leftOut, name)
		}
		switch {
		case path.Base(path.Dir(name)) == "clinical-records" && strings.HasSuffix(name, ".json") && !f.FileInfo().IsDir():
			clinical = append(clinical, clinicalFile{name: "clinical-records/" + path.Base(name), open: func() (io.ReadCloser, error) {
				return entryReader(f, fhirjson.MaxResourceBytes)
			}})
		}
	}
	var open func() (io.ReadCloser, error)
	if exportXML != nil {
		open = func() (io.ReadCloser, error) {
			z, closer, err := reopen()
			if err != nil {
				return nil, err
			}
			for _, f := range z.File {
				if f.Name == exportXML.Name {
					rc, err := entryReader(f, maxExportXML)
					if err != nil {
						closer.Close()
						return nil, err
					}
					return &both{rc, closer}, nil
				}
			}
			closer.Close()
			return nil, errors.New("the zip changed while it was read")
		}
	}
	return readApple(ctx, open, clinical, leftOut, opt)
}

// appleLeftOut counts a file of an Apple Health export that is not imported, by what it is and
// why (a Skip each): its ECG recordings, workout routes and export_cda.xml were left out
// without a word, though the docs said they were counted (F217).
func appleLeftOut(counts map[[2]string]int, name string) {
	dir, base := path.Base(path.Dir(name)), path.Base(name)
	switch {
	case dir == "electrocardiograms" && strings.HasSuffix(strings.ToLower(base), ".csv"):
		counts[[2]string{"ECG recording", "CareKeeper does not keep ECG recordings"}]++
	case dir == "workout-routes" && strings.HasSuffix(strings.ToLower(base), ".gpx"):
		counts[[2]string{"workout route", "CareKeeper does not keep workout routes"}]++
	case base == "export_cda.xml":
		counts[[2]string{"export_cda.xml", "the same measurements as export.xml, which is read instead"}]++
	}
}

type both struct {
	io.ReadCloser
	outer io.Closer
}

func (b *both) Close() error {
	err := b.ReadCloser.Close()
	if e := b.outer.Close(); err == nil {
		err = e
	}
	return err
}

// readAppleFolder reads an unzipped export folder.
func readAppleFolder(ctx context.Context, dir string, opt Options) (*Input, error) {
	var open func() (io.ReadCloser, error)
	name, err := folderExportXML(dir)
	if err != nil {
		return nil, err
	}
	if name != "" {
		open = func() (io.ReadCloser, error) {
			f, _, err := inputfile.Open(filepath.Join(dir, name), maxExportXML)
			return f, err
		}
	}
	var clinical []clinicalFile
	entries, _ := os.ReadDir(filepath.Join(dir, "clinical-records"))
	if uint64(len(entries)) > maxZipEntries {
		return nil, fmt.Errorf("clinical-records holds more than %d files", maxZipEntries)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		p := filepath.Join(dir, "clinical-records", e.Name())
		clinical = append(clinical, clinicalFile{name: "clinical-records/" + e.Name(), open: func() (io.ReadCloser, error) {
			f, _, err := inputfile.Open(p, fhirjson.MaxResourceBytes)
			return f, err
		}})
	}
	leftOut := map[[2]string]int{}
	for _, sub := range []string{"electrocardiograms", "workout-routes"} {
		files, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, e := range files[:min(len(files), int(maxZipEntries))] {
			if e.Type().IsRegular() {
				appleLeftOut(leftOut, sub+"/"+e.Name())
			}
		}
	}
	if st, err := os.Stat(filepath.Join(dir, "export_cda.xml")); err == nil && st.Mode().IsRegular() {
		appleLeftOut(leftOut, "export_cda.xml")
	}
	in, err := readApple(ctx, open, clinical, leftOut, opt)
	if err != nil {
		return nil, err
	}
	in.Path, in.Format = dir, AppleHealth
	return in, nil
}

type clinicalFile struct {
	name string // clinical-records/<file>.json
	open func() (io.ReadCloser, error)
}

// readApple checks export.xml in one streamed pass (nothing is kept but counts) and converts
// the clinical records, so that a bad export is refused before anything is written.
func readApple(ctx context.Context, open func() (io.ReadCloser, error), clinical []clinicalFile, leftOut map[[2]string]int, opt Options) (*Input, error) {
	stats := &applehealth.Stats{Made: map[string]int{}, Skipped: map[string]int{}, Clinical: map[string]applehealth.Source{}}
	if open != nil && !opt.patientsOnly {
		r, err := open()
		if err != nil {
			return nil, err
		}
		stats, err = applehealth.Scan(ctx, r, applehealth.Options{}, nil)
		r.Close()
		if err != nil {
			return nil, err
		}
	}
	in := &Input{Format: AppleHealth, apple: &appleInput{open: open, stats: stats}, made: map[string]int{}}
	if open != nil {
		// Whose phone: its owner's birth date and sex, for the identity check (F200). A
		// reading error is the scan's to say.
		if r, err := open(); err == nil {
			in.apple.me, _ = applehealth.ReadMe(r)
			r.Close()
		}
	}
	skips := map[[2]string]int{}
	for k, n := range leftOut {
		skips[k] += n
	}
	for typ, n := range stats.Skipped {
		what, reason, ok := strings.Cut(typ, " (")
		if ok {
			reason = strings.TrimSuffix(reason, ")")
		} else {
			reason = "not a kind of measurement CareKeeper imports"
		}
		skips[[2]string{what, reason}] += n
	}
	if n := stats.Samples(); n > 0 {
		in.made["Observation"] = n
	}
	sort.Slice(clinical, func(i, j int) bool { return clinical[i].name < clinical[j].name })
	var resources [][]byte
	var urls []string
	var total int64
	for _, c := range clinical {
		r, err := c.open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		data, err := inputfile.ReadAll(r, 0, fhirjson.MaxResourceBytes)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		if total += int64(len(data)); total > maxClinicalTotal {
			return nil, fmt.Errorf("the clinical records are larger than %s together", inputfile.Size(maxClinicalTotal))
		}
		src := stats.Clinical[c.name]
		conv, err := applehealth.ConvertClinical(data, src.FHIRVersion)
		if errors.Is(err, applehealth.ErrSkipped) {
			skips[[2]string{"clinical record", err.Error()}]++
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		if _, err := fhirjson.ParseFile(conv.Resource); err != nil {
			// one provider record in a form the importer refuses does not refuse the export
			skips[[2]string{"clinical record", "not valid FHIR R4: " + err.Error()}]++
			continue
		}
		resources = append(resources, conv.Resource)
		urls = append(urls, fullURL(src.URL, conv))
		in.made[conv.Type]++
		if conv.Type == "Patient" {
			in.patients = append(in.patients, conv.Resource)
		}
	}
	in.skipped = sortedSkips(skips)
	if len(resources) > 0 {
		fin, err := cksync.ParseInput("clinical-records", collection(urls, resources))
		if err != nil {
			var fe *cksync.FileError
			if errors.As(err, &fe) {
				return nil, fmt.Errorf("clinical records: %w", fe.Err)
			}
			return nil, err
		}
		in.fhir = fin
	}
	if open == nil && in.fhir == nil {
		return nil, errors.New("the Apple Health export holds neither export.xml nor clinical records")
	}
	if in.apple.stats.Samples() > 0 && opt.Profile == "" && !opt.patientsOnly {
		subject, err := appleSubject(in.patients, resources, urls)
		if err != nil {
			return nil, err
		}
		in.apple.subject = subject
	}
	return in, nil
}

// fullURL is a clinical record's provider URL when it names the resource (so the same record
// from the provider's portal is recognised), else "".
func fullURL(src string, c *applehealth.Clinical) string {
	if c.DSTU2 || src == "" {
		return ""
	}
	if _, typ, _, ok := fhirjson.SplitFullURL(src); ok && typ == c.Type {
		return src
	}
	return ""
}

// appleSubject is the Patient the samples of an export belong to when no person was chosen:
// the one Patient of its clinical records.
func appleSubject(patients, resources [][]byte, urls []string) (string, error) {
	if len(patients) != 1 {
		return "", errors.New("an Apple Health export does not say whose measurements it holds: import it into a person (--profile ID, or from the person's page)")
	}
	for i, r := range resources {
		if bytes.Equal(r, patients[0]) {
			if urls[i] != "" {
				return urls[i], nil
			}
			var p struct {
				ID string `json:"id"`
			}
			if err := jsonUnmarshal(r, &p); err == nil && p.ID != "" {
				return "Patient/" + p.ID, nil
			}
		}
	}
	return "", errors.New("the Patient of the Apple Health export has no id: import it into a person (--profile ID)")
}

// importApple writes an export: its clinical records in one transaction, then export.xml's
// samples streamed again in transactions of batchSize. Every batch is whole resources with
// stable ids, so an import stopped half way (cancelled, disk full) leaves a consistent vault,
// and importing the same export again completes it without duplicates.
func (in *Input) importApple(ctx context.Context, v *storage.Vault, opt Options, sum *Summary) (*Summary, error) {
	fail := func(err error) (*Summary, error) { return nil, &cksync.FileError{File: in.Path, Err: err} }
	sum.Summary = cksync.Summary{File: in.Path, Profile: opt.Profile, Added: map[string]int{}, Updated: map[string]int{}}
	sum.Measurements = in.apple.stats.Made
	add := func(s *cksync.Summary) {
		for k, n := range s.Added {
			sum.Added[k] += n
		}
		for k, n := range s.Updated {
			sum.Updated[k] += n
		}
		sum.Unchanged += s.Unchanged
		sum.People = addNew(sum.People, s.People...)
		sum.NewPeople = addNew(sum.NewPeople, s.NewPeople...)
		sum.AfterToday += s.AfterToday // readings dated after today (F175)
		if s.AfterTodayLatest > sum.AfterTodayLatest {
			sum.AfterTodayLatest = s.AfterTodayLatest
		}
		if sum.Profile == "" {
			sum.Profile = s.Profile
		}
	}
	if in.fhir != nil {
		s, err := in.fhir.Import(ctx, v, opt.Options)
		if err != nil {
			var fe *cksync.FileError
			if errors.As(err, &fe) {
				return fail(fe.Err)
			}
			return fail(err)
		}
		add(s)
	}
	if in.apple.open == nil || in.apple.stats.Samples() == 0 {
		return sum, nil
	}
	subject := in.apple.subject
	var patient []byte
	if opt.Profile != "" {
		subject = ""
		p, err := v.Profile(opt.Profile)
		if errors.Is(err, storage.ErrNotFound) {
			return fail(cksync.ErrUnknownProfile)
		} else if err != nil {
			return fail(err)
		}
		if len(p.Patients) > 0 {
			subject = reference(p.Patients[0])
			// The Patient an earlier import made for them is this import's too: counted
			// unchanged, as the first import counted it added ("38 added", then "nothing new:
			// 38 records already there", not 37: F98).
			made, _ := personPatient(p)
			if slices.ContainsFunc(p.Patients, func(id storage.ID) bool { return reference(id) == made }) {
				sum.Unchanged++
			}
		} else {
			// A person added by hand has no Patient: samples without a subject would belong
			// to nobody once exported and imported elsewhere. Their Patient is made, written
			// with the first batch.
			subject, patient = personPatient(p)
		}
	}
	bopt := opt.Options
	bopt.Profile = sum.Profile
	r, err := in.apple.open()
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	batch := make([][]byte, 0, batchSize)
	if patient != nil {
		batch = append(batch, patient)
	}
	// A sample the export gives twice is one record (its id is made from its values): within
	// a batch sync counts it once; a copy in a later batch was counted unchanged, as if it
	// had been there before ("4802 added, 1 unchanged" for a new person, F156). The ids this
	// import wrote are kept as 8-byte hashes (at most ~9 MB for the 1.15 M samples of the
	// largest export); a copy whose hash is among them and whose record is stored is left out.
	seed := maphash.MakeSeed()
	written := map[uint64]struct{}{}
	var hashes []uint64 // of the batch's samples
	write := func() error {
		if len(batch) == 0 {
			return nil
		}
		s, err := cksync.Import(ctx, v, filepath.Base(in.Path), collection(nil, batch), bopt)
		if err != nil {
			var fe *cksync.FileError
			if errors.As(err, &fe) {
				return fe.Err
			}
			return err
		}
		add(s)
		for _, h := range hashes {
			written[h] = struct{}{}
		}
		batch, hashes = batch[:0], hashes[:0]
		return nil
	}
	// The ids name the person (their profile), so two people's identical samples and day
	// totals never share a record; this person's records imported before that keep their ids.
	aopt := applehealth.Options{Subject: subject, Person: bopt.Profile}
	if aopt.Person == "" {
		aopt.Person = subject
	} else if hasAppleSamples(ctx, v, bopt.Profile) {
		// A person without samples yet (a first import) has no old ids to look up.
		aopt.Known = func(id string) bool {
			rec, err := v.Get(storage.ID{Source: cksync.LocalSource, Type: "Observation", ID: id})
			return err == nil && rec != nil && rec.Profile == bopt.Profile
		}
	}
	// Samples dated after the person's death (a day later on their clock) are not theirs to
	// keep: a phone's steps on 4 Dec on the Results of someone who died on 1 Dec (F234). Left
	// out and said.
	var death health.Death
	var deathLoc *time.Location
	if bopt.Profile != "" {
		now, err := personNow(v, bopt.Profile, opt)
		if err != nil {
			return fail(err)
		}
		if death, _, err = personDeath(v, bopt.Profile, now); err != nil {
			return fail(err)
		}
		deathLoc = now.Location()
	}
	_, err = applehealth.Scan(ctx, r, aopt, func(o []byte) error {
		if death.Deceased && death.Date != "" {
			if at := sampleStart(o); at != "" && health.DayIn(at, deathLoc) > death.Date {
				sum.AfterDeath++
				sum.DiedOn = death.Date
				return nil
			}
		}
		// A day's total never drops: an older export imported after a newer one leaves the
		// larger total stored (counted unchanged).
		if id, ok := applehealth.DailyTotalID(o); ok {
			rec, err := v.Get(storage.ID{Source: cksync.LocalSource, Type: "Observation", ID: id})
			if err == nil && rec != nil && (bopt.Profile == "" || rec.Profile == bopt.Profile) && applehealth.KeepStoredTotal(o, rec.Resource) {
				sum.Unchanged++
				return nil
			}
		}
		if id := sampleID(o); id != nil {
			h := maphash.Bytes(seed, id)
			if _, ok := written[h]; ok {
				rec, err := v.Get(storage.ID{Source: cksync.LocalSource, Type: "Observation", ID: string(id)})
				if err == nil && rec != nil {
					return nil // written by an earlier batch of this import: the same record
				}
			}
			hashes = append(hashes, h)
		}
		batch = append(batch, o)
		if len(batch) >= batchSize {
			return write()
		}
		return nil
	})
	if err == nil {
		err = write()
	}
	if err != nil {
		return fail(err)
	}
	return sum, nil
}

// personPatient is a Patient for a person who has none (one added by hand, with a name and
// perhaps a birth date), and the reference to it: the subject of the samples imported into
// them, so that the person's export says whose they are. Its id is made from the profile's, so
// importing again makes no second one (the profile then holds it).
func personPatient(p *storage.Profile) (ref string, resource []byte) {
	type name struct {
		Text string `json:"text"`
	}
	sum := sha256.Sum256([]byte(p.ID)) // a FHIR id whatever the profile's id is made of
	res := struct {
		ResourceType string `json:"resourceType"`
		ID           string `json:"id"`
		Name         []name `json:"name"`
		BirthDate    string `json:"birthDate,omitempty"`
	}{"Patient", "ah-person-" + hex.EncodeToString(sum[:12]), []name{{p.Name}}, p.BirthDate}
	b, err := json.Marshal(res)
	if err != nil {
		panic(err) // strings only: never fails
	}
	return "Patient/" + res.ID, b
}

// sampleStart is when a sample Scan made was taken (its effectiveDateTime, or its period's
// start), "" if it says none.
func sampleStart(o []byte) string {
	for _, k := range []string{`"effectiveDateTime":"`, `"effectivePeriod":{"start":"`} {
		if i := bytes.Index(o, []byte(k)); i >= 0 {
			rest := o[i+len(k):]
			if end := bytes.IndexByte(rest, '"'); end > 0 {
				return string(rest[:end])
			}
		}
	}
	return ""
}

// sampleID is the id of a sample Scan made (`{"resourceType":"Observation","id":"…"`), nil
// for anything else.
func sampleID(o []byte) []byte {
	const head = `{"resourceType":"Observation","id":"`
	if !bytes.HasPrefix(o, []byte(head)) {
		return nil
	}
	rest := o[len(head):]
	end := bytes.IndexByte(rest, '"')
	if end <= 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return nil
	}
	return rest[:end]
}

var errFound = errors.New("found")

// hasAppleSamples reports whether profile holds an Observation made from an Apple Health
// export (its id starts "ah-"), reading only the records' ids.
func hasAppleSamples(ctx context.Context, v *storage.Vault, profile string) bool {
	err := v.Records(ctx, storage.Query{Type: "Observation", Profile: profile, MetaOnly: true}, func(r *storage.Record) error {
		if strings.HasPrefix(r.ID.ID, "ah-") {
			return errFound
		}
		return nil
	})
	// On any other error, look the old ids up: slower, never a duplicate.
	return err != nil
}

// reference is a reference to a stored resource.
func reference(id storage.ID) string {
	if cksync.IsLocal(id.Source) || id.Source == "" {
		return id.Type + "/" + id.ID
	}
	return id.Source + "/" + id.Type + "/" + id.ID
}

// addNew appends the items of more that list does not hold yet.
func addNew(list []string, more ...string) []string {
	for _, m := range more {
		if !slices.Contains(list, m) {
			list = append(list, m)
		}
	}
	return list
}
