package app

import (
	"os"
	"os/exec"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// F486: with LANG=de_DE.UTF-8 (a family in Berlin) the English app showed "Rückgängig" beside
// "taken at 05:33", and Fyne's own words — "Abbrechen", "Speichern", "Ja"/"Nein" on the
// buttons that decide — came from Fyne's German catalogue while every other word was English.
// Until CareKeeper is translated, every word is in one language whatever the locale. (Fyne
// chooses its language once, when the program starts: each locale runs in a program of its own.)
func TestWordsInOneLanguageWhateverTheLocale(t *testing.T) {
	words := []string{"Cancel", "Undo", "Save", "Yes", "No", "Open", "Quit", "OK", "Confirm", "Delete", "Close"}
	if os.Getenv("CAREKEEPER_ONE_LANGUAGE_CHILD") == "1" {
		for _, w := range words {
			if got := lang.L(w); got != w {
				t.Errorf("%q reads %q with LANG=%s", w, got, os.Getenv("LANG"))
			}
		}
		return
	}
	for _, locale := range []string{"de_DE.UTF-8", "fr_FR.UTF-8", "es_ES.UTF-8", "pt_BR.UTF-8", "sv_SE.UTF-8", "ru_RU.UTF-8", "zh_CN.UTF-8"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWordsInOneLanguageWhateverTheLocale$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CAREKEEPER_ONE_LANGUAGE_CHILD=1", "LANG="+locale, "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("LANG=%s: %v\n%s", locale, err, out)
		}
	}
}
