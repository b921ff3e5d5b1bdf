package shc_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
)

var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func card(t *testing.T, c shctest.Claims) string {
	t.Helper()
	if c.Nbf.IsZero() {
		c.Nbf = now.Add(-24 * time.Hour)
	}
	return shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), c)
}

func trust(t *testing.T) *shc.Trust {
	t.Helper()
	tr, err := shc.NewTrust(shctest.Trusted(t))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestVerify(t *testing.T) {
	good := card(t, shctest.Claims{})
	forged := shctest.Sign(t, shctest.OtherKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: now.Add(-time.Hour)})
	expired := card(t, shctest.Claims{Exp: now.Add(-time.Minute)})
	future := card(t, shctest.Claims{Nbf: now.Add(48 * time.Hour)})
	stillValid := card(t, shctest.Claims{Exp: now.Add(time.Hour)})
	cases := []struct {
		name    string
		jws     string
		trust   *shc.Trust
		want    shc.Status
		wantErr error
	}{
		{"trusted key", good, trust(t), shc.Verified, nil},
		{"no keys at hand", good, nil, shc.NotChecked, nil},
		{"other issuer trusted only", good, mustTrust(t, shc.Issuer{Iss: "https://other.example", Keys: shctest.Trusted(t).Keys}), shc.NotChecked, nil},
		{"forged with the example kid", forged, trust(t), "", shc.ErrForged},
		{"forged, keys unknown", forged, nil, shc.NotChecked, nil},
		{"expired", expired, trust(t), "", shc.ErrExpired},
		{"expired, keys unknown", expired, nil, "", shc.ErrExpired},
		{"issued in the future", future, trust(t), "", shc.ErrNotYet},
		{"not expired yet", stillValid, trust(t), shc.Verified, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := shc.Parse(tc.jws)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Verify(tc.trust, now)
			if !errors.Is(err, tc.wantErr) || got != tc.want {
				t.Fatalf("Verify = %q, %v; want %q, %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func mustTrust(t *testing.T, is ...shc.Issuer) *shc.Trust {
	t.Helper()
	tr, err := shc.NewTrust(is...)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestRevoked(t *testing.T) {
	key := shctest.ExampleKey(t)
	jws := shctest.Sign(t, key, shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: now.Add(-time.Hour), RID: "abc"})
	c, err := shc.Parse(jws)
	if err != nil || c.RID != "abc" {
		t.Fatalf("rid %q, %v", c.RID, err)
	}
	later := now.Add(time.Hour).Unix()
	earlier := now.Add(-2 * time.Hour).Unix()
	for _, tc := range []struct {
		revoked []string
		want    error
	}{
		{nil, nil},
		{[]string{"other"}, nil},
		{[]string{"abc"}, shc.ErrRevoked},
		{[]string{fmt.Sprintf("abc.%d", later)}, shc.ErrRevoked}, // cards issued before then
		{[]string{fmt.Sprintf("abc.%d", earlier)}, nil},          // this one was issued after
	} {
		is := shctest.Trusted(t)
		is.Revoked = map[string][]string{key.Kid: tc.revoked}
		if _, err := c.Verify(mustTrust(t, is), now); !errors.Is(err, tc.want) {
			t.Errorf("revoked %v: %v, want %v", tc.revoked, err, tc.want)
		}
	}
}

func TestExampleKid(t *testing.T) {
	// The kid of the example key is its RFC 7638 thumbprint, as the specification says.
	keys := shctest.Trusted(t).Keys
	for _, k := range keys {
		if k.Kid == shctest.ExampleKey(t).Kid && k.Thumbprint() != k.Kid {
			t.Errorf("thumbprint %s, kid %s", k.Thumbprint(), k.Kid)
		}
	}
}

func TestResources(t *testing.T) {
	c, err := shc.Parse(card(t, shctest.Claims{}))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := c.Resources()
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 4 { // the Patient and three Immunizations
		t.Fatalf("%d resources", len(rs))
	}
	var patient, imm struct {
		ResourceType, ID string
		Meta             struct {
			Source string
			Tag    []struct{ System, Code string }
		}
		Patient struct{ Reference string }
	}
	json.Unmarshal(rs[0], &patient)
	json.Unmarshal(rs[1], &imm)
	if patient.ResourceType != "Patient" || patient.ID == "" || imm.Patient.Reference != "Patient/"+patient.ID {
		t.Errorf("references not rewritten: patient %+v, immunization %+v", patient, imm)
	}
	if imm.Meta.Source != shctest.Iss || len(imm.Meta.Tag) != 0 {
		t.Errorf("meta: %+v", imm.Meta)
	}
	// the same card again: the same ids
	c2, _ := shc.Parse(card(t, shctest.Claims{Nbf: now.Add(-48 * time.Hour)}))
	rs2, _ := c2.Resources()
	var p2 struct{ ID string }
	json.Unmarshal(rs2[0], &p2)
	if p2.ID != patient.ID {
		t.Errorf("ids differ between two cards of the same content: %s, %s", p2.ID, patient.ID)
	}
	if len(c.Patients()) != 1 {
		t.Errorf("%d patients", len(c.Patients()))
	}
}

func TestFileAndText(t *testing.T) {
	a := card(t, shctest.Claims{})
	b := shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "dr-bundle.json"), shctest.Claims{Nbf: now.Add(-time.Hour), Types: []string{shc.HealthCardType, "https://smarthealth.cards#laboratory"}})
	cards, err := shc.ParseFile(shctest.File(a, b))
	if err != nil || len(cards) != 2 {
		t.Fatalf("file: %d cards, %v", len(cards), err)
	}
	if !shc.LooksLikeFile(shctest.File(a)[:40]) || shc.LooksLikeFile([]byte(`{"resourceType":"Bundle","entry":[{"verifiableCredential":1}]}`)) {
		t.Error("LooksLikeFile")
	}
	// shc:/ text: a whole card, and a card in three chunks, in any order
	whole := shc.Encode(a)
	var chunks []string
	n := 3
	size := (len(b) + n - 1) / n
	for i := 0; i < n; i++ {
		part := b[i*size : min(len(b), (i+1)*size)]
		chunks = append(chunks, strings.Replace(shc.Encode(part), "shc:/", "shc:/"+string(rune('1'+i))+"/3/", 1))
	}
	text := whole + "\n" + chunks[2] + "\n" + chunks[0] + "\r\n" + chunks[1] + "\n"
	cards, err = shc.ParseText([]byte(text))
	if err != nil || len(cards) != 2 {
		t.Fatalf("text: %d cards, %v", len(cards), err)
	}
	_, err = shc.ParseText([]byte(chunks[0] + "\n" + chunks[2]))
	var missing *shc.MissingChunksError
	if !errors.As(err, &missing) || missing.Have != 2 || missing.Of != 3 {
		t.Errorf("missing chunk: %v", err)
	}
}

func TestMalformed(t *testing.T) {
	good := card(t, shctest.Claims{})
	parts := strings.Split(good, ".")
	b64 := base64.RawURLEncoding.EncodeToString
	cases := map[string]string{
		"not a JWS":           "hello",
		"bad header":          "!!." + parts[1] + "." + parts[2],
		"HS256":               b64([]byte(`{"alg":"HS256","zip":"DEF","kid":"x"}`)) + "." + parts[1] + "." + parts[2],
		"not compressed":      b64([]byte(`{"alg":"ES256","kid":"x"}`)) + "." + parts[1] + "." + parts[2],
		"zlib, not raw":       parts[0] + "." + b64([]byte("\x78\x9c\x03\x00\x00\x00\x00\x01")) + "." + parts[2],
		"short signature":     parts[0] + "." + parts[1] + "." + b64([]byte("abc")),
		"trailing slash iss":  shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Iss: shctest.Iss + "/", Nbf: now}),
		"http iss":            shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Iss: "http://x.example", Nbf: now}),
		"not a health card":   shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Types: []string{"VerifiableCredential"}, Nbf: now}),
		"not a Bundle inside": shctest.Sign(t, shctest.ExampleKey(t), []byte(`{"resourceType":"Patient"}`), shctest.Claims{Nbf: now}),
	}
	for name, jws := range cases {
		if _, err := shc.Parse(jws); !errors.Is(err, shc.ErrMalformed) {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, text := range map[string]string{
		"odd digits":   "shc:/123",
		"above 77":     "shc:/7899",
		"letters":      "shc:/56ab",
		"bad chunk":    "shc:/4/3/5656",
		"not shc":      "http://example.com",
		"chunk twice":  "shc:/1/2/5656 shc:/1/2/5657",
		"empty shc":    "shc:/",
		"no numbers":   "shc://",
		"zero chunks":  "shc:/0/0/56",
		"one of three": "shc:/1/3/5656",
	} {
		if _, err := shc.ParseText([]byte(text)); !errors.Is(err, shc.ErrMalformed) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// qr draws text as a QR code image with a quiet zone.
func qr(t *testing.T, text string, scale int) image.Image {
	t.Helper()
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, 0, 0,
		map[gozxing.EncodeHintType]any{gozxing.EncodeHintType_ERROR_CORRECTION: "L"})
	if err != nil {
		t.Fatal(err)
	}
	b := m.Bounds()
	img := image.NewGray(image.Rect(0, 0, b.Dx()*scale, b.Dy()*scale))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			if m.Get(x, y) {
				draw.Draw(img, image.Rect(x*scale, y*scale, (x+1)*scale, (y+1)*scale), image.Black, image.Point{}, draw.Src)
			}
		}
	}
	return img
}

func TestQRImage(t *testing.T) {
	jws := card(t, shctest.Claims{})
	var buf bytes.Buffer
	if err := png.Encode(&buf, qr(t, shc.Encode(jws), 3)); err != nil {
		t.Fatal(err)
	}
	texts, err := shc.DecodeImage(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got, err := shc.Decode(texts)
	if err != nil || len(got) != 1 || got[0] != jws {
		t.Fatalf("QR round trip: %v", err)
	}
	// a photo: JPEG
	buf.Reset()
	if err := jpeg.Encode(&buf, qr(t, shc.Encode(jws), 4), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	if texts, err := shc.DecodeImage(buf.Bytes()); err != nil || len(texts) != 1 {
		t.Errorf("JPEG: %v", err)
	}
	// a QR code that is not a health card, and an image with no code
	buf.Reset()
	png.Encode(&buf, qr(t, "https://example.com", 4))
	if _, err := shc.DecodeImage(buf.Bytes()); !errors.Is(err, shc.ErrMalformed) {
		t.Errorf("other QR: %v", err)
	}
	buf.Reset()
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 50, 50)))
	if _, err := shc.DecodeImage(buf.Bytes()); !errors.Is(err, shc.ErrMalformed) {
		t.Errorf("blank image: %v", err)
	}
	// a huge image is refused from its header, before it is decoded
	buf.Reset()
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 5000, 5000)))
	if _, err := shc.DecodeImage(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("huge image: %v", err)
	}
}

// pngHeader is the start of a PNG file of the given size: its signature and header chunk,
// all image.DecodeConfig reads.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	chunk := binary.BigEndian.AppendUint32(nil, 13)
	chunk = append(chunk, "IHDR"...)
	chunk = binary.BigEndian.AppendUint32(chunk, w)
	chunk = binary.BigEndian.AppendUint32(chunk, h)
	chunk = append(chunk, 8, 0, 0, 0, 0) // 8-bit grey, no interlace
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	return append(b, chunk...)
}

// TestQRImageTooLarge: an image too large for a QR photo is refused in plain words, not as
// "larger than 16777216 pixels" (held-out check of issue 15).
func TestQRImageTooLarge(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h uint32
	}{
		{"one row over", 4096, 4097},
		{"a 50-megapixel photo", 8160, 6120},
		{"a long strip", 1 << 24, 2},
	} {
		_, err := shc.DecodeImage(pngHeader(tc.w, tc.h))
		const want = "the image is too large to be a photo of a QR code (over 16 megapixels)"
		if !errors.Is(err, shc.ErrMalformed) || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%s: %v, want …%q", tc.name, err, want)
		}
	}
}

func TestParseJWKS(t *testing.T) {
	keys, err := shc.ParseJWKS(shctest.PublicJWKS(t))
	if err != nil || len(keys) < 1 {
		t.Fatalf("%d keys, %v", len(keys), err)
	}
	for _, bad := range []string{`{`, `{"keys":[]}`, `{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}`} {
		if _, err := shc.ParseJWKS([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// A card whose own resources already carry a signature tag ("verified", written by whoever
// made the card) is shown with the state its import found, never with the card's own claim.
func TestResourcesIgnoreTheCardsOwnSignatureTag(t *testing.T) {
	var b struct {
		ResourceType string           `json:"resourceType"`
		Type         string           `json:"type"`
		Entry        []map[string]any `json:"entry"`
	}
	if err := json.Unmarshal(shctest.Bundle(t, "covid-vaccines-bundle.json"), &b); err != nil {
		t.Fatal(err)
	}
	for _, e := range b.Entry {
		res := e["resource"].(map[string]any)
		meta, _ := res["meta"].(map[string]any)
		if meta == nil {
			meta = map[string]any{}
		}
		meta["tag"] = []any{map[string]any{"system": shc.CodeSystemSignature, "code": "verified"}, map[string]any{"system": "x", "code": "y"}}
		res["meta"] = meta
	}
	bundle, _ := json.Marshal(b)
	c, err := shc.Parse(shctest.Sign(t, shctest.ExampleKey(t), bundle, shctest.Claims{Nbf: now.Add(-time.Hour)}))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := c.Resources()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if bytes.Contains(r, []byte(shc.CodeSystemSignature)) {
			t.Errorf("the card's own signature tag is kept: %s", r)
		}
		if !bytes.Contains(r, []byte(`{"code":"y","system":"x"}`)) {
			t.Errorf("the card's other tags are lost: %s", r)
		}
	}
}

// The message for a multi-part card with parts missing reads as a sentence: "only 1 of the 3
// parts … is here", "only 2 of the 3 parts … are here".
func TestMissingChunksWords(t *testing.T) {
	for _, tc := range []struct {
		have int
		want string
	}{{1, "only 1 of the 3 parts of a multi-part card is here"}, {2, "only 2 of the 3 parts of a multi-part card are here"}} {
		if got := (&shc.MissingChunksError{Have: tc.have, Of: 3}).Error(); !strings.Contains(got, tc.want) {
			t.Errorf("%q does not say %q", got, tc.want)
		}
	}
}

// A card that cannot be read is said so in plain words — damaged, another kind of credential,
// no records — not in the specification's terms (it said "it is not a JWS (three parts
// separated by dots)", "its payload is not raw DEFLATE data").
func TestMalformedInPlainWords(t *testing.T) {
	good := card(t, shctest.Claims{})
	parts := strings.Split(good, ".")
	b64 := base64.RawURLEncoding.EncodeToString
	for jws, want := range map[string]string{
		good[:len(good)/3]: "not a valid SMART Health Card: its data is incomplete or damaged (not three parts separated by dots)",
		parts[0] + "." + b64([]byte("\x78\x9c\x03\x00\x00\x00\x00\x01")) + "." + parts[2]:                                                                          "not a valid SMART Health Card: its data is damaged (its contents cannot be unpacked)",
		parts[0] + "." + parts[1] + "." + b64([]byte("abc")):                                                                                                       "not a valid SMART Health Card: its data is damaged (its signature cannot be read)",
		shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Types: []string{"VerifiableCredential"}, Nbf: now}): "not a valid SMART Health Card: it is another kind of credential, not a health card",
		shctest.Sign(t, shctest.ExampleKey(t), []byte(`{"resourceType":"Patient"}`), shctest.Claims{Nbf: now}):                                                     "not a valid SMART Health Card: it holds no health records",
	} {
		if _, err := shc.Parse(jws); err == nil || err.Error() != want {
			t.Errorf("%v, want %s", err, want)
		}
	}
}

// A card's file or shc:/ text cut short or damaged is said as that, with what to do (F389: a
// file cut in half said "verifiableCredential is not a list of cards", a cut text "the shc:/
// data is not an even number of digits").
func TestCutShortOrDamagedInPlainWords(t *testing.T) {
	file := shctest.File(card(t, shctest.Claims{}))
	garbled := append(append(append([]byte{}, file[:len(file)/2]...), 0, 1, 2, 0xff), file[len(file)/2:]...)
	text := shc.Encode(card(t, shctest.Claims{}))
	for _, tc := range []struct {
		name string
		err  func() error
		want string
	}{
		{"file cut in half", func() error { _, err := shc.ParseFile(file[:len(file)/2]); return err },
			"not a valid SMART Health Card: the file ends too soon, as a download or copy cut short does: save or download the card again"},
		{"file cut, a newline after", func() error { _, err := shc.ParseFile(append(file[:len(file)-3:len(file)-3], '\n')); return err },
			"not a valid SMART Health Card: the file ends too soon, as a download or copy cut short does: save or download the card again"},
		{"garbled file", func() error { _, err := shc.ParseFile(garbled); return err },
			fmt.Sprintf("not a valid SMART Health Card: the file is damaged (it cannot be read from byte %d on): save or download the card again", len(file)/2+1)},
		{"not a list", func() error { _, err := shc.ParseFile([]byte(`{"verifiableCredential":"x"}`)); return err },
			"not a valid SMART Health Card: the file does not hold its cards as a list (verifiableCredential)"},
		{"text cut at an odd digit", func() error { _, err := shc.ParseText([]byte(text[:800])); return err },
			"not a valid SMART Health Card: the shc:/ text is cut short or damaged (an odd number of digits): scan or copy the card again"},
	} {
		if err := tc.err(); err == nil || err.Error() != tc.want || !errors.Is(err, shc.ErrMalformed) {
			t.Errorf("%s: %v\nwant %s", tc.name, err, tc.want)
		}
	}
}
