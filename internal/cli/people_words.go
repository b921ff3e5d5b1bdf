package cli

import (
	"carekeeper/internal/health"
	"carekeeper/internal/intake"
	"carekeeper/storage"
)

// personWords names people in text output as import's lines and the app's person choices do:
// two people of one name (a mother and daughter) are told apart by birth year, "Ann X (born
// 1950)" (intake.Names). name is what the view calls the person, kept when the vault does not
// know the profile. JSON output keeps the plain name: it has the profile id beside it.
func personWords(v *storage.Vault) func(profile, name string) string {
	ps, err := v.Profiles()
	if err != nil {
		return func(_, name string) string { return name }
	}
	names := intake.Names(ps)
	return func(profile, name string) string {
		if w := names(profile); w != "" {
			name = w
		}
		return health.Fit(name, maxHeadingCols)
	}
}

// maxHeadingCols is the widest a person's name is printed as a heading ('today', 'medicines',
// 'results'), as the app's headings cut it (health.MaxHeadingCols); --json keeps the whole name.
const maxHeadingCols = health.MaxHeadingCols
