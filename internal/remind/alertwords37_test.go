package remind

import "testing"

// F495: the caregivers' alert said "Ingrid Schmidt has not taken 05:43 medicines" when all
// CareKeeper knows is that nobody answered; a carer told so may give a second dose of a
// diuretic. It says what is known.
func TestPossessiveOfANameForTheAlert(t *testing.T) {
	for name, want := range map[string]string{"Ingrid Schmidt": "Ingrid Schmidt's", "Dad": "Dad's", "James": "James'", "Someone": "Someone's"} {
		if got := possessive(name); got != want {
			t.Errorf("possessive(%q) = %q, want %q", name, got, want)
		}
	}
}
