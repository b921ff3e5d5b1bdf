package intake

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

// A FHIR Bundle saved as "Unicode" (UTF-16, as Windows Notepad and .NET programs write it) was
// refused as "not UTF-8 at byte 0 (line 1, column 1)". It is read now, with or without its byte
// order mark, either byte order; UTF-32, UTF-16 cut short and UTF-16 text that is not FHIR JSON
// are refused in one line naming the file and saying what to do, the vault untouched.
func TestImportUTF16(t *testing.T) {
	const bundle = `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Test","given":["Zoë"]}],"gender":"female","birthDate":"1950-01-02"}},` +
		`{"resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-12-01T10:00:00Z","valueQuantity":{"value":70,"unit":"/min"}}}]}`
	enc := func(s string, order binary.AppendByteOrder, bom bool) []byte {
		var out []byte
		if bom {
			out = order.AppendUint16(out, 0xfeff)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			out = order.AppendUint16(out, u)
		}
		return out
	}
	for name, data := range map[string][]byte{
		"little-endian with BOM":    enc(bundle, binary.LittleEndian, true),
		"big-endian with BOM":       enc(bundle, binary.BigEndian, true),
		"little-endian without BOM": enc(" \n"+bundle, binary.LittleEndian, false),
		"big-endian without BOM":    enc(bundle, binary.BigEndian, false),
	} {
		t.Run(name, func(t *testing.T) {
			v := newVault(t)
			s, err := importPath(t, v, write(t, "bundle.json", data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if s.Added["Patient"] != 1 || s.Added["Observation"] != 1 {
				t.Errorf("summary %+v", s)
			}
			ps, _ := v.Profiles()
			if len(ps) != 1 || ps[0].Name != "Zoë Test" {
				t.Errorf("people %+v", ps)
			}
		})
	}
	utf32 := []byte("\xff\xfe\x00\x00")
	for _, r := range bundle {
		utf32 = binary.LittleEndian.AppendUint32(utf32, uint32(r))
	}
	lone := enc(bundle, binary.LittleEndian, true)
	lone = append(lone[:len(lone)-2], 0x00, 0xd8, '}', 0) // a high surrogate alone before the last brace
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"UTF-32", utf32, "it is UTF-32 text (four bytes a character); CareKeeper reads health records in UTF-8 (or UTF-16): save it again as UTF-8"},
		{"cut short", enc(bundle, binary.LittleEndian, true)[:101], "it looks like UTF-16 text but has an odd number of bytes (cut short?)"},
		{"broken character", lone, "it is UTF-16 text with a broken character at byte"},
		{"not JSON", enc("hello, world", binary.LittleEndian, true), "it is UTF-16 text (\"Unicode\", two bytes a character) that is not FHIR JSON"},
		{"JSON cut short", enc(bundle[:200], binary.BigEndian, true), "bundle.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := newVault(t)
			_, err := importPath(t, v, write(t, "bundle.json", c.data), Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "bundle.json") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %v, want one line naming the file with %q", err, c.want)
			}
			if c.name != "JSON cut short" && !errors.Is(err, errWide) {
				t.Errorf("error %v is not errWide", err)
			}
			if n := len(counts(t, v)); n != 0 {
				t.Errorf("the vault holds %d kinds of records after a refusal", n)
			}
		})
	}
	if k := wideKind([]byte(`{"resourceType":"Patient"}`)); k != "" {
		t.Errorf("wideKind of UTF-8 JSON = %q", k)
	}
	if !bytes.HasPrefix(enc("{", binary.LittleEndian, false), []byte("{\x00")) {
		t.Fatal("enc")
	}
}

// FuzzFromWide: whatever the bytes, turning them from UTF-16 gives valid UTF-8 or an error,
// never a panic.
func FuzzFromWide(f *testing.F) {
	f.Add([]byte("\xff\xfe{\x00}\x00"), false)
	f.Add([]byte("\xfe\xff\x00{\xd8\x00"), true)
	f.Fuzz(func(t *testing.T, data []byte, big bool) {
		kind := "UTF-16LE"
		if big {
			kind = "UTF-16BE"
		}
		out, err := fromWide(data, kind)
		if err == nil && !utf8Valid(out) {
			t.Errorf("fromWide(%q) = %q: not UTF-8", data, out)
		}
	})
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }
