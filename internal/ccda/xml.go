package ccda

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"carekeeper/internal/inputfile"
)

const hl7NS = "urn:hl7-org:v3"
const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

// node is one element of a parsed document: a small DOM with the namespace of each element,
// its attributes by local name, and its children in order (text as nodes with name "").
type node struct {
	space, name string
	attrs       []xml.Attr
	kids        []*node
	text        string // for text nodes only
}

// attr returns the value of the attribute with this local name (xsi:type is "type" with the
// XSI namespace, see xsiType).
func (n *node) attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == name && a.Name.Space != xsiNS {
			return a.Value
		}
	}
	return ""
}

// xsiType is the xsi:type without its prefix ("PQ", "CD", "IVL_TS").
func (n *node) xsiType() string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == "type" && a.Name.Space == xsiNS {
			v := a.Value
			if i := strings.LastIndexByte(v, ':'); i >= 0 {
				v = v[i+1:]
			}
			return v
		}
	}
	return ""
}

// child is the first child element with this local name in the HL7 namespace.
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name && k.space == hl7NS {
			return k
		}
	}
	return nil
}

// children are all child elements with this local name in the HL7 namespace.
func (n *node) children(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.name == name && k.space == hl7NS {
			out = append(out, k)
		}
	}
	return out
}

// path follows child names: n.path("a", "b") is n.child("a").child("b").
func (n *node) path(names ...string) *node {
	for _, name := range names {
		n = n.child(name)
	}
	return n
}

// elems are all child elements in order.
func (n *node) elems() []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.name != "" {
			out = append(out, k)
		}
	}
	return out
}

// textContent is all text under n, with runs of white space collapsed to one space.
func (n *node) textContent() string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	n.appendText(&b)
	return strings.Join(strings.Fields(b.String()), " ")
}

func (n *node) appendText(b *strings.Builder) {
	if n.name == "" {
		b.WriteString(n.text)
		return
	}
	for _, k := range n.kids {
		k.appendText(b)
		if k.name != "" {
			b.WriteByte(' ')
		}
	}
}

// hasTemplate reports whether n carries a templateId with one of these roots.
func (n *node) hasTemplate(roots ...string) bool {
	for _, t := range n.children("templateId") {
		r := t.attr("root")
		for _, want := range roots {
			if r == want {
				return true
			}
		}
	}
	return false
}

// Limits bound what one document may cost. Zero fields take the defaults.
type Limits struct {
	MaxBytes      int64 // the document's size (default 20 MiB: its base64 copy must fit one stored resource)
	MaxDepth      int   // element nesting (default 200)
	MaxTokens     int   // XML tokens in one document (default 2,000,000)
	MaxAttrs      int   // attributes on one element (default 64)
	MaxTokenBytes int   // one text run or attribute value (default MaxBytes)
	MaxEntries    int   // files looked at in one XDM zip (default 1,000)
	MaxZipBytes   int64 // all documents of one XDM zip together, uncompressed (default 64 MiB: their bundles are held at once)
	MaxZipRatio   int64 // uncompressed/compressed size of one zip entry (default 200)
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 20 << 20
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = 200
	}
	if l.MaxTokens <= 0 {
		l.MaxTokens = 2_000_000
	}
	if l.MaxAttrs <= 0 {
		l.MaxAttrs = 64
	}
	if l.MaxTokenBytes <= 0 || int64(l.MaxTokenBytes) > l.MaxBytes {
		l.MaxTokenBytes = int(l.MaxBytes)
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = 1000
	}
	if l.MaxZipBytes <= 0 {
		l.MaxZipBytes = 64 << 20
	}
	if l.MaxZipRatio <= 0 {
		l.MaxZipRatio = 200
	}
	return l
}

// errNotCCDA is returned for well-formed XML that is not a C-CDA ClinicalDocument.
var errNotCCDA = errors.New("not a C-CDA document (its root element is not a ClinicalDocument)")

// parse reads a whole document into a tree, within the limits. Entities are never expanded
// (encoding/xml has no DTD support: a reference to a declared entity is an error), and the
// caller's context is checked as tokens are read.
func parse(ctx context.Context, data []byte, lim Limits) (*node, error) {
	root, err := parseTree(ctx, data, lim)
	if err != nil {
		return nil, err
	}
	if root.name == "ClinicalDocument" && root.space == "" {
		// Some producers (and several of HL7's own examples) leave out the namespace.
		setDefaultNS(root, hl7NS)
	}
	if root.name != "ClinicalDocument" || root.space != hl7NS {
		return nil, errNotCCDA
	}
	return root, nil
}

func setDefaultNS(n *node, ns string) {
	if n.space == "" {
		n.space = ns
	}
	for _, k := range n.kids {
		if k.name != "" {
			setDefaultNS(k, ns)
		}
	}
}

// parseTree reads any XML document into a tree, within the limits.
func parseTree(ctx context.Context, data []byte, lim Limits) (*node, error) {
	if int64(len(data)) > lim.MaxBytes {
		return nil, fmt.Errorf("the document is larger than %s", inputfile.Size(lim.MaxBytes))
	}
	charset := charsetReader
	if IsUTF16(data) {
		data, charset = fromUTF16(data), utf16Reader
	} else {
		data = undeclared1252(data)
		if line := notUTF8Line(data); line > 0 {
			return nil, fmt.Errorf("line %d is not UTF-8, though the document says it is (it may be Latin-1 or Windows-1252): ask the sender for a corrected file", line)
		}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] != '<' {
		return nil, errors.New("the file is not XML")
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset
	d.Strict = true
	var root *node
	var stack []*node
	tokens := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xmlError(err)
		}
		tokens++
		if tokens > lim.MaxTokens {
			return nil, fmt.Errorf("the document has more than %d XML parts", lim.MaxTokens)
		}
		if tokens&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= lim.MaxDepth {
				return nil, fmt.Errorf("the document nests elements deeper than %d", lim.MaxDepth)
			}
			if len(t.Attr) > lim.MaxAttrs {
				return nil, fmt.Errorf("an element has more than %d attributes", lim.MaxAttrs)
			}
			for _, a := range t.Attr {
				if len(a.Value) > lim.MaxTokenBytes {
					return nil, fmt.Errorf("an attribute is longer than %d bytes", lim.MaxTokenBytes)
				}
			}
			n := &node{name: t.Name.Local, space: t.Name.Space, attrs: t.Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("the XML has more than one root element")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, errors.New("the XML is malformed (an end tag without a start)")
			}
			if top := stack[len(stack)-1]; top.name != t.Name.Local || top.space != t.Name.Space {
				line, _ := d.InputPos()
				return nil, fmt.Errorf("the XML is malformed at line %d (an end tag does not match)", line)
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(t) > lim.MaxTokenBytes {
				return nil, fmt.Errorf("a text is longer than %d bytes", lim.MaxTokenBytes)
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, &node{text: string(t)})
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, errors.New("the XML has text outside its root element")
			}
		}
	}
	if root == nil {
		return nil, errors.New("the file holds no XML element")
	}
	if len(stack) != 0 {
		return nil, errors.New("the XML ends early (an element is not closed)")
	}
	resolveNS(root, map[string]string{"xsi": xsiNS, "sdtc": "urn:hl7-org:sdtc"})
	return root, nil
}

// resolveNS turns the raw prefixes of RawToken into namespace URIs (RawToken does no
// namespace processing, which keeps xmlns declarations from being copied per element).
func resolveNS(n *node, scope map[string]string) {
	var own map[string]string
	for _, a := range n.attrs {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			if own == nil {
				own = make(map[string]string, len(scope)+2)
				for k, v := range scope {
					own[k] = v
				}
			}
			if a.Name.Space == "xmlns" {
				own[a.Name.Local] = a.Value
			} else {
				own[""] = a.Value
			}
		}
	}
	if own != nil {
		scope = own
	}
	n.space = scope[n.space]
	for i := range n.attrs {
		a := &n.attrs[i]
		switch {
		case a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns"):
			a.Name.Space = "xmlns"
		case a.Name.Space == "xml":
			a.Name.Space = "http://www.w3.org/XML/1998/namespace"
		case a.Name.Space != "":
			a.Name.Space = scope[a.Name.Space]
		}
	}
	for _, k := range n.kids {
		if k.name != "" {
			resolveNS(k, scope)
		}
	}
}

// xmlError says what is wrong with malformed XML without quoting it.
func xmlError(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := se.Msg
		if strings.HasPrefix(msg, "invalid character entity") {
			return fmt.Errorf("the XML uses an entity that is not allowed (line %d)", se.Line)
		}
		return fmt.Errorf("the XML is malformed at line %d", se.Line)
	}
	if strings.Contains(err.Error(), "CharsetReader") || strings.Contains(err.Error(), "encoding") {
		return errors.New("the XML declares a character encoding that is not supported")
	}
	return errors.New("the XML is malformed")
}

// charsetReader accepts the encodings seen in real documents besides UTF-8: Latin-1,
// Windows-1252 (Latin-1 but for its quotes, dashes, € … at 0x80-0x9f) and US-ASCII.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return r, nil
	case "iso-8859-1", "latin1", "latin-1":
		return &latin1{r: r}, nil
	case "windows-1252", "cp1252":
		return &latin1{r: r, windows: true}, nil
	}
	return nil, errors.New("unsupported encoding")
}

// cp1252 are the characters Windows-1252 has at 0x80-0x9f (Latin-1's control characters
// there); 0 where it has none (those bytes stay as Latin-1 reads them).
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

type latin1 struct {
	r       io.Reader
	windows bool // Windows-1252
	buf     []byte
	out     []byte
}

func (l *latin1) Read(p []byte) (int, error) {
	for len(l.out) == 0 {
		if cap(l.buf) == 0 {
			l.buf = make([]byte, 4096)
		}
		n, err := l.r.Read(l.buf[:len(l.buf)])
		for _, c := range l.buf[:n] {
			r := rune(c)
			if l.windows && c >= 0x80 && c < 0xa0 && cp1252[c-0x80] != 0 {
				r = cp1252[c-0x80]
			}
			l.out = utf8.AppendRune(l.out, r)
		}
		if n == 0 && err != nil {
			return 0, err
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}

// undeclared1252 reads a document that declares no encoding (no XML declaration, or one
// without encoding="…") and is not valid UTF-8 as Windows-1252, turned into UTF-8: real vendor
// output is written so, and XML would refuse it as malformed. Valid UTF-8, a declared
// encoding (charsetReader reads it) and anything else are returned as they are.
func undeclared1252(data []byte) []byte {
	if utf8.Valid(data) || declaresEncoding(data) {
		return data
	}
	out := make([]byte, 0, len(data)+len(data)/8)
	for _, c := range data {
		r := rune(c)
		if c >= 0x80 && c < 0xa0 && cp1252[c-0x80] != 0 {
			r = cp1252[c-0x80]
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// notUTF8Line is the line of the first byte that is not UTF-8 in a document whose declaration
// says UTF-8 (or US-ASCII), 0 for any other (F304: an exporter's Latin-1 under a UTF-8
// declaration was refused as "malformed at line 16").
func notUTF8Line(data []byte) int {
	if utf8.Valid(data) || !declaresEncoding(data) {
		return 0
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	end := bytes.Index(t, []byte("?>"))
	if end < 0 {
		return 0
	}
	decl := strings.ToLower(string(t[:end]))
	i := strings.Index(decl, "encoding")
	val := strings.TrimLeft(decl[i+len("encoding"):], " \t\r\n=")
	val = strings.Trim(strings.Fields(val + " ")[0], `"'`)
	switch val {
	case "utf-8", "utf8", "us-ascii", "ascii":
	default:
		return 0
	}
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return 0
}

// declaresEncoding reports whether data starts (after a UTF-8 BOM and white space) with an XML
// declaration that names an encoding.
func declaresEncoding(data []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if !bytes.HasPrefix(t, []byte("<?xml")) || len(t) < 6 || !strings.ContainsRune(" \t\r\n", rune(t[5])) {
		return false
	}
	end := bytes.Index(t, []byte("?>"))
	if end < 0 {
		end = len(t)
	}
	return bytes.Contains(t[:end], []byte("encoding"))
}

// utf16Reader is charsetReader for a document fromUTF16 turned into UTF-8: its declared
// UTF-16 is read as it now is. (A document that says UTF-16 without being it is refused.)
func utf16Reader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-16", "utf16", "utf-16le", "utf-16be":
		return r, nil
	}
	return charsetReader(label, r)
}

// IsUTF16 reports whether data starts with a UTF-16 byte order mark (as some Windows
// exporters write their documents).
func IsUTF16(data []byte) bool {
	return bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff"))
}

// fromUTF16 turns a document that starts with a UTF-16 byte order mark into UTF-8; anything
// else is returned as it is. An odd last byte (a head cut short) is left out.
func fromUTF16(data []byte) []byte {
	if !IsUTF16(data) {
		return data
	}
	var order binary.ByteOrder = binary.LittleEndian
	if data[0] == 0xfe {
		order = binary.BigEndian
	}
	data = data[2:]
	u := make([]uint16, len(data)/2)
	for i := range u {
		u[i] = order.Uint16(data[2*i:])
	}
	return []byte(string(utf16.Decode(u)))
}

// Sniff reports whether the head of a file (its first few KiB) is a C-CDA document: its first
// element is ClinicalDocument in the urn:hl7-org:v3 namespace (or in no namespace, as some
// producers write it). A head cut short inside the root's start tag is not one.
func Sniff(head []byte) bool {
	charset := charsetReader
	if IsUTF16(head) {
		head, charset = fromUTF16(head), utf16Reader
	} else {
		head = undeclared1252(head)
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(head, '<'); i < 0 || len(bytes.TrimSpace(head[:i])) > 0 {
		return false
	}
	d := xml.NewDecoder(bytes.NewReader(head))
	d.CharsetReader = charset
	for { // each token consumes head: comments and processing instructions of any number
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "ClinicalDocument" && (se.Name.Space == hl7NS || se.Name.Space == "")
		}
	}
}
