// Package intake is the one way a file a person hands CareKeeper becomes records: it looks at
// the file's content (never its name) to tell a FHIR file from a C-CDA document, an XDM zip, a
// SMART Health Card (file, QR image or shc:/ text) or an Apple Health export (zip or folder),
// converts what is not FHIR into FHIR R4, and imports the result through sync's importer with
// its promises: all or nothing, the identity check against the person, nothing lost. The CLI's
// import command and the app's import screen both use it. See docs/intake.md.
package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"carekeeper/internal/applehealth"
	"carekeeper/internal/ccda"
	"carekeeper/internal/clinic"
	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/internal/inputfile"
	"carekeeper/internal/remind"
	"carekeeper/internal/shc"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// Format is what kind of file an input is, as `import --json` reports it.
type Format string

// The formats intake reads.
const (
	FHIR        Format = "fhir"              // FHIR R4 JSON or NDJSON, optionally gzipped
	CCDA        Format = "ccda"              // a C-CDA XML document
	XDM         Format = "xdm"               // an IHE XDM zip holding C-CDA documents
	HealthCard  Format = "smart-health-card" // a .smart-health-card file, a QR image or shc:/ text
	AppleHealth Format = "apple-health"      // an Apple Health export.zip, its folder or export.xml
)

// Skip is a part of a file that was not imported, and why.
type Skip struct {
	What   string `json:"what"`   // "Procedure (DSTU2)", "HKQuantityTypeIdentifierFlightsClimbed"
	Reason string `json:"reason"` // plain words
	Count  int    `json:"count"`
}

// Summary is what one file's import changed and made: sync's Summary (its JSON fields stay as
// they are) with what the conversion made by resource type, what was kept as text only, what
// was skipped and why, and for health cards their issuer and signature state.
type Summary struct {
	cksync.Summary
	Format   Format         `json:"format"`
	Made     map[string]int `json:"made,omitempty"`
	TextOnly int            `json:"text_only,omitempty"`
	Skipped  []Skip         `json:"skipped,omitempty"`
	Cards    []CardResult   `json:"cards,omitempty"`
	// KeptNewer counts the records of an older C-CDA document left as a newer document
	// already imported has them (its statuses are not brought back).
	KeptNewer int `json:"kept_newer,omitempty"`
	// Measurements counts an Apple Health export's Observations by what they measure.
	Measurements map[string]int `json:"measurements,omitempty"`
	// BirthAfterToday is a birth date of the file's Patient that is after the day of the import
	// (as the file gives it): imported as it is, and said (an error in the record).
	BirthAfterToday string `json:"birth_date_after_today,omitempty"`
	// BirthAfterTodayOf names whose birth date that is, in a file of several people.
	BirthAfterTodayOf string `json:"birth_date_after_today_of,omitempty"`
	// BirthNotADate is a birth date of the file's Patient that names no real day (1914-02-29,
	// 1957-13-45): imported as the file gives it, and said (an error in the record).
	BirthNotADate string `json:"birth_date_not_a_date,omitempty"`
	// NameCutFrom is the length in characters of a name of the file's Patient that was longer
	// than a person's name is kept (sync.MaxPersonName): the new person is named by its start,
	// and said; the record keeps it whole.
	NameCutFrom int `json:"name_cut_from,omitempty"`
	// Died are the people here who were living and whom the file's Patient now shows as having
	// died (a file forced into a person, a later record of theirs): said, as their reminders
	// stop (F145).
	Died []Died `json:"died,omitempty"`
	// Zones are the new people given the time zone their records are written in, or found
	// on several clocks (F255).
	Zones []ZoneSet `json:"zones,omitempty"`
	// Skipped are the times of day the new people's records give that their clocks skip, the
	// hour they go forward: shown an hour off what the record says, and said (F535).
	SkippedTimes []SkippedTime `json:"skipped_times,omitempty"`
	// AfterDeath counts an Apple Health export's samples dated after the day the person died
	// (DiedOn, YYYY-MM-DD on their clock): not imported, and said (F234).
	AfterDeath int    `json:"after_death,omitempty"`
	DiedOn     string `json:"-"`
}

// CardResult is one health card of a file: who issued it and whether its signature was checked.
type CardResult struct {
	Issuer     string     `json:"issuer"`
	IssuerName string     `json:"issuer_name,omitempty"`
	Signature  shc.Status `json:"signature"`
}

// Describe says in words what the import did: sync's sentence, then what was kept as text only,
// skipped, and each card's issuer and signature state.
func (s *Summary) Describe() string { return s.describe(nil, false) }

// describe is Describe, naming people by name (nil: "the person"); cli says what to do with the
// CLI's commands rather than the app's menus (F335: the CLI said "People → Time zone and
// reminders…", a menu a headless machine does not have).
func (s *Summary) describe(name func(profile string) string, cli bool) string {
	parts := []string{s.Summary.DescribeApp()}
	if cli {
		parts[0] = s.Summary.Describe()
	}
	for _, d := range s.Died {
		who := ""
		if name != nil {
			who = health.Fit(name(d.Profile), health.MaxNameCols+20)
		}
		parts = append(parts, d.words(who))
	}
	if s.AfterDeath > 0 {
		who := "the person"
		if name != nil && len(s.People) > 0 && name(s.People[0]) != "" {
			who = health.Fit(name(s.People[0]), health.MaxNameCols+20)
		}
		parts = append(parts, fmt.Sprintf("%s dated after %s died (%s) not imported",
			plural(s.AfterDeath, "sample", "samples"), who, health.DayWords(s.DiedOn)))
	}
	if len(s.Zones) > 2 {
		choose := "People → Time zone and reminders…"
		if cli {
			choose = "'carekeeper profile set --profile ID --zone ZONE' for each"
		}
		parts = append(parts, plural(len(s.Zones), "new person's", "new people's")+" records are on other clocks than this computer's, shown here on its clock (to choose theirs: "+choose+")")
	}
	for _, z := range s.Zones {
		if len(s.Zones) > 2 {
			break
		}
		who := ""
		if name != nil {
			who = health.Fit(name(z.Profile), health.MaxNameCols+20)
		}
		if w := z.words(who, cli); w != "" {
			parts = append(parts, w)
		}
	}
	for _, sk := range s.SkippedTimes {
		who := ""
		if name != nil {
			who = health.Fit(name(sk.Profile), health.MaxNameCols+20)
		}
		if w := sk.words(who); w != "" {
			parts = append(parts, w)
		}
	}
	// Entries about someone else (a CDA subject other than the patient) are said apart: they
	// are not the person's, which "kept as text only" alone does not say.
	others := 0
	for _, sk := range s.Skipped {
		if sk.Reason == ccda.OtherSubjectReason {
			others += sk.Count
		}
	}
	if others > 0 {
		parts = append(parts, plural(others, "entry", "entries")+" about someone else (the document names another person as "+
			map[bool]string{true: "its", false: "their"}[others == 1]+" subject) kept as text only, not as this person's")
	}
	if s.TextOnly-others > 0 {
		parts = append(parts, plural(s.TextOnly-others, "entry", "entries")+" kept as text only")
	}
	if s.KeptNewer > 0 {
		parts = append(parts, plural(s.KeptNewer, "record", "records")+" left as a newer document has them")
	}
	if s.BirthAfterToday != "" {
		whose := "the file's"
		if s.BirthAfterTodayOf != "" {
			whose = health.Fit(s.BirthAfterTodayOf, health.MaxNameCols+20) + "'s"
		}
		parts = append(parts, whose+" birth date ("+health.DayWords(s.BirthAfterToday)+") is after today: kept as the file gives it")
	}
	if s.BirthNotADate != "" {
		parts = append(parts, "the file's birth date ("+s.BirthNotADate+") names no real day: kept as the file gives it")
	}
	if s.NameCutFrom > 0 {
		parts = append(parts, fmt.Sprintf("the file's name for the person is %d characters long: they are named by its first %d (the record keeps it whole)",
			s.NameCutFrom, cksync.MaxPersonName))
	}
	// A converted document's Skipped says why each of its TextOnly entries was not mapped:
	// those are the same entries, not more of them, so they are counted once.
	skipped := -s.TextOnly
	for _, sk := range s.Skipped {
		if sk.Reason == ccda.OtherSubjectReason {
			skipped += sk.Count
			continue
		}
		if sk.What == missingWhat && sk.Reason == missingReason {
			parts = append(parts, plural(sk.Count, "document", "documents")+" listed in the package "+
				map[bool]string{true: "was", false: "were"}[sk.Count == 1]+" not in it")
			continue
		}
		if sk.What == badDateWhat && sk.Reason == badDateReason {
			parts = append(parts, plural(sk.Count, "date", "dates")+" naming no real day or time left out (the "+
				map[bool]string{true: "entry", false: "entries"}[sk.Count == 1]+" kept without "+
				map[bool]string{true: "it", false: "them"}[sk.Count == 1]+")")
			continue
		}
		if sk.What == badValueWhat && (sk.Reason == badValueReason || sk.Reason == impossibleReason) {
			parts = append(parts, plural(sk.Count, "measurement", "measurements")+" left out ("+sk.Reason+
				"); the document keeps "+map[bool]string{true: "it", false: "them"}[sk.Count == 1]+" as written")
			continue
		}
		if sk.What == applehealth.LoneBPWhat {
			parts = append(parts, plural(sk.Count, "blood pressure value", "blood pressure values")+" skipped: "+
				map[bool]string{true: "a systolic or diastolic value", false: "systolic or diastolic values"}[sk.Count == 1]+
				" without "+map[bool]string{true: "its pair", false: "their pair"}[sk.Count == 1]+"")
			continue
		}
		skipped += sk.Count
	}
	if skipped > 0 {
		parts = append(parts, fmt.Sprintf("%d skipped", skipped))
	}
	for _, c := range s.Cards {
		parts = append(parts, c.describe(cli))
	}
	return strings.Join(parts, "; ")
}

// DescribeFor is Describe followed by whose records they are, named by name (a person's name
// from their profile id): "4 added; for Ann Smith", "4 added; for Ann Smith (new) and Bob Smith
// (new)", "70 added; for 3 people: …". The CLI says it after the file's name; the app's
// results list can say the same.
func (s *Summary) DescribeFor(name func(profile string) string) string {
	return s.describeFor(name, false)
}

// DescribeForCLI is DescribeFor with what to do said as the CLI's commands, where
// DescribeFor names the app's menus (F335).
func (s *Summary) DescribeForCLI(name func(profile string) string) string {
	return s.describeFor(name, true)
}

func (s *Summary) describeFor(name func(profile string) string, cli bool) string {
	out := s.describe(name, cli)
	if len(s.People) == 0 || name == nil {
		return out
	}
	names := make([]string, len(s.People))
	for i, p := range s.People {
		// A name past 40 columns is cut with "…" (a 3 MB name was printed whole: F27), with
		// room for what tells two people of one name apart ("(born 2 Apr 1950)").
		names[i] = health.Fit(name(p), health.MaxNameCols+20)
		if names[i] == "" {
			names[i] = "a person without a name"
		}
		if slices.Contains(s.NewPeople, p) {
			names[i] += " (new)"
		}
	}
	switch len(names) {
	case 1:
		return out + "; for " + names[0]
	case 2:
		return out + "; for " + names[0] + " and " + names[1]
	}
	if len(names) <= namedAtMost {
		return out + fmt.Sprintf("; for %d people: ", len(names)) + strings.Join(names, ", ")
	}
	// A clinic's or a family's bulk file: a few names, then a count (F311: 500 names made one
	// line of 9,933 characters). --json keeps every id.
	head := fmt.Sprintf("; for %d people", len(names))
	fresh := 0
	for _, p := range s.People {
		if slices.Contains(s.NewPeople, p) {
			fresh++
		}
	}
	shown := names[:namedFirst]
	if fresh == len(names) {
		head += " (all new)"
		shown = make([]string, namedFirst)
		for i := range shown {
			shown[i] = strings.TrimSuffix(names[i], " (new)")
		}
	} else if fresh > 0 {
		head += fmt.Sprintf(" (%d new)", fresh)
	}
	return out + head + ": " + strings.Join(shown, ", ") + fmt.Sprintf(" and %d others", len(names)-namedFirst)
}

// An import line names every person of a file of at most namedAtMost people; of a larger
// file, the first namedFirst and how many others (F311).
const (
	namedAtMost = 5
	namedFirst  = 3
)

// Unverified reports whether a health card of the file was imported without its signature
// checked (the app shows that file's line as a warning).
func (s *Summary) Unverified() bool {
	for _, c := range s.Cards {
		if c.Signature != shc.Verified {
			return true
		}
	}
	return false
}

// Describe says who issued a card and whether its signature was checked.
func (c CardResult) Describe() string { return c.describe(false) }

// describe is Describe; cli names the CLI's commands only, not the app's Settings (F335).
func (c CardResult) describe(cli bool) string {
	who := c.Issuer
	if c.IssuerName != "" {
		who = c.IssuerName + " (" + c.Issuer + ")"
	}
	out := "health card from " + who + ": " + c.Signature.Words()
	if c.Signature != shc.Verified {
		// What it means and what to do: the records say so where they are shown (F210).
		how := "Settings → Card issuers you trust, or 'cards fetch'"
		if cli {
			how = "'carekeeper cards fetch --iss " + c.Issuer + "'"
		}
		out += " (who issued it is only what the card says; to check it, trust its issuer — " +
			how + " — and import it again)"
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Options tune reading and importing.
type Options struct {
	cksync.Options
	// Issuers are health card issuers trusted by a clinic configuration; the vault's own trust
	// list (shc.LoadTrust) is added at import.
	Issuers []shc.Issuer
	// Device is the device's time zone (nil: remind.SystemZone): a death the import says is
	// dated on the person's clock, their settings' zone else this one.
	Device func() *time.Location

	patientsOnly bool // Patients: skip what holds no patient (export.xml's samples)
}

// Input is one file read, recognised and converted as far as it can be without the vault.
type Input struct {
	Path   string
	Format Format

	fhir     *cksync.Input // the FHIR to import (FHIR files, converted documents)
	made     map[string]int
	textOnly int
	skipped  []Skip
	cards    []*shc.Card
	apple    *appleInput
	patients [][]byte // Patient resources, for the identity check
	// ccdaBundle is a converted document's bundle: at import, what a newer document already
	// stored is left out of it (see keepNewer)
	ccdaBundle []byte
	// placeholderKeyed is the document converted with the ids an older CareKeeper gave it,
	// when a social security number no one can have keyed them (ccda.Options.PlaceholderKeys),
	// and placeholderPatients the Patient ids it made: imported as that when the vault holds
	// such a Patient of the same person (see placeholderKeyedHere).
	placeholderKeyed    *Input
	placeholderPatients []string
}

// ErrUnknownFormat is returned for XML that is neither a C-CDA document nor an Apple Health
// export (anything else that is not recognised is read as FHIR, whose reader says what is wrong).
var ErrUnknownFormat = errors.New("an XML file that is neither a C-CDA document nor an Apple Health export.xml")

// headBytes is how much of a file is looked at to recognise it; prologBytes how much of an
// XML file whose root is not within headBytes.
const (
	headBytes   = 4096
	prologBytes = 1 << 20
)

// readHead reads the first n bytes of the file at path (fewer if it is shorter).
func readHead(path string, n int) ([]byte, error) {
	f, _, err := inputfile.Open(path, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, n)
	m, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("cannot read it: %w", err)
	}
	return head[:m], nil
}

// ErrEmpty is the error for a file with nothing in it (or only white space).
var ErrEmpty = errors.New("the file is empty")

// otherKinds are files a person may take for their records that hold none CareKeeper can
// read, by their first bytes: said so, rather than as the JSON reader's "not valid JSON
// (unexpected character) at line 1, column 1".
var otherKinds = []struct{ magic, what string }{
	{"%PDF-", "a PDF document"},
	{"{\\rtf", "an RTF document"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office document"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"II*\x00", "a TIFF image"},
	{"MM\x00*", "a TIFF image"},
	{"RIFF", "a WebP image, WAV sound or AVI video"},
	{"\x00\x00\x00\x18ftyp", "a photo or video (HEIC, MP4, MOV)"},
	{"\x00\x00\x00\x1cftyp", "a photo or video (HEIC, MP4, MOV)"},
	{"\x00\x00\x00\x20ftyp", "a photo or video (HEIC, MP4, MOV)"},
	{"\x00\x00\x00\x24ftyp", "a photo or video (HEIC, MP4, MOV)"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"Rar!\x1a\x07", "a RAR archive"},
}

// otherKind says what a file is when it is a kind CareKeeper does not import ("" if not known).
func otherKind(head []byte) string {
	for _, k := range otherKinds {
		if bytes.HasPrefix(head, []byte(k.magic)) {
			return k.what
		}
	}
	return ""
}

// textKind says what a file of plain text is that no reader here takes — "a CSV (spreadsheet)
// file" (a scale app's export of weights: "weight,84.4,kg"), "a text file" — or "": JSON, XML,
// a health card's shc:/ text, and anything not text are left to their readers. The JSON reader
// said "not valid JSON (unexpected character) at line 1, column 1" (F427).
func textKind(head []byte) string {
	text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(text) == 0 || Detect(head) != FHIR || fhirjson.IsGzip(head) || strings.ContainsRune("{[<", rune(text[0])) || hasPrefixFold(text, "shc:/") {
		return ""
	}
	valid := text
	for i := 0; i < utf8.UTFMax && len(valid) > 0 && !utf8.Valid(valid); i++ {
		valid = valid[:len(valid)-1] // a character cut by the head's end
	}
	if !utf8.Valid(valid) || bytes.ContainsFunc(valid, func(r rune) bool { return r < ' ' && r != '\t' && r != '\r' && r != '\n' }) {
		return ""
	}
	first, _, _ := bytes.Cut(valid, []byte("\n"))
	if bytes.ContainsAny(first, ",;\t") {
		return "a CSV (spreadsheet) file"
	}
	return "a text file"
}

// namedJSON reports whether a file's name says it is JSON (.json, .ndjson, .jsonl).
func namedJSON(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".json" || ext == ".ndjson" || ext == ".jsonl"
}

// ccdaPart is the root element of XML text that is a piece of a C-CDA document — a section
// or an entry, carrying C-CDA templates, as the HL7 examples give them — or "".
func ccdaPart(head []byte) string {
	if !bytes.Contains(head, []byte(`"2.16.840.1.113883.10.20.`)) {
		return ""
	}
	d := xml.NewDecoder(bytes.NewReader(head))
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			if name := se.Name.Local; name != "" && len(name) <= 40 && name != "ClinicalDocument" {
				return name
			}
			return ""
		}
	}
}

// ErrNoPatientName refuses a C-CDA document whose patient has no name, imported for whoever
// it is about, when its Patient is no one's here yet: it would make a person called "Unnamed
// person", one more at each such document, whom nobody could tell apart or find (F488). Its
// person is chosen instead, as an Apple Health export's is.
var ErrNoPatientName = errors.New("not imported: the document does not name its patient, so CareKeeper cannot tell whose records these are. " +
	"Choose the person: import it with --profile ID (in the app, from that person's page; 'carekeeper profile add' first for someone not here yet)")

// named reports whether a Patient resource gives a name.
func named(patient []byte) bool {
	id, _ := health.PatientIdentity(patient)
	return id.Name != ""
}

// ErrNotRecords is a file of a kind that holds no health records CareKeeper reads (a PDF, a
// photo); its message names the kind.
var ErrNotRecords = errors.New("not a file of health records CareKeeper reads")

// notFHIR reports whether err is the FHIR reader's refusal of a JSON object that is not a FHIR
// resource at all (no resourceType at its top: a key set, a settings file, an app's export),
// which it says in FHIR's words: "Resource has no resourceType at line 1, column 1." (F236).
func notFHIR(err error) bool {
	var fe *fhirjson.Error
	return errors.As(err, &fe) && fe.Entry == 0 && fe.Msg == "resource has no resourceType"
}

func notRecords(what string) error {
	return fmt.Errorf("%w: it is %s (CareKeeper reads the files that patient portals and health apps give you: a portal's download of your records, a SMART Health Card or its QR code, an Apple Health export)", ErrNotRecords, what)
}

// Read reads the file or folder at path, recognises it by its content and converts it to FHIR.
// Everything that can be checked without the vault is checked here, so a bad file never opens
// the vault. Errors are *cksync.FileError naming path, in one line without the file's contents.
func Read(ctx context.Context, path string, opt Options) (*Input, error) {
	fail := func(err error) (*Input, error) { return nil, &cksync.FileError{File: path, Err: err} }
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		if !IsAppleHealthFolder(path) {
			return fail(errors.New("it is a folder, not a file (an Apple Health export folder holds export.xml or clinical-records)"))
		}
		in, err := readAppleFolder(ctx, path, opt)
		if err != nil {
			return fail(err)
		}
		return in, nil
	}
	f, size, err := inputfile.Open(path, 0)
	if err != nil {
		return fail(err)
	}
	head := make([]byte, headBytes)
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fail(fmt.Errorf("cannot read it: %w", err))
	}
	head, err = head[:n], nil
	if int64(n) == size && len(bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")))) == 0 {
		// Nothing in it (or only white space): said so, not as a parser's position.
		return fail(ErrEmpty)
	}
	var wide []byte // a UTF-16 file's text in UTF-8 (wideKind)
	if kind := wideKind(head); kind != "" && !isWideCCDA(head) {
		if wide, err = readWide(path, kind); err != nil {
			return fail(err)
		}
		text := bytes.TrimLeft(bytes.TrimPrefix(wide, []byte("\xef\xbb\xbf")), " \t\r\n")
		if len(text) == 0 {
			return fail(ErrEmpty)
		}
		if Detect(text) != FHIR || fhirjson.IsGzip(text) || text[0] != '{' && text[0] != '[' {
			return fail(fmt.Errorf("%w: it is UTF-16 text (\"Unicode\", two bytes a character) that is not FHIR JSON; CareKeeper reads other files in UTF-8: save it again as UTF-8 and import that", errWide))
		}
		head = text[:min(len(text), headBytes)]
	}
	if what := otherKind(head); what != "" {
		return fail(notRecords(what))
	}
	if what := textKind(head); what != "" && !namedJSON(path) {
		return fail(notRecords(what)) // a file named .json is damaged JSON, and said so
	}
	format := Detect(head)
	if format == "" && n == headBytes {
		// XML whose root is not in the first 4 KiB (a long comment, many processing
		// instructions): look again at up to prologBytes.
		if head, err = readHead(path, prologBytes); err != nil {
			return fail(err)
		}
		format = Detect(head)
	}
	var in *Input
	gzipped := false
	if format == FHIR && fhirjson.IsGzip(head) {
		// a .gz of any format: what it holds decides. FHIR, and gzip data that cannot be
		// read, stay with sync's reader (its errors say what is wrong with the gzip data).
		if inner, err := gzipHead(path, prologBytes); err == nil {
			if f := Detect(inner); f != FHIR {
				gzipped, format, head = true, f, inner
			}
		}
	}
	switch {
	case gzipped:
		in, err = readGzipped(ctx, path, head, format, opt)
	case format == FHIR:
		var fin *cksync.Input
		if wide != nil {
			fin, err = cksync.ParseInput(path, wide)
		} else {
			fin, err = cksync.ReadInput(path)
		}
		if err != nil {
			if notFHIR(err) {
				return fail(notRecords("JSON, but not health records"))
			}
			return nil, err
		}
		if what := fin.NotRecords(); what != "" {
			// A file of no records (an empty Bundle, a list of requests, a server's error
			// saved as a file) said "nothing new" or "1 added", as if records were imported.
			return fail(fmt.Errorf("%w: it is %s", ErrNotRecords, what))
		}
		in = &Input{fhir: fin, patients: fin.Patients()}
	case format == HealthCard:
		in, err = readCard(path, head, size, opt)
	case format == AppleHealth:
		in, err = readAppleFile(ctx, path, head, size, opt)
	case format == CCDA || format == XDM:
		in, err = readCCDA(ctx, path, format, opt)
	default:
		err = ErrUnknownFormat
		if part := ccdaPart(head); part != "" {
			err = fmt.Errorf("%w: it is a part of a C-CDA document (a <%s>), not a whole one; CareKeeper imports whole documents (<ClinicalDocument>)", ErrUnknownFormat, part)
		}
	}
	if err != nil {
		var fe *cksync.FileError
		if errors.As(err, &fe) {
			return nil, err
		}
		return fail(err)
	}
	in.Path = path
	if in.Format == "" { // a zip says what it is once its entries are looked at
		in.Format = format
	}
	return in, nil
}

// Detect tells a file's format from its first bytes (up to 4 KiB): "" for XML it does not read,
// FHIR for anything else it does not recognise. A zip
// is reported as AppleHealth or XDM only after its entries are looked at (see Read); Detect
// says AppleHealth for any zip.
func Detect(head []byte) Format {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return AppleHealth // or XDM: decided by the zip's entries
	case fhirjson.IsGzip(head):
		return FHIR
	case isImage(head):
		return HealthCard
	case ccda.IsUTF16(head) && sniffCCDA(head):
		return CCDA
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(text) == 0:
		return FHIR // the FHIR reader says what is wrong with an empty file
	case hasPrefixFold(text, "shc:/"):
		return HealthCard
	case text[0] == '{':
		if shc.LooksLikeFile(text) {
			return HealthCard
		}
		return FHIR
	case text[0] == '[':
		return FHIR
	case text[0] == '<':
		if isAppleExportXML(text) {
			return AppleHealth
		}
		if sniffCCDA(head) {
			return CCDA
		}
		return ""
	}
	return FHIR // the FHIR reader says what is wrong with anything else
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

func isImage(head []byte) bool {
	return bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")) || bytes.HasPrefix(head, []byte("\xff\xd8\xff"))
}

// Patients reads only as much of the file at path as names its patients and returns them as
// a FHIR Bundle (see PatientFile): for the identity check before an import, without streaming
// an Apple Health export's samples twice.
func Patients(ctx context.Context, path string) ([]byte, error) {
	in, err := Read(ctx, path, Options{patientsOnly: true})
	if err != nil {
		return nil, err
	}
	return in.PatientFile(), nil
}

// PatientFile is the input's Patients as a FHIR Bundle for the identity check against a person
// (journey.CompareFile); nil when the input names no patient.
//
// A FHIR file without a Patient whose records name their person ("subject": {"reference":
// "Patient/1234", "display": "Doe, John"}) gives a Patient of each name, for the check only
// (never imported): a lab result of John Doe's, alone in its file, was filed under Frank
// Miller without a question (F235).
//
// An Apple Health export's owner (export.xml's <Me>: birth date and sex, no name) is one more
// Patient for the check: Dad's iPhone export (born 1941, male) went into Adaeze, born 1972,
// without a word (F200).
func (in *Input) PatientFile() []byte {
	if in.apple != nil && in.apple.me.BirthDate != "" && !slices.ContainsFunc(in.patients, func(p []byte) bool {
		id, ok := health.PatientIdentity(p)
		return ok && id.BirthDate == in.apple.me.BirthDate // the clinical records' Patient says it already
	}) {
		me := map[string]any{"resourceType": "Patient", "birthDate": in.apple.me.BirthDate}
		if in.apple.me.Sex != "" {
			me["gender"] = in.apple.me.Sex
		}
		if p, err := json.Marshal(me); err == nil {
			return collection(nil, append(slices.Clip(in.patients), p))
		}
	}
	if len(in.patients) == 0 {
		if in.fhir == nil || len(in.cards) > 0 {
			return nil
		}
		var named [][]byte
		for _, n := range in.fhir.SubjectNames() {
			p, err := json.Marshal(map[string]any{"resourceType": "Patient", "name": []any{map[string]string{"text": displayName(n)}}})
			if err == nil {
				named = append(named, p)
			}
		}
		if named == nil {
			return nil
		}
		return collection(nil, named)
	}
	return collection(nil, in.patients)
}

// displayName is a reference's display as a name is written: "Doe, John" (as records list
// people) is "John Doe".
func displayName(d string) string {
	if family, given, ok := strings.Cut(d, ","); ok && !strings.Contains(given, ",") && strings.TrimSpace(family) != "" && strings.TrimSpace(given) != "" {
		return strings.TrimSpace(given) + " " + strings.TrimSpace(family)
	}
	return d
}

// Import writes the input into the vault: one transaction for everything but the samples of
// a large Apple Health export (see docs/intake.md). Errors are *cksync.FileError naming the file.
func (in *Input) Import(ctx context.Context, v *storage.Vault, opt Options) (*Summary, error) {
	fail := func(err error) (*Summary, error) { return nil, &cksync.FileError{File: in.Path, Err: err} }
	if old := in.placeholderKeyed; old != nil {
		// Stored by an older CareKeeper under the ids a placeholder social security number
		// gave: imported again, it updates those records instead of making new copies.
		here, err := placeholderKeyedHere(v, in.placeholderPatients, old.patients)
		if err != nil {
			return fail(err)
		}
		if here {
			old.Path = in.Path
			return old.Import(ctx, v, opt)
		}
	}
	sum := &Summary{Format: in.Format, Made: in.made, TextOnly: in.textOnly, Skipped: in.skipped}
	fin := in.fhir
	if len(in.cards) > 0 {
		trust, err := shc.LoadTrust(v, opt.Issuers)
		if err != nil {
			return fail(err)
		}
		now := time.Now
		if opt.Now != nil {
			now = opt.Now
		}
		var resources [][]byte
		var marks []storage.CardMark // of each resource
		for _, c := range in.cards {
			status, err := c.Verify(trust, now())
			if err != nil {
				return fail(err)
			}
			rs, err := c.Resources()
			if err != nil {
				return fail(err)
			}
			resources = append(resources, rs...)
			for range rs {
				marks = append(marks, c.Mark(status))
			}
			sum.Cards = append(sum.Cards, CardResult{Issuer: c.Issuer, IssuerName: trust.Name(c.Issuer), Signature: status})
		}
		sum.Made = countTypes(resources)
		if fin, err = cksync.ParseInput(in.Path, collection(nil, resources)); err != nil {
			return nil, err
		}
		// The signature state goes beside the records, where only this import puts it.
		ids, err := fin.Identities()
		if err != nil {
			return fail(err)
		}
		if len(ids) != len(marks) {
			return fail(errors.New("the health card's records could not be told apart"))
		}
		opt.Cards = make(map[storage.ID]storage.CardMark, len(ids))
		for i, id := range ids {
			if have, ok := opt.Cards[id]; !ok || !have.Verified {
				opt.Cards[id] = marks[i] // the same resource on two cards: verified if either is
			}
		}
	} else {
		opt.Cards = nil // only a card import marks records as a card's
	}
	if in.apple != nil {
		return in.importApple(ctx, v, opt, sum)
	}
	if fin == nil {
		return fail(errors.New("nothing to import"))
	}
	if len(in.patients) == 0 && opt.Profile != "" {
		// A file that names no person goes to the one chosen: never by moving records
		// already filed under someone else.
		if err := notMoved(v, fin, opt.Profile); err != nil {
			return fail(err)
		}
	}
	if in.ccdaBundle != nil && opt.Profile == "" && !slices.ContainsFunc(in.patients, named) {
		// A document that names no patient made a new "Unnamed person" at each import: ten
		// of the HL7 examples made ten people no one could tell apart. Whose they are is asked,
		// unless its Patient is someone's here already (imported before, a record number).
		if _, isNew, err := fin.Person(v, opt.Options); err != nil {
			return fail(err)
		} else if isNew {
			return fail(ErrNoPatientName)
		}
	}
	var kept, relinked map[string]int
	if in.ccdaBundle != nil {
		var err error
		if fin, kept, relinked, err = in.keepNewer(v, opt.Options); err != nil {
			return fail(err)
		}
	}
	// Only a file whose own Patient states a death reads the people it may be filed under.
	var living map[string]bool
	if statesDeath(in.patients) {
		var err error
		if living, err = mayDie(v, in.patients, opt); err != nil {
			return fail(err)
		}
	}
	fopt := opt.Options
	fopt.NewPeopleRecords = true // for newPeopleZones below, dropped after it
	s, err := fin.Import(ctx, v, fopt)
	if err != nil {
		if in.ccdaBundle != nil && errors.Is(err, storage.ErrTooLarge) && !strings.Contains(err.Error(), "identifier, code or URL") {
			// The record over the limit is the document's own copy (its DocumentReference):
			// said so, not as 'a resource' of two sizes that read the same (F179).
			return fail(fmt.Errorf("the document is %w: CareKeeper keeps a copy of each document it imports, and this one's is over the 16 MiB one record may take once compressed, as a document carrying a scan or file of more than about 8 MB is; nothing from it was imported",
				storage.ErrTooLarge))
		}
		return nil, err
	}
	s.File = in.Path
	for typ, n := range relinked { // only the document that carried them changed (F302)
		if n = min(n, s.Updated[typ]); n == 0 {
			continue
		}
		if s.Updated[typ] -= n; s.Updated[typ] == 0 {
			delete(s.Updated, typ)
		}
		s.Unchanged += n
	}
	if s.ChosenForUnnamed > 0 && len(fin.SubjectNames()) > 0 {
		// The records give a name, which the person chosen was checked against (F235): the
		// file does say whose they are.
		s.ChosenForUnnamed = 0
	}
	if len(living) > 0 {
		sum.Summary = *s
		if sum.Died, err = died(v, sum, living, opt); err != nil {
			return fail(fmt.Errorf("imported, but whether it shows someone as having died could not be read: %w", err))
		}
	}
	sum.BirthAfterToday, sum.BirthAfterTodayOf = birthAfterToday(in.patients, opt.Now)
	sum.BirthNotADate = birthNotADate(in.patients)
	if len(s.NewPeople) > 0 {
		sum.NameCutFrom = longName(in.patients)
	}
	if len(in.cards) > 0 {
		cardPatientsMatched(s)
	}
	sum.Summary = *s
	for _, n := range kept {
		sum.KeptNewer += n
	}
	if len(s.NewPeople) > 0 && len(s.NewPeople) <= zonePeopleAtMost {
		dev := remind.SystemZone(nil)
		if opt.Device != nil {
			dev = opt.Device()
		}
		// The records are in: a zone that could not be read or saved leaves the person on
		// this computer's clock, as before, and the import stands.
		sum.Zones, sum.SkippedTimes, _ = newPeopleZones(ctx, v, s.NewPeople, s.NewPeopleRecords, dev)
	}
	s.NewPeopleRecords, sum.NewPeopleRecords = nil, nil // the file's records: not kept with the summary
	return sum, nil
}

// birthAfterToday is the first birth date of patients (Patient resources) after now's day and,
// in a file of several people, whose it is: "the file's birth date" of one of three people
// said nothing of whom (F384).
func birthAfterToday(patients [][]byte, now func() time.Time) (date, whose string) {
	t := time.Now()
	if now != nil {
		t = now()
	}
	for _, p := range patients {
		var pat struct {
			BirthDate string `json:"birthDate"`
		}
		// A date naming no real day (2026-13-45) is said to be that, not also "after today".
		if json.Unmarshal(p, &pat) == nil && health.BirthAfter(pat.BirthDate, t) &&
			!strings.HasPrefix(health.BirthWords(pat.BirthDate), "not a real date") {
			if len(patients) > 1 {
				if info, err := fhirjson.Summarize(p); err == nil {
					whose, _ = cksync.PersonName(info.Name)
				}
			}
			return pat.BirthDate, whose
		}
	}
	return "", ""
}

// longName is the length in characters of the first name of patients (Patient resources, as
// a person is named from them) that is cut to name a person (sync.PersonName), or 0.
func longName(patients [][]byte) int {
	for _, p := range patients {
		info, err := fhirjson.Summarize(p)
		if err != nil {
			continue
		}
		if _, cut := cksync.PersonName(info.Name); cut {
			return utf8.RuneCountInString(info.Name)
		}
	}
	return 0
}

// birthNotADate is the first birth date of the file's Patients that names no real day, or "".
func birthNotADate(patients [][]byte) string {
	for _, p := range patients {
		var pat struct {
			BirthDate string `json:"birthDate"`
		}
		if json.Unmarshal(p, &pat) == nil && strings.HasPrefix(health.BirthWords(pat.BirthDate), "not a real date") {
			return pat.BirthDate
		}
	}
	return ""
}

// cardPatientsMatched counts a card's Patient added for a person already here (the card matched
// to them, or imported into the one chosen) as unchanged: the card is the person's, it adds no
// person, and "3 added" for a card of two vaccinations misleads. A card's Patient makes a new
// person only when no one here matches (NewPeople), and then it is added.
func cardPatientsMatched(s *cksync.Summary) {
	matched := s.Added["Patient"] - len(s.NewPeople)
	if matched <= 0 {
		return
	}
	if s.Added["Patient"] -= matched; s.Added["Patient"] == 0 {
		delete(s.Added, "Patient")
	}
	s.Unchanged += matched
}

// countTypes counts resources by resourceType.
func countTypes(resources [][]byte) map[string]int {
	out := map[string]int{}
	for _, r := range resources {
		out[resourceType(r)]++
	}
	return out
}

// collection makes a FHIR collection Bundle of resources, with fullUrls where given.
func collection(fullURLs []string, resources [][]byte) []byte {
	var b bytes.Buffer
	b.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
	for i, r := range resources {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{`)
		if i < len(fullURLs) && fullURLs[i] != "" {
			b.WriteString(`"fullUrl":`)
			b.Write(jsonString(fullURLs[i]))
			b.WriteByte(',')
		}
		b.WriteString(`"resource":`)
		b.Write(r)
		b.WriteString(`}`)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// sortedSkips turns counts by (what, reason) into a stable list.
func sortedSkips(m map[[2]string]int) []Skip {
	out := make([]Skip, 0, len(m))
	for k, n := range m {
		out = append(out, Skip{What: k[0], Reason: k[1], Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].What != out[j].What {
			return out[i].What < out[j].What
		}
		return out[i].Reason < out[j].Reason
	})
	return out
}

// ClinicIssuers turns a clinic configuration's trusted card issuers into shc issuers.
func ClinicIssuers(list []clinic.CardIssuer) []shc.Issuer {
	out := make([]shc.Issuer, 0, len(list))
	for _, is := range list {
		out = append(out, shc.Issuer{Iss: is.Iss, Name: is.Name, Keys: is.Keys, Source: "clinic"})
	}
	return out
}

// ErrOtherPerson is returned when a file that names no person (a health card or FHIR file
// without a Patient) would move records already filed under one person to another.
var ErrOtherPerson = errors.New("its records are already filed under another person; import it into that person (the file does not say whose it is)")

// notMoved refuses to import a file whose resources are already stored under another person
// than profile: importing it would move them silently.
func notMoved(v *storage.Vault, fin *cksync.Input, profile string) error {
	ids, err := fin.Identities()
	if err != nil {
		return err
	}
	for _, id := range ids {
		rec, err := v.Get(id)
		if err != nil || rec == nil {
			continue
		}
		if rec.Profile != profile && rec.Profile != storage.SharedProfile {
			return ErrOtherPerson
		}
	}
	return nil
}
