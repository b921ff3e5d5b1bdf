package cli

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"unicode/utf8"

	"carekeeper/internal/textline"
)

// Every line of text output (not --json) goes through textf or textln: the data in it
// (names, titles, notes, file names, anything that came from a record, a portal or the
// command line) has its control characters escaped, so a record cannot clear the screen, move
// the cursor, ring the bell, forge rows with a newline or tab, or reorder what is shown with
// bidirectional overrides. The format string itself is ours and printed as is.

// textf is fmt.Fprintf with every string-like argument made safe for a terminal.
func textf(w io.Writer, format string, a ...any) (int, error) {
	return fmt.Fprintf(w, format, safeArgs(a)...)
}

// textln is fmt.Fprintln with every string-like argument made safe for a terminal.
func textln(w io.Writer, a ...any) (int, error) {
	return fmt.Fprintln(w, safeArgs(a)...)
}

func safeArgs(a []any) []any {
	out := make([]any, len(a))
	for i, x := range a {
		out[i] = safeArg(x)
	}
	return out
}

func safeArg(x any) any {
	switch v := x.(type) {
	case nil:
		return nil
	case string:
		return safe(v)
	case []byte:
		return safe(string(v))
	case error:
		return safe(v.Error())
	case fmt.Stringer:
		return safe(v.String())
	}
	if rv := reflect.ValueOf(x); rv.Kind() == reflect.String {
		return safe(rv.String())
	}
	return x
}

// safe escapes what a terminal would act on instead of showing: C0 and C1 control characters
// (newline and tab too: inside a field they forge rows and columns), DEL, bytes that are not
// UTF-8 (a lone 0x9b is CSI to some terminals), and the invisible characters that reorder or
// break lines (bidirectional marks, embeddings, overrides and isolates; line and paragraph
// separators). They are shown as Go escapes: "\x1b[2J" prints as \x1b[2J.
func safe(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b = append(b, `\x`...)
			b = appendHex(b, uint32(s[i]), 2)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r < 0x20 || r == 0x7f:
			b = append(b, `\x`...)
			b = appendHex(b, uint32(r), 2)
		case r >= 0x80 && r <= 0x9f, textline.IsInvisibleLayout(r):
			b = append(b, `\u`...)
			b = appendHex(b, uint32(r), 4)
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

func appendHex(b []byte, v uint32, width int) []byte {
	h := strconv.FormatUint(uint64(v), 16)
	for k := len(h); k < width; k++ {
		b = append(b, '0')
	}
	return append(b, h...)
}
