package intake

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"carekeeper/internal/ccda"
	"carekeeper/internal/inputfile"
)

// A FHIR file saved as "Unicode" by Windows Notepad or a .NET program is UTF-16 text (two bytes
// a character, often with a byte order mark): the JSON reader said "not UTF-8 at byte 0 (line
// 1, column 1)", which tells nobody what to do. Such a file of JSON up to wideMaxBytes is read:
// turned into UTF-8, then read as any FHIR file. A larger one, UTF-32 text, and UTF-16 text
// that is not JSON are refused in words saying what the file is and what to do. (A C-CDA
// document in UTF-16 was read before: its XML says its encoding.)

// wideMaxBytes is the largest UTF-16 file read (it is held whole, with its UTF-8 copy).
const wideMaxBytes = 64 << 20

// wideKind says how a file's head is wide text: "UTF-16LE", "UTF-16BE" (with a byte order mark,
// or JSON without one: its first character, '{' or '[' or white space, then a zero byte),
// "UTF-32", or "" for anything else.
func wideKind(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xfe\x00\x00")), bytes.HasPrefix(head, []byte("\x00\x00\xfe\xff")):
		return "UTF-32"
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		return "UTF-16LE"
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		return "UTF-16BE"
	case len(head) >= 4 && head[1] == 0 && head[3] == 0 && bytes.IndexByte([]byte("{[ \t\r\n"), head[0]) >= 0 && head[0] != 0:
		return "UTF-16LE"
	case len(head) >= 4 && head[0] == 0 && head[2] == 0 && bytes.IndexByte([]byte("{[ \t\r\n"), head[1]) >= 0 && head[1] != 0:
		return "UTF-16BE"
	}
	return ""
}

// errWide is a wide text file that is not read, in words.
var errWide = errors.New("the file is not in UTF-8")

// fromWide turns UTF-16 text (kind as wideKind says, a byte order mark dropped) into UTF-8.
// Text that is not UTF-16 (an odd length, a lone surrogate) is refused.
func fromWide(data []byte, kind string) ([]byte, error) {
	var order binary.ByteOrder = binary.LittleEndian
	if kind == "UTF-16BE" {
		order = binary.BigEndian
	}
	if len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff) {
		data = data[2:]
	}
	if len(data)%2 != 0 {
		return nil, fmt.Errorf("%w: it looks like UTF-16 text but has an odd number of bytes (cut short?): save it again as UTF-8 and import that", errWide)
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		u[i] = order.Uint16(data[2*i:])
	}
	out := make([]byte, 0, len(u)+len(u)/4)
	for i := 0; i < len(u); i++ {
		r := rune(u[i])
		if utf16.IsSurrogate(r) {
			if i+1 < len(u) {
				if d := utf16.DecodeRune(r, rune(u[i+1])); d != utf8.RuneError {
					out = utf8.AppendRune(out, d)
					i++
					continue
				}
			}
			return nil, fmt.Errorf("%w: it is UTF-16 text with a broken character at byte %d: save it again as UTF-8 and import that", errWide, 2*i)
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// readWide reads a UTF-16 file (kind) of at most wideMaxBytes whole and turns it into UTF-8;
// refused in words when it is UTF-32 or larger.
func readWide(path string, kind string) ([]byte, error) {
	what := "UTF-16 text (\"Unicode\", two bytes a character, as Windows Notepad saves it)"
	if kind == "UTF-32" {
		return nil, fmt.Errorf("%w: it is UTF-32 text (four bytes a character); CareKeeper reads health records in UTF-8 (or UTF-16): save it again as UTF-8 and import that", errWide)
	}
	f, size, err := inputfile.Open(path, wideMaxBytes)
	if err != nil {
		var tl *inputfile.TooLargeError
		if errors.As(err, &tl) {
			return nil, fmt.Errorf("%w: it is %s larger than %s, the most CareKeeper reads of such a file: save it again as UTF-8 and import that", errWide, what, inputfile.Size(tl.Limit))
		}
		return nil, err
	}
	defer f.Close()
	data, err := inputfile.ReadAll(f, size, wideMaxBytes)
	if err != nil {
		return nil, err
	}
	return fromWide(data, kind)
}

// isWideCCDA reports a C-CDA document in UTF-16 with its byte order mark: the C-CDA reader
// reads it.
func isWideCCDA(head []byte) bool { return ccda.IsUTF16(head) && sniffCCDA(head) }
