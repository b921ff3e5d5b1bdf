package ssn

import "testing"

func TestPlaceholder(t *testing.T) {
	for v, want := range map[string]bool{
		"000-00-0000": true, "000-12-3456": true, "123-00-4567": true, "123-45-0000": true,
		"666-12-3456": true, "900-12-3456": true, "999-99-9999": true, "111-11-1111": true,
		"123-45-6789": true, "123456789": true, "12345678": true, "1234567890": true, "abc-de-fghi": true, "": true,
		"111-00-2330": true, // group 00: the HL7 examples' Henry L Levin
		"444-22-2222": false, "444222222": false, "414 12 2222": false, "078-05-1121": false,
	} {
		if got := Placeholder(v); got != want {
			t.Errorf("Placeholder(%q) = %v, want %v", v, got, want)
		}
	}
}
