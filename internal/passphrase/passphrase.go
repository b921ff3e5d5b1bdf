// Package passphrase rates a new passphrase, one rule for every place a person sets one:
// the app's create and change dialogs and the CLI's init, passwd and recover.
package passphrase

import (
	"fmt"

	"github.com/trustelem/zxcvbn"
)

// Weak is the highest score that is warned about: "weak" and "very weak" passphrases are
// guessed in hours or less by someone who holds the vault's files.
const Weak = 1

// Score rates a passphrase from 0 (guessed at once) to 4 (very hard to guess) with zxcvbn.
// Only the first 100 characters are rated (zxcvbn slows down on long input).
func Score(p string) int {
	if p == "" {
		return 0
	}
	if r := []rune(p); len(r) > 100 {
		p = string(r[:100])
	}
	return zxcvbn.PasswordStrength(p, []string{"carekeeper", "health", "records"}).Score
}

// StrengthName is the word for a score: "very weak", "weak", "fair", "strong", "very strong".
func StrengthName(score int) string {
	return [...]string{"very weak", "weak", "fair", "strong", "very strong"}[max(0, min(score, 4))]
}

// Check returns an error, in plain words, when p is below the least score a clinic asks for
// (minScore; 0 asks for nothing). It says neither the passphrase nor any part of it.
func Check(p string, minScore int) error {
	if minScore <= 0 {
		return nil
	}
	if s := Score(p); s < minScore {
		return fmt.Errorf("your clinic asks for a stronger passphrase (at least %q; this one is %q): add more words, such as four unrelated ones",
			StrengthName(minScore), StrengthName(s))
	}
	return nil
}
