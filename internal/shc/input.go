package shc

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // QR photos
	_ "image/png"  // QR screenshots
	"sort"
	"strconv"
	"strings"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/multi/qrcode"
	qrsingle "github.com/makiuchi-d/gozxing/qrcode"

	"carekeeper/internal/fhirjson"
	"carekeeper/storage"
)

// LooksLikeFile reports whether JSON text (the start of a file is enough) is an object with a
// top-level "verifiableCredential" member: a .smart-health-card file.
func LooksLikeFile(text []byte) bool {
	d := json.NewDecoder(bytes.NewReader(text))
	depth, expectKey := 0, false
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				depth++
				expectKey = t == '{' && depth == 1
				continue
			default:
				depth--
			}
		case string:
			if depth == 1 && expectKey {
				if t == "verifiableCredential" {
					return true
				}
				expectKey = false
				continue
			}
		}
		if depth == 1 {
			expectKey = true
		}
		if depth == 0 {
			return false
		}
	}
}

// ParseFile reads a .smart-health-card file: {"verifiableCredential": [JWS, …]}.
func ParseFile(data []byte) ([]*Card, error) {
	if len(data) > MaxFileBytes {
		return nil, malformed("the file is larger than %d bytes", MaxFileBytes)
	}
	var f struct {
		VC []string `json:"verifiableCredential"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		// Said as what happened to the file, not in JSON's terms (F389: a file cut short said
		// "verifiableCredential is not a list of cards").
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se) && int(se.Offset) >= len(bytes.TrimSpace(data)):
			return nil, malformed("the file ends too soon, as a download or copy cut short does: save or download the card again")
		case errors.As(err, &se):
			return nil, malformed("the file is damaged (it cannot be read from byte %d on): save or download the card again", se.Offset)
		}
		return nil, malformed("the file does not hold its cards as a list (verifiableCredential)")
	}
	return parseAll(f.VC)
}

// ParseJWSs parses cards given as compact JWSs (at most MaxCards).
func ParseJWSs(jwss []string) ([]*Card, error) { return parseAll(jwss) }

func parseAll(jwss []string) ([]*Card, error) {
	if len(jwss) == 0 {
		return nil, malformed("the file holds no card")
	}
	if len(jwss) > MaxCards {
		return nil, malformed("the file holds more than %d cards", MaxCards)
	}
	out := make([]*Card, 0, len(jwss))
	for i, j := range jwss {
		c, err := Parse(j)
		if err != nil {
			if len(jwss) > 1 {
				return nil, fmt.Errorf("card %d: %w", i+1, err)
			}
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ParseText reads shc:/ text, one card or chunk per line (or separated by spaces): whole
// cards "shc:/5676…" and chunk sets "shc:/1/2/…" "shc:/2/2/…", joined in order.
func ParseText(text []byte) ([]*Card, error) {
	if len(text) > MaxFileBytes {
		return nil, malformed("the text is larger than %d bytes", MaxFileBytes)
	}
	jwss, err := Decode(strings.Fields(string(bytes.TrimPrefix(text, []byte("\xef\xbb\xbf")))))
	if err != nil {
		return nil, err
	}
	return parseAll(jwss)
}

// Decode turns shc:/ strings into JWSs: a whole card each, or the chunks of chunked cards
// (shc:/C/N/…), which must all be there.
func Decode(qrs []string) ([]string, error) {
	var out []string
	chunks := map[int]map[int]string{} // N → C → JWS part
	for _, q := range qrs {
		if len(q) < 5 || !strings.EqualFold(q[:5], "shc:/") {
			return nil, malformed("the text is not shc:/ numeric data")
		}
		rest := q[5:]
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			parts := strings.SplitN(rest, "/", 3)
			if len(parts) != 3 {
				return nil, malformed("a chunk is not shc:/C/N/…")
			}
			c, errc := strconv.Atoi(parts[0])
			n, errn := strconv.Atoi(parts[1])
			if errc != nil || errn != nil || n < 1 || n > 99 || c < 1 || c > n {
				return nil, malformed("a chunk's numbers are not C/N with 1 ≤ C ≤ N")
			}
			jws, err := numeric(parts[2])
			if err != nil {
				return nil, err
			}
			if chunks[n] == nil {
				chunks[n] = map[int]string{}
			}
			if have, dup := chunks[n][c]; dup && have != jws {
				return nil, malformed("chunk %d of %d is there twice, different each time", c, n)
			}
			chunks[n][c] = jws
			continue
		}
		jws, err := numeric(rest)
		if err != nil {
			return nil, err
		}
		out = append(out, jws)
	}
	ns := make([]int, 0, len(chunks))
	for n := range chunks {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	for _, n := range ns {
		var b strings.Builder
		for c := 1; c <= n; c++ {
			part, ok := chunks[n][c]
			if !ok {
				return nil, &MissingChunksError{Have: len(chunks[n]), Of: n, QRs: qrs}
			}
			b.WriteString(part)
		}
		out = append(out, b.String())
	}
	return out, nil
}

// MissingChunksError is a chunked card of which some chunks are missing. QRs are the shc:/
// texts that were there, to join with the other parts (one QR image per part).
type MissingChunksError struct {
	Have, Of int
	QRs      []string
}

func (e *MissingChunksError) Error() string {
	are := "are"
	if e.Have == 1 {
		are = "is"
	}
	return fmt.Sprintf("%v: only %d of the %d parts of a multi-part card %s here (import the images of all its QR codes together)", ErrMalformed, e.Have, e.Of, are)
}

func (e *MissingChunksError) Unwrap() error { return ErrMalformed }

// numeric decodes shc numeric mode: two digits per character, ord(c) - 45.
func numeric(digits string) (string, error) {
	switch {
	case len(digits) == 0:
		return "", malformed("the shc:/ text holds no card")
	case len(digits) > 2*MaxJWSBytes:
		return "", malformed("the shc:/ text is larger than a card can be")
	case len(digits)%2 != 0:
		// Two digits a character: an odd count is a text cut short (F389).
		return "", malformed("the shc:/ text is cut short or damaged (an odd number of digits): scan or copy the card again")
	}
	b := make([]byte, len(digits)/2)
	for i := range b {
		d0, d1 := digits[2*i]-'0', digits[2*i+1]-'0'
		if d0 > 9 || d1 > 9 {
			return "", malformed("the shc:/ data holds something other than digits")
		}
		v := d0*10 + d1
		if v > 77 { // 'z' - 45
			return "", malformed("the shc:/ data holds a pair of digits above 77")
		}
		b[i] = v + 45
	}
	return string(b), nil
}

// Encode is a JWS in shc:/ numeric form (for tests and for showing a card as a QR code).
func Encode(jws string) string {
	var b strings.Builder
	b.WriteString("shc:/")
	for i := 0; i < len(jws); i++ {
		fmt.Fprintf(&b, "%02d", int(jws[i])-45)
	}
	return b.String()
}

// MaxImagePixels bounds a QR image's size (a 16-megapixel phone photo fits).
const MaxImagePixels = 4096 * 4096

// DecodeImage finds the SMART Health Card QR codes in a PNG or JPEG image and returns their
// shc:/ texts: every code in the image (a chunked set printed side by side too).
func DecodeImage(data []byte) ([]string, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, malformed("the image is not a PNG or JPEG file")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, malformed("the image is empty")
	}
	if cfg.Width*cfg.Height > MaxImagePixels {
		return nil, malformed("the image is too large to be a photo of a QR code (over %d megapixels)", MaxImagePixels/(1<<20))
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, malformed("the image cannot be read")
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return nil, malformed("the image cannot be read")
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	var texts []string
	if results, err := qrcode.NewQRCodeMultiReader().DecodeMultiple(bmp, hints); err == nil {
		for _, r := range results {
			texts = append(texts, r.GetText())
		}
	}
	if len(texts) == 0 {
		r, err := qrsingle.NewQRCodeReader().Decode(bmp, hints)
		if err != nil {
			return nil, malformed("no QR code could be read in the image (try a sharper, straight photo)")
		}
		texts = append(texts, r.GetText())
	}
	var out []string
	for _, t := range texts {
		t = strings.TrimSpace(t)
		if len(t) >= 5 && strings.EqualFold(t[:5], "shc:/") {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return nil, malformed("the QR code in the image is not a SMART Health Card")
	}
	sort.Strings(out)
	return out, nil
}

// CodeSystemSignature is the meta.tag system earlier versions of CareKeeper marked a card's
// resources with (code "verified" or "not-checked"). It is no longer written nor believed:
// a card's signature state is kept beside the record (storage.Meta.Card, see Mark and
// Origin), where no file can put it. Tags of this system are taken off a card's resources.
const CodeSystemSignature = "https://carekeeper.app/fhir/CodeSystem/health-card-signature"

// Resources returns the card's FHIR resources ready to import: each gets a stable id made from
// its issuer, content and the card's Patient (so importing the same card again changes nothing,
// and two people's cards never share a record), the card's
// resource:N references become Type/id references, and meta.source names the issuer. The
// signature state is not written into them: the import marks their records (Mark).
func (c *Card) Resources() ([][]byte, error) {
	var b struct {
		Entry []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(c.bundle, &b); err != nil {
		return nil, malformed("its FHIR Bundle cannot be read")
	}
	refs := map[string]string{}
	ids := make([]string, len(b.Entry))
	types := make([]string, len(b.Entry))
	// whose is the card's Patient(s): the other resources' ids are made with it, so two
	// people's records written alike (a couple vaccinated together) never share an id.
	var whose []byte
	for i, e := range b.Entry {
		var r struct {
			ResourceType string `json:"resourceType"`
		}
		if json.Unmarshal(e.Resource, &r) != nil || r.ResourceType == "" {
			return nil, malformed("entry %d of its Bundle is not a FHIR resource", i+1)
		}
		types[i] = r.ResourceType
		if r.ResourceType == "Patient" {
			whose = append(append(whose, e.Resource...), 0)
		}
	}
	for i, e := range b.Entry {
		key := append([]byte(c.Issuer+"\x00"), e.Resource...)
		if types[i] != "Patient" {
			key = append(append(key, 0), whose...)
		}
		sum := sha256.Sum256(key)
		ids[i] = uuid(sum[:16])
		if e.FullURL != "" {
			refs[e.FullURL] = types[i] + "/" + ids[i]
		}
		if base, typ, id, ok := fhirjson.SplitFullURL(e.FullURL); ok && typ == types[i] {
			refs[base+"/"+typ+"/"+id] = types[i] + "/" + ids[i] // a versioned fullUrl too
		}
	}
	out := make([][]byte, len(b.Entry))
	for i, e := range b.Entry {
		var res map[string]any
		d := json.NewDecoder(bytes.NewReader(e.Resource))
		d.UseNumber()
		if err := d.Decode(&res); err != nil {
			return nil, malformed("entry %d of its Bundle is not a FHIR resource", i+1)
		}
		base, _, _, _ := fhirjson.SplitFullURL(e.FullURL)
		rewriteRefs(res, refs, base)
		res["id"] = ids[i]
		meta, _ := res["meta"].(map[string]any)
		if meta == nil {
			meta = map[string]any{}
		}
		meta["source"] = c.Issuer
		// A signature tag in the card says nothing (and CareKeeper no longer writes one).
		var tags []any
		old, _ := meta["tag"].([]any)
		for _, tag := range old {
			if t, ok := tag.(map[string]any); !ok || t["system"] != CodeSystemSignature {
				tags = append(tags, tag)
			}
		}
		if len(tags) > 0 {
			meta["tag"] = tags
		} else {
			delete(meta, "tag")
		}
		res["meta"] = meta
		data, err := json.Marshal(res)
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

// rewriteRefs replaces every "reference" naming one of the card's resources: a fullUrl, or a
// reference resolved as FHIR resolves one in a Bundle (http://hl7.org/fhir/R4/bundle.html#references):
// a relative "Type/id" against base, the base of the fullUrl of the entry that holds it
// (RESTful fullUrls only), and a versioned one without its version. A lab card names its
// results "Observation/o1" in entries of "https://example.com/base/…" (F171).
func rewriteRefs(v any, refs map[string]string, base string) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && k == "reference" {
				if to, ok := resolveRef(s, refs, base); ok {
					t[k] = to
				}
				continue
			}
			rewriteRefs(x, refs, base)
		}
	case []any:
		for _, x := range t {
			rewriteRefs(x, refs, base)
		}
	}
}

// resolveRef is the card's new "Type/id" for reference s of an entry whose fullUrl's base is base.
func resolveRef(s string, refs map[string]string, base string) (string, bool) {
	if to, ok := refs[s]; ok {
		return to, true
	}
	r := fhirjson.ParseReference(s)
	if r.Type == "" || r.ID == "" || r.Contained || r.Conditional || r.URN != "" {
		return "", false
	}
	if r.Base == "" {
		if base == "" {
			return "", false
		}
		r.Base = base
	}
	to, ok := refs[r.Base+"/"+r.Type+"/"+r.ID]
	return to, ok
}

func uuid(b []byte) string {
	b[6] = b[6]&0x0f | 0x50 // name-based
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Patients returns the card's Patient resources as the card has them (for the identity check).
func (c *Card) Patients() [][]byte {
	var b struct {
		Entry []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	_ = json.Unmarshal(c.bundle, &b)
	var out [][]byte
	for _, e := range b.Entry {
		var r struct {
			ResourceType string `json:"resourceType"`
		}
		if json.Unmarshal(e.Resource, &r) == nil && r.ResourceType == "Patient" {
			out = append(out, e.Resource)
		}
	}
	return out
}

// Mark is what the import of a card notes beside each of its records (storage.Meta.Card).
func (c *Card) Mark(status Status) storage.CardMark {
	return storage.CardMark{Issuer: c.Issuer, Verified: status == Verified}
}

// Origin says whether a stored record came from a SMART Health Card, from which issuer, and
// whether the card's signature was verified: read only from what CareKeeper's own card
// import noted beside the record (Mark), never from the resource, so a FHIR file, a document
// or a portal cannot make its records look like a verified card. ok is false for a record
// that did not come from a card.
func Origin(m *storage.Meta) (issuer string, status Status, ok bool) {
	if m == nil || m.Card == nil {
		return "", "", false
	}
	if m.Card.Verified {
		return m.Card.Issuer, Verified, true
	}
	return m.Card.Issuer, NotChecked, true
}

// Describe is how a record's card origin is shown ("health card from ISS, signature
// verified"), or "" for a record that did not come from a card. The app's records browser
// says it in the record's title.
func Describe(m *storage.Meta) string {
	iss, status, ok := Origin(m)
	if !ok {
		return ""
	}
	return "health card from " + iss + ", " + status.Words()
}
