package ccda_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"carekeeper/internal/ccda"
)

// secret is a marker put in hostile inputs: no error may quote it.
const secret = "ZZSECRETNAMEZZ"

func TestBadInput(t *testing.T) {
	deep := strings.Repeat("<a>", 5000) + strings.Repeat("</a>", 5000)
	var attrs strings.Builder
	for i := 0; i < 100; i++ {
		attrs.WriteString(` a` + strings.Repeat("b", i%7) + itoa(i) + `="1"`)
	}
	manyAttrs := `<x` + attrs.String() + `/>`
	tests := []struct {
		name string
		data string
		lim  ccda.Limits
		want string
	}{
		{"billion laughs", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>` +
			`<ClinicalDocument xmlns="urn:hl7-org:v3"><title>&lol2;` + secret + `</title></ClinicalDocument>`, ccda.Limits{}, "entity that is not allowed"},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
			`<ClinicalDocument xmlns="urn:hl7-org:v3"><title>&xxe;</title></ClinicalDocument>`, ccda.Limits{}, "entity that is not allowed"},
		{"deep nesting", `<ClinicalDocument xmlns="urn:hl7-org:v3">` + deep + `</ClinicalDocument>`, ccda.Limits{}, "deeper than 200"},
		{"too many parts", string(doc(strings.Repeat("<component/>", 5000))), ccda.Limits{MaxTokens: 1000}, "more than 1000 XML parts"},
		{"too many attributes", `<ClinicalDocument xmlns="urn:hl7-org:v3">` + manyAttrs + `</ClinicalDocument>`, ccda.Limits{}, "more than 64 attributes"},
		{"long attribute", `<ClinicalDocument xmlns="urn:hl7-org:v3"><x a="` + strings.Repeat(secret, 1000) + `"/></ClinicalDocument>`, ccda.Limits{MaxTokenBytes: 1000}, "attribute is longer than 1000 bytes"},
		{"long text", `<ClinicalDocument xmlns="urn:hl7-org:v3"><x>` + strings.Repeat(secret, 1000) + `</x></ClinicalDocument>`, ccda.Limits{MaxTokenBytes: 1000}, "text is longer than 1000 bytes"},
		{"too large", string(doc(strings.Repeat(" ", 2<<20))), ccda.Limits{MaxBytes: 1 << 20}, "larger than 1 MiB"},
		{"unclosed", `<ClinicalDocument xmlns="urn:hl7-org:v3"><title>` + secret, ccda.Limits{}, "ends early"},
		{"mismatched end tag", `<ClinicalDocument xmlns="urn:hl7-org:v3"><title>` + secret + `</code></ClinicalDocument>`, ccda.Limits{}, "malformed at line 1"},
		{"not C-CDA", `<Bundle xmlns="http://hl7.org/fhir"><id value="` + secret + `"/></Bundle>`, ccda.Limits{}, "not a C-CDA document"},
		{"JSON", `{"resourceType":"Patient","id":"` + secret + `"}`, ccda.Limits{}, "not XML"},
		{"empty", ``, ccda.Limits{}, "no XML element"},
		{"two roots", `<ClinicalDocument xmlns="urn:hl7-org:v3"/><ClinicalDocument xmlns="urn:hl7-org:v3"/>`, ccda.Limits{}, "more than one root"},
		{"UTF-16 declared", `<?xml version="1.0" encoding="UTF-16"?><ClinicalDocument xmlns="urn:hl7-org:v3"/>`, ccda.Limits{}, "character encoding that is not supported"},
		// (Without a declared encoding, bytes that are not UTF-8 are read as Windows-1252.)
		{"invalid UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>\xff\xfe" + secret + "</title></ClinicalDocument>", ccda.Limits{}, "line 1 is not UTF-8, though the document says it is"}, // F304
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ccda.Convert(context.Background(), strings.NewReader(tt.data), ccda.Options{Limits: tt.lim})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to say %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q quotes the input or is not one line", err)
			}
		})
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := doc(strings.Repeat(`<component><section><title>x</title></section></component>`, 2000))
	_, err := ccda.Convert(ctx, bytes.NewReader(data), ccda.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

// TestEncodings: a BOM, Latin-1 and no declaration at all are read.
func TestEncodings(t *testing.T) {
	base := string(doc(section("11450-4", `<entry><act classCode="ACT" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.3"/><id root="7.7" extension="1"/>
<entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.4"/><id root="7.7" extension="2"/>
<value xsi:type="CD" nullFlavor="OTH"><originalText>Caf`+"\u00e9"+` au lait spots</originalText></value></observation></entryRelationship></act></entry>`)))
	latin := strings.Replace(base, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
	latin = strings.ReplaceAll(latin, "\u00e9", "\xe9")
	// Windows-1252: its curly quotes and dashes (0x93, 0x94, 0x96) are not Latin-1's controls.
	windows := strings.Replace(base, `encoding="UTF-8"`, `encoding="windows-1252"`, 1)
	windows = strings.Replace(windows, "Caf\u00e9 au lait spots", "\x93Caf\xe9\x94 au lait spots \x96 \x80", 1)
	// Real vendor output: Windows-1252 with no XML declaration (or one without an
	// encoding) was refused as malformed XML; it is read as Windows-1252 when it is not
	// valid UTF-8.
	undeclared := windows[strings.Index(windows, "<ClinicalDocument"):]
	versionOnly := `<?xml version="1.0"?>` + "\n" + undeclared
	for name, data := range map[string]string{
		"windows-1252 undeclared":   undeclared,
		"windows-1252 version only": versionOnly,
		"utf-8":                     base,
		"bom":                       "\xef\xbb\xbf" + base,
		"latin-1":                   latin,
		"no xml decl":               base[strings.Index(base, "<ClinicalDocument"):],
		"windows-1252":              windows,
		"utf-16le":                  utf16Of(strings.Replace(base, `encoding="UTF-8"`, `encoding="UTF-16"`, 1), false),
		"utf-16be":                  utf16Of(strings.Replace(base, `encoding="UTF-8"`, `encoding="UTF-16"`, 1), true),
	} {
		if (strings.HasPrefix(name, "utf-16") || strings.HasPrefix(name, "windows-1252")) && !ccda.Sniff([]byte(data[:300])) {
			t.Errorf("%s: not recognised as a C-CDA document", name)
		}
		res, err := ccda.Convert(context.Background(), strings.NewReader(data), ccda.Options{Now: fixedNow})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		conds := resources(t, res.Bundle, "Condition")
		want := `{"text":"Café au lait spots"}`
		if strings.HasPrefix(name, "windows-1252") {
			want = `{"text":"“Café” au lait spots – €"}`
		}
		if len(conds) != 1 || jsonOf(conds[0]["code"]) != want {
			t.Errorf("%s: conditions %v", name, conds)
		}
	}
}

func TestSniff(t *testing.T) {
	vendor, err := os.ReadFile(filepath.Join("testdata", "vendor-r11.xml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"vendor document head", string(vendor[:4096]), true},
		{"BOM and stylesheet", "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"cda.xsl\"?>\n<!-- c -->\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">", true},
		{"prefixed", `<cda:ClinicalDocument xmlns:cda="urn:hl7-org:v3">`, true},
		{"no namespace", `<ClinicalDocument><realmCode code="US"/>`, true},
		{"many processing instructions", strings.Repeat("<?vendor n=\"1\"?>\n", 100) + `<ClinicalDocument xmlns="urn:hl7-org:v3">`, true},
		{"other namespace", `<ClinicalDocument xmlns="urn:example">`, false},
		{"FHIR JSON", `{"resourceType":"Bundle"}`, false},
		{"FHIR XML", `<Bundle xmlns="http://hl7.org/fhir">`, false},
		{"Apple Health", `<?xml version="1.0"?><!DOCTYPE HealthData [<!ELEMENT HealthData ANY>]><HealthData locale="en_US">`, false},
		{"cut inside the root tag", `<?xml version="1.0"?><ClinicalDocu`, false},
		{"text before", `hello <ClinicalDocument xmlns="urn:hl7-org:v3">`, false},
		{"empty", ``, false},
		{"zip", "PK\x03\x04", false},
	}
	for _, tt := range tests {
		if got := ccda.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("%s: Sniff = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// --- XDM ---

type zipFile struct {
	name string
	data []byte
}

func makeZip(t *testing.T, files ...zipFile) *zip.Reader {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func metadata(uris ...string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"><rim:RegistryObjectList>`)
	for _, u := range uris {
		b.WriteString(`<rim:ExtrinsicObject id="Document01" mimeType="text/xml" objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1"><rim:Slot name="URI"><rim:ValueList><rim:Value>` + u + `</rim:Value></rim:ValueList></rim:Slot></rim:ExtrinsicObject>`)
	}
	b.WriteString(`</rim:RegistryObjectList></lcm:SubmitObjectsRequest>`)
	return []byte(b.String())
}

func TestXDM(t *testing.T) {
	vendor, err := os.ReadFile(filepath.Join("testdata", "vendor-r11.xml"))
	if err != nil {
		t.Fatal(err)
	}
	other := doc(section("11450-4", ""))
	readme := zipFile{"README.TXT", []byte("XDM media")}
	index := zipFile{"INDEX.HTM", []byte("<html><body>index</body></html>")}
	bomb := doc("<!--" + strings.Repeat(" ", 8<<20) + "-->")
	tests := []struct {
		name  string
		files []zipFile
		lim   ccda.Limits
		want  []string // names of the documents converted
		err   string
	}{
		{"metadata names the document", []zipFile{readme, index,
			{"IHE_XDM/SUBSET01/METADATA.XML", metadata("DOC0001.XML")},
			{"IHE_XDM/SUBSET01/DOC0001.XML", vendor},
			{"IHE_XDM/SUBSET01/STYLE.XSL", []byte("<xsl/>")}}, ccda.Limits{},
			[]string{"IHE_XDM/SUBSET01/DOC0001.XML"}, ""},
		{"two subsets, backslash names", []zipFile{
			{`IHE_XDM\SUBSET01\METADATA.XML`, metadata("DOC0001.XML")},
			{`IHE_XDM\SUBSET01\DOC0001.XML`, vendor},
			{`IHE_XDM\SUBSET02\METADATA.XML`, metadata("doc0001.xml")},
			{`IHE_XDM\SUBSET02\DOC0001.XML`, other}}, ccda.Limits{},
			[]string{"IHE_XDM/SUBSET01/DOC0001.XML", "IHE_XDM/SUBSET02/DOC0001.XML"}, ""},
		{"no metadata: every C-CDA document", []zipFile{readme,
			{"IHE_XDM/SUBSET01/DOC0002.XML", other},
			{"IHE_XDM/SUBSET01/DOC0001.XML", vendor},
			{"IHE_XDM/SUBSET01/NOTCDA.XML", []byte(`<Bundle xmlns="http://hl7.org/fhir"/>`)}}, ccda.Limits{},
			[]string{"IHE_XDM/SUBSET01/DOC0001.XML", "IHE_XDM/SUBSET01/DOC0002.XML"}, ""},
		// Issue 15: a document the metadata lists that the zip lacks was passed over silently.
		{"metadata lists a document the zip lacks", []zipFile{
			{"IHE_XDM/SUBSET01/METADATA.XML", metadata("DOC0001.XML", "DOC0002.XML")},
			{"IHE_XDM/SUBSET01/DOC0001.XML", vendor}}, ccda.Limits{},
			[]string{"IHE_XDM/SUBSET01/DOC0001.XML"}, ""},
		{"broken metadata: every C-CDA document", []zipFile{
			{"IHE_XDM/SUBSET01/METADATA.XML", []byte("<not closed")},
			{"IHE_XDM/SUBSET01/DOC0001.XML", vendor}}, ccda.Limits{},
			[]string{"IHE_XDM/SUBSET01/DOC0001.XML"}, ""},
		{"path traversal", []zipFile{{"IHE_XDM/../../evil.xml", vendor}}, ccda.Limits{}, nil, "leaves its folder"},
		{"absolute path", []zipFile{{"/etc/evil.xml", vendor}}, ccda.Limits{}, nil, "leaves its folder"},
		{"drive letter", []zipFile{{`C:\evil.xml`, vendor}}, ccda.Limits{}, nil, "leaves its folder"},
		{"metadata points outside", []zipFile{{"IHE_XDM/S/METADATA.XML", metadata("../../x.xml")}}, ccda.Limits{}, nil, "outside its folder"},
		{"zip bomb", []zipFile{{"IHE_XDM/S/DOC0001.XML", bomb}}, ccda.Limits{}, nil, "compressed more than 200 to 1"},
		{"too large", []zipFile{{"IHE_XDM/S/DOC0001.XML", vendor}}, ccda.Limits{MaxBytes: 4096}, nil, "IHE_XDM/S/DOC0001.XML: it is larger than 4 KiB uncompressed"},
		{"documents too large together", []zipFile{{"a.xml", vendor}, {"b.xml", vendor}}, ccda.Limits{MaxZipBytes: 20000}, nil, "the zip's documents are larger than 20000 bytes together"},
		{"too many files", []zipFile{{"a.xml", vendor}, {"b.xml", vendor}, {"c.xml", vendor}}, ccda.Limits{MaxEntries: 2}, nil, "more than 2 files"},
		{"no documents", []zipFile{readme, index}, ccda.Limits{}, nil, "holds no C-CDA document"},
		{"a broken document", []zipFile{{"IHE_XDM/S/DOC0001.XML", []byte(`<ClinicalDocument xmlns="urn:hl7-org:v3"><title>`)}}, ccda.Limits{}, nil, "IHE_XDM/S/DOC0001.XML: the XML ends early"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ccda.ConvertXDM(context.Background(), makeZip(t, tt.files...), ccda.Options{Limits: tt.lim, Now: fixedNow})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range res {
				names = append(names, r.Name)
				if len(r.Bundle) == 0 || r.Made["DocumentReference"] != 1 {
					t.Errorf("%s: made %v", r.Name, r.Made)
				}
			}
			if strings.Join(names, ",") != strings.Join(tt.want, ",") {
				t.Errorf("converted %v, want %v", names, tt.want)
			}
			var missing []string
			for _, r := range res {
				missing = append(missing, r.Missing...)
			}
			wantMissing := ""
			if strings.Contains(tt.name, "lacks") {
				wantMissing = "IHE_XDM/SUBSET01/DOC0002.XML"
			}
			if strings.Join(missing, ",") != wantMissing {
				t.Errorf("missing %v, want %q", missing, wantMissing)
			}
			c, err := ccda.Combine(res)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(c.Missing, ",") != wantMissing {
				t.Errorf("combined: missing %v, want %q", c.Missing, wantMissing)
			}
		})
	}
}

func itoa(i int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+i/10%10)) + string(rune('0'+i%10)))
}

// flipCtx is a context that is cancelled after its Err has been asked n times.
type flipCtx struct {
	context.Context
	n int
}

func (c *flipCtx) Err() error {
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

// TestCancelledWhileMapping: a conversion cancelled inside the last section fails; it never
// returns the part made so far as if it were the whole document.
func TestCancelledWhileMapping(t *testing.T) {
	entry := `<entry><observation classCode="OBS" moodCode="EVN"><code code="8302-2" codeSystem="2.16.840.1.113883.6.1"/><value xsi:type="PQ" value="170" unit="cm"/></observation></entry>`
	data := doc(section("8716-3", entry+entry))
	for n := 0; n < 3; n++ {
		_, err := ccda.Convert(&flipCtx{Context: context.Background(), n: n}, bytes.NewReader(data), ccda.Options{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled after %d checks: error %v, want context.Canceled", n, err)
		}
	}
}

// TestRepeatedIDs: a document that gives thousands of different entries one id keeps every
// one of them (and takes linear time: a quadratic search would make this test time out).
func TestRepeatedIDs(t *testing.T) {
	var b strings.Builder
	const n = 20000
	for i := 0; i < n; i++ {
		b.WriteString(`<entry><substanceAdministration classCode="SBADM" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.52"/><id root="1.1.1" extension="same"/>`)
		b.WriteString(`<effectiveTime value="20200101"/><consumable><manufacturedProduct><manufacturedMaterial><code code="V` + strings.Repeat("x", 0) + itoa5(i) + `" codeSystem="2.16.840.1.113883.12.292"/></manufacturedMaterial></manufacturedProduct></consumable></substanceAdministration></entry>`)
	}
	res := convert(t, doc(section("11369-6", b.String())))
	if res.Made["Immunization"] != n {
		t.Errorf("%d Immunizations, want %d", res.Made["Immunization"], n)
	}
}

func itoa5(i int) string {
	s := ""
	for k := 0; k < 5; k++ {
		s = string(rune('0'+i%10)) + s
		i /= 10
	}
	return s
}

// utf16Of is s in UTF-16 with its byte order mark, as Windows exporters write it.
func utf16Of(s string, bigEndian bool) string {
	var b strings.Builder
	put := func(u uint16) {
		if bigEndian {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		} else {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
	}
	put(0xfeff)
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return b.String()
}

// A document that declares UTF-8 and is not is still refused: only an undeclared encoding is
// read as Windows-1252. The error says it is the encoding, not broken XML (F304).
func TestDeclaredUTF8NotUTF8Refused(t *testing.T) {
	data := strings.Replace(string(doc("")), "<title>Test</title>", "<title>\x93Test\x94</title>", 1)
	if _, err := ccda.Convert(context.Background(), strings.NewReader(data), ccda.Options{Now: fixedNow}); err == nil || !strings.Contains(err.Error(), "is not UTF-8, though the document says it is") {
		t.Errorf("error %v, want not UTF-8", err)
	}
}
