package app

import (
	"embed"
	"log"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2/lang"
)

// translations holds CareKeeper's message catalogue: for now the English plural forms
// ("1 person", "2 people"), which Fyne's lang package picks by count.
//
//go:embed translations
var translations embed.FS

var loadTranslations = sync.OnceFunc(func() {
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		log.Printf("carekeeper: loading the translations: %v", err)
	}
})

// count is n things in words with the right plural form: other is the English plural message
// with {{.Count}} ("{{.Count}} people"), the key of its forms in translations/en.json. data
// fills further fields of the message ({{.Date}}); Count is set from n, its thousands grouped
// ("50,000 readings": Results said "50000 readings", F540 item 6).
func count(n int, other string, data ...map[string]any) string {
	return countIn(string(lang.SystemLocale()), n, other, data...)
}

// countIn is count with the thousands grouped as in locale ("en-CA", "fr-CA").
func countIn(locale string, n int, other string, data ...map[string]any) string {
	loadTranslations()
	d := map[string]any{}
	if len(data) > 0 {
		for k, v := range data[0] {
			d[k] = v
		}
	}
	d["Count"] = groupDigits(n, locale)
	return lang.N(other, n, d)
}

// groupDigits writes n with its thousands grouped: by commas in English ("50,000"), by a
// no-break space where a comma is the decimal mark ("50 000" in fr-CA, where "50,000" reads
// as fifty). Under 10,000 a space is not used ("5000"), as such languages write it.
func groupDigits(n int, locale string) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if l := strings.ToLower(locale); l != "" && !strings.HasPrefix(l, "en") {
		if len(s) < 5 {
			return strconv.Itoa(n)
		}
		sep = "\u00a0"
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
