package app

import (
	"embed"
	"log"
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
// fills further fields of the message ({{.Date}}); Count is set from n.
func count(n int, other string, data ...map[string]any) string {
	loadTranslations()
	d := map[string]any{}
	if len(data) > 0 {
		for k, v := range data[0] {
			d[k] = v
		}
	}
	d["Count"] = n
	return lang.N(other, n, d)
}
