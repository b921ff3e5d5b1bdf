package health

import "testing"

// F572: Guðrún weighs herself every morning on her "Withings Body+ (baðherbergisvog)"
// (bathroom scale): the weight-gain card read her 40 weighings, and the card beneath it said
// "No weight reading at home in CareKeeper yet" — Icelandic was not read. Home devices named
// in Icelandic, Danish, Norwegian, Swedish, Finnish, Dutch, Italian and Portuguese read as
// home now; a hospital's or a clinic's device, or a town ending in -heim, still does not.
func TestMeasuredAtHomeInNordicAndOtherWords(t *testing.T) {
	const head = `{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},` +
		`"subject":{"reference":"Patient/g1"},"effectiveDateTime":"2026-12-06T07:10:00Z"`
	for _, c := range []struct {
		device string
		want   bool
	}{
		{"Withings Body+ (baðherbergisvog)", true},
		{"Heimavog Beurer", true},
		{"Blóðþrýstingsmælir til heimanotkunar", true},
		{"Mælt heima", true},
		{"Badevægt Soehnle", true},
		{"Personvekt Eufy", true},
		{"Badrumsvåg", true},
		{"Blodtrycksmätare för hemmabruk", true},
		{"Blodtryksmåler til hjemmebrug", true},
		{"Kylpyhuonevaaka", true},
		{"Verenpainemittari kotikäyttöön", true},
		{"Personenweegschaal", true},
		{"Bloeddrukmeter voor thuisgebruik", true},
		{"Bilancia pesapersone", true},
		{"Sfigmomanometro per uso domestico", true},
		{"Balança de banheiro", true},
		{"Landspítali gjörgæsla, vaktari", false},
		{"Heilsugæsla Miðbæjar vog", false},
		{"Rigshospitalet vægt", false},
		{"Trondheim legevakt vekt", false},
		{"Withings Body+", false},
	} {
		if got := MeasuredAtHome([]byte(head + `,"device":{"display":"` + c.device + `"}}`)); got != c.want {
			t.Errorf("%q: at home %v, want %v", c.device, got, c.want)
		}
	}
	if MeasuredAtHomeRule < 4 {
		t.Errorf("MeasuredAtHomeRule %d: the vaults marked by the rule before these words are not marked again", MeasuredAtHomeRule)
	}
}
