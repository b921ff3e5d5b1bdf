package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strings"
	"unicode"
)

const (
	// crockford is Crockford's base32 alphabet (no I, L, O, U).
	crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

	codeRandomSymbols = 26 // 26 * 5 = 130 bits
	codeCheckSymbols  = 2  // 10 bits of typo detection
	codeSymbols       = codeRandomSymbols + codeCheckSymbols
	codeGroup         = 4

	recoveryCheckLabel = "CareKeeper recovery code check v1"
	recoveryKEKInfo    = "CareKeeper key file v1 recovery slot KEK"
)

// newRecoveryCode returns a canonical code (28 symbols, no dashes).
func newRecoveryCode() string {
	var r [codeRandomSymbols]byte
	rand.Read(r[:]) // never fails (crypto/rand panics on failure since Go 1.24)
	b := make([]byte, codeRandomSymbols, codeSymbols)
	for i, v := range r {
		b[i] = crockford[v&31] // 256 is a multiple of 32, so this is uniform
	}
	clear(r[:])
	return string(appendCheck(b))
}

// appendCheck appends the check symbols computed over body.
func appendCheck(body []byte) []byte {
	h := sha256.New()
	h.Write([]byte(recoveryCheckLabel))
	h.Write(body)
	sum := h.Sum(nil)
	v := uint16(sum[0])<<2 | uint16(sum[1])>>6
	return append(body, crockford[v>>5&31], crockford[v&31])
}

// FormatRecoveryCode formats a code for display in groups of four, e.g.
// "ABCD-EFGH-...". It accepts any form that ParseRecoveryCode accepts.
func FormatRecoveryCode(code string) (string, error) {
	c, err := ParseRecoveryCode(code)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	for i := 0; i < len(c); i += codeGroup {
		if i > 0 {
			sb.WriteByte('-')
		}
		sb.WriteString(c[i:min(i+codeGroup, len(c))])
	}
	return sb.String(), nil
}

// ParseRecoveryCode normalises a typed recovery code to its canonical form
// (28 upper-case symbols, no separators). Case, whitespace and dashes are
// ignored, and O, I and L are read as 0, 1 and 1. Errors wrap
// ErrWrongRecoveryCode and never contain the code.
func ParseRecoveryCode(code string) (string, error) {
	b := make([]byte, 0, codeSymbols)
	for _, r := range code {
		switch {
		case unicode.IsSpace(r), r == '-', r >= '\u2010' && r <= '\u2015', r == '\u2212':
			continue // separators, including typographic dashes from copy/paste
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		switch r {
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if r >= 0x80 || strings.IndexByte(crockford, byte(r)) < 0 {
			return "", fmt.Errorf("%w: a recovery code has only letters and digits", ErrWrongRecoveryCode)
		}
		if len(b) == codeSymbols {
			return "", fmt.Errorf("%w: a recovery code has %d letters and digits", ErrWrongRecoveryCode, codeSymbols)
		}
		b = append(b, byte(r))
	}
	if len(b) != codeSymbols {
		return "", fmt.Errorf("%w: a recovery code has %d letters and digits", ErrWrongRecoveryCode, codeSymbols)
	}
	want := appendCheck(append([]byte(nil), b[:codeRandomSymbols]...))
	if string(want) != string(b) {
		return "", fmt.Errorf("%w: the code looks mistyped", ErrWrongRecoveryCode)
	}
	return string(b), nil
}
