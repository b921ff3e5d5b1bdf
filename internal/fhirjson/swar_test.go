package fhirjson

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// TestSWARFirstStop: the lowest byte strStops and quotesOrBackslashes flag is the first byte
// of the 8 that is a stop, for words built from the bytes around every boundary (borrows
// carry upward, so a flag above a real one may be false, the lowest never), and skipPlain
// finds the first '"' or '\\' as a byte-by-byte scan does.
func TestSWARFirstStop(t *testing.T) {
	alphabet := []byte{0x00, 0x01, 0x1f, 0x20, 0x21, '"', '#', '[', '\\', ']', 'a', 0x7f, 0x80, 0x9f, 0xa0, 0xc3, 0xdf, 0xff}
	isStr := func(c byte) bool { return c < 0x20 || c == '"' || c == '\\' }
	isQB := func(c byte) bool { return c == '"' || c == '\\' }
	first := func(w []byte, stop func(byte) bool) int {
		for i, c := range w {
			if stop(c) {
				return i
			}
		}
		return 8
	}
	lowest := func(m uint64) int {
		if m == 0 {
			return 8
		}
		return bits.TrailingZeros64(m) >> 3
	}
	r := rand.New(rand.NewPCG(1, 2))
	w := make([]byte, 8)
	for n := 0; n < 200000; n++ {
		for i := range w {
			w[i] = alphabet[r.IntN(len(alphabet))]
		}
		x := binary.LittleEndian.Uint64(w)
		if got, want := lowest(strStops(x)), first(w, isStr); got != want {
			t.Fatalf("strStops(% x): first stop at %d, want %d", w, got, want)
		}
		if got, want := lowest(quotesOrBackslashes(x)), first(w, isQB); got != want {
			t.Fatalf("quotesOrBackslashes(% x): first at %d, want %d", w, got, want)
		}
	}
	b := make([]byte, 40)
	for n := 0; n < 20000; n++ {
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
			if r.IntN(3) > 0 {
				b[i] = 'a'
			}
		}
		from := r.IntN(len(b) + 1)
		want := from
		for want < len(b) && !isQB(b[want]) {
			want++
		}
		if got := skipPlain(b, from); got != want {
			t.Fatalf("skipPlain(% x, %d) = %d, want %d", b, from, got, want)
		}
	}
}

// TestCompactIndentation: whitespace runs of every length and kind around values are
// removed as json.Compact does, whatever their alignment to 8 bytes.
func TestCompactIndentation(t *testing.T) {
	for n := 0; n < 40; n++ {
		for _, sp := range []string{" ", "\t", "\r\n", "\n"} {
			pad := ""
			for i := 0; i < n; i++ {
				pad += " "
			}
			in := []byte("{" + sp + pad + `"resourceType"` + pad + ":" + sp + pad + `"Basic",` + pad + sp + `"id":` + pad + `"x` + pad + `y"` + sp + pad + "}" + pad + sp)
			f, err := ParseFile(in)
			if err != nil {
				t.Fatalf("pad %d %q: %v", n, sp, err)
			}
			if got, want := string(f.Entries[0].Resource), `{"resourceType":"Basic","id":"x`+pad+`y"}`; got != want {
				t.Fatalf("pad %d %q: %s, want %s", n, sp, got, want)
			}
		}
	}
}
