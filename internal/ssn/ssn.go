// Package ssn tells a US social security number that can name someone from one that names no
// one (F488: a document giving Eve Betterhalf the placeholder 000-00-0000 counted as another
// number of hers, and she became two people).
package ssn

import "strings"

// System is the FHIR system of a US social security number (the C-CDA root
// 2.16.840.1.113883.4.1).
const System = "http://hl7.org/fhir/sid/us-ssn"

// Root is the OID of a US social security number in a C-CDA.
const Root = "2.16.840.1.113883.4.1"

// Placeholder reports whether a US social security number, as written (dashes and spaces
// allowed), is one no person can have, so it identifies nobody: not nine digits; an area of
// 000, 666 or 900–999; a group of 00; a serial of 0000; one digit nine times (999-99-9999);
// or 123-45-6789. Test data and forms write such numbers when the real one is not known.
func Placeholder(v string) bool {
	d := strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(v))
	if len(d) != 9 {
		return true
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return true
		}
	}
	area, group, serial := d[:3], d[3:5], d[5:]
	return area == "000" || area == "666" || area[0] == '9' || group == "00" || serial == "0000" ||
		strings.Count(d, d[:1]) == 9 || d == "123456789"
}
