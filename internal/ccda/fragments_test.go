package ccda_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/ccda"
	"carekeeper/internal/testutil"
)

// TestFixtureFragments converts the section and entry examples among the HL7 C-CDA examples
// (most of the 446 files are single sections or entries), each wrapped in a minimal document:
// none may fail, and every bundle must be valid, point back at its document and resolve its
// references.
func TestFixtureFragments(t *testing.T) {
	root := filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples")
	var sections, entries, other, elided int
	made := map[string]int{}
	textOnly := 0
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".xml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil || ccda.Sniff(data) {
			return err
		}
		name, body := rootElement(data)
		var wrapped []byte
		switch name {
		case "section":
			sections++
			wrapped = doc("<component>" + body + "</component>")
		case "entry":
			entries++
			wrapped = doc("<component><section><title>S</title>" + body + "</section></component>")
		case "act", "observation", "substanceAdministration", "organizer", "procedure", "encounter", "supply":
			entries++
			wrapped = doc("<component><section><title>S</title><entry>" + body + "</entry></section></component>")
		default:
			other++
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		res, err := ccda.Convert(context.Background(), bytes.NewReader(wrapped), ccda.Options{Now: fixedNow})
		if !wellFormed(body) {
			// A few examples elide part of themselves ("........"): those must fail as malformed.
			if err == nil || !strings.Contains(err.Error(), "malformed") {
				t.Errorf("%s: an elided example converted or failed otherwise: %v", rel, err)
			}
			elided++
			return nil
		}
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		checkBundle(t, rel, res)
		for k, n := range res.Made {
			made[k] += n
		}
		textOnly += res.TextOnly
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sections < 50 || entries < 50 {
		t.Errorf("only %d section and %d entry examples found", sections, entries)
	}
	t.Logf("%d sections, %d entries (%d elided, %d other fragments not converted): made %v, %d kept as text only", sections, entries, elided, other, made, textOnly)
}

// rootElement is the local name of a fragment's first element and the fragment from it on
// (the XML declaration, comments and processing instructions before it left out).
func rootElement(data []byte) (string, string) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		off := d.InputOffset()
		tok, err := d.RawToken()
		if err != nil {
			return "", ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local, string(data[off:])
		}
	}
}

// wellFormed reports whether a fragment is well-formed XML on its own.
func wellFormed(s string) bool {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.RawToken()
		if err != nil {
			return err.Error() == "EOF" && d.InputOffset() > 0 && balanced(s)
		}
	}
}

// balanced checks start and end tags pair up (RawToken does not).
func balanced(s string) bool {
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var stack []string
	for {
		tok, err := d.RawToken()
		if err != nil {
			return len(stack) == 0
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Space+":"+t.Name.Local)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name.Space+":"+t.Name.Local {
				return false
			}
			stack = stack[:len(stack)-1]
		}
	}
}
