package health

import (
	"slices"
	"strings"
	"time"
)

// Where is where a record came from, for saying it in words (Words): its source, the file it
// was imported from and when, the portal's name when the source is a connected portal, the
// issuer of the health card it came on.
type Where struct {
	Source, File string
	Imported     time.Time // when the vault last wrote it (storage.Meta.ImportedAt)
	Portal       string    // the name the portal was connected under, if it is one
	CardIssuer   string    // the health card's issuer (storage.CardMark.Issuer), if any
	// CardChecked: the card's signature was checked against a key of its issuer trusted here
	// (storage.CardMark.Verified). A card not checked only says who issued it (F210).
	CardChecked bool
	// Device is, for a record entered in CareKeeper, the household device it was entered on
	// (its name) when that is not this computer (hhvault.EnteredOn): "entered by you" said it of
	// a weight a daughter entered on her own laptop (F426).
	Device string
	// WordsOnly: a medicine record that gives its dose in words alone, one Timeline row with
	// a record giving it in structure (EventFacts.WordsOnly): Words says so (F512).
	WordsOnly bool
}

// Words says where a record came from in plain words, for someone who never heard of FHIR:
// "from Riverside Clinic" (a portal, by its name), "from a health card by example.org" (its
// signature checked), "from a health card, not checked (it says it is by example.org)",
// "imported from a file on 3 Dec 2026", "entered by you" ("entered on Clare's laptop" for one
// entered on another device of the household). A server with no portal name is
// named by its host ("from fhir.example.org"). Imported is shown in loc.
func (w Where) Words(loc *time.Location) string {
	if w.WordsOnly {
		w.WordsOnly = false
		return w.Words(loc) + " (its dose in words only)"
	}
	switch {
	case w.Source == AppSource && w.Device != "":
		return "entered on " + w.Device
	case w.Source == AppSource:
		return "entered by you"
	case w.CardIssuer != "" && w.CardChecked:
		return "from a health card by " + host(w.CardIssuer)
	case w.CardIssuer != "":
		// Its signature was not checked: who issued it is only what the card says (F210: it
		// read like a checked card, and a school asking for proof took it as one).
		return "from a health card, not checked (it says it is by " + host(w.CardIssuer) + ")"
	case w.Source == LocalSource || w.Source == "" || strings.HasPrefix(w.Source, LocalSource+"#"):
		if w.Imported.IsZero() {
			return "imported from a file"
		}
		if loc == nil {
			loc = time.Local
		}
		return "imported from a file on " + DateWords(w.Imported.In(loc))
	case w.Portal != "":
		return "from " + w.Portal
	}
	return "from " + host(w.Source)
}

// WordsOf says where several records came from (Words), each thing once, in their order:
// "imported from a file on 3 Dec 2026, from Riverside Clinic, entered by you".
func WordsOf(ws []Where, loc *time.Location) string {
	var out []string
	for _, w := range ws {
		if t := w.Words(loc); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return strings.Join(out, ", ")
}

// Group is the words for the records of one source, as a filter of sources lists them: the
// portal's name, "files you imported", "entered by you" ("Entered on Clare's laptop" for the
// records entered on another device of the household, F426), a server's host.
func (w Where) Group() string {
	switch {
	case w.Source == AppSource && w.Device != "":
		return "Entered on " + w.Device
	case w.Source == AppSource:
		return "Entered by you"
	case w.Source == LocalSource || w.Source == "" || strings.HasPrefix(w.Source, LocalSource+"#"):
		return "Files you imported"
	case w.Portal != "":
		return w.Portal
	}
	return host(w.Source)
}

// host is a URL's host ("https://fhir.example.org/r4" → "fhir.example.org").
func host(u string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexByte(s, '/'); i > 0 {
		s = s[:i]
	}
	return s
}
