package ccda

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Section is one section of a document's narrative as plain text.
type Section struct {
	Title string
	Text  string // paragraphs and list items on their own lines, table rows as cells joined by " | "
	Depth int    // 0 for a top-level section, 1 for its subsections, ...
}

// Narrative returns the human-readable text of a C-CDA document, section by section, as plain
// text: no markup, no links, no images, nothing that can run or load anything. It is what the
// app shows for a stored document (see DocumentNarrative).
func Narrative(doc []byte) ([]Section, error) {
	lim := Limits{}.withDefaults()
	root, err := parse(context.Background(), doc, lim)
	if err != nil {
		return nil, err
	}
	var out []Section
	var walk func(s *node, depth int)
	walk = func(s *node, depth int) {
		if s == nil {
			return
		}
		var b strings.Builder
		renderText(&b, s.child("text"))
		out = append(out, Section{Title: sectionTitle(s), Text: tidy(b.String()), Depth: depth})
		for _, comp := range s.children("component") {
			walk(comp.child("section"), depth+1)
		}
	}
	for _, comp := range root.path("component", "structuredBody").children("component") {
		walk(comp.child("section"), 0)
	}
	if nx := root.path("component", "nonXMLBody", "text"); nx != nil {
		mt := nx.attr("mediaType")
		if nx.attr("representation") != "B64" && (mt == "" || strings.HasPrefix(mt, "text/plain")) {
			out = append(out, Section{Title: "Document", Text: tidy(nx.textContent())})
		} else {
			out = append(out, Section{Title: "Document", Text: "(an attached file of type " + safeWord(mt) + ", kept in the stored document)"})
		}
	}
	return out, nil
}

func safeWord(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) > 64 {
		s = s[:64]
	}
	if s == "" {
		return "unknown"
	}
	return s
}

// renderText writes the plain text of a narrative block (CDA StrucDocText).
func renderText(b *strings.Builder, n *node) {
	if n == nil {
		return
	}
	for _, k := range n.kids {
		if k.name == "" {
			b.WriteString(strings.Join(strings.Fields(k.text), " "))
			if strings.HasSuffix(k.text, " ") || strings.HasSuffix(k.text, "\n") {
				b.WriteByte(' ')
			}
			continue
		}
		switch k.name {
		case "br":
			b.WriteByte('\n')
		case "paragraph", "caption":
			b.WriteByte('\n')
			renderText(b, k)
			b.WriteByte('\n')
		case "list":
			b.WriteByte('\n')
			for _, it := range k.children("item") {
				b.WriteString("• ")
				renderText(b, it)
				b.WriteByte('\n')
			}
		case "table":
			b.WriteByte('\n')
			renderText(b, k.child("caption"))
			for _, part := range k.elems() {
				rows := []*node{part}
				if part.name != "tr" {
					rows = part.children("tr")
				}
				for _, tr := range rows {
					if tr.name != "tr" {
						continue
					}
					var cells []string
					for _, td := range tr.elems() {
						var cb strings.Builder
						renderText(&cb, td)
						cells = append(cells, strings.Join(strings.Fields(cb.String()), " "))
					}
					b.WriteString(strings.Join(cells, " | "))
					b.WriteByte('\n')
				}
			}
		case "renderMultiMedia", "footnoteRef":
			// images and footnote marks: nothing to show as text
		default: // content, linkHtml (its text only, never its address), sub, sup, footnote, ...
			renderText(b, k)
		}
	}
}

// tidy trims each line and drops runs of empty lines.
func tidy(s string) string {
	var out []string
	blank := false
	for _, l := range strings.Split(s, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// ErrNoDocument is returned by DocumentNarrative for a DocumentReference that holds no C-CDA
// document.
var ErrNoDocument = errors.New("the record holds no C-CDA document")

// Document returns the C-CDA document kept in a DocumentReference made by Convert (its
// attachment's data); ErrNoDocument for any other resource.
func Document(docRef []byte) ([]byte, error) {
	var r struct {
		ResourceType string `json:"resourceType"`
		Content      []struct {
			Attachment struct {
				ContentType string `json:"contentType"`
				Data        string `json:"data"`
			} `json:"attachment"`
		} `json:"content"`
	}
	if err := json.Unmarshal(docRef, &r); err != nil || r.ResourceType != "DocumentReference" {
		return nil, ErrNoDocument
	}
	for _, c := range r.Content {
		a := c.Attachment
		if a.Data == "" || !strings.Contains(a.ContentType, "xml") {
			continue
		}
		data, err := base64.StdEncoding.DecodeString(a.Data)
		if err != nil || !Sniff(data) {
			continue
		}
		return data, nil
	}
	return nil, ErrNoDocument
}

// DocumentNarrative is Narrative of the document kept in a DocumentReference made by Convert.
func DocumentNarrative(docRef []byte) ([]Section, error) {
	data, err := Document(docRef)
	if err != nil {
		return nil, err
	}
	return Narrative(data)
}

// WithoutDocument returns a DocumentReference made by Convert with the document's bytes left
// out (its attachment data replaced by a note of its size), for showing the record's own
// fields; any other resource comes back unchanged.
func WithoutDocument(docRef []byte) []byte {
	if _, err := Document(docRef); err != nil {
		return docRef
	}
	d := json.NewDecoder(bytes.NewReader(docRef))
	d.UseNumber()
	var m map[string]any
	if d.Decode(&m) != nil {
		return docRef
	}
	for _, c := range asList(m["content"]) {
		cm, _ := c.(map[string]any)
		att, _ := cm["attachment"].(map[string]any)
		if s, ok := att["data"].(string); ok && s != "" {
			att["data"] = fmt.Sprintf("(the document, %d bytes of base64, not shown)", len(s))
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(m) != nil {
		return docRef
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}
