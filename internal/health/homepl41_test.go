package health

import "testing"

// F557 item 4: home readings named in Polish (and German) were no home readings: Stanisław's
// "Pulsoksymetr domowy (napalcowy)" and "Waga łazienkowa", Zofia's "Glukometr Contour Plus
// (domowy)" — the summary said "Home measurements: None entered". Their words read as home now;
// a model alone, or a hospital's town, still does not.
func TestMeasuredAtHomeInPolishAndGerman(t *testing.T) {
	const head = `{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"59408-5"}]},` +
		`"subject":{"reference":"Patient/s1"},"effectiveDateTime":"2026-12-06T07:10:00+01:00"`
	for device, want := range map[string]bool{
		"Pulsoksymetr domowy (napalcowy)":       true,
		"Waga łazienkowa Xiaomi":                true,
		"Glukometr Contour Plus (domowy)":       true,
		"Ciśnieniomierz do użytku domowego":     true,
		"Pomiar w domu, glukometr osobisty":     true,
		"Heim-Blutdruckmessgerät Omron":         true,
		"Personenwaage Soehnle":                 true,
		"Blutzuckermessgerät für zu Hause":      true,
		"Glukometr Accu-Chek":                   false,
		"Szpital Uniwersytecki, monitor OIOM":   false,
		"Klinikum Mannheim Überwachungsmonitor": false,
	} {
		if got := MeasuredAtHome([]byte(head + `,"device":{"display":"` + device + `"}}`)); got != want {
			t.Errorf("%q: at home %v, want %v", device, got, want)
		}
	}
	if MeasuredAtHomeRule < 3 {
		t.Errorf("MeasuredAtHomeRule %d: the vaults marked by the rule before these words are not marked again", MeasuredAtHomeRule)
	}
}
