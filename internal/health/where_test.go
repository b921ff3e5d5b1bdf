package health

import (
	"testing"
	"time"
)

// Where a record came from, in words for someone who never heard of FHIR: the timeline said
// the file's name ("Wendell_Lesch_853767e6-….json") or a server's host.
func TestWhereWords(t *testing.T) {
	at := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		w          Where
		words, grp string
	}{
		{Where{Source: LocalSource, File: "Wendell_Lesch_853767e6.json", Imported: at}, "imported from a file on 3 Dec 2026", "Files you imported"},
		{Where{Source: LocalSource + "#p1", File: "x.xml"}, "imported from a file", "Files you imported"},
		{Where{Source: "https://fhir.riverside.example/r4", Portal: "Riverside Clinic"}, "from Riverside Clinic", "Riverside Clinic"},
		{Where{Source: "https://fhir.riverside.example/r4"}, "from fhir.riverside.example", "fhir.riverside.example"},
		{Where{Source: AppSource}, "entered by you", "Entered by you"},
		{Where{Source: LocalSource, CardIssuer: "https://spec.smarthealth.cards/examples/issuer", CardChecked: true, Imported: at}, "from a health card by spec.smarthealth.cards", "Files you imported"},
		// F210: a card whose signature was not checked is not said to be by its issuer.
		{Where{Source: LocalSource, CardIssuer: "https://spec.smarthealth.cards/examples/issuer", Imported: at}, "from a health card, not checked (it says it is by spec.smarthealth.cards)", "Files you imported"},
	} {
		if got := tc.w.Words(time.UTC); got != tc.words {
			t.Errorf("%+v: %q, want %q", tc.w, got, tc.words)
		}
		if got := tc.w.Group(); got != tc.grp {
			t.Errorf("%+v: group %q, want %q", tc.w, got, tc.grp)
		}
	}
}
